#!/bin/bash
# `rdm-s3 rotate --non-interactive` on the instance's own MinIO, end to end
# (a scratch copy of the sample instance, set up first by `rdm-s3 setup`;
# the docker shim restarts the test MinIO from the files): the dry run
# changes nothing; the root password rotation (files, restart, the new
# password accepted and the old refused, `rdm-s3 check` exit 0); --app-user
# (the app moved to a MinIO user of its own, limited to the bucket, no
# restart); rotations of that user's key (a service account made, the
# user's own secret revoked; then a service account replacing the other);
# `rdm-s3 undo` of the root rotation, and refused once a key is revoked; bad options (exit 64, nothing
# written); the RustFS root key; no secret ever printed. (TAP)
. "${top_srcdir:?}/tests/integration/test_setup_lib.sh"

R=(rotate --non-interactive)
app_key() { secret_in_env INVENIO_S3_ACCESS_KEY_ID; }
app_secret() { secret_in_env INVENIO_S3_SECRET_ACCESS_KEY; }
# accepts USER SECRET: MinIO accepts this pair (the bucket can be listed)
accepts() {
	printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$1" "$2" >"$run/k.creds"
	chmod 600 "$run/k.creds"
	"$bin" bucket head default --endpoint "$ENDPOINT" --credentials-file "$run/k.creds" >"$run/k.out" 2>&1
}
remember() { printf '%s\n' "$1" >>"$SECRETS"; }

fresh root
if ! own_minio root; then
	unavailable minio
	echo "1..$n"
	exit 0
fi
rdm "setup first: exit 0" 0 setup --non-interactive --storage minio --generate --files-location skip
old=$(app_secret)
remember "$old"
is "setup: the app signs with the root user" test "$(app_key)" = rdm-admin
snapshot
: >"$RDM_S3_SHIM_LOG"

# --- dry run ---------------------------------------------------------------------
rdm "dry run: exit 0" 0 "${R[@]}" --dry-run
expect "dry run: the key today and where it is written" "$out" "Key today: rdm-admin, from instance $inst: S3_ACCESS_KEY_ID from .env:1"
expect "dry run: the server" "$out" "server: MinIO at http://localhost:$PORT/, bucket default"
expect "dry run: the kind" "$out" "a new root password, then a restart"
expect "dry run: the diff masks the password" "$out" "+MINIO_ROOT_PASSWORD=********"
expect "dry run: the files first" "$out" "  1 write "
expect "dry run: then the restart" "$out" "  2 restart MinIO"
expect "dry run: then the proof of the files" "$out" "  3 prove the configuration as written"
expect "dry run: then the old password refused" "$out" "  4 prove the old key rdm-admin is refused"
is "dry run: every file byte-identical" same_as_before
is "dry run: nothing was run" test ! -s "$RDM_S3_SHIM_LOG"
rdm "dry run --json: exit 0" 0 --json "${R[@]}" --dry-run
json_is "dry run --json: the plan" "$out" \
	"d['dry_run'] and d['kind'] == 'root' and d['access_key_id'] == 'rdm-admin' and [s['phase'] for s in d['steps']] == ['files', 'restart', 'after-restart', 'verify']"

# --- the root password --------------------------------------------------------------
rdm "root: exit 0" 0 "${R[@]}"
new=$(app_secret)
remember "$new"
is "root: a new 40-character password for the app" test "${#new}" = 40 -a "$new" != "$old"
is "root: MINIO_ROOT_PASSWORD follows" test "$(secret_in_env MINIO_ROOT_PASSWORD)" = "$new"
expect "root: MinIO was restarted" "$(cat "$RDM_S3_SHIM_LOG")" "docker compose --file docker-compose.yml up -d s3"
expect "root: the old password is proven refused" "$out" "done prove the old key rdm-admin is refused"
expect "root: says it is done" "$out" "Rotation done"
is "root: MinIO accepts the new password" accepts rdm-admin "$new"
is "root: MinIO refuses the old one" test "$(accepts rdm-admin "$old"; echo $?)" != 0
if grep -rqF -- "$new" "$inst/.rdm-s3/changes"; then notok "root: the journal keeps no secret once done"
else ok "root: the journal keeps no secret once done"; fi
rdm "root: check exit 0" 0 check
rdm "root: undo (the old password back, restarted): exit 0" 0 undo
expect "undo: MinIO restarted with the old files" "$out" "undone: restart MinIO"
is "undo: MinIO takes the old password again" accepts rdm-admin "$old"
rdm "root again: exit 0" 0 "${R[@]}"
new=$(app_secret)
remember "$new"
is "root again: MinIO accepts the new password" accepts rdm-admin "$new"
: >"$RDM_S3_SHIM_LOG"
rdm "--restart never: stops, exit 75" 75 "${R[@]}" --restart never
expect "--restart never: says what to run, then rotate --resume" "$out" "run \`docker compose --file docker-compose.yml up -d s3\` in $inst, then \`rdm-s3 rotate --resume\`"
is "--restart never: nothing was restarted" test ! -s "$RDM_S3_SHIM_LOG"
is "--restart never: MinIO still takes the password before" accepts rdm-admin "$new"
(cd "$inst" && docker compose --file docker-compose.yml up -d s3 >/dev/null 2>&1)
rdm "--resume after the restart by hand: exit 0" 0 rotate --resume
expect "--resume: the old password is proven refused" "$out" "done prove the old key rdm-admin is refused"
new=$(app_secret)
remember "$new"
is "--resume: MinIO accepts the newest password" accepts rdm-admin "$new"

# --- --app-user: the app moves to its own MinIO user ----------------------------------
root_pw=$new
: >"$RDM_S3_SHIM_LOG"
rdm "app-user: exit 0" 0 "${R[@]}" --app-user
user=$(app_key)
user_secret=$(app_secret)
remember "$user_secret"
expect "app-user: a user of its own" "$user" "RDMAPP"
expect "app-user: with a policy limited to the bucket" "$out" "with policy rdm-s3-"
is "app-user: the root password stays" test "$(secret_in_env MINIO_ROOT_PASSWORD)" = "$root_pw"
is "app-user: no restart" test ! -s "$RDM_S3_SHIM_LOG"
is "app-user: the new user reads the bucket" accepts "$user" "$user_secret"
printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$user" "$user_secret" >"$run/u.creds"
chmod 600 "$run/u.creds"
"$bin" bucket create rdm-s3-other-bucket --endpoint "$ENDPOINT" --credentials-file "$run/u.creds" >"$run/u.out" 2>&1
is "app-user: but may not make buckets (least privilege)" test $? != 0
rdm "app-user: check exit 0" 0 check

# --- the app's own user: a service account, the user's secret revoked ---------------
rdm "own user: exit 0" 0 "${R[@]}"
sa=$(app_key)
sa_secret=$(app_secret)
remember "$sa_secret"
is "own user: a new key" test "$sa" != "$user"
expect "own user: a service account of the user" "$out" "create service account $sa of MinIO user $user"
expect "own user: the user's secret is revoked" "$out" "done revoke the old secret of MinIO user $user"
is "own user: the new key works" accepts "$sa" "$sa_secret"
is "own user: the old secret is refused" test "$(accepts "$user" "$user_secret"; echo $?)" != 0
rdm "own user: check exit 0" 0 check

# --- again: a service account replaces the other; then undo ---------------------------
snapshot
rdm "service account: exit 0" 0 "${R[@]}"
sa2=$(app_key)
sa2_secret=$(app_secret)
remember "$sa2_secret"
expect "service account: the old one deleted" "$out" "done delete the old service account $sa"
is "service account: the old one is refused" test "$(accepts "$sa" "$sa_secret"; echo $?)" != 0
snapshot
rdm "undo after the rotation ended: refused, exit 1" 1 undo
expect "undo: says the old key cannot be put back" "$err" "was revoked when the rotation ended and cannot be put back"
is "undo: the files keep the new key" same_as_before
if accepts "$sa2" "$sa2_secret"; then ok "undo: the new key still works"; else notok "undo: the new key still works"; diag "$run/k.out"; fi
rdm "after the refused undo: check exit 0" 0 check

# --- bad options: exit 64, nothing written ----------------------------------------------
snapshot
rdm "no --non-interactive: exit 64" 64 rotate
rdm "--restart sometimes: exit 64" 64 "${R[@]}" --restart sometimes
expect "--restart: names the flag" "$err" "--restart"
rdm "--resume with another option: exit 64" 64 rotate --resume --dry-run
rdm "--app-user on an app with its own user: exit 64" 64 "${R[@]}" --app-user
expect "--app-user: says why" "$err" "has its own user already"
rdm "--resume with nothing to resume: exit 1" 1 rotate --resume
is "bad options: every file byte-identical" same_as_before

# --- RustFS: its root key, rotated like MinIO's root password -------------------
# (its server side is a MinIO started with the same root credentials, which
# the docker shim restarts from the service's RUSTFS_* keys: see
# test_setup_minio.sh)
cat "$RDM_S3_SHIM_LOG" >>"$ALL"
fresh rustfs
cp "$RDM_S3_TEST_DATA/setup/rustfs/docker-services.yml" "$inst/docker-services.yml"
if own_minio rustfs "$sample"; then
	rdm "rustfs: setup first: exit 0" 0 setup --non-interactive --storage rustfs --generate --files-location skip
	old=$(secret_in_env RUSTFS_SECRET_KEY)
	remember "$old"
	rdm "rustfs: --app-user is MinIO's: exit 64" 64 "${R[@]}" --app-user
	expect "rustfs: says so" "$err" "RustFS has no MinIO admin API"
	rdm "rustfs: rotate: exit 0" 0 "${R[@]}"
	new=$(secret_in_env RUSTFS_SECRET_KEY)
	remember "$new"
	expect "rustfs: restarted as RustFS" "$out" "done restart RustFS"
	is "rustfs: a new root key for the app too" test "$new" != "$old" -a "$(app_secret)" = "$new"
	is "rustfs: the server accepts the new key" accepts rdm-admin "$new"
	is "rustfs: and refuses the old one" test "$(accepts rdm-admin "$old"; echo $?)" != 0
else
	unavailable minio
fi

cat "$RDM_S3_SHIM_LOG" >>"$ALL" # the argv of every docker call: no secret there either
no_secret_printed
echo "1..$n"
