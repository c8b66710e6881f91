#!/bin/bash
# The terminal front end against `dialog --yesno`, started the same way:
# each program on a fresh 80x24 pseudo-terminal (TERM=xterm-256color) made
# by bench/ptyrun.c, which times
#   first frame      fork() to the output that completes the first screen;
#   key -> frame     a key (once the program waits for input) to the output
#                    that completes the next screen;
# and then quits the program with its key. hyperfine runs the sessions side
# by side in interleaved rounds (wall time of a whole session: start, first
# frame, key, quit); GNU time -v gives the peak RSS. The floor of each
# program, `--version` (loading the program and its libraries, no screen),
# is timed in the same run, because it explains most of the difference.
#
# Screens are rows of a table (SCREENS below): name, command, the text
# that ends its first frame, the key, the text that ends the frame after
# the key, the quit key. The wizard is one more row (`rdm-s3 setup`).
#
# Usage: bench/tui-vs-dialog.sh [options]
#   --rdm-s3 PATH   the binary (default: $RDM_S3, ./rdm-s3, then the source
#                   tree's); build it WITHOUT sanitizers
#   --runs N        sessions per program per round (default 20)
#   --rounds N      interleaved rounds (default 3)
#   --rss-runs N    runs under GNU time -v (default 5)
#   -o FILE         also write the Markdown report to FILE
#   --keep          keep the scratch directory
# Output: progress on stderr, a Markdown report on stdout; what counts are
# the ratios (targets: first frame <= 1.0x dialog's, peak RSS <= dialog's +
# 4 MiB), for the menu and for the wizard (its first step, then Enter to
# the second). The instance is a scratch copy of data/sample-instance whose
# endpoint is a closed port on 127.0.0.1, so the menu's background checks
# end at once and nothing leaves the machine.
# Installs what is missing (Debian, as root): hyperfine dialog time jq gcc.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

rdm=${RDM_S3:-} runs=20 rounds=3 rss_runs=5 output="" keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--rdm-s3) rdm=${2:?--rdm-s3 needs a path}; shift 2 ;;
	--runs) runs=${2:?}; shift 2 ;;
	--rounds) rounds=${2:?}; shift 2 ;;
	--rss-runs) rss_runs=${2:?}; shift 2 ;;
	-o | --output) output=${2:?}; shift 2 ;;
	--keep) keep=1; shift ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
	*) bench_die "$BENCH_EXIT_USAGE" "unknown argument $1 (see --help)" ;;
	esac
done
for n in "$runs" "$rounds" "$rss_runs"; do
	case $n in '' | *[!0-9]* | 0) bench_die "$BENCH_EXIT_USAGE" "not a positive number: $n" ;; esac
done
if [ -z "$rdm" ]; then
	for c in ./rdm-s3 "$top/rdm-s3"; do
		[ -x "$c" ] && { rdm=$c; break; }
	done
fi
[ -n "$rdm" ] && [ -x "$rdm" ] || bench_die "$BENCH_EXIT_MISSING" "no rdm-s3 binary (give --rdm-s3 PATH)"
rdm=$(cd "$(dirname "$rdm")" && pwd)/$(basename "$rdm")
bench_need hyperfine hyperfine
bench_need dialog dialog
bench_need jq jq
bench_need cc gcc
[ -x /usr/bin/time ] || bench_apt_install time || bench_die "$BENCH_EXIT_MISSING" "GNU time is missing: apt-get install time"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/rdm-s3-bench-tui.XXXXXX")
BENCH_RUN=$scratch
cleanup() { [ "$keep" = 1 ] && bench_log "kept $scratch" || rm -rf "$scratch"; }
trap cleanup EXIT

bench_log "building ptyrun"
cc -O2 -o "$scratch/ptyrun" "$here/ptyrun.c" -lutil ||
	bench_die "$BENCH_EXIT_MISSING" "cannot build bench/ptyrun.c (apt-get install gcc libc6-dev)"
inst="$scratch/demo-repo"
mkdir -p "$inst"
cp "$top"/data/sample-instance/.invenio "$top"/data/sample-instance/.invenio.private \
	"$top"/data/sample-instance/*.yml "$top"/data/sample-instance/invenio.cfg "$inst/"
sed -i "s|^S3_ENDPOINT_URL=.*|S3_ENDPOINT_URL='http://127.0.0.1:9/'|" "$inst/invenio.cfg"

# name | command | first-frame text | key | text after the key | quit key
SCREENS=(
	"dialog --yesno|dialog --yesno Continue? 7 40|Continue?|tab|o  |enter"
	"rdm-s3 (menu)|$rdm|quit|down|old key|q"
	"rdm-s3 setup (wizard)|$rdm setup|cancel|enter|keep its files|ctrl-c,y"
)

# One session of a screen as a command line for hyperfine (no shell: -N).
session() { # ROW TSV [PREFIX...]
	local row=$1 tsv=$2 name cmd first key after quit
	shift 2
	IFS='|' read -r name cmd first key after quit <<<"$row"
	printf "%s -C %s -w 100 -o %s -f '%s' -k %s -a '%s' -q %s -- %s %s" "$scratch/ptyrun" "$inst" "$tsv" \
		"$first" "$key" "$after" "$quit" "$*" "$cmd"
}

# Check every session once (a text that never comes fails here, not in
# the timing).
i=0
for row in "${SCREENS[@]}"; do
	i=$((i + 1))
	eval "$(session "$row" "$scratch/check-$i.tsv")" ||
		bench_die "$BENCH_EXIT_FAILED" "the session of '${row%%|*}' does not work (see above)"
done

args=() names=()
i=0
for row in "${SCREENS[@]}"; do
	i=$((i + 1))
	names+=("${row%%|*}")
	args+=(-n "${row%%|*}" "$(session "$row" "$scratch/times-$i.tsv")")
done
args+=(-n "rdm-s3 --version" "$rdm --version" -n "dialog --version" "dialog --version")
for r in $(seq 1 "$rounds"); do
	bench_log "round $r of $rounds: $runs sessions each"
	hyperfine -N -w 2 -r "$runs" --export-json "$scratch/round-$r.json" "${args[@]}" >&2
done

# median of column C of a TSV file, ms
median_col() {
	cut -f"$2" "$1" | sort -n | awk '$1 >= 0 { a[++n] = $1 } END { if (n == 0) print ""; else if (n % 2) print a[(n + 1) / 2]; else printf "%.3f\n", (a[n / 2] + a[n / 2 + 1]) / 2 }'
}
rss_kb() { # ROW
	local row=$1 max=0 kb k
	for k in $(seq 1 "$rss_runs"); do
		eval "$(session "$row" /dev/null /usr/bin/time -v -o "$scratch/time-v.txt")" >/dev/null 2>&1 || true
		kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$scratch/time-v.txt")
		[ -n "$kb" ] && [ "$kb" -gt "$max" ] && max=$kb
	done
	echo "$max"
}

declare -A first keyf whole rss
i=0
for row in "${SCREENS[@]}"; do
	i=$((i + 1))
	n=${row%%|*}
	first[$n]=$(median_col "$scratch/times-$i.tsv" 1)
	keyf[$n]=$(median_col "$scratch/times-$i.tsv" 2)
	whole[$n]=$(bench_median_ms "$n" "$scratch"/round-*.json)
	bench_log "peak RSS of $n ($rss_runs runs)"
	rss[$n]=$(rss_kb "$row")
done
v_rdm=$(bench_median_ms "rdm-s3 --version" "$scratch"/round-*.json)
v_dialog=$(bench_median_ms "dialog --version" "$scratch"/round-*.json)
base="dialog --yesno"

report() {
	echo "### The terminal front end against dialog"
	echo
	echo "Each program on a fresh 80x24 pseudo-terminal, timed by bench/ptyrun.c; medians of"
	echo "$((runs * rounds)) sessions in $rounds interleaved hyperfine rounds; peak RSS by GNU time -v"
	echo "(largest of $rss_runs). Ratios are to \`dialog --yesno\`."
	echo
	echo "| screen | first frame | ratio | key -> frame | ratio | session | peak RSS | RSS - dialog |"
	echo "|---|---:|---:|---:|---:|---:|---:|---:|"
	for n in "${names[@]}"; do
		printf '| %s | %s ms | %sx | %s ms | %sx | %s ms | %s | %+.1f MiB |\n' "$n" "${first[$n]}" \
			"$(bench_ratio "${first[$n]}" "${first[$base]}")" "${keyf[$n]}" \
			"$(bench_ratio "${keyf[$n]}" "${keyf[$base]}")" "${whole[$n]}" "$(bench_mib "${rss[$n]}")" \
			"$(awk -v a="${rss[$n]}" -v b="${rss[$base]}" 'BEGIN { print (a - b) / 1024 }')"
	done
	echo
	echo "Floors (\`--version\`: the program and its libraries loaded, no screen):"
	echo "rdm-s3 $v_rdm ms, dialog $v_dialog ms ($(bench_ratio "$v_rdm" "$v_dialog")x);"
	echo "shared libraries: rdm-s3 $(ldd "$rdm" | wc -l), dialog $(ldd "$(command -v dialog)" | wc -l)."
	echo
	for n in "${names[@]}"; do
		[ "$n" = "$base" ] && continue
		echo "$n: first frame <= 1.0x dialog's: $(bench_yes_no "$(bench_ratio "${first[$n]}" "${first[$base]}")" le 1.0);"
		echo "peak RSS <= dialog's + 4 MiB: $(bench_yes_no "$(awk -v a="${rss[$n]}" -v b="${rss[$base]}" 'BEGIN { print (a - b) / 1024 }')" le 4)."
	done
	echo
	echo "Machine: $(nproc) CPUs, $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg);"
	echo "$("$rdm" --version | head -n 1), $(dialog --version 2>&1 | head -n 1), $(hyperfine --version)."
}
report | { if [ -n "$output" ]; then tee "$output"; else cat; fi; }
