/* Reading an s3_status in verdicts, plus small text helpers. Only the
 * fields of struct s3_status are used (no s3 functions), so the checks do
 * not depend on how the backend is linked. Also the verdicts' common
 * instance preamble. */
#include "config.h"
#include "ops/check/check_util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/xalloc.h"
#include "util/i18n.h"

int check_s3_ok(const struct s3_status *st)
{
	return st->transport == S3_TRANSPORT_OK && st->http_status >= 200 && st->http_status < 300;
}

int check_s3_code_is(const struct s3_status *st, const char *code)
{
	return st->code && strcmp(st->code, code) == 0;
}

const char *check_transport_name(enum s3_transport_error e)
{
	switch (e) {
	case S3_TRANSPORT_OK: return _("answered");
	case S3_TRANSPORT_DNS: return _("DNS lookup failed");
	case S3_TRANSPORT_REFUSED: return _("connection refused");
	case S3_TRANSPORT_CONNECT: return _("could not connect");
	case S3_TRANSPORT_TIMEOUT: return _("timed out");
	case S3_TRANSPORT_TLS_VERIFY: return _("TLS certificate not trusted");
	case S3_TRANSPORT_TLS: return _("TLS handshake failed");
	case S3_TRANSPORT_TOO_LARGE: return _("answer too large");
	case S3_TRANSPORT_OTHER: return _("transfer failed");
	}
	return _("transfer failed");
}

char *check_s3_describe(const struct s3_status *st)
{
	if (st->transport != S3_TRANSPORT_OK) {
		if (st->transport_detail && *st->transport_detail)
			return xasprintf("%s (%s)", check_transport_name(st->transport),
					 st->transport_detail);
		return xstrdup(check_transport_name(st->transport));
	}
	if (st->code && st->message && *st->message)
		return xasprintf(_("HTTP %ld %s: %s"), st->http_status, st->code, st->message);
	if (st->code)
		return xasprintf(_("HTTP %ld %s"), st->http_status, st->code);
	return xasprintf(_("HTTP %ld"), st->http_status);
}

void check_note_s3_failure(struct check_result *r, enum check_status s, const char *what,
			   const struct s3_status *st, const char *fallback_remedy)
{
	char *desc = check_s3_describe(st);
	const char *remedy = st->remedy && *st->remedy ? st->remedy : fallback_remedy;
	if (st->explanation && *st->explanation)
		check_result_note(r, s, remedy, _("%s failed: %s. %s"), what, desc, st->explanation);
	else
		check_result_note(r, s, remedy, _("%s failed: %s"), what, desc);
	free(desc);
}

void check_format_utc(time_t t, char *out, size_t size)
{
	struct tm tm;
	if (!gmtime_r(&t, &tm) || strftime(out, size, "%Y-%m-%d %H:%M UTC", &tm) == 0) {
		if (size)
			out[0] = '\0';
	}
}

const char *check_list_next(const char **p, size_t *len)
{
	const char *s = *p;
	while (*s == ',' || isspace((unsigned char)*s))
		s++;
	if (!*s) {
		*p = s;
		return NULL;
	}
	size_t n = strcspn(s, ",");
	size_t m = n;
	while (m && isspace((unsigned char)s[m - 1]))
		m--;
	*p = s + n;
	*len = m;
	return s;
}

int check_header_list_has(const char *list, const char *token, int star_matches)
{
	size_t tlen = strlen(token), m;
	const char *p = list, *item;
	if (!list)
		return 0;
	while ((item = check_list_next(&p, &m)) != NULL)
		if ((m == tlen && strncasecmp(item, token, tlen) == 0) ||
		    (star_matches && m == 1 && *item == '*'))
			return 1;
	return 0;
}

int check_instance_usable(const struct check_instance_facts *in, struct check_result *r)
{
	if (!in->present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("the instance configuration was not read"));
		return 0;
	}
	if (!in->found) {
		check_result_skip(r, 0, _("skipped: no instance folder"));
		return 0;
	}
	return 1;
}
