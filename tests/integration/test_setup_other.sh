#!/bin/bash
# `rdm-s3 setup --non-interactive` for servers that are not the instance's
# own: Ceph RGW (--storage other) and Amazon S3 as moto emulates it with its
# authentication on (--storage aws). A wrong secret is refused before
# anything is written; the bucket, its CORS rules (the same as
# S3_BUCKET_CORS_RULES, so InvenioRDM's own `invenio s3 create-bucket`
# changes nothing) and the files location; the bucket's real region found
# and used on AWS; golden files per storage kind; undo of files and server
# steps; no secret printed. (TAP)
. "${top_srcdir:?}/tests/integration/test_setup_lib.sh"

# The checks that judge the storage itself. The instance check is left out
# while the sample's unused MinIO service (CHANGE_ME) is judged as if the
# app used it (issue 14, items 5 and 12).
STORAGE_CHECKS=dns,tcp,tls,clock,auth,bucket,region,cors,presign,canary,browser-reach,wiring,client-compat

# rules_agree BUCKET: the bucket's live CORS rules equal S3_BUCKET_CORS_RULES
# as invenio-s3's create-bucket reads it (a Python literal).
rules_agree() {
	(cd "$inst" && "$bin" --json cors get "$1") >"$run/live.json" 2>"$run/live.err" || { diag "$run/live.err"; return 1; }
	python3 - "$inst/invenio.cfg" "$run/live.json" <<'EOF'
import ast, json, sys
cfg = open(sys.argv[1]).read()
tree = ast.parse(cfg)
rules = None
for node in tree.body:
    if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "S3_BUCKET_CORS_RULES":
        rules = ast.literal_eval(node.value)
live = json.load(open(sys.argv[2]))
live = live.get("rules", live.get("CORSRules", live))
# a set of methods, origins, headers: the server may keep another order
norm = lambda rs: [{k: sorted(v) if isinstance(v, list) else v for k, v in r.items() if k != "ID"} for r in rs]
if rules is None or norm(rules) != norm(live):
    print("# S3_BUCKET_CORS_RULES:", rules)
    print("# the bucket's rules: ", live)
    sys.exit(1)
EOF
}

# --- Ceph RGW ----------------------------------------------------------------
if shared_server ceph; then
	fresh ceph
	snapshot
	bucket="setup-other-$$"
	S=(setup --non-interactive --storage other --endpoint "$ENDPOINT" --access-key-id "$ACCESS_KEY" --bucket "$bucket")
	printf 'x%s\n' "$SECRET_KEY" >"$run/wrong" && chmod 600 "$run/wrong"
	RDM_IN="$run/wrong" rdm "ceph: a wrong secret is refused, exit 1" 1 "${S[@]}"
	expect "ceph: the refusal says the key was not accepted" "$err" "the key was not accepted, so nothing was written"
	is "ceph: nothing written after the refusal" same_as_before
	printf '%s\n' "$SECRET_KEY" >"$run/secret" && chmod 600 "$run/secret"
	RDM_IN="$run/secret" rdm "ceph: dry run, exit 0" 0 "${S[@]}" --dry-run
	expect "ceph: dry run lists the bucket CORS step after the bucket" "$out" "  2 create bucket $bucket
      with the app's new keys"
	expect "ceph: the rules for the site's origin" "$out" "https://127.0.0.1: GET HEAD PUT"
	is "ceph: dry run writes nothing" same_as_before
	RDM_IN="$run/secret" rdm_code "ceph: setup --json" --json "${S[@]}"
	setup_rc=$rc
	json_is "ceph: every step done" "$out" \
		"d['outcome']['end'] == 'done' and [s['state'] for s in d['outcome']['steps']][:4] == ['done'] * 4"
	json_is "ceph: the checks of the storage pass" "$out" \
		"all(c['status'] in ('ok', 'info', 'skipped') for c in d['checks']['instances'][0]['checks'] if c['id'] not in ('instance', 'minio-image'))"
	rdm "ceph: rdm-s3 check of the storage: exit 0" 0 check --only "$STORAGE_CHECKS"
	rdm_code "ceph: rdm-s3 check" check
	is "ceph: setup exits with the checks' exit code" test "$setup_rc" = "$rc"
	GOLDEN_SECRET=$SECRET_KEY GOLDEN_BUCKET=$bucket golden other
	is "ceph: the bucket's rules are S3_BUCKET_CORS_RULES (create-bucket changes nothing)" rules_agree "$bucket"
	expect "ceph: the files location" "$(cat "$RDM_S3_SHIM_LOG")" \
		"pipenv run invenio files location create s3-default s3://$bucket --default"
	# Drift: rules put on the bucket by hand are what create-bucket would replace.
	printf '%s\n' '[{"AllowedOrigins": ["*"], "AllowedMethods": ["GET"]}]' >"$run/other-rules.json"
	rdm "ceph: other rules put by hand" 0 cors set "$bucket" "$run/other-rules.json"
	rdm "ceph: the cors check warns about the drift, exit 1" 1 check --only cors
	expect "ceph: it says what create-bucket would do" "$out" "\`invenio s3 create-bucket\` would replace them (invenio.cfg:"
	rdm "ceph: undo, exit 0" 0 undo
	expect "ceph: the rules go" "$out" "undone: put CORS rules on bucket $bucket"
	expect "ceph: the bucket goes" "$out" "undone: create bucket $bucket"
	is "ceph: every file byte-identical after undo" same_as_before
	AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY rdm "ceph: the bucket is gone" 1 \
		bucket head "$bucket" --endpoint "$ENDPOINT"
else
	unavailable ceph
fi

# --- Amazon S3 (moto, authentication on) -----------------------------------
if shared_server moto; then
	fresh aws
	snapshot
	bucket="setup-aws-$$"
	export AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY
	rdm "aws: a bucket in eu-west-1 exists" 0 bucket create "$bucket" --endpoint "$ENDPOINT" --region eu-west-1
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
	printf '%s\n' "$SECRET_KEY" >"$run/secret" && chmod 600 "$run/secret"
	S=(setup --non-interactive --storage aws --endpoint "$ENDPOINT" --region us-east-1 --bucket "$bucket"
		--access-key-id "$ACCESS_KEY" --secret-file "$run/secret")
	rdm_code "aws: setup --json with the wrong region given" --json "${S[@]}" --files-location print
	json_is "aws: the bucket's real region is detected and used" "$out" \
		"d['region'] == 'eu-west-1' and d['region_given'] == 'us-east-1' and d['bucket_exists'] is True"
	json_is "aws: no bucket step (it exists), its CORS rules put" "$out" \
		"[s['title'] for s in d['steps']] == ['write 5 files', 'put CORS rules on bucket $bucket', 'verify with the health checks'] and d['outcome']['end'] == 'done'"
	json_is "aws: --files-location print gives the command" "$out" \
		"d['files_location_command'] == 'pipenv run invenio files location create s3-default s3://$bucket --default' and any('files location' in x for x in d['notes'])"
	expect "aws: S3_REGION_NAME is the real region" "$(cat "$inst/invenio.cfg")" "S3_REGION_NAME = 'eu-west-1'"
	expect_not "aws: no checksum preset for Amazon S3" "$(cat "$inst/invenio.cfg")" "when_required"
	rdm "aws: the app's keys, bucket, region and canary check out" 0 check --only auth,bucket,region,canary
	GOLDEN_SECRET=$SECRET_KEY GOLDEN_BUCKET=$bucket golden aws
	is "aws: the bucket's rules are S3_BUCKET_CORS_RULES" rules_agree "$bucket"
	is "aws: nothing ran (--files-location print)" test ! -s "$RDM_S3_SHIM_LOG"
	rdm "aws: undo, exit 0" 0 undo
	is "aws: every file byte-identical after undo" same_as_before
	export AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY
	rdm "aws: the bucket stays (it was there before)" 0 bucket head "$bucket" --endpoint "$ENDPOINT"
	rdm "aws: its CORS rules are gone again" 1 cors get "$bucket" --endpoint "$ENDPOINT"
	expect "aws: no CORS configuration" "$err" "NoSuchCORSConfiguration"
	unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
else
	unavailable moto
fi

no_secret_printed
echo "1..$n"
