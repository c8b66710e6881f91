#!/bin/sh
# rdm-s3 config show / set / set-secret / undo on copies of the sample
# instance and its variants: byte-exact golden diffs and files, idempotence,
# read-back, undo, bad inputs (each: exit code, a message naming the file and
# the fix, no file changed), and kill -9 before every step of a multi-file
# write. (TAP)
#
# RDM_S3_GOLDEN_UPDATE=1 rewrites the golden files instead of comparing
# (review every change with `git diff` before committing it).
set -u
bin="${top_builddir:-.}/rdm-s3"
data="${RDM_S3_TEST_DATA:-tests/data}/instance/sample"
golden="$data/golden"
run="${RDM_S3_TEST_RUN:-/tmp}/config_cmd.$$"
update="${RDM_S3_GOLDEN_UPDATE:-}"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
need() { # description reason: a prerequisite is missing
	if [ "${CI:-}" = true ]; then notok "$1" "prerequisite missing and CI=true: $2"; else skip "$1" "$2"; fi
}
cleanup() { chmod -R u+rwx "$run" 2>/dev/null; rm -rf "$run"; }
trap cleanup EXIT
mkdir -p "$run"
inst="$run/i"
before="$run/before"
# git must not find a repository above the scratch folder (a build inside a
# checkout would otherwise change what `config show` says).
GIT_CEILING_DIRECTORIES=$run
export TZ=UTC LC_ALL=C NO_COLOR=1 GIT_CEILING_DIRECTORIES
unset INVENIO_S3_ENDPOINT_URL INVENIO_S3_ACCESS_KEY_ID INVENIO_S3_SECRET_ACCESS_KEY INVENIO_S3_REGION_NAME \
	MINIO_ROOT_USER MINIO_ROOT_PASSWORD RDM_S3_FAULT_AT

# fresh SETUP...: a copy of the sample instance; each SETUP is DEST=VARIANT
# (a file of variants/ copied over DEST) or -DEST (DEST removed).
fresh() {
	chmod -R u+rwx "$inst" 2>/dev/null
	rm -rf "$inst" "$before"
	mkdir -p "$inst"
	cp -R "$data/instance/." "$inst/"
	for s in "$@"; do
		case $s in
		-*) rm -f "$inst/${s#-}" ;;
		*=*) cp "$data/variants/${s#*=}" "$inst/${s%%=*}" ;;
		esac
	done
	chmod -R u+w,go-w "$inst"
}
snapshot() { rm -rf "$before"; mkdir -p "$before"; cp -R "$inst/." "$before/"; rm -rf "$before/.rdm-s3"; }
# the instance (without .rdm-s3) equals folder $1
same_as() {
	diff -r -x .rdm-s3 "$1" "$inst" >"$run/diff.out" 2>&1
}
rdm() { (cd "$inst" && "$bin" "$@"); }
# quiet CMD...: run in the instance with all output dropped and print the exit
# status. The subshell waits itself, so the shell's notice about a process
# killed by a signal ("Killed") goes to /dev/null as well.
quiet() { (cd "$inst" && "$@"; echo $? >&3) 3>&1 >/dev/null 2>&1; }

# expect_files CASE: every file is the golden one for CASE, or as before.
expect_files() {
	exp="$run/expected"
	rm -rf "$exp"
	mkdir -p "$exp"
	cp -R "$before/." "$exp/"
	[ -d "$golden/$1" ] && cp -R "$golden/$1/." "$exp/"
	same_as "$exp"
}

update_golden_files() { # CASE: store the files that differ from before
	rm -rf "$golden/$1"
	for f in $(ls -A "$inst"); do
		[ "$f" = .rdm-s3 ] && continue
		if ! cmp -s "$inst/$f" "$before/$f" 2>/dev/null; then
			mkdir -p "$golden/$1"
			cp "$inst/$f" "$golden/$1/$f"
		fi
	done
}

# check_case NAME STDIN ARGS...: dry-run diff, apply, files, idempotence, undo.
check_case() {
	name=$1 input=$2
	shift 2
	snapshot
	printf '%s' "$input" | rdm "$@" --dry-run >"$run/$name.diff" 2>"$run/$name.err"
	rc=$?
	if [ -n "$update" ]; then cp "$run/$name.diff" "$golden/$name.diff"; fi
	if [ $rc -ne 0 ]; then notok "$name: dry run exits 0 (got $rc)" "$(cat "$run/$name.err")"; return; fi
	if cmp -s "$run/$name.diff" "$golden/$name.diff"; then ok "$name: dry-run diff is the golden one"
	else notok "$name: dry-run diff is the golden one" "$(diff "$golden/$name.diff" "$run/$name.diff" | head -20)"; fi
	if same_as "$before"; then ok "$name: dry run writes nothing"; else notok "$name: dry run writes nothing"; fi
	printf '%s' "$input" | rdm "$@" >"$run/$name.out" 2>&1
	rc=$?
	[ -n "$update" ] && update_golden_files "$name"
	if [ $rc -eq 0 ] && expect_files "$name"; then ok "$name: files are the golden ones"
	else notok "$name: files are the golden ones (exit $rc)" "$(cat "$run/$name.out")" "$(head -20 "$run/diff.out")"; fi
	if [ -n "$input" ] && grep -qF -- "$input" "$run/$name.diff" "$run/$name.err" "$run/$name.out"; then
		notok "$name: the secret is never printed"
	elif [ -n "$input" ]; then ok "$name: the secret is never printed"; fi
	if [ -f "$inst/.env" ] && [ "$(stat -c %a "$inst/.env")" != 600 ]; then notok "$name: .env is 0600"; fi
	sets=$(ls "$inst/.rdm-s3/backups" | wc -l)
	printf '%s' "$input" | rdm "$@" >"$run/$name.again" 2>&1
	if grep -q "Nothing to change" "$run/$name.again" && [ "$(ls "$inst/.rdm-s3/backups" | wc -l)" -eq "$sets" ] &&
		expect_files "$name"; then ok "$name: applying it again changes nothing"
	else notok "$name: applying it again changes nothing" "$(cat "$run/$name.again")"; fi
	rdm undo >"$run/$name.undo" 2>&1
	if [ $? -eq 0 ] && same_as "$before" && grep -q '^restored ' "$run/$name.undo"; then ok "$name: undo restores every file"
	else notok "$name: undo restores every file" "$(cat "$run/$name.undo")" "$(head -20 "$run/diff.out")"; fi
}

# bad NAME WANT_RC PATTERN STDIN ARGS...: PATTERN must be in the output, the
# instance must be unchanged and the value after '=' never echoed for secrets.
bad() {
	name=$1 want=$2 pattern=$3 input=$4
	shift 4
	snapshot
	printf '%s' "$input" | rdm "$@" >"$run/bad.out" 2>&1
	rc=$?
	if [ $rc -eq "$want" ] && grep -qF -- "$pattern" "$run/bad.out" && same_as "$before"; then ok "refused: $name"
	else notok "refused: $name (exit $rc, wanted $want)" "$(cat "$run/bad.out")"; fi
}

# --- config show --------------------------------------------------------
check_show() { # NAME ARGS...
	name=$1
	shift
	rdm "$@" 2>&1 | sed "s|$inst|@INSTANCE@|g" >"$run/$name"
	[ -n "$update" ] && cp "$run/$name" "$golden/$name"
	if cmp -s "$run/$name" "$golden/$name"; then ok "config show: $name is the golden one"
	else notok "config show: $name is the golden one" "$(diff "$golden/$name" "$run/$name" | head -20)"; fi
}
fresh
if command -v git >/dev/null 2>&1; then
	check_show show.txt config show
	check_show show.json --json config show
else
	need "config show golden output" "git is not installed (the output says whether git tracks the files)"
fi

# --- each key on the sample instance --------------------------------------
fresh; check_case endpoint "" config set storage.endpoint=https://s3.example.org
fresh; check_case region "" config set storage.region=eu-west-1
fresh; check_case bucket "" config set storage.bucket=demo-repo-files
fresh; check_case root-user "" config set minio.root-user=minio-admin
fresh; check_case root-password "Correct-Horse-Battery-42" config set-secret minio.root-password
fresh; check_case access-key-id "" config set storage.access-key-id=rdm-app
fresh; check_case secret-access-key "App-Secret-Key-0042" config set-secret storage.secret-access-key
fresh; check_case cors "" config set minio.cors-allow-origin=https://127.0.0.1,https://demo-repo.example.org
fresh; check_case creds-env "" config set minio.root-user=minio-admin storage.credentials-in=env
fresh; rdm config set minio.root-user=minio-admin storage.credentials-in=env >/dev/null
check_case creds-cfg "" config set storage.credentials-in=cfg
fresh; rdm config set minio.root-user=minio-admin storage.credentials-in=env >/dev/null
command -v git >/dev/null 2>&1 && check_show show-creds-env.txt config show
check_case creds-env-password "Env-Password-0042" config set-secret minio.root-password

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

# --- bad inputs: exit code, message, nothing changed --------------------------
fresh
bad "unknown key" 64 "unknown key 'storage.nope'" "" config set storage.nope=1
bad "a secret on the command line" 64 "use \`rdm-s3 config set-secret minio.root-password\`" "" \
	config set minio.root-password=Sup3r-Secret-Pw
if grep -q Sup3r-Secret-Pw "$run/bad.out"; then notok "a secret given in argv is not echoed"; else ok "a secret given in argv is not echoed"; fi
bad "short MinIO password" 64 "shorter than 8 characters" "short" config set-secret minio.root-password
bad "short MinIO user" 64 "shorter than 3 characters" "" config set minio.root-user=ab
bad "CORS list with an empty entry" 64 "empty entry" "" config set minio.cors-allow-origin=https://a.example,
bad "endpoint without a scheme" 64 "must start with http:// or https://" "" config set storage.endpoint=localhost:9000
bad "invalid bucket name" 64 "bucket" "" config set storage.bucket=Demo_Bucket
bad "credentials-in value" 64 "must be env or cfg" "" config set storage.credentials-in=git
bad "empty secret" 64 "no value on standard input" "" config set-secret storage.secret-access-key
bad "one bad value stops all" 64 "empty entry" "" config set minio.root-user=minio-admin minio.cors-allow-origin=,
printf 'services:\n  s3:\n    image: [unclosed\n    environment:\n' >"$inst/docker-services.yml"
bad "YAML syntax error" 65 "docker-services.yml:" "" config set minio.root-user=minio-admin
if grep -q "fix:" "$run/bad.out"; then ok "the YAML error says how to fix it"; else notok "the YAML error says how to fix it" "$(cat "$run/bad.out")"; fi
fresh invenio.cfg=invenio.multiline-s3-present.cfg
bad "non-literal invenio.cfg value" 65 "invenio.cfg:44" "New-Secret-0042" config set-secret storage.secret-access-key
if grep -q "fix:" "$run/bad.out"; then ok "the non-literal error says what to do"; else notok "the non-literal error says what to do"; fi

fresh
mkdir -p "$run/shared"
mv "$inst/invenio.cfg" "$run/shared/invenio.cfg"
ln -s ../shared/invenio.cfg "$inst/invenio.cfg"
cp "$run/shared/invenio.cfg" "$run/shared.orig"
bad "symlinked invenio.cfg (refused, not followed)" 73 "invenio.cfg is a symbolic link (to ../shared/invenio.cfg)" "" \
	config set storage.region=eu-west-1
if [ -L "$inst/invenio.cfg" ] && cmp -s "$run/shared/invenio.cfg" "$run/shared.orig" && grep -q "fix:" "$run/bad.out"; then
	ok "the link and its target are untouched"
else notok "the link and its target are untouched"; fi

# A read-only instance folder: as root, run as nobody (root ignores modes).
ro_test() {
	fresh
	as=""
	if [ "$(id -u)" -eq 0 ]; then
		if ! command -v setpriv >/dev/null 2>&1; then need "read-only folder" "setpriv is missing (running as root)"; return; fi
		chown -R 65534:65534 "$run"
		as="setpriv --reuid=65534 --regid=65534 --clear-groups"
	fi
	(cd "$inst" && $as "$bin" config set storage.region=eu-west-1 && $as "$bin" undo) >/dev/null 2>&1
	chmod 0555 "$inst"
	snapshot
	(cd "$inst" && $as "$bin" config set storage.region=eu-west-1) >"$run/bad.out" 2>&1
	rc=$?
	chmod 0755 "$inst"
	if [ $rc -eq 73 ] && grep -qF "the folder $inst is not writable" "$run/bad.out" && grep -q "fix: .*chmod u+w $inst" "$run/bad.out" &&
		same_as "$before"; then ok "refused: read-only instance folder"
	else notok "refused: read-only instance folder (exit $rc)" "$(cat "$run/bad.out")"; fi
	[ "$(id -u)" -eq 0 ] && chown -R 0:0 "$run"
}
ro_test

mkdir -p "$run/empty/sub"
(cd "$run/empty/sub" && "$bin" config show) >"$run/bad.out" 2>&1
rc=$?
if [ $rc -eq 1 ] && grep -qF "looked for .invenio in $run/empty/sub and in every folder above it" "$run/bad.out"; then
	ok "no instance: says what was looked for and where"
else notok "no instance: says what was looked for and where (exit $rc)" "$(cat "$run/bad.out")"; fi
"$bin" --instance "$run/empty" config show >"$run/bad.out" 2>&1
if [ $? -eq 1 ] && grep -q "there is no .invenio in it" "$run/bad.out"; then ok "--instance DIR without .invenio is refused"
else notok "--instance DIR without .invenio is refused" "$(cat "$run/bad.out")"; fi

# --- undo: refusals ---------------------------------------------------------
fresh
bad "undo with nothing to undo" 1 "nothing to undo" "" undo
rdm config set storage.region=eu-west-1 >/dev/null
echo "# edited by hand" >>"$inst/invenio.cfg"
bad "undo over a hand edit" 1 "invenio.cfg changed since rdm-s3 wrote it" "" undo
rdm undo --force >"$run/undo.out" 2>&1
if [ $? -eq 0 ] && grep -q "overwrote edits in invenio.cfg" "$run/undo.out" && cmp -s "$inst/invenio.cfg" "$data/instance/invenio.cfg"; then
	ok "undo --force restores anyway and says so"
else notok "undo --force restores anyway and says so" "$(cat "$run/undo.out")"; fi

# --- kill -9 before every step of a 4-file write, then recover ---------------
files=".gitignore .env docker-services.yml invenio.cfg"
steps=11 # 4 backups, manifest, undo log, 4 writes (in this order), done
each_old_or_new() {
	for f in $files; do
		if [ -e "$before/$f" ] && cmp -s "$inst/$f" "$before/$f"; then continue; fi
		if [ ! -e "$before/$f" ] && [ ! -e "$inst/$f" ]; then continue; fi
		if cmp -s "$inst/$f" "$golden/creds-env/$f"; then continue; fi
		echo "$f is neither old nor new"
		return 1
	done
	if ls -A "$inst" | grep -q '\.rdm-s3-'; then echo "a temporary file was left"; return 1; fi
}
kill_test() { # MODE: undo or rerun
	bad_steps=""
	step=1
	while [ $step -le $((steps + 1)) ]; do
		fresh
		snapshot
		rc=$(quiet env RDM_S3_FAULT_AT=$step "$bin" config set minio.root-user=minio-admin \
			storage.credentials-in=env)
		want=137
		[ $step -gt $steps ] && want=0
		why=$(each_old_or_new) || bad_steps="$bad_steps $step($why)"
		[ $rc -ne $want ] && bad_steps="$bad_steps $step(exit $rc)"
		if [ "$1" = undo ]; then
			rdm undo >/dev/null 2>&1
			same_as "$before" || bad_steps="$bad_steps $step(undo left changes)"
		else
			rdm config set minio.root-user=minio-admin storage.credentials-in=env >/dev/null 2>&1
			expect_files creds-env || bad_steps="$bad_steps $step(re-run did not finish)"
		fi
		step=$((step + 1))
	done
	if [ -z "$bad_steps" ]; then ok "kill -9 before each of $steps steps, then $1: every file whole, recovered"
	else notok "kill -9 before each step, then $1" "failed at:$bad_steps"; fi
}
kill_test undo
kill_test rerun

# kill -9 inside undo itself; a second undo finishes the job
bad_steps=""
step=1
while [ $step -le $steps ]; do
	fresh
	snapshot
	rdm config set minio.root-user=minio-admin storage.credentials-in=env >/dev/null 2>&1
	rc=$(quiet env RDM_S3_FAULT_AT=$step "$bin" undo)
	[ "$rc" -eq 137 ] || bad_steps="$bad_steps $step(not killed: $rc)"
	why=$(each_old_or_new) || bad_steps="$bad_steps $step($why)"
	rdm undo >/dev/null 2>&1
	same_as "$before" || bad_steps="$bad_steps $step(second undo)"
	step=$((step + 1))
done
if [ -z "$bad_steps" ]; then ok "kill -9 inside undo, then undo again: every file restored"
else notok "kill -9 inside undo" "failed at:$bad_steps"; fi

echo "1..$n"
