/* Keys and commands from a script (see keys.h for the format). The file is
 * parsed into a list of inputs up front, so a typo fails before the first
 * frame instead of half way through a test. */
#include "config.h"
#include "tui/shell/keys.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

struct script {
	struct tui_keys base;
	struct tui_input *items;
	size_t n, cap, next;
};

static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Enter", '\r' }, { "Esc", 27 }, { "Tab", '\t' }, { "S-Tab", KEY_BTAB },
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "Home", KEY_HOME }, { "End", KEY_END }, { "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE },
	{ "BS", KEY_BACKSPACE }, { "Del", KEY_DC }, { "Space", ' ' }, { "C-c", TUI_KEY_INTERRUPT },
	{ "lt", '<' },
};

static void add(struct script *s, const struct tui_input *in)
{
	s->items = xgrow(s->items, &s->cap, s->n + 1, sizeof *s->items);
	s->items[s->n++] = *in;
}

static void add_key(struct script *s, int key)
{
	struct tui_input in = { TUI_INPUT_KEY, key, 0, 0, NULL };
	add(s, &in);
}

/* <Name> without the brackets; -1 when unknown. */
static int named_key(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strlen(key_names[i].name) == n && !strncmp(key_names[i].name, name, n))
			return key_names[i].key;
	if (n == 3 && name[0] == 'C' && name[1] == '-' && name[2] >= 'a' && name[2] <= 'z')
		return TUI_KEY_CTRL(name[2]);
	if (n >= 2 && n <= 3 && name[0] == 'F') {
		int f = atoi(name + 1);
		if (f >= 1 && f <= 12)
			return KEY_F(f);
	}
	return -1;
}

static int parse_keys(struct script *s, const char *line, const char *where, struct rdm_error *err)
{
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	for (const char *p = line; *p;) {
		if (*p == '<') {
			const char *end = strchr(p, '>');
			int key = end ? named_key(p + 1, (size_t)(end - p - 1)) : -1;
			if (key < 0) {
				rdm_error_set(err, _("unknown key name in '%s'"), p);
				rdm_error_where(err, "%s", where);
				rdm_error_remedy(err, _("write keys as characters or <Enter>, <Esc>, <Tab>, "
							"<S-Tab>, <Up>, <Down>, <F2>, <C-c>, <lt> ..."));
				return -1;
			}
			add_key(s, key);
			p = end + 1;
			continue;
		}
		wchar_t wc;
		size_t r = mbrtowc(&wc, p, strlen(p), &ps);
		if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
			rdm_error_set(err, _("the script is not valid text in this locale"));
			rdm_error_where(err, "%s", where);
			return -1;
		}
		add_key(s, wc < 128 ? (int)wc : TUI_KEY_WCHAR(wc));
		p += r;
	}
	return 0;
}

static int parse_command(struct script *s, const char *line, const char *where, struct rdm_error *err)
{
	struct tui_input in = { TUI_INPUT_QUIT, 0, 0, 0, NULL };
	const char *arg = strchr(line, ' ');
	size_t n = arg ? (size_t)(arg - line) : strlen(line);
	while (arg && *arg == ' ')
		arg++;
	if (n == 12 && !strncmp(line, ":save-screen", n) && arg && *arg) {
		in.kind = TUI_INPUT_SAVE_SCREEN;
		in.arg = xstrdup(arg);
	} else if (n == 7 && !strncmp(line, ":resize", n) && arg &&
		   sscanf(arg, "%dx%d", &in.cols, &in.lines) == 2 && in.cols > 0 && in.lines > 0) {
		in.kind = TUI_INPUT_RESIZE;
	} else if (n == 10 && !strncmp(line, ":wait-idle", n) && !arg) {
		in.kind = TUI_INPUT_WAIT_IDLE;
	} else if (n == 5 && !strncmp(line, ":quit", n) && !arg) {
		in.kind = TUI_INPUT_QUIT;
	} else {
		rdm_error_set(err, _("unknown script command '%s'"), line);
		rdm_error_where(err, "%s", where);
		rdm_error_remedy(err, _("use :save-screen FILE, :resize COLSxLINES, :wait-idle or :quit"));
		return -1;
	}
	add(s, &in);
	return 0;
}

static int script_fd(const struct tui_keys *k)
{
	(void)k;
	return -1;
}

static int script_next(struct tui_keys *k, struct tui_input *in)
{
	struct script *s = (struct script *)k;
	if (s->next >= s->n)
		return -1;
	*in = s->items[s->next++];
	return 1;
}

static void script_free(struct tui_keys *k)
{
	struct script *s = (struct script *)k;
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		free(s->items[i].arg);
	free(s->items);
	free(s);
}

struct tui_keys *tui_keys_script_parse(const char *text, const char *name, struct rdm_error *err)
{
	struct script *s = xcalloc(1, sizeof *s);
	s->base.fd = script_fd;
	s->base.next = script_next;
	s->base.free = script_free;
	unsigned lineno = 0;
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, n && p[n - 1] == '\r' ? n - 1 : n);
		char *where = xasprintf("%s:%u", name, ++lineno);
		int rc = 0;
		if (line[0] == ':')
			rc = parse_command(s, line, where, err);
		else if (line[0] && line[0] != '#')
			rc = parse_keys(s, line, where, err);
		free(line);
		free(where);
		if (rc != 0) {
			script_free(&s->base);
			return NULL;
		}
		p += n + (nl != NULL);
	}
	return &s->base;
}

struct tui_keys *tui_keys_script_new(const char *path, struct rdm_error *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		rdm_error_set(err, _("cannot read the key script %s: %s"), path, strerror(errno));
		return NULL;
	}
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	struct tui_keys *k = tui_keys_script_parse(buf_str(&b), path, err);
	buf_free(&b);
	return k;
}
