#!/bin/bash
# `rdm-s3 dashboard` without a screen: help, usage errors, and the refusal
# to start without a terminal (stdin/stdout not a TTY) with exit status 1
# and a remedy. Needs no server: --endpoint points at a closed port, and the
# dashboard never gets as far as running a check.
set -u
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
: "${top_builddir:?}" "${RDM_S3_TEST_RUN:?}"
bin="$top_builddir/rdm-s3"
. "${top_srcdir:?}/tests/unit/test_hooks_lib.sh"
need_test_hooks
tmp="$RDM_S3_TEST_RUN/dashboard-cli-$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

# expect DESC STATUS STDERR-REGEX ARGS...: exit status and a stderr line.
expect() {
	local desc=$1 want=$2 re=$3
	shift 3
	(cd "$tmp" && "$bin" "$@" </dev/null >"$tmp/out" 2>"$tmp/err")
	local got=$?
	if [ "$got" = "$want" ] && { [ -z "$re" ] || grep -Eq -- "$re" "$tmp/err"; }; then
		ok "$desc"
	else
		not_ok "$desc (status $got, want $want)"
		sed 's/^/# /' "$tmp/err"
	fi
}

"$bin" help dashboard >"$tmp/help" 2>&1 && grep -q '^Usage: rdm-s3 dashboard' "$tmp/help" &&
	grep -q -- '--interval SECONDS' "$tmp/help" && ok "help dashboard" || not_ok "help dashboard"
"$bin" --help | grep -Eq '^  dashboard +live view' && ok "listed in rdm-s3 --help" ||
	not_ok "listed in rdm-s3 --help"
E=(--endpoint http://127.0.0.1:9)
expect "-i 0 is a usage error" 64 'interval wants whole seconds' dashboard -i 0 "${E[@]}"
expect "--interval abc is a usage error" 64 'not .abc.' dashboard --interval abc "${E[@]}"
expect "--timeout 0 is a usage error" 64 'timeout wants seconds' dashboard --timeout 0 "${E[@]}"
RDM_S3_CLOCK_OFFSET=abc expect "a bad RDM_S3_CLOCK_OFFSET is a usage error" 64 'RDM_S3_CLOCK_OFFSET' \
	dashboard "${E[@]}"
expect "--only may repeat, --timeout takes fractions" 1 'needs a terminal' \
	dashboard --only tcp --only dns --skip auth --timeout 0.5 "${E[@]}"
expect "--json is refused" 64 "rdm-s3 check" --json dashboard "${E[@]}"
expect "an unknown check id is a usage error" 64 'nosuch' dashboard --only nosuch "${E[@]}"
expect "an unexpected argument is a usage error" 64 'unexpected argument' dashboard extra "${E[@]}"
expect "two instances are refused" 64 'one instance' --instance "$tmp" --instance "$tmp" dashboard
expect "no instance folder and no --endpoint" 64 '\.invenio' dashboard
expect "no terminal: exit 1 with a remedy" 1 'needs a terminal' dashboard "${E[@]}"
grep -q "fix: .*rdm-s3 check" "$tmp/err" && ok "the remedy points to rdm-s3 check" ||
	not_ok "the remedy points to rdm-s3 check"
echo "1..$n"
[ "$failed" = 0 ]
