/* Editing .invenio: set, add (new sections at the end) and remove options by
 * splicing bytes; each result is read back and checked. */
#include "config.h"
#include "instance/ini/ini_int.h"

#include <string.h>

#include "instance/lines_text.h"
#include "util/i18n.h"

int ini_reread(const struct ini *ini, struct buf *nb, struct ini *out, struct rdm_error *err)
{
	int rc = ini_parse(out, ini->file, buf_str(nb), nb->len, err);
	buf_free(nb);
	if (rc < 0)
		rdm_error_prefix(err, _("internal error: the edited %s does not read back"), ini->file);
	return rc;
}

void ini_replace(struct ini *ini, struct ini *with)
{
	ini_free(ini);
	*ini = *with;
	memset(with, 0, sizeof(*with));
}

static bool key_ok(const char *k)
{
	if (!*k)
		return false;
	for (const char *p = k; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '.' || *p == '-'))
			return false;
	return true;
}

static int check_input(const struct ini *ini, const char *section, const char *key,
		       const char *value, struct rdm_error *err)
{
	size_t n = strlen(section);
	if (!n || strpbrk(section, "[]\r\n") || section[0] == ' ' || section[n - 1] == ' ')
		return rdm_error_set(err, _("'%s' cannot be a section name in %s"), section, ini->file);
	if (!key_ok(key))
		return rdm_error_set(err, _("'%s' cannot be an option name in %s (use letters, digits, "
				     "'_', '.' and '-')"), key, ini->file);
	n = strlen(value);
	if (strpbrk(value, "\r\n%") || (n && (value[0] == ' ' || value[0] == '\t' ||
					       value[n - 1] == ' ' || value[n - 1] == '\t')) ||
	    lines_utf8_invalid_at(value, n) < n) {
		rdm_error_set(err, _("the value for %s.%s cannot be stored in %s: it must be one line of "
			      "UTF-8 text without '%%' (configparser would interpolate it) and without "
			      "leading or trailing blanks"), section, key, ini->file);
		rdm_error_remedy(err, _("choose another value"));
		return -1;
	}
	return 0;
}

/* Bytes of the text plus, when it does not end with one, a line ending. */
static void copy_with_final_eol(const struct ini *ini, struct buf *nb)
{
	buf_append(nb, buf_str(&ini->text), ini->text.len);
	if (ini->text.len > (ini->bom ? (size_t)LINES_BOM_LEN : 0) && !ini->final_eol)
		buf_puts(nb, ini->eol);
}

static void build_set(const struct ini *ini, const struct ini_entry *e, const char *section,
		      const char *key, const char *value, struct buf *nb)
{
	const char *d = buf_str(&ini->text);
	size_t len = ini->text.len;
	const struct ini_section *sec = ini_find_section(ini, section);
	if (e) { /* continuation lines of an old multi-line value go too */
		size_t to = e->end_line > e->line ? e->line_end : e->value_end;
		bool bare = e->value_start == e->value_end && (d[e->value_start - 1] == '=' ||
							      d[e->value_start - 1] == ':');
		struct buf r = BUF_INIT;
		buf_printf(&r, "%s%s", bare ? " " : "", value);
		lines_splice(nb, d, len, e->value_start, to, r.data, r.len);
		buf_free(&r);
	} else if (sec) {
		size_t at = sec->body_end;
		buf_append(nb, d, at);
		if (at == len && len && d[len - 1] != '\n')
			buf_puts(nb, ini->eol);
		buf_printf(nb, "%s = %s%s", key, value, ini->eol);
		buf_append(nb, d + at, len - at);
	} else {
		copy_with_final_eol(ini, nb);
		size_t head = ini->bom ? LINES_BOM_LEN : 0;
		if (nb->len > head) {
			size_t last = lines_line_start(nb->data, nb->len - 1);
			if (!lines_blank(nb->data, last, lines_line_end(nb->data, nb->len, last)))
				buf_puts(nb, ini->eol);
		}
		buf_printf(nb, "[%s]%s%s = %s%s", section, ini->eol, key, value, ini->eol);
	}
}

int ini_set(struct ini *ini, const char *section, const char *key, const char *value,
	    struct rdm_error *err)
{
	if (check_input(ini, section, key, value, err) < 0) {
		rdm_error_where(err, "%s", ini->file);
		return -1;
	}
	const struct ini_entry *e = ini_get(ini, section, key);
	if (e && strcmp(e->value, value) == 0)
		return 0;
	struct buf nb = BUF_INIT;
	build_set(ini, e, section, key, value, &nb);
	struct ini tmp;
	if (ini_reread(ini, &nb, &tmp, err) < 0)
		return -1;
	const char *got = ini_get_value(&tmp, section, key);
	if (!got || strcmp(got, value) != 0 || tmp.n_entries != ini->n_entries + (e ? 0 : 1)) {
		ini_free(&tmp);
		return rdm_error_set(err, _("internal error: %s.%s did not read back after editing %s"),
				     section, key, ini->file);
	}
	ini_replace(ini, &tmp);
	return 1;
}

int ini_remove(struct ini *ini, const char *section, const char *key, struct rdm_error *err)
{
	const struct ini_entry *e = ini_get(ini, section, key);
	if (!e)
		return 0;
	const char *d = buf_str(&ini->text);
	size_t len = ini->text.len;
	size_t end = lines_line_next(d, len, e->line_end);
	size_t start = lines_cut_start(d, len, e->line_start, end, 0);
	struct buf nb = BUF_INIT;
	lines_splice(&nb, d, len, start, end, "", 0);
	struct ini tmp;
	if (ini_reread(ini, &nb, &tmp, err) < 0)
		return -1;
	if (ini_get(&tmp, section, key) || tmp.n_entries + 1 != ini->n_entries) {
		ini_free(&tmp);
		return rdm_error_set(err, _("internal error: %s.%s is still set after removing it from %s"),
				     section, key, ini->file);
	}
	ini_replace(ini, &tmp);
	return 1;
}
