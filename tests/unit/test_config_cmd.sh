#!/bin/sh
# rdm-s3 config show / set / set-secret / undo on copies of the sample
# instance: byte-exact golden diffs and files for every key, idempotence,
# undo, bad inputs (each: exit code, a message naming the file and the fix,
# no file changed), kill -9 before every step of a multi-file write, a full
# disk and a concurrent edit during it, --generate, git-tracked secrets.
# The stress variants are in test_config_cmd_variants.sh. (TAP)
. "${top_srcdir:-.}/tests/unit/test_config_cmd_lib.sh"
. "${top_srcdir:-.}/tests/unit/test_hooks_lib.sh"
need_test_hooks

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
# The keys setup needs (issue 11): S3_CONFIG_EXTRA merged, SITE_API_URL
# following SITE_UI_URL, S3_CA_BUNDLE, CORS rules as the Python list boto takes.
fresh; check_case client-compat "" config set storage.client-compat=on
fresh; rdm config set storage.client-compat=on >/dev/null
check_case client-compat-off "" config set storage.client-compat=off
fresh; check_case site-url "" config set site.ui-url=https://repo.example.org/
fresh; check_case ca-bundle "" config set storage.ca-bundle=/etc/rdm/private-ca.pem
fresh; check_case bucket-cors-rules "" config set 'storage.bucket-cors-rules=[{"AllowedOrigins": ["https://127.0.0.1"], "AllowedMethods": ["GET", "HEAD", "PUT"], "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3600}]'

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
bad "client-compat value" 64 "must be on or off" "" config set storage.client-compat=yes
bad "site URL with a path" 64 "has no path" "" config set site.ui-url=https://repo.example.org/app
bad "CORS rules that are not JSON" 64 "storage.bucket-cors-rules" "" config set storage.bucket-cors-rules=GET
bad "CORS rules with a bad method" 64 "PATCH" "" config set 'storage.bucket-cors-rules=[{"AllowedOrigins": ["*"], "AllowedMethods": ["PATCH"]}]'
bad "empty secret" 64 "no value on standard input" "" config set-secret storage.secret-access-key
bad "one bad value stops all" 64 "empty entry" "" config set minio.root-user=minio-admin minio.cors-allow-origin=,
printf 'services:\n  s3:\n    image: [unclosed\n    environment:\n' >"$inst/docker-services.yml"
bad "YAML syntax error" 65 "docker-services.yml:" "" config set minio.root-user=minio-admin
if grep -q "fix:" "$run/bad.out"; then ok "the YAML error says how to fix it"; else notok "the YAML error says how to fix it" "$(cat "$run/bad.out")"; fi
fresh invenio.cfg=invenio.multiline-s3-present.cfg
bad "non-literal invenio.cfg value" 65 "invenio.cfg:44" "New-Secret-0042" config set-secret storage.secret-access-key
if grep -q "fix:" "$run/bad.out"; then ok "the non-literal error says what to do"; else notok "the non-literal error says what to do"; fi
# The lines named are the lines on disk, even when the command had already
# removed lines above them in its working copies.
bad "moving a multi-line secret to .env" 65 "invenio.cfg:44 (to line 47): cannot remove S3_SECRET_ACCESS_KEY" "" \
	config set storage.credentials-in=env
fresh
echo "S3_ENDPOINT_URL = 'http://' + 'localhost:9000/'" >>"$inst/invenio.cfg"
last=$(wc -l <"$inst/invenio.cfg")
bad "a computed value after lines another key removes" 65 "invenio.cfg:$last: cannot change S3_ENDPOINT_URL" "" \
	config set storage.credentials-in=env storage.endpoint=https://s3.example.org

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

# --- disk full at each step of the 4-file change (RDM_S3_FAULT=enospc) --------
# What step N writes fails half way with ENOSPC: steps 1-4 back up the files,
# 5 the manifest, 6 the undo log (nothing written yet), 7-10 write .gitignore,
# .env, docker-services.yml, invenio.cfg (the files already written are put
# back), 11 marks the set done (every file is written by then).
bad_steps=""
step=1
while [ $step -le 10 ]; do
	fresh
	snapshot
	(cd "$inst" && RDM_S3_FAULT=enospc RDM_S3_FAULT_AT=$step "$bin" config set minio.root-user=minio-admin \
		storage.credentials-in=env) >"$run/enospc.out" 2>&1
	rc=$?
	[ $rc -eq 73 ] || bad_steps="$bad_steps $step(exit $rc)"
	grep -q "cannot write [^ ]*: no space left" "$run/enospc.out" || bad_steps="$bad_steps $step(message)"
	grep -q "fix: free space" "$run/enospc.out" || bad_steps="$bad_steps $step(no fix)"
	if [ $step -le 6 ] && ! grep -qF "(while backing up; nothing was changed)" "$run/enospc.out"; then
		bad_steps="$bad_steps $step(backup failure not reported)"
	fi
	if [ $step -ge 7 ]; then
		k=$((step - 6))
		f=$(echo $files | cut -d' ' -f$k)
		grep -qF "cannot write $f: no space left" "$run/enospc.out" || bad_steps="$bad_steps $step(file not named)"
		if [ $k -gt 1 ] && ! grep -qF "the $((k - 1)) file(s) already written were restored" "$run/enospc.out"; then
			bad_steps="$bad_steps $step(restore not reported)"
		fi
	fi
	same_as "$before" || bad_steps="$bad_steps $step(files changed)"
	ls -A "$inst" | grep -q '\.rdm-s3-' && bad_steps="$bad_steps $step(temporary file left)"
	rdm undo >"$run/enospc.undo" 2>&1
	grep -q "nothing to undo" "$run/enospc.undo" || bad_steps="$bad_steps $step(undo found something)"
	rdm config set minio.root-user=minio-admin storage.credentials-in=env >/dev/null 2>&1
	expect_files creds-env || bad_steps="$bad_steps $step(re-run did not finish)"
	step=$((step + 1))
done
if [ -z "$bad_steps" ]; then ok "disk full at each of 10 steps: refused, file named, nothing changed, re-run works"
else notok "disk full at each step" "failed at:$bad_steps" "$(cat "$run/enospc.out")"; fi
fresh
snapshot
(cd "$inst" && RDM_S3_FAULT=enospc RDM_S3_FAULT_AT=11 "$bin" config set minio.root-user=minio-admin \
	storage.credentials-in=env) >"$run/enospc.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && expect_files creds-env && rdm undo >"$run/enospc.undo" 2>&1 && same_as "$before"; then
	ok "disk full when marking the change done: every file written, undo restores them"
else notok "disk full when marking the change done (exit $rc)" "$(cat "$run/enospc.out" "$run/enospc.undo")"; fi

# --- a file changed between read and write -----------------------------------
# rdm-s3 is stopped (SIGSTOP) after reading and checking every file, before
# its first backup; invenio.cfg (written last) is edited meanwhile.
fresh
snapshot
(cd "$inst" && exec env RDM_S3_FAULT=stop RDM_S3_FAULT_AT=1 "$bin" config set minio.root-user=minio-admin \
	storage.credentials-in=env) >"$run/race.out" 2>&1 &
pid=$!
tries=0
while [ "$(sed 's/^.*) //' /proc/$pid/stat 2>/dev/null | cut -c1)" != T ] && [ $tries -lt 600 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
echo "# edited by hand while rdm-s3 was working" >>"$inst/invenio.cfg"
cp "$inst/invenio.cfg" "$run/hand-edited.cfg"
kill -CONT $pid
wait $pid
rc=$?
cp "$run/hand-edited.cfg" "$before/invenio.cfg"
if [ $rc -eq 73 ] && grep -qF "invenio.cfg changed on disk after rdm-s3 read it; it was not overwritten" "$run/race.out" &&
	grep -q "fix: " "$run/race.out" && grep -qF "the 3 file(s) already written were restored" "$run/race.out" &&
	same_as "$before"; then
	ok "a file edited between read and write: refused, the edit kept, the other files put back"
else notok "a file edited between read and write (exit $rc)" "$(cat "$run/race.out")" "$(head -20 "$run/diff.out")"; fi

# --- duplicate keys -------------------------------------------------------------
fresh
sed 's/^      MINIO_ROOT_PASSWORD: CHANGE_ME$/&\n      MINIO_ROOT_USER: admin/' "$data/instance/docker-services.yml" >"$inst/docker-services.yml"
line=$(grep -n "MINIO_ROOT_USER: admin" "$inst/docker-services.yml" | cut -d: -f1)
first=$(grep -n "MINIO_ROOT_USER: CHANGE_ME" "$inst/docker-services.yml" | cut -d: -f1)
bad "duplicate key in docker-services.yml" 65 "docker-services.yml:$line:7: duplicate key \"MINIO_ROOT_USER\" (first at line $first)" "" \
	config set minio.root-user=minio-admin
if grep -q "fix: keep only one of lines $first and $line" "$run/bad.out"; then ok "the duplicate-key error says how to fix it"
else notok "the duplicate-key error says how to fix it" "$(cat "$run/bad.out")"; fi

# --- set-secret --generate ------------------------------------------------------
fresh
snapshot
rdm config set-secret minio.root-password --generate --dry-run >"$run/gen.diff" 2>"$run/gen.err"
rc=$?
if [ $rc -eq 0 ] && same_as "$before" && grep -Eq '^\+      MINIO_ROOT_PASSWORD: "?\*{8}"?$' "$run/gen.diff" &&
	grep -q "^+S3_SECRET_ACCESS_KEY='\*\*\*\*\*\*\*\*'$" "$run/gen.diff"; then
	ok "set-secret --generate --dry-run: masked diff, nothing written"
else notok "set-secret --generate --dry-run: masked diff, nothing written (exit $rc)" "$(cat "$run/gen.diff" "$run/gen.err")"; fi
rdm config set-secret minio.root-password --generate </dev/null >"$run/gen.out" 2>&1
rc=$?
# (the YAML value may be quoted: the editor quotes a plain scalar that starts
# with a digit, as it could read as a number)
yaml_pw() { sed -n 's/^      MINIO_ROOT_PASSWORD: "\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$inst/docker-services.yml"; }
pw=$(yaml_pw)
key=$(sed -n "s/^S3_SECRET_ACCESS_KEY='\(.*\)'\$/\1/p" "$inst/invenio.cfg")
if [ $rc -eq 0 ] && [ ${#pw} -eq 40 ] && [ "$pw" = "$key" ] && ! printf '%s' "$pw" | grep -q '[^A-Za-z0-9]' &&
	! grep -qF "$pw" "$run/gen.out" && grep -q "it is not shown" "$run/gen.out"; then
	ok "set-secret --generate: 40 random characters, MinIO and the app agree, never printed"
else notok "set-secret --generate: 40 random characters, MinIO and the app agree, never printed (exit $rc)" \
	"$(grep -v "$pw" "$run/gen.out")"; fi
rdm config set-secret minio.root-password --generate >/dev/null 2>&1
pw2=$(yaml_pw)
if [ ${#pw2} -eq 40 ] && [ "$pw2" != "$pw" ]; then ok "set-secret --generate: a new value each time"
else notok "set-secret --generate: a new value each time"; fi
rdm undo >/dev/null 2>&1 && rdm undo >"$run/gen.undo" 2>&1
if same_as "$before" && grep -q "^restored docker-services.yml" "$run/gen.undo" && grep -q "^restored invenio.cfg" "$run/gen.undo"
then ok "undo twice: back to the placeholders, naming the files restored"
else notok "undo twice: back to the placeholders, naming the files restored" "$(cat "$run/gen.undo")"; fi

# --- a real secret already in the files is masked everywhere ---------------------
fresh
printf 'Old-Real-Secret-0042' | rdm config set-secret minio.root-password >/dev/null 2>&1
{
	rdm config set storage.credentials-in=env --dry-run
	printf 'New-Real-Secret-0042' | rdm config set-secret minio.root-password --dry-run
	rdm config show
	rdm --json config show
	rdm config set storage.credentials-in=env
	rdm config show
	rdm undo
} >"$run/mask.out" 2>&1
if grep -q "Real-Secret" "$run/mask.out"; then
	notok "old and new secrets are masked in diffs, show, set and undo output" "$(grep -c Real-Secret "$run/mask.out") lines show a secret"
elif grep -q '^-      MINIO_ROOT_PASSWORD: \*\*\*\*\*\*\*\*$' "$run/mask.out" && grep -q '^+MINIO_ROOT_PASSWORD=\*\*\*\*\*\*\*\*$' "$run/mask.out"
then ok "old and new secrets are masked in diffs, show, set and undo output"
else notok "old and new secrets are masked in diffs, show, set and undo output" "$(head -30 "$run/mask.out")"; fi

# --- both docker-services.yml and docker-services.yaml ----------------------------
fresh
cp "$data/variants/docker-services.yaml" "$inst/docker-services.yaml"
rdm config show >"$run/both.out" 2>&1
if grep -qF "both docker-services.yml and docker-services.yaml exist; rdm-s3 reads and edits docker-services.yml only" \
	"$run/both.out" && grep -qF 'MinIO service "s3" (docker-services.yml:' "$run/both.out"; then
	ok "both spellings: the .yml one is used and show says so"
else notok "both spellings: the .yml one is used and show says so" "$(cat "$run/both.out")"; fi

# --- secrets in files git tracks: said so, and moved out with credentials-in=env --
if command -v git >/dev/null 2>&1; then
	fresh
	(cd "$inst" && git init -q . && git add . && git -c user.name=t -c user.email=t@example.org commit -qm init) \
		>/dev/null 2>&1
	printf 'Tracked-Secret-0042' | rdm config set-secret minio.root-password >"$run/git.out" 2>&1
	if grep -qF "note: MINIO_ROOT_PASSWORD is written in docker-services.yml, which git tracks" "$run/git.out" &&
		grep -qF "note: S3_SECRET_ACCESS_KEY is written in invenio.cfg, which git tracks" "$run/git.out" &&
		! grep -q Tracked-Secret "$run/git.out"; then ok "a secret written to a file git tracks: the output says so"
	else notok "a secret written to a file git tracks: the output says so" "$(cat "$run/git.out")"; fi
	rdm config set storage.credentials-in=env >"$run/git.out" 2>&1
	(cd "$inst" && git status --porcelain --ignored .env) >"$run/git.status" 2>&1
	if ! grep -q "which git tracks" "$run/git.out" && grep -q '^!! .env' "$run/git.status" &&
		! grep -q Tracked-Secret "$inst/docker-services.yml" "$inst/invenio.cfg"; then
		ok "credentials-in=env: the secrets leave the tracked files, git ignores .env"
	else notok "credentials-in=env: the secrets leave the tracked files, git ignores .env" "$(cat "$run/git.out" "$run/git.status")"; fi
else
	need "secrets in files git tracks" "git is not installed"
fi

# --- config show --show-secrets through the binary --------------------------------
fresh
printf 'Tty-Secret-0042' | rdm config set-secret minio.root-password >/dev/null 2>&1
if command -v script >/dev/null 2>&1; then
	(cd "$inst" && script -qec "'$bin' config show --show-secrets" /dev/null) >"$run/tty.out" 2>&1
	if grep -q 'MINIO_ROOT_PASSWORD *Tty-Secret-0042' "$run/tty.out" &&
		grep -q "warning: showing secret values" "$run/tty.out"; then
		ok "config show --show-secrets on a terminal: secrets in clear, with a warning"
	else notok "config show --show-secrets on a terminal: secrets in clear, with a warning" "$(grep -v Tty-Secret "$run/tty.out")"; fi
else
	need "config show --show-secrets on a terminal" "script(1) (util-linux) is missing"
fi
rdm config show --show-secrets >"$run/pipe.out" 2>&1
rc=$?
if [ $rc -eq 64 ] && grep -q "only prints to a terminal" "$run/pipe.out" && ! grep -q Tty-Secret "$run/pipe.out"; then
	ok "config show --show-secrets into a pipe: refused, nothing shown"
else notok "config show --show-secrets into a pipe: refused, nothing shown (exit $rc)"; fi

# --- a file that gets a secret becomes 0600 --------------------------------
fresh
chmod 644 "$inst/docker-services.yml" "$inst/invenio.cfg"
rdm config set storage.region=eu-west-1 >"$run/mode1.out" 2>&1
if [ "$(stat -c %a "$inst/invenio.cfg")" = 644 ]; then
	ok "a change without a real secret keeps invenio.cfg's mode (644)"
else notok "a change without a real secret keeps invenio.cfg's mode (644)" "mode $(stat -c %a "$inst/invenio.cfg")"; fi
rdm config set-secret minio.root-password --generate >"$run/mode2.out" 2>&1
m1=$(stat -c %a "$inst/docker-services.yml") m2=$(stat -c %a "$inst/invenio.cfg")
if [ "$m1" = 600 ] && [ "$m2" = 600 ] &&
	grep -q 'docker-services.yml holds a secret now: its mode becomes 0600 (was 0644)' "$run/mode2.out"; then
	ok "set-secret: the files that now hold the secret become 0600, and it says so"
else notok "set-secret: the files that now hold the secret become 0600, and it says so" "modes $m1 $m2" "$(cat "$run/mode2.out")"; fi

fresh
printf 'COMPOSE_PROJECT_NAME=demo\n' >"$inst/.env"
chmod 644 "$inst/.env"
rdm config set storage.credentials-in=env >"$run/mode3.out" 2>&1
if [ "$(stat -c %a "$inst/.env")" = 600 ] &&
	grep -q '.env holds a secret now: its mode becomes 0600 (was 0644)' "$run/mode3.out"; then
	ok "an existing 0644 .env that gets the credentials becomes 0600, and it says so"
else notok "an existing 0644 .env that gets the credentials becomes 0600, and it says so" \
	"mode $(stat -c %a "$inst/.env")" "$(cat "$run/mode3.out")"; fi

echo "1..$n"
