#!/bin/bash
# `rdm-s3 setup --non-interactive` on an instance made with file_storage =
# local (tests/data/setup/local/instance, written with the v13 render's
# structure): what was found is said before the plan; --storage minio adds
# the cookiecutter's s3 service and starts it (through the docker shim, a
# local MinIO on a free port), ends with `rdm-s3 check` exit 0, the files
# are the golden ones (their S3 parts the S3 render's: see test_setup_local.c
# for the byte comparison with the S3 twin), the app containers' data
# volumes still mounted; `rdm-s3 undo` stops the new MinIO and restores the
# local instance byte for byte; --storage other on Ceph RGW adds no service,
# ends with the storage checks passing, and undoes. (TAP)
. "${top_srcdir:?}/tests/integration/test_setup_lib.sh"

sample="$RDM_S3_TEST_DATA/setup/local/instance" # fresh/golden/snapshot copy this one
STORAGE_CHECKS=dns,tcp,tls,clock,auth,bucket,region,cors,presign,canary,browser-reach,wiring,client-compat

# local_fresh NAME: a copy of the local-storage instance whose instance
# path (.invenio.private) holds 3 uploaded files.
local_fresh() {
	fresh "$1"
	mkdir -p "$run/$1-var/data/0f/aa/1234/data" "$run/$1-var/data/11/bb"
	echo one >"$run/$1-var/data/0f/aa/1234/data/data"
	echo two >"$run/$1-var/data/11/bb/data"
	echo three >"$run/$1-var/data/11/bb/data2"
	sed -i "s|^instance_path = .*|instance_path = $run/$1-var|" "$inst/.invenio.private"
}

# golden_local CASE: golden CASE without the test's own instance path
# (.invenio.private is the fixture's while the files are compared).
golden_local() {
	cp "$inst/.invenio.private" "$run/private.keep"
	cp "$sample/.invenio.private" "$inst/.invenio.private"
	golden "$1"
	cp "$run/private.keep" "$inst/.invenio.private"
}

# app_volumes: the app containers' data volumes, as mounted in the
# fixture (web-ui, web-api, worker; web-ui and web-api the archive).
app_volumes() {
	test "$(grep -c -- '- uploaded_data:/opt/invenio/var/instance/data$' "$inst/docker-compose.full.yml")" = 3 &&
		test "$(grep -c -- '- archived_data:/opt/invenio/var/instance/archive$' "$inst/docker-compose.full.yml")" = 2 &&
		grep -qx '  uploaded_data:' "$inst/docker-compose.full.yml" &&
		grep -qx '  archived_data:' "$inst/docker-compose.full.yml"
}

# --- MinIO: the service is added and started ---------------------------------
local_fresh minio
MINIO_STATE="$run/minio-local"
if vars=$("$servers/minio/start.sh" "$MINIO_STATE" 2>"$run/minio.err"); then
	minios="$minios $MINIO_STATE"
	eval "$vars"
	unset ACCESS_KEY SECRETS_FILE
	# The instance stores its files locally: no MinIO runs before setup.
	"$servers/minio/stop.sh" "$MINIO_STATE" --keep >/dev/null 2>&1
	export RDM_S3_SHIM_MINIO="$MINIO_STATE"
	snapshot
	S=(setup --non-interactive --storage minio --endpoint "http://localhost:$PORT")

	rdm "minio: dry run, exit 0" 0 "${S[@]}" --generate --dry-run
	expect "minio: says where the files are and how many, before the plan" "$out" \
		"Found: files are stored locally in $run/minio-var/data; 3 files; in containers, in the volume uploaded_data (/opt/invenio/var/instance/data).
Switching to S3:"
	expect "minio: says old files stay readable" "$out" "Files uploaded before keep their local paths in the database"
	expect "minio: names the install command" "$out" "install it with \`pipenv lock && pipenv sync\`"
	expect "minio: says how to move old files, without doing it" "$out" \
		"migrate_file.delay(str(f.id), \"s3-default\", post_fixity_check=True)"
	expect "minio: the service is started, not restarted" "$out" "start MinIO (new service s3)
      docker compose --file docker-compose.yml up -d s3"
	expect "minio: its published port follows the endpoint" "$out" \
		"+      - \"\${DOCKER_SERVICES_IP_BIND:-127.0.0.1}:$PORT:9000\""
	is "minio: dry run writes nothing" same_as_before
	is "minio: dry run runs nothing" test ! -s "$RDM_S3_SHIM_LOG"
	rdm "minio: dry run --json" 0 --json "${S[@]}" --generate --dry-run
	json_is "minio: --json has what was found" "$out" \
		"d['local_storage']['files'] == 3 and d['local_storage']['volume'] == 'uploaded_data' and d['local_storage']['install_command'] == 'pipenv lock && pipenv sync' and [s['phase'] for s in d['steps']] == ['files', 'restart', 'after-restart', 'after-restart', 'verify']"

	rdm "minio: setup, exit 0 (the checks' exit code)" 0 "${S[@]}" --generate
	secret=$(secret_in_env MINIO_ROOT_PASSWORD)
	printf '%s\n' "$secret" >>"$SECRETS"
	expect "minio: the new MinIO was started" "$out" "done start MinIO (new service s3): MinIO started; it accepts the new root credentials"
	expect "minio: through docker compose" "$(cat "$RDM_S3_SHIM_LOG")" "docker compose --file docker-compose.yml up -d s3"
	expect "minio: then the bucket and the files location" "$(cat "$RDM_S3_SHIM_LOG")" \
		"pipenv run invenio files location create s3-default s3://default --default"
	is "minio: MinIO accepts the new root user and password" minio_accepts rdm-admin "$secret"
	rdm "minio: rdm-s3 check after setup: exit 0" 0 check
	is "minio: the app containers' data volumes are still mounted" app_volumes
	is "minio: the uploaded files were not touched" test "$(find "$run/minio-var/data" -type f | wc -l)" = 3
	GOLDEN_SECRET=$secret golden_local local-minio
	python3 -c 'import sys, tomllib; d = tomllib.load(open(sys.argv[1], "rb")); sys.exit(0 if "s3" in d["packages"]["invenio-app-rdm"]["extras"] else 1)' \
		"$inst/Pipfile" && ok "minio: the Pipfile reads as TOML with the s3 extra" || notok "minio: the Pipfile reads as TOML with the s3 extra"

	rdm "minio: undo, exit 0" 0 undo
	expect "minio: the bucket is deleted again" "$out" "undone: create bucket default"
	expect "minio: the new MinIO is stopped and removed" "$out" "undone: start MinIO (new service s3)"
	expect "minio: through docker compose" "$(cat "$RDM_S3_SHIM_LOG")" "docker compose --file docker-compose.yml rm --stop --force s3"
	is "minio: undo restores the local instance byte for byte" same_as_before
	is "minio: nothing listens on the MinIO port any more" test "$(minio_accepts rdm-admin "$secret"; echo $?)" != 0

	# A kill -9 right after the new MinIO started (before the journal says
	# so): --resume finds it started (the step type is read back from the
	# journal) and finishes; undo then takes everything back.
	local_fresh kill
	snapshot
	rdm "kill: plan --json" 0 --json "${S[@]}" --generate --dry-run
	point=$(printf '%s' "$out" | python3 -c 'import json, sys
d = json.load(sys.stdin)
print([s for s in d["steps"] if s["title"].startswith("start MinIO")][0]["fault_points"][1])')
	RDM_S3_FAULT_AT=$point rdm "kill: setup killed after the start of MinIO (exit 137)" 137 "${S[@]}" --generate
	rdm "kill: a new setup is refused while the change waits" 1 "${S[@]}" --generate
	rdm "kill: --resume, exit 0" 0 setup --resume
	expect "kill: --resume finds MinIO started" "$out" "start MinIO (new service s3)"
	rdm "kill: rdm-s3 check after --resume: exit 0" 0 check
	rdm "kill: undo, exit 0" 0 undo
	is "kill: undo restores the local instance byte for byte" same_as_before
else
	diag "$run/minio.err"
	unavailable minio
fi

# --- Ceph RGW, --storage other: no service -----------------------------------
if shared_server ceph; then
	local_fresh ceph
	snapshot
	bucket="setup-local-$$"
	printf '%s\n' "$SECRET_KEY" >"$run/secret" && chmod 600 "$run/secret"
	S=(setup --non-interactive --storage other --endpoint "$ENDPOINT" --access-key-id "$ACCESS_KEY" --bucket "$bucket")
	RDM_IN="$run/secret" rdm_code "ceph: setup" "${S[@]}"
	expect "ceph: says what was found" "$out" "Found: files are stored locally in $run/ceph-var/data; 3 files"
	expect_not "ceph: no service is started" "$out" "start MinIO"
	is "ceph: no s3 service in docker-services.yml" test "$(grep -c '^  s3:' "$inst/docker-services.yml")" = 0
	is "ceph: no s3 service in docker-compose.yml" test "$(grep -c '^  s3:' "$inst/docker-compose.yml")" = 0
	is "ceph: docker-compose.full.yml unchanged" cmp -s "$inst/docker-compose.full.yml" "$sample/docker-compose.full.yml"
	expect "ceph: FILES_REST_STORAGE_FACTORY is invenio-s3's" "$(cat "$inst/invenio.cfg")" \
		"FILES_REST_STORAGE_FACTORY='invenio_s3.s3fs_storage_factory'"
	rdm "ceph: rdm-s3 check of the storage: exit 0" 0 check --only "$STORAGE_CHECKS"
	is "ceph: the app containers' data volumes are still mounted" app_volumes
	GOLDEN_SECRET=$SECRET_KEY GOLDEN_BUCKET=$bucket golden_local local-other
	rdm "ceph: undo, exit 0" 0 undo
	expect "ceph: the bucket goes" "$out" "undone: create bucket $bucket"
	is "ceph: undo restores the local instance byte for byte" same_as_before
else
	unavailable ceph
fi

no_secret_printed
echo "1..$n"
