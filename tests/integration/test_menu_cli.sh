#!/bin/bash
# `rdm-s3` without a command, without tmux: not on a terminal it prints
# the usage and exits 64 (as before the menu), also inside an instance;
# headless (RDM_S3_NO_DISPLAY, a key script) inside an instance it runs the
# menu and q exits 0; outside an instance on a "terminal" it says why and
# exits 64; a bad key script is refused with its file:line. No server:
# the instance points at a closed port. (TAP)
set -u
n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2"; fi; }
: "${top_srcdir:?}" "${top_builddir:?}" "${RDM_S3_TEST_RUN:?}"
bin="$top_builddir/rdm-s3"
tmp="$RDM_S3_TEST_RUN/menu-cli-$$"
mkdir -p "$tmp/home" "$tmp/outside"
trap 'rm -rf "$tmp"' EXIT
inst="$tmp/home/demo-repo"
mkdir -p "$inst"
cp "$top_srcdir"/data/sample-instance/.invenio "$top_srcdir"/data/sample-instance/*.yml \
	"$top_srcdir"/data/sample-instance/invenio.cfg "$inst/"
sed -i "s|^S3_ENDPOINT_URL=.*|S3_ENDPOINT_URL='http://127.0.0.1:9/'|" "$inst/invenio.cfg"

(cd "$inst" && "$bin" </dev/null >"$tmp/out" 2>"$tmp/err")
st=$?
[ "$st" = 64 ] && grep -q '^Usage: rdm-s3' "$tmp/err"
check $? "no terminal, inside an instance: usage on stderr, exit 64 (got $st)"

printf ':wait-idle\n:save-screen %s\nq\n' "$tmp/menu.txt" >"$tmp/keys"
(cd "$inst" && HOME="$tmp/home" TERM=xterm RDM_S3_NO_DISPLAY=1 RDM_S3_SCRIPT="$tmp/keys" \
	LINES=24 COLUMNS=80 timeout 20 "$bin" </dev/null >"$tmp/out" 2>"$tmp/err")
st=$?
[ "$st" = 0 ] && [ ! -s "$tmp/err" ]
check $? "headless with a key script: the menu runs, q exits 0 (got $st) $(head -c 300 "$tmp/err")"
grep -q 'rdm-s3 . demo-repo (~/demo-repo)' "$tmp/menu.txt" &&
	grep -q 'storage: MinIO' "$tmp/menu.txt" && grep -Eq 'check: (CRIT|WARN|UNKNOWN|OK)' "$tmp/menu.txt"
check $? "the header names the instance, its storage and the check verdict"
# (which placeholder the instance check names first, and whether the
# problems fit or end in "... N more", depends on the checks' wording)
grep -Eq 'CRIT +instance +[A-Z0-9_]+ is still the placeholder' "$tmp/menu.txt" &&
	grep -Eq 'CRIT +tcp +cannot connect to 127.0.0.1:9' "$tmp/menu.txt" &&
	grep -Eq '[0-9]+ more in the Health dashboard|The Health dashboard \(d\) shows each check' "$tmp/menu.txt"
check $? "the menu lists the failing checks and points to the dashboard"
[ "$(head -c 1 "$tmp/out")" != "" ] && not_ok "nothing on stdout" || ok "nothing on stdout"

(cd "$tmp/outside" && HOME="$tmp/home" TERM=xterm RDM_S3_NO_DISPLAY=1 RDM_S3_SCRIPT="$tmp/keys" \
	timeout 20 "$bin" </dev/null >"$tmp/out" 2>"$tmp/err")
st=$?
[ "$st" = 64 ] && grep -q '^Usage: rdm-s3' "$tmp/err" && grep -q 'instance folder' "$tmp/err"
check $? "outside an instance: usage and why, exit 64 (got $st)"

printf '<Enter>\n<Bogus>\n' >"$tmp/bad"
(cd "$inst" && TERM=xterm RDM_S3_NO_DISPLAY=1 RDM_S3_SCRIPT="$tmp/bad" timeout 20 "$bin" \
	</dev/null >"$tmp/out" 2>"$tmp/err")
st=$?
[ "$st" = 1 ] && grep -q 'bad:2' "$tmp/err" && grep -q 'unknown key name' "$tmp/err"
check $? "a bad key script is refused with file:line, exit 1 (got $st)"
echo "1..$n"
[ "$failed" = 0 ]
