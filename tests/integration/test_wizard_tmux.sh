#!/bin/bash
# The setup wizard's screens on a real terminal: tests/helpers/fake_wizard
# (the wizard on the fake engine: no server, nothing written) in a detached
# tmux session of 80x24 (private socket). Enter walks every step of a fresh
# MinIO instance to the summary; on another server a wrong secret is
# refused with the diagnosis, then corrected; a resize to 120x40 in the
# middle of a form keeps what was typed; Ctrl-C asks before leaving and
# leaves; each run ends with the terminal in its normal mode (stty shows
# icanon and echo). Bounded retries; nothing asserts how long anything
# took. Needs tmux: skipped without it, FAILS when CI=true.
set -u
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2"; fi; }
finish() { echo "1..$n"; [ "$failed" = 0 ]; exit $?; }
: "${top_builddir:?}" "${RDM_S3_TEST_RUN:?}"
if ! command -v tmux >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then not_ok "tmux is not installed (required when CI=true)"; else
		n=$((n + 1)); echo "ok $n # SKIP tmux is not installed (apt-get install tmux)"; fi
	finish
fi
bin="$top_builddir/tests/helpers/fake_wizard"
run="$RDM_S3_TEST_RUN/wizard-tmux-$$"
sock="rdm-s3-wizard-test-$$"
tmx() { tmux -L "$sock" -f /dev/null "$@"; }
# A wait ends as soon as the screen shows what it waits for; its bound only
# matters when that never comes. Sanitizer builds on a loaded machine take
# many seconds per screen: RDM_S3_TEST_WAIT seconds per wait (0.25 s polls).
tries=$((${RDM_S3_TEST_WAIT:-180} * 4))
trap 'tmx kill-server >/dev/null 2>&1; rm -rf "$run"' EXIT
mkdir -p "$run/demo-repo"

# The wrapper records the exit status and the terminal's mode after it.
wrapper() { # NAME ARGS...
	local name=$1
	shift
	cat >"$run/$name.sh" <<SH
#!/bin/sh
trap : INT
"$bin" "$run/demo-repo" $* 2>"$run/$name.err"
echo \$? >"$run/$name.exit"
stty -a >"$run/$name.stty" 2>&1
sleep 600
SH
	chmod +x "$run/$name.sh"
}
screen() { tmx capture-pane -p -t "$1" 2>/dev/null; }
wait_for() { # SESSION DESC REGEX...
	local s=$1 desc=$2 i re all
	shift 2
	for i in $(seq 1 "$tries"); do
		all=1
		for re in "$@"; do screen "$s" | grep -Eq -- "$re" || { all=0; break; }; done
		[ $all = 1 ] && { ok "$desc"; return 0; }
		sleep 0.25
	done
	not_ok "$desc"
	screen "$s" | sed 's/^/#   /'
	return 1
}
wait_exit() { # NAME DESC WANT
	local i st
	for i in $(seq 1 "$tries"); do
		[ -s "$run/$1.exit" ] && [ -s "$run/$1.stty" ] && break
		sleep 0.25
	done
	st=$(cat "$run/$1.exit" 2>/dev/null)
	[ "$st" = "$3" ]
	check $? "$2 (status '${st:-none}')"
	grep -Eq '(^| )icanon( |$)' "$run/$1.stty" && grep -Eq '(^| )echo( |$)' "$run/$1.stty"
	check $? "$2: the terminal is back in its normal mode"
}

# --- Enter on every step --------------------------------------------------
wrapper enter minio
tmx new-session -d -s enter -x 80 -y 24 "$run/enter.sh"
wait_for enter "step 1 shows what the instance uses" 'Step 1 of 10' 'Today it uses MinIO' 'CHANGE_ME'
for want in 'Step 2 of 10' 'Step 3 of 10' 'Step 4 of 10' 'Step 5 of 10' 'Step 6 of 10'; do
	tmx send-keys -t enter Enter
	wait_for enter "Enter: $want" "$want"
done
tmx send-keys -t enter Enter
wait_for enter "the review shows the files and the server steps" 'Step 7 of 10' 'restart MinIO' \
	'\.env \(new, 0600\)'
screen enter | grep -q 'Gen3rated0Secret' && not_ok "the review masks the secret" || ok "the review masks the secret"
tmx send-keys -t enter Enter
wait_for enter "apply: every step done" 'Step 8 of 10' 'Done: 2 files written'
tmx send-keys -t enter Enter
wait_for enter "verify: the checks" 'Step 9 of 10' 'Everything answers'
tmx send-keys -t enter Enter
wait_for enter "summary: backups and undo" 'Step 10 of 10' 'rdm-s3 undo'
tmx send-keys -t enter Enter
wait_exit enter "Enter on the summary ends the wizard" 0

# --- a wrong secret, then the right one; resize in the form; Ctrl-C ------
wrapper ceph ceph wrong-secret
tmx new-session -d -s ceph -x 80 -y 24 "$run/ceph.sh"
wait_for ceph "another server: step 1" 'Today it uses Other S3'
tmx send-keys -t ceph Enter Enter Enter
wait_for ceph "the credentials step" 'Step 4 of 10' 'Access key id'
tmx send-keys -t ceph Tab wrong-secret Enter
wait_for ceph "a wrong secret is refused with the diagnosis and the fix" 'refused: SignatureDoesNotMatch' \
	'secret is wrong' 'Fix: type the secret again'
tmx send-keys -t ceph C-u ops
tmx resize-window -t ceph -x 120 -y 40 >/dev/null 2>&1
wait_for ceph "after a resize to 120x40 the form is redrawn, what was typed kept" '^ rdm-s3 setup .{80,}Step 4 of 10' \
	'Secret key +\[\*\*\*'
tmx resize-window -t ceph -x 80 -y 24 >/dev/null 2>&1
tmx send-keys -t ceph F2
wait_for ceph "F2 shows the secret while the field has the focus" 'Secret key +\[ops '
tmx send-keys -t ceph C-u right-secret Enter
wait_for ceph "the right secret is proven and the wizard moves on" 'Step 5 of 10' 'Buckets these keys see' 'archive'
tmx send-keys -t ceph C-c
wait_for ceph "Ctrl-C asks before leaving" 'Nothing has been written' 'Leave\? \[y/N\]'
tmx send-keys -t ceph n
wait_for ceph "n stays" 'Step 5 of 10'
tmx send-keys -t ceph C-c y
wait_exit ceph "Ctrl-C, y leaves" 0
[ -z "$(ls -A "$run/demo-repo")" ]
check $? "nothing was written into the instance folder"
finish
