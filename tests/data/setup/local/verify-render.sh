#!/bin/bash
# Prove that the two fixtures differ exactly as the cookiecutter's two v13
# renders do: the lines added and removed between instance/ (local) and s3/
# are the lines added and removed between a render made with
# file_storage=local and one made with file_storage=S3 (same answers
# otherwise), file by file, in order. Run by hand when the fixtures or the
# template change (the renders need cookiecutter and the template, which the
# test machines do not have):
#   cookiecutter --no-input -o L TEMPLATE project_name="Demo Repo" file_storage=local
#   cookiecutter --no-input -o S TEMPLATE project_name="Demo Repo" file_storage=S3
#   tests/data/setup/local/verify-render.sh L/demo-repo S/demo-repo
# (.invenio is written by invenio-cli, not the template: its one line is
# checked on its own.)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
lr=${1:?the local render}; sr=${2:?the S3 render}
changes() { # A B FILE: the +/- lines of diff A/FILE B/FILE
	diff -u "$1/$3" "$2/$3" | sed -n '/^[-+][-+][-+] /d; /^[-+]/p' || true
}
bad=0
for f in Pipfile docker-services.yml docker-compose.yml docker-compose.full.yml invenio.cfg; do
	if diff <(changes "$lr" "$sr" "$f") <(changes "$here/instance" "$here/s3" "$f") >/dev/null; then
		echo "ok   $f: the fixtures differ as the renders do"
	else
		echo "FAIL $f: the fixtures differ otherwise than the renders:"
		diff <(changes "$lr" "$sr" "$f") <(changes "$here/instance" "$here/s3" "$f") | sed 's/^/     /'
		bad=1
	fi
done
if [ "$(changes "$here/instance" "$here/s3" .invenio)" = "$(printf '%s\n%s' '-file_storage = local' '+file_storage = S3')" ]; then
	echo "ok   .invenio: file_storage = local -> S3 (invenio-cli's replay of the answer)"
else
	echo "FAIL .invenio"; bad=1
fi
# The files of the render that the fixtures leave out do not differ.
others=$(diff -rq -x Pipfile -x docker-services.yml -x docker-compose.yml -x docker-compose.full.yml \
	-x invenio.cfg -x data -x test.crt -x test.key "$lr" "$sr" || true)
if [ -z "$others" ]; then echo "ok   no other file differs between the renders (but data/ and the test TLS pair)"
else echo "FAIL other files differ: $others"; bad=1; fi
exit $bad
