#!/bin/bash
# `rdm-s3 setup --non-interactive --storage minio` on a scratch copy of the
# sample instance whose MinIO was started from its CHANGE_ME files: the
# dry run changes nothing (files, server), the real run ends with
# `rdm-s3 check` exit 0 and no hand edit (new root user and generated
# password, the app's keys following them in .env, CORS origins, checksum
# settings, the bucket, the MinIO restart through `docker compose` (a shim
# that restarts the test MinIO from the files), the files location through
# `pipenv run invenio` (a shim answering as invenio-files-rest)), golden
# files, undo of files and server together, --restart never with --resume,
# and the bad inputs refused before anything is written. (TAP)
. "${top_srcdir:?}/tests/integration/test_setup_lib.sh"

S=(setup --non-interactive --storage minio)

fresh minio
if ! own_minio minio; then
	unavailable minio
	echo "1..$n"
	exit 0
fi
snapshot

# --- dry run: nothing written, nothing created, nothing run ---------------
rdm "dry run: exit 0" 0 "${S[@]}" --generate --dry-run
is "dry run: every file byte-identical" same_as_before
is "dry run: no .rdm-s3 state written" test ! -e "$inst/.rdm-s3/changes"
expect "dry run: the diff masks the generated password" "$out" "+MINIO_ROOT_PASSWORD=********"
expect "dry run: the bucket comes first, with today's root credentials" "$out" "  1 create bucket default
      with the root credentials that work today"
expect "dry run: then the files" "$out" "  2 write 4 files"
expect "dry run: then the MinIO restart" "$out" "  3 restart MinIO
      docker compose --file docker-compose.yml up -d s3"
expect "dry run: then the files location" "$out" "pipenv run invenio files location create s3-default s3://default --default"
is "dry run: nothing was run" test ! -s "$RDM_S3_SHIM_LOG"
minio_accepts CHANGE_ME CHANGE_ME
is "dry run: MinIO still runs on CHANGE_ME, without a bucket" test "$(cat "$run/list.out")" = ""
rdm "dry run --json: exit 0" 0 --json "${S[@]}" --generate --dry-run
json_is "dry run --json: the plan" "$out" \
	"d['dry_run'] and d['storage'] == 'minio' and d['bucket'] == 'default' and d['bucket_exists'] is False and [f['file'] for f in d['files']] == ['.gitignore', '.env', 'docker-services.yml', 'invenio.cfg'] and [s['phase'] for s in d['steps']] == ['before-files', 'files', 'restart', 'after-restart', 'verify'] and d['secret_generated']"

# --- the real run -------------------------------------------------------------
rdm "setup: exit 0 (the checks' exit code)" 0 "${S[@]}" --generate
secret=$(secret_in_env MINIO_ROOT_PASSWORD)
printf '%s\n' "$secret" >>"$SECRETS"
is "setup: a 40-character generated password in .env" test "${#secret}" = 40
expect "setup: each step is reported as it completes" "$out" "done restart MinIO: MinIO restarted; it accepts the new root credentials"
expect "setup: the child's output is shown" "$out" "| Location s3-default s3://default as default True stored in database"
expect "setup: ends with the checks" "$out" "16 checks: 14 ok"
is "setup: .env is 0600" test "$(stat -c %a "$inst/.env")" = 600
is "setup: MinIO accepts the new root user and password" minio_accepts rdm-admin "$secret"
is "setup: MinIO refuses CHANGE_ME now" test "$(minio_accepts CHANGE_ME CHANGE_ME; echo $?)" != 0
expect "setup: MinIO was restarted as invenio-cli would" "$(cat "$RDM_S3_SHIM_LOG")" \
	"docker compose --file docker-compose.yml up -d s3"
expect "setup: the files location was created the way the instance runs invenio" \
	"$(cat "$RDM_S3_SHIM_LOG")" "pipenv run invenio files location create s3-default s3://default --default"
GOLDEN_SECRET=$secret golden minio
rdm "rdm-s3 check after setup: exit 0" 0 check
if grep -rqF -- "$secret" "$inst/.rdm-s3/changes"; then notok "the journal keeps no secret once done"
else ok "the journal keeps no secret once done"; fi
rdm "setup again without --generate: exit 0" 0 "${S[@]}"
expect "setup again: the files already say so" "$out" "The files already say so: none changes."
expect_not "setup again: no restart" "$out" "restart MinIO"

# --- undo: the files and the server steps, in reverse order ----------------
rdm "undo: exit 0" 0 undo
expect "undo: the bucket is deleted again" "$out" "undone: create bucket default"
expect "undo: MinIO is restarted with the restored files" "$out" "undone: restart MinIO"
expect "undo: says what stays" "$out" "left as it is: create the files location s3-default"
is "undo: every file byte-identical to before" same_as_before
is "undo: MinIO takes CHANGE_ME again" minio_accepts CHANGE_ME CHANGE_ME
is "undo: no bucket left" test "$(cat "$run/list.out")" = ""

# --- --restart never: stop, the operator restarts, --resume ----------------
fresh never
if own_minio never; then
	rdm "--restart never: stops, exit 75" 75 "${S[@]}" --generate --restart never
	expect "--restart never: says what to run" "$out" "run \`docker compose --file docker-compose.yml up -d s3\` in $inst, then \`rdm-s3 setup --resume\`"
	is "--restart never: nothing was restarted" test "$(grep -c docker "$RDM_S3_SHIM_LOG")" = 0
	rdm "--restart never: a new setup is refused while it waits" 1 "${S[@]}" --generate
	expect "--restart never: it names resume and undo" "$err" "rdm-s3 setup --resume"
	rdm "--restart never: other commands still work" 0 config show
	expect "--restart never: and say how to finish the setup" "$err" "finishes it, \`rdm-s3 undo\` takes it back"
	rdm "--resume before the restart: stops again, exit 75" 75 setup --resume
	expect_not "--resume: no note about itself" "$err" "finishes it"
	(cd "$inst" && docker compose --file docker-compose.yml up -d s3 >/dev/null 2>&1)
	rdm "--resume after the restart: exit 0" 0 setup --resume
	expect "--resume: the steps done before are not run again" "$out" "done create bucket default (before the interruption)"
	rdm "--resume: then check exit 0" 0 check
else
	unavailable minio
fi

# --- RustFS: the instance's own server like MinIO ------------------------
# Its compose service is the fixture written from docker-services-cli's
# (tests/data/setup/rustfs); its server side is a MinIO started with the
# same root credentials (RustFS cannot be built here), which the docker
# shim restarts from the service's RUSTFS_* keys.
fresh rustfs
cp "$RDM_S3_TEST_DATA/setup/rustfs/docker-services.yml" "$inst/docker-services.yml"
if own_minio rustfs "$sample"; then
	snapshot
	rdm "rustfs: config show names RustFS's keys" 0 config show
	expect "rustfs: RUSTFS_ACCESS_KEY" "$out" "RUSTFS_ACCESS_KEY            CHANGE_ME"
	expect "rustfs: the service is RustFS" "$out" 'RustFS service "s3"'
	rdm "rustfs: setup --generate: exit 0" 0 setup --non-interactive --storage rustfs --generate
	secret=$(secret_in_env RUSTFS_SECRET_KEY)
	printf '%s\n' "$secret" >>"$SECRETS"
	expect "rustfs: restarted as RustFS" "$out" "done restart RustFS"
	expect "rustfs: CORS is RustFS's own" "$out" "RustFS answers CORS with its own settings"
	is "rustfs: the server accepts the new root key" minio_accepts rdm-admin "$secret"
	GOLDEN_SECRET=$secret golden rustfs
	rdm "rustfs: check exit 0" 0 check
	rdm "rustfs: config set-secret rustfs.secret-key --generate --dry-run" 0 config set-secret rustfs.secret-key --generate --dry-run
	expect "rustfs: the key's RustFS name" "$out" "+RUSTFS_SECRET_KEY=********"
	rdm "rustfs: undo, exit 0" 0 undo
	is "rustfs: every file byte-identical after undo" same_as_before
else
	unavailable minio
fi

# --- bad input: exit 64 naming the flag, nothing written ------------------
fresh bad
snapshot
rdm "--storage unknown: exit 64" 64 setup --non-interactive --storage ftp
expect "--storage unknown: names the flag" "$err" "--storage"
rdm "a bucket name AWS refuses: exit 64" 64 "${S[@]}" --generate --bucket Bad_Name
expect "bad bucket: names the flag and the rule" "$err" "--bucket"
rdm "CHANGE_ME password and no secret: exit 64" 64 "${S[@]}"
expect "no secret: says how to give one" "$err" "--generate"
rdm "an origin with a path: exit 64" 64 "${S[@]}" --generate --cors-origin https://repo.example.org/app
expect "bad origin: names the flag" "$err" "--cors-origin"
rdm "an endpoint without a scheme: exit 64" 64 "${S[@]}" --generate --endpoint localhost:9000
expect "bad endpoint: names the flag" "$err" "--endpoint"
rdm "other without an endpoint: exit 64" 64 setup --non-interactive --storage other --access-key-id AKID
rdm "--generate for Amazon S3: exit 64" 64 setup --non-interactive --storage aws --generate
rdm "no --non-interactive: exit 64" 64 setup
is "bad input: every file byte-identical" same_as_before
is "bad input: no state folder made" test ! -e "$inst/.rdm-s3"

no_secret_printed
echo "1..$n"
