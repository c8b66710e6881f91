#!/bin/bash
# rdm-s3 speaks the user's language, and English where a translation is
# missing (TAP). The binary is run with the catalogues compiled from po/
# into tests/locale/ (make check builds them; RDM_S3_LOCALEDIR is the test
# hook that points a test build there). The check runs against a closed
# port on 127.0.0.1, so it needs no server: tcp is critical, the rest is
# skipped, and every line of the report is a message.
#   - LC_ALL=C.UTF-8 LANGUAGE=de|fr: the report, its remedies, the summary,
#     the command list and a usage error are German / French; the JSON
#     report's machine fields (status, ids) stay as they are;
#   - LANG=de_DE.UTF-8 (the locale as users set it): German too; needs the
#     locale generated (bootstrap does: locale-gen de_DE.UTF-8 fr_FR.UTF-8);
#     without it the case is skipped, and under CI=true it fails;
#   - LANGUAGE naming a language without a catalogue: the very same report
#     as in the C locale;
#   - a catalogue that lacks one message: that message in English, the
#     others translated (never a key or an empty line).
set -u
bin="${top_builddir:?}/rdm-s3"
loc="$top_builddir/tests/locale"
run="${RDM_S3_TEST_RUN:?}/i18n"
rm -rf "$run" && mkdir -p "$run"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() {
	n=$((n + 1))
	if [ "${CI:-}" = true ]; then
		echo "not ok $n - $1 # skipped under CI=true: $2"
	else
		echo "ok $n - $1 # SKIP $2"
	fi
}
# expect NAME FILE PATTERN...: every (fixed-string) pattern is in FILE
expect() {
	local name=$1 file=$2 p
	shift 2
	for p in "$@"; do
		if ! grep -qF -- "$p" "$file"; then
			notok "$name: no '$p' in:"
			sed 's/^/#   /' "$file"
			return
		fi
	done
	ok "$name"
}

for lang in de fr; do
	if [ ! -s "$loc/$lang/LC_MESSAGES/rdm-s3.mo" ]; then
		notok "the $lang catalogue was not built into $loc (make check builds it)"
		echo "1..$n"
		exit 0
	fi
done
cd "$run" || exit 1 # not an instance folder: the check tests the endpoint alone
target=(--endpoint http://127.0.0.1:1 --bucket i18n-test)
# run_in ENV... -- ARGS: rdm-s3 ARGS in that environment (LC_ALL from the tests unset)
run_in() {
	local -a envs=()
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	env -u LC_ALL -u LANGUAGE -u LANG RDM_S3_LOCALEDIR="$loc" "${envs[@]}" "$bin" "$@"
}

run_in LC_ALL=C -- check "${target[@]}" >english.txt 2>&1
rc=$?
if [ "$rc" -eq 2 ] && grep -q '^16 checks: 1 ok, .* 1 critical' english.txt; then
	ok "in the C locale the report is English (exit 2: tcp critical)"
else
	notok "the C-locale report is not as expected (exit $rc):"
	sed 's/^/#   /' english.txt
fi

run_in LC_ALL=C.UTF-8 LANGUAGE=de -- check "${target[@]}" >de.txt 2>&1
expect "LANGUAGE=de: the report, remedy and summary are German" de.txt \
	'Instanz: http://127.0.0.1:1' 'übersprungen: kein Instanzordner' \
	'keine Verbindung zu 127.0.0.1:1' 'Abhilfe: auf 127.0.0.1:1 lauscht nichts' \
	'16 Prüfungen: 1 ok, 0 Info, 0 Warnung, 1 kritisch, 0 unbekannt, 14 übersprungen'
if ! grep -q 'checks:\|skipped:' de.txt; then
	ok "LANGUAGE=de: no English message is left in the report"
else
	notok "LANGUAGE=de: English left in the report:"
	grep 'checks:\|skipped:' de.txt | sed 's/^/#   /'
fi
run_in LC_ALL=C.UTF-8 LANGUAGE=fr -- check "${target[@]}" >fr.txt 2>&1
expect "LANGUAGE=fr: the report is French" fr.txt \
	'ignoré : pas de dossier d'"'"'instance' "impossible de se connecter à 127.0.0.1:1" \
	'16 vérifications : 1 ok'

run_in LC_ALL=C.UTF-8 LANGUAGE=de -- check "${target[@]}" --json >de.json 2>&1
expect "LANGUAGE=de: the JSON keeps its machine fields, the messages are German" de.json \
	'"status": "critical"' '"id": "tcp"' '"message": "keine Verbindung zu 127.0.0.1:1'

run_in LC_ALL=C.UTF-8 LANGUAGE=de -- --help >help.txt 2>&1
expect "LANGUAGE=de: the command list is German" help.txt \
	'check        die Speicher-Prüfungen einmal ausführen (Nagios-Exit-Codes)'
run_in LC_ALL=C.UTF-8 LANGUAGE=de -- check "${target[@]}" --timeout soon >usage.txt 2>&1
expect "LANGUAGE=de: a usage error is German" usage.txt \
	"--timeout erwartet Sekunden von 0.001 bis 3600, nicht 'soon'"

if locale -a 2>/dev/null | grep -qix 'de_DE\.utf-\?8'; then
	run_in LANG=de_DE.UTF-8 -- check "${target[@]}" >lang.txt 2>&1
	expect "LANG=de_DE.UTF-8 rdm-s3 check prints German" lang.txt \
		'16 Prüfungen: 1 ok' 'Abhilfe: auf 127.0.0.1:1 lauscht nichts'
else
	skip "LANG=de_DE.UTF-8 rdm-s3 check prints German" \
		"the locale de_DE.UTF-8 is not generated (locale-gen de_DE.UTF-8; bootstrap does it)"
fi

run_in LC_ALL=C.UTF-8 LANGUAGE=xx -- check "${target[@]}" >xx.txt 2>&1
if diff -u english.txt xx.txt >xx.diff; then
	ok "a language without a catalogue gets the English report, line for line"
else
	notok "a language without a catalogue does not get the English report:"
	sed 's/^/#   /' xx.diff
fi

# a German catalogue without the summary line's message
mkdir -p "$run/partial/de/LC_MESSAGES"
if msggrep --invert-match --msgid -e '^%zu checks: %zu ok' "$top_srcdir/po/de.po" -o partial.po &&
	! grep -q '^msgid "%zu checks: %zu ok' partial.po &&
	msgfmt -o "$run/partial/de/LC_MESSAGES/rdm-s3.mo" partial.po; then
	env -u LC_ALL -u LANG RDM_S3_LOCALEDIR="$run/partial" LC_ALL=C.UTF-8 LANGUAGE=de \
		"$bin" check "${target[@]}" >partial.txt 2>&1
	expect "a message missing from the catalogue is English, the others German" partial.txt \
		'16 checks: 1 ok, 0 info, 0 warning, 1 critical, 0 unknown, 14 skipped' \
		'Abhilfe: auf 127.0.0.1:1 lauscht nichts'
else
	notok "could not make a catalogue without one message (msggrep, msgfmt)"
fi
echo "1..$n"
