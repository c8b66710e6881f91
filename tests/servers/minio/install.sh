#!/bin/bash
# Build the pinned MinIO once with `go install` into the cache
# (~/.cache/rdm-s3/minio-20260212/minio) and print MINIO_BIN=<path>.
# Progress goes to stderr; the full build log stays in the cache.
# Exit 0 ok, 2 Go missing/too old or the build failed (a clear note says why).
#
# Environment: RDM_S3_MINIO_BIN (use this binary, build nothing),
#   RDM_S3_GO (the go command), RDM_S3_CACHE, RDM_S3_MINIO_LDFLAGS (extra
#   -ldflags, e.g. -checklinkname=0 for old releases on new Go),
#   RDM_S3_MINIO_BUILD_TIMEOUT (seconds, default 3600).
set -euo pipefail
TS_KIND=minio
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"

# The pin. InvenioRDM v13 ships RELEASE.2022-10-24T18-35-07Z, but the module
# proxy here answers "403 This module version is not available" for it (and
# for v0.0.0-20221026063237-8dd3c41b2a7d); this is MinIO master of
# 2026-02-12, what `go list -m github.com/minio/minio@latest` gives. See
# README for the behaviour differences that matter to rdm-s3.
MINIO_MODULE=github.com/minio/minio
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
MINIO_TAG=minio-20260212
GO_MIN_MAJOR=1
GO_MIN_MINOR=24 # `go 1.24.0` in its go.mod

if [ -n "${RDM_S3_MINIO_BIN:-}" ]; then
	[ -f "$RDM_S3_MINIO_BIN" ] && [ -x "$RDM_S3_MINIO_BIN" ] ||
		ts_die "$TS_EXIT_MISSING" "RDM_S3_MINIO_BIN=$RDM_S3_MINIO_BIN is not an executable file"
	ts_emit MINIO_BIN "$RDM_S3_MINIO_BIN"
	exit 0
fi

dir="$RDM_S3_CACHE/$MINIO_TAG"
bin="$dir/minio"
if [ -x "$bin" ]; then
	ts_emit MINIO_BIN "$bin"
	exit 0
fi

go=${RDM_S3_GO:-go}
command -v "$go" >/dev/null 2>&1 ||
	ts_die "$TS_EXIT_MISSING" "'$go' not found: MinIO is built from source with 'go install' and needs Go >= $GO_MIN_MAJOR.$GO_MIN_MINOR (Debian 12's golang-go is 1.19, too old: install Go >= $GO_MIN_MAJOR.$GO_MIN_MINOR, e.g. from bookworm-backports, and put it on PATH)"
gover=$(GOTOOLCHAIN=local "$go" env GOVERSION 2>/dev/null || true)
major=$(printf '%s' "$gover" | sed -n 's/^go\([0-9]*\)\.\([0-9]*\).*/\1/p')
minor=$(printf '%s' "$gover" | sed -n 's/^go\([0-9]*\)\.\([0-9]*\).*/\2/p')
if [ -z "$major" ] || [ "$major" -lt "$GO_MIN_MAJOR" ] ||
	{ [ "$major" -eq "$GO_MIN_MAJOR" ] && [ "$minor" -lt "$GO_MIN_MINOR" ]; }; then
	ts_die "$TS_EXIT_MISSING" "'$go' is ${gover:-of unknown version}; MinIO $MINIO_VERSION needs Go >= $GO_MIN_MAJOR.$GO_MIN_MINOR"
fi

mkdir -p "$RDM_S3_CACHE"
exec 8>"$RDM_S3_CACHE/$MINIO_TAG.lock"
if ! flock -n 8; then
	ts_log "another process is building MinIO; waiting for it"
	flock -w "${RDM_S3_MINIO_BUILD_TIMEOUT:-3600}" 8 ||
		ts_die "$TS_EXIT_MISSING" "gave up waiting for the other MinIO build (lock $RDM_S3_CACHE/$MINIO_TAG.lock)"
fi
if [ -x "$bin" ]; then # built by the other process meanwhile
	ts_emit MINIO_BIN "$bin"
	exit 0
fi

log="$RDM_S3_CACHE/$MINIO_TAG.build.log"
tmp=$(mktemp -d "$RDM_S3_CACHE/$MINIO_TAG.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
ldflags=()
[ -z "${RDM_S3_MINIO_LDFLAGS:-}" ] || ldflags=(-ldflags="$RDM_S3_MINIO_LDFLAGS")
ts_log "building MinIO $MINIO_VERSION with $gover into $dir"
ts_log "first time only: downloads ~250 modules and compiles ~1500 packages (about 5 min on 2 cores); full log: $log"
set +e
# GOTOOLCHAIN=local: never fetch another Go toolchain; fail clearly instead.
GOTOOLCHAIN=local GOBIN="$tmp" timeout "${RDM_S3_MINIO_BUILD_TIMEOUT:-3600}" \
	"$go" install -v "${ldflags[@]}" "$MINIO_MODULE@$MINIO_VERSION" 2>&1 |
	tee "$log" |
	awk -v tag="[minio $(date +%T)]" '
	/^go: downloading/ { d++; if (d % 50 == 1) { printf "%s downloading modules: %d\n", tag, d > "/dev/stderr"; fflush("/dev/stderr") } next }
	{ b++; if (b % 200 == 0) { printf "%s compiled %d packages\n", tag, b > "/dev/stderr"; fflush("/dev/stderr") } }'
rc=${PIPESTATUS[0]}
set -e
if [ "$rc" -ne 0 ] || [ ! -x "$tmp/minio" ]; then
	ts_log_tail "$log"
	cat >&2 <<NOTE
[minio] NOTE: MinIO $MINIO_VERSION could not be built with $gover (exit $rc).
[minio]   command: GOBIN=$dir go install $MINIO_MODULE@$MINIO_VERSION
[minio]   full log: $log
[minio]   Tests that need MinIO are skipped (and fail under CI=true); Ceph RGW
[minio]   still runs the signature tests, s3rver the fast ones. If the error
[minio]   mentions go:linkname, retry with RDM_S3_MINIO_LDFLAGS=-checklinkname=0.
NOTE
	exit "$TS_EXIT_MISSING"
fi
mkdir -p "$dir"
mv -f "$tmp/minio" "$bin.tmp"
mv -f "$bin.tmp" "$bin"
ts_log "MinIO built: $bin"
ts_emit MINIO_BIN "$bin"
