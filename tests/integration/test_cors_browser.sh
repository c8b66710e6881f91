#!/bin/bash
# CORS proven in a real browser (issues 13 and 14): headless Chromium
# (Debian's `chromium`) loads a page from an origin on 127.0.0.1 whose
# script, as InvenioRDM's pages do, fetches a presigned GET and PUTs a part
# to a presigned URL with Content-Type: application/octet-stream and
# Content-MD5 (reading the answer's ETag), from an allowed and from a
# refused origin, on MinIO (server-wide MINIO_API_CORS_ALLOW_ORIGIN) and on
# Ceph RGW (bucket rules: a complete one, one without AllowedHeaders, one
# without ExposeHeaders). For every case the test asserts that Chromium's
# verdict and `rdm-s3 cors test`'s agree: the GET, the uploader's PUT, and
# whether a script can read ETag. Then `rdm-s3 check --only cors` on the
# rule without AllowedHeaders warns, as Chromium refuses that upload, and
# `cors test` no longer warns about ETag on MinIO, where Chromium reads it.
# Without chromium, python3 or a server: skipped on a developer machine,
# FAILED under CI=true. (TAP)
set -u
bin="${top_builddir:?}/rdm-s3"
srcdir="${top_srcdir:?}"
run="${RDM_S3_TEST_RUN:?}/cors_browser.$$"
mkdir -p "$run" && chmod 700 "$run"
pids="" groups="" own_minio=""
cleanup() {
	for g in $groups; do kill -KILL -- "-$g" 2>/dev/null; done
	for p in $pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	[ -z "$own_minio" ] || "$srcdir/tests/servers/minio/stop.sh" "$own_minio" >/dev/null 2>&1
	rm -rf "$run"
}
trap cleanup EXIT

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
unavailable() { # WHAT WHY
	if [ "${CI:-}" = true ]; then notok "$1 ($2)"; else n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; fi
}
diag() { sed 's/^/# /' "$@"; }
finish() { echo "1..$n"; exit 0; }

CHROMIUM=${RDM_S3_CHROMIUM:-chromium}
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
	unavailable "Chromium agrees with rdm-s3" "chromium is not installed (apt-get install chromium)"
	finish
fi
if ! command -v python3 >/dev/null 2>&1; then
	unavailable "Chromium agrees with rdm-s3" "python3 is not installed"
	finish
fi

# --- the two origins: pages served by browser_page.py ------------------------
page_start() { # NAME: serve a page; sets PORT_<NAME>
	local name=$1 i
	python3 -u "$srcdir/tests/integration/browser_page.py" "$run/$name.cases" "$run/$name.result" \
		>"$run/$name.port" 2>"$run/$name.page.err" &
	pids="$pids $!"
	for i in $(seq 1 100); do
		grep -q '^PORT=' "$run/$name.port" 2>/dev/null && break
		sleep 0.1
	done
	eval "PORT_$name=$(sed -n 's/^PORT=//p' "$run/$name.port")"
}
page_start A
page_start B
ORIGIN_A="http://127.0.0.1:$PORT_A"
ORIGIN_B="http://127.0.0.1:$PORT_B"
if [ "$PORT_A" -gt 0 ] 2>/dev/null && [ "$PORT_B" -gt 0 ] 2>/dev/null; then
	ok "pages served from $ORIGIN_A (allowed) and $ORIGIN_B (refused)"
else
	notok "pages served on two origins"
	diag "$run/A.page.err" "$run/B.page.err"
	finish
fi

# --- the servers ---------------------------------------------------------------
creds_file() { # FILE ACCESS SECRET
	(umask 077; printf 'AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\n' "$2" "$3" >"$1")
}
rdm() { "$bin" "$@" >"$run/out" 2>"$run/err"; }
BODY="rdm-s3 browser probe: one part"
MD5=$(printf '%s' "$BODY" | openssl md5 -binary | base64)
targets="" # lines: LABEL ENDPOINT CREDS BUCKET

# MinIO decides CORS server-wide: it allows origin A only.
if out=$(MINIO_API_CORS_ALLOW_ORIGIN="$ORIGIN_A" "$srcdir/tests/servers/minio/start.sh" "$run/minio" \
	2>"$run/minio.err"); then
	eval "$out"
	own_minio=$STATE_DIR
	. "$SECRETS_FILE"
	creds_file "$run/minio.creds" "$ACCESS_KEY" "$SECRET_KEY"
	rdm bucket create browser --endpoint "$ENDPOINT" --credentials-file "$run/minio.creds"
	targets="$targets
minio $ENDPOINT $run/minio.creds browser"
else
	diag "$run/minio.err"
	unavailable "MinIO for the browser" "MinIO could not be started"
fi

# Ceph RGW: bucket rules for origin A; three kinds of rule.
rule() { # METHODS-JSON HEADERS-JSON EXPOSE-JSON
	printf '[{"AllowedOrigins": ["%s"], "AllowedMethods": %s%s%s, "MaxAgeSeconds": 0}]\n' \
		"$ORIGIN_A" "$1" "${2:+, \"AllowedHeaders\": $2}" "${3:+, \"ExposeHeaders\": $3}"
}
if out=$("$srcdir/tests/servers/ensure.sh" ceph 2>"$run/ceph.err"); then
	eval "$out"
	. "$SECRETS_FILE"
	creds_file "$run/ceph.creds" "$ACCESS_KEY" "$SECRET_KEY"
	i=0
	for kind in complete no-headers no-expose; do
		i=$((i + 1))
		b="browser-$$-$i"
		case $kind in
		complete) rule '["GET", "HEAD", "PUT"]' '["*"]' '["ETag"]' ;;
		no-headers) rule '["GET", "PUT"]' '' '' ;;
		no-expose) rule '["GET", "PUT"]' '["*"]' '' ;;
		esac >"$run/rules-$kind.json"
		if rdm bucket create "$b" --endpoint "$ENDPOINT" --credentials-file "$run/ceph.creds" &&
			rdm cors set "$b" "$run/rules-$kind.json" --endpoint "$ENDPOINT" --credentials-file "$run/ceph.creds"; then
			targets="$targets
ceph-$kind $ENDPOINT $run/ceph.creds $b"
		else
			notok "ceph: bucket $b with the $kind rule"
			diag "$run/err"
		fi
	done
else
	diag "$run/ceph.err"
	unavailable "Ceph RGW for the browser" "Ceph RGW could not be started"
fi
[ -n "$targets" ] || finish

# --- the cases: a stored object to GET, a new one to PUT, per origin ---------
printf '%s\n' "$targets" | while read -r label ep creds bucket; do
	[ -n "$label" ] || continue
	put=$("$bin" presign "$bucket" object.txt --method PUT --endpoint "$ep" --credentials-file "$creds")
	curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: text/plain' --data-binary "stored" "$put" \
		>"$run/$label.stored"
done
for label in $(printf '%s\n' "$targets" | awk 'NF { print $1 }'); do
	if [ "$(cat "$run/$label.stored")" = 200 ]; then
		ok "$label: presign --method PUT made a URL that curl uploads with"
	else
		notok "$label: presign --method PUT made a URL that curl uploads with (HTTP $(cat "$run/$label.stored"))"
	fi
done
for page in A B; do
	printf '%s\n' "$targets" | while read -r label ep creds bucket; do
		[ -n "$label" ] || continue
		get=$("$bin" presign "$bucket" object.txt --endpoint "$ep" --credentials-file "$creds")
		put=$("$bin" presign "$bucket" "part-$page.bin" --method PUT --endpoint "$ep" --credentials-file "$creds")
		printf '%s\t%s\t%s\n' "$label" "$get" "$put"
	done | python3 -c '
import json, sys
cases = []
body, md5 = sys.argv[1], sys.argv[2]
for line in sys.stdin:
    label, get, put = line.rstrip("\n").split("\t")
    cases.append({"name": label + " GET", "method": "GET", "url": get})
    cases.append({"name": label + " PUT", "method": "PUT", "url": put, "body": body,
                  "headers": {"Content-Type": "application/octet-stream", "Content-MD5": md5}})
print(json.dumps(cases))' "$BODY" "$MD5" >"$run/$page.cases"
done

# --- Chromium's verdicts -----------------------------------------------------------
browse() { # PAGE: Chromium runs the page until it posts its results
	local page=$1 port pid i sandbox=()
	eval "port=\$PORT_$page"
	[ "$(id -u)" != 0 ] || sandbox=(--no-sandbox)
	setsid "$CHROMIUM" --headless "${sandbox[@]}" --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$run/chrome-$page" "http://127.0.0.1:$port/" \
		>"$run/chrome-$page.log" 2>&1 </dev/null &
	pid=$!
	groups="$groups $pid"
	for i in $(seq 1 600); do
		[ -s "$run/$page.result" ] && break
		sleep 0.2
	done
	kill -KILL -- "-$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ -s "$run/$page.result" ]
}
for page in A B; do
	if browse "$page"; then
		ok "Chromium ran the page of origin $page and reported"
	else
		notok "Chromium ran the page of origin $page and reported"
		tail -n 20 "$run/chrome-$page.log" | diag
	fi
done

# chromium PAGE CASE FIELD: ok / etag of a case, from Chromium's report
chromium_says() {
	python3 -c '
import json, sys
for r in json.load(open(sys.argv[1])):
    if r["name"] == sys.argv[2]:
        if sys.argv[3] == "ok":
            print("yes" if r["ok"] and 200 <= r.get("status", 0) < 300 else
                  "no" if not r["ok"] else "status-%s" % r.get("status"))
        else:
            print("yes" if r.get("etag") else "no")
        break
else:
    print("missing")' "$run/$1.result" "$2" "$3" 2>/dev/null || echo missing
}
# rdm_says JSON FIELD: allowed / etag_exposed of `rdm-s3 --json cors test`
rdm_says() {
	printf '%s' "$1" | python3 -c '
import json, sys
d = json.load(sys.stdin)
v = d.get(sys.argv[1])
print("yes" if v is True else "no" if v is False else "unknown")' "$2" 2>/dev/null || echo unparsable
}

# --- the agreement ---------------------------------------------------------------
expect_of() { # LABEL PAGE METHOD: what the configuration should give (a sanity check)
	case "$2:$1:$3" in
	B:*) echo no ;;
	A:ceph-no-headers:PUT) echo no ;;
	*) echo yes ;;
	esac
}
while read -r label ep creds bucket; do
	[ -n "$label" ] || continue
	for page in A B; do
		eval "origin=\$ORIGIN_$page"
		for method in GET PUT; do
			hdr=()
			key=object.txt
			[ "$method" = GET ] || { hdr=(--header content-type --header content-md5); key=probe.bin; }
			json=$("$bin" --json cors test "$bucket" --origin "$origin" --method "$method" --key "$key" \
				"${hdr[@]}" --endpoint "$ep" --credentials-file "$creds" 2>"$run/err")
			c=$(chromium_says "$page" "$label $method" ok)
			r=$(rdm_says "$json" allowed)
			want=$(expect_of "$label" "$page" "$method")
			if [ "$c" = "$r" ] && [ "$c" = "$want" ]; then
				ok "$label, origin $page, $method: Chromium and rdm-s3 agree ($c)"
			else
				notok "$label, origin $page, $method: Chromium says $c, rdm-s3 says $r (configured: $want)"
				printf '%s\n' "$json" | diag
				diag "$run/err"
			fi
			if [ "$method" = PUT ] && [ "$c" = yes ]; then
				ce=$(chromium_says "$page" "$label PUT" etag)
				re=$(rdm_says "$json" etag_exposed)
				if [ "$ce" = "$re" ]; then
					ok "$label, origin $page: whether a script reads ETag, Chromium and rdm-s3 agree ($ce)"
				else
					notok "$label, origin $page: a script reads ETag: Chromium says $ce, rdm-s3 says $re"
					printf '%s\n' "$json" | diag
				fi
			fi
		done
	done
done <<EOF
$targets
EOF

# --- what the issue saw ------------------------------------------------------------
while read -r label ep creds bucket; do
	case $label in
	minio)
		# 14.2: MinIO exposes ETag on the answer to the PUT, where Chromium
		# read it above; cors test must not say otherwise.
		"$bin" cors test "$bucket" --origin "$ORIGIN_A" --method PUT --header content-type \
			--endpoint "$ep" --credentials-file "$creds" >"$run/out" 2>&1
		if ! grep -qi 'ETag is not exposed\|cannot read ETag' "$run/out" && grep -q '^Verdict:   YES' "$run/out"; then
			ok "minio: cors test --method PUT says yes and no false ETag warning"
		else
			notok "minio: cors test --method PUT says yes and no false ETag warning"
			diag "$run/out"
		fi
		;;
	ceph-no-headers | ceph-complete)
		# 14.8: the uploader's PUT carries Content-Type and Content-MD5
		"$bin" check --only cors --endpoint "$ep" --bucket "$bucket" --origin "$ORIGIN_A" \
			--credentials-file "$creds" --no-canary >"$run/out" 2>&1
		rc=$?
		if [ "$label" = ceph-no-headers ]; then
			if [ "$rc" = 1 ] && grep -q 'browser uploads from .* are refused' "$run/out"; then
				ok "ceph, rule without AllowedHeaders: check warns that uploads are refused, as Chromium refuses them"
			else
				notok "ceph, rule without AllowedHeaders: check warns that uploads are refused (exit $rc)"
				diag "$run/out"
			fi
		elif [ "$rc" = 0 ]; then
			ok "ceph, complete rule: check --only cors is OK, as Chromium uploads"
		else
			notok "ceph, complete rule: check --only cors is OK (exit $rc)"
			diag "$run/out"
		fi
		;;
	esac
done <<EOF
$targets
EOF
finish
