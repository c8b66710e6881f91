# Shared functions of the benchmark scripts in bench/ (sourced by bash).
# Conventions: progress and errors go to stderr, results to stdout; secrets
# are only ever written to 0600 files in the scratch directory and never
# appear in argv (hyperfine runs every command through `sh -c CMD`, so a
# command string must only name files, never hold a key).
# shellcheck shell=bash

BENCH_EXIT_FAILED=1
BENCH_EXIT_MISSING=2
BENCH_EXIT_USAGE=64

RDM_S3_CACHE="${RDM_S3_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rdm-s3}"

bench_log() { printf '[bench %s] %s\n' "$(date +%T)" "$*" >&2; }

# bench_die STATUS MESSAGE...
bench_die() {
	local status=$1
	shift
	printf '[bench] ERROR: %s\n' "$*" >&2
	exit "$status"
}

# bench_apt_install PACKAGE...: install Debian packages, saying so first.
# Only as root with apt-get; otherwise the caller gets a clear message.
bench_apt_install() {
	if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
		return 1
	fi
	local log="${TMPDIR:-/tmp}/rdm-s3-bench-apt.log"
	bench_log "installing Debian package(s) $*: apt-get install -y $* (log: $log)"
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >"$log" 2>&1; then
		bench_log "apt-get install failed; running apt-get update and retrying"
		DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$log" 2>&1 || true
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >>"$log" 2>&1 || {
			tail -n 5 "$log" >&2
			return 1
		}
	fi
}

# bench_need PROGRAM DEBIAN-PACKAGE: the program, installed when missing.
bench_need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	bench_apt_install "$2" && command -v "$1" >/dev/null 2>&1 && return 0
	bench_die "$BENCH_EXIT_MISSING" "'$1' is missing and could not be installed: run (as root) apt-get install $2"
}

# bench_find_aws: prints the path of a working AWS CLI. Order: $RDM_S3_BENCH_AWS,
# Debian's /usr/bin/aws (package awscli, installed when missing), else a
# virtualenv under the cache with awscli from PyPI. A PATH lookup is avoided
# on purpose: pyenv/pipx shims differ between machines.
bench_find_aws() {
	local venv="$RDM_S3_CACHE/bench-venv" py
	if [ -n "${RDM_S3_BENCH_AWS:-}" ]; then
		"$RDM_S3_BENCH_AWS" --version >/dev/null 2>&1 ||
			bench_die "$BENCH_EXIT_MISSING" "RDM_S3_BENCH_AWS=$RDM_S3_BENCH_AWS does not run"
		printf '%s\n' "$RDM_S3_BENCH_AWS"
		return 0
	fi
	if [ ! -x /usr/bin/aws ]; then
		bench_apt_install awscli || bench_log "Debian's awscli is not available; using pip"
	fi
	if [ -x /usr/bin/aws ] && /usr/bin/aws --version >/dev/null 2>&1; then
		printf '%s\n' /usr/bin/aws
		return 0
	fi
	if [ ! -x "$venv/bin/aws" ]; then
		py=/usr/bin/python3
		[ -x "$py" ] || py=$(command -v python3) ||
			bench_die "$BENCH_EXIT_MISSING" "no python3 for the awscli virtualenv: apt-get install python3-venv"
		bench_log "installing awscli from PyPI into $venv"
		mkdir -p "$RDM_S3_CACHE"
		if ! "$py" -m venv "$venv" >&2; then
			bench_apt_install python3-venv && "$py" -m venv "$venv" >&2 ||
				bench_die "$BENCH_EXIT_MISSING" "cannot create a virtualenv: apt-get install python3-venv"
		fi
		"$venv/bin/pip" install -q awscli >&2 ||
			bench_die "$BENCH_EXIT_MISSING" "pip install awscli failed (see above)"
	fi
	printf '%s\n' "$venv/bin/aws"
}

# bench_median_ms NAME JSON...: the median of all runs of command NAME over
# several hyperfine --export-json files (rounds), in milliseconds.
bench_median_ms() {
	local n=$1
	shift
	jq -n --arg n "$n" '[inputs | .results[] | select(.command == $n) | .times[]] | sort
		| if length == 0 then empty
		  elif length % 2 == 1 then .[(length / 2 | floor)]
		  else (.[length / 2 - 1] + .[length / 2]) / 2 end
		| . * 1e6 | round / 1000' "$@"
}

# bench_cpu_ms NAME JSON...: mean user+system CPU time per run of NAME, ms.
bench_cpu_ms() {
	local n=$1
	shift
	jq -n --arg n "$n" '[inputs | .results[] | select(.command == $n)
		| { k: (.times | length), c: (.user + .system) }]
		| if length == 0 then empty
		  else (map(.k * .c) | add) / (map(.k) | add) * 1e6 | round / 1000 end' "$@"
}

# bench_runs NAME JSON...: how many timed runs of NAME the files hold.
bench_runs() {
	local n=$1
	shift
	jq -n --arg n "$n" '[inputs | .results[] | select(.command == $n) | .times[]] | length' "$@"
}

# bench_ratio A B [DIGITS]: A / B, formatted.
bench_ratio() {
	awk -v a="$1" -v b="$2" -v d="${3:-2}" 'BEGIN { if (b <= 0 || a == "") print "n/a"; else printf "%.*f\n", d, a / b }'
}

# bench_max_rss_kb RUNS COMMAND...: the largest "Maximum resident set size"
# (GNU time -v, kB) over RUNS runs of COMMAND (output discarded). Fails when
# a run exits with status > 1 (check: 1 is a warning, still a full run).
bench_max_rss_kb() {
	local runs=$1 i max=0 kb st
	shift
	local out="${BENCH_RUN:-${TMPDIR:-/tmp}}/time-v.txt"
	for ((i = 0; i < runs; i++)); do
		st=0
		/usr/bin/time -v -o "$out" "$@" >/dev/null 2>&1 || st=$?
		[ "$st" -le 1 ] || {
			bench_log "RSS run failed (exit $st): $*"
			return 1
		}
		kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$out")
		[ -n "$kb" ] || return 1
		[ "$kb" -le "$max" ] || max=$kb
	done
	printf '%s\n' "$max"
}

# bench_mib KB: kilobytes as MiB with one decimal.
bench_mib() { awk -v k="$1" 'BEGIN { if (k == "") print "n/a"; else printf "%.1f MiB\n", k / 1024 }'; }

# bench_yes_no VALUE OP LIMIT: "yes"/"no"/"n/a" for VALUE OP LIMIT
# (OP: le, lt, ge).
bench_yes_no() {
	awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {
		if (v == "" || v == "n/a") { print "n/a"; exit }
		r = (op == "le") ? v <= l : (op == "lt") ? v < l : v >= l
		print r ? "yes" : "**no**"
	}'
}
