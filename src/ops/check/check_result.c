/* Check results: status names and severities, and the small API every
 * verdict reports through (note a finding, skip, record a setting used). */
#include "config.h"
#include "ops/check/check.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const char *const status_names[CHECK_STATUS_COUNT] = {
	[CHECK_OK] = "ok",           [CHECK_INFO] = "info",
	[CHECK_WARN] = "warning",    [CHECK_CRIT] = "critical",
	[CHECK_UNKNOWN] = "unknown", [CHECK_SKIPPED] = "skipped",
};

static const char *const status_labels[CHECK_STATUS_COUNT] = {
	[CHECK_OK] = "OK",           [CHECK_INFO] = "INFO",
	[CHECK_WARN] = "WARN",       [CHECK_CRIT] = "CRIT",
	[CHECK_UNKNOWN] = "UNKNOWN", [CHECK_SKIPPED] = "SKIPPED",
};

const char *check_status_name(enum check_status s)
{
	return (unsigned)s < CHECK_STATUS_COUNT ? status_names[s] : "unknown";
}

const char *check_status_label(enum check_status s)
{
	return (unsigned)s < CHECK_STATUS_COUNT ? status_labels[s] : "UNKNOWN";
}

int check_status_rank(enum check_status s)
{
	switch (s) {
	case CHECK_OK: return 0;
	case CHECK_INFO: return 1;
	case CHECK_UNKNOWN: return 2;
	case CHECK_WARN: return 3;
	case CHECK_CRIT: return 4;
	case CHECK_SKIPPED: return -1;
	}
	return 2;
}

enum check_status check_status_worse(enum check_status a, enum check_status b)
{
	return check_status_rank(b) > check_status_rank(a) ? b : a;
}

int check_status_exit_code(enum check_status s)
{
	switch (s) {
	case CHECK_WARN: return 1;
	case CHECK_CRIT: return 2;
	case CHECK_UNKNOWN: return 3;
	case CHECK_OK:
	case CHECK_INFO:
	case CHECK_SKIPPED: return 0;
	}
	return 3;
}

void check_result_init(struct check_result *r, const struct check *c)
{
	memset(r, 0, sizeof(*r));
	r->id = c ? c->id : "";
	r->title = c ? _(c->title) : "";
	r->status = CHECK_OK;
	r->latency_seconds = -1.0;
}

void check_result_clear(struct check_result *r)
{
	free(r->message);
	free(r->remedy);
	for (size_t i = 0; i < r->n_settings; i++)
		free(r->settings[i]);
	free(r->settings);
	memset(r, 0, sizeof(*r));
}

/* Appends text to a NUL-terminated string owned by the result, with sep in
 * between when the string is not empty. */
static void append_owned(char **dst, const char *sep, const char *text)
{
	char *joined = *dst ? xasprintf("%s%s%s", *dst, sep, text) : xstrdup(text);
	free(*dst);
	*dst = joined;
}

/* Whether text holds line as one of its '\n'-separated lines (several
 * findings often share a remedy; it is shown once). */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; p && *p;) {
		size_t len = strcspn(p, "\n");
		if (len == n && strncmp(p, line, n) == 0)
			return 1;
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

void check_result_note(struct check_result *r, enum check_status s, const char *remedy,
		       const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	append_owned(&r->message, "; ", buf_str(&msg));
	buf_free(&msg);
	if (remedy && *remedy && !has_line(r->remedy, remedy))
		append_owned(&r->remedy, "\n", remedy);
	if (r->status == CHECK_SKIPPED)
		r->status = s;
	else
		r->status = check_status_worse(r->status, s);
}

void check_result_skip(struct check_result *r, int blocks, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	free(r->message);
	free(r->remedy);
	r->remedy = NULL;
	r->message = buf_detach(&msg);
	r->status = CHECK_SKIPPED;
	r->blocks = blocks;
	r->fixes = 0;
}

void check_result_setting(struct check_result *r, const char *name, const struct check_setting *s)
{
	const char *value;
	char *line;
	if (!s || !s->value)
		value = _("(not set)");
	else if (s->secret)
		value = secret_mask(s->value);
	else
		value = s->value;
	if (s && s->where)
		line = xasprintf("%s = %s (%s)", name, value, s->where);
	else
		line = xasprintf("%s = %s", name, value);
	r->settings = xgrow(r->settings, &r->cap_settings, r->n_settings + 1, sizeof(*r->settings));
	r->settings[r->n_settings++] = line;
}
