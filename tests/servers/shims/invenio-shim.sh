#!/bin/bash
# `pipenv run invenio ...` and `uv run --no-sync invenio ...` for the tests
# of `rdm-s3 setup` (./pipenv and ./uv call it with their name first):
# records its argv in $RDM_S3_SHIM_LOG and answers the files-location
# commands as invenio-files-rest's cli does (shared FACTS.md §3), keeping the
# locations in $RDM_S3_SHIM_INVENIO_DB (one "NAME URI DEFAULT" line each):
#   create NAME URI [--default]  existing NAME: "Location NAME (uri: URI
#                                default: BOOL) already exists", nothing
#                                changed; else stored ("... stored in
#                                database"), the old default unset
#   list                         "NAME URI as default BOOL" per location
set -euo pipefail
me=${1:?usage: invenio-shim.sh pipenv|uv ARGS...}
shift
[ -z "${RDM_S3_SHIM_LOG:-}" ] || printf '%s %s\n' "$me" "$*" >>"$RDM_S3_SHIM_LOG"
case "$me $*" in
"pipenv run invenio "* ) shift 2 ;;
"uv run --no-sync invenio "*) shift 3 ;;
*) echo "$me (test shim): only '$me run invenio ...' is known" >&2; exit 2 ;;
esac
db=${RDM_S3_SHIM_INVENIO_DB:?the invenio shim needs RDM_S3_SHIM_INVENIO_DB}
touch "$db"
[ "${1:-} ${2:-}" = "files location" ] || { echo "invenio (test shim): unknown command: $*" >&2; exit 2; }
shift 2
cmd=${1:-}
case $cmd in
create)
	name=${2:?} uri=${3:?} dflt=False
	[ "${4:-}" = --default ] && dflt=True
	if line=$(awk -v n="$name" '$1 == n' "$db") && [ -n "$line" ]; then
		set -- $line
		echo "Location $1 (uri: $2 default: $3) already exists"
		exit 0
	fi
	if [ "$dflt" = True ]; then
		awk '{ print $1, $2, "False" }' "$db" >"$db.tmp" && mv "$db.tmp" "$db"
	fi
	echo "$name $uri $dflt" >>"$db"
	echo "Location $name $uri as default $dflt stored in database"
	;;
list)
	awk '{ print $1, $2, "as default", $3 }' "$db"
	;;
*)
	echo "invenio (test shim): unknown files location command: $cmd" >&2
	exit 2
	;;
esac
