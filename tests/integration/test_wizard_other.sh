#!/bin/bash
# End-to-end: `rdm-s3 setup` (the wizard, real engine) in tmux (80x24) for
# another server, Ceph RGW (the shared test server): Other S3 chosen, its
# endpoint typed, the key id typed, a wrong secret typed first is refused
# with the diagnosis and nothing written, then the right one is proven and
# the wizard moves on; a new bucket named, Enter to the end; the storage
# checks pass. Bounded retries; nothing asserts how long anything took.
# Needs tmux and Ceph RGW: FAILS without them when CI=true.
. "${top_srcdir:?}/tests/integration/test_setup_lib.sh"

STORAGE_CHECKS=dns,tcp,tls,clock,auth,bucket,region,cors,presign,canary,browser-reach,wiring,client-compat
if ! command -v tmux >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then notok "tmux is not installed (required when CI=true)"
	else skip "the wizard in tmux" "tmux is not installed"; fi
	echo "1..$n"
	exit 0
fi
if ! shared_server ceph; then
	unavailable ceph
	echo "1..$n"
	exit 0
fi
sock="rdm-s3-wizard-other-$$"
tmx() { tmux -L "$sock" -f /dev/null "$@"; }
# A wait ends as soon as the screen shows what it waits for; its bound only
# matters when that never comes. Sanitizer builds on a loaded machine take
# many seconds per screen: RDM_S3_TEST_WAIT seconds per wait (0.25 s polls).
tries=$((${RDM_S3_TEST_WAIT:-180} * 4))
trap 'tmx kill-server >/dev/null 2>&1; cleanup' EXIT
screen() { tmx capture-pane -p -t w 2>/dev/null; }
wait_for() { # DESC REGEX...
	local desc=$1 i re all
	shift
	for i in $(seq 1 "$tries"); do
		all=1
		for re in "$@"; do screen | grep -Eq -- "$re" || { all=0; break; }; done
		[ $all = 1 ] && { ok "$desc"; return 0; }
		sleep 0.25
	done
	notok "$desc"
	screen | sed 's/^/#   /'
	[ -s "$run/w.err" ] && diag "$run/w.err"
	return 1
}

fresh other
snapshot
bucket="wizard-other-$$"
cat >"$run/w.sh" <<SH
#!/bin/sh
cd "$inst" && "$bin" setup 2>"$run/w.err"
echo \$? >"$run/w.exit"
sleep 600
SH
chmod +x "$run/w.sh"
tmx new-session -d -s w -x 80 -y 24 -e "PATH=$PATH" -e "LC_ALL=C" -e "TZ=UTC" \
	-e "RDM_S3_SHIM_LOG=$RDM_S3_SHIM_LOG" -e "RDM_S3_SHIM_INVENIO_DB=$RDM_S3_SHIM_INVENIO_DB" "$run/w.sh"
wait_for "the wizard opens" 'Step 1 of 10'
tmx send-keys -t w Enter Down Down Down
wait_for "Other S3 chosen" '> Other S3'
tmx send-keys -t w Enter
wait_for "the endpoint step" 'Step 3 of 10' 'Endpoint'
tmx send-keys -t w C-u "$ENDPOINT" Enter
wait_for "the credentials step" 'Step 4 of 10' 'Access key id'
tmx send-keys -t w C-u "$ACCESS_KEY" Tab "x$SECRET_KEY" Enter
wait_for "a wrong secret is refused, with the diagnosis and what to do" 'Step 4 of 10' 'refused: .*SignatureDoesNotMatch' 'secret key is wrong' 'Fix: '
is "nothing was written after the refusal" same_as_before
tmx send-keys -t w C-u "$SECRET_KEY" Enter
wait_for "the right secret is proven; on to the bucket with the list" 'Step 5 of 10' 'Buckets these keys see'
tmx send-keys -t w Tab C-u "$bucket" Enter
wait_for "the bucket is looked for, then CORS" 'Step 6 of 10' 'Origins'
tmx send-keys -t w Enter
wait_for "the review" 'Step 7 of 10' "create bucket $bucket" 'Enter apply'
tmx send-keys -t w Enter
wait_for "apply: done" 'Step 8 of 10' 'Done: [0-9]+ files written'
tmx send-keys -t w Enter
wait_for "verify" 'Step 9 of 10' 'OK +auth' 'OK +bucket'
tmx send-keys -t w Enter Enter
for i in $(seq 1 "$tries"); do [ -s "$run/w.exit" ] && break; sleep 0.25; done
is "the wizard ends with exit 0" test "$(cat "$run/w.exit" 2>/dev/null)" = 0
rdm "the storage checks pass after the wizard" 0 check --only "$STORAGE_CHECKS"
if grep -qF -- "$SECRET_KEY" "$run/w.err"; then notok "no secret on stderr"; else ok "no secret on stderr"; fi
rdm "undo: exit 0" 0 undo
is "undo: every file byte-identical" same_as_before
echo "1..$n"
