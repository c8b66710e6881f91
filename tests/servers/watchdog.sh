#!/bin/bash
# watchdog.sh STATE_DIR TTL: started in the background by every start.sh.
# Kills the server processes recorded in STATE_DIR/pids when
#   - STATE_DIR/last-used is older than TTL seconds (ensure.sh touches it each
#     time a test asks for the shared server), or
#   - STATE_DIR has been removed (e.g. `make clean` of the build dir),
# and exits by itself as soon as none of them runs any more. This is what
# stops servers after an interrupted `make check` (Ctrl-C does not reach
# background daemons of a non-interactive shell).
set -u
d=$1
ttl=$2
interval=${RDM_S3_WATCHDOG_INTERVAL:-2}
TS_KIND="watchdog"
# shellcheck source=lib.sh
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

pids=""
while :; do
	if [ -d "$d/pids" ]; then
		fresh=""
		for f in "$d"/pids/*.pid; do
			case $f in */99-watchdog.pid | *'*'*) continue ;; esac
			p=$(cat "$f" 2>/dev/null) && fresh="$fresh $p"
		done
		[ -n "$fresh" ] && pids=$fresh
	fi
	ours=""
	for p in $pids; do
		ts_pid_ours "$p" "$d" && ours="$ours $p"
	done
	[ -n "$ours" ] || exit 0

	reason=""
	if [ ! -f "$d/$TS_MARKER" ]; then
		reason="state dir $d was removed"
	else
		used=$(stat -c %Y "$d/last-used" 2>/dev/null || echo 0)
		age=$(($(date +%s) - used))
		[ "$age" -lt "$ttl" ] || reason="unused for $age s (RDM_S3_SERVER_TTL=$ttl)"
	fi
	if [ -n "$reason" ]; then
		ts_log "stopping pids$ours: $reason"
		for p in $ours; do kill -TERM "$p" 2>/dev/null || true; done
		for p in $ours; do
			ts_wait_gone "$p" 50 || kill -KILL "$p" 2>/dev/null || true
		done
		exit 0
	fi
	sleep "$interval"
done
