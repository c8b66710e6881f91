/* Finding invenio-app-rdm's requirement in a Pipfile or pyproject.toml and
 * splicing an extra into it (deps.h). A small scanner over one TOML
 * construct each, not a TOML parser: it knows strings, comments, section
 * headers and brackets, which is what locating one requirement needs. */
#include "config.h"
#include "instance/deps/deps.h"

#include <ctype.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

struct scan {
	enum deps_kind kind;
	const char *file, *d;
	size_t len;
	const char *pkg, *extra;
	struct rdm_error *err;
	/* the result: found (already there), else bytes [at, at) get text */
	int found;
	size_t at;
	struct buf text;
};

static unsigned line_of(const struct scan *s, size_t off)
{
	unsigned n = 1;
	for (size_t i = 0; i < off && i < s->len; i++)
		n += s->d[i] == '\n';
	return n;
}

static int not_read(struct scan *s, size_t off, const char *why)
{
	rdm_error_set(s->err, _("%s: %s"), s->file, why);
	rdm_error_where(s->err, "%s:%u", s->file, line_of(s, off));
	if (s->kind == DEPS_PIPFILE)
		rdm_error_remedy(s->err, _("write the requirement on one line in [packages], e.g. %s = {extras = "
					   "[\"opensearch2\", \"%s\"], version = \"~=13.0.0\"}"), s->pkg, s->extra);
	else
		rdm_error_remedy(s->err, _("list it in [project] dependencies as one string, e.g. "
					   "\"%s[opensearch2,%s]~=14.0.0\""), s->pkg, s->extra);
	return -1;
}

/* PEP 503 names: case, '-', '_' and '.' do not matter. */
static int same_name(const char *a, size_t n, const char *b)
{
	size_t i = 0;
	for (; i < n && *b; i++, b++) {
		int x = tolower((unsigned char)a[i]), y = tolower((unsigned char)*b);
		x = x == '_' || x == '.' ? '-' : x;
		y = y == '_' || y == '.' ? '-' : y;
		if (x != y)
			return 0;
	}
	return i == n && !*b;
}

static size_t line_end(const struct scan *s, size_t i)
{
	while (i < s->len && s->d[i] != '\n' && s->d[i] != '\r')
		i++;
	return i;
}

static size_t skip_blank(const struct scan *s, size_t i, size_t end)
{
	while (i < end && (s->d[i] == ' ' || s->d[i] == '\t'))
		i++;
	return i;
}

/* After a string starting at i (its quote): the offset after the closing
 * quote, or 0 when it does not close on this line. */
static size_t string_end(const struct scan *s, size_t i, size_t end)
{
	char q = s->d[i];
	for (size_t k = i + 1; k < end; k++) {
		if (q == '"' && s->d[k] == '\\') {
			k++;
			continue;
		}
		if (s->d[k] == q)
			return k + 1;
	}
	return 0;
}

/* A section header line "[name]": the name's bounds. */
static int header(const struct scan *s, size_t ls, size_t le, size_t *a, size_t *b)
{
	size_t i = skip_blank(s, ls, le);
	if (i >= le || s->d[i] != '[' || (i + 1 < le && s->d[i + 1] == '['))
		return 0;
	size_t j = i + 1;
	while (j < le && s->d[j] != ']')
		j++;
	*a = skip_blank(s, i + 1, j);
	*b = j;
	while (*b > *a && (s->d[*b - 1] == ' ' || s->d[*b - 1] == '\t'))
		(*b)--;
	return j < le;
}

/* --- Pipfile ----------------------------------------------------------- */

/* `[ "a", "b" ]` from i ('['): whether extra is there, else where it goes. */
static int pip_extras(struct scan *s, size_t i, size_t le)
{
	char quote = '"';
	size_t last = i; /* the last non-blank byte inside */
	for (size_t k = i + 1; k < le; k++) {
		char c = s->d[k];
		if (c == '"' || c == '\'') {
			size_t e = string_end(s, k, le);
			if (!e)
				return not_read(s, k, _("an unterminated string in the extras"));
			if (quote == '"' && k == skip_blank(s, i + 1, le))
				quote = c;
			if (e - k - 2 == strlen(s->extra) && !memcmp(s->d + k + 1, s->extra, e - k - 2))
				s->found = 1;
			last = e - 1;
			k = e - 1;
		} else if (c == ']') {
			if (s->found)
				return 0;
			s->at = last + 1;
			buf_printf(&s->text, "%s%c%s%c", s->d[last] == '[' ? "" : s->d[last] == ',' ? " " : ", ", quote,
				   s->extra, quote);
			return 0;
		} else if (c == ',') {
			last = k;
		} else if (c != ' ' && c != '\t') {
			return not_read(s, k, _("the extras are not a list of strings"));
		}
	}
	return not_read(s, i, _("the extras list does not close on its line"));
}

/* `{extras = [...], version = "..."}` from i ('{'). */
static int pip_table(struct scan *s, size_t i, size_t le)
{
	for (size_t k = i + 1; k < le; k++) {
		char c = s->d[k];
		if (c == '"' || c == '\'') {
			size_t e = string_end(s, k, le);
			if (!e)
				return not_read(s, k, _("an unterminated string"));
			k = e - 1;
		} else if (c == '}' || c == '[' || c == '{') {
			break;
		} else if (le - k >= 6 && !memcmp(s->d + k, "extras", 6) && (s->d[k - 1] == '{' || s->d[k - 1] == ' ' ||
							     s->d[k - 1] == ',')) {
			size_t j = skip_blank(s, k + 6, le);
			if (j < le && s->d[j] == '=') {
				j = skip_blank(s, j + 1, le);
				if (j < le && s->d[j] == '[')
					return pip_extras(s, j, le);
			}
		}
	}
	size_t j = skip_blank(s, i + 1, le);
	if (j >= le)
		return not_read(s, i, _("the inline table does not close on its line"));
	s->at = j;
	buf_printf(&s->text, "extras = [\"%s\"]%s", s->extra, s->d[j] == '}' ? "" : ", ");
	return 0;
}

/* One `key = value` line of [packages]: 1 it is pkg's (done), 0 not. */
static int pip_line(struct scan *s, size_t ls, size_t le)
{
	size_t k = skip_blank(s, ls, le), ke;
	if (k >= le || s->d[k] == '#')
		return 0;
	if (s->d[k] == '"' || s->d[k] == '\'') {
		size_t e = string_end(s, k, le);
		if (!e)
			return 0;
		ke = e;
		if (!same_name(s->d + k + 1, e - k - 2, s->pkg))
			return 0;
	} else {
		ke = k;
		while (ke < le && s->d[ke] != '=' && s->d[ke] != ' ' && s->d[ke] != '\t')
			ke++;
		if (!same_name(s->d + k, ke - k, s->pkg))
			return 0;
	}
	size_t v = skip_blank(s, ke, le);
	if (v >= le || s->d[v] != '=')
		return 0;
	v = skip_blank(s, v + 1, le);
	if (v < le && (s->d[v] == '"' || s->d[v] == '\'')) {
		size_t e = string_end(s, v, le);
		if (!e)
			return not_read(s, v, _("the version string does not close on its line"));
		s->at = v;
		buf_printf(&s->text, "{extras = [\"%s\"], version = ", s->extra);
		return 2; /* the closing brace goes after the version string */
	}
	if (v < le && s->d[v] == '{')
		return pip_table(s, v, le) < 0 ? -1 : 1;
	return not_read(s, v, _("the requirement is neither a version string nor a one-line table"));
}

static int scan_pipfile(struct scan *s, size_t *close_at)
{
	int in_packages = 0;
	for (size_t ls = 0; ls < s->len;) {
		size_t le = line_end(s, ls), a, b;
		if (header(s, ls, le, &a, &b)) {
			in_packages = b - a == 8 && !memcmp(s->d + a, "packages", 8);
			if (b - a > 9 && !memcmp(s->d + a, "packages.", 9) && same_name(s->d + a + 9, b - a - 9, s->pkg))
				return not_read(s, ls, _("the requirement is a table of its own"));
		} else if (in_packages) {
			int rc = pip_line(s, ls, le);
			if (rc == 2) { /* a version string: wrap it */
				size_t e = string_end(s, s->at, le);
				*close_at = e;
				return 1;
			}
			if (rc)
				return rc;
		}
		ls = le + (le < s->len && s->d[le] == '\r') + 1;
		if (ls > s->len)
			break;
	}
	return not_read(s, 0, _("no requirement of invenio-app-rdm in [packages]"));
}

/* --- pyproject.toml ---------------------------------------------------- */

/* One requirement string [k, e): pkg's? Then where the extra goes. */
static int py_requirement(struct scan *s, size_t k, size_t e)
{
	size_t b = k + 1, n = b;
	while (n < e - 1 && (isalnum((unsigned char)s->d[n]) || strchr("-_.", s->d[n])))
		n++;
	if (!same_name(s->d + b, n - b, s->pkg))
		return 0;
	size_t x = n;
	while (x < e - 1 && s->d[x] == ' ')
		x++;
	if (x >= e - 1 || s->d[x] != '[') {
		s->at = n;
		buf_printf(&s->text, "[%s]", s->extra);
		return 1;
	}
	size_t close = x;
	while (close < e - 1 && s->d[close] != ']')
		close++;
	if (close >= e - 1)
		return not_read(s, k, _("the extras of the requirement do not close"));
	for (size_t p = x + 1; p < close;) {
		while (p < close && (s->d[p] == ' ' || s->d[p] == ','))
			p++;
		size_t q = p;
		while (q < close && s->d[q] != ',' && s->d[q] != ' ')
			q++;
		if (q - p == strlen(s->extra) && !memcmp(s->d + p, s->extra, q - p)) {
			s->found = 1;
			return 1;
		}
		p = q;
	}
	size_t last = close;
	while (last > x + 1 && s->d[last - 1] == ' ')
		last--;
	s->at = last;
	buf_printf(&s->text, "%s%s", s->d[last - 1] == '[' ? "" : ",", s->extra);
	return 1;
}

/* The array after `dependencies =` from i ('['), across lines. */
static int py_array(struct scan *s, size_t i)
{
	for (size_t k = i + 1; k < s->len; k++) {
		char c = s->d[k];
		if (c == '#') {
			k = line_end(s, k);
		} else if (c == '"' || c == '\'') {
			size_t e = string_end(s, k, line_end(s, k));
			if (!e)
				return not_read(s, k, _("a string in dependencies does not close on its line"));
			int rc = py_requirement(s, k, e);
			if (rc)
				return rc;
			k = e - 1;
		} else if (c == ']') {
			break;
		}
	}
	return not_read(s, i, _("no requirement of invenio-app-rdm in [project] dependencies"));
}

static int scan_pyproject(struct scan *s)
{
	int in_project = 0;
	for (size_t ls = 0; ls < s->len;) {
		size_t le = line_end(s, ls), a, b;
		if (header(s, ls, le, &a, &b)) {
			in_project = b - a == 7 && !memcmp(s->d + a, "project", 7);
		} else if (in_project) {
			size_t k = skip_blank(s, ls, le);
			if (le - k > 12 && !memcmp(s->d + k, "dependencies", 12)) {
				size_t j = skip_blank(s, k + 12, le);
				if (j < le && s->d[j] == '=') {
					j = skip_blank(s, j + 1, le);
					if (j < le && s->d[j] == '[')
						return py_array(s, j);
				}
			}
		}
		ls = le + 1;
	}
	return not_read(s, 0, _("no [project] dependencies"));
}

/* --- both ------------------------------------------------------------- */

static int locate(struct scan *s, size_t *close_at)
{
	*close_at = 0;
	if (memchr(s->d, '\0', s->len))
		return not_read(s, 0, _("the file holds a NUL byte"));
	return s->kind == DEPS_PIPFILE ? scan_pipfile(s, close_at) : scan_pyproject(s);
}

int deps_has_extra(enum deps_kind kind, const char *file, const char *data, size_t len, const char *pkg,
		   const char *extra, struct rdm_error *err)
{
	struct scan s = { kind, file, data ? data : "", len, pkg, extra, err, 0, 0, BUF_INIT };
	size_t close_at;
	int rc = locate(&s, &close_at);
	buf_free(&s.text);
	return rc < 0 ? -1 : s.found;
}

int deps_add_extra(enum deps_kind kind, const char *file, const char *data, size_t len, const char *pkg,
		   const char *extra, struct buf *out, struct rdm_error *err)
{
	struct scan s = { kind, file, data ? data : "", len, pkg, extra, err, 0, 0, BUF_INIT };
	size_t close_at;
	int rc = locate(&s, &close_at);
	buf_truncate(out, 0);
	if (rc >= 0 && s.found) {
		buf_append(out, s.d, s.len);
		rc = 0;
	} else if (rc >= 0) {
		buf_append(out, s.d, s.at);
		buf_append(out, s.text.data, s.text.len);
		if (close_at) {
			buf_append(out, s.d + s.at, close_at - s.at);
			buf_putc(out, '}');
			buf_append(out, s.d + close_at, s.len - close_at);
		} else {
			buf_append(out, s.d + s.at, s.len - s.at);
		}
		rc = 1;
	}
	buf_free(&s.text);
	return rc;
}
