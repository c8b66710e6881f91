/* Reading .invenio / .invenio.private as Python's configparser does (the
 * defaults invenio-cli uses): sections, `key = value` / `key: value`,
 * full-line comments, indented continuation lines, strict duplicates. */
#include "config.h"
#include "instance/ini/ini_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "instance/lines_text.h"
#include "util/xalloc.h"
#include "util/i18n.h"

struct iscan {
	struct ini *ini;
	const char *d;
	size_t len;
	size_t cap_sec, cap_ent;
	unsigned line;
	long cur_entry; /* index of the option that may continue, or -1 */
	size_t entry_indent;
	unsigned blank_run; /* blank lines since the entry's last line */
	struct rdm_error *err;
};

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r';
}

static int iscan_error(struct iscan *s, const char *msg, const char *remedy)
{
	rdm_error_set(s->err, "%s: %s", s->ini->file, msg);
	rdm_error_where(s->err, "%s:%u", s->ini->file, s->line);
	rdm_error_remedy(s->err, "%s", remedy);
	return -1;
}

const struct ini_section *ini_find_section(const struct ini *ini, const char *name)
{
	for (size_t i = 0; i < ini->n_sections; i++)
		if (strcmp(ini->sections[i].name, name) == 0)
			return &ini->sections[i];
	return NULL;
}

static int add_section(struct iscan *s, size_t ls, const char *name, size_t next)
{
	struct ini *ini = s->ini;
	if (ini_find_section(ini, name)) {
		rdm_error_set(s->err, _("%s: section [%s] appears twice (configparser refuses that)"),
			      ini->file, name);
		rdm_error_where(s->err, "%s:%u", ini->file, s->line);
		rdm_error_remedy(s->err, _("merge the two [%s] sections into one"), name);
		return -1;
	}
	ini->sections = xgrow(ini->sections, &s->cap_sec, ini->n_sections + 1, sizeof(*ini->sections));
	struct ini_section *sec = &ini->sections[ini->n_sections++];
	sec->name = xstrdup(name);
	sec->line = s->line;
	sec->header_start = ls;
	sec->body_end = next;
	s->cur_entry = -1;
	return 0;
}

static int add_entry(struct iscan *s, size_t ls, size_t fnb, size_t le)
{
	struct ini *ini = s->ini;
	struct ini_section *sec = &ini->sections[ini->n_sections - 1];
	size_t delim = fnb;
	while (delim < le && s->d[delim] != '=' && s->d[delim] != ':')
		delim++;
	if (delim == le)
		return iscan_error(s, _("a line is neither [section], key = value nor a comment"),
				   _("write it as key = value, or start it with '#' to make it a comment"));
	size_t ke = delim, vs = delim + 1, ve = le;
	while (ke > fnb && blank(s->d[ke - 1]))
		ke--;
	while (vs < le && blank(s->d[vs]))
		vs++;
	while (ve > vs && blank(s->d[ve - 1]))
		ve--;
	if (ke == fnb)
		return iscan_error(s, _("a line has a value but no key"), _("write it as key = value"));
	char *key = xstrndup(s->d + fnb, ke - fnb);
	if (ini_get(ini, sec->name, key)) {
		rdm_error_set(s->err, _("%s: option '%s' appears twice in [%s] (configparser refuses that)"),
			      ini->file, key, sec->name);
		rdm_error_where(s->err, "%s:%u", ini->file, s->line);
		rdm_error_remedy(s->err, _("keep only one '%s' line in [%s]"), key, sec->name);
		free(key);
		return -1;
	}
	ini->entries = xgrow(ini->entries, &s->cap_ent, ini->n_entries + 1, sizeof(*ini->entries));
	struct ini_entry *e = &ini->entries[ini->n_entries];
	memset(e, 0, sizeof(*e));
	e->section = xstrdup(sec->name);
	e->key = key;
	e->value = xstrndup(s->d + vs, ve - vs);
	e->line = e->end_line = s->line;
	e->line_start = ls;
	e->line_end = le;
	e->value_start = vs;
	e->value_end = ve;
	inst_origin_set_file(&e->origin, ini->file, e->line);
	s->cur_entry = (long)ini->n_entries++;
	s->entry_indent = fnb - ls;
	s->blank_run = 0;
	sec->body_end = lines_line_next(s->d, s->len, le);
	return 0;
}

static void continue_entry(struct iscan *s, size_t fnb, size_t le)
{
	struct ini_entry *e = &s->ini->entries[s->cur_entry];
	size_t ve = le;
	while (ve > fnb && blank(s->d[ve - 1]))
		ve--;
	struct buf v = BUF_INIT;
	buf_puts(&v, e->value);
	for (unsigned i = 0; i <= s->blank_run; i++)
		buf_putc(&v, '\n');
	buf_append(&v, s->d + fnb, ve - fnb);
	free(e->value);
	e->value = buf_detach(&v);
	e->end_line = s->line;
	e->line_end = le;
	s->blank_run = 0;
	s->ini->sections[s->ini->n_sections - 1].body_end = lines_line_next(s->d, s->len, le);
}

static int scan_line(struct iscan *s, size_t ls, size_t le)
{
	size_t fnb = ls;
	while (fnb < le && blank(s->d[fnb]))
		fnb++;
	if (fnb == le) {
		s->blank_run++;
		return 0;
	}
	if (s->d[fnb] == '#' || s->d[fnb] == ';')
		return 0;
	if (s->cur_entry >= 0 && fnb - ls > s->entry_indent) {
		continue_entry(s, fnb, le);
		return 0;
	}
	if (s->d[fnb] == '[') {
		size_t close = le;
		while (close > fnb + 1 && s->d[close - 1] != ']')
			close--;
		if (close > fnb + 2) {
			char *name = xstrndup(s->d + fnb + 1, close - fnb - 2);
			int rc = add_section(s, ls, name, lines_line_next(s->d, s->len, le));
			free(name);
			return rc;
		}
	}
	if (!s->ini->n_sections)
		return iscan_error(s, _("a setting comes before any [section] header"),
				   _("put a [section] line (e.g. [cli]) before it"));
	return add_entry(s, ls, fnb, le);
}

static int ini_scan(struct ini *ini, struct rdm_error *err)
{
	struct iscan s = { ini, buf_str(&ini->text), ini->text.len, 0, 0, 1, -1, 0, 0, err };
	size_t pos = ini->bom ? LINES_BOM_LEN : 0;
	while (pos < s.len) {
		size_t le = lines_line_end(s.d, s.len, pos);
		if (scan_line(&s, pos, le) < 0)
			return -1;
		pos = lines_line_next(s.d, s.len, pos);
		s.line++;
	}
	return 0;
}

void ini_init_empty(struct ini *ini, const char *file)
{
	memset(ini, 0, sizeof(*ini));
	ini->file = xstrdup(file);
	ini->eol = "\n";
	ini->final_eol = true;
}

void ini_free(struct ini *ini)
{
	for (size_t i = 0; i < ini->n_entries; i++) {
		free(ini->entries[i].section);
		free(ini->entries[i].key);
		free(ini->entries[i].value);
		inst_origin_clear(&ini->entries[i].origin);
	}
	for (size_t i = 0; i < ini->n_sections; i++)
		free(ini->sections[i].name);
	free(ini->entries);
	free(ini->sections);
	buf_free(&ini->text);
	free(ini->file);
	memset(ini, 0, sizeof(*ini));
	ini->eol = "\n";
}

int ini_parse(struct ini *ini, const char *file, const char *data, size_t len,
	      struct rdm_error *err)
{
	ini_init_empty(ini, file);
	if (lines_text_check(file, _("INI file"), data, len, err) < 0) {
		ini_free(ini);
		return -1;
	}
	buf_append(&ini->text, data, len);
	struct lines_form form;
	lines_form_detect(data, len, &form);
	ini->bom = form.bom;
	ini->eol = form.eol;
	ini->final_eol = form.final_eol;
	if (ini_scan(ini, err) < 0) {
		ini_free(ini);
		return -1;
	}
	return 0;
}

const struct ini_entry *ini_get(const struct ini *ini, const char *section, const char *key)
{
	for (size_t i = 0; i < ini->n_entries; i++)
		if (strcmp(ini->entries[i].section, section) == 0 &&
		    strcasecmp(ini->entries[i].key, key) == 0)
			return &ini->entries[i];
	return NULL;
}

const char *ini_get_value(const struct ini *ini, const char *section, const char *key)
{
	const struct ini_entry *e = ini_get(ini, section, key);
	return e ? e->value : NULL;
}

bool ini_has_section(const struct ini *ini, const char *section)
{
	return ini_find_section(ini, section) != NULL;
}
