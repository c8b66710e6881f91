#!/bin/bash
# The manual pages against the binary's own help, command by command; the
# commands come from `rdm-s3 --help`, so a new command without a page
# fails here. (TAP)
#   - rdm-s3.1 names every option of `rdm-s3 --help`;
#   - for each command C, man/rdm-s3-C.1 exists (built from man/*.1.in and
#     listed in man/local.mk), names every option of `rdm-s3 help C` (its
#     own text: the shared block of global options is rdm-s3.1's), and
#     names no option that `rdm-s3 help C` or `rdm-s3 --help` does not;
#   - no page for a command that does not exist;
#   - every page is well-formed man(7): groff reports no warning, and its
#     NAME line is "rdm-s3-C \- summary" (what whatis and lexgrog read).
# Options are the words --long and -x outside other words. In a page,
# example blocks (.EX/.EE) count only on lines that run rdm-s3: other
# tools' options may appear there.
set -u
bin="${top_builddir:?}/rdm-s3"
mandir="$top_builddir/man"
srcman="${top_srcdir:?}/man"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# options: the option words of the text on stdin, one per line, sorted
options() {
	grep -oP '(?<![[:alnum:]_./\\-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?![[:alnum:]_-])' | sort -u
}
# page_text PAGE: the text of a roff page, escapes undone, comments and
# lines of example blocks that do not run rdm-s3 left out
page_text() {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' -e 's/\\&//g' -e 's/\\%//g' "$1" |
		awk '/^\.\\"/ { next }
		/^\.EX/ { ex = 1; next }
		/^\.EE/ { ex = 0; next }
		ex && !/^(\$ )?rdm-s3 / { next }
		{ print }'
}
# own_help C: `rdm-s3 help C` without the shared block of global options
own_help() {
	"$bin" help "$1" | sed '/^Options for every command:/,$d'
}
# compare WHAT HAVE WANT: HAVE must contain every line of WANT
missing() { comm -23 <(printf '%s\n' "$2" | sed '/^$/d') <(printf '%s\n' "$1" | sed '/^$/d') | tr '\n' ' '; }

commands=$("$bin" --help | awk '/^Commands:/ { on = 1; next } on && /^[ \t]*$/ { exit } on { print $1 }')
if [ -n "$commands" ]; then ok "the commands are read from rdm-s3 --help ($(echo $commands))"
else notok "no commands found in rdm-s3 --help"; echo "1..$n"; exit 1; fi

overview_opts=$("$bin" --help | options)
all_help_opts=$overview_opts

# rdm-s3.1: every option of `rdm-s3 --help`
if [ -f "$mandir/rdm-s3.1" ]; then
	m=$(missing "$(page_text "$mandir/rdm-s3.1" | options)" "$overview_opts")
	if [ -z "$m" ]; then ok "rdm-s3.1 names every option of rdm-s3 --help"
	else notok "rdm-s3.1 lacks: $m"; fi
else
	notok "man/rdm-s3.1 was not built (man/local.mk)"
fi

for c in $commands; do
	page="$mandir/rdm-s3-$c.1"
	if [ ! -f "$page" ]; then
		notok "no manual page for command '$c': write man/rdm-s3-$c.1.in and list man/rdm-s3-$c.1 in man/local.mk (see docs/BUILDING.md, Contributing)"
		continue
	fi
	help_opts=$(own_help "$c" | options)
	full_opts=$( ("$bin" help "$c"; "$bin" --help) | options)
	all_help_opts=$(printf '%s\n%s\n' "$all_help_opts" "$help_opts" | sort -u)
	page_opts=$(page_text "$page" | options)
	m=$(missing "$page_opts" "$help_opts")
	if [ -z "$m" ]; then ok "rdm-s3-$c.1 names every option of rdm-s3 help $c"
	else notok "rdm-s3-$c.1 lacks options that rdm-s3 help $c has: $m"; fi
	m=$(missing "$full_opts" "$page_opts")
	if [ -z "$m" ]; then ok "rdm-s3-$c.1 names no option that rdm-s3 help $c lacks"
	else notok "rdm-s3-$c.1 names options that rdm-s3 help $c does not have: $m"; fi
	name_line=$(sed -n '/^\.SH NAME/{n;p;q}' "$page")
	case $(printf '%s' "$name_line" | sed 's/\\-/-/g') in
	"rdm-s3-$c - "?*) ok "rdm-s3-$c.1 has the NAME line 'rdm-s3-$c \\- summary'" ;;
	*) notok "rdm-s3-$c.1: the line after .SH NAME is not 'rdm\\-s3\\-$c \\- summary': $name_line" ;;
	esac
done

# rdm-s3.1 may name the options of any command, but of no other program
m=$(missing "$all_help_opts" "$(page_text "$mandir/rdm-s3.1" | options)")
if [ -z "$m" ]; then ok "rdm-s3.1 names no option that rdm-s3 does not have"
else notok "rdm-s3.1 names options no help has: $m"; fi

# no page without its command (a renamed or removed command)
stale=""
for src in "$srcman"/rdm-s3-*.1.in; do
	[ -e "$src" ] || continue
	c=${src##*/rdm-s3-}
	c=${c%.1.in}
	printf '%s\n' $commands | grep -qx -- "$c" || stale="$stale $c"
done
if [ -z "$stale" ]; then ok "every man/rdm-s3-*.1.in is a command's page"
else notok "pages for commands that do not exist:$stale"; fi

# every page is clean for groff (what lintian's manpage check runs)
if command -v groff >/dev/null 2>&1; then
	for page in "$mandir"/*.1; do
		w=$(LC_ALL=C.UTF-8 groff -man -t -ww -z "$page" 2>&1)
		if [ -z "$w" ]; then ok "groff: ${page##*/} has no warning"
		else notok "groff warns about ${page##*/}"; printf '%s\n' "$w" | sed 's/^/# /'; fi
	done
elif [ "${CI:-}" = true ]; then
	notok "groff is missing (Debian: groff-base, bootstrap installs it)"
else
	skip "groff warnings" "groff is not installed"
fi
echo "1..$n"
