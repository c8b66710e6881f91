#!/bin/bash
# A kill -9 at the fault points of `rdm-s3 setup` (RDM_S3_FAULT_AT, test
# builds), each followed by `rdm-s3 setup --resume` (which must end with the
# files and the server as an uninterrupted setup leaves them, then `undo`
# must restore everything) and, separately, by `rdm-s3 undo` alone (which
# must restore the files byte for byte and the server as it was: no bucket,
# MinIO back on its old root credentials).
#
# Ceph RGW (--storage other): every fault point. MinIO (--storage minio):
# the points before and after each server step and the first, middle and
# last point of the files step (every point with RDM_S3_SETUP_KILL_ALL=1;
# each MinIO restart takes seconds). The engine itself is killed at every
# point with fake steps in tests/unit/test_change. (TAP)
#
# Debugging: RDM_S3_SETUP_KILL_ONLY=minio skips Ceph RGW;
# RDM_S3_SETUP_KILL_POINTS="17 18" kills at these points only;
# RDM_S3_SETUP_KILL_DEBUG=1 adds MinIO's data folder and log to the
# diagnostics of a server left wrong.
. "${top_srcdir:?}/tests/integration/test_setup_lib.sh"
update="" # compares with the goldens of test_setup_minio/other, never writes them

# points JSON: the fault points to use, from the plan's per-step ranges.
points() {
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
every = sys.argv[2] == "all"
out = set()
for s in d["steps"]:
    a, b = s["fault_points"]
    if every:
        out.update(range(a, b + 1))
    else:
        out.update((a, b, (a + b) // 2) if s["phase"] == "files" else (a, b))
print(" ".join(str(p) for p in sorted(out)))' "$1" "$2"
}

# killed N DESC ARGS...: setup killed at point N.
killed() {
	local p=$1 d=$2
	shift 2
	RDM_S3_FAULT_AT=$p rdm "$d" 137 "$@"
}

server_is_original() { # the server as before setup
	if [ "$kind" = minio ]; then
		minio_accepts CHANGE_ME CHANGE_ME && [ ! -s "$run/list.out" ] && return 0
		diag "$run/list.out"
		[ -d "$RDM_S3_SHIM_MINIO/data/default" ] && (cd "$RDM_S3_SHIM_MINIO/data" && find default) | sed 's/^/# in MinIO: /'
		printf '%s\n' "$out" | sed 's/^/# undo said: /'
		[ -z "${RDM_S3_SETUP_KILL_DEBUG:-}" ] || { ls -la --time-style=full-iso "$RDM_S3_SHIM_MINIO/data" "$RDM_S3_SHIM_MINIO/data/default"; tail -n 40 "$RDM_S3_SHIM_MINIO"/log/*.log; date '+%F %T.%N'; } 2>&1 | sed 's/^/# debug: /'
		return 1
	else
		! AWS_ACCESS_KEY_ID=$ACCESS_KEY AWS_SECRET_ACCESS_KEY=$SECRET_KEY \
			"$bin" bucket head "$bucket" --endpoint "$ENDPOINT" >/dev/null 2>&1
	fi
}

server_is_set_up() {
	if [ "$kind" = minio ]; then
		minio_accepts rdm-admin "$(secret_in_env MINIO_ROOT_PASSWORD)" && grep -q '^default ' "$run/list.out"
	else
		(cd "$inst" && "$bin" cors get "$bucket") >/dev/null 2>&1
	fi
}

kill_matrix() { # KIND CASE-NAME SETUP-ARGS...
	kind=$1
	local golden_case=$2 p list
	shift 2
	fresh "$golden_case-plan"
	[ "$kind" = minio ] && sed -i "s|127.0.0.1}:9000:9000|127.0.0.1}:$PORT:9000|" "$inst/docker-services.yml" &&
		sed -i "s|S3_ENDPOINT_URL='http://localhost:9000/'|S3_ENDPOINT_URL='http://localhost:$PORT/'|" "$inst/invenio.cfg"
	rdm "$kind: the plan" 0 --json "$@" --dry-run
	printf '%s' "$out" >"$run/plan.json"
	list=${RDM_S3_SETUP_KILL_POINTS:-$(points "$run/plan.json" "${RDM_S3_SETUP_KILL_ALL:+all}")}
	ok "$kind: killing at points $list"
	for p in $list; do
		for mode in resume undo; do
			fresh "$golden_case-$p-$mode"
			if [ "$kind" = minio ]; then
				sed -i "s|127.0.0.1}:9000:9000|127.0.0.1}:$PORT:9000|" "$inst/docker-services.yml"
				sed -i "s|S3_ENDPOINT_URL='http://localhost:9000/'|S3_ENDPOINT_URL='http://localhost:$PORT/'|" "$inst/invenio.cfg"
			fi
			snapshot
			killed "$p" "$kind: killed at $p ($mode)" "$@"
			if [ "$mode" = resume ]; then
				rdm_code "$kind: killed at $p: --resume" --json setup --resume
				json_is "$kind: killed at $p: --resume finishes the setup" "$out" "d['outcome']['end'] == 'done'"
				local secret=""
				[ "$kind" = minio ] && secret=$(secret_in_env MINIO_ROOT_PASSWORD)
				[ "$kind" = minio ] || secret=$SECRET_KEY
				[ -n "$secret" ] && printf '%s\n' "$secret" >>"$SECRETS"
				GOLDEN_SECRET=$secret GOLDEN_BUCKET=${bucket_golden:-} golden "$golden_case"
				is "$kind: killed at $p: resumed: the server is set up" server_is_set_up
			fi
			rdm "$kind: killed at $p ($mode): undo" 0 undo
			is "$kind: killed at $p ($mode): undo restores every file" same_as_before
			is "$kind: killed at $p ($mode): undo restores the server" server_is_original
		done
	done
}

# --- Ceph RGW ------------------------------------------------------------------
if [ "${RDM_S3_SETUP_KILL_ONLY:-ceph}" != ceph ]; then
	: # only the MinIO matrix (debugging)
elif shared_server ceph; then
	bucket="setup-kill-$$"
	bucket_golden=$bucket
	printf '%s\n' "$SECRET_KEY" >"$run/secret" && chmod 600 "$run/secret"
	kill_matrix ceph other setup --non-interactive --storage other --endpoint "$ENDPOINT" \
		--access-key-id "$ACCESS_KEY" --bucket "$bucket" --secret-file "$run/secret"
else
	unavailable ceph
fi

# --- the instance's MinIO -------------------------------------------------
unset ACCESS_KEY SECRET_KEY bucket_golden
fresh minio-server
if own_minio kill; then
	kill_matrix minio minio setup --non-interactive --storage minio --generate
else
	unavailable minio
fi

no_secret_printed
echo "1..$n"
