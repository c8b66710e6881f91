#!/bin/bash
# End-to-end: the built `rdm-s3 dashboard` in a detached tmux session of
# 80x24 (private tmux socket), on an instance folder pointing at an s3rver
# this test starts itself on a fixed port. Reads the screen with
# `tmux capture-pane -p`: the checks come up ok; the server is stopped and
# tcp turns critical with the S3 checks skipped; the server is restarted on
# the same port and the rows recover; Enter, ? and a resize to 120x40 work;
# q ends the process with status 0, SIGTERM with 143. Every wait is a bounded number of
# retries; nothing asserts how long anything took.
# Needs tmux (and node for s3rver): skipped without them, FAILS when CI=true.
set -u

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2"; fi; }
finish() { echo "1..$n"; [ "$failed" = 0 ]; exit $?; }
unavailable() { # WHAT
	if [ "${CI:-}" = true ]; then
		not_ok "$1 (required when CI=true)"
	else
		n=$((n + 1))
		echo "ok $n # SKIP $1"
	fi
	finish
}

: "${top_srcdir:?}" "${top_builddir:?}" "${RDM_S3_TEST_RUN:?}"
bin="$top_builddir/rdm-s3"
servers="$top_srcdir/tests/servers"
command -v tmux >/dev/null 2>&1 || unavailable "tmux is not installed (apt-get install tmux)"

run="$RDM_S3_TEST_RUN/dashboard-tmux-$$"
state="$run/s3rver"
inst="$run/instance"
sock="rdm-s3-dash-test-$$"
tmx() { tmux -L "$sock" -f /dev/null "$@"; }
# A wait ends as soon as the screen shows what it waits for; its bound only
# matters when that never comes. Sanitizer builds on a loaded machine take
# many seconds per screen: RDM_S3_TEST_WAIT seconds per wait (0.25 s polls).
tries=$((${RDM_S3_TEST_WAIT:-180} * 4))
cleanup() {
	tmx kill-server >/dev/null 2>&1
	[ -d "$state" ] && "$servers/s3rver/stop.sh" "$state" >/dev/null 2>&1
	rm -rf "$run"
}
trap cleanup EXIT
mkdir -p "$run"

# --- our own server, restartable on the same port ------------------------
out=$("$servers/s3rver/start.sh" "$state" 2>"$run/start.err")
rc=$?
if [ $rc = 2 ]; then
	unavailable "s3rver cannot be installed: $(tail -n 1 "$run/start.err")"
fi
[ $rc = 0 ] || { not_ok "s3rver starts: $(tail -n 3 "$run/start.err")"; finish; }
eval "$out" # ENDPOINT PORT ACCESS_KEY SECRETS_FILE ...
. "$SECRETS_FILE"
ok "s3rver started on port $PORT"

# --- an instance folder that uses it --------------------------------------
mkdir -p "$inst"
printf '[cli]\nflavour = RDM\n\n[cookiecutter]\nfile_storage = S3\n' >"$inst/.invenio"
cat >"$inst/invenio.cfg" <<EOF
SITE_UI_URL = 'https://127.0.0.1'
FILES_REST_STORAGE_FACTORY = 'invenio_s3.s3fs_storage_factory'
S3_ENDPOINT_URL = '$ENDPOINT/'
S3_ACCESS_KEY_ID = '$ACCESS_KEY'
EOF
(umask 077 && printf 'INVENIO_S3_SECRET_ACCESS_KEY=%s\n' "$SECRET_KEY" >"$inst/.env")
"$bin" --instance "$inst" bucket create default >"$run/bucket.out" 2>&1
check $? "bucket 'default' created for the instance"
# CORS as the setup wizard writes it, so that no check is critical.
printf '%s\n' '[{"AllowedOrigins": ["https://127.0.0.1"], "AllowedMethods": ["GET", "HEAD", "PUT"],' \
	'"AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"]}]' |
	"$bin" --instance "$inst" cors set default - >"$run/cors.out" 2>&1
check $? "CORS rules set on the bucket"

# --- the dashboard in tmux --------------------------------------------------
# The wrapper records the exit status; TERM inside tmux is "screen".
# --timeout is a bound for a server that answers (a stopped one refuses
# at once): generous, so that a slow build never turns a check red.
cat >"$run/dash.sh" <<EOF
#!/bin/sh
"$bin" --instance "$inst" dashboard -i 2 --timeout 30 2>"$run/dash.err"
echo \$? >"$run/exit"
EOF
chmod +x "$run/dash.sh"
tmx new-session -d -s dash -x 80 -y 24 "$run/dash.sh"
check $? "tmux session of 80x24 started"

screen() { tmx capture-pane -p -t dash 2>/dev/null; }
# Bounds of the waits below (0.25 s each): generous, for AddressSanitizer
# builds on a loaded machine; nothing asserts how long anything took.
tries=480
# wait_for DESC REGEX...: every regex matches the screen (bounded retries).
wait_for() {
	local desc=$1 i re all
	shift
	for i in $(seq 1 "$tries"); do
		all=1
		for re in "$@"; do
			screen | grep -Eq -- "$re" || { all=0; break; }
		done
		[ $all = 1 ] && { ok "$desc"; return 0; }
		sleep 0.25
	done
	not_ok "$desc"
	echo "# screen was:"
	screen | sed 's/^/#   /'
	[ -s "$run/dash.err" ] && sed 's/^/# stderr: /' "$run/dash.err"
	return 1
}
wait_gone() { # DESC REGEX
	local i
	for i in $(seq 1 "$tries"); do
		screen | grep -Eq -- "$2" || { ok "$1"; return 0; }
		sleep 0.25
	done
	not_ok "$1"
	screen | sed 's/^/#   /'
	return 1
}

wait_for "the dashboard shows the instance" "rdm-s3 dashboard: .*instance"
wait_for "first run: connection checks ok" '^ tcp +OK' '^ auth +OK' '^ bucket +OK'
wait_for "first run: canary put/get/delete ok" '^ canary +OK'
wait_gone "first run: nothing critical" '^ [a-z-]+ +CRIT'
lines=$(screen | wc -l)
[ "$lines" = 24 ]
check $? "the screen is 24 lines (got $lines)"
screen | grep -Eq '^ CHECK +STATUS +LATENCY +HISTORY'
check $? "column heads at 80 columns"

# --- the server goes away ----------------------------------------------------
"$servers/s3rver/stop.sh" "$state" --keep >/dev/null 2>&1
check $? "s3rver stopped"
tmx send-keys -t dash r
wait_for "server down: tcp is critical" '^ tcp +CRIT'
wait_for "server down: the S3 checks are skipped" '^ auth +SKIPPED' '^ canary +SKIPPED'
screen | grep -Eq 'CRIT *$' && ok "server down: the title bar says CRIT" ||
	not_ok "server down: the title bar says CRIT"

# --- and comes back on the same port ------------------------------------------
out=$(RDM_S3_PORT=$PORT "$servers/s3rver/start.sh" "$state" 2>"$run/restart.err")
check $? "s3rver restarted on port $PORT"
wait_for "server back: tcp recovers" '^ tcp +OK'
# At once, while the outage is still within the sparkline's window (10 runs
# at 80 columns, one every 2 s): waiting for the S3 checks first can, on a
# loaded machine, let the x scroll out of the window.
if screen | grep -Eq '^ tcp +OK .*x'; then
	ok "server back: the tcp sparkline keeps the outage"
else
	not_ok "server back: the tcp sparkline keeps the outage"
	screen | sed 's/^/#   /'
fi
wait_for "server back: the S3 checks recover" '^ auth +OK' '^ canary +OK'

# --- keys ------------------------------------------------------------------------
tmx send-keys -t dash j j Enter
# The rule is ACS line drawing, which capture-pane shows as 'q' (or '-').
wait_for "Enter opens the detail pane of the selected check (tcp)" '^.. tcp: TCP'
tmx send-keys -t dash Escape
wait_gone "Esc closes it" '^.. tcp: TCP'
tmx send-keys -t dash '?'
wait_for "? opens the help" 'this help'
tmx send-keys -t dash x
wait_gone "any key closes the help" 'this help'
tmx send-keys -t dash p
wait_for "p pauses" 'PAUSED'
tmx send-keys -t dash p
wait_gone "p resumes" 'PAUSED'

# --- resize --------------------------------------------------------------------------
tmx resize-window -t dash -x 120 -y 40 >/dev/null 2>&1
wait_for "after a resize to 120x40 the title bar spans 120 columns" '^ rdm-s3 dashboard: .{90,}'
lines=$(screen | wc -l)
[ "$lines" = 40 ]
check $? "the screen is 40 lines after the resize (got $lines)"

# --- q ------------------------------------------------------------------------------
tmx send-keys -t dash q
for i in $(seq 1 "$tries"); do
	[ -s "$run/exit" ] && break
	sleep 0.25
done
status=$(cat "$run/exit" 2>/dev/null)
[ "$status" = 0 ]
check $? "q quits with status 0 (got '${status:-none}')"
[ ! -s "$run/dash.err" ]
check $? "nothing on stderr ($(head -c 200 "$run/dash.err" 2>/dev/null))"

# --- SIGTERM: a clean exit with status 128+15 ----------------------------------
rm -f "$run/exit"
tmx new-session -d -s term -x 80 -y 24 "$run/dash.sh"
for i in $(seq 1 "$tries"); do
	tmx capture-pane -p -t term 2>/dev/null | grep -q ' last [0-9]' && break
	sleep 0.25
done
shell_pid=$(tmx display-message -p -t term '#{pane_pid}')
dash_pid=$(pgrep -P "$shell_pid" 2>/dev/null | head -n 1)
if [ -n "$dash_pid" ] && kill -TERM "$dash_pid"; then
	for i in $(seq 1 "$tries"); do
		[ -s "$run/exit" ] && break
		sleep 0.25
	done
	status=$(cat "$run/exit" 2>/dev/null)
	[ "$status" = 143 ]
	check $? "SIGTERM ends the dashboard with status 143 (got '${status:-none}')"
else
	not_ok "SIGTERM ends the dashboard (no dashboard process under pane $shell_pid)"
fi
finish
