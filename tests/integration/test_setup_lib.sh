# Shared by the `rdm-s3 setup` tests (sourced, not run): TAP helpers, the
# servers, scratch copies of the sample instance, golden files, and the
# secret-leak record. The MinIO tests start their own MinIO (setup changes
# its root credentials and restarts it); Ceph RGW and moto are the shared
# servers of the run (tests/servers/ensure.sh), used with unique buckets.
# shellcheck shell=bash
set -u
bin="${top_builddir:?}/rdm-s3"
. "${top_srcdir:?}/tests/unit/test_hooks_lib.sh"
need_test_hooks
servers="$top_srcdir/tests/servers"
ensure="$servers/ensure.sh"
sample="$top_srcdir/data/sample-instance"
golden_root="${RDM_S3_TEST_DATA:?}/setup/golden"
update="${RDM_S3_GOLDEN_UPDATE:-}"
run="${RDM_S3_TEST_RUN:?}/$(basename "$0" .sh).$$"
mkdir -p "$run" && chmod 700 "$run"
ALL="$run/all-output" # every byte rdm-s3 printed, for the secret check
: >"$ALL"
SECRETS="$run/secrets" # secrets that must never be printed (0600)
: >"$SECRETS" && chmod 600 "$SECRETS"
minios="" # state folders of the MinIOs this test started
cleanup() {
	for m in $minios; do "$servers/minio/stop.sh" "$m" >/dev/null 2>&1; done
	rm -rf "$run"
}
trap cleanup EXIT
# The shims setup's child processes meet instead of docker and invenio.
export PATH="$servers/shims:$PATH"
export RDM_S3_SHIM_LOG="$run/shim.log"
export TZ=UTC LC_ALL=C NO_COLOR=1 GIT_CEILING_DIRECTORIES="$run"
unset MINIO_ROOT_USER MINIO_ROOT_PASSWORD RDM_S3_FAULT_AT RDM_S3_FAULT INVENIO_S3_ENDPOINT_URL \
	INVENIO_S3_ACCESS_KEY_ID INVENIO_S3_SECRET_ACCESS_KEY

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
diag() { sed 's/^/# /' "$@"; }
check() { if "$@"; then return 0; fi; return 1; }
is() { # DESC COND...: ok when the command succeeds
	local d=$1
	shift
	if "$@"; then ok "$d"; else notok "$d"; fi
}

# rdm DESC WANT ARGS...: rdm-s3 in $inst (stdin from $RDM_IN or /dev/null);
# stdout in $out, stderr in $err.
rdm() {
	local desc=$1 want=$2
	shift 2
	(cd "${inst:?}" && exec "$bin" "$@") <"${RDM_IN:-/dev/null}" >"$run/out" 2>"$run/err"
	rc=$?
	out=$(cat "$run/out")
	err=$(cat "$run/err")
	cat "$run/out" "$run/err" >>"$ALL"
	if grep -qE 'ERROR: (Leak|Address)Sanitizer|runtime error:' "$run/err"; then
		notok "$desc (sanitizer report)"
		diag "$run/err"
	elif [ "$rc" -eq "$want" ]; then
		ok "$desc"
	else
		notok "$desc (exit $rc, wanted $want)"
		diag "$run/out" "$run/err"
	fi
}
# rdm_code DESC ARGS...: as rdm, for commands whose exit code is the checks'
# (0-3 are results, not failures); $rc is left for the test to compare.
rdm_code() {
	local desc=$1
	shift
	(cd "${inst:?}" && exec "$bin" "$@") <"${RDM_IN:-/dev/null}" >"$run/out" 2>"$run/err"
	rc=$?
	out=$(cat "$run/out")
	err=$(cat "$run/err")
	cat "$run/out" "$run/err" >>"$ALL"
	if [ "$rc" -le 3 ] && ! grep -qE 'ERROR: (Leak|Address)Sanitizer|runtime error:' "$run/err"; then ok "$desc (exit $rc)"
	else notok "$desc (exit $rc)"; diag "$run/out" "$run/err"; fi
}
expect() { # DESC TEXT FIXED-STRING
	if printf '%s' "$2" | grep -qF -- "$3"; then ok "$1"; else notok "$1 (no '$3')"; printf '%s\n' "$2" | sed 's/^/# /'; fi
}
expect_not() {
	if printf '%s' "$2" | grep -qF -- "$3"; then notok "$1 (found '$3')"; else ok "$1"; fi
}
json_is() { # DESC TEXT PYTHON-EXPRESSION on d
	if printf '%s' "$2" | python3 -c 'import json, sys
d = json.load(sys.stdin)
sys.exit(0 if eval(sys.argv[1]) else 1)' "$3" 2>"$run/json.err"; then ok "$1"
	else notok "$1 (wanted $3)"; printf '%s\n' "$2" | head -40 | sed 's/^/# /'; diag "$run/json.err"; fi
}

unavailable() { # KIND: CI=true turns a missing server into a failure
	if [ "${CI:-}" = true ]; then notok "$1 server could not be started (CI=true: no skips)"
	else skip "setup on $1" "the $1 server could not be started"; fi
}

shared_server() { # KIND: ENDPOINT ACCESS_KEY SECRET_KEY ... of the shared server
	local vars
	unset ENDPOINT ACCESS_KEY SECRET_KEY SECRETS_FILE PORT
	vars=$("$ensure" "$1" 2>"$run/ensure.err") || { diag "$run/ensure.err"; return 1; }
	eval "$vars"
	# shellcheck disable=SC1090
	. "$SECRETS_FILE"
	printf '%s\n' "$SECRET_KEY" >>"$SECRETS"
}

# fresh NAME: a scratch copy of the sample instance in $inst.
fresh() {
	inst="$run/$1"
	rm -rf "$inst"
	cp -R "$sample" "$inst"
	chmod -R u+w,go-w "$inst"
	: >"$RDM_S3_SHIM_LOG"
	export RDM_S3_SHIM_INVENIO_DB="$run/$1.locations"
	rm -f "$RDM_S3_SHIM_INVENIO_DB"
}

# own_minio NAME: the instance's MinIO as `invenio-cli services start` runs
# it, from its files (CHANGE_ME); its published port and S3_ENDPOINT_URL
# say where it listens, as on an instance whose MinIO runs on port 9000.
# Sets MINIO_STATE, PORT, ENDPOINT; exports RDM_S3_SHIM_MINIO.
own_minio() { # NAME [FOLDER whose docker-services.yml gives the credentials]
	local out
	MINIO_STATE="$run/minio-$1"
	out=$("$servers/minio/start.sh" --instance "${2:-$inst}" "$MINIO_STATE" 2>"$run/minio.err") ||
		{ diag "$run/minio.err"; return 1; }
	minios="$minios $MINIO_STATE"
	eval "$out"
	unset ACCESS_KEY SECRETS_FILE # CHANGE_ME: nothing to hide in the golden files
	sed -i "s|127.0.0.1}:9000:9000|127.0.0.1}:$PORT:9000|" "$inst/docker-services.yml"
	sed -i "s|S3_ENDPOINT_URL='http://localhost:9000/'|S3_ENDPOINT_URL='http://localhost:$PORT/'|" "$inst/invenio.cfg"
	export RDM_S3_SHIM_MINIO="$MINIO_STATE"
}

# minio_accepts USER PASSWORD: the test MinIO accepts this root pair.
minio_accepts() {
	printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$1" "$2" >"$run/root.creds"
	chmod 600 "$run/root.creds"
	"$bin" bucket list --endpoint "$ENDPOINT" --credentials-file "$run/root.creds" >"$run/list.out" 2>&1
}

# snapshot: remember the instance's files (without .rdm-s3) in $run/before.
snapshot() { rm -rf "$run/before"; mkdir -p "$run/before"; (cd "$inst" && tar -c --exclude=.rdm-s3 .) | tar -x -C "$run/before"; }
same_as_before() { diff -r -x .rdm-s3 "$run/before" "$inst" >"$run/diff.out" 2>&1; }

# The generated or given secret, read back from where setup wrote it.
secret_in_env() { sed -n "s/^$1=//p" "$inst/.env" | tr -d "'\""; }

# golden CASE: the instance files that setup changed, with the run's
# values (port, endpoint, keys, secret) replaced by @NAME@, compared with
# tests/data/setup/golden/CASE (RDM_S3_GOLDEN_UPDATE=1 rewrites them).
golden() {
	local case=$1 g="$golden_root/$1" got="$run/golden-$1" f
	rm -rf "$got"
	mkdir -p "$got"
	for f in $(cd "$inst" && ls -A); do
		[ "$f" = .rdm-s3 ] && continue
		if ! cmp -s "$inst/$f" "$sample/$f" 2>/dev/null; then
			sed -e "s|$ENDPOINT|@ENDPOINT@|g" -e "s|localhost:${PORT:-@@}|localhost:@PORT@|g" \
				-e "s|127.0.0.1}:${PORT:-@@}:|127.0.0.1}:@PORT@:|g" \
				${ACCESS_KEY:+-e "s|$ACCESS_KEY|@ACCESS_KEY@|g"} \
				${GOLDEN_SECRET:+-e "s|$GOLDEN_SECRET|@SECRET@|g"} \
				${GOLDEN_BUCKET:+-e "s|$GOLDEN_BUCKET|@BUCKET@|g"} "$inst/$f" >"$got/$f"
		fi
	done
	if [ -n "$update" ]; then
		rm -rf "$g"
		mkdir -p "$g"
		cp -R "$got/." "$g/"
	fi
	if diff -r "$g" "$got" >"$run/golden.diff" 2>&1; then ok "$case: the files are the golden ones"
	else notok "$case: the files are the golden ones"; head -60 "$run/golden.diff" | sed 's/^/# /'; fi
}

# no_secret_printed: no secret of the run in anything rdm-s3 printed.
no_secret_printed() {
	local s leaked=""
	while IFS= read -r s; do
		[ -n "$s" ] && grep -qF -- "$s" "$ALL" && leaked=yes
	done <"$SECRETS"
	if [ -z "$leaked" ]; then ok "no secret in any output"; else notok "no secret in any output"; fi
}
