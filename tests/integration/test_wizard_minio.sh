#!/bin/bash
# End-to-end: `rdm-s3 setup` (the wizard, the built binary, the real
# engine) in a detached tmux session of 80x24 on a scratch copy of the
# sample instance whose own MinIO was started from its CHANGE_ME files
# (tests/integration/test_setup_lib.sh: the docker and pipenv shims stand
# in for compose and invenio). Enter on every screen ends at a verified
# setup and `rdm-s3 check` exits 0; Ctrl-C at each step before Apply leaves
# every file byte-identical and MinIO untouched (no bucket, CHANGE_ME still
# accepted). Screens read with `tmux capture-pane`; bounded retries;
# nothing asserts how long anything took. Needs tmux (and MinIO): FAILS
# without them when CI=true.
. "${top_srcdir:?}/tests/integration/test_setup_lib.sh"

if ! command -v tmux >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then notok "tmux is not installed (required when CI=true)"
	else skip "the wizard in tmux" "tmux is not installed"; fi
	echo "1..$n"
	exit 0
fi
sock="rdm-s3-wizard-minio-$$"
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
	[ -s "$run/$s.err" ] && diag "$run/$s.err"
	return 1
}
# start SESSION: the wizard in $inst, under the test's PATH and shims.
start() {
	cat >"$run/$1.sh" <<SH
#!/bin/sh
cd "$inst" && "$bin" setup 2>"$run/$1.err"
echo \$? >"$run/$1.exit"
sleep 600
SH
	chmod +x "$run/$1.sh"
	rm -f "$run/$1.exit"
	tmx new-session -d -s "$1" -x 80 -y 24 -e "PATH=$PATH" -e "RDM_S3_SHIM_MINIO=$RDM_S3_SHIM_MINIO" \
		-e "RDM_S3_SHIM_LOG=$RDM_S3_SHIM_LOG" -e "RDM_S3_SHIM_INVENIO_DB=$RDM_S3_SHIM_INVENIO_DB" \
		-e "LC_ALL=C" -e "TZ=UTC" "$run/$1.sh"
}
# until_screen SESSION REGEX / until_gone SESSION REGEX: quiet waits
# (bounded as above) for the screen to show, or no longer show, REGEX.
until_screen() {
	local i
	for i in $(seq 1 "$tries"); do
		screen "$1" | grep -Eq -- "$2" && return 0
		sleep 0.25
	done
	return 1
}
until_gone() {
	local i
	for i in $(seq 1 "$tries"); do
		screen "$1" | grep -Eq -- "$2" || return 0
		sleep 0.25
	done
	return 1
}
exit_of() { # SESSION: its exit status (bounded wait)
	local i
	for i in $(seq 1 "$tries"); do
		[ -s "$run/$1.exit" ] && { cat "$run/$1.exit"; return; }
		sleep 0.25
	done
	echo none
}

# --- a cancel at each step before Apply changes nothing ---------------------
fresh cancel
if ! own_minio cancel; then
	unavailable minio
	echo "1..$n"
	exit 0
fi
snapshot
steps=("Step 1 of 10" "Step 2 of 10" "Step 3 of 10" "Step 4 of 10" "Step 5 of 10" "Step 6 of 10" \
	"Step 7 of 10")
for k in "${!steps[@]}"; do
	start "c$k"
	wait_for "c$k" "cancel test $((k + 1)): the wizard opens" 'Step 1 of 10' 'Today it uses MinIO'
	for ((j = 0; j < k; j++)); do
		tmx send-keys -t "c$k" Enter
		until_screen "c$k" "Step $((j + 2)) of 10"
	done
	wait_for "c$k" "cancel test $((k + 1)): at ${steps[$k]}" "${steps[$k]}"
	[ "$k" = 6 ] && wait_for "c$k" "the review is ready" 'Enter apply'
	tmx send-keys -t "c$k" C-c
	wait_for "c$k" "Ctrl-C at ${steps[$k]} asks" 'Nothing has been written'
	tmx send-keys -t "c$k" y
	st=$(exit_of "c$k")
	is "Ctrl-C y at ${steps[$k]}: exit 0 (got $st)" test "$st" = 0
	is "Ctrl-C at ${steps[$k]}: every file byte-identical" same_as_before
done
is "after the cancels: MinIO still takes CHANGE_ME" minio_accepts CHANGE_ME CHANGE_ME
is "after the cancels: no bucket was created" test "$(cat "$run/list.out")" = ""
is "after the cancels: nothing was run (no restart, no invenio)" test ! -s "$RDM_S3_SHIM_LOG"

# --- Enter on every screen ----------------------------------------------------
fresh wizard
own_minio wizard || unavailable minio
start w
wait_for w "the wizard shows what the instance uses today" 'Step 1 of 10' 'CHANGE_ME'
for want in 'Step 2 of 10' 'Step 3 of 10' 'Step 4 of 10' 'Step 5 of 10' 'Step 6 of 10' 'Step 7 of 10'; do
	tmx send-keys -t w Enter
	wait_for w "Enter: $want" "$want"
done
wait_for w "the review lists the files and the server steps" 'write 4 files' 'restart MinIO' 'Enter apply'
# Every page of the review, kept to look for the secret once it is known.
# Keys are handled in order: after a PageDown, ? opens the help and x
# closes it, so once the help has come and gone the new page is drawn
# (waited for, never timed). The last page is the one PageDown leaves as
# it was.
screen w >"$run/review-1"
for p in $(seq 2 40); do
	tmx send-keys -t w PageDown '?'
	until_screen w 'F1, \? +this help' && tmx send-keys -t w x && until_gone w 'F1, \? +this help'
	screen w >"$run/review-$p"
	cmp -s "$run/review-$p" "$run/review-$((p - 1))" && break
done
grep -qF 'MINIO_ROOT_PASSWORD=********' "$run"/review-*
is "the review shows the password's line, masked" test $? = 0
tmx send-keys -t w Enter
wait_for w "apply: done, every step" 'Step 8 of 10' 'Done: [0-9]+ files written'
tmx send-keys -t w Enter
wait_for w "verify: the health checks" 'Step 9 of 10' 'OK +auth'
screen w | grep -Eq '^ +CRIT ' && notok "verify: nothing critical" || ok "verify: nothing critical"
tmx send-keys -t w Enter
wait_for w "summary: backups and undo" 'Step 10 of 10' 'rdm-s3 undo'
tmx send-keys -t w Enter
st=$(exit_of w)
is "Enter on the summary: exit 0 (got $st)" test "$st" = 0
secret=$(secret_in_env MINIO_ROOT_PASSWORD)
printf '%s\n' "$secret" >>"$SECRETS"
is "a 40-character generated password in .env" test "${#secret}" = 40
is "MinIO accepts the new root user and password" minio_accepts rdm-admin "$secret"
expect "MinIO was restarted as invenio-cli would" "$(cat "$RDM_S3_SHIM_LOG")" \
	"docker compose --file docker-compose.yml up -d s3"
rdm "rdm-s3 check after the wizard: exit 0" 0 check
if grep -qF -- "$secret" "$run"/w.err "$run"/review-* 2>/dev/null; then notok "the secret is on no screen of the review, nor on stderr"
else ok "the secret is on no screen of the review, nor on stderr"; fi
echo "1..$n"
