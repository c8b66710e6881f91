#!/bin/bash
# What a rotation costs the app: while `rdm-s3 rotate --non-interactive`
# runs, a client re-reads the instance's configuration (the app's key in
# .env) and makes a signed request (HeadBucket) every 50 ms, as the app
# would after a reload, and counts the requests that fail. On ONE local
# MinIO in ONE run, for the MinIO kinds in the order an operator meets
# them:
#   root       the app on MinIO's root user: new root password + restart
#              (the restart is a gap: measured and reported in seconds)
#   app-user   the app moved to a MinIO user of its own (no restart)
#   user       that user's key rotated (a service account, overlap)
#   user again a service account replacing the other
# The restart goes through tests/servers/shims/docker (it restarts the
# test MinIO from the instance's files, as `docker compose up -d s3` would).
#
# Usage: bench/rotate-downtime.sh [--rdm-s3 PATH] [--keep] [-o FILE]
#   from a build directory (its ./rdm-s3), or --rdm-s3 PATH.
# Output: progress on stderr, a Markdown table on stdout (requests, failed,
# failure ratio, the failed window in seconds). Secrets only in 0600 files.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

rdm=${RDM_S3:-} keep=0 output=""
while [ $# -gt 0 ]; do
	case $1 in
	--rdm-s3) rdm=${2:?--rdm-s3 needs a path}; shift 2 ;;
	--keep) keep=1; shift ;;
	-o | --output) output=${2:?}; shift 2 ;;
	-h | --help) sed -n '2,24p' "$0"; exit 0 ;;
	*) bench_die "$BENCH_EXIT_USAGE" "unknown option $1 (see --help)" ;;
	esac
done
[ -n "$rdm" ] || { [ -x ./rdm-s3 ] && rdm=$PWD/rdm-s3; } || rdm=$top/rdm-s3
[ -x "$rdm" ] || bench_die "$BENCH_EXIT_MISSING" "no rdm-s3 binary: build it, or give --rdm-s3 PATH"
rdm=$(cd "$(dirname "$rdm")" && pwd)/$(basename "$rdm")

scratch=$(mktemp -d "${TMPDIR:-/tmp}/rdm-s3-rotate-bench.XXXXXX")
chmod 700 "$scratch"
state="$scratch/minio"
cleanup() {
	"$top/tests/servers/minio/stop.sh" "$state" >/dev/null 2>&1 || true
	[ "$keep" = 1 ] && bench_log "kept $scratch (secrets in 0600 files)" || rm -rf "$scratch"
}
trap cleanup EXIT INT TERM

inst="$scratch/demo-repo"
cp -R "$top/data/sample-instance" "$inst"
chmod -R u+w "$inst"
bench_log "starting MinIO from the instance's files"
eval "$("$top/tests/servers/minio/start.sh" --instance "$inst" "$state")"
sed -i "s|127.0.0.1}:9000:9000|127.0.0.1}:$PORT:9000|" "$inst/docker-services.yml"
sed -i "s|S3_ENDPOINT_URL='http://localhost:9000/'|S3_ENDPOINT_URL='http://localhost:$PORT/'|" "$inst/invenio.cfg"
export PATH="$top/tests/servers/shims:$PATH" RDM_S3_SHIM_MINIO="$state" RDM_S3_SHIM_LOG="$scratch/shim.log"
export RDM_S3_SHIM_INVENIO_DB="$scratch/locations" GIT_CEILING_DIRECTORIES="$scratch" NO_COLOR=1
(cd "$inst" && "$rdm" setup --non-interactive --storage minio --generate --files-location skip >"$scratch/setup.out" 2>&1) ||
	{ cat "$scratch/setup.out" >&2; bench_die "$BENCH_EXIT_FAILED" "setup failed"; }

# The client: every 50 ms, the key as .env holds it now, one HeadBucket.
# One line per request: "<ms since start> ok|fail".
client() {
	local out=$1 creds="$scratch/client.creds" t0 ak sk
	t0=$(date +%s%3N)
	: >"$creds"
	chmod 600 "$creds"
	while [ ! -e "$scratch/stop" ]; do
		ak=$(sed -n "s/^INVENIO_S3_ACCESS_KEY_ID=//p" "$inst/.env" | tr -d "'\"")
		sk=$(sed -n "s/^INVENIO_S3_SECRET_ACCESS_KEY=//p" "$inst/.env" | tr -d "'\"")
		printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$ak" "$sk" >"$creds"
		if "$rdm" bucket head default --endpoint "$ENDPOINT" --credentials-file "$creds" --timeout 2 \
			>/dev/null 2>&1; then
			echo "$(($(date +%s%3N) - t0)) ok"
		else
			echo "$(($(date +%s%3N) - t0)) fail"
		fi
		sleep 0.05
	done >"$out"
}

# measure NAME ARGS...: rotate with ARGS while the client runs.
rows=""
measure() {
	local name=$1 log="$scratch/$1.client"
	shift
	rm -f "$scratch/stop"
	client "$log" &
	local pid=$!
	sleep 1
	bench_log "$name: rdm-s3 rotate --non-interactive $*"
	if ! (cd "$inst" && "$rdm" rotate --non-interactive "$@" >"$scratch/$name.out" 2>&1); then
		cat "$scratch/$name.out" >&2
		touch "$scratch/stop"
		wait "$pid" || true
		bench_die "$BENCH_EXIT_FAILED" "$name: the rotation failed"
	fi
	sleep 1
	touch "$scratch/stop"
	wait "$pid" || true
	rows="$rows$(awk -v name="$name" '
		{ n++ } $2 == "fail" { f++; if (!first) first = $1; last = $1 }
		END { printf "| %s | %d | %d | %.3f | %.1f |\n", name, n, f, n ? f / n : 0, f ? (last - first) / 1000 : 0 }' "$log")
"
}

measure root
measure app-user --app-user
measure user
measure "user again"

{
	echo "| rotation (MinIO) | requests | failed | failure ratio | failed window (s) |"
	echo "|---|---:|---:|---:|---:|"
	printf '%s' "$rows"
	echo
	echo "A client re-reading .env and signing a HeadBucket every 50 ms during \`rdm-s3 rotate\`;"
	echo "one local MinIO ($(uname -m), $(nproc) cores). The root rotation's window is MinIO's restart."
} | tee "${output:-/dev/null}"
