#!/bin/bash
# Start a local s3rver 3.7.1 (npm) on 127.0.0.1, all state in one dir.
# Fast (about a second) but not a real S3: it checks that the access key
# exists (S3RVER, plus the --instance one) and does NOT verify SigV4
# signatures, so use MinIO or Ceph RGW for anything about signatures.
#
# Usage: eval "$(start.sh [--tls] [--instance DIR] [STATE_DIR])"
#   --tls           HTTPS with a throw-away CA made by openssl; CA_FILE= is
#                   printed (clients verify with it; never "insecure").
#   --instance DIR  also accept MINIO_ROOT_USER / MINIO_ROOT_PASSWORD of
#                   DIR/docker-services.yml as a key pair (demo fallback).
# stdout: KIND ENDPOINT PORT REGION ACCESS_KEY SECRETS_FILE STATE_DIR
#   [CA_FILE]; the secret is only in SECRETS_FILE (0600) as SECRET_KEY.
# Environment: RDM_S3_PORT, RDM_S3_START_TIMEOUT (default 30 s),
#   RDM_S3_SERVER_TTL, RDM_S3_NODE.
set -euo pipefail
TS_KIND=s3rver
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"

tls="" instance="" state=""
while [ $# -gt 0 ]; do
	case $1 in
	--tls) tls=1; shift ;;
	--instance) instance=${2:?--instance needs a directory}; shift 2 ;;
	--instance=*) instance=${1#*=}; shift ;;
	-h | --help) sed -n '2,18p' "$0"; exit 0 ;;
	-*) ts_die "$TS_EXIT_USAGE" "unknown option $1 (see --help)" ;;
	*) state=$1; shift ;;
	esac
done
[ -z "$tls" ] || TS_KIND=s3rver-tls

ts_need curl "apt-get install curl"
port=$(ts_pick_port)
timeout=${RDM_S3_START_TIMEOUT:-30}
node=${RDM_S3_NODE:-node}

user=S3RVER pass=S3RVER
if [ -n "$instance" ]; then
	file=$(ts_instance_file "$instance") ||
		ts_die "$TS_EXIT_USAGE" "no docker-services.yml in instance folder $instance"
	user=$(ts_instance_env "$file" MINIO_ROOT_USER) ||
		ts_die "$TS_EXIT_USAGE" "$file: no MINIO_ROOT_USER in the MinIO (s3) service"
	pass=$(ts_instance_env "$file" MINIO_ROOT_PASSWORD) ||
		ts_die "$TS_EXIT_USAGE" "$file: no MINIO_ROOT_PASSWORD in the MinIO (s3) service"
	ts_log "key pair from $file (S3RVER/S3RVER works too)"
fi

out=$("$here/install.sh") || exit $?
eval "$out" # S3RVER_MODULES

D=$(ts_state_init "$state" "$TS_KIND")
if ts_running "$D"; then
	ts_die "$TS_EXIT_USAGE" "an s3rver already runs from $D; stop it first (stop.sh $D)"
fi
ts_write_secrets "$D/secrets.env" "SECRET_KEY=$pass"
echo 10-s3rver.pid >"$D/main"
scheme=http
tlsargs=()
curlargs=()
if [ -n "$tls" ]; then
	ts_make_tls "$D/tls"
	scheme=https
	tlsargs=("$D/tls/server.key" "$D/tls/server.pem")
	curlargs=(--cacert "$D/tls/ca.pem")
fi

start_s3rver() { # PORT
	(
		ts_close_fds
		export NODE_PATH="$S3RVER_MODULES"
		if [ "$user" != S3RVER ]; then
			export RDM_S3_S3RVER_ACCESS_KEY="$user" RDM_S3_S3RVER_SECRET_KEY="$pass"
		fi
		exec "$node" "$here/run.js" "$D/data" "$1" "${tlsargs[@]}"
	) </dev/null >>"$D/log/s3rver.log" 2>&1 &
	echo $! >"$D/pids/10-s3rver.pid"
}
# Any HTTP answer means it listens (anonymous requests get an S3 error).
ready() { [ "$(ts_http_code "$scheme://127.0.0.1:$port/" "${curlargs[@]}")" != 000 ]; }

launch() {
	ts_log "starting s3rver on $scheme://127.0.0.1:$port"
	start_s3rver "$port"
}

T0=$(date +%s)
ts_start_loop s3rver "$D/log/s3rver.log" "$timeout" launch ready
ts_log "ready on $scheme://127.0.0.1:$port in $(($(date +%s) - T0)) s"

{
	ts_emit KIND "$TS_KIND"
	ts_emit ENDPOINT "$scheme://127.0.0.1:$port"
	ts_emit PORT "$port"
	ts_emit REGION us-east-1
	ts_emit ACCESS_KEY "$user"
	ts_emit SECRETS_FILE "$D/secrets.env"
	ts_emit STATE_DIR "$D"
	[ -z "$tls" ] || ts_emit CA_FILE "$D/tls/ca.pem"
} | tee "$D/server.env"
