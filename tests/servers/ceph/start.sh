#!/bin/bash
# Start a throw-away single-node Ceph cluster (1 mon, 1 memstore OSD, no mgr,
# no cephx) plus a radosgw S3 endpoint, all on 127.0.0.1, all state in one
# dir. A real, signature-checking S3 server (about 15 s to start).
# Adapted from shared/servers/ceph-rgw/start.sh (see its README.txt for the
# settings that were needed and the measured behaviour).
#
# Usage: eval "$(start.sh [--tls] [STATE_DIR])"
#   --tls  radosgw's beast frontend serves HTTPS only, with a throw-away CA
#          made by openssl (CA_FILE= names it; clients verify against it)
# stdout: KIND ENDPOINT PORT REGION ACCESS_KEY ADMIN_ACCESS_KEY USER
#   SECRETS_FILE STATE_DIR CEPH_CONF [CA_FILE]; SECRETS_FILE (0600) holds SECRET_KEY and
#   ADMIN_SECRET_KEY. "admin" has caps users=*;buckets=*;metadata=*;usage=*
#   for the /admin ops API. Stop with: stop.sh "$STATE_DIR".
# Environment: RDM_S3_PORT (force the radosgw port), RDM_S3_START_TIMEOUT
#   (default 120 s, the whole start), RDM_S3_SERVER_TTL, RDM_S3_RADOSGW
#   (the radosgw command).
set -euo pipefail
TS_KIND=ceph
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$here/../lib.sh"

state="" tls=""
while [ $# -gt 0 ]; do
	case $1 in
	-h | --help) sed -n '2,19p' "$0"; exit 0 ;;
	--tls) tls=1; shift ;;
	-*) ts_die "$TS_EXIT_USAGE" "unknown option $1 (see --help)" ;;
	*) state=$1; shift ;;
	esac
done

RGW_PORT=$(ts_pick_port)
TIMEOUT=${RDM_S3_START_TIMEOUT:-120}
RADOSGW=${RDM_S3_RADOSGW:-radosgw}
pkgs="apt-get install ceph-mon ceph-osd radosgw ceph-common uuid-runtime curl"
ts_need ceph-mon "$pkgs"
ts_need ceph-osd "$pkgs"
ts_need "$RADOSGW" "$pkgs"
ts_need radosgw-admin "$pkgs"
ts_need ceph "$pkgs"
ts_need monmaptool "$pkgs"
ts_need uuidgen "$pkgs"
ts_need curl "$pkgs"
ts_need timeout "apt-get install coreutils"
[ -z "$tls" ] || TS_KIND=ceph-tls

D=$(ts_state_init "$state" "$TS_KIND")
if ts_running "$D"; then
	ts_die "$TS_EXIT_USAGE" "a Ceph cluster already runs from $D; stop it first (stop.sh $D)"
fi
rm -rf "$D"/{mon,osd,rgw,crash} "$D/ceph.conf" "$D/keyring"
CONF="$D/ceph.conf"
T0=$(date +%s)
SCHEME=http FRONTEND="endpoint=127.0.0.1"
CURL_TLS=()
if [ -n "$tls" ]; then
	ts_make_tls "$D/tls"
	SCHEME=https
	FRONTEND="ssl_certificate=$D/tls/server.pem ssl_private_key=$D/tls/server.key ssl_endpoint=127.0.0.1"
	CURL_TLS=(--cacert "$D/tls/ca.pem")
fi

# Admin sockets are unix sockets (at most 107 bytes of path): keep them in a
# short directory even when the build dir is deep (make distcheck).
RUN=$(mktemp -d "${TMPDIR:-/tmp}/rdm-s3-ceph-run.XXXXXX")
printf '%s\n' "$RUN" >>"$D/extra-dirs"

fail() { # [STATUS] MESSAGE
	local status=$TS_EXIT_FAILED
	case $1 in [0-9]*) status=$1; shift ;; esac
	trap - ERR
	ts_log "FAILED: $*"
	ts_log_tail "$D"/log/*.log "$D"/log/*.out
	ts_stop_pids "$D" KILL
	if [ "$status" = "$TS_EXIT_FAILED" ] && ts_log_says_port_in_use "$D"/log/*; then
		status=$TS_EXIT_PORT
	fi
	ts_die "$status" "Ceph RGW did not start: $* (logs: $D/log)"
}
trap 'fail "error at line $LINENO"' ERR
deadline_check() {
	[ $(($(date +%s) - T0)) -lt "$TIMEOUT" ] || fail "timeout ($TIMEOUT s) waiting for $1"
}

MON_PORT=$(ts_free_port)
while [ "$MON_PORT" = "$RGW_PORT" ]; do MON_PORT=$(ts_free_port); done
FSID=$(uuidgen)
mkdir -p "$D"/{log,pids,mon,osd,rgw,crash}

write_conf() {
	cat >"$CONF" <<CONF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
mon initial members = a
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
ms bind ipv6 = false
auth cluster required = none
auth service required = none
auth client required = none
# radosgw defaults ms_mon_client_mode=secure (impossible with auth none -> EACCES -13)
ms mon client mode = crc
run dir = $RUN
admin socket = $RUN/\$name.asok
pid file = $RUN/\$name.pid
log file = $D/log/\$name.log
mon cluster log file = $D/log/cluster.log
crash dir = $D/crash
keyring = $D/keyring
mon data = $D/mon/\$id
osd data = $D/osd/\$id
osd objectstore = memstore
memstore device bytes = 1073741824
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
osd crush initial weight = 1
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
mon data avail crit = 1
mon data avail warn = 2
osd op num shards = 1
osd op num threads per shard = 2

[client.rgw]
rgw frontends = beast $FRONTEND:$RGW_PORT
rgw data = $D/rgw
rgw thread pool size = 32
rgw enable usage log = false
CONF
}
write_conf
: >"$D/keyring"

C=(-c "$CONF")
cephc() { timeout 20 ceph "${C[@]}" --connect-timeout 10 "$@" 2>>"$D/log/cli.out"; }

# --- monitor ---
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$D/monmap" >>"$D/log/mkfs.out" 2>&1
ceph-mon "${C[@]}" -i a --mkfs --monmap "$D/monmap" >>"$D/log/mkfs.out" 2>&1
ts_spawn "$D" 10-mon.a "$D/log/mon.a.out" ceph-mon "${C[@]}" -i a -f
echo 10-mon.a.pid >"$D/main"
ts_start_watchdog "$D"
until cephc mon stat >/dev/null 2>&1; do
	ts_running "$D" || fail "ceph-mon exited"
	deadline_check mon
	sleep 0.3
done
ts_log "mon up on 127.0.0.1:$MON_PORT ($(($(date +%s) - T0)) s)"

# --- one memstore OSD ---
OSD_UUID=$(uuidgen)
OSD_ID=$(cephc osd new "$OSD_UUID")
mkdir -p "$D/osd/$OSD_ID"
ceph-osd "${C[@]}" -i "$OSD_ID" --mkfs --osd-uuid "$OSD_UUID" >>"$D/log/mkfs.out" 2>&1
ts_spawn "$D" "20-osd.$OSD_ID" "$D/log/osd.$OSD_ID.out" ceph-osd "${C[@]}" -i "$OSD_ID" -f
until cephc osd stat -f json 2>/dev/null | grep '"num_up_osds":1' >/dev/null; do
	ts_pid_ours "$(cat "$D/pids/20-osd.$OSD_ID.pid")" "$D" || fail "ceph-osd exited"
	deadline_check osd
	sleep 0.3
done
ts_log "osd.$OSD_ID up ($(($(date +%s) - T0)) s)"

# --- radosgw ---
EP="$SCHEME://127.0.0.1:$RGW_PORT"
attempt=1
ts_spawn "$D" 30-rgw "$D/log/client.rgw.out" "$RADOSGW" "${C[@]}" -n client.rgw -f
echo 30-rgw.pid >"$D/main"
until [ "$(ts_http_code "$EP/" "${CURL_TLS[@]}")" != 000 ]; do
	if ! ts_running "$D"; then
		if ts_log_says_port_in_use "$D/log/client.rgw.log" "$D/log/client.rgw.out" &&
			[ -z "${RDM_S3_PORT:-}" ] && [ "$attempt" -lt 3 ]; then
			# the port was taken between picking and binding: pick another
			attempt=$((attempt + 1))
			RGW_PORT=$(ts_free_port)
			EP="$SCHEME://127.0.0.1:$RGW_PORT"
			ts_log "radosgw port taken meanwhile; trying $RGW_PORT"
			: >"$D/log/client.rgw.log"
			write_conf
			ts_spawn "$D" 30-rgw "$D/log/client.rgw.out" "$RADOSGW" "${C[@]}" -n client.rgw -f
			continue
		fi
		fail "radosgw exited"
	fi
	deadline_check radosgw
	sleep 0.3
done
ts_log "radosgw answers on $EP ($(($(date +%s) - T0)) s)"

# --- users: radosgw-admin generates the keys (so no secret is ever in argv);
# its JSON answer is read from a pipe, never written to a log ---
RA=(radosgw-admin "${C[@]}" -n client.admin)
key_of() { # FIELD < user JSON
	sed -n "s/^ *\"$1\": \"\\(.*\\)\",\\{0,1\\}\$/\\1/p" | head -n 1 | sed 's#\\/#/#g'
}
json=$("${RA[@]}" user create --uid=testuser --display-name="Test User" 2>>"$D/log/admin.out")
AK=$(printf '%s\n' "$json" | key_of access_key)
SK=$(printf '%s\n' "$json" | key_of secret_key)
json=$("${RA[@]}" user create --uid=admin --display-name="Admin" 2>>"$D/log/admin.out")
AAK=$(printf '%s\n' "$json" | key_of access_key)
ASK=$(printf '%s\n' "$json" | key_of secret_key)
json=""
[ -n "$AK" ] && [ -n "$SK" ] && [ -n "$AAK" ] && [ -n "$ASK" ] || fail "could not read the generated keys from radosgw-admin"
"${RA[@]}" caps add --uid=admin --caps="users=*;buckets=*;metadata=*;usage=*" >/dev/null 2>>"$D/log/admin.out"
ts_write_secrets "$D/secrets.env" "SECRET_KEY=$SK" "ADMIN_SECRET_KEY=$ASK"

# Wait until the S3 key is accepted (user cache / metadata propagation).
# curl 7.88 --aws-sigv4 does not add x-amz-content-sha256; RGW needs it.
# The key pair reaches curl through a 0600 config file, not argv.
E0=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
(umask 077; printf 'user = "%s:%s"\n' "$AK" "$SK" >"$D/curl-auth.conf")
until [ "$(ts_http_code "$EP/" "${CURL_TLS[@]}" -K "$D/curl-auth.conf" --aws-sigv4 'aws:amz:us-east-1:s3' -H "x-amz-content-sha256: $E0")" = 200 ]; do
	deadline_check "S3 auth"
	sleep 0.3
done
rm -f "$D/curl-auth.conf"
trap - ERR
ts_log "ready in $(($(date +%s) - T0)) s"

{
	ts_emit KIND ceph
	ts_emit ENDPOINT "$EP"
	ts_emit PORT "$RGW_PORT"
	ts_emit REGION us-east-1
	ts_emit ACCESS_KEY "$AK"
	ts_emit ADMIN_ACCESS_KEY "$AAK"
	ts_emit USER testuser
	ts_emit SECRETS_FILE "$D/secrets.env"
	ts_emit STATE_DIR "$D"
	ts_emit CEPH_CONF "$CONF"
	[ -z "$tls" ] || ts_emit CA_FILE "$D/tls/ca.pem"
} | tee "$D/server.env"
