#!/bin/bash
# The same six-request S3 workload done by `rdm-s3 check` and by its peers,
# timed side by side with hyperfine against ONE local MinIO in ONE run:
#   ListBuckets, HeadBucket, GetBucketCors, PUT a 1 KiB canary, GET it and
#   compare the bytes, DELETE it.
# Peers: the floor (one curl process, one reused connection, --next between
# the requests), six `aws s3api` calls, s3cmd (ls, info, put, get, del).
# Also: peak RSS (GNU time -v), ten instances checked at once vs one, and
# bench/dashboard-idle.sh (dashboard CPU while idle) when it exists.
#
# Usage: bench/check-vs-peers.sh [options]
#   --rdm-s3 PATH    the binary (default: $RDM_S3, ./rdm-s3, then the
#                    source tree's rdm-s3); build it WITHOUT sanitizers
#   --runs N         hyperfine runs of the fast commands (default 30)
#   --slow-runs N    runs of aws and s3cmd (default 5: they take seconds)
#   --warmup N       warmup runs of the fast commands (default 3)
#   --rounds N       split the runs into N interleaved rounds (default 5)
#   -o, --output F   also write the Markdown report to F
#   --no-idle        do not run bench/dashboard-idle.sh
#   --keep           keep the scratch directory (secrets in 0600 files!)
#   --peers-only     time only curl, aws and s3cmd (to try the setup on a
#                    build without `check`)
# Output: progress on stderr, a Markdown report on stdout (paste it into the
# README's performance section). Figures that count are the ratios.
# Installs what is missing (Debian, as root): hyperfine time jq curl s3cmd
# awscli (else awscli from PyPI into ~/.cache/rdm-s3/bench-venv).
# Environment: TMPDIR (scratch), RDM_S3_BENCH_AWS (an aws binary),
#   RDM_S3_BENCH_ONLY (check ids, default auth,bucket,cors,canary).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
# shellcheck source=lib.sh
. "$here/lib.sh"

rdm=${RDM_S3:-} runs=30 slow_runs=5 warmup=3 rounds=5 output="" idle=1 keep=0 peers_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--rdm-s3) rdm=${2:?--rdm-s3 needs a path}; shift 2 ;;
	--runs) runs=${2:?}; shift 2 ;;
	--slow-runs) slow_runs=${2:?}; shift 2 ;;
	--warmup) warmup=${2:?}; shift 2 ;;
	--rounds) rounds=${2:?}; shift 2 ;;
	-o | --output) output=${2:?}; shift 2 ;;
	--no-idle) idle=0; shift ;;
	--keep) keep=1; shift ;;
	--peers-only) peers_only=1; idle=0; shift ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
	*) bench_die "$BENCH_EXIT_USAGE" "unknown argument $1 (see --help)" ;;
	esac
done
for n in "$runs" "$slow_runs" "$warmup" "$rounds"; do
	case $n in '' | *[!0-9]*) bench_die "$BENCH_EXIT_USAGE" "not a number: $n" ;; esac
done
[ "$rounds" -ge 1 ] && [ "$runs" -ge 1 ] && [ "$slow_runs" -ge 1 ] ||
	bench_die "$BENCH_EXIT_USAGE" "--rounds, --runs and --slow-runs must be at least 1"

# --- the binary under test --------------------------------------------
if [ -z "$rdm" ]; then
	for c in ./rdm-s3 "$top/rdm-s3"; do
		[ -x "$c" ] && { rdm=$c; break; }
	done
fi
[ -n "$rdm" ] && [ -x "$rdm" ] ||
	bench_die "$BENCH_EXIT_USAGE" "no rdm-s3 binary: build it (make) and run this from the build directory, or pass --rdm-s3 PATH"
rdm=$(cd "$(dirname "$rdm")" && pwd)/$(basename "$rdm")
"$rdm" --version 2>/dev/null | grep -q '^rdm-s3 ' ||
	bench_die "$BENCH_EXIT_USAGE" "$rdm is not rdm-s3 (its --version does not say so)"
[ "$peers_only" = 1 ] || "$rdm" help check >/dev/null 2>&1 ||
	bench_die "$BENCH_EXIT_FAILED" "$rdm has no 'check' command (rdm-s3 help check fails)"
if ldd "$rdm" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	bench_die "$BENCH_EXIT_USAGE" "$rdm is a sanitizer build: its time and memory say nothing; use a build configured without --enable-sanitizers"
fi

# --- prerequisites ----------------------------------------------------
bench_need hyperfine hyperfine
bench_need jq jq
bench_need curl curl
bench_need cmp diffutils
[ -x /usr/bin/time ] || bench_apt_install time ||
	bench_die "$BENCH_EXIT_MISSING" "GNU time (/usr/bin/time) is missing: apt-get install time"
bench_need s3cmd s3cmd
s3cmd=$(command -v s3cmd)
aws=$(bench_find_aws)

# --- scratch directory and the server ---------------------------------
umask 077 # every file below that holds a secret is born 0600
RUN=$(mktemp -d "${TMPDIR:-/tmp}/rdm-s3-bench.XXXXXX")
BENCH_RUN=$RUN
state=$RUN/minio
cleanup() {
	local st=$?
	trap - EXIT INT TERM
	if [ -d "$state" ]; then
		"$top/tests/servers/minio/stop.sh" "$state" >&2 ||
			bench_log "stopping MinIO failed; its pids are in $state/pids"
	fi
	if [ "$keep" = 1 ]; then
		bench_log "kept $RUN (holds secrets in 0600 files; remove it when done)"
	else
		rm -rf "$RUN"
	fi
	exit "$st"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Browsers of the sample instance come from its SITE_UI_URL; MinIO only has
# a server-wide CORS setting, so it is given that origin at start.
origin=https://127.0.0.1
bench_log "starting MinIO (tests/servers/minio/start.sh) in $state"
srv=$(MINIO_API_CORS_ALLOW_ORIGIN=$origin "$top/tests/servers/minio/start.sh" "$state") ||
	bench_die "$BENCH_EXIT_FAILED" "MinIO did not start (see above)"
eval "$srv" # ENDPOINT PORT REGION ACCESS_KEY SECRETS_FILE ...
# shellcheck disable=SC1090
. "$SECRETS_FILE" # SECRET_KEY, a shell variable only (not exported)
ep=$ENDPOINT
# The build is named by its directory in the cache (minio-YYYYMMDD): a
# `go install` build reports only DEVELOPMENT.GOGET as its version.
minio_build=$(eval "$("$top/tests/servers/minio/install.sh" 2>/dev/null)" &&
	basename "$(dirname "${MINIO_BIN:-unknown/x}")") || minio_build=""

# Credentials, each in a 0600 file (umask above): curl's -K config, the AWS
# shared files (also rdm-s3's --credentials-file), s3cmd's config.
q() { local v=${1//\\/\\\\}; printf '%s' "${v//\"/\\\"}"; } # for curl's "..." syntax
printf 'user = "%s:%s"\n' "$(q "$ACCESS_KEY")" "$(q "$SECRET_KEY")" >"$RUN/curl-user.cfg"
mkdir "$RUN/aws"
printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' \
	"$ACCESS_KEY" "$SECRET_KEY" >"$RUN/aws/credentials"
printf '[default]\nregion = us-east-1\noutput = json\n' >"$RUN/aws/config"
printf '[default]\naccess_key = %s\nsecret_key = %s\nhost_base = 127.0.0.1:%s\nhost_bucket = 127.0.0.1:%s\nuse_https = False\nsignature_v2 = False\nbucket_location = us-east-1\n' \
	"$ACCESS_KEY" "$SECRET_KEY" "$PORT" "$PORT" >"$RUN/s3cmd.cfg"

head -c 1024 /dev/urandom >"$RUN/canary.bin"
e0=$(printf '' | sha256sum | cut -d' ' -f1)
hc=$(sha256sum "$RUN/canary.bin" | cut -d' ' -f1)
sig=(--aws-sigv4 "aws:amz:us-east-1:s3")

# Buckets: bench-1 for the single runs, bench-1..bench-10 for ten instances.
mk=(curl -s -S)
for i in $(seq 1 10); do
	[ "$i" = 1 ] || mk+=(--next)
	mk+=(-K "$RUN/curl-user.cfg" "${sig[@]}" -H "x-amz-content-sha256: $e0" -X PUT
		-o /dev/null -w '%{http_code}\n' "$ep/bench-$i")
done
codes=$("${mk[@]}" | sort -u)
[ "$codes" = 200 ] || bench_die "$BENCH_EXIT_FAILED" "creating the buckets bench-1..bench-10 answered: $codes"
b1=bench-1

# --- (b) the floor: one curl process, one connection ------------------
# -w prints "code connects" per request; the verification run reads it,
# hyperfine throws it away. Each --next segment repeats -K and --aws-sigv4
# because --next resets per-request options.
seg() { # EXTRA... URL
	floor+=(-K "$RUN/curl-user.cfg" "${sig[@]}" -w '%{http_code} %{num_connects}\n' "$@")
}
floor_for() { # BUCKET: prints the floor's command line for that bucket
	local b=$1 floor=(curl -s -S)
	seg -H "x-amz-content-sha256: $e0" -o /dev/null "$ep/"
	floor+=(--next); seg -H "x-amz-content-sha256: $e0" -I -o /dev/null "$ep/$b"
	floor+=(--next); seg -H "x-amz-content-sha256: $e0" -o "$RUN/cors-$b.xml" "$ep/$b?cors="
	floor+=(--next); seg -H "x-amz-content-sha256: $hc" -T "$RUN/canary.bin" -o /dev/null "$ep/$b/canary-curl"
	floor+=(--next); seg -H "x-amz-content-sha256: $e0" -o "$RUN/got-$b.bin" "$ep/$b/canary-curl"
	floor+=(--next); seg -H "x-amz-content-sha256: $e0" -X DELETE -o /dev/null "$ep/$b/canary-curl"
	printf '%s' "$(printf '%q ' "${floor[@]}")&& cmp -s $RUN/canary.bin $RUN/got-$b.bin"
}
floor_cmd=$(floor_for "$b1")
# The server's share: ten floors at once, one per bucket, as ten processes
# (what ten instances cost when the client adds nothing).
floor10_cmd="" waits=""
for i in $(seq 1 10); do
	floor10_cmd+="{ $(floor_for "bench-$i"); } >/dev/null & p$i=\$!; "
	waits+="${waits:+ && }wait \$p$i"
done
floor10_cmd+=$waits

rm -f "$RUN/got-$b1.bin"
got=$(sh -c "$floor_cmd" | tr '\n' ' ') || bench_die "$BENCH_EXIT_FAILED" "the curl floor failed: $got"
case $got in
"200 1 200 0 404 0 200 0 200 0 204 0 " | "200 1 200 0 501 0 200 0 200 0 204 0 " | "200 1 200 0 200 0 200 0 200 0 204 0 ") ;;
*) bench_die "$BENCH_EXIT_FAILED" "the curl floor got (code connects per request): $got; expected 200 1, 200 0, 404/501/200 0, 200 0, 200 0, 204 0" ;;
esac
grep -q 'NoSuchCORSConfiguration\|NotImplemented\|CORSConfiguration>' "$RUN/cors-$b1.xml" ||
	bench_die "$BENCH_EXIT_FAILED" "GetBucketCors did not reach the S3 API: $(head -c 300 "$RUN/cors-$b1.xml")"
sh -c "$floor10_cmd" || bench_die "$BENCH_EXIT_FAILED" "ten curl floors at once failed"
for i in $(seq 1 10); do
	cmp -s "$RUN/canary.bin" "$RUN/got-bench-$i.bin" ||
		bench_die "$BENCH_EXIT_FAILED" "ten curl floors at once: bucket bench-$i gave other bytes back"
done
bench_log "curl floor verified: codes+connections $got(one connection), bytes compared"

# --- (c) aws s3api, (d) s3cmd -----------------------------------------
cat >"$RUN/aws.sh" <<EOF
# Six aws s3api calls; credentials from the 0600 shared files.
set -e
export AWS_SHARED_CREDENTIALS_FILE=$RUN/aws/credentials AWS_CONFIG_FILE=$RUN/aws/config
export AWS_EC2_METADATA_DISABLED=true AWS_PAGER= AWS_CLI_AUTO_PROMPT=off
a() { $aws --endpoint-url $ep s3api "\$@"; }
a list-buckets >/dev/null
a head-bucket --bucket $b1 >/dev/null
# GetBucketCors: MinIO has no bucket CORS; its error still proves the call.
a get-bucket-cors --bucket $b1 >/dev/null 2>$RUN/aws-cors.err ||
	grep -q 'NoSuchCORSConfiguration\|NotImplemented' $RUN/aws-cors.err
a put-object --bucket $b1 --key canary-aws --body $RUN/canary.bin >/dev/null
a get-object --bucket $b1 --key canary-aws $RUN/got-aws.bin >/dev/null
cmp -s $RUN/canary.bin $RUN/got-aws.bin
a delete-object --bucket $b1 --key canary-aws
EOF
cat >"$RUN/s3cmd.sh" <<EOF
# s3cmd: ls (ListBuckets), info (location, policy, CORS, ...), put, get, del.
set -e
s() { $s3cmd -c $RUN/s3cmd.cfg "\$@"; }
s ls
s info s3://$b1
s put $RUN/canary.bin s3://$b1/canary-s3cmd
s get --force s3://$b1/canary-s3cmd $RUN/got-s3cmd.bin
cmp -s $RUN/canary.bin $RUN/got-s3cmd.bin
s del s3://$b1/canary-s3cmd
EOF
bash "$RUN/aws.sh" >"$RUN/aws.log" 2>&1 || {
	cat "$RUN/aws.log" >&2
	bench_die "$BENCH_EXIT_FAILED" "the aws workload failed"
}
bash "$RUN/s3cmd.sh" >"$RUN/s3cmd.log" 2>&1 || {
	cat "$RUN/s3cmd.log" >&2
	bench_die "$BENCH_EXIT_FAILED" "the s3cmd workload failed"
}
bench_log "aws and s3cmd workloads verified"

# --- (a) rdm-s3: instances pointed at the server with rdm-s3 itself ----
only=${RDM_S3_BENCH_ONLY:-auth,bucket,cors,canary}
have_rdm=1 have_ep=0 have_full=0
[ "$peers_only" = 0 ] || have_rdm=0
for i in $(seq 1 10); do
	[ "$have_rdm" = 1 ] || break
	d=$RUN/inst-$i
	cp -R "$top/data/sample-instance" "$d"
	chmod -R u+w "$d"
	"$rdm" config set --instance "$d" "storage.endpoint=$ep" "storage.bucket=bench-$i" \
		"minio.root-user=$ACCESS_KEY" "minio.cors-allow-origin=$origin" >"$RUN/config.log" 2>&1 &&
		printf '%s' "$SECRET_KEY" |
		"$rdm" config set-secret --instance "$d" minio.root-password >>"$RUN/config.log" 2>&1 || {
		cat "$RUN/config.log" >&2
		bench_die "$BENCH_EXIT_FAILED" "rdm-s3 config could not point $d at the server"
	}
	# What the client-compat check asks for on a non-AWS endpoint (boto3
	# >= 1.36 checksums), so that the all-checks row passes too.
	printf '%s\n' 'S3_CONFIG_EXTRA = {"request_checksum_calculation": "when_required", "response_checksum_validation": "when_required"}' >>"$d/invenio.cfg"
	chmod 600 "$d/invenio.cfg" "$d/docker-services.yml"
done
one_cmd="$rdm check --only $only --instance $RUN/inst-1"
ten_cmd="$rdm check --only $only"
for i in $(seq 1 10); do ten_cmd+=" --instance $RUN/inst-$i"; done
ep_cmd="$rdm check --only $only --endpoint $ep --bucket $b1 --origin $origin --credentials-file $RUN/aws/credentials"
full_cmd="$rdm check --instance $RUN/inst-1"

# verify_check NAME CMD IDS INSTANCES: the command exits 0 and its --json
# report holds each of IDS (comma list) INSTANCES times, every one "ok"
# (IDS "*": at least ten checks, none worse than info). A binary that exits
# 0 without checking anything fails here. Prints the statuses.
verify_check() {
	local st=0 statuses want got
	$2 --json >"$RUN/check.json" 2>"$RUN/check.err" || st=$?
	statuses=$(jq -r '[.. | objects | select(has("id") and has("status")) | "\(.id)=\(.status)"] | join(" ")' \
		"$RUN/check.json" 2>/dev/null || true)
	if [ "$st" != 0 ]; then
		bench_log "$1: exit $st; $statuses"
		sed 's/^/  /' "$RUN/check.err" >&2
		return 1
	fi
	if [ "$3" = "*" ]; then
		got=$(printf '%s\n' $statuses | grep -c '=\(ok\|info\|skipped\)$' || true)
		want=$(printf '%s\n' $statuses | grep -c . || true)
		[ "$got" -ge 10 ] && [ "$got" = "$want" ]
	else
		want=0 got=0
		for id in ${3//,/ }; do
			want=$((want + $4))
			got=$((got + $(printf '%s\n' $statuses | grep -cx "$id=ok" || true)))
		done
		[ "$got" = "$want" ]
	fi || {
		bench_log "$1: exit 0 but the report is not what was asked for: ${statuses:-no checks in the JSON}"
		return 1
	}
	bench_log "$1 verified (exit 0): $statuses"
}
if [ "$have_rdm" = 1 ]; then
	verify_check "rdm-s3 check (instance)" "$one_cmd" "$only" 1 ||
		bench_die "$BENCH_EXIT_FAILED" "rdm-s3 check does not pass on a fresh bucket; fix that first"
	verify_check "rdm-s3 check (10 instances)" "$ten_cmd" "$only" 10 ||
		bench_die "$BENCH_EXIT_FAILED" "rdm-s3 check of ten instances does not pass"
	have_ep=1
	verify_check "rdm-s3 check (--endpoint)" "$ep_cmd" "$only" 1 || {
		have_ep=0
		bench_log "the --endpoint form is left out of the timing (it did not pass)"
	}
	have_full=1
	verify_check "rdm-s3 check (all checks)" "$full_cmd" "*" 1 || {
		have_full=0
		bench_log "the all-checks row is left out (it did not exit 0)"
	}
fi

# --- timing -----------------------------------------------------------
N_FLOOR="curl floor" N_ONE="rdm-s3 instance" N_EP="rdm-s3 endpoint" N_TEN="rdm-s3 ten"
N_FULL="rdm-s3 all" N_AWS="aws s3api" N_S3CMD="s3cmd" N_FLOOR10="curl floor x10"
fast=(-n "$N_FLOOR" "$floor_cmd" -n "$N_FLOOR10" "$floor10_cmd")
[ "$have_rdm" = 0 ] || fast+=(-n "$N_ONE" "$one_cmd")
[ "$have_ep" = 0 ] || fast+=(-n "$N_EP" "$ep_cmd")
[ "$have_rdm" = 0 ] || fast+=(-n "$N_TEN" "$ten_cmd")
[ "$have_full" = 0 ] || fast+=(-n "$N_FULL" "$full_cmd")
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# Rounds interleave the commands: on a shared machine the load drifts, and
# timing one command after the other would hand the drift to one of them.
per=$(((runs + rounds - 1) / rounds)) slow_per=$(((slow_runs + rounds - 1) / rounds))
for r in $(seq 1 "$rounds"); do
	w=$warmup
	[ "$r" = 1 ] || w=1
	bench_log "round $r/$rounds: fast commands ($per runs each), then aws and s3cmd ($slow_per each)"
	hyperfine --style basic --warmup "$w" --runs "$per" \
		--export-json "$RUN/fast-$r.json" "${fast[@]}" >&2 ||
		bench_die "$BENCH_EXIT_FAILED" "hyperfine failed on the fast commands"
	hyperfine --style basic --warmup "$([ "$r" = 1 ] && echo 1 || echo 0)" --runs "$slow_per" \
		--export-json "$RUN/slow-$r.json" \
		-n "$N_AWS" "bash $RUN/aws.sh" -n "$N_S3CMD" "bash $RUN/s3cmd.sh" >&2 ||
		bench_die "$BENCH_EXIT_FAILED" "hyperfine failed on aws/s3cmd"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

J=("$RUN"/fast-*.json "$RUN"/slow-*.json)
med() { [ "$2" = 0 ] || bench_median_ms "$1" "${J[@]}"; }
cpu() { [ "$2" = 0 ] || bench_cpu_ms "$1" "${J[@]}"; }
m_floor=$(med "$N_FLOOR" 1) c_floor=$(cpu "$N_FLOOR" 1)
m_floor10=$(med "$N_FLOOR10" 1) c_floor10=$(cpu "$N_FLOOR10" 1)
m_one=$(med "$N_ONE" "$have_rdm") c_one=$(cpu "$N_ONE" "$have_rdm")
m_ten=$(med "$N_TEN" "$have_rdm") c_ten=$(cpu "$N_TEN" "$have_rdm")
m_ep=$(med "$N_EP" "$have_ep") c_ep=$(cpu "$N_EP" "$have_ep")
m_full=$(med "$N_FULL" "$have_full") c_full=$(cpu "$N_FULL" "$have_full")
m_aws=$(med "$N_AWS" 1) c_aws=$(cpu "$N_AWS" 1)
m_s3cmd=$(med "$N_S3CMD" 1) c_s3cmd=$(cpu "$N_S3CMD" 1)
n_fast=$(bench_runs "$N_FLOOR" "${J[@]}") n_slow=$(bench_runs "$N_AWS" "${J[@]}")

# --- memory -----------------------------------------------------------
bench_log "peak RSS (GNU time -v)"
rss_one="" rss_ten="" rss_ep="" rss_base=""
if [ "$have_rdm" = 1 ]; then
	rss_one=$(bench_max_rss_kb 5 $one_cmd) || rss_one=""
	rss_ten=$(bench_max_rss_kb 3 $ten_cmd) || rss_ten=""
fi
[ "$have_ep" = 0 ] || rss_ep=$(bench_max_rss_kb 3 $ep_cmd) || rss_ep=""
rss_floor=$(bench_max_rss_kb 3 sh -c "$floor_cmd") || rss_floor=""
rss_aws=$(bench_max_rss_kb 1 bash "$RUN/aws.sh") || rss_aws=""
rss_s3cmd=$(bench_max_rss_kb 1 bash "$RUN/s3cmd.sh") || rss_s3cmd=""
# What loading the shared libraries alone costs (no request made).
rss_base=$(bench_max_rss_kb 3 "$rdm" --version) || rss_base=""
rss_curl_base=$(bench_max_rss_kb 3 curl --version) || rss_curl_base=""

# --- dashboard idle CPU (bench/dashboard-idle.sh, by the dashboard) ----
idle_out="" idle_cpu=""
if [ "$idle" = 1 ] && [ -x "$here/dashboard-idle.sh" ]; then
	bench_log "dashboard idle CPU: bench/dashboard-idle.sh"
	st=0
	idle_out=$(RDM_S3="$rdm" RDM_S3_BENCH_INSTANCE="$RUN/inst-1" "$here/dashboard-idle.sh") || st=$?
	if [ "$st" = 0 ]; then
		idle_cpu=$(printf '%s\n' "$idle_out" | grep -o '[0-9][0-9.]*[[:space:]]*%' | tail -n 1 | tr -d ' %' || true)
	else
		idle_out="bench/dashboard-idle.sh failed (exit $st) ${idle_out}"
	fi
fi

# --- report -----------------------------------------------------------
ms() { awk -v v="$1" 'BEGIN { if (v == "") print "n/a"; else if (v >= 1000) printf "%.2f s\n", v / 1000; else printf "%.1f ms\n", v }'; }
fx() { case $1 in n/a) printf 'n/a' ;; *) printf '%s×' "$1" ;; esac; }
# rx A B: A / B with two decimals below 10, none above (a 228.63× is noise).
rx() {
	local r
	r=$(bench_ratio "$1" "$2")
	case $r in n/a) printf 'n/a' ;; *) awk -v r="$r" 'BEGIN { printf (r >= 10 ? "%.0f" : "%.2f"), r }' ;; esac
}
mb() { awk -v k="$1" 'BEGIN { if (k == "") print "n/a"; else printf "%.1f MB\n", k * 1024 / 1e6 }'; }
# row LABEL PROCESSES MEDIAN-MS CPU-MS RSS-KB
row() {
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$(ms "$3")" \
		"$(fx "$(rx "$3" "$m_floor")")" "$(ms "$4")" \
		"$(fx "$(rx "$4" "$c_floor")")" "$(mb "$5")"
}
ratio_one=$(bench_ratio "$m_one" "$m_floor")
aws_vs=$(bench_ratio "$m_aws" "$m_one" 0)
s3cmd_vs=$(bench_ratio "$m_s3cmd" "$m_one" 0)
ten_vs=$(bench_ratio "$m_ten" "$m_one")
floor_ten_vs=$(rx "$m_floor10" "$m_floor")
cpu_one=$(bench_ratio "$c_one" "$c_floor")
rss_one_mb=$(awk -v k="$rss_one" 'BEGIN { if (k == "") print ""; else printf "%.1f\n", k * 1024 / 1e6 }')
rdm_version=$("$rdm" --version 2>/dev/null | head -n 1)
[ "$have_rdm" = 1 ] || rdm_version="$rdm_version (not timed: --peers-only)"
model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
aws_version=$("$aws" --version 2>&1 | cut -d' ' -f1-2)

report() {
	printf 'Performance\n-----------\n\n'
	fmt -w 78 <<EOF
\`bench/check-vs-peers.sh\` times one S3 workload — ListBuckets, HeadBucket,
GetBucketCors, PUT a 1 KiB canary, GET it and compare the bytes, DELETE it —
done by other clients and by
\`rdm-s3 check --only $only\`,
against one local MinIO in one run. The floor is one curl process sending the
six requests one after another over one kept-alive connection. Each figure is the median of
$n_fast runs (aws and s3cmd: $n_slow), measured by hyperfine in $rounds
interleaved rounds; CPU is user + system time per run. Absolute times depend
on the machine (this one was shared: load average $load_before before,
$load_after after); the ratios are the result.
EOF
	cat <<EOF

| Client (same workload) | Processes | Median | × floor | CPU | × floor CPU | Peak RSS |
|---|---:|---:|---:|---:|---:|---:|
EOF
	row "curl, one connection, \`--next\` (the floor)" "1 (+ cmp)" "$m_floor" "$c_floor" "$rss_floor"
	[ "$have_rdm" = 0 ] ||
		row "\`rdm-s3 check --only $only --instance DIR\`" 1 "$m_one" "$c_one" "$rss_one"
	[ "$have_ep" = 0 ] ||
		row "\`rdm-s3 check --only … --endpoint URL --bucket B\`" 1 "$m_ep" "$c_ep" "$rss_ep"
	[ "$have_full" = 0 ] ||
		row "\`rdm-s3 check --instance DIR\` (all 16 checks)" 1 "$m_full" "$c_full" ""
	row "\`aws s3api\` ×6 ($aws_version)" "6 (+ cmp)" "$m_aws" "$c_aws" "$rss_aws"
	row "s3cmd ls, info, put, get, del" "5 (+ cmp)" "$m_s3cmd" "$c_s3cmd" "$rss_s3cmd"
	[ "$have_rdm" = 0 ] ||
		row "\`rdm-s3 check --only …\` on ten instances (\`--instance\` ×10)" 1 "$m_ten" "$c_ten" "$rss_ten"
	row "ten curl floors at once (ten buckets; reference for the row above)" "10 (+ 10 cmp)" "$m_floor10" "$c_floor10" ""
	cat <<EOF

| Target | Measured | Met |
|---|---:|:---:|
| rdm-s3 at or below the curl floor (≤ 1.0×) | $(fx "$ratio_one") | $(bench_yes_no "$ratio_one" le 1.0) |
| ≥ 50× faster than the aws cli | $(fx "$aws_vs") | $(bench_yes_no "$aws_vs" ge 50) |
| peak RSS < 8 MB (one instance) | ${rss_one_mb:-n/a} MB | $(bench_yes_no "$rss_one_mb" lt 8) |
| ten instances at once ≤ 1.5× one | $(fx "$ten_vs") | $(bench_yes_no "$ten_vs" le 1.5) |
EOF
	if [ -n "$idle_cpu" ]; then
		echo "| dashboard CPU while idle for 60 s < 1 % | $idle_cpu % | $(bench_yes_no "$idle_cpu" lt 1) |"
	elif [ -n "$idle_out" ]; then
		echo "| dashboard CPU while idle for 60 s < 1 % | failed (below) | n/a |"
	else
		echo "| dashboard CPU while idle for 60 s < 1 % | not measured | n/a |"
	fi
	echo
	fmt -w 78 <<EOF
s3cmd takes $(fx "$s3cmd_vs") and the aws cli $(fx "$aws_vs") the time of \`rdm-s3 check\`;
rdm-s3 uses $(fx "$cpu_one") the CPU time of the curl floor. Ten curl floors
at once take $(fx "$floor_ten_vs") the time of one: what this server and these
cores allow, the reference for ten instances. rdm-s3 sends independent
requests at once (curl multi); the floor sends them one after another. Its
cors check makes two CORS preflights (OPTIONS, as a browser does) instead of
GetBucketCors: seven requests, not six. Loading the shared libraries alone
(\`--version\`) peaks at $(mb "$rss_base") for rdm-s3, $(mb "$rss_curl_base") for curl.
EOF
	if [ -n "$idle_out" ]; then
		printf '\nDashboard idle (bench/dashboard-idle.sh):\n\n'
		printf '%s\n' "$idle_out" | sed 's/^/    /'
	fi
	echo
	fmt -w 78 <<EOF
Machine: $(nproc) CPUs ($model), Linux $(uname -r), $(. /etc/os-release && echo "$PRETTY_NAME").

Versions: $rdm_version; $(curl --version | head -n 1 | cut -d' ' -f1-2); $aws_version;
$("$s3cmd" --version 2>&1); $(hyperfine --version); MinIO ${minio_build:-unknown}
(tests/servers/minio/README). Run on $(date -u +%Y-%m-%d) with
\`bench/check-vs-peers.sh --runs $runs --slow-runs $slow_runs --rounds $rounds\`.
EOF
}
if [ -n "$output" ]; then
	report | tee "$output"
else
	report
fi
