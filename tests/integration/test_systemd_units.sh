#!/bin/bash
# data/systemd/rdm-s3-check@.service and .timer: systemd-analyze verify
# accepts them (instantiated for an instance folder), and the service's
# ExecStart= line, with its specifiers and variables expanded as systemd
# expands them, run against a scratch instance on a real MinIO, writes a
# Prometheus textfile that promtool's `check metrics` (the format's own
# linter, Debian's prometheus package; tests/tools/promtool.sh) accepts,
# with the instance's exit code in it. --output replaces the file by a
# rename (a new inode, no temporary file left) and, when it cannot write,
# exits 73 and leaves the old file as it was. The --nagios form of the same
# run. (TAP)
set -u
bin="${top_builddir:?}/rdm-s3"
unit="$top_builddir/data/systemd/rdm-s3-check@.service"
timer="${top_srcdir:?}/data/systemd/rdm-s3-check@.timer"
ensure="$top_srcdir/tests/servers/ensure.sh"
run="${RDM_S3_TEST_RUN:?}/systemd.$$"
mkdir -p "$run" && chmod 700 "$run"
trap 'rm -rf "$run"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
unavailable() { # WHAT WHY
	if [ "${CI:-}" = true ]; then notok "$1: $2 (CI=true: a skip is a failure)"
	else skip "$1" "$2"; fi
}
diag() { sed 's/^/# /' "$@"; }

[ -f "$unit" ] && ok "the service unit is built (make fills in the binary's path)" ||
	{ notok "no $unit"; echo "1..$n"; exit 1; }
bindir=$(sed -n 's/^bindir = //p' "$top_builddir/Makefile")
prefix=$(sed -n 's/^prefix = //p' "$top_builddir/Makefile")
exec_prefix=$(sed -n 's/^exec_prefix = //p' "$top_builddir/Makefile")
exec_prefix=${exec_prefix//\$\{prefix\}/$prefix}
bindir=${bindir//\$\{exec_prefix\}/$exec_prefix}
exec_line=$(sed -n 's/^ExecStart=//p' "$unit")
case $exec_line in
"$bindir/rdm-s3 check "*) ok "ExecStart runs the installed binary ($bindir/rdm-s3)" ;;
*) notok "ExecStart does not start with $bindir/rdm-s3: $exec_line" ;;
esac
grep -qx 'SuccessExitStatus=1 2 3' "$unit" &&
	ok "exit 1-3 (the checks' findings, written to the file) do not fail the unit" ||
	notok "the unit lacks SuccessExitStatus=1 2 3"

# The instance: a scratch copy of the sample instance, its folder name
# with a '-' (systemd-escape writes \x2d), pointed at the shared MinIO.
inst="$run/srv/demo-repo"
mkdir -p "$run/srv" && cp -R "$top_srcdir/data/sample-instance" "$inst" && chmod -R u+w "$inst"
if vars=$("$ensure" minio 2>"$run/ensure.err"); then
	eval "$vars"
	(cd "$inst" && "$bin" config set "storage.endpoint=$ENDPOINT" >/dev/null 2>&1) ||
		notok "config set storage.endpoint failed"
	server=minio
else
	unavailable "the checks against MinIO" "MinIO could not be started: $(tail -n 1 "$run/ensure.err")"
	server=""
fi

if command -v systemd-escape >/dev/null 2>&1; then
	name=$(systemd-escape --path "$inst")
else
	# systemd.unit(5)'s path escaping, for machines without systemd
	name=$(printf '%s' "${inst#/}" | sed -e 's/-/\\x2d/g' -e 's|/|-|g')
fi
back=$(printf '%s' "$name" | sed -e 's/-/\//g' -e 's/\\x2d/-/g')
[ "/$back" = "$inst" ] && ok "instance name $name unescapes to the folder" ||
	notok "instance name $name unescapes to /$back, not $inst"

# systemd-analyze verify, on copies that point at the built binary and
# carry the instance name (a template alone cannot be verified).
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$run/units"
	sed "s|^ExecStart=$bindir/rdm-s3|ExecStart=$bin|" "$unit" >"$run/units/rdm-s3-check@$name.service"
	cp "$timer" "$run/units/rdm-s3-check@$name.timer"
	(cd "$run/units" && systemd-analyze verify --man=no "./rdm-s3-check@$name.service" \
		"./rdm-s3-check@$name.timer") >"$run/verify.out" 2>&1
	rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$run/verify.out" ]; then
		ok "systemd-analyze verify: no error, no warning"
	else
		notok "systemd-analyze verify (exit $rc)"
		diag "$run/verify.out"
	fi
else
	unavailable "systemd-analyze verify" "systemd-analyze is not installed (Debian: systemd)"
fi

# ExecStart= as systemd runs it: %f = "/" + the unescaped instance name, %i
# = the instance name; ${VAR} one word, $VAR split into words.
textdir="$run/textfiles"
mkdir -p "$textdir"
opts="--no-canary --timeout 3"
expanded=${exec_line//%f/$inst}
expanded=${expanded//%i/$name}
expanded=${expanded//\$\{RDM_S3_TEXTFILE_DIR\}/$textdir}
read -ra words <<<"${expanded%\$RDM_S3_CHECK_OPTIONS}"
[ "${words[0]}" = "$bindir/rdm-s3" ] && words[0]=$bin
read -ra extra <<<"$opts"
[[ $exec_line == *'$RDM_S3_CHECK_OPTIONS' ]] && words+=("${extra[@]}") ||
	notok "ExecStart does not end with \$RDM_S3_CHECK_OPTIONS"
prom="$textdir/rdm-s3-$name.prom"
printf 'old\n' >"$prom"
old_inode=$(stat -c %i "$prom")
"${words[@]}" >"$run/out" 2>"$run/err"
rc=$?
case $rc in
0 | 1 | 2 | 3) ok "the ExecStart line ran: exit $rc (a finding, not a failure of the unit)" ;;
*) notok "the ExecStart line failed: exit $rc"; diag "$run/err" ;;
esac
[ ! -s "$run/out" ] && ok "--output: nothing on standard output" || notok "--output: standard output not empty"
if [ -f "$prom" ] && [ "$(stat -c %i "$prom")" != "$old_inode" ] && ! grep -qx old "$prom"; then
	ok "the textfile was replaced by a rename (new inode): $prom"
else
	notok "the textfile $prom was not replaced"
fi
left=$(find "$textdir" -name '.*' -type f)
[ -z "$left" ] && ok "no temporary file left in the textfile folder" || notok "left behind: $left"
[ "$(stat -c %a "$prom")" = 644 ] && ok "the textfile is 0644 (node_exporter runs as another user)" ||
	notok "the textfile has mode $(stat -c %a "$prom")"
grep -qx "rdm_s3_checks_exit_code{instance=\"$inst\"} $rc" "$prom" &&
	ok "the file holds the run's exit code for the instance" ||
	{ notok "no rdm_s3_checks_exit_code{instance=\"$inst\"} $rc"; diag "$prom"; }
if [ -n "$server" ]; then
	grep -q "^rdm_s3_check_latency_seconds{instance=\"$inst\",check=\"tcp\"} " "$prom" &&
		ok "latencies measured against $server are in the file" ||
		{ notok "no tcp latency in the file"; diag "$prom"; }
fi

if promtool=$("$top_srcdir/tests/tools/promtool.sh" 2>"$run/promtool.err"); then
	"$promtool" check metrics <"$prom" >"$run/lint" 2>&1
	prc=$?
	if [ "$prc" -eq 0 ] && [ ! -s "$run/lint" ]; then
		ok "promtool check metrics: the textfile is valid and lint-free"
	else
		notok "promtool check metrics (exit $prc)"
		diag "$run/lint"
	fi
	# promtool must be able to fail: a broken copy is refused
	sed 's/} /} x/' "$prom" | "$promtool" check metrics >/dev/null 2>&1 &&
		notok "promtool accepted a broken textfile" || ok "promtool refuses a broken textfile"
else
	unavailable "promtool check metrics" "$(tail -n 1 "$run/promtool.err")"
fi

# A write that cannot happen (the file is a symbolic link: refused, never
# followed) exits 73 and leaves the target alone.
printf 'old\n' >"$run/target"
ln -sf "$run/target" "$run/link.prom"
"$bin" check --instance "$inst" --only instance --prometheus --output "$run/link.prom" >/dev/null 2>"$run/err"
rc=$?
[ "$rc" = 73 ] && grep -qx old "$run/target" && ok "--output to a symbolic link: exit 73, target untouched" ||
	{ notok "--output to a symbolic link: exit $rc"; diag "$run/err"; }
"$bin" check --instance "$inst" --only instance --prometheus --output "$run/no/such/dir/x.prom" >/dev/null 2>"$run/err"
rc=$?
[ "$rc" = 73 ] && grep -q -- '--output' "$run/err" && ok "--output into a missing folder: exit 73, names --output" ||
	{ notok "--output into a missing folder: exit $rc"; diag "$run/err"; }

# An instance folder that is gone: still a textfile, saying unknown (3).
"$bin" check --instance "$run/gone" --prometheus --output "$textdir/gone.prom" 2>/dev/null
rc=$?
[ "$rc" = 3 ] && grep -qx "rdm_s3_checks_exit_code{instance=\"$run/gone\"} 3" "$textdir/gone.prom" &&
	ok "an instance folder that is gone: exit 3, and the file says so" ||
	notok "an instance folder that is gone: exit $rc, file: $(cat "$textdir/gone.prom" 2>/dev/null | tr '\n' ' ')"

# The Nagios plugin form of the same run: one status line whose word is
# the exit code's, perfdata after '|'.
"$bin" check --instance "$inst" --no-canary --timeout 3 --nagios >"$run/nagios" 2>"$run/err"
rc=$?
words=(OK WARNING CRITICAL UNKNOWN)
if [ "$rc" -le 3 ] && [ "$(wc -l <"$run/nagios")" = 1 ] &&
	grep -qE "^RDM-S3 ${words[rc]}: [^|]+\|([^ ]+=[-0-9.]+s?;;;0 ?)+$" "$run/nagios"; then
	ok "--nagios: one line 'RDM-S3 ${words[rc]}: ...|perfdata', exit $rc"
else
	notok "--nagios: exit $rc"; diag "$run/nagios" "$run/err"
fi
"$bin" check --instance "$inst" --instance "$inst" --nagios >/dev/null 2>&1
rc=$?
[ "$rc" = 64 ] && ok "--nagios with two instances: usage error" || notok "--nagios with two instances: exit $rc"
"$bin" check --instance "$inst" --nagios --json >/dev/null 2>&1
rc=$?
[ "$rc" = 64 ] && ok "--nagios with --json: usage error" || notok "--nagios with --json: exit $rc"

grep -q '^WantedBy=timers.target' "$timer" && grep -q '^OnUnitActiveSec=' "$timer" &&
	ok "the timer repeats and is enabled into timers.target" || notok "the timer lacks OnUnitActiveSec or WantedBy"
echo "1..$n"
