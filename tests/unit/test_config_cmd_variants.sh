#!/bin/sh
# rdm-s3 config set / set-secret on the sample instance with each stress
# variant copied in: byte-exact golden diffs and files for every key,
# idempotence, undo. (TAP)
. "${top_srcdir:-.}/tests/unit/test_config_cmd_lib.sh"

# --- the stress variants ----------------------------------------------------
for v in map-env list-env-quoted crlf bom anchors-merge; do
	fresh docker-services.yml=docker-services.$v.yml
	check_case "variant-$v" "" config set minio.root-user=minio-admin \
		minio.cors-allow-origin=https://127.0.0.1
done
fresh -docker-services.yml docker-services.yaml=docker-services.yaml
check_case variant-yaml "" config set minio.root-user=minio-admin minio.cors-allow-origin=https://127.0.0.1
fresh invenio.cfg=invenio.s3-commented.cfg
check_case variant-s3-commented "" config set storage.endpoint=http://localhost:9000 storage.region=us-east-1
fresh invenio.cfg=invenio.multiline-s3-present.cfg
check_case variant-multiline "" config set storage.endpoint=https://s3.eu-central-1.amazonaws.com storage.region=eu-central-1
fresh .env=dotenv.export-quotes.env
bad "moving MinIO's password over another value in .env" 65 \
	"cannot move MINIO_ROOT_PASSWORD to .env: .env:9 already sets it" "" config set storage.credentials-in=env
sed '/^MINIO_ROOT_PASSWORD=/d' "$data/variants/dotenv.export-quotes.env" >"$inst/.env"
check_case variant-dotenv-export "" config set storage.credentials-in=env
fresh .env=dotenv.crlf-bom.env
check_case variant-dotenv-crlf "" config set minio.root-user=minio-admin storage.credentials-in=env

# --- every key on every stress variant -------------------------------------
# key_case CASE KEY: one edit of the vocabulary (the values of the sample cases).
key_case() {
	case $2 in
	endpoint) check_case "$1" "" config set storage.endpoint=https://s3.example.org ;;
	region) check_case "$1" "" config set storage.region=eu-north-1 ;;
	bucket) check_case "$1" "" config set storage.bucket=demo-repo-files ;;
	access-key-id) check_case "$1" "" config set storage.access-key-id=rdm-app ;;
	secret-access-key) check_case "$1" "App-Secret-Key-0042" config set-secret storage.secret-access-key ;;
	root-user) check_case "$1" "" config set minio.root-user=minio-admin ;;
	root-password) check_case "$1" "Correct-Horse-Battery-42" config set-secret minio.root-password ;;
	cors) check_case "$1" "" config set minio.cors-allow-origin=https://127.0.0.1,https://demo-repo.example.org ;;
	creds-env) check_case "$1" "" config set storage.credentials-in=env ;;
	esac
}
all_keys="endpoint region bucket access-key-id secret-access-key root-user root-password cors creds-env"
for v in map-env list-env-quoted crlf bom anchors-merge; do
	for k in $all_keys; do
		fresh docker-services.yml=docker-services.$v.yml
		key_case "variant-$v.$k" "$k"
	done
done
for k in $all_keys; do
	fresh -docker-services.yml docker-services.yaml=docker-services.yaml
	key_case "variant-yaml.$k" "$k"
	fresh invenio.cfg=invenio.s3-commented.cfg
	key_case "variant-s3-commented.$k" "$k"
	fresh .env=dotenv.crlf-bom.env
	key_case "variant-dotenv-crlf.$k" "$k"
done
# invenio.multiline-s3-present.cfg: S3_SECRET_ACCESS_KEY is a parenthesised
# multi-line string, which is refused (below); every other key is edited.
for k in endpoint region bucket access-key-id root-user cors; do
	fresh invenio.cfg=invenio.multiline-s3-present.cfg
	key_case "variant-multiline.$k" "$k"
done
# dotenv.export-quotes.env already sets MINIO_ROOT_PASSWORD (refused above
# for credentials-in=env).
for k in endpoint region bucket access-key-id secret-access-key root-user root-password cors; do
	fresh .env=dotenv.export-quotes.env
	key_case "variant-dotenv-export.$k" "$k"
done

# .gitignore: an upstream-like one gets .env appended; one that already
# ignores it (/.env) is left alone.
fresh .gitignore=gitignore.upstream
check_case variant-gitignore-upstream.creds-env "" config set storage.credentials-in=env
fresh .gitignore=gitignore.has-env
check_case variant-gitignore-has-env.creds-env "" config set storage.credentials-in=env

echo "1..$n"
