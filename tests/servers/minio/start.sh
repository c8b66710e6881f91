#!/bin/bash
# Start a local MinIO on 127.0.0.1, the way InvenioRDM's `s3` container runs
# it (`minio server /data --console-address :9001`), with all state in one dir.
#
# Usage: eval "$(start.sh [--instance DIR] [STATE_DIR])"
#   --instance DIR  take MINIO_ROOT_USER / MINIO_ROOT_PASSWORD (and
#                   MINIO_API_CORS_ALLOW_ORIGIN) from DIR/docker-services.yml,
#                   as `invenio-cli services start` would (${VAR} taken
#                   from the environment, then DIR/.env, as docker compose
#                   does); else random ones.
#   STATE_DIR       default: a new mktemp -d /tmp/rdm-s3-minio.XXXXXX; an
#                   existing state dir keeps its data (a "restart").
# stdout: KIND ENDPOINT PORT REGION ACCESS_KEY SECRETS_FILE STATE_DIR
#   CONSOLE_ENDPOINT; the root password is only in SECRETS_FILE (0600) as
#   SECRET_KEY. Stop with: stop.sh "$STATE_DIR".
# Environment: RDM_S3_PORT (force the API port), MINIO_API_CORS_ALLOW_ORIGIN
#   (passed on; wins over the instance's), RDM_S3_START_TIMEOUT (default 60 s),
#   RDM_S3_SERVER_TTL (watchdog, default 1800 s unused), RDM_S3_MINIO_BIN.
set -euo pipefail
TS_KIND=minio
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"

instance="" state=""
while [ $# -gt 0 ]; do
	case $1 in
	--instance) instance=${2:?--instance needs a directory}; shift 2 ;;
	--instance=*) instance=${1#*=}; shift ;;
	-h | --help) sed -n '2,20p' "$0"; exit 0 ;;
	-*) ts_die "$TS_EXIT_USAGE" "unknown option $1 (see --help)" ;;
	*) state=$1; shift ;;
	esac
done

ts_need curl "apt-get install curl"
port=$(ts_pick_port)
timeout=${RDM_S3_START_TIMEOUT:-60}

cors=""
if [ -n "$instance" ]; then
	file=$(ts_instance_file "$instance") ||
		ts_die "$TS_EXIT_USAGE" "no docker-services.yml in instance folder $instance"
	user=$(ts_instance_env "$file" MINIO_ROOT_USER) ||
		ts_die "$TS_EXIT_USAGE" "$file: no MINIO_ROOT_USER in the environment of the MinIO (s3) service"
	pass=$(ts_instance_env "$file" MINIO_ROOT_PASSWORD) ||
		ts_die "$TS_EXIT_USAGE" "$file: no MINIO_ROOT_PASSWORD in the environment of the MinIO (s3) service"
	cors=$(ts_instance_env "$file" MINIO_API_CORS_ALLOW_ORIGIN || true)
	# ${VAR} references: the shell's environment, then the instance's .env,
	# as docker compose resolves them
	user=$(ts_compose_resolve "$user" "$instance")
	pass=$(ts_compose_resolve "$pass" "$instance")
	cors=$(ts_compose_resolve "$cors" "$instance")
	# MinIO itself refuses these; say so before starting it.
	[ "${#user}" -ge 3 ] || ts_die "$TS_EXIT_USAGE" "$file: MINIO_ROOT_USER must have at least 3 characters (MinIO refuses shorter ones)"
	[ "${#pass}" -ge 8 ] || ts_die "$TS_EXIT_USAGE" "$file: MINIO_ROOT_PASSWORD must have at least 8 characters (MinIO refuses shorter ones)"
	ts_log "root credentials from $file"
else
	user="rdm$(ts_rand 17 'A-Z0-9')"
	pass=$(ts_rand 40 'A-Za-z0-9')
fi
[ -z "${MINIO_API_CORS_ALLOW_ORIGIN:-}" ] || cors=$MINIO_API_CORS_ALLOW_ORIGIN

out=$("$here/install.sh") || exit $?
eval "$out" # MINIO_BIN

D=$(ts_state_init "$state" minio)
if ts_running "$D"; then
	ts_die "$TS_EXIT_USAGE" "a MinIO already runs from $D; stop it first (stop.sh $D)"
fi
mkdir -p "$D/data"
ts_write_secrets "$D/secrets.env" "SECRET_KEY=$pass"
echo 10-minio.pid >"$D/main"

start_minio() { # API-PORT CONSOLE-PORT
	# Credentials go through the environment only (never argv); nothing else
	# named MINIO_* leaks in from the caller.
	(
		ts_close_fds
		for v in $(compgen -e | grep '^MINIO_' || true); do unset "$v"; done
		export MINIO_ROOT_USER="$user" MINIO_ROOT_PASSWORD="$pass" MINIO_UPDATE=off
		[ -z "$cors" ] || export MINIO_API_CORS_ALLOW_ORIGIN="$cors"
		exec "$MINIO_BIN" server "$D/data" --address "127.0.0.1:$1" \
			--console-address "127.0.0.1:$2"
	) </dev/null >>"$D/log/minio.log" 2>&1 &
	echo $! >"$D/pids/10-minio.pid"
}
ready() { [ "$(ts_http_code "http://127.0.0.1:$port/minio/health/ready")" = 200 ]; }

launch() {
	console=$(ts_free_port)
	[ "$console" != "$port" ] || console=$(ts_free_port)
	ts_log "starting $MINIO_BIN on 127.0.0.1:$port (console :$console)"
	start_minio "$port" "$console"
}

T0=$(date +%s)
ts_start_loop MinIO "$D/log/minio.log" "$timeout" launch ready
ts_log "ready on http://127.0.0.1:$port in $(($(date +%s) - T0)) s"

{
	ts_emit KIND minio
	ts_emit ENDPOINT "http://127.0.0.1:$port"
	ts_emit PORT "$port"
	ts_emit REGION us-east-1
	ts_emit ACCESS_KEY "$user"
	ts_emit SECRETS_FILE "$D/secrets.env"
	ts_emit STATE_DIR "$D"
	ts_emit CONSOLE_ENDPOINT "http://127.0.0.1:$console"
} | tee "$D/server.env"
