#!/bin/bash
# The translation inputs stay complete as the code changes (TAP):
#   - every source file that marks strings (_(" N_(" P_(") is listed in
#     po/POTFILES.in, and every file listed there exists, so xgettext sees
#     every marked string;
#   - no message given to the error and report APIs (rdm_error_set,
#     rdm_error_remedy, cli_usage_error, check_result_note, ...) is an
#     unmarked literal: xgettext with those functions as keywords finds no
#     string of words that the gettext keywords do not also find (the
#     detector is first shown to catch one in a sample file);
#   - every catalogue of po/LINGUAS is well-formed with placeholders that
#     match their msgid (msgfmt --check) and has no fuzzy entry.
# Whether every current message is translated is `make po-check` (a new
# message must not break the build; it shows in English until translated).
set -u
src="${top_srcdir:?}"
run="${RDM_S3_TEST_RUN:?}/potfiles"
rm -rf "$run" && mkdir -p "$run"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }

cd "$src" || exit 1

# 1. POTFILES.in against the tree
listed=$(grep -v '^#' po/POTFILES.in | grep -v '^[[:space:]]*$' | sort)
marking=$(grep -rlE '(^|[^A-Za-z0-9_])(N_|P_|_)\("' src --include='*.c' --include='*.h' |
	grep -v '^src/util/i18n.h$' | sort)
missing=$(comm -13 <(echo "$listed") <(echo "$marking"))
if [ -z "$missing" ]; then
	ok "every source file with marked strings is in po/POTFILES.in"
else
	notok "files with marked strings missing from po/POTFILES.in (add them):"
	echo "$missing" | sed 's/^/#   /'
fi
gone=$(echo "$listed" | while read -r f; do [ -f "$f" ] || echo "$f"; done)
if [ -z "$gone" ]; then
	ok "every file in po/POTFILES.in exists"
else
	notok "po/POTFILES.in lists files that do not exist:"
	echo "$gone" | sed 's/^/#   /'
fi

# 2. unmarked messages
message_keywords=(-k --keyword=rdm_error_set:2 --keyword=rdm_error_remedy:2
	--keyword=rdm_error_prefix:2 --keyword=rdm_error_where:2 --keyword=cli_usage_error:2
	--keyword=check_result_note:3 --keyword=check_result_note:4 --keyword=check_result_skip:3
	--keyword=plan_add_note:2 --keyword=change_step_result_fail:2
	--keyword=change_step_result_fail:3 --keyword=change_step_result_fail:4
	--keyword=change_step_result_set:2)
gettext_keywords=(--keyword=_ --keyword=N_ --keyword=P_:1,2)
# msgids (one line each, escapes kept) that xgettext finds with $@ in the
# files listed in $1; "File:" comments kept on the line for the report
msgids() {
	local list=$1
	shift
	xgettext "$@" --from-code=UTF-8 -o - -f "$list" 2>/dev/null |
		sed "s/charset=CHARSET/charset=UTF-8/" |
		msgcat --stringtable-output - 2>/dev/null |
		awk '/^\/\* File:/ { where = $0; next } /^"/ { sub(/" = ".*/, "\""); print $0 "\t" where; where = "" }'
}
# the strings of words in $1 (a file list) passed to the message APIs unmarked
unmarked() {
	join -t "$(printf '\t')" -v 1 \
		<(msgids "$1" "${message_keywords[@]}" | sort -t "$(printf '\t')" -k1,1) \
		<(msgids "$1" "${gettext_keywords[@]}" | cut -f1 | sort -u) |
		grep -E '[A-Za-z]{2,} [a-z]{2,}'
}
cat >"$run/sample.c" <<'C'
#define _(s) (s)
void f(struct rdm_error *err) { rdm_error_set(err, "this message is not marked"); }
void g(struct rdm_error *err) { rdm_error_set(err, _("this message is marked")); }
C
echo "$run/sample.c" >"$run/sample.list"
found=$(unmarked "$run/sample.list")
if echo "$found" | grep -q 'this message is not marked' && ! echo "$found" | grep -q 'is marked"'; then
	ok "the detector finds an unmarked message and passes a marked one"
else
	notok "the detector of unmarked messages does not work: got '$found'"
fi
find src -name '*.c' | sort >"$run/src.list"
found=$(unmarked "$run/src.list")
if [ -z "$found" ]; then
	ok "no unmarked literal is given to the error and report APIs"
else
	notok "messages not marked for translation (wrap them in _()):"
	echo "$found" | sed 's/^/#   /'
fi

# 3. the catalogues
# Every command's one-line summary and help text reach the user through
# _() in cli.c: they must be N_("...") in its struct rdm_command, or they
# stay English in every language.
bare=$(grep -nE '^[[:space:]]*\.(summary|help)[[:space:]]*=[[:space:]]*"' src/cmd_*.c || true)
bare=$bare$(grep -nA1 -E '^[[:space:]]*\.help[[:space:]]*=[[:space:]]*$' src/cmd_*.c | grep -E '^src/[^-]*-[0-9]+-[[:space:]]*[(]?"' || true)
if [ -z "$bare" ]; then
	ok "every command's summary and help are marked with N_()"
else
	notok "command summary or help not marked with N_():"
	echo "$bare" | sed 's/^/#   /'
fi
for lang in $(sed 's/#.*//' po/LINGUAS); do
	if out=$(msgfmt --check --statistics -o /dev/null "po/$lang.po" 2>&1); then
		ok "po/$lang.po is well-formed, placeholders match ($out)"
	else
		notok "msgfmt --check po/$lang.po:"
		echo "$out" | sed 's/^/#   /'
	fi
	fuzzy=$(msgattrib --only-fuzzy --no-obsolete "po/$lang.po" | grep -c '^msgid ' || true)
	if [ "${fuzzy:-0}" -eq 0 ]; then
		ok "po/$lang.po has no fuzzy entry"
	else
		notok "po/$lang.po has $((fuzzy - 1)) fuzzy entries: review them"
	fi
done
echo "1..$n"
