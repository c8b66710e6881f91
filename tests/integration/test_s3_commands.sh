#!/bin/bash
# The bucket, cors and presign commands of the built binary against the local
# servers (s3rver, MinIO, Ceph RGW, s3rver-tls), the transport faults with
# listeners this test runs itself (refused port, silent server, 503 then
# 200), wrong-region answers (Amazon's, and a MinIO with a region),
# credentials from an instance folder, --json
# of every command, usage errors, and that no secret ever appears in any
# output, even with -v -v. (TAP)
set -u
bin="${top_builddir:?}/rdm-s3"
. "${top_srcdir:?}/tests/unit/test_hooks_lib.sh"
need_test_hooks
stub="$top_builddir/tests/helpers/http_stub"
ensure="${top_srcdir:?}/tests/servers/ensure.sh"
run="${RDM_S3_TEST_RUN:?}/s3_commands.$$"
mkdir -p "$run" && chmod 700 "$run"
ALL="$run/all-output" # every byte the commands printed, for the secret check
: >"$ALL"
SECRETS="$run/secrets" # the secrets seen, one per line (0600)
: >"$SECRETS" && chmod 600 "$SECRETS"
stub_pids=""
own_minio="" # the state dir of the MinIO this test starts itself
cleanup() {
	for p in $stub_pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	[ -z "$own_minio" ] || "$top_srcdir/tests/servers/minio/stop.sh" "$own_minio" >/dev/null 2>&1
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
	# RDM_CWD: the folder to run in (the instance tests); default here.
	(cd "${RDM_CWD:-.}" && exec "$bin" "$@") >"$run/out" 2>"$run/err"
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

# json_is DESC TEXT PYTHON-EXPRESSION: TEXT is one JSON document (d) and
# the expression holds. python3 comes with ceph-common (bootstrap).
json_is() {
	if ! command -v python3 >/dev/null; then notok "$1 (python3 is needed to read JSON)"; return; fi
	if printf '%s' "$2" | python3 -c 'import json, sys
d = json.load(sys.stdin)
sys.exit(0 if eval(sys.argv[1]) else 1)' "$3" 2>"$run/json.err"; then ok "$1"
	else notok "$1 (wanted $3)"; printf '%s\n' "$2" | sed 's/^/# /'; diag "$run/json.err"; fi
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
	rdm "$kind: bucket create --json" 0 --json bucket create "$b" "${E[@]}"
	json_is "$kind: json create" "$out" "d['ok'] is True and d['bucket'] == '$b' and d['created'] in (True, False)"
	rdm "$kind: bucket head" 0 bucket head "$b" "${E[@]}"
	rdm "$kind: bucket head --json" 0 --json bucket head "$b" "${E[@]}"
	json_is "$kind: json head" "$out" "d['ok'] is True and d['exists'] is True and d['bucket'] == '$b'"
	rdm "$kind: bucket list" 0 bucket list "${E[@]}" -v
	expect "$kind: list names the bucket" "$out" "$b"
	rdm "$kind: bucket list --json" 0 --json bucket list "${E[@]}"
	json_is "$kind: json list" "$out" "d['ok'] is True and '$b' in [x['name'] for x in d['buckets']]"
	printf '%s\n' "$cors_json" >"$run/cors.json"
	if [ "$kind" = minio ]; then
		rdm "$kind: cors set is NotImplemented" 1 cors set "$b" "$run/cors.json" "${E[@]}"
		expect "$kind: cors set points to the server-wide setting" "$err" "MINIO_API_CORS_ALLOW_ORIGIN"
		rdm "$kind: cors get explained" 1 cors get "$b" "${E[@]}"
		expect "$kind: cors get points to the server-wide setting" "$err" "MINIO_API_CORS_ALLOW_ORIGIN"
		rdm "$kind: cors set --json explained" 1 --json cors set "$b" "$run/cors.json" "${E[@]}"
		json_is "$kind: json NotImplemented with the remedy" "$out" \
			"d['ok'] is False and d['code'] == 'NotImplemented' and d['http_status'] == 501 and 'MINIO_API_CORS_ALLOW_ORIGIN' in d['remedy']"
		rdm "$kind: cors delete is NotImplemented too" 1 cors delete "$b" "${E[@]}"
		expect "$kind: cors delete explained" "$err" "MINIO_API_CORS_ALLOW_ORIGIN"
		rdm "$kind: cors test with the global default" 0 cors test "$b" --origin https://rdm.example.org "${E[@]}"
		expect "$kind: verdict yes" "$out" "YES"
	else
		rdm "$kind: cors set (JSON)" 0 cors set "$b" "$run/cors.json" "${E[@]}" -v -v
		rdm "$kind: cors set --json" 0 --json cors set "$b" "$run/cors.json" "${E[@]}"
		json_is "$kind: json set" "$out" "d['ok'] is True and d['rules'] == 1"
		rdm "$kind: cors get --json" 0 --json cors get "$b" "${E[@]}"
		json_is "$kind: json get" "$out" "d['ok'] is True and d['rules'][0]['AllowedOrigins'] == ['https://rdm.example.org'] and d['rules'][0]['MaxAgeSeconds'] == 3000"
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
		rdm "$kind: cors delete --json" 0 --json cors delete "$b" "${E[@]}"
		json_is "$kind: json delete" "$out" "d['ok'] is True and d['deleted'] is True"
		rdm "$kind: cors get after delete" 1 cors get "$b" "${E[@]}"
		expect "$kind: no CORS configuration" "$err" "NoSuchCORSConfiguration"
		rdm "$kind: cors test without rules" 1 cors test "$b" --origin https://rdm.example.org "${E[@]}"
		expect "$kind: no rules: verdict no" "$out" "Verdict:   NO"
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
	rdm "$kind: presign --json" 0 --json presign "$b" "k.txt" --expires 60 "${E[@]}"
	json_is "$kind: json presign" "$out" "d['ok'] is True and 'X-Amz-Expires=60' in d['url'] and d['expires_seconds'] == 60 and d['key'] == 'k.txt'"
	rdm "$kind: bucket delete --json" 0 --json bucket delete "$b" "${E[@]}"
	json_is "$kind: json bucket delete" "$out" "d['ok'] is True and d['deleted'] is True"
	rdm "$kind: head of a deleted bucket fails" 1 bucket head "$b" "${E[@]}"
	expect "$kind: says it does not exist" "$err" "does not exist"
	rdm "$kind: head --json of a deleted bucket" 1 --json bucket head "$b" "${E[@]}"
	json_is "$kind: json failure" "$out" "d['ok'] is False and d['http_status'] == 404 and d['remedy']"
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
	# The instance's S3_CA_BUNDLE (invenio-s3 passes it to boto as `verify`)
	# is trusted like --ca-file; --ca-file still wins. Relative paths are
	# read from the instance folder, as the app runs there.
	local i="$run/instance-ca"
	mkdir -p "$i"
	cp "$CA_FILE" "$i/private-ca.pem"
	printf '[cli]\nflavour = RDM\n\n[cookiecutter]\nfile_storage = S3\n' >"$i/.invenio"
	printf "S3_ENDPOINT_URL = '%s'\nS3_CA_BUNDLE = 'private-ca.pem'\nS3_ACCESS_KEY_ID = '%s'\n" "$ENDPOINT" "$ACCESS_KEY" >"$i/invenio.cfg"
	(umask 077 && printf 'INVENIO_S3_SECRET_ACCESS_KEY=%s\n' "$SECRET_KEY" >"$i/.env")
	rdm "tls: the instance's S3_CA_BUNDLE is trusted" 0 --instance "$i" bucket list -v
	expect "tls: -v says where the CA comes from" "$err" "from S3_CA_BUNDLE (invenio.cfg:2)"
	rdm "tls: --ca-file wins over S3_CA_BUNDLE" 69 --instance "$i" bucket list --ca-file /etc/ssl/certs/ca-certificates.crt
	RDM_CWD="$i" rdm "tls: config show lists S3_CA_BUNDLE" 0 config show
	expect "tls: config show names it and its line" "$out" "S3_CA_BUNDLE                 private-ca.pem"
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
	# Exit 64 and not 69 (nothing listens on port 1): checked before sending.
	AWS_ACCESS_KEY_ID=a AWS_SECRET_ACCESS_KEY=b rdm "invalid CORS file: exit 64 before any request" 64 \
		cors set b "$run/bad.json" --endpoint http://127.0.0.1:1
	expect "invalid CORS file: names the method" "$err" "PATCH"
	for c in bucket cors presign; do rdm "help $c" 0 help "$c"; done
}

# The wrong region, answered as Amazon S3 answers it (the shared local
# servers have no region of their own: they accept any signing region).
test_wrong_region() {
	export AWS_ACCESS_KEY_ID=AKIDFAKE AWS_SECRET_ACCESS_KEY=fake-secret-for-the-stub-0123
	start_stub - "301
x-amz-bucket-region: ap-southeast-2
x-amz-request-id: 4A1B2C3D4E5F6075
Server: AmazonS3

" "400
x-amz-bucket-region: eu-central-1
Server: AmazonS3

<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-central-1'</Message><Region>eu-central-1</Region><RequestId>2A1B2C3D4E5F6073</RequestId></Error>" "301
Content-Type: application/xml
Server: AmazonS3

<?xml version=\"1.0\" encoding=\"UTF-8\"?>
<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message><Endpoint>rdm-files.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>rdm-files</Bucket><RequestId>3A1B2C3D4E5F6074</RequestId></Error>"
	local E=(--endpoint "http://127.0.0.1:$STUB_PORT" --path-style)
	rdm "wrong region: HEAD 301 fails, exit 1" 1 bucket head rdm-files "${E[@]}"
	expect "wrong region: HEAD 301 names the bucket's region" "$err" "region ap-southeast-2"
	expect "wrong region: HEAD 301 remedy" "$err" "--region ap-southeast-2"
	rdm "wrong region: AuthorizationHeaderMalformed, exit 1" 1 cors get rdm-files "${E[@]}"
	expect "wrong region: names the expected region" "$err" "--region eu-central-1"
	rdm "wrong region: PermanentRedirect with a body, exit 1" 1 --json cors get rdm-files "${E[@]}"
	json_is "wrong region: PermanentRedirect remedy from the endpoint's host" "$out" \
		"d['code'] == 'PermanentRedirect' and '--region eu-west-1' in d['remedy']"
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
}

# Credentials from the instance: the application's S3_* settings (here
# from invenio.cfg and .env) of the folder holding .invenio, here or above,
# or named with --instance; MinIO's root user when the application sets
# no key. Precedence: --instance > environment > the instance found.
test_instance_credentials() { # KIND
	local kind=$1 i="$run/instance-$1" b="rdm-inst-$1-$$"
	server_env "$kind" || { unavailable "$kind"; return; }
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
	mkdir -p "$i/deep/er"
	printf '[cli]\nflavour = RDM\n\n[cookiecutter]\nfile_storage = S3\n' >"$i/.invenio"
	printf "# S3 storage\nS3_ENDPOINT_URL = '%s/'\nS3_ACCESS_KEY_ID = '%s'\n" "$ENDPOINT" "$ACCESS_KEY" >"$i/invenio.cfg"
	(umask 077 && printf 'INVENIO_S3_SECRET_ACCESS_KEY=%s\n' "$SECRET_KEY" >"$i/.env")
	RDM_CWD="$i/deep/er" rdm "$kind instance: found from a subfolder" 0 bucket create "$b" -v
	expect "$kind instance: -v names the instance" "$err" "instance $i"
	expect "$kind instance: -v says where the secret comes from" "$err" "S3_SECRET_ACCESS_KEY from .env:1"
	expect "$kind instance: -v says where the endpoint comes from" "$err" "from S3_ENDPOINT_URL (invenio.cfg:2)"
	rdm "$kind instance: --instance DIR from elsewhere" 0 --instance "$i" bucket head "$b"
	# The environment beats an instance found by looking around...
	AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY="x$SECRET_KEY" RDM_CWD="$i" \
		rdm "$kind instance: the environment wins over the found instance" 1 bucket list
	expect "$kind instance: (so the wrong secret from the environment is used)" "$err" "SignatureDoesNotMatch"
	# ...and --instance beats the environment.
	AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY="x$SECRET_KEY" \
		rdm "$kind instance: --instance wins over the environment" 0 --instance "$i" bucket head "$b"
	(umask 077 && printf 'INVENIO_S3_SECRET_ACCESS_KEY=x%s\n' "$SECRET_KEY" >"$i/.env")
	rdm "$kind instance: a wrong secret in .env" 1 --instance "$i" bucket list -v -v
	expect "$kind instance: wrong secret diagnosed" "$err" "SignatureDoesNotMatch"
	if [ "$kind" = minio ]; then
		# No S3_* key at all: the MinIO service's root user.
		rm "$i/.env"
		printf "S3_ENDPOINT_URL = '%s'\n" "$ENDPOINT" >"$i/invenio.cfg"
		(umask 077 && printf 'services:\n  s3:\n    image: minio/minio:latest\n    environment:\n      MINIO_ROOT_USER: %s\n      MINIO_ROOT_PASSWORD: "%s"\n' \
			"$ACCESS_KEY" "$SECRET_KEY" >"$i/docker-services.yml")
		rdm "$kind instance: MinIO root user from docker-services.yml" 0 --instance "$i" bucket head "$b" -v
		expect "$kind instance: -v names MINIO_ROOT_PASSWORD's place" "$err" "MINIO_ROOT_PASSWORD from docker-services.yml:6"
	fi
	rdm "$kind instance: --instance without .invenio is a usage error" 64 --instance "$run" bucket list
	expect "$kind instance: says what is missing" "$err" ".invenio"
	AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY \
		rdm "$kind instance: clean up" 0 bucket delete "$b" --endpoint "$ENDPOINT"
}

# MinIO with a server-wide CORS origin list (its own server: the shared one
# has the default "*"): `cors test` says which origins may fetch, and for a
# refused one points to MINIO_API_CORS_ALLOW_ORIGIN, not to bucket rules.
test_minio_cors_origins() {
	local vars b="rdm-cors-origins-$$"
	if ! vars=$(MINIO_API_CORS_ALLOW_ORIGIN=https://rdm.example.org \
		"$top_srcdir/tests/servers/minio/start.sh" "$run/minio-cors" 2>"$run/minio.err"); then
		diag "$run/minio.err"
		unavailable "minio (own, with MINIO_API_CORS_ALLOW_ORIGIN)"
		return
	fi
	own_minio="$run/minio-cors"
	eval "$vars"
	. "$SECRETS_FILE"
	printf '%s\n' "$SECRET_KEY" >>"$SECRETS"
	export AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY
	local E=(--endpoint "$ENDPOINT")
	rdm "minio origins: bucket create" 0 bucket create "$b" "${E[@]}"
	rdm "minio origins: the listed origin may fetch" 0 cors test "$b" --origin https://rdm.example.org "${E[@]}"
	expect "minio origins: verdict yes" "$out" "Verdict:   YES"
	rdm "minio origins: another origin may not" 1 cors test "$b" --origin https://other.example.org "${E[@]}"
	expect "minio origins: verdict no" "$out" "Verdict:   NO"
	expect "minio origins: the fix is the server-wide setting" "$out" "MINIO_API_CORS_ALLOW_ORIGIN"
	expect_not "minio origins: not bucket rules" "$out" "cors set"
	rdm "minio origins: --json" 1 --json cors test "$b" --origin https://other.example.org "${E[@]}"
	json_is "minio origins: json verdict and remedy" "$out" \
		"d['allowed'] is False and 'MINIO_API_CORS_ALLOW_ORIGIN' in d['remedy']"
	rdm "minio origins: bucket delete" 0 bucket delete "$b" "${E[@]}"
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
	"$top_srcdir/tests/servers/minio/stop.sh" "$own_minio" >/dev/null 2>&1
	own_minio=""
}

# A MinIO with a region of its own (MINIO_SITE_REGION=eu-west-1; the shared
# one has none and accepts any signing region): a request signed for
# another region is refused, and the diagnosis names eu-west-1. start.sh
# passes no MINIO_* variable through, so the binary it runs is a wrapper
# that sets it (RDM_S3_MINIO_BIN).
test_minio_region() {
	local vars b="rdm-region-$$" minio_bin
	if ! vars=$("$top_srcdir/tests/servers/minio/install.sh" 2>"$run/minio.err"); then
		diag "$run/minio.err"; unavailable "minio (own, with MINIO_SITE_REGION)"; return
	fi
	minio_bin=$(printf '%s\n' "$vars" | sed -n 's/^MINIO_BIN=//p')
	printf '#!/bin/sh\nMINIO_SITE_REGION=eu-west-1 exec %s "$@"\n' "$minio_bin" >"$run/minio-region"
	chmod 755 "$run/minio-region"
	if ! vars=$(RDM_S3_MINIO_BIN="$run/minio-region" \
		"$top_srcdir/tests/servers/minio/start.sh" "$run/minio-eu" 2>"$run/minio.err"); then
		diag "$run/minio.err"; unavailable "minio (own, with MINIO_SITE_REGION)"; return
	fi
	own_minio="$run/minio-eu"
	eval "$vars"
	. "$SECRETS_FILE"
	printf '%s\n' "$SECRET_KEY" >>"$SECRETS"
	export AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY
	local E=(--endpoint "$ENDPOINT")
	rdm "minio region: create in the wrong region fails" 1 bucket create "$b" --region us-west-2 "${E[@]}"
	expect "minio region: names the server's region" "$err" "region eu-west-1"
	expect "minio region: says what to use" "$err" "--region eu-west-1"
	rdm "minio region: create in the right region" 0 bucket create "$b" --region eu-west-1 "${E[@]}"
	rdm "minio region: head signed for us-east-1 fails" 1 bucket head "$b" "${E[@]}"
	expect "minio region: names the bucket's region" "$err" "Bucket $b is in region eu-west-1"
	expect "minio region: head remedy" "$err" "--region eu-west-1"
	rdm "minio region: --json has bucket_region" 1 --json bucket head "$b" "${E[@]}"
	json_is "minio region: json bucket_region" "$out" "d['bucket_region'] == 'eu-west-1' and '--region eu-west-1' in d['remedy']"
	rdm "minio region: head with --region" 0 bucket head "$b" --region eu-west-1 "${E[@]}"
	rdm "minio region: delete with --region" 0 bucket delete "$b" --region eu-west-1 "${E[@]}"
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
	"$top_srcdir/tests/servers/minio/stop.sh" "$own_minio" >/dev/null 2>&1
	own_minio=""
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
	# Nor a signed Authorization header (curl's verbose trace would show
	# one): -v logs only rdm-s3's own lines.
	if grep -qiE 'authorization: *AWS4|^[<>*] ' "$ALL"; then notok "no HTTP trace in any output"
	else ok "no HTTP trace in any output"; fi
}

test_usage
test_transport_faults
for kind in s3rver minio ceph; do test_server_commands "$kind"; done
for kind in minio ceph; do test_auth_failures "$kind"; done
test_wrong_region
test_minio_cors_origins
test_minio_region
for kind in minio ceph; do test_instance_credentials "$kind"; done
test_tls
test_no_secret_anywhere
echo "1..$n"
