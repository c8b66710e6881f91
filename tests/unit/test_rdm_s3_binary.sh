#!/bin/sh
# The built binary: --help, --version, help COMMAND, usage errors exit 64. (TAP)
set -u
bin="${top_builddir:-.}/rdm-s3"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
check() { # description expected_rc command...
	desc=$1; want=$2; shift 2
	out=$("$@" 2>&1); rc=$?
	if [ "$rc" -ne "$want" ]; then notok "$desc (exit $rc, wanted $want)"; echo "$out" | sed 's/^/# /'
	else ok "$desc"; fi
}
check "--help exits 0" 0 "$bin" --help
check "--version exits 0" 0 "$bin" --version
check "help help exits 0" 0 "$bin" help help
check "no command is a usage error" 64 "$bin"
check "unknown command is a usage error" 64 "$bin" frobnicate
check "unknown option is a usage error" 64 "$bin" --frobnicate
check "a secret option is refused" 64 "$bin" help --secret-key=x
if "$bin" --version | grep -q '^rdm-s3 [0-9]'; then ok "version line"; else notok "version line"; fi
if "$bin" frobnicate 2>&1 | grep -q "Try 'rdm-s3 --help'"; then ok "usage hint"; else notok "usage hint"; fi
if "$bin" help --secret-key=hunter2 2>&1 | grep -q hunter2; then notok "secret not echoed"; else ok "secret not echoed"; fi
echo "1..$n"
