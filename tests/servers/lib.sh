# Shared functions of the local S3 test servers (sourced by bash scripts in
# tests/servers/). Conventions every start.sh follows:
#   - stdout carries only sourceable KEY=value lines; progress and errors go
#     to stderr; secrets go only into the 0600 file named by SECRETS_FILE.
#   - exit status: 0 ready, 1 the server failed to start (log tail shown),
#     2 a dependency is missing or could not be installed, 3 port in use,
#     64 usage error.
#   - every process started is recorded in STATE_DIR/pids/NN-name.pid and has
#     STATE_DIR in its command line, so stop.sh can check a pid is really ours.
# shellcheck shell=bash

TS_EXIT_FAILED=1
TS_EXIT_MISSING=2
TS_EXIT_PORT=3
TS_EXIT_USAGE=64
TS_MARKER=.rdm-s3-server
TS_KIND="${TS_KIND:-server}"

# The cache for installed servers: outside the source tree, shared by all
# build directories of the user.
RDM_S3_CACHE="${RDM_S3_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rdm-s3}"

ts_log() { printf '[%s %s] %s\n' "$TS_KIND" "$(date +%T)" "$*" >&2; }

# ts_die STATUS MESSAGE...: say what went wrong and exit with STATUS.
ts_die() {
	local status=$1
	shift
	printf '[%s] ERROR: %s\n' "$TS_KIND" "$*" >&2
	exit "$status"
}

# ts_need COMMAND INSTALL-HINT: a missing program is a missing dependency.
ts_need() {
	command -v "$1" >/dev/null 2>&1 ||
		ts_die "$TS_EXIT_MISSING" "'$1' not found: $2"
}

# ts_rand LENGTH CHARSET: random characters from /dev/urandom.
ts_rand() {
	local out=""
	while [ "${#out}" -lt "$1" ]; do
		out="$out$(head -c 256 /dev/urandom | LC_ALL=C tr -dc "$2" || true)"
	done
	printf '%s' "${out:0:$1}"
}

# ts_quote VALUE: VALUE as one shell word (raw when safe, else single-quoted),
# so that `eval "$(start.sh)"` works for any path. tests/helpers/test_server.c
# parses exactly these two forms.
ts_quote() {
	case $1 in
	'' | *[!A-Za-z0-9_./:@%+=,-]*)
		printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
		;;
	*) printf '%s' "$1" ;;
	esac
}

# ts_emit KEY VALUE: one sourceable line.
ts_emit() { printf '%s=%s\n' "$1" "$(ts_quote "$2")"; }

# --- ports -------------------------------------------------------------

# Local ports of TCP sockets, in decimal; with "listen" only listening ones.
ts_tcp_ports() {
	local file line port state
	for file in /proc/net/tcp /proc/net/tcp6; do
		[ -r "$file" ] || continue
		while read -r _ line; do
			# line: local_address rem_address st ...
			port=${line%% *}
			port=${port##*:}
			state=${line#* * }
			state=${state%% *}
			case $port in *[!0-9A-Fa-f]* | '') continue ;; esac
			if [ "${1:-}" = listen ] && [ "$state" != 0A ]; then continue; fi
			echo $((16#$port))
		done <"$file"
	done
}

# (grep without -q: with pipefail, -q would make a match look like a failure)
ts_port_listening() { ts_tcp_ports listen | grep -x "$1" >/dev/null; }

# A port below the kernel's ephemeral range (so outgoing connections do not
# take it meanwhile) that no socket uses now. Parallel starts may still race
# for it; start scripts retry when the server reports "address in use".
ts_free_port() {
	local used lo=20000 hi=32767 eph_lo p i
	if read -r eph_lo _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null &&
		[ "$eph_lo" -gt 21000 ] 2>/dev/null; then
		hi=$((eph_lo - 1))
	fi
	used=" $(ts_tcp_ports | sort -un | tr '\n' ' ') "
	for i in $(seq 1 200); do
		p=$((lo + (RANDOM * 32768 + RANDOM) % (hi - lo + 1)))
		case $used in *" $p "*) continue ;; esac
		echo "$p"
		return 0
	done
	ts_die "$TS_EXIT_PORT" "no free TCP port found on 127.0.0.1 in $lo-$hi"
}

# ts_pick_port: RDM_S3_PORT when the caller forces one (it must be free),
# else a free one.
ts_pick_port() {
	if [ -n "${RDM_S3_PORT:-}" ]; then
		case $RDM_S3_PORT in
		*[!0-9]* | '') ts_die "$TS_EXIT_USAGE" "RDM_S3_PORT='$RDM_S3_PORT' is not a port number" ;;
		esac
		# RDM_S3_SKIP_PORT_CHECK=1 (tests only): leave the detection to the
		# server's own bind error, the path a lost race takes
		if [ "${RDM_S3_SKIP_PORT_CHECK:-}" != 1 ] && ts_port_listening "$RDM_S3_PORT"; then
			ts_die "$TS_EXIT_PORT" "port 127.0.0.1:$RDM_S3_PORT is already in use (RDM_S3_PORT=$RDM_S3_PORT); stop what listens there or unset RDM_S3_PORT to pick a free port"
		fi
		echo "$RDM_S3_PORT"
	else
		ts_free_port
	fi
}

# Did the server's log report that its port was taken?
ts_log_says_port_in_use() {
	grep -qiE 'address already in use|EADDRINUSE|port is already in use|bind.*in use' "$@" 2>/dev/null
}

# --- state directory ---------------------------------------------------

# ts_state_init DIR KIND: create (or reuse one of ours) and make it absolute;
# prints the absolute path. Refuses a non-empty directory that is not ours.
ts_state_init() {
	local d=$1
	if [ -z "$d" ]; then
		d=$(mktemp -d "${TMPDIR:-/tmp}/rdm-s3-$2.XXXXXX")
	fi
	mkdir -p "$d"
	d=$(cd "$d" && pwd)
	if [ ! -f "$d/$TS_MARKER" ] && [ -n "$(ls -A "$d")" ]; then
		ts_die "$TS_EXIT_USAGE" "state dir $d is not empty and was not made by a test-server script"
	fi
	chmod 700 "$d"
	mkdir -p "$d/pids" "$d/log"
	printf '%s\n' "$2" >"$d/$TS_MARKER"
	touch "$d/last-used"
	printf '%s\n' "$d"
}

# ts_write_secrets FILE KEY=VALUE...: a 0600 sourceable file.
ts_write_secrets() {
	local f=$1 kv
	shift
	(
		umask 077
		: >"$f.tmp"
		for kv in "$@"; do ts_emit "${kv%%=*}" "${kv#*=}"; done >"$f.tmp"
	)
	chmod 600 "$f.tmp"
	mv -f "$f.tmp" "$f"
}

# --- processes ---------------------------------------------------------

# ts_pid_ours PID DIR: alive, not a zombie, and DIR or a path below DIR is one
# of its arguments (or an option value). Protects against pid reuse: we never
# signal someone else's process.
ts_pid_ours() {
	ts_alive "$1" || return 1
	[ -r "/proc/$1/cmdline" ] || return 1
	tr '\0' '\n' 2>/dev/null <"/proc/$1/cmdline" |
		awk -v d="$2" '$0 == d || index($0, d "/") == 1 || index($0, "=" d "/") > 0 { f = 1 } END { exit !f }'
}

ts_alive() { # running and not a zombie (PID 1 here reaps orphans late)
	local st
	st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "$st" != Z ]
}

# ts_wait_gone PID TENTHS
ts_wait_gone() {
	local i
	for i in $(seq 1 "$2"); do
		ts_alive "$1" || return 0
		sleep 0.1
	done
	! ts_alive "$1"
}

# ts_spawn DIR NAME LOGFILE COMMAND...: start a daemon detached from our
# stdin/stdout (a test harness reads our stdout until EOF) and record it.
ts_spawn() {
	local d=$1 name=$2 logf=$3
	shift 3
	(
		ts_close_fds
		exec "$@"
	) </dev/null >>"$logf" 2>&1 &
	echo $! >"$d/pids/$name.pid"
}

# ts_close_fds: close every descriptor above 2 (call in the subshell that
# execs a daemon): an inherited pipe end (make's jobserver, a test harness
# reading until EOF, a lock) must not stay open for the daemon's lifetime.
ts_close_fds() {
	local fd
	for fd in $(ls "/proc/$BASHPID/fd" 2>/dev/null); do
		[ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
	done
	return 0
}

# ts_main_pid DIR: the pid of the process whose readiness matters.
ts_main_pid() { cat "$1/pids/$(cat "$1/main" 2>/dev/null)" 2>/dev/null; }

# ts_running DIR: is the server of this state dir still up?
ts_running() {
	local p
	p=$(ts_main_pid "$1") || return 1
	[ -n "$p" ] && ts_pid_ours "$p" "$1"
}

# ts_stop_pids DIR SIGNAL: signal every recorded process (newest first) that
# is still ours, then wait (bounded) and SIGKILL what is left.
ts_stop_pids() {
	local d=$1 sig=$2 f p
	for f in $(ls -r "$d/pids/" 2>/dev/null); do
		p=$(cat "$d/pids/$f" 2>/dev/null) || continue
		[ -n "$p" ] || continue
		ts_pid_ours "$p" "$d" || continue
		kill "-$sig" "$p" 2>/dev/null || true
		if ! ts_wait_gone "$p" 100; then
			kill -KILL "$p" 2>/dev/null || true
			ts_wait_gone "$p" 50 || ts_log "pid $p ($f) is still alive"
		fi
	done
}

# ts_log_tail FILE...: show the end of each log after a failed start.
ts_log_tail() {
	local f
	for f in "$@"; do
		[ -s "$f" ] || continue
		printf -- '---- last lines of %s\n' "$f" >&2
		tail -n 20 "$f" >&2 || true
	done
}

# ts_start_watchdog DIR: a background sleeper that kills the server when it
# has not been used (DIR/last-used, touched by ensure.sh) for
# RDM_S3_SERVER_TTL seconds, or when DIR vanishes; it exits when the server
# dies. So an interrupted `make check` cannot leave a server running forever.
ts_start_watchdog() {
	local d=$1 here
	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	ts_spawn "$d" 99-watchdog "$d/log/watchdog.log" \
		bash "$here/watchdog.sh" "$d" "${RDM_S3_SERVER_TTL:-1800}"
}

# ts_wait_ready DIR WHAT TIMEOUT COMMAND...: poll COMMAND until it succeeds;
# fail early when the main process exits, fail after TIMEOUT seconds.
ts_wait_ready() {
	local d=$1 what=$2 timeout=$3 t0
	shift 3
	t0=$(date +%s)
	until "$@"; do
		if ! ts_running "$d"; then
			TS_WAIT_ERROR="$what exited during start-up"
			return 1
		fi
		if [ $(($(date +%s) - t0)) -ge "$timeout" ]; then
			TS_WAIT_ERROR="$what did not become ready within $timeout s"
			return 1
		fi
		sleep 0.2
	done
}

# ts_start_loop NAME LOG TIMEOUT LAUNCH READY: run LAUNCH (which starts the
# server on $port, its output in LOG) and the watchdog, then wait for READY.
# A port taken by someone else meanwhile is retried on another free port
# (twice at most, and never when RDM_S3_PORT forces the port); any other
# failure ends the script with the end of LOG and a clear message.
ts_start_loop() {
	local name=$1 log=$2 timeout=$3 launch=$4 readyfn=$5 attempt=1
	while :; do
		: >"$log"
		"$launch"
		ts_start_watchdog "$D"
		if ts_wait_ready "$D" "$name" "$timeout" "$readyfn"; then return 0; fi
		ts_stop_pids "$D" TERM
		if ts_log_says_port_in_use "$log"; then
			if [ -z "${RDM_S3_PORT:-}" ] && [ "$attempt" -lt 3 ]; then
				ts_log "port $port was taken meanwhile; trying another"
				attempt=$((attempt + 1))
				port=$(ts_free_port)
				continue
			fi
			ts_log_tail "$log"
			ts_die "$TS_EXIT_PORT" "$name could not listen on 127.0.0.1:$port: port in use"
		fi
		ts_log_tail "$log"
		ts_die "$TS_EXIT_FAILED" "$TS_WAIT_ERROR (log: $log)"
	done
}

# ts_http_code URL [CURL-ARGS...]: the HTTP status, 000 when nothing answers.
ts_http_code() {
	local url=$1
	shift
	curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$@" "$url" 2>/dev/null || true
}

# --- instance files ----------------------------------------------------

# ts_instance_env FILE NAME: value of NAME in the environment of the MinIO
# service of a docker-services.yml (the service whose image is minio/...,
# else the one named s3). Reads map style (`NAME: value`) and list style
# (`- "NAME=value"`), strips quotes and trailing comments. A small reader for
# the test scripts only; the program itself parses YAML with libyaml.
ts_instance_env() {
	awk -v want="$2" '
	function unquote(v) {
		sub(/^[ \t]+/, "", v); sub(/[ \t\r]+$/, "", v)
		if (v ~ /^".*"$/ || v ~ /^\047.*\047$/) return substr(v, 2, length(v) - 2)
		sub(/[ \t]+#.*$/, "", v)
		return v
	}
	/^services:/ { in_services = 1; next }
	/^[^ #]/ { in_services = 0 }
	in_services && /^  [A-Za-z0-9_.-]+:[ \t]*$/ {
		svc = $1; sub(/:$/, "", svc); next
	}
	in_services && svc != "" && /^    image:/ && /minio\// { minio = svc }
	in_services && svc != "" {
		line = $0
		if (match(line, "^[ \t]+" want ":[ \t]")) {
			val[svc] = unquote(substr(line, RLENGTH + 1)); next
		}
		if (match(line, "^[ \t]+-[ \t]*[\"\047]?" want "=")) {
			v = substr(line, RLENGTH + 1)
			q = substr(line, index(line, "-") + 1); sub(/^[ \t]+/, "", q); q = substr(q, 1, 1)
			if (q == "\"" || q == "\047") { sub(q ".*$", "", v) } else { sub(/[ \t]+#.*$/, "", v); sub(/[ \t\r]+$/, "", v) }
			val[svc] = v
		}
	}
	END {
		s = (minio != "") ? minio : "s3"
		if (s in val) { print val[s]; exit 0 }
		exit 1
	}' "$1"
}

# ts_dotenv_get FILE KEY: the value of KEY in a .env file, as docker compose
# reads it: `export ` and indentation allowed, the last line wins; 'single'
# quotes literal (\' an escape), "double" quotes with \" \$ \\ \n \t
# escapes, unquoted values end at " #" and are trimmed. One-line values
# only (a reader for the test scripts). Status 1 when KEY is not set.
ts_dotenv_get() {
	local line key val found=1 out=""
	[ -f "$1" ] || return 1
	while IFS= read -r line || [ -n "$line" ]; do
		line=${line%$'\r'}
		line=${line#"${line%%[![:space:]]*}"}
		case $line in '#'* | '') continue ;; esac
		line=${line#export }
		key=${line%%=*}
		[ "$key" != "$line" ] || continue
		key=${key%"${key##*[![:space:]]}"}
		[ "$key" = "$2" ] || continue
		val=${line#*=}
		val=${val#"${val%%[![:space:]]*}"}
		case $val in
		\'*)
			val=${val#\'}
			val=${val%\'*}
			val=${val//\\\'/\'}
			;;
		\"*)
			val=${val#\"}
			val=${val%\"*}
			val=$(printf '%s' "$val" | sed -e 's/\\"/"/g' -e 's/\\\$/$/g' -e 's/\\n/\n/g' \
				-e 's/\\t/\t/g' -e 's/\\\\/\\/g')
			;;
		*)
			val=${val%%[[:space:]]#*}
			val=${val%"${val##*[![:space:]]}"}
			;;
		esac
		found=0
		out=$val
	done <"$1"
	[ "$found" = 0 ] && printf '%s' "$out"
}

# ts_compose_resolve VALUE DIR: VALUE with ${VAR}, ${VAR:-default},
# ${VAR-default}, $VAR and $$ resolved as docker compose does for a file in
# instance folder DIR: the shell's environment first, then DIR/.env; an
# unset variable without a default becomes "".
ts_compose_resolve() {
	local v=$1 dir=$2 out="" inner name op dflt val set
	while [ -n "$v" ]; do
		case $v in
		'$$'*) out="$out\$"; v=${v:2}; continue ;;
		'${'*'}'*)
			inner=${v:2}
			inner=${inner%%\}*}
			v=${v:$((${#inner} + 3))}
			name=${inner%%[:-]*}
			op=${inner:${#name}}
			;;
		'$'[A-Za-z_]*)
			name=$(expr "X$v" : 'X\$\([A-Za-z_][A-Za-z0-9_]*\)')
			v=${v:$((${#name} + 1))}
			op=""
			;;
		'$'*) out="$out\$"; v=${v:1}; continue ;;
		*)
			inner=${v%%\$*}
			out="$out$inner"
			v=${v:${#inner}}
			continue
			;;
		esac
		set=1
		if [ -n "${!name+x}" ]; then
			val=${!name}
		elif val=$(ts_dotenv_get "$dir/.env" "$name"); then
			:
		else
			set=0
			val=""
		fi
		case $op in
		:-*) dflt=${op:2}; [ -n "$val" ] || val=$dflt ;;
		-*) dflt=${op:1}; [ "$set" = 1 ] || val=$dflt ;;
		esac
		out="$out$val"
	done
	printf '%s' "$out"
}

# ts_instance_file DIR: the docker-services file of an instance folder.
ts_instance_file() {
	local f
	for f in "$1/docker-services.yml" "$1/docker-services.yaml"; do
		[ -f "$f" ] && { printf '%s\n' "$f"; return 0; }
	done
	return 1
}

# --- TLS ---------------------------------------------------------------

# ts_make_tls DIR: a throw-away CA and a server certificate for 127.0.0.1 and
# localhost, signed by it. Clients verify with DIR/ca.pem (never "insecure").
ts_make_tls() {
	local t=$1
	ts_need openssl "apt-get install openssl"
	mkdir -p "$t"
	(
		umask 077
		cd "$t"
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
			-keyout ca.key -out ca.pem -days 7 -subj "/CN=rdm-s3 test CA" \
			-addext "basicConstraints=critical,CA:TRUE" \
			-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null &&
			openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
				-keyout server.key -out server.csr -subj "/CN=127.0.0.1" 2>/dev/null &&
			printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" \
				"basicConstraints=critical,CA:FALSE" \
				"keyUsage=critical,digitalSignature,keyEncipherment" \
				"extendedKeyUsage=serverAuth" >server.ext &&
			openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
				-out server.pem -days 7 -extfile server.ext 2>/dev/null
	) || ts_die "$TS_EXIT_FAILED" "could not create a test certificate with openssl in $t"
	chmod 644 "$t/ca.pem" "$t/server.pem"
}

# ts_stop DIR SIGNAL [--keep]: stop what DIR's start.sh started (only pids
# that are still ours), then remove DIR (only if it carries our marker)
# unless --keep, which leaves the data and the logs for inspection.
ts_stop() {
	local d=$1 sig=$2 keep=${3:-} x
	[ -f "$d/$TS_MARKER" ] || ts_die "$TS_EXIT_USAGE" "$d is not a test-server state dir (no $TS_MARKER)"
	d=$(cd "$d" && pwd)
	ts_stop_pids "$d" "$sig"
	[ "$keep" = --keep ] && return 0
	# extra directories the server needed outside DIR (short socket paths)
	if [ -f "$d/extra-dirs" ]; then
		while read -r x; do
			case $x in "${TMPDIR:-/tmp}"/rdm-s3-*) rm -rf "$x" ;; esac
		done <"$d/extra-dirs"
	fi
	case $d in / | "$HOME" | '') return 1 ;; esac
	rm -rf "$d"
}
