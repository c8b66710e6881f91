#!/bin/bash
# Start moto (Amazon S3 and IAM emulator, PyPI) in server mode on 127.0.0.1
# with its IAM authentication ON: requests must be SigV4-signed with the key
# printed here (an IAM user with an allow-all policy), a wrong secret gets
# SignatureDoesNotMatch, an unknown key InvalidAccessKeyId.
#
# Usage: eval "$(start.sh [STATE_DIR])"
# stdout: KIND ENDPOINT PORT REGION ACCESS_KEY IAM_USER SECRETS_FILE
#   STATE_DIR; the secret is only in SECRETS_FILE (0600) as SECRET_KEY.
# What moto does not do like AWS (measured with moto 5.2.5; see README):
#   unsigned requests (presigned URLs, CORS preflights) get HTTP 500 while
#   auth is on; it never answers with region errors (301/400); an Inactive
#   IAM key still works. MOTO_DISABLE_GLOBAL_CORS=1 is set, so bucket CORS
#   rules, not a blanket allow-all, decide what OPTIONS would answer.
# Environment: RDM_S3_PORT, RDM_S3_START_TIMEOUT (default 60 s),
#   RDM_S3_SERVER_TTL, RDM_S3_PYTHON.
set -euo pipefail
TS_KIND=moto
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"

state=""
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) sed -n '2,17p' "$0"; exit 0 ;;
	-*) ts_die "$TS_EXIT_USAGE" "unknown option $1 (see --help)" ;;
	*) state=$1; shift ;;
	esac
done

ts_need curl "apt-get install curl"
port=$(ts_pick_port)
timeout=${RDM_S3_START_TIMEOUT:-60}

out=$("$here/install.sh") || exit $?
eval "$out" # MOTO_PYTHON

D=$(ts_state_init "$state" "$TS_KIND")
if ts_running "$D"; then
	ts_die "$TS_EXIT_USAGE" "a moto server already runs from $D; stop it first (stop.sh $D)"
fi
rm -f "$D/secrets.env" "$D/user.env"
echo 10-moto.pid >"$D/main"

launch() {
	ts_log "starting moto on http://127.0.0.1:$port"
	rm -f "$D/secrets.env" "$D/user.env"
	(
		ts_close_fds
		export INITIAL_NO_AUTH_ACTION_COUNT=3 MOTO_DISABLE_GLOBAL_CORS=1
		unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE
		exec "$MOTO_PYTHON" "$here/run.py" "$D" "$port"
	) </dev/null >>"$D/log/moto.log" 2>&1 &
	echo $! >"$D/pids/10-moto.pid"
}
# Ready once run.py has made the test user's key (and the port answers).
ready() {
	[ -s "$D/user.env" ] && [ -s "$D/secrets.env" ] &&
		[ "$(ts_http_code "http://127.0.0.1:$port/")" != 000 ]
}

T0=$(date +%s)
ts_start_loop moto "$D/log/moto.log" "$timeout" launch ready
ts_log "ready on http://127.0.0.1:$port in $(($(date +%s) - T0)) s"
# shellcheck source=/dev/null
. "$D/user.env"

{
	ts_emit KIND "$TS_KIND"
	ts_emit ENDPOINT "http://127.0.0.1:$port"
	ts_emit PORT "$port"
	ts_emit REGION us-east-1
	ts_emit ACCESS_KEY "$ACCESS_KEY"
	ts_emit IAM_USER "$IAM_USER"
	ts_emit SECRETS_FILE "$D/secrets.env"
	ts_emit STATE_DIR "$D"
} | tee "$D/server.env"
