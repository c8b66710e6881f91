#!/bin/bash
# The last test of `make check` (its .log depends on all other test logs, see
# tests/servers/local.mk): stops the shared servers that ensure.sh started in
# this run, stops (and reports) any server a test left behind, and fails if
# any process of this run's servers is still alive afterwards. (TAP)
set -u
here=$(cd "$(dirname "$0")" && pwd)
TS_KIND=stop-all
# shellcheck source=lib.sh
. "$here/lib.sh"

n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }

run=${RDM_S3_TEST_RUN:-}
if [ -z "$run" ]; then
	echo "1..0 # SKIP RDM_S3_TEST_RUN is not set (run this through make check)"
	exit 0
fi
base="$run/servers"

# 1. every state dir of a test server below this run's scratch dir
if [ -d "$run" ]; then
	while IFS= read -r marker; do
		d=$(dirname "$marker")
		kind=$(head -n 1 "$marker" 2>/dev/null || echo unknown)
		case $kind in minio | ceph | s3rver | moto) kd=$kind ;; s3rver-tls) kd=s3rver ;; *) kd="" ;; esac
		was_running=no
		ts_running "$d" && was_running=yes
		if [ -z "$kd" ]; then
			notok "unknown server kind '$kind' in $d"
			continue
		fi
		if out=$("$here/$kd/stop.sh" "$d" 2>&1); then stopped=yes; else stopped=no; fi
		if [ "$d" = "$base/$kind" ]; then
			if [ "$stopped" = yes ]; then ok "stopped the shared $kind server"
			else notok "stopping the shared $kind server"; printf '%s\n' "$out" | sed 's/^/# /'; fi
		elif [ "$was_running" = yes ]; then
			notok "a test left a $kind server running in $d (now stopped)"
		fi
	done < <(find "$run" -maxdepth 6 -name "$TS_MARKER" -type f 2>/dev/null | sort)
fi
rm -f "$base"/*.failed "$base"/*.out "$base"/*.lock 2>/dev/null

# 2. nothing of this run may be left: any live process with a path below
#    the run's scratch dir in its command line is a leaked server
leaks=""
for i in $(seq 1 30); do
	leaks=""
	for p in /proc/[0-9]*; do
		pid=${p#/proc/}
		[ "$pid" != "$$" ] || continue
		ts_alive "$pid" || continue
		if tr '\0' '\n' 2>/dev/null <"$p/cmdline" | grep -qF "$run/"; then
			leaks="$leaks $pid"
		fi
	done
	[ -n "$leaks" ] || break
	sleep 0.2
done
if [ -z "$leaks" ]; then
	ok "no test server process left running"
else
	notok "test server processes still running:$leaks"
	for pid in $leaks; do
		printf '#   %s: %s\n' "$pid" "$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | cut -c1-200)"
	done
	# they name this run's scratch dir in their arguments: ours, so end them
	for pid in $leaks; do ts_pid_ours "$pid" "$run" && kill -TERM "$pid" 2>/dev/null; done
	sleep 1
	for pid in $leaks; do ts_pid_ours "$pid" "$run" && kill -KILL "$pid" 2>/dev/null; done
fi
echo "1..$n"
