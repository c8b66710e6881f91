#!/bin/sh
# Data safety through the binary (issue 10): an interrupted change is
# recovered by the next command, whichever it is; check reports what cannot
# be recovered as CRIT with the command that repairs it; undo --list; a
# state folder others may write is refused; run as root on a user's
# instance the new files stay the user's; a read-only file is refused. (TAP)
. "${top_srcdir:-.}/tests/unit/test_config_cmd_lib.sh"
. "${top_srcdir:-.}/tests/unit/test_hooks_lib.sh"
need_test_hooks

yml_user() { sed -n 's/^      MINIO_ROOT_USER: //p' "$inst/docker-services.yml"; }
cfg_key() { sed -n "s/^S3_ACCESS_KEY_ID='\\(.*\\)'\$/\\1/p" "$inst/invenio.cfg"; }

# --- the issue's reproduction: killed between the two writes, run again ------
# Steps of the 2-file change: 2 backups, manifest, undo log, docker-services.yml,
# invenio.cfg, done. RDM_S3_FAULT_AT=6: killed with docker-services.yml new.
fresh
snapshot
rc=$(quiet env RDM_S3_FAULT_AT=6 "$bin" config set minio.root-user=minio-admin)
if [ "$rc" -eq 137 ] && [ "$(yml_user)" = minio-admin ] && [ "$(cfg_key)" = CHANGE_ME ]; then
	ok "killed between the writes: docker-services.yml new, invenio.cfg old (the mixed state)"
else notok "killed between the writes (exit $rc)" "user $(yml_user) key $(cfg_key)"; fi
rdm config set minio.root-user=minio-admin >"$run/rerun.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && expect_files root-user && grep -q "was rolled back" "$run/rerun.out" &&
	grep -q "^changed docker-services.yml" "$run/rerun.out" && grep -q "^changed invenio.cfg" "$run/rerun.out"; then
	ok "the same command again: the half is rolled back, then both files change (not 'Nothing to change')"
else notok "the same command again finishes the change (exit $rc)" "$(cat "$run/rerun.out")" "$(head "$run/diff.out")"; fi

# "uses MinIO's root user" is decided after the recovery, not from the half
fresh
quiet env RDM_S3_FAULT_AT=6 "$bin" config set minio.root-user=minio-admin >/dev/null
rdm config set minio.root-user=other-admin >"$run/other.out" 2>&1
if [ "$(yml_user)" = other-admin ] && [ "$(cfg_key)" = other-admin ]; then
	ok "after a kill, another root user changes MinIO and the app together"
else notok "after a kill, another root user changes MinIO and the app together" "user $(yml_user) key $(cfg_key)" \
	"$(cat "$run/other.out")"; fi

# every command that reads the instance recovers first: config show, check
for cmd in "config show" "check --only instance" "--json check --only instance"; do
	fresh
	snapshot
	quiet env RDM_S3_FAULT_AT=6 "$bin" config set minio.root-user=minio-admin >/dev/null
	# shellcheck disable=SC2086
	rdm $cmd >"$run/cmd.out" 2>"$run/cmd.err"
	if same_as "$before" && grep -q "was rolled back: docker-services.yml holds its old content" "$run/cmd.err" &&
		! grep -q "rolled back" "$run/cmd.out"; then
		ok "rdm-s3 $cmd recovers an interrupted change first (said on stderr)"
	else notok "rdm-s3 $cmd recovers an interrupted change first" "$(cat "$run/cmd.err")" "$(head "$run/diff.out")"; fi
done

# --- a set the engine marked with server steps is not rolled back -------------
fresh
snapshot
quiet env RDM_S3_FAULT_AT=6 "$bin" config set minio.root-user=minio-admin >/dev/null
man=$(ls -d "$inst"/.rdm-s3/backups/*)/.manifest
sed -i 's/^state pending$/resume rdm-s3 setup --resume\nserver-steps 1\nstate pending/' "$man"
rdm config show >"$run/show.out" 2>&1
rc=$?
if [ $rc -eq 65 ] && grep -qF "left the instance half changed: docker-services.yml holds the new content, invenio.cfg holds its old content" "$run/show.out" &&
	grep -qF "fix: run \`rdm-s3 setup --resume\`" "$run/show.out" && [ "$(yml_user)" = minio-admin ]; then
	ok "with server steps: refused (65) with the files' state and the resume command, nothing written"
else notok "with server steps: refused with the resume command (exit $rc)" "$(cat "$run/show.out")"; fi
rdm check --only instance >"$run/check.out" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -q "an interrupted change is still pending: \`config set minio.root-user\`" "$run/check.out" &&
	grep -q "the app's keys and MinIO's root user disagree because an interrupted change" "$run/check.out" &&
	grep -qF "run \`rdm-s3 setup --resume\`: it puts every file of that change back in step" "$run/check.out" &&
	! grep -q "fine only if that MinIO user exists" "$run/check.out"; then
	ok "check: the root-user/app-key split of a pending set is CRIT with the working remedy"
else notok "check: the split of a pending set is CRIT with the working remedy (exit $rc)" "$(cat "$run/check.out")"; fi
rdm undo >"$run/undo.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && same_as "$before" && grep -q "^restored docker-services.yml" "$run/undo.out"; then
	ok "undo still works on the pending set"
else notok "undo still works on the pending set (exit $rc)" "$(cat "$run/undo.out")"; fi

# --- undo --list -----------------------------------------------------------
fresh
rdm config set storage.region=eu-west-1 >/dev/null 2>&1
rdm config set minio.root-user=minio-admin >/dev/null 2>&1
rdm undo >/dev/null 2>&1
rdm undo --list >"$run/list.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && [ "$(grep -c '^[0-9]' "$run/list.out")" -eq 3 ] &&
	head -1 "$run/list.out" | grep -Eq '^[0-9T.Z]+ +applied +undo [0-9T]+Z' &&
	grep '^[0-9]' "$run/list.out" | sed -n 2p | grep -Eq '^[0-9T.Z]+ +undone +config set minio.root-user$' &&
	grep -q '^    invenio.cfg$' "$run/list.out" && tail -2 "$run/list.out" | grep -q 'applied *config set storage.region'; then
	ok "undo --list: the sets newest first, with state, command and files"
else notok "undo --list" "$(cat "$run/list.out")"; fi

# --- a state folder others may write is refused (a planted change set) --------
fresh
rdm config set storage.region=eu-west-1 >/dev/null 2>&1
chmod 0777 "$inst/.rdm-s3"
snapshot
bad "undo with .rdm-s3 at 0777" 1 "refusing to trust .rdm-s3: users other than its owner may write it (mode 0777)" "" undo
bad "config set with .rdm-s3 at 0777" 65 "fix: check that nobody else changed what it holds, then chmod -R go-w" "" \
	config set storage.region=eu-central-1
chmod 0700 "$inst/.rdm-s3"

# --- a read-only file ---------------------------------------------------------
fresh
chmod 0444 "$inst/invenio.cfg"
bad "a 0444 invenio.cfg" 73 "invenio.cfg is read-only (mode 0444)" "" config set-secret minio.root-password --generate
if [ "$(stat -c %a "$inst/invenio.cfg")" = 444 ]; then ok "the read-only file keeps its mode"
else notok "the read-only file keeps its mode" "mode $(stat -c %a "$inst/invenio.cfg")"; fi

# --- run as root on a user's instance: new files stay the user's ---------------
if [ "$(id -u)" -eq 0 ]; then
	fresh
	chown -R 4242:4343 "$inst"
	rdm config set minio.root-user=minio-admin storage.credentials-in=env >"$run/own.out" 2>&1
	rc=$?
	wrong=$(find "$inst" \( ! -uid 4242 -o ! -gid 4343 \) -printf '%p %u:%g\n')
	if [ $rc -eq 0 ] && [ -f "$inst/.env" ] && [ -d "$inst/.rdm-s3" ] && [ -z "$wrong" ] &&
		[ "$(stat -c %a "$inst/.env")" = 600 ]; then
		ok "root on a user's instance: .env, .gitignore and .rdm-s3 (all of it) get the folder's owner and group"
	else notok "root on a user's instance: new files get the folder's owner (exit $rc)" "$wrong" "$(cat "$run/own.out")"; fi
	# the owner can undo what root did
	if command -v setpriv >/dev/null 2>&1; then
		(cd "$inst" && setpriv --reuid=4242 --regid=4343 --clear-groups "$bin" undo) >"$run/own-undo.out" 2>&1
		if [ $? -eq 0 ] && grep -q '^restored \.env' "$run/own-undo.out"; then ok "the owner can undo what root changed"
		else notok "the owner can undo what root changed" "$(cat "$run/own-undo.out")"; fi
	else
		need "the owner can undo what root changed" "setpriv (util-linux) is missing"
	fi
	chown -R 0:0 "$inst"
else
	need "root on a user's instance" "the test must run as root to give files away"
fi

# --- item 9: an unreadable invenio.cfg stops check at the instance check ----------
fresh
echo "BROKEN = (" >>"$inst/invenio.cfg"
rdm check --timeout 2 >"$run/broken.out" 2>&1
rc=$?
if [ $rc -eq 2 ] && grep -Eq '^instance +CRIT .*never closed' "$run/broken.out" &&
	grep -Eq '^dns +UNKNOWN .*not checked: the endpoint is unknown because the instance configuration could not be read' "$run/broken.out" &&
	grep -Eq '^tcp +SKIPPED .*depends on dns, which is unknown' "$run/broken.out" &&
	grep -Eq '^canary +SKIPPED' "$run/broken.out" && ! grep -q amazonaws "$run/broken.out"; then
	ok "check with an unparsable invenio.cfg: no probe of the AWS default, network checks unknown/skipped with the reason"
else notok "check with an unparsable invenio.cfg stops at the instance check (exit $rc)" "$(cat "$run/broken.out")"; fi

echo "1..$n"
