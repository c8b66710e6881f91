#!/bin/bash
# `make install DESTDIR=...`: every file where it belongs, below the
# configured folders (make print-install-dirs), and nothing else (TAP):
#   bin/rdm-s3 (runs), man1/rdm-s3.1 and rdm-s3-COMMAND.1 for each command
#   of `rdm-s3 --help` (version filled in), the bash completion, the
#   systemd units (ExecStart = the installed binary), the JSON Schema, the
#   sample instance, a message catalog per language of po/LINGUAS; then
#   `make uninstall` leaves no file behind.
set -u
top="${top_builddir:?}"
make=${MAKE:-make}
run="${RDM_S3_TEST_RUN:?}/install.$$"
dest="$run/root"
mkdir -p "$run"
trap 'chmod -R u+w "$run" 2>/dev/null; rm -rf "$run"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; }
has() { # DESC FILE [test-flag]
	if [ ${3:--f} "$2" ]; then ok "$1: ${2#"$dest"}"; else notok "$1: no ${2#"$dest"}"; fi
}

# A make of its own, not the jobserver of the `make check` around it.
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $make -s -C "$top" print-install-dirs >"$run/dirs" 2>&1 ||
	{ notok "make print-install-dirs"; sed 's/^/# /' "$run/dirs"; echo "1..$n"; exit 1; }
# shellcheck source=/dev/null
. "$run/dirs"
if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $make -s -C "$top" install DESTDIR="$dest" >"$run/install.log" 2>&1; then
	ok "make install DESTDIR=... (prefix $prefix)"
else
	notok "make install DESTDIR=..."; tail -n 20 "$run/install.log" | sed 's/^/# /'; echo "1..$n"; exit 1
fi

has "the binary" "$dest$bindir/rdm-s3" -x
"$dest$bindir/rdm-s3" --version | grep -q '^rdm-s3 [0-9]' && ok "the installed binary runs" ||
	notok "the installed binary does not run"
commands=$("$top/rdm-s3" --help | awk '/^Commands:/ { on = 1; next } on && /^[ \t]*$/ { exit } on { print $1 }')
pages="rdm-s3.1"
for c in $commands; do pages="$pages rdm-s3-$c.1"; done
missing="" unfilled=""
for p in $pages; do
	f="$dest$mandir/man1/$p"
	[ -f "$f" ] || { missing="$missing $p"; continue; }
	grep -q '@[A-Z]*@' "$f" && unfilled="$unfilled $p"
done
[ -z "$missing" ] && ok "a man page for rdm-s3 and each command in $mandir/man1" ||
	notok "man pages missing:$missing"
[ -z "$unfilled" ] && ok "the man pages have their @...@ filled in" || notok "@...@ left in:$unfilled"
if [ -n "$bashcompletiondir" ]; then
	has "bash completion" "$dest$bashcompletiondir/rdm-s3"
	bash -n "$dest$bashcompletiondir/rdm-s3" && ok "the installed completion is valid bash" ||
		notok "the installed completion is not valid bash"
else
	notok "configure found no bash completion folder"
fi
if [ -n "$systemdsystemunitdir" ]; then
	has "systemd service" "$dest$systemdsystemunitdir/rdm-s3-check@.service"
	has "systemd timer" "$dest$systemdsystemunitdir/rdm-s3-check@.timer"
	grep -q "^ExecStart=$bindir/rdm-s3 check " "$dest$systemdsystemunitdir/rdm-s3-check@.service" &&
		ok "the service runs $bindir/rdm-s3" || notok "the service's ExecStart is not $bindir/rdm-s3"
else
	notok "configure set no systemd unit folder"
fi
has "JSON Schema of check --json" "$dest$pkgdatadir/check-report.schema.json"
has "sample instance" "$dest$pkgdatadir/sample-instance/.invenio"
langs=$(sed 's/#.*//' "${top_srcdir:?}/po/LINGUAS" | tr -s ' \t' '\n\n' | sed '/^$/d')
for l in $langs; do
	has "message catalog ($l)" "$dest$localedir/$l/LC_MESSAGES/rdm-s3.mo"
done
[ -n "$langs" ] || ok "no language in po/LINGUAS yet: no catalog expected"

# Nothing outside the configured folders.
stray=$(cd "$dest" && find . -type f | sed 's|^\.||' | while read -r f; do
	case $f in
	"$bindir"/* | "$mandir"/* | "$pkgdatadir"/* | "$localedir"/* | "$bashcompletiondir"/* | "$systemdsystemunitdir"/*) ;;
	*) echo "$f" ;;
	esac
done)
[ -z "$stray" ] && ok "no file outside the configured folders" || notok "files elsewhere: $stray"

if env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL $make -s -C "$top" uninstall DESTDIR="$dest" >"$run/uninstall.log" 2>&1; then
	left=$(cd "$dest" && find . -type f)
	[ -z "$left" ] && ok "make uninstall removes every file" || notok "left after uninstall: $left"
else
	notok "make uninstall"; tail -n 20 "$run/uninstall.log" | sed 's/^/# /'
fi
echo "1..$n"
