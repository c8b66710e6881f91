#!/bin/bash
# The bash completion (data/completion/rdm-s3), driven the way bash drives
# it: the file is sourced, `complete -p rdm-s3` names the function, and the
# function is called with COMP_LINE/COMP_POINT/COMP_WORDS/COMP_CWORD set;
# its COMPREPLY is what bash would offer. What it offers is checked against
# the binary, command by command (commands from `rdm-s3 --help`, so a new
# command is covered without editing this file):
#   - the commands; each command's options: all of those its help defines
#     (option lines and Usage lines) and the global ones, none that its
#     help only mentions in passing;
#   - check ids against the check table (the ids of an endpoint-only
#     `rdm-s3 check --json`), config keys against `rdm-s3 config set`
#     (none unknown; the secret ones only for set-secret);
#   - bucket names from a real MinIO, through `bucket list --names` with
#     the connection options on the line; --names makes one request and
#     does not retry (a scripted server answering 503 then 200);
#   - folders for DIR, files for FILE, "--opt=value" and "a,b" words. (TAP)
set -u
bin="${top_builddir:?}/rdm-s3"
completion="${top_srcdir:?}/data/completion/rdm-s3"
ensure="$top_srcdir/tests/servers/ensure.sh"
stub="$top_builddir/tests/helpers/http_stub"
run="${RDM_S3_TEST_RUN:?}/completion.$$"
mkdir -p "$run" && chmod 700 "$run"
stub_pid=""
cleanup() {
	[ -z "$stub_pid" ] || { kill "$stub_pid" 2>/dev/null; wait "$stub_pid" 2>/dev/null; }
	rm -rf "$run"
}
trap cleanup EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
unavailable() { # WHAT WHY
	if [ "${CI:-}" = true ]; then notok "$1: $2 (CI=true: a skip is a failure)"
	else skip "$1" "$2"; fi
}
# same NAME GOT WANT: two word lists are equal as sets
same() {
	local got want
	got=$(printf '%s\n' $2 | sort -u | tr '\n' ' ')
	want=$(printf '%s\n' $3 | sort -u | tr '\n' ' ')
	if [ "$got" = "$want" ]; then ok "$1"
	else notok "$1"; echo "#   got:  $got"; echo "#   want: $want"; fi
}

# The binary as bash would find it, and the completion as bash-completion
# would load it.
PATH="$top_builddir:$PATH"
# shellcheck source=/dev/null
. "$completion"
reg=$(complete -p rdm-s3 2>/dev/null)
case $reg in
*"-F _rdm_s3 rdm-s3"*) ok "sourcing registers a completion function for rdm-s3 ($reg)" ;;
*) notok "complete -p rdm-s3 names no function: '$reg'"; echo "1..$n"; exit 1 ;;
esac
func=$(printf '%s\n' "$reg" | sed -n 's/.*-F \([^ ]*\) .*/\1/p')

# complete LINE: COMPREPLY for the cursor at the end of LINE, in $got
complete_line() {
	COMP_LINE=$1
	COMP_POINT=${#COMP_LINE}
	read -ra COMP_WORDS <<<"$COMP_LINE"
	[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	"$func" rdm-s3 "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>"$run/err"
	got=$(printf '%s\n' "${COMPREPLY[@]}" | sort -u | tr '\n' ' ')
}

opts_in() { grep -oP '(?<![[:alnum:]_./-])--[a-z][a-z0-9-]*(?![[:alnum:]_-])' | sort -u; }

commands=$("$bin" --help | awk '/^Commands:/ { on = 1; next } on && /^[ \t]*$/ { exit } on { print $1 }')
complete_line "rdm-s3 "
same "rdm-s3 <TAB>: the commands of rdm-s3 --help" "$got" "$commands"
complete_line "rdm-s3 help "
same "rdm-s3 help <TAB>: the commands" "$got" "$commands"
complete_line "rdm-s3 che"
same "rdm-s3 che<TAB>: check" "$got" "check"
global=$("$bin" --help | sed -n '/^Options for every command:/,$p' | grep -E '^ +-' | opts_in)
complete_line "rdm-s3 --"
same "rdm-s3 --<TAB>: the global options" "$got" "$global"

for c in $commands; do
	own=$("$bin" help "$c" | sed '/^Options for every command:/,$d')
	# what the help defines: options starting an option line, and the
	# options of the Usage lines
	defined=$( (printf '%s\n' "$own" | grep -E '^ {1,6}-' | sed -E 's/^ +//; s/  .*//'
		printf '%s\n' "$own" | sed -n '/^Usage:/,/^$/p') | opts_in)
	complete_line "rdm-s3 $c --"
	want=$(printf '%s\n' $defined $global --help | grep -vx -- --version)
	same "rdm-s3 $c --<TAB>: its options and the global ones" "$got" "$want"
	# and nothing that the help names only in passing
	extra=$(comm -23 <(printf '%s\n' $got | sort -u) <( ("$bin" help "$c"; echo --help) | opts_in))
	if [ -z "$extra" ]; then ok "rdm-s3 $c --<TAB>: only options of rdm-s3 help $c"
	else notok "rdm-s3 $c --<TAB> offers options its help lacks: $extra"; fi
done

# Check ids: what the check table holds, as an endpoint-only run reports
# every check (most of them skipped).
ids=$("$bin" check --endpoint http://127.0.0.1:9 --bucket b --json --timeout 1 2>/dev/null |
	python3 -c 'import json, sys
for c in json.load(sys.stdin)["instances"][0]["checks"]: print(c["id"])')
if [ -n "$ids" ]; then
	complete_line "rdm-s3 check --only "
	same "check --only <TAB>: the ids of the check table" "$got" "$ids"
	complete_line "rdm-s3 dashboard --skip "
	same "dashboard --skip <TAB>: the same ids" "$got" "$ids"
else
	notok "rdm-s3 check --json gave no check ids"
fi
complete_line "rdm-s3 check --only dns,t"
same "--only dns,t<TAB>: the next id of a list" "$got" "dns,tcp dns,tls"
complete_line "rdm-s3 check --skip=cl"
same "--skip=cl<TAB>: the value after '=' (readline replaces only that part)" "$got" "clock client-compat"

# Config keys: `config set KEY=x --dry-run` in a scratch instance knows
# each plain key (a bad value is fine, an unknown key is not) and refuses
# each secret one as a secret.
inst="$run/instance"
cp -R "$top_srcdir/data/sample-instance" "$inst" && chmod -R u+w "$inst"
complete_line "rdm-s3 config set "
plain=$got
[ -n "$plain" ] && ok "config set <TAB> offers keys ($plain)" || notok "config set <TAB> offers no key"
bad=""
for k in $plain; do
	case $k in *=) ;; *) bad="$bad $k(no '=')" ;; esac
	msg=$(cd "$inst" && "$bin" config set "${k}x" --dry-run 2>&1 >/dev/null)
	case $msg in *"unknown key"* | *"is a secret"*) bad="$bad $k" ;; esac
done
[ -z "$bad" ] && ok "config set: every key offered is a settable key" ||
	notok "config set offers keys config set refuses:$bad"
complete_line "rdm-s3 config set-secret "
secret=$got
bad=""
for k in $secret; do
	msg=$(cd "$inst" && "$bin" config set "$k=x" --dry-run 2>&1 >/dev/null)
	case $msg in *"is a secret"*) ;; *) bad="$bad $k" ;; esac
done
[ -n "$secret" ] && [ -z "$bad" ] && ok "config set-secret <TAB>: the secret keys ($secret)" ||
	notok "config set-secret <TAB>: '$secret', not secrets:$bad"
complete_line "rdm-s3 config set storage.end"
same "config set storage.end<TAB>" "$got" "storage.endpoint="
complete_line "rdm-s3 config "
subs=$("$bin" help config | sed -n '/^Usage:/,/^$/p' | grep -oE 'rdm-s3 config [a-z-]+' | awk '{ print $3 }')
same "config <TAB>: the subcommands of its Usage lines" "$got" "$subs"

# Folders for DIR, files for FILE.
mkdir -p "$run/tree/dir-a" && : >"$run/tree/file-a"
complete_line "rdm-s3 --instance $run/tree/"
same "--instance <TAB>: folders only" "$got" "$run/tree/dir-a"
complete_line "rdm-s3 --instance=$run/tree/d"
same "--instance=<TAB>: folders only" "$got" "$run/tree/dir-a"
complete_line "rdm-s3 cors set b $run/tree/f"
same "cors set BUCKET <TAB>: files" "$got" "$run/tree/file-a"

# Bucket names from a real MinIO.
if vars=$("$ensure" minio 2>"$run/ensure.err"); then
	eval "$vars"
	# shellcheck source=/dev/null
	. "$SECRETS_FILE"
	creds="$run/credentials"
	(umask 077 && printf '[default]\naws_access_key_id = %s\naws_secret_access_key = %s\n' \
		"$ACCESS_KEY" "$SECRET_KEY" >"$creds")
	conn="--endpoint $ENDPOINT --path-style --credentials-file $creds"
	b1="compl-$$-alpha" b2="compl-$$-beta"
	# shellcheck disable=SC2086
	"$bin" $conn bucket create "$b1" >/dev/null && "$bin" $conn bucket create "$b2" >/dev/null
	# shellcheck disable=SC2086
	names=$("$bin" $conn bucket list --names)
	if printf '%s\n' "$names" | grep -qx "$b1" && printf '%s\n' "$names" | grep -qx "$b2" &&
		! printf '%s\n' "$names" | grep -q ' '; then
		ok "bucket list --names: one name per line, nothing else"
	else
		notok "bucket list --names: '$names'"
	fi
	complete_line "rdm-s3 $conn bucket head compl-$$-"
	same "bucket head <TAB>: the buckets, via the options on the line" "$got" "$b1 $b2"
	complete_line "rdm-s3 $conn check --bucket compl-$$-b"
	same "check --bucket <TAB>: the buckets" "$got" "$b2"
	complete_line "rdm-s3 $conn presign compl-$$-a"
	same "presign <TAB>: BUCKET first" "$got" "$b1"
	complete_line "rdm-s3 $conn presign $b1 "
	same "presign BUCKET <TAB>: nothing for an object key" "$got" ""
	# shellcheck disable=SC2086
	"$bin" $conn bucket delete "$b1" >/dev/null
	# shellcheck disable=SC2086
	"$bin" $conn bucket delete "$b2" >/dev/null
else
	unavailable "bucket names from MinIO" "MinIO could not be started: $(tail -n 1 "$run/ensure.err")"
fi

# --names: one request, no retry (shell completion must not wait long).
export AWS_ACCESS_KEY_ID=AKIDFAKE AWS_SECRET_ACCESS_KEY=fake-secret-for-the-stub-0123
list='200
Content-Type: application/xml

<ListAllMyBucketsResult><Buckets><Bucket><Name>after-retry</Name></Bucket></Buckets></ListAllMyBucketsResult>'
start_stub() { # sets STUB_PORT
	rm -f "$run/port" "$run/stub.log"
	"$stub" "$run/port" "$run/stub.log" "503 <Error><Code>SlowDown</Code><Message>slow</Message></Error>" "$list" &
	stub_pid=$!
	for _ in $(seq 100); do [ -s "$run/port" ] && break; sleep 0.1; done
	STUB_PORT=$(cat "$run/port")
}
stop_stub() { kill "$stub_pid" 2>/dev/null; wait "$stub_pid" 2>/dev/null; stub_pid=""; }
start_stub
"$bin" bucket list --names --endpoint "http://127.0.0.1:$STUB_PORT" >"$run/out" 2>&1
rc=$?
requests=$(grep -c '^GET / HTTP/1.1' "$run/stub.log")
stop_stub
[ "$rc" -ne 0 ] && [ "$requests" = 1 ] && ok "--names: a 503 is not retried (one request, exit $rc)" ||
	notok "--names: exit $rc after $requests requests"
start_stub
"$bin" bucket list --endpoint "http://127.0.0.1:$STUB_PORT" >"$run/out" 2>&1
rc=$?
requests=$(grep -c '^GET / HTTP/1.1' "$run/stub.log")
stop_stub
[ "$rc" -eq 0 ] && [ "$requests" = 2 ] && ok "without --names the same server is retried (the contrast)" ||
	notok "plain list: exit $rc after $requests requests"
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY

echo "1..$n"
