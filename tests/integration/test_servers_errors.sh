#!/bin/bash
# The test-server scripts fail clearly instead of hanging: missing
# dependency, port in use, a server that fails to start (or never becomes
# ready); plus the shared-server machinery: ensure.sh remembers a failed
# start, the watchdog stops an unused server, stop-all.sh reports leaks.
# Needs no network and no real server. (TAP)
set -u
srv="$top_srcdir/tests/servers"
busy_port="$top_builddir/tests/helpers/busy_port"
tmp="$RDM_S3_TEST_RUN/test_servers_errors.$$"
rm -rf "$tmp"
mkdir -p "$tmp"
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }
show() { sed 's/^/#   /' "$1"; }
# Everything the scripts start here names $tmp in its arguments.
leftovers() {
	local p
	for p in /proc/[0-9]*; do
		[ "${p#/proc/}" != "$$" ] || continue
		[ "$(awk '{print $3}' "$p/stat" 2>/dev/null)" != Z ] || continue
		tr '\0' '\n' 2>/dev/null <"$p/cmdline" | grep -qF "$tmp/" && echo "${p#/proc/}"
	done
	return 0
}
cleanup() {
	local p
	for p in $(leftovers); do kill -KILL "$p" 2>/dev/null; done
	[ -z "${bpid:-}" ] || kill "$bpid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# expect NAME WANT_STATUS PATTERN COMMAND...: runs COMMAND (bounded by
# timeout: a hang shows up as status 124), checks status and message.
expect() {
	local name=$1 want=$2 pattern=$3 rc
	shift 3
	timeout 120 "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		notok "$name: exit status $rc, wanted $want"
		show "$tmp/err"
	elif ! grep -qE "$pattern" "$tmp/err"; then
		notok "$name: message does not match /$pattern/"
		show "$tmp/err"
	elif [ -s "$tmp/out" ]; then
		notok "$name: printed variables although it failed"
	else
		ok "$name"
	fi
}

# --- missing dependency: exit 2 and the package to install -------------
expect "s3rver without node names the Debian packages" 2 "apt-get install nodejs npm" \
	env RDM_S3_NODE=rdm-s3-no-such-node "$srv/s3rver/start.sh" "$tmp/s3rver-nonode"
expect "MinIO without Go says which Go it needs" 2 "not found: MinIO is built from source.*Go >= 1\.24" \
	env RDM_S3_MINIO_BIN= RDM_S3_CACHE="$tmp/empty-cache" RDM_S3_GO=rdm-s3-no-such-go \
	"$srv/minio/start.sh" "$tmp/minio-nogo"
expect "Ceph without radosgw names the Debian packages" 2 "apt-get install ceph-mon ceph-osd radosgw" \
	env RDM_S3_RADOSGW=rdm-s3-no-such-radosgw "$srv/ceph/start.sh" "$tmp/ceph-norgw"
expect "a MinIO binary that is not there is a missing dependency" 2 "not an executable file" \
	env RDM_S3_MINIO_BIN="$tmp/no-such-minio" "$srv/minio/start.sh" "$tmp/minio-nobin"

# --- port in use: exit 3 and which port ---------------------------------
"$busy_port" >"$tmp/busy" 2>&1 &
bpid=$!
for _ in $(seq 1 50); do [ -s "$tmp/busy" ] && break; sleep 0.1; done
port=$(head -n 1 "$tmp/busy")
case $port in '' | *[!0-9]*)
	notok "busy_port helper did not report a port"
	port=1 ;;
esac
for kind in minio ceph s3rver; do
	expect "$kind refuses a forced port that is in use" 3 "port 127\.0\.0\.1:$port is already in use" \
		env RDM_S3_PORT="$port" "$srv/$kind/start.sh" "$tmp/$kind-busy"
done
# The server's own "address in use" (the path of a port lost to a race
# between picking and binding) is recognised too: needs the real MinIO.
if "$srv/minio/install.sh" >/dev/null 2>"$tmp/install.err"; then
	expect "a real MinIO whose port is taken: status 3, no hang" 3 \
		"could not listen on 127\.0\.0\.1:$port: port in use" \
		env RDM_S3_PORT="$port" RDM_S3_SKIP_PORT_CHECK=1 "$srv/minio/start.sh" "$tmp/minio-busy2"
elif [ "${CI:-}" = true ]; then
	notok "a real MinIO whose port is taken: MinIO is not available"
	show "$tmp/install.err"
else
	ok "a real MinIO whose port is taken # SKIP MinIO is not available"
fi
expect "RDM_S3_PORT must be a number" 64 "not a port number" \
	env RDM_S3_PORT=nine "$srv/s3rver/start.sh" "$tmp/s3rver-badport"
kill "$bpid" 2>/dev/null
wait "$bpid" 2>/dev/null
bpid=""

# --- a server that fails to start: exit 1, the end of its log ----------
cat >"$tmp/broken-minio" <<'FAKE'
#!/bin/sh
echo "FATAL simulated failure: unable to use the drive" >&2
exit 1
FAKE
cat >"$tmp/hanging-minio" <<'FAKE'
#!/bin/bash
# never listens; keeps its arguments (the state dir) in its command line
echo "pretending to start $*"
while :; do sleep 1; done
FAKE
chmod +x "$tmp/broken-minio" "$tmp/hanging-minio"
expect "a MinIO that exits at once: status 1 and its log tail" 1 \
	"simulated failure: unable to use the drive" \
	env RDM_S3_MINIO_BIN="$tmp/broken-minio" "$srv/minio/start.sh" "$tmp/minio-broken"
grep -q "exited during start-up" "$tmp/err" && ok "... and it says the server exited" ||
	{ notok "... and it says the server exited"; show "$tmp/err"; }
expect "a MinIO that never becomes ready: bounded wait, status 1" 1 \
	"did not become ready within 3 s" \
	env RDM_S3_MINIO_BIN="$tmp/hanging-minio" RDM_S3_START_TIMEOUT=3 \
	"$srv/minio/start.sh" "$tmp/minio-hanging"
grep -q "pretending to start" "$tmp/err" && ok "... and it shows the server's log" ||
	{ notok "... and it shows the server's log"; show "$tmp/err"; }

# Ceph: mon and osd start, then a broken radosgw: everything is stopped.
if command -v ceph-mon >/dev/null 2>&1; then
	cat >"$tmp/broken-radosgw" <<'FAKE'
#!/bin/sh
echo "simulated radosgw failure: cannot init" >&2
exit 5
FAKE
	chmod +x "$tmp/broken-radosgw"
	expect "a radosgw that exits: status 1, log tail, cluster stopped" 1 \
		"radosgw exited.*|simulated radosgw failure" \
		env RDM_S3_RADOSGW="$tmp/broken-radosgw" "$srv/ceph/start.sh" "$tmp/ceph-broken"
	grep -q "simulated radosgw failure" "$tmp/err" && ok "... and shows the radosgw log" ||
		{ notok "... and shows the radosgw log"; show "$tmp/err"; }
elif [ "${CI:-}" = true ]; then
	notok "Ceph failure path: ceph-mon is not installed (apt-get install ceph-mon ceph-osd radosgw ceph-common)"
else
	ok "Ceph failure path # SKIP ceph-mon is not installed"
fi

left=$(leftovers)
[ -z "$left" ] && ok "failed starts left no process behind" ||
	notok "failed starts left processes behind: $left"

# --- ensure.sh remembers a failed start for the rest of the run ---------
run2="$tmp/run2"
expect "ensure.sh passes the failure on" 1 "simulated failure" \
	env RDM_S3_TEST_RUN="$run2" RDM_S3_MINIO_BIN="$tmp/broken-minio" "$srv/ensure.sh" minio
expect "ensure.sh fails fast the second time, with the same reason" 1 \
	"failed to start earlier in this run" \
	env RDM_S3_TEST_RUN="$run2" RDM_S3_MINIO_BIN="$tmp/no-such-minio" "$srv/ensure.sh" minio
expect "ensure.sh rejects an unknown kind" 64 "usage: ensure.sh" "$srv/ensure.sh" nosuchkind

# --- the watchdog --------------------------------------------------------
# fake_server DIR: a process recorded like a server, DIR in its arguments
fake_server() {
	mkdir -p "$1/pids" "$1/log"
	echo fake >"$1/.rdm-s3-server"
	touch "$1/last-used"
	echo 10-fake.pid >"$1/main"
	bash -c 'while :; do sleep 1; done' fake-server "$1/data" </dev/null >/dev/null 2>&1 &
	echo $! >"$1/pids/10-fake.pid"
}
gone_within() { # PID SECONDS
	local i
	for i in $(seq 1 $(($2 * 5))); do
		[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" ] &&
			[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ] || return 0
		sleep 0.2
	done
	return 1
}
fake_server "$tmp/wd1"
spid=$(cat "$tmp/wd1/pids/10-fake.pid")
RDM_S3_WATCHDOG_INTERVAL=0.2 bash "$srv/watchdog.sh" "$tmp/wd1" 1 </dev/null >"$tmp/wd1.log" 2>&1 &
wpid=$!
if gone_within "$spid" 60; then ok "the watchdog stops a server unused for RDM_S3_SERVER_TTL"
else notok "the watchdog stops a server unused for RDM_S3_SERVER_TTL"; show "$tmp/wd1.log"; fi
gone_within "$wpid" 60 && ok "... and exits" || notok "... and exits"

fake_server "$tmp/wd2"
spid=$(cat "$tmp/wd2/pids/10-fake.pid")
RDM_S3_WATCHDOG_INTERVAL=0.2 bash "$srv/watchdog.sh" "$tmp/wd2" 3600 </dev/null >"$tmp/wd2.log" 2>&1 &
wpid=$!
sleep 0.5
kill "$spid"
gone_within "$wpid" 60 && ok "the watchdog exits when its server is stopped" ||
	notok "the watchdog exits when its server is stopped"

fake_server "$tmp/wd3"
spid=$(cat "$tmp/wd3/pids/10-fake.pid")
RDM_S3_WATCHDOG_INTERVAL=0.2 bash "$srv/watchdog.sh" "$tmp/wd3" 3600 </dev/null >"$tmp/wd3.log" 2>&1 &
wpid=$!
sleep 0.5
rm -rf "$tmp/wd3"
if gone_within "$spid" 60; then ok "the watchdog stops a server whose state dir was removed"
else notok "the watchdog stops a server whose state dir was removed"; fi
gone_within "$wpid" 60 || kill "$wpid" 2>/dev/null

# --- stop-all.sh reports (and ends) a process a test left behind -------
run3="$tmp/run3"
fake_server "$run3/servers/minio"
echo minio >"$run3/servers/minio/.rdm-s3-server"
bash -c 'while :; do sleep 1; done' leaked "$run3/elsewhere/data" </dev/null >/dev/null 2>&1 &
lpid=$!
RDM_S3_TEST_RUN="$run3" "$srv/stop-all.sh" >"$tmp/stopall.out" 2>&1
if grep -q "^ok .*stopped the shared minio server" "$tmp/stopall.out" &&
	grep -q "^not ok .*processes still running: *$lpid" "$tmp/stopall.out"; then
	ok "stop-all.sh stops shared servers and fails on a leaked process"
else
	notok "stop-all.sh stops shared servers and fails on a leaked process"
	show "$tmp/stopall.out"
fi
gone_within "$lpid" 30 && ok "... and ends the leaked process" || notok "... and ends the leaked process"

left=$(leftovers)
[ -z "$left" ] && ok "nothing of this test is left running" ||
	notok "processes left: $left"
echo "1..$n"
