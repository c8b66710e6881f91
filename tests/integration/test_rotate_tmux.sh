#!/bin/bash
# The rotation walkthrough on a real terminal: `rdm-s3` (the main menu) in
# a detached tmux session of 100x30 (private socket), in a scratch instance
# set up on its own MinIO (the docker shim restarts it). `r` opens
# "Rotate credentials": the key today and the plan; Esc leaves with nothing
# written; `a` re-plans the move to a MinIO user of its own; Enter applies
# it, each step shown, "Rotation done"; back in the menu, q quits and the
# terminal is in its normal mode; the new key works. Bounded waits; nothing
# asserts how long anything took. Needs tmux: skipped without it, FAILS
# when CI=true. (TAP)
. "${top_srcdir:?}/tests/integration/test_setup_lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then notok "tmux is not installed (required when CI=true)"
	else skip "the rotation walkthrough" "tmux is not installed (apt-get install tmux)"; fi
	echo "1..$n"
	exit 0
fi
sock="rdm-s3-rotate-test-$$"
tmx() { tmux -L "$sock" -f /dev/null "$@"; }
# A wait ends as soon as the screen shows what it waits for; its bound only
# matters when that never comes. Sanitizer builds on a loaded machine take
# many seconds per screen: RDM_S3_TEST_WAIT seconds per wait (0.25 s polls).
tries=$((${RDM_S3_TEST_WAIT:-180} * 4))
trap 'tmx kill-server >/dev/null 2>&1; cleanup' EXIT
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
	notok "$desc"
	screen "$s" | sed 's/^/#   /'
	return 1
}
works() {
	printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$1" "$2" >"$run/k.creds"
	chmod 600 "$run/k.creds"
	"$bin" bucket head default --endpoint "$ENDPOINT" --credentials-file "$run/k.creds" >"$run/k.out" 2>&1
}

fresh tmux
if ! own_minio tmux; then
	unavailable minio
	echo "1..$n"
	exit 0
fi
rdm "setup first: exit 0" 0 setup --non-interactive --storage minio --generate --files-location skip
printf '%s\n' "$(secret_in_env MINIO_ROOT_PASSWORD)" >>"$SECRETS"
snapshot

cat >"$run/menu.sh" <<SH
#!/bin/sh
trap : INT
cd "$inst" && "$bin" 2>"$run/menu.err"
echo \$? >"$run/menu.exit"
stty -a >"$run/menu.stty" 2>&1
sleep 600
SH
chmod +x "$run/menu.sh"
tmx new-session -d -s m -x 100 -y 30 -e "PATH=$PATH" -e "RDM_S3_SHIM_LOG=$RDM_S3_SHIM_LOG" \
	-e "RDM_S3_SHIM_MINIO=$RDM_S3_SHIM_MINIO" -e "HOME=$run" -e NO_COLOR=1 "$run/menu.sh"
wait_for m "the menu offers the rotation" 'Rotate credentials +new key, proven, written'
tmx send-keys -t m r
wait_for m "r: the key today and where it is written" 'rotate credentials' 'Key today: rdm-admin' \
	'a new root password, then a restart'
wait_for m "the review says how to go on" 'Enter: rotate' 'a: app on its own MinIO user' 'Esc: back, nothing written'
tmx send-keys -t m Escape
wait_for m "Esc: back in the menu" 'Rotate credentials +new key'
is "Esc: nothing was written" same_as_before
tmx send-keys -t m r
wait_for m "r again: the review" 'Key today: rdm-admin'
tmx send-keys -t m a
wait_for m "a: the move to a MinIO user of its own is planned" 'moves from the root user to a user of its own' \
	'create MinIO user RDMAPP'
tmx send-keys -t m Enter
wait_for m "Enter: each step as it completes, then done" 'done create MinIO user' 'done prove the configuration' \
	'Rotation done' 'Enter or Esc: back to the menu'
tmx send-keys -t m Enter
wait_for m "Enter: back in the menu" 'Rotate credentials +new key'
tmx send-keys -t m q
for i in $(seq 1 "$tries"); do [ -s "$run/menu.stty" ] && break; sleep 0.25; done
is "q: the menu exits 0" test "$(cat "$run/menu.exit" 2>/dev/null)" = 0
is "q: the terminal is back in its normal mode" grep -Eq '(^| )icanon( |$)' "$run/menu.stty"
ak=$(secret_in_env INVENIO_S3_ACCESS_KEY_ID)
sk=$(secret_in_env INVENIO_S3_SECRET_ACCESS_KEY)
printf '%s\n' "$sk" >>"$SECRETS"
expect "the app's key is its own MinIO user now" "$ak" "RDMAPP"
is "the new key works" works "$ak" "$sk"
screen m >>"$ALL"
no_secret_printed
echo "1..$n"
