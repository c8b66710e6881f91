/* The readable check table. Colours only when the caller asks; every byte
 * that comes from configuration or servers is made printable first, so a
 * hostile value cannot drive the terminal. */
#include "config.h"
#include "ops/check/report.h"
#include "util/i18n.h"

#include <string.h>

#define ID_WIDTH 14
#define STATUS_WIDTH 8
#define LATENCY_WIDTH 9
/* The message column: id, status, latency (LATENCY_WIDTH - 2 wide), two spaces. */
#define MSG_COL (ID_WIDTH + STATUS_WIDTH + LATENCY_WIDTH - 2 + 2)

static const char *const colours[CHECK_STATUS_COUNT] = {
	[CHECK_OK] = "\033[32m",      [CHECK_INFO] = "\033[36m",
	[CHECK_WARN] = "\033[33m",    [CHECK_CRIT] = "\033[1;31m",
	[CHECK_UNKNOWN] = "\033[35m", [CHECK_SKIPPED] = "\033[2m",
};

/* Appends n bytes of s with control characters replaced by '?'. */
static void put_clean(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		buf_putc(out, (c < 0x20 || c == 0x7f) ? '?' : (char)c);
	}
}

static void put_latency(struct buf *out, double seconds)
{
	if (seconds < 0) {
		buf_printf(out, "%*s", LATENCY_WIDTH - 2, "-");
		return;
	}
	/* Integer arithmetic: printf("%f") would follow LC_NUMERIC. */
	long ms = (long)(seconds * 1000.0 + 0.5);
	if (ms < 1)
		buf_printf(out, "%*s", LATENCY_WIDTH - 2, "<1 ms");
	else if (ms < 1000)
		buf_printf(out, "%*ld ms", LATENCY_WIDTH - 5, ms);
	else
		buf_printf(out, "%*ld.%01ld s", LATENCY_WIDTH - 6, ms / 1000, (ms % 1000) / 100);
}

static void put_status(struct buf *out, enum check_status s, int color)
{
	const char *label = check_status_label(s);
	if (color && (unsigned)s < CHECK_STATUS_COUNT)
		buf_printf(out, "%s%s\033[0m", colours[s], label);
	else
		buf_puts(out, label);
	buf_printf(out, "%*s", (int)(STATUS_WIDTH - strlen(label)), "");
}

/* Lines of a '\n'-separated text, the first after `first`, the others
 * after as many spaces. */
static void put_lines(struct buf *out, const char *text, const char *first)
{
	const char *p = text;
	int i = 0;
	while (*p) {
		size_t n = strcspn(p, "\n");
		buf_printf(out, "%*s%s%*s", MSG_COL, "", i ? "" : first, i ? (int)strlen(first) : 0, "");
		put_clean(out, p, n);
		buf_putc(out, '\n');
		p += n;
		if (*p == '\n')
			p++;
		i++;
	}
}

static void put_row(struct buf *out, const struct check_result *r,
		    const struct report_text_options *opt)
{
	buf_printf(out, "%-*s", ID_WIDTH, r->id);
	put_status(out, r->status, opt && opt->color);
	put_latency(out, r->latency_seconds);
	buf_puts(out, "  ");
	put_clean(out, r->message ? r->message : "", (size_t)-1);
	buf_putc(out, '\n');
	if (r->remedy && r->status != CHECK_OK)
		put_lines(out, r->remedy, _("fix: "));
	for (size_t i = 0; opt && opt->show_settings && i < r->n_settings; i++)
		put_lines(out, r->settings[i], _("uses: "));
}

static void put_summary(struct buf *out, const struct check_report *rep)
{
	size_t c[CHECK_STATUS_COUNT];
	check_report_count(rep, c);
	buf_printf(out, _("%zu checks: %zu ok, %zu info, %zu warning, %zu critical, %zu unknown, "
		   "%zu skipped\n"), rep->n, c[CHECK_OK], c[CHECK_INFO], c[CHECK_WARN], c[CHECK_CRIT],
		   c[CHECK_UNKNOWN], c[CHECK_SKIPPED]);
}

void report_text(struct buf *out, const struct check_report *reps, size_t n,
		 const struct report_text_options *opt)
{
	for (size_t i = 0; i < n; i++) {
		const struct check_report *rep = &reps[i];
		if (i)
			buf_putc(out, '\n');
		buf_puts(out, _("Instance: "));
		put_clean(out, rep->instance ? rep->instance : "", (size_t)-1);
		buf_putc(out, '\n');
		buf_printf(out, "%-*s%-*s%*s  %s\n", ID_WIDTH, "CHECK", STATUS_WIDTH, "STATUS",
			   LATENCY_WIDTH - 2, "LATENCY", "MESSAGE");
		for (size_t k = 0; k < rep->n; k++)
			put_row(out, &rep->results[k], opt);
		put_summary(out, rep);
	}
}
