# Shared by tests/unit/test_config_cmd.sh and test_config_cmd_variants.sh
# (sourced, not run): a scratch copy of the sample instance per case, the
# golden comparison of a case (dry-run diff, files, idempotence, undo) and of
# a refusal (exit code, message, no file changed).
#
# RDM_S3_GOLDEN_UPDATE=1 rewrites the golden files instead of comparing
# (review every change with `git diff` before committing it).
set -u
bin="${top_builddir:-.}/rdm-s3"
data="${RDM_S3_TEST_DATA:-tests/data}/instance/sample"
golden="$data/golden"
run="${RDM_S3_TEST_RUN:-/tmp}/config_cmd.$$"
update="${RDM_S3_GOLDEN_UPDATE:-}"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
need() { # description reason: a prerequisite is missing
	if [ "${CI:-}" = true ]; then notok "$1" "prerequisite missing and CI=true: $2"; else skip "$1" "$2"; fi
}
cleanup() { chmod -R u+rwx "$run" 2>/dev/null; rm -rf "$run"; }
trap cleanup EXIT
mkdir -p "$run"
inst="$run/i"
before="$run/before"
# git must not find a repository above the scratch folder (a build inside a
# checkout would otherwise change what `config show` says).
GIT_CEILING_DIRECTORIES=$run
export TZ=UTC LC_ALL=C NO_COLOR=1 GIT_CEILING_DIRECTORIES
unset INVENIO_S3_ENDPOINT_URL INVENIO_S3_ACCESS_KEY_ID INVENIO_S3_SECRET_ACCESS_KEY INVENIO_S3_REGION_NAME \
	MINIO_ROOT_USER MINIO_ROOT_PASSWORD RDM_S3_FAULT_AT RDM_S3_FAULT

# fresh SETUP...: a copy of the sample instance; each SETUP is DEST=VARIANT
# (a file of variants/ copied over DEST) or -DEST (DEST removed).
fresh() {
	chmod -R u+rwx "$inst" 2>/dev/null
	rm -rf "$inst" "$before"
	mkdir -p "$inst"
	cp -R "$data/instance/." "$inst/"
	for s in "$@"; do
		case $s in
		-*) rm -f "$inst/${s#-}" ;;
		*=*) cp "$data/variants/${s#*=}" "$inst/${s%%=*}" ;;
		esac
	done
	chmod -R u+w,go-w "$inst"
}
snapshot() { rm -rf "$before"; mkdir -p "$before"; cp -R "$inst/." "$before/"; rm -rf "$before/.rdm-s3"; }
# the instance (without .rdm-s3) equals folder $1
same_as() {
	diff -r -x .rdm-s3 "$1" "$inst" >"$run/diff.out" 2>&1
}
rdm() { (cd "$inst" && "$bin" "$@"); }
# quiet CMD...: run in the instance with all output dropped and print the exit
# status. The subshell waits itself, so the shell's notice about a process
# killed by a signal ("Killed") goes to /dev/null as well.
quiet() { (cd "$inst" && "$@"; echo $? >&3) 3>&1 >/dev/null 2>&1; }

# expect_files CASE: every file is the golden one for CASE, or as before.
expect_files() {
	exp="$run/expected"
	rm -rf "$exp"
	mkdir -p "$exp"
	cp -R "$before/." "$exp/"
	[ -d "$golden/$1" ] && cp -R "$golden/$1/." "$exp/"
	same_as "$exp"
}

update_golden_files() { # CASE: store the files that differ from before
	rm -rf "$golden/$1"
	for f in $(ls -A "$inst"); do
		[ "$f" = .rdm-s3 ] && continue
		if ! cmp -s "$inst/$f" "$before/$f" 2>/dev/null; then
			mkdir -p "$golden/$1"
			cp "$inst/$f" "$golden/$1/$f"
		fi
	done
}

# check_case NAME STDIN ARGS...: dry-run diff, apply, files, idempotence, undo.
check_case() {
	name=$1 input=$2
	shift 2
	snapshot
	printf '%s' "$input" | rdm "$@" --dry-run >"$run/$name.diff" 2>"$run/$name.err"
	rc=$?
	if [ -n "$update" ]; then cp "$run/$name.diff" "$golden/$name.diff"; fi
	if [ $rc -ne 0 ]; then notok "$name: dry run exits 0 (got $rc)" "$(cat "$run/$name.err")"; return; fi
	if cmp -s "$run/$name.diff" "$golden/$name.diff"; then ok "$name: dry-run diff is the golden one"
	else notok "$name: dry-run diff is the golden one" "$(diff "$golden/$name.diff" "$run/$name.diff" | head -20)"; fi
	if same_as "$before"; then ok "$name: dry run writes nothing"; else notok "$name: dry run writes nothing"; fi
	printf '%s' "$input" | rdm "$@" >"$run/$name.out" 2>&1
	rc=$?
	[ -n "$update" ] && update_golden_files "$name"
	if [ $rc -eq 0 ] && expect_files "$name"; then ok "$name: files are the golden ones"
	else notok "$name: files are the golden ones (exit $rc)" "$(cat "$run/$name.out")" "$(head -20 "$run/diff.out")"; fi
	if [ -n "$input" ] && grep -qF -- "$input" "$run/$name.diff" "$run/$name.err" "$run/$name.out"; then
		notok "$name: the secret is never printed"
	elif [ -n "$input" ]; then ok "$name: the secret is never printed"; fi
	# a .env rdm-s3 writes is 0600 (one it did not touch keeps its mode)
	if [ -f "$inst/.env" ] && ! cmp -s "$inst/.env" "$before/.env" && [ "$(stat -c %a "$inst/.env")" != 600 ]; then
		notok "$name: .env is 0600"
	fi
	sets=$(ls "$inst/.rdm-s3/backups" | wc -l)
	printf '%s' "$input" | rdm "$@" >"$run/$name.again" 2>&1
	if grep -q "Nothing to change" "$run/$name.again" && [ "$(ls "$inst/.rdm-s3/backups" | wc -l)" -eq "$sets" ] &&
		expect_files "$name"; then ok "$name: applying it again changes nothing"
	else notok "$name: applying it again changes nothing" "$(cat "$run/$name.again")"; fi
	rdm undo >"$run/$name.undo" 2>&1
	if [ $? -eq 0 ] && same_as "$before" && grep -q '^restored ' "$run/$name.undo"; then ok "$name: undo restores every file"
	else notok "$name: undo restores every file" "$(cat "$run/$name.undo")" "$(head -20 "$run/diff.out")"; fi
}

# bad NAME WANT_RC PATTERN STDIN ARGS...: PATTERN must be in the output, the
# instance must be unchanged and the value after '=' never echoed for secrets.
bad() {
	name=$1 want=$2 pattern=$3 input=$4
	shift 4
	snapshot
	printf '%s' "$input" | rdm "$@" >"$run/bad.out" 2>&1
	rc=$?
	if [ $rc -eq "$want" ] && grep -qF -- "$pattern" "$run/bad.out" && same_as "$before"; then ok "refused: $name"
	else notok "refused: $name (exit $rc, wanted $want)" "$(cat "$run/bad.out")"; fi
}

