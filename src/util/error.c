#include "config.h"
#include "util/error.h"
#include "util/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/buf.h"
#include "util/xalloc.h"

static char *vformat(const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	return buf_detach(&b);
}

int rdm_error_set(struct rdm_error *err, const char *fmt, ...)
{
	if (!err)
		return -1;
	rdm_error_clear(err);
	va_list ap;
	va_start(ap, fmt);
	err->message = vformat(fmt, ap);
	va_end(ap);
	return -1;
}

/* Formats first, so an argument may be the old text itself. */
static void replace(char **slot, const char *fmt, va_list ap)
{
	char *text = vformat(fmt, ap);
	free(*slot);
	*slot = text;
}

void rdm_error_where(struct rdm_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	replace(&err->where, fmt, ap);
	va_end(ap);
}

void rdm_error_remedy(struct rdm_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	replace(&err->remedy, fmt, ap);
	va_end(ap);
}

void rdm_error_prefix(struct rdm_error *err, const char *fmt, ...)
{
	if (!err)
		return;
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (err->message)
		buf_printf(&b, ": %s", err->message);
	free(err->message);
	err->message = buf_detach(&b);
}

void rdm_error_clear(struct rdm_error *err)
{
	if (!err)
		return;
	free(err->message);
	free(err->where);
	free(err->remedy);
	err->message = err->where = err->remedy = NULL;
}

char *rdm_error_format(const struct rdm_error *err)
{
	struct buf b = BUF_INIT;
	if (err->where)
		buf_printf(&b, "%s: ", err->where);
	buf_puts(&b, err->message ? err->message : _("unknown error"));
	if (err->remedy)
		buf_printf(&b, _("\n  fix: %s"), err->remedy);
	return buf_detach(&b);
}
