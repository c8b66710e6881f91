#!/bin/bash
# What InvenioRDM's own code makes of the files rdm-s3 reads and writes
# (issue 14.1). invenio-config's env loader runs ast.literal_eval on every
# INVENIO_* value: a secret like 0x1F2E3D4C5B6A becomes an int.
#   1. the literal table (tests/data/instance/pyliteral/cases.txt, which
#      tests/unit/test_pyliteral checks rdm-s3's evaluator against) is what
#      the real ast.literal_eval and invenio-config's loader give;
#   2. values written by `rdm-s3 config set` / `set-secret` into .env come
#      out of python-dotenv (what `pipenv run` uses) + the loader exactly as
#      given;
#   3. on a real MinIO started from the instance's files: with such a secret
#      written by rdm-s3, `rdm-s3 check` passes and the loader gives the
#      string; with the secret written unquoted (what rdm-s3 used to
#      write), the loader gives an int and check says CRIT (the instance
#      check names the Python int, auth fails like the app).
# The loader comes from PyPI (tests/invenio/install.sh); without it this
# test is skipped on a developer machine and FAILS under CI=true. (TAP)
set -u
bin="${top_builddir:?}/rdm-s3"
srcdir="${top_srcdir:?}"
run="${RDM_S3_TEST_RUN:?}/invenio_loader.$$"
mkdir -p "$run" && chmod 700 "$run"
own_minio=""
cleanup() {
	[ -z "$own_minio" ] || "$srcdir/tests/servers/minio/stop.sh" "$own_minio" >/dev/null 2>&1
	rm -rf "$run"
}
trap cleanup EXIT

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
unavailable() { # WHAT WHY
	if [ "${CI:-}" = true ]; then notok "$1 ($2)"; else n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; fi
}
diag() { sed 's/^/# /' "$@"; }

if ! out=$("$srcdir/tests/invenio/install.sh" 2>"$run/install.err"); then
	diag "$run/install.err"
	unavailable "InvenioRDM's loader (invenio-config from PyPI)" "it could not be installed"
	echo "1..$n"
	exit 0
fi
eval "$out"
PY=$INVENIO_PYTHON

# --- 1. the table, on the real Python and the real loader ------------------
(cd "$srcdir/tests/integration" &&
	"$PY" invenio_loader.py table "$srcdir/tests/data/instance/pyliteral/cases.txt") >"$run/table.tap" 2>"$run/table.err"
rc=$?
total=$(grep -c '^ok\|^not ok' "$run/table.tap")
bad=$(grep -c '^not ok' "$run/table.tap")
if [ "$rc" -eq 0 ] && [ "$total" -gt 600 ] && [ "$bad" -eq 0 ]; then
	ok "the literal table is what ast.literal_eval and invenio-config's loader give ($total cases)"
else
	notok "the literal table is what ast.literal_eval and invenio-config's loader give ($bad of $total differ)"
	grep '^not ok' "$run/table.tap" | head -n 20 | diag
	diag "$run/table.err"
fi

# --- 2. what rdm-s3 writes into .env ----------------------------------------
inst="$run/instance"
cp -R "$srcdir/data/sample-instance" "$inst"
chmod -R u+w "$inst"
rdm() { (cd "$inst" && "$bin" "$@") >"$run/out" 2>"$run/err"; }
hexof() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
# loaded NAME WANT: the loader reads .env and gives the str WANT for NAME
loaded() {
	local line
	line=$(cd "$srcdir/tests/integration" && "$PY" invenio_loader.py dotenv "$inst" "$1" 2>"$run/py.err")
	[ "$line" = "$1	str	$(hexof "$2")" ]
}
# another S3 service than the instance's MinIO: the secrets are the app's own
if rdm config set storage.credentials-in=env storage.endpoint=https://s3.example.org/ \
	storage.access-key-id=rdm-app; then
	ok "config set storage.credentials-in=env"
else
	notok "config set storage.credentials-in=env"
	diag "$run/err"
fi
i=0
for secret in 0x1F2E3D4C5B6A 1_000 1e5 True None '[1]' "'quoted'" '"double"' '0o17' '-1' '1+2j' \
	'{}' '...' 'b"x"' 'it'"'"'s' 'x#y' '\N{BULLET}' 'plain-Secret-42'; do
	i=$((i + 1))
	if ! printf '%s\n' "$secret" | (cd "$inst" && "$bin" config set-secret storage.secret-access-key) \
		>"$run/out" 2>"$run/err"; then
		notok "set-secret #$i: rdm-s3 refused it"
		diag "$run/err"
	elif loaded S3_SECRET_ACCESS_KEY "$secret"; then
		ok "set-secret #$i: InvenioRDM's loader reads exactly the secret given"
	else
		notok "set-secret #$i: InvenioRDM's loader reads something else"
		diag "$run/py.err"
	fi
done
for key in 0x99 123456 True; do
	if rdm config set storage.access-key-id="$key" && loaded S3_ACCESS_KEY_ID "$key"; then
		ok "config set storage.access-key-id=$key: the loader reads the text $key"
	else
		notok "config set storage.access-key-id=$key: the loader reads the text $key"
		diag "$run/err" "$run/py.err"
	fi
done

# --- 3. check agrees with the app, on a real MinIO --------------------------
inst="$run/instance-minio"
cp -R "$srcdir/data/sample-instance" "$inst"
chmod -R u+w "$inst"
rdm config set storage.credentials-in=env minio.root-user=rdmadmin
printf '0x1F2E3D4C5B6A\n' | (cd "$inst" && "$bin" config set-secret minio.root-password) >"$run/out" 2>"$run/err"
if grep -q "^INVENIO_S3_SECRET_ACCESS_KEY=\"'0x1F2E3D4C5B6A'\"" "$inst/.env" &&
	grep -q "^MINIO_ROOT_PASSWORD=0x1F2E3D4C5B6A" "$inst/.env"; then
	ok "the app's secret is written as a Python string, MinIO's as it is"
else
	notok "the app's secret is written as a Python string, MinIO's as it is"
	grep -n 'SECRET\|PASSWORD' "$inst/.env" | sed 's/=.*/=.../' | diag
fi
if out=$("$srcdir/tests/servers/minio/start.sh" --instance "$inst" "$run/minio" 2>"$run/minio.err"); then
	eval "$out"
	own_minio=$STATE_DIR
	rdm config set "storage.endpoint=$ENDPOINT/"
	rdm bucket create default
	if rdm check --no-canary --only instance,auth,bucket; then
		ok "check passes when the secret is written as rdm-s3 writes it"
	else
		notok "check passes when the secret is written as rdm-s3 writes it"
		diag "$run/out" "$run/err"
	fi
	if loaded S3_SECRET_ACCESS_KEY 0x1F2E3D4C5B6A; then
		ok "... and InvenioRDM's loader gives the app that secret"
	else
		notok "... and InvenioRDM's loader gives the app that secret"
	fi
	# what rdm-s3 used to write, and what people write by hand
	sed -i "s/^INVENIO_S3_SECRET_ACCESS_KEY=.*/INVENIO_S3_SECRET_ACCESS_KEY=0x1F2E3D4C5B6A/" "$inst/.env"
	line=$(cd "$srcdir/tests/integration" && "$PY" invenio_loader.py dotenv "$inst" S3_SECRET_ACCESS_KEY)
	if [ "${line%%	*}" = S3_SECRET_ACCESS_KEY ] && [ "$(printf '%s' "$line" | cut -f2)" = int ]; then
		ok "unquoted, InvenioRDM's loader gives the app an int"
	else
		notok "unquoted, InvenioRDM's loader gives the app an int (got: $(printf '%s' "$line" | cut -f2))"
	fi
	rdm check --no-canary --only instance,auth
	rc=$?
	if [ "$rc" -eq 2 ] && grep -q '^instance *CRIT' "$run/out" && grep -q 'Python int' "$run/out" &&
		grep -q '^auth *CRIT' "$run/out"; then
		ok "unquoted, check says CRIT as the app fails (instance names the Python int, auth refused)"
	else
		notok "unquoted, check says CRIT as the app fails (exit $rc)"
		diag "$run/out" "$run/err"
	fi
	if grep -q '0x1F2E3D4C5B6A\|34283457370986' "$run/out" "$run/err"; then
		notok "the secret appears in no output"
	else
		ok "the secret appears in no output"
	fi
else
	diag "$run/minio.err"
	for what in "check passes" "loader gives the secret" "unquoted: an int" "unquoted: CRIT" "no secret in output"; do
		unavailable "real MinIO: $what" "MinIO could not be started"
	done
fi
echo "1..$n"
