#!/bin/bash
# `rdm-s3 rotate --non-interactive` for servers that are not the
# instance's own, on the shared test servers with users made for this test
# (never the servers' own keys): Ceph RGW (a second key through the admin
# ops API signed with --admin-credentials-file; without it exit 64) and
# IAM as moto emulates it with its authentication on (the app's own key
# makes its successor; a user with two keys already is refused before
# anything changes). Each: the new key proven, written, the old one deleted
# and refused, `rdm-s3 undo` refused once the old key is gone; no secret
# printed. (TAP)
. "${top_srcdir:?}/tests/integration/test_setup_lib.sh"

R=(rotate --non-interactive)
remember() { printf '%s\n' "$1" >>"$SECRETS"; }
app_key() { secret_in_env INVENIO_S3_ACCESS_KEY_ID; }
app_secret() { secret_in_env INVENIO_S3_SECRET_ACCESS_KEY; }
# works AK SK BUCKET [REGION]: the pair may use the bucket
works() {
	printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$1" "$2" >"$run/k.creds"
	chmod 600 "$run/k.creds"
	"$bin" bucket head "$3" --endpoint "$ENDPOINT" --region us-east-1 --credentials-file "$run/k.creds" \
		>"$run/k.out" 2>&1
}
refused() { ! works "$@" && grep -qE 'InvalidAccessKeyId|not know the access key|403' "$run/k.out"; }

# --- Ceph RGW ------------------------------------------------------------------------
if shared_server ceph; then
	printf '%s\n' "$ADMIN_SECRET_KEY" >>"$SECRETS"
	uid="rotate-$$"
	# radosgw-admin makes the user's key; its answer is read from a pipe
	ak=$(radosgw-admin -c "$CEPH_CONF" -n client.admin user create --uid="$uid" --display-name="rotate test" \
		2>>"$run/admin.err" | python3 -c 'import json, sys
k = json.load(sys.stdin)["keys"][0]
open(sys.argv[1], "w").write(k["secret_key"] + "\n")
print(k["access_key"])' "$run/ceph.secret")
	chmod 600 "$run/ceph.secret"
	sk=$(cat "$run/ceph.secret")
	remember "$sk"
	printf 'AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\n' "$ADMIN_ACCESS_KEY" "$ADMIN_SECRET_KEY" >"$run/admin.env"
	chmod 600 "$run/admin.env"
	fresh ceph
	bucket="rotate-ceph-$$"
	RDM_IN="$run/ceph.secret" rdm_code "ceph: setup first" setup --non-interactive --storage other \
		--endpoint "$ENDPOINT" --access-key-id "$ak" --bucket "$bucket" --files-location skip
	is "ceph: the app signs with the test user's key" test "$(app_key)" = "$ak"
	snapshot
	rdm "ceph: without --admin-credentials-file: exit 64" 64 "${R[@]}"
	expect "ceph: says what to give" "$err" "--admin-credentials-file"
	rdm "ceph: dry run: exit 0" 0 "${R[@]}" --admin-credentials-file "$run/admin.env" --dry-run
	expect "ceph: the server and the key's owner" "$out" "belongs to: $uid"
	expect "ceph: a second key first" "$out" "  1 create a second S3 key"
	expect "ceph: the old key deleted last" "$out" "delete the old S3 key $ak of RGW user $uid"
	is "ceph: dry run writes nothing" same_as_before
	rdm "ceph: rotate: exit 0" 0 "${R[@]}" --admin-credentials-file "$run/admin.env"
	nak=$(app_key)
	nsk=$(app_secret)
	remember "$nsk"
	is "ceph: a new key in the files" test -n "$nak" -a "$nak" != "$ak"
	expect "ceph: the new key was proven with a canary" "$out" "canary written, read back, deleted"
	expect "ceph: the old key is proven refused" "$out" "done prove the old key $ak is refused"
	is "ceph: the new key works" works "$nak" "$nsk" "$bucket"
	is "ceph: the old key is refused" refused "$ak" "$sk" "$bucket"
	rdm "ceph: undo once the old key is deleted: exit 1" 1 undo
	expect "ceph: undo says why" "$err" "was deleted and cannot be made again"
	is "ceph: the new key still works after the refused undo" works "$nak" "$nsk" "$bucket"
	radosgw-admin -c "$CEPH_CONF" -n client.admin user rm --uid="$uid" --purge-data >/dev/null 2>&1
else
	unavailable ceph
fi

# --- IAM (moto) ----------------------------------------------------------------------------
if shared_server moto; then
	py=$("$servers/moto/install.sh" 2>/dev/null | sed -n 's/^MOTO_PYTHON=//p')
	user="rotate-$$"
	# iam PYTHON-CODE: run with boto3 against moto as its admin user
	iam() {
		AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY "$py" -c "import boto3, json, sys
iam = boto3.client('iam', endpoint_url='$ENDPOINT', region_name='us-east-1')
$1" "${@:2}"
	}
	ak=$(iam "iam.create_user(UserName='$user')
iam.put_user_policy(UserName='$user', PolicyName='all', PolicyDocument=json.dumps({'Version': '2012-10-17',
    'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]}))
k = iam.create_access_key(UserName='$user')['AccessKey']
open(sys.argv[1], 'w').write(k['SecretAccessKey'] + '\n')
print(k['AccessKeyId'])" "$run/iam.secret" 2>"$run/iam.err")
	chmod 600 "$run/iam.secret" 2>/dev/null
	sk=$(cat "$run/iam.secret" 2>/dev/null)
	remember "$sk"
	fresh aws
	bucket="rotate-aws-$$"
	rdm_code "iam: setup first" setup --non-interactive --storage aws --endpoint "$ENDPOINT" --region us-east-1 \
		--bucket "$bucket" --access-key-id "$ak" --secret-file "$run/iam.secret" --files-location skip
	is "iam: the app signs with the test user's key" test -n "$ak" -a "$(app_key)" = "$ak"
	snapshot
	rdm "iam: dry run: exit 0" 0 "${R[@]}" --dry-run
	expect "iam: the key's user" "$out" "belongs to: $user"
	expect "iam: its age" "$out" "age: created "
	expect "iam: a second IAM key first" "$out" "  1 create a second IAM access key for $user"
	expect "iam: the key IAM makes goes into the files" "$out" "RDMS3FILLACCESSKEYEND"
	is "iam: dry run writes nothing" same_as_before
	rdm "iam: rotate: exit 0" 0 "${R[@]}"
	nak=$(app_key)
	nsk=$(app_secret)
	remember "$nsk"
	is "iam: IAM's new key is in the files" test -n "$nak" -a "$nak" != "$ak"
	expect_not "iam: no fill token left" "$(cat "$inst/.env" "$inst/invenio.cfg")" "RDMS3FILL"
	expect "iam: the old key made Inactive and deleted" "$out" "done make the old IAM key $ak Inactive, then delete it"
	is "iam: the new key works" works "$nak" "$nsk" "$bucket"
	is "iam: the old key is refused" refused "$ak" "$sk" "$bucket"
	n_keys=$(iam "print(len(iam.list_access_keys(UserName='$user')['AccessKeyMetadata']))")
	is "iam: the user has one key again" test "$n_keys" = 1
	# with an administrator's keys (--admin-credentials-file): the same
	printf 'AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\n' "$ACCESS_KEY" "$SECRET_KEY" >"$run/iam-admin.env"
	chmod 600 "$run/iam-admin.env"
	rdm "iam, admin keys: rotate: exit 0" 0 "${R[@]}" --admin-credentials-file "$run/iam-admin.env"
	expect "iam, admin keys: named as the key calls' credentials" "$out" \
		"key calls signed with: --admin-credentials-file $run/iam-admin.env"
	ak=$nak
	sk=$nsk
	nak=$(app_key)
	nsk=$(app_secret)
	remember "$nsk"
	is "iam, admin keys: a new key in the files" test -n "$nak" -a "$nak" != "$ak"
	is "iam, admin keys: the new key works" works "$nak" "$nsk" "$bucket"
	is "iam, admin keys: the old key is refused" refused "$ak" "$sk" "$bucket"
	# a user at IAM's limit of two keys: refused before anything changes
	iam "iam.create_access_key(UserName='$user')" >/dev/null 2>&1
	snapshot
	rdm "iam: two keys already: exit 1" 1 "${R[@]}"
	expect "iam: says there is no room" "$err" "has two access keys already"
	is "iam: nothing written" same_as_before
else
	unavailable moto
fi

no_secret_printed
echo "1..$n"
