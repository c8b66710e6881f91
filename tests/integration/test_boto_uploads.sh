#!/bin/bash
# botocore's default uploads on real servers (issue 14.3). Without
# S3_CONFIG_EXTRA's checksums "when_required", botocore >= 1.36 (what
# invenio-s3 uses) sends every upload with a CRC32 checksum: over https as
# Content-Encoding: aws-chunked with a trailer and chunked transfer, over
# http in a header. Measured: Ceph RGW 16 refuses the https form
# (MissingContentLength) and takes the http one; MinIO takes both. The
# check's canary uploads that way too and reports from the answer:
#   - Ceph RGW over https (the test CA): canary CRIT naming the refusal;
#   - the same with S3_CONFIG_EXTRA set: canary OK (nothing to try);
#   - Ceph RGW over http and MinIO: canary OK, the upload accepted.
# A server that cannot start: skipped here, FAILED under CI=true. (TAP)
set -u
bin="${top_builddir:?}/rdm-s3"
srcdir="${top_srcdir:?}"
ensure="$srcdir/tests/servers/ensure.sh"
run="${RDM_S3_TEST_RUN:?}/boto_uploads.$$"
mkdir -p "$run" && chmod 700 "$run"
trap 'rm -rf "$run"' EXIT

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
unavailable() {
	if [ "${CI:-}" = true ]; then notok "$1 ($2)"; else n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; fi
}
diag() { sed 's/^/# /' "$@"; }

# instance KIND: a scratch instance whose app uses the shared KIND server;
# sets INST and CA (the --ca-file option, or nothing)
instance() {
	local kind=$1 out
	out=$("$ensure" "$kind" 2>"$run/$kind.err") || return 1
	unset CA_FILE
	eval "$out"
	. "$SECRETS_FILE"
	INST="$run/inst-$kind"
	CA=()
	[ -z "${CA_FILE:-}" ] || CA=(--ca-file "$CA_FILE")
	cp -R "$srcdir/data/sample-instance" "$INST"
	chmod -R u+w "$INST"
	(cd "$INST" &&
		"$bin" config set "storage.endpoint=$ENDPOINT/" "storage.access-key-id=$ACCESS_KEY" storage.bucket=boto-$$ &&
		printf '%s\n' "$SECRET_KEY" | "$bin" config set-secret storage.secret-access-key &&
		"$bin" "${CA[@]}" bucket create "boto-$$") >"$run/setup.out" 2>&1
}
canary() { # the canary check alone, on INST
	(cd "$INST" && "$bin" "${CA[@]}" check --only canary) >"$run/out" 2>&1
}

if instance ceph-tls; then
	canary
	rc=$?
	if [ "$rc" = 2 ] && grep -q 'rejects the uploads that boto sends' "$run/out" &&
		grep -q 'MissingContentLength' "$run/out" && grep -q 'over https' "$run/out"; then
		ok "ceph over https: the canary is CRIT, the server refuses botocore's aws-chunked upload"
	else
		notok "ceph over https: the canary is CRIT, the server refuses botocore's aws-chunked upload (exit $rc)"
		diag "$run/out"
	fi
	cat >>"$INST/invenio.cfg" <<'EOF'
S3_CONFIG_EXTRA = {"request_checksum_calculation": "when_required", "response_checksum_validation": "when_required"}
EOF
	canary
	rc=$?
	if [ "$rc" = 0 ] && ! grep -q botocore "$run/out"; then
		ok "ceph over https, S3_CONFIG_EXTRA set: the canary is OK (botocore sends no checksum)"
	else
		notok "ceph over https, S3_CONFIG_EXTRA set: the canary is OK (exit $rc)"
		diag "$run/out"
	fi
else
	diag "$run/ceph-tls.err" "$run/setup.out" 2>/dev/null
	unavailable "ceph over https: botocore's upload" "Ceph RGW over https could not be started"
	unavailable "ceph over https, S3_CONFIG_EXTRA set" "Ceph RGW over https could not be started"
fi

for kind in ceph minio; do
	if instance "$kind"; then
		canary
		rc=$?
		if [ "$rc" = 0 ] && grep -q 'sent as botocore sends it was accepted too' "$run/out"; then
			ok "$kind over http: the canary is OK, the server takes botocore's upload"
		else
			notok "$kind over http: the canary is OK, the server takes botocore's upload (exit $rc)"
			diag "$run/out" "$run/setup.out"
		fi
	else
		diag "$run/$kind.err"
		unavailable "$kind over http: botocore's upload" "the $kind server could not be started"
	fi
done
echo "1..$n"
