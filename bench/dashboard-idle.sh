#!/bin/bash
# CPU used by `rdm-s3 dashboard` while it sits idle: the binary runs in a
# detached tmux session (private socket) of 80x24 on an instance; after the
# first run has been drawn, utime+stime of the process (/proc/PID/stat,
# fields 14 and 15, in clock ticks) are read, again after DURATION seconds,
# and the difference is printed as a percentage of one CPU. "Idle" means
# nobody presses keys: the dashboard still re-runs the checks every
# interval (default 10 s), so the figure includes those runs.
#
# Usage: bench/dashboard-idle.sh [-d SECONDS] [-i SECONDS]
#   -d SECONDS   how long to measure (default 60)
#   -i SECONDS   the dashboard's refresh interval (default 10, its default)
# Environment:
#   RDM_S3                  the binary (default: ./rdm-s3, then the source
#                           tree's); build it WITHOUT sanitizers
#   RDM_S3_BENCH_INSTANCE   an instance folder whose server is running
#                           (check-vs-peers.sh passes its own); without it
#                           this script starts an s3rver and makes one
# Output: progress on stderr; on stdout one line ending in the percentage,
#   e.g. "dashboard idle CPU: 12 ticks in 60 s (interval 10 s) = 0.20 %".
# Not a test: it asserts nothing (the target is < 1 %).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)

duration=60 interval=10
while [ $# -gt 0 ]; do
	case $1 in
	-d) duration=${2:?-d needs seconds}; shift 2 ;;
	-i) interval=${2:?-i needs seconds}; shift 2 ;;
	-h | --help) sed -n '2,22p' "$0"; exit 0 ;;
	*) echo "dashboard-idle.sh: unknown argument $1 (see --help)" >&2; exit 64 ;;
	esac
done

log() { printf '[dashboard-idle %s] %s\n' "$(date +%T)" "$*" >&2; }
command -v tmux >/dev/null || { log "tmux is missing (apt-get install tmux)"; exit 2; }
rdm=${RDM_S3:-}
if [ -z "$rdm" ]; then
	if [ -x ./rdm-s3 ]; then rdm=$PWD/rdm-s3; else rdm=$top/rdm-s3; fi
fi
[ -x "$rdm" ] || { log "no rdm-s3 binary at $rdm (set RDM_S3)"; exit 2; }

scratch=$(mktemp -d "${TMPDIR:-/tmp}/rdm-s3-dash-idle.XXXXXX")
sock="rdm-s3-dash-idle-$$"
state=""
tmx() { tmux -L "$sock" -f /dev/null "$@"; }
cleanup() {
	tmx kill-server >/dev/null 2>&1 || true
	[ -z "$state" ] || "$top/tests/servers/s3rver/stop.sh" "$state" >/dev/null 2>&1 || true
	rm -rf "$scratch"
}
trap cleanup EXIT

inst=${RDM_S3_BENCH_INSTANCE:-}
if [ -z "$inst" ]; then
	log "starting an s3rver and an instance folder in $scratch"
	state="$scratch/s3rver"
	eval "$("$top/tests/servers/s3rver/start.sh" "$state")"
	. "$SECRETS_FILE"
	inst="$scratch/instance"
	mkdir -p "$inst"
	printf '[cli]\nflavour = RDM\n\n[cookiecutter]\nfile_storage = S3\n' >"$inst/.invenio"
	printf "S3_ENDPOINT_URL = '%s/'\nS3_ACCESS_KEY_ID = '%s'\n" "$ENDPOINT" "$ACCESS_KEY" >"$inst/invenio.cfg"
	(umask 077 && printf 'INVENIO_S3_SECRET_ACCESS_KEY=%s\n' "$SECRET_KEY" >"$inst/.env")
	"$rdm" --instance "$inst" bucket create default >/dev/null 2>&1 || true
fi

cat >"$scratch/dash.sh" <<EOF
#!/bin/sh
echo \$\$ >"$scratch/pid"
exec "$rdm" --instance "$inst" dashboard -i "$interval" 2>"$scratch/dash.err"
EOF
chmod +x "$scratch/dash.sh"
tmx new-session -d -s idle -x 80 -y 24 "$scratch/dash.sh"

# Wait (bounded) for the first run to be on the screen.
for _ in $(seq 1 120); do
	tmx capture-pane -p -t idle 2>/dev/null | grep -q ' last [0-9]' && break
	sleep 0.25
done
tmx capture-pane -p -t idle | grep -q ' last [0-9]' || {
	log "the dashboard did not show a first run; screen:"
	tmx capture-pane -p -t idle >&2 || true
	cat "$scratch/dash.err" >&2 || true
	exit 1
}
pid=$(cat "$scratch/pid")

ticks() { # utime + stime; the command name in field 2 may hold spaces
	sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'
}
hz=$(getconf CLK_TCK)
log "measuring pid $pid for $duration s (interval $interval s, $hz ticks/s)"
t0=$(ticks "$pid")
sleep "$duration"
[ -r "/proc/$pid/stat" ] || { log "the dashboard died while measured"; cat "$scratch/dash.err" >&2; exit 1; }
t1=$(ticks "$pid")
tmx send-keys -t idle q
awk -v a="$t0" -v b="$t1" -v hz="$hz" -v d="$duration" -v i="$interval" 'BEGIN {
	printf "dashboard idle CPU: %d ticks in %d s (interval %d s) = %.2f %%\n", b - a, d, i, (b - a) / hz / d * 100 }'
