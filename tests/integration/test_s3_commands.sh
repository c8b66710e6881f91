#!/bin/bash
# The bucket, cors and presign commands of the built binary against the local
# servers (s3rver, MinIO, Ceph RGW, s3rver-tls), the transport faults with
# listeners this test runs itself (refused port, silent server, 503 then
# 200), usage errors, and that no secret ever appears in any output, even
# with -v -v. (TAP)
set -u
bin="${top_builddir:?}/rdm-s3"
stub="$top_builddir/tests/helpers/http_stub"
ensure="${top_srcdir:?}/tests/servers/ensure.sh"
run="${RDM_S3_TEST_RUN:?}/s3_commands.$$"
mkdir -p "$run" && chmod 700 "$run"
ALL="$run/all-output" # every byte the commands printed, for the secret check
: >"$ALL"
SECRETS="$run/secrets" # the secrets seen, one per line (0600)
: >"$SECRETS" && chmod 600 "$SECRETS"
stub_pids=""
cleanup() {
	for p in $stub_pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$run"
}
trap cleanup EXIT

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
diag() { sed 's/^/# /' "$@"; }

# rdm NAME WANTED_RC ARGS...: runs the binary; stdout in $out, stderr in $err.
rdm() {
	local desc=$1 want=$2
	shift 2
	"$bin" "$@" >"$run/out" 2>"$run/err"
	rc=$?
	out=$(cat "$run/out")
	err=$(cat "$run/err")
	cat "$run/out" "$run/err" >>"$ALL"
	if grep -qE 'ERROR: (Leak|Address)Sanitizer|runtime error:' "$run/err"; then
		notok "$desc (sanitizer report)"
		diag "$run/err"
	elif [ "$rc" -eq "$want" ]; then
		ok "$desc"
	else
		notok "$desc (exit $rc, wanted $want)"
		diag "$run/out" "$run/err"
	fi
}
# expect DESC TEXT PATTERN: the text contains the fixed string
expect() {
	if printf '%s' "$2" | grep -qF -- "$3"; then ok "$1"; else notok "$1 (no '$3')"; printf '%s\n' "$2" | sed 's/^/# /'; fi
}
expect_not() {
	if printf '%s' "$2" | grep -qF -- "$3"; then notok "$1 (found '$3')"; printf '%s\n' "$2" | sed 's/^/# /'; else ok "$1"; fi
}

server_env() { # KIND: sets ENDPOINT ACCESS_KEY SECRET_KEY [CA_FILE], or returns 1
	local kind=$1 vars
	unset ENDPOINT ACCESS_KEY SECRET_KEY CA_FILE SECRETS_FILE
	vars=$("$ensure" "$kind" 2>"$run/ensure.err") || { diag "$run/ensure.err"; return 1; }
	eval "$vars"
	# shellcheck disable=SC1090
	. "$SECRETS_FILE"
	# s3rver's key pair is the public default S3RVER/S3RVER: its "secret"
	# is the access key, which is printed on purpose (-v).
	[ "$SECRET_KEY" = "$ACCESS_KEY" ] || printf '%s\n' "$SECRET_KEY" >>"$SECRETS"
}

unavailable() { # KIND: CI=true turns a missing server into a failure
	if [ "${CI:-}" = true ]; then notok "$1 server could not be started (CI=true: no skips)"
	else skip "$1 commands" "the $1 server could not be started"; fi
}

cors_json='[{"AllowedOrigins": ["https://rdm.example.org"], "AllowedMethods": ["GET", "HEAD"],
  "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}]'

test_server_commands() { # KIND
	local kind=$1 b="rdm-cmd-$1-$$"
	server_env "$kind" || { unavailable "$kind"; return; }
	local E=(--endpoint "$ENDPOINT" --path-style)
	export AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY
	rdm "$kind: bucket create" 0 bucket create "$b" "${E[@]}" -v -v
	expect "$kind: create says so" "$out" "created bucket $b"
	rdm "$kind: bucket create again is fine" 0 bucket create "$b" "${E[@]}"
	rdm "$kind: bucket head" 0 bucket head "$b" "${E[@]}"
	rdm "$kind: bucket list" 0 bucket list "${E[@]}" -v
	expect "$kind: list names the bucket" "$out" "$b"
	rdm "$kind: bucket list --json" 0 --json bucket list "${E[@]}"
	expect "$kind: json list" "$out" "\"name\": \"$b\""
	printf '%s\n' "$cors_json" >"$run/cors.json"
	if [ "$kind" = minio ]; then
		rdm "$kind: cors set is NotImplemented" 1 cors set "$b" "$run/cors.json" "${E[@]}"
		expect "$kind: cors set points to the server-wide setting" "$err" "MINIO_API_CORS_ALLOW_ORIGIN"
		rdm "$kind: cors get explained" 1 cors get "$b" "${E[@]}"
		expect "$kind: cors get points to the server-wide setting" "$err" "MINIO_API_CORS_ALLOW_ORIGIN"
		rdm "$kind: cors test with the global default" 0 cors test "$b" --origin https://rdm.example.org "${E[@]}"
		expect "$kind: verdict yes" "$out" "YES"
	else
		rdm "$kind: cors set (JSON)" 0 cors set "$b" "$run/cors.json" "${E[@]}" -v -v
		rdm "$kind: cors get" 0 cors get "$b" "${E[@]}"
		expect "$kind: cors get prints the JSON rules" "$out" '"AllowedOrigins"'
		expect "$kind: cors get has the origin" "$out" "https://rdm.example.org"
		rdm "$kind: cors get --xml" 0 cors get "$b" --xml "${E[@]}"
		expect "$kind: XML form" "$out" "<AllowedOrigin>https://rdm.example.org</AllowedOrigin>"
		# The XML form is accepted back, from standard input.
		printf '%s\n' "$out" >"$run/cors.xml"
		rdm "$kind: cors set (XML, stdin)" 0 cors set "$b" - "${E[@]}" <"$run/cors.xml"
		rdm "$kind: cors test allowed" 0 cors test "$b" --origin https://rdm.example.org "${E[@]}"
		expect "$kind: verdict yes" "$out" "Verdict:   YES"
		rdm "$kind: cors test other origin refused" 1 cors test "$b" --origin https://evil.example.net "${E[@]}"
		expect "$kind: verdict no" "$out" "Verdict:   NO"
		rdm "$kind: cors test --json" 1 --json cors test "$b" --origin https://rdm.example.org --method PUT "${E[@]}"
		expect "$kind: json verdict" "$out" '"allowed": false'
		rdm "$kind: cors delete" 0 cors delete "$b" "${E[@]}"
		rdm "$kind: cors get after delete" 1 cors get "$b" "${E[@]}"
		expect "$kind: no CORS configuration" "$err" "NoSuchCORSConfiguration"
	fi
	rdm "$kind: presign" 0 presign "$b" "dir/missing file.pdf" --expires 120 "${E[@]}"
	url=$out
	expect "$kind: presigned URL" "$url" "X-Amz-Signature="
	code=$(curl -s -o "$run/body" -w '%{http_code}' "$url")
	# 404 NoSuchKey: the signature was accepted and the key looked up.
	if [ "$code" = 404 ] && grep -q NoSuchKey "$run/body"; then ok "$kind: presigned URL is accepted"
	else notok "$kind: presigned URL is accepted (HTTP $code)"; diag "$run/body"; fi
	if [ "$kind" != s3rver ]; then
		code=$(curl -s -o "$run/body" -w '%{http_code}' "${url%?}0")
		[ "${url: -1}" = 0 ] && code=$(curl -s -o "$run/body" -w '%{http_code}' "${url%?}1")
		if [ "$code" = 403 ]; then ok "$kind: tampered presigned URL is refused"
		else notok "$kind: tampered presigned URL is refused (HTTP $code)"; fi
	fi
	rdm "$kind: bucket delete" 0 bucket delete "$b" "${E[@]}"
	rdm "$kind: head of a deleted bucket fails" 1 bucket head "$b" "${E[@]}"
	expect "$kind: says it does not exist" "$err" "does not exist"
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
}

test_auth_failures() { # KIND (signature-checking servers)
	local kind=$1
	server_env "$kind" || { unavailable "$kind"; return; }
	local E=(--endpoint "$ENDPOINT" --path-style)
	# The credentials file, both formats; the wrong one with a changed secret.
	rm -f "$run/creds.ini" "$run/creds.bad" "$run/creds.unknown"
	umask 077
	printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$ACCESS_KEY" "$SECRET_KEY" >"$run/creds.ini"
	printf 'AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY="%s"\n' "$ACCESS_KEY" "x$SECRET_KEY" >"$run/creds.bad"
	printf 'x%s\n' "$SECRET_KEY" >>"$SECRETS"
	printf 'ACCESS_KEY=NOSUCHKEY0000000000X\nSECRET_KEY=%s\n' "$SECRET_KEY" >"$run/creds.unknown"
	umask 022
	rdm "$kind: credentials file (INI)" 0 bucket list "${E[@]}" --credentials-file "$run/creds.ini"
	expect_not "$kind: no permission warning for a 0600 file" "$err" "readable by other users"
	rdm "$kind: wrong secret" 1 bucket list "${E[@]}" --credentials-file "$run/creds.bad" -v -v
	expect "$kind: wrong secret diagnosed" "$err" "SignatureDoesNotMatch"
	rdm "$kind: unknown key" 1 bucket list "${E[@]}" --credentials-file "$run/creds.unknown" -v -v
	expect "$kind: unknown key diagnosed" "$err" "InvalidAccessKeyId"
	RDM_S3_CLOCK_OFFSET=3600 rdm "$kind: clock an hour ahead" 1 bucket list "${E[@]}" --credentials-file "$run/creds.ini" -v -v
	expect "$kind: skew diagnosed" "$err" "RequestTimeTooSkewed"
	expect "$kind: skew names the clock" "$err" "clock"
	chmod 644 "$run/creds.ini"
	rdm "$kind: world-readable credentials file still works" 0 bucket list "${E[@]}" --credentials-file "$run/creds.ini"
	expect "$kind: and is warned about" "$err" "readable by other users"
}

test_tls() {
	server_env s3rver-tls || { unavailable s3rver-tls; return; }
	export AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY
	rdm "tls: untrusted certificate is unreachable" 69 bucket list --endpoint "$ENDPOINT" --path-style
	expect "tls: says certificate" "$err" "certificate"
	rdm "tls: trusted with --ca-file" 0 bucket list --endpoint "$ENDPOINT" --path-style --ca-file "$CA_FILE"
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
}

start_stub() { # LOG ENTRY...: sets STUB_PORT
	local log=$1 i
	shift
	rm -f "$run/port"
	"$stub" "$run/port" "$log" "$@" &
	stub_pids="$stub_pids $!"
	for i in $(seq 100); do [ -s "$run/port" ] && break; sleep 0.1; done
	STUB_PORT=$(cat "$run/port")
}

test_transport_faults() {
	export AWS_ACCESS_KEY_ID=AKIDFAKE AWS_SECRET_ACCESS_KEY=fake-secret-for-the-stub-0123
	printf '%s\n' "$AWS_SECRET_ACCESS_KEY" >>"$SECRETS"
	# A port nobody listens on: bind-and-close by the stub helper is racy in
	# shell, so use the stub's own port after stopping it.
	start_stub - "200 "
	local dead=$STUB_PORT
	kill "${stub_pids##* }"; wait "${stub_pids##* }" 2>/dev/null
	rdm "refused port: exit 69" 69 bucket list --endpoint "http://127.0.0.1:$dead" -v -v
	expect "refused port: says refused" "$err" "refused"
	start_stub - hang hang hang
	rdm "silent server: bounded by --timeout, exit 69" 69 bucket head b --endpoint "http://127.0.0.1:$STUB_PORT" --path-style --timeout 1
	expect "silent server: says it timed out" "$err" "time"
	local list='200
Content-Type: application/xml

<ListAllMyBucketsResult><Buckets><Bucket><Name>after-retry</Name></Bucket></Buckets></ListAllMyBucketsResult>'
	start_stub "$run/stub.log" "503 <Error><Code>SlowDown</Code><Message>slow</Message></Error>" "$list"
	rdm "503 then 200: retried, exit 0" 0 bucket list --endpoint "http://127.0.0.1:$STUB_PORT" -v -v
	expect "503 then 200: the answer after the retry" "$out" "after-retry"
	if [ "$(grep -c '^GET / HTTP/1.1' "$run/stub.log")" = 2 ]; then ok "503 then 200: two requests"
	else notok "503 then 200: two requests"; diag "$run/stub.log"; fi
	start_stub - "501 <Error><Code>NotImplemented</Code></Error>" "200 "
	rdm "501 is not retried, exit 1" 1 cors delete b --endpoint "http://127.0.0.1:$STUB_PORT"
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
}

test_usage() {
	rdm "invalid bucket name: usage error" 64 bucket create Bad_Name --endpoint http://127.0.0.1:1
	expect "invalid bucket name: says why" "$err" "Bad_Name"
	rdm "cors test needs --origin" 64 cors test b --endpoint http://127.0.0.1:1
	rdm "presign --expires 0" 64 presign b k --expires 0
	rdm "unknown subcommand" 64 bucket frob
	rdm "no credentials: usage error" 64 bucket list --endpoint http://127.0.0.1:1
	expect "no credentials: says how to give them" "$err" "AWS_ACCESS_KEY_ID"
	printf '[{"AllowedOrigins": ["*"], "AllowedMethods": ["PATCH"]}]\n' >"$run/bad.json"
	# Exit 65 and not 69 (nothing listens on port 1): checked before sending.
	AWS_ACCESS_KEY_ID=a AWS_SECRET_ACCESS_KEY=b rdm "invalid CORS file: exit 65 before any request" 65 \
		cors set b "$run/bad.json" --endpoint http://127.0.0.1:1
	expect "invalid CORS file: names the method" "$err" "PATCH"
	for c in bucket cors presign; do rdm "help $c" 0 help "$c"; done
}

test_no_secret_anywhere() {
	local leaked=0 s
	[ -s "$SECRETS" ] || { skip "no secret in any output" "no server ran"; return; }
	while IFS= read -r s; do
		[ -n "$s" ] || continue
		if grep -qF -- "$s" "$ALL"; then leaked=1; fi
	done <"$SECRETS"
	if [ $leaked = 0 ]; then ok "no secret in any output ($(wc -l <"$ALL") lines checked)"
	else notok "a secret appears in the output"; fi
}

test_usage
test_transport_faults
for kind in s3rver minio ceph; do test_server_commands "$kind"; done
for kind in minio ceph; do test_auth_failures "$kind"; done
test_tls
test_no_secret_anywhere
echo "1..$n"
