#!/bin/bash
# `rdm-s3 rotate` killed with SIGKILL (RDM_S3_FAULT_AT, test builds) and
# failed on purpose, on the instance's own MinIO:
#   - the app on its own MinIO user: a kill at every fault point of the
#     rotation, each followed by `rdm-s3 rotate --resume` (the rotation
#     ends: the files hold a new key that works, the old one is refused)
#     and, separately, by `rdm-s3 undo` (the files byte for byte as before,
#     the old key working again);
#   - the root password: a kill right before and right after the restart,
#     each resumed and undone (MinIO restarted with the files it ends with);
#   - a write that fails (ENOSPC): the rotation is rolled back, says what was
#     undone, and the key it made is deleted again. (TAP)
. "${top_srcdir:?}/tests/integration/test_setup_lib.sh"

R=(rotate --non-interactive)
remember() { printf '%s\n' "$1" >>"$SECRETS"; }
app_key() { secret_in_env INVENIO_S3_ACCESS_KEY_ID; }
app_secret() { secret_in_env INVENIO_S3_SECRET_ACCESS_KEY; }
works() {
	printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$1" "$2" >"$run/k.creds"
	chmod 600 "$run/k.creds"
	"$bin" bucket head default --endpoint "$ENDPOINT" --credentials-file "$run/k.creds" >"$run/k.out" 2>&1
}
refused() { ! works "$@"; }
# points KIND: every fault point of the plan (all), or those around the
# restart step and the last of the files step (restart)
points() {
	python3 -c 'import json, sys
d = json.load(sys.stdin)
out = set()
for s in d["steps"]:
    a, b = s["fault_points"]
    if sys.argv[1] == "all":
        out.update(range(a, b + 1))
    elif s["phase"] in ("restart", "files"):
        out.update((a, b) if s["phase"] == "restart" else (b,))
print(" ".join(str(p) for p in sorted(out)))' "$1"
}

# cycle P MODE: kill at P, then resume or undo, and prove the outcome
cycle() {
	local p=$1 mode=$2 ak sk
	ak=$(app_key)
	sk=$(app_secret)
	snapshot
	RDM_S3_FAULT_AT=$p rdm "$kind: killed at $p ($mode)" 137 "${R[@]}"
	if [ "$mode" = resume ]; then
		rdm "$kind: killed at $p: --resume exit 0" 0 rotate --resume
		remember "$(app_secret)"
		if [ "$kind" = user ]; then
			is "$kind: killed at $p: resumed: a new key in the files" test "$(app_key)" != "$ak"
		else
			is "$kind: killed at $p: resumed: a new password in the files" test "$(app_secret)" != "$sk"
		fi
		is "$kind: killed at $p: resumed: the files' key works" works "$(app_key)" "$(app_secret)"
		is "$kind: killed at $p: resumed: the old key is refused" refused "$ak" "$sk"
	else
		rdm "$kind: killed at $p: undo exit 0" 0 undo
		is "$kind: killed at $p: undo: every file as before" same_as_before
		is "$kind: killed at $p: undo: the old key works again" works "$ak" "$sk"
	fi
	is "$kind: killed at $p ($mode): no change left in flight" test -z "$(cd "$inst" && "$bin" undo --list 2>/dev/null | grep -w pending)"
}

fresh kill
if ! own_minio kill; then
	unavailable minio
	echo "1..$n"
	exit 0
fi
rdm "setup first: exit 0" 0 setup --non-interactive --storage minio --generate --files-location skip
remember "$(app_secret)"

# --- the root password: around the restart -------------------------------------
kind=root
rdm "root: the plan" 0 --json "${R[@]}" --dry-run
list=$(printf '%s' "$out" | points restart)
ok "root: killing at points $list"
for p in $list; do
	for mode in resume undo; do cycle "$p" "$mode"; done
done

# --- the app on its own user: every point ---------------------------------------
rdm "app-user: exit 0" 0 "${R[@]}" --app-user
remember "$(app_secret)"
kind=user
rdm "user: the plan" 0 --json "${R[@]}" --dry-run
list=$(printf '%s' "$out" | points all)
ok "user: killing at points $list"
for p in $list; do
	for mode in resume undo; do cycle "$p" "$mode"; done
done

# --- a failure: rolled back, and says what was undone ---------------------------------
ak=$(app_key)
sk=$(app_secret)
snapshot
rdm "user: the plan again" 0 --json "${R[@]}" --dry-run
files_point=$(printf '%s' "$out" | python3 -c 'import json, sys
print([s for s in json.load(sys.stdin)["steps"] if s["phase"] == "files"][0]["fault_points"][0] + 2)')
RDM_S3_FAULT=enospc RDM_S3_FAULT_AT=$files_point rdm "a failed write: exit 1" 1 "${R[@]}"
made=$(printf '%s\n' "$out" | sed -n 's/^  new key: \([A-Z0-9]*\) .*/\1/p')
expect "a failed write: says it was rolled back" "$out" "was rolled back: every step done before it was undone"
expect "a failed write: the new key is deleted" "$out" "undone create service account $made"
is "a failed write: every file as before" same_as_before
is "a failed write: the old key works" works "$ak" "$sk"
expect "a failed write: MinIO deleted it" "$out" "the new key $made was deleted"
is "a failed write: the key it made was named" test -n "$made"
rdm "after the failure: a rotation goes through" 0 "${R[@]}"
remember "$(app_secret)"

cat "$RDM_S3_SHIM_LOG" >>"$ALL" # the argv of every docker call: no secret there either
no_secret_printed
echo "1..$n"
