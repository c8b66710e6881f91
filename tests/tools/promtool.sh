#!/bin/bash
# promtool.sh: print the path of a promtool (Prometheus' checker of the text
# exposition format), installing it once when there is none.
#
# promtool is in Debian's `prometheus` package, whose installation also
# enables and starts a Prometheus server: more than a test tool should do
# to a developer's machine. So unless `promtool` is already on PATH, the
# package is fetched with `apt-get download` (Debian's own archive, no
# installation, no maintainer scripts) and only its promtool is unpacked
# into ~/.cache/rdm-s3/promtool-VERSION/ (RDM_S3_CACHE overrides the folder).
# Exit 0 with the path on stdout; 2 when it cannot be had (the message says
# why). Progress and errors go to stderr.
set -euo pipefail
cache="${RDM_S3_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rdm-s3}"
die() { printf 'promtool.sh: %s\n' "$*" >&2; exit 2; }

if command -v promtool >/dev/null 2>&1; then
	command -v promtool
	exit 0
fi
for p in "$cache"/promtool-*/promtool; do
	[ -x "$p" ] && { echo "$p"; exit 0; }
done
command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 ||
	die "no promtool, and no apt-get/dpkg-deb to fetch Debian's: install Prometheus' promtool"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rdm-s3-promtool.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp" # apt's download sandbox user must be able to write there
download() { (cd "$tmp" && apt-get download -q prometheus) >"$tmp/log" 2>&1; }
if ! download; then
	# stale package lists: update them once (as root, or with sudo)
	sudo=()
	[ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
	printf 'promtool.sh: updating the package lists (apt-get update)\n' >&2
	"${sudo[@]}" apt-get update -qq >>"$tmp/log" 2>&1 || true
	download || { tail -n 5 "$tmp/log" >&2; die "apt-get download prometheus failed"; }
fi
deb=$(ls "$tmp"/prometheus_*.deb)
version=$(dpkg-deb -f "$deb" Version)
dest="$cache/promtool-$version"
mkdir -p "$dest"
printf 'promtool.sh: unpacking promtool of Debian'"'"'s prometheus %s into %s\n' "$version" "$dest" >&2
dpkg-deb --fsys-tarfile "$deb" | tar -x -O ./usr/bin/promtool >"$dest/promtool.tmp" ||
	die "no ./usr/bin/promtool in $deb"
chmod 755 "$dest/promtool.tmp"
"$dest/promtool.tmp" --version >/dev/null 2>&1 || die "the unpacked promtool does not run"
mv "$dest/promtool.tmp" "$dest/promtool"
echo "$dest/promtool"
