#!/bin/bash
# End-to-end: `rdm-s3 dashboard`'s `f` (the built binary, the real engine)
# in a detached tmux session of 80x24 on a scratch copy of the sample
# instance whose own MinIO was started from its CHANGE_ME files
# (tests/integration/test_setup_lib.sh: the docker shim restarts that
# MinIO as compose would). The bucket row is critical (no bucket): f opens
# the fix's review, Enter applies and verifies, back on the dashboard the
# row is OK and the bucket exists. The instance row is critical (CHANGE_ME,
# a secrets file readable by everybody): f replaces the root credentials
# (MinIO restarted with them) and makes the files private; the row is OK.
# Esc on a review and f on a row without a fix change nothing. Screens read
# with `tmux capture-pane`; bounded retries; nothing asserts how long
# anything took. Needs tmux and MinIO: FAILS without them when CI=true.
. "${top_srcdir:?}/tests/integration/test_setup_lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then notok "tmux is not installed (required when CI=true)"
	else skip "the dashboard's fixes in tmux" "tmux is not installed"; fi
	echo "1..$n"
	exit 0
fi
sock="rdm-s3-dash-fix-$$"
tmx() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tmx kill-server >/dev/null 2>&1; cleanup' EXIT

# Bounds of the waits (0.25 s each): generous, for AddressSanitizer builds
# on a loaded machine.
tries=480
screen() { tmx capture-pane -p -t dash 2>/dev/null; }
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
	[ -s "$run/dash.err" ] && diag "$run/dash.err"
	return 1
}
keys() { tmx send-keys -t dash "$@"; sleep 0.3; }

fresh fix
if ! own_minio fix; then
	unavailable minio
	echo "1..$n"
	exit 0
fi
is "MinIO runs with the CHANGE_ME root credentials" minio_accepts CHANGE_ME CHANGE_ME
chmod 644 "$inst/invenio.cfg"

cat >"$run/dash.sh" <<SH
#!/bin/sh
cd "$inst" && "$bin" dashboard --interval 3600 2>"$run/dash.err"
echo \$? >"$run/dash.exit"
sleep 600
SH
chmod +x "$run/dash.sh"
tmx new-session -d -s dash -x 80 -y 24 -e "PATH=$PATH" -e "RDM_S3_SHIM_MINIO=$RDM_S3_SHIM_MINIO" \
	-e "RDM_S3_SHIM_LOG=$RDM_S3_SHIM_LOG" -e "RDM_S3_SHIM_INVENIO_DB=$RDM_S3_SHIM_INVENIO_DB" \
	-e "LC_ALL=C" -e "TZ=UTC" "$run/dash.sh"

wait_for "the first run: the bucket and the instance are critical" '^ bucket +CRIT' '^ instance +CRIT' \
	' last [0-9]'

# --- f on a row without a fix: the reason, nothing opens ---------------------
keys G # minio-image: an INFO rdm-s3 does not fix
keys f
wait_for "f on minio-image says why there is no automatic fix" 'no automatic fix for minio-image'
keys k
wait_for "the next key clears that line" 'f fix'

# --- the missing bucket -------------------------------------------------------
keys g
for i in 1 2 3 4 5 6; do keys j; done # instance dns tcp tls clock auth bucket
keys Enter
wait_for "the bucket row's details offer the fix" 'bucket: Bucket exists' 'press f to create the missing'
keys Escape
keys f
wait_for "f opens the bucket fix's review" 'rdm-s3 fix bucket' 'Step 1 of 4' 'create bucket default' \
	'Enter apply'
keys Escape
wait_for "Esc on the review goes back to the dashboard" 'rdm-s3 dashboard' '^ bucket +CRIT'
minio_accepts CHANGE_ME CHANGE_ME
if grep -q 'default' "$run/list.out"; then notok "no bucket was created by the review"
else ok "no bucket was created by the review"; fi
keys f
wait_for "f again: the review" 'rdm-s3 fix bucket' 'Enter apply'
keys Enter
wait_for "the fix is applied" 'Step 2 of 4' 'create bucket default' 'Enter next'
keys Enter
wait_for "the checks run after it" 'Step 3 of 4' 'The health checks'
keys Enter
wait_for "the summary" 'The fix is applied'
keys Enter
wait_for "back on the dashboard the bucket row is OK" 'rdm-s3 dashboard' '^ bucket +OK'
minio_accepts CHANGE_ME CHANGE_ME
is "bucket default exists on the MinIO" grep -q 'default' "$run/list.out"

# --- the placeholders (and the secrets file readable by everybody) ---------
keys g
keys Enter
wait_for "the instance row's details, and f on the key line" 'instance: Instance configuration' ' f fix '
keys Escape
keys f
wait_for "f opens the instance fix's review" 'rdm-s3 fix instance' 'restart MinIO' 'chmod 600 invenio.cfg' \
	'Enter apply'
keys Enter
wait_for "applied: MinIO restarted with the new credentials" 'Step 2 of 4' 'restart MinIO' 'Enter next'
keys Enter
wait_for "verified" 'Step 3 of 4'
keys Enter
wait_for "the summary" 'The fix is applied'
keys Enter
wait_for "back on the dashboard the instance row is OK" 'rdm-s3 dashboard' '^ instance +OK' '^ auth +OK' \
	'^ bucket +OK'
if grep -Eq 'MINIO_ROOT_(USER|PASSWORD): *CHANGE_ME' "$inst/docker-services.yml" ||
	grep -Eq "^S3_(ACCESS_KEY_ID|SECRET_ACCESS_KEY) *= *'CHANGE_ME'" "$inst/invenio.cfg"; then
	notok "MinIO's root user and password and the app's keys are no longer CHANGE_ME"
else
	ok "MinIO's root user and password and the app's keys are no longer CHANGE_ME"
fi
is "invenio.cfg is private now" test "$(stat -c %a "$inst/invenio.cfg")" = 600
if minio_accepts CHANGE_ME CHANGE_ME; then notok "MinIO no longer takes CHANGE_ME"; else ok "MinIO no longer takes CHANGE_ME"; fi
user=$(sed -n 's/^ *MINIO_ROOT_USER: *//p' "$inst/docker-services.yml" | tr -d "'\"")
pass=
[ -f "$inst/.env" ] && pass=$(secret_in_env INVENIO_S3_SECRET_ACCESS_KEY)
[ -n "$pass" ] || pass=$(sed -n 's/^ *MINIO_ROOT_PASSWORD: *//p' "$inst/docker-services.yml" | tr -d "'\"")
printf '%s\n' "$pass" >>"$SECRETS"
is "MinIO takes the new root credentials ($user)" minio_accepts "$user" "$pass"

# --- q; no secret on the screen or stderr --------------------------------------
screen >"$run/last-screen"
keys q
for i in $(seq 1 "$tries"); do
	[ -s "$run/dash.exit" ] && break
	sleep 0.25
done
is "q quits with status 0" test "$(cat "$run/dash.exit" 2>/dev/null)" = 0
if grep -qE 'ERROR: (Leak|Address)Sanitizer|runtime error:' "$run/dash.err"; then
	notok "no sanitizer report"
	diag "$run/dash.err"
else
	ok "no sanitizer report"
fi
if [ -n "$pass" ] && grep -qF -- "$pass" "$run/last-screen" "$run/dash.err"; then
	notok "the new password is never shown"
else
	ok "the new password is never shown"
fi
echo "1..$n"
