#!/bin/bash
# The kill/inject harness of issue 10: multi-file changes are killed with
# SIGKILL at random moments (seeded) and run under strace with an error
# injected at every position of the system calls that write files; after
# each, the next rdm-s3 command (config show, itself killed at random in
# some trials) must leave every instance either wholly old or wholly new
# across its files, with no leftovers, and running the command again must
# give the new state.
#
#   KILLS=N        random kills (default 40; `make stress`: 1000)
#   SEED=N         random seed (default 1); the same seed, the same delays
#   STRACE=MODE    short (default: fsync and rename of one 2-file change),
#                  all (every position of fsync, rename, write, openat,
#                  mkdir, fchmod, unlink of every change), none. Not close:
#                  strace injects an error by skipping the call, which would
#                  leave the descriptor open, as no kernel does (a pipe to
#                  git then never ends).
#   MAX_DELAY_US   kill delays are 0..this (default: 1.2 times the
#                  unkilled run of each change, measured here, so that kills
#                  land before, during and after the writes on any machine)
#
# Output: TAP, and "# figures:" lines that docs/RELIABILITY.md
# quotes (make stress prints them). Needs the test hooks? No: only SIGKILL
# and strace. Needs strace for the inject part (a Debian package; under
# CI=true a missing strace is a failure).
set -u
bin="$(cd "${top_builddir:-.}" && pwd)/rdm-s3"
data="${RDM_S3_TEST_DATA:-${top_srcdir:-.}/tests/data}/instance/sample"
run="${RDM_S3_TEST_RUN:-/tmp}/kill_inject.$$"
kills=${KILLS:-40}
seed=${SEED:-1}
strace_mode=${STRACE:-short}
max_delay=${MAX_DELAY_US:-}
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
cleanup() { rm -rf "$run"; }
trap cleanup EXIT
mkdir -p "$run"
GIT_CEILING_DIRECTORIES=$run
export TZ=UTC LC_ALL=C NO_COLOR=1 GIT_CEILING_DIRECTORIES
unset RDM_S3_FAULT_AT RDM_S3_FAULT INVENIO_S3_ACCESS_KEY_ID INVENIO_S3_SECRET_ACCESS_KEY MINIO_ROOT_USER \
	MINIO_ROOT_PASSWORD
inst="$run/i"

# --- the start states and the changes -----------------------------------------
# A: the sample instance as it comes. B: A after moving the credentials to
# .env (so B has a change to undo, and files that differ from A's).
fresh_copy() { # FROM: $inst becomes a copy of FROM (with its .rdm-s3)
	rm -rf "$inst"
	cp -a "$1" "$inst"
}
mkdir -p "$run/A"
cp -R "$data/instance/." "$run/A/"
chmod -R u+w,go-w "$run/A"
fresh_copy "$run/A"
(cd "$inst" && "$bin" config set minio.root-user=minio-admin storage.credentials-in=env) >/dev/null 2>&1 ||
	{ echo "1..1"; echo "not ok 1 - could not make start state B"; exit 1; }
cp -a "$inst" "$run/B"

printf 'Kill-Harness-Pass-0042' >"$run/secret.in"
# name|state|arguments (a change of 2 to 4 files each)
changes="root-user|A|config set minio.root-user=kill-admin
password|A|config set-secret minio.root-password
creds-env|A|config set minio.root-user=minio-admin storage.credentials-in=env
creds-cfg|B|config set storage.credentials-in=cfg
password-env|B|config set-secret minio.root-password
undo|B|undo"

run_change() { # ARGS...: in $inst, stdin the secret, output dropped
	(cd "$inst" && exec "$bin" "$@" <"$run/secret.in") >/dev/null 2>&1
}

# The expected new state of each change: the change run once, unkilled
# (and timed, for the kill delays).
declare -A span=()
while IFS='|' read -r name state args; do
	fresh_copy "$run/$state"
	t0=$(date +%s%N)
	# shellcheck disable=SC2086
	run_change $args
	span[$name]=$(((($(date +%s%N) - t0) / 1000) * 6 / 5))
	[ -z "$max_delay" ] || span[$name]=$max_delay
	rm -rf "$run/new-$name"
	cp -a "$inst" "$run/new-$name"
	rm -rf "$run/new-$name/.rdm-s3"
done <<<"$changes"

# old | new | mixed: the instance (without .rdm-s3) against OLD and NEW.
whole_state() { # OLD NEW
	if diff -r -q -x .rdm-s3 "$1" "$inst" >/dev/null 2>&1; then echo old
	elif diff -r -q -x .rdm-s3 "$2" "$inst" >/dev/null 2>&1; then echo new
	else echo mixed; fi
}

# Leftovers: temporary files anywhere, set folders the undo log does not
# list, a set still pending.
leftovers() {
	find "$inst" -name '.*.rdm-s3-??????' -print | head -3
	local log="$inst/.rdm-s3/undo.log" d
	[ -d "$inst/.rdm-s3/backups" ] || return 0
	for d in "$inst"/.rdm-s3/backups/*; do
		[ -e "$d" ] || continue
		grep -qx "$(basename "$d")" "$log" 2>/dev/null || echo "unlisted set $(basename "$d")"
	done
	grep -l '^state pending$' "$inst"/.rdm-s3/backups/*/.manifest 2>/dev/null | head -3
}

# After a fault: the next command recovers; check, then re-run the change.
# Prints nothing when all is well, else what is wrong.
verify() { # NAME STATE ARGS...
	local name=$1 state=$2 out rc what
	shift 2
	(cd "$inst" && "$bin" config show) >"$run/next.out" 2>"$run/next.err"
	rc=$?
	what=$(whole_state "$run/$state" "$run/new-$name")
	[ "$what" = mixed ] && echo "mixed after the next command (exit $rc): $(diff -r -q -x .rdm-s3 "$run/$state" "$inst" | head -2 | tr '\n' ' ')"
	[ $rc -eq 0 ] || echo "the next command failed (exit $rc): $(head -c 300 "$run/next.err")"
	out=$(leftovers)
	[ -z "$out" ] || echo "leftovers: $out"
	grep -q "was rolled back" "$run/next.err" && echo "#rolled-back"
	grep -q "it is complete" "$run/next.err" && echo "#finished"
	echo "#$what"
	run_change "$@"
	[ "$(whole_state "$run/$state" "$run/new-$name")" = new ] || echo "re-running the change did not give the new state"
}

# --- random kills --------------------------------------------------------------
declare -A fig=()
count() { fig[$1]=$((${fig[$1]:-0} + 1)); }
problems=""
nchanges=$(echo "$changes" | wc -l)
# Each trial: which change, when to kill it and (half the time) the
# recovering command, as fractions of the change's own duration.
awk -v seed="$seed" -v n="$kills" -v k="$nchanges" 'BEGIN {
	srand(seed)
	for (i = 0; i < n; i++)
		printf "%d %.6f %d %.6f\n", int(rand() * k) + 1, rand(), rand() < 0.5, rand()
}' >"$run/plan"
trial=0
spans=""
while read -r which f1 twice f2; do
	trial=$((trial + 1))
	IFS='|' read -r name state args <<<"$(echo "$changes" | sed -n "${which}p")"
	delay=$(awk -v f="$f1" -v s="${span[$name]}" 'BEGIN { printf "%d", f * s }')
	delay2=$(awk -v f="$f2" -v s="${span[$name]}" 'BEGIN { printf "%d", f * s }')
	fresh_copy "$run/$state"
	# shellcheck disable=SC2086
	(cd "$inst" && exec "$bin" $args <"$run/secret.in") >/dev/null 2>&1 &
	pid=$!
	sleep "$(printf '0.%06d' "$delay")"
	kill -9 "$pid" 2>/dev/null && count killed
	wait "$pid" 2>/dev/null
	[ "$(grep -l '^state pending$' "$inst"/.rdm-s3/backups/*/.manifest 2>/dev/null | head -1)" ] && count pending
	[ "$(whole_state "$run/$state" "$run/new-$name")" = mixed ] && count mixed-before
	if [ "$twice" = 1 ]; then # the recovering command is killed too
		(cd "$inst" && exec "$bin" config show) >/dev/null 2>&1 &
		pid=$!
		sleep "$(printf '0.%06d' "$delay2")"
		kill -9 "$pid" 2>/dev/null && count recovery-killed
		wait "$pid" 2>/dev/null
	fi
	# shellcheck disable=SC2086
	out=$(verify "$name" "$state" $args)
	for tag in $(echo "$out" | grep '^#' | tr -d '#'); do count "$tag"; done
	bad=$(echo "$out" | grep -v '^#')
	[ -z "$bad" ] || problems="$problems
trial $trial ($name, delay ${delay}us): $bad"
done <"$run/plan"
if [ -z "$problems" ]; then
	ok "$kills random kills (seed $seed): every instance wholly old or new after the next command, no leftovers, re-run gives the new state"
else
	notok "$kills random kills (seed $seed)" "$(echo "$problems" | head -20)"
fi
for name in "${!span[@]}"; do spans="$spans $name=$((${span[$name]} / 1000))ms"; done
echo "# kill delays: 0 to 1.2 times each change's unkilled run:$spans"
echo "# figures: kills=$kills seed=$seed killed=${fig[killed]:-0} left-mixed-before-recovery=${fig[mixed-before]:-0}" \
	"left-pending=${fig[pending]:-0} recovery-also-killed=${fig[recovery-killed]:-0}" \
	"rolled-back=${fig[rolled-back]:-0} finished=${fig[finished]:-0}" \
	"after: old=${fig[old]:-0} new=${fig[new]:-0} mixed=${fig[mixed]:-0}"

# --- strace: an error at every position ------------------------------------------
if [ "$strace_mode" != none ]; then
	if ! command -v strace >/dev/null 2>&1; then
		if [ "${CI:-}" = true ]; then notok "strace fault injection" "strace is missing and CI=true (apt-get install strace)"
		else echo "ok $((n + 1)) - strace fault injection # SKIP strace is not installed"; n=$((n + 1)); fi
	else
		if [ "$strace_mode" = all ]; then
			calls="fsync:EIO rename:EIO write:ENOSPC openat:ENOSPC mkdir:ENOSPC fchmod:EPERM unlink:EIO"
			which_changes=$changes
		else
			calls="fsync:EIO rename:EIO"
			which_changes=$(echo "$changes" | head -1)
		fi
		positions=0 sproblems=""
		declare -A sfig=()
		while IFS='|' read -r name state args; do
			for ce in $calls; do
				call=${ce%%:*} errno=${ce#*:}
				fresh_copy "$run/$state"
				# shellcheck disable=SC2086
				(cd "$inst" && strace -f -qq -o "$run/trace" -e trace="$call" "$bin" $args <"$run/secret.in") \
					>/dev/null 2>&1
				total=$(grep -c "$call(" "$run/trace")
				for when in $(seq 1 "$total"); do
					positions=$((positions + 1))
					fresh_copy "$run/$state"
					# shellcheck disable=SC2086
					(cd "$inst" && timeout -k 5 120 strace -f -qq -o /dev/null -e trace="$call" \
						-e inject="$call:error=$errno:when=$when" "$bin" $args <"$run/secret.in") \
						>/dev/null 2>&1
					[ $? -eq 124 ] && sproblems="$sproblems
$name $call:$errno when=$when: the command hung (killed after 120 s)"
					# shellcheck disable=SC2086
					out=$(verify "$name" "$state" $args)
					for tag in $(echo "$out" | grep '^#' | tr -d '#'); do sfig[$tag]=$((${sfig[$tag]:-0} + 1)); done
					bad=$(echo "$out" | grep -v '^#')
					[ -z "$bad" ] || sproblems="$sproblems
$name $call:$errno when=$when: $bad"
				done
			done
		done <<<"$which_changes"
		if [ -z "$sproblems" ]; then
			ok "strace ($strace_mode): an error at each of $positions positions of $calls: wholly old or new after the next command"
		else
			notok "strace ($strace_mode) fault positions" "$(echo "$sproblems" | head -20)"
		fi
		echo "# figures: strace-positions=$positions rolled-back=${sfig[rolled-back]:-0} finished=${sfig[finished]:-0}" \
			"after: old=${sfig[old]:-0} new=${sfig[new]:-0} mixed=${sfig[mixed]:-0}"
	fi
fi
echo "1..$n"
