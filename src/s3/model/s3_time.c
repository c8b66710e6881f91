#include "config.h"
#include "s3/model/s3_error.h"

#include <string.h>
#include <time.h>

/* Hand-written on purpose: strptime's %a/%b follow LC_TIME, and the Date
 * header is always English. */

static int take_digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int take(const char **p, char c)
{
	if (**p != c)
		return -1;
	(*p)++;
	return 0;
}

static int take_hms(const char **p, int sep, struct tm *tm)
{
	if (take_digits(p, 2, &tm->tm_hour))
		return -1;
	if (sep && take(p, ':'))
		return -1;
	if (take_digits(p, 2, &tm->tm_min))
		return -1;
	if (sep && take(p, ':'))
		return -1;
	return take_digits(p, 2, &tm->tm_sec);
}

static int parse_iso(const char *p, struct tm *tm)
{
	int ext = p[4] == '-';
	if (take_digits(&p, 4, &tm->tm_year) || (ext && take(&p, '-')) ||
	    take_digits(&p, 2, &tm->tm_mon) || (ext && take(&p, '-')) ||
	    take_digits(&p, 2, &tm->tm_mday) || take(&p, 'T') || take_hms(&p, ext, tm))
		return -1;
	if (ext && *p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (strcmp(p, "Z") != 0 && !(ext && strcmp(p, "+00:00") == 0))
		return -1;
	tm->tm_mon -= 1;
	return 0;
}

static int parse_rfc1123(const char *p, struct tm *tm)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	const char *comma = strchr(p, ',');
	if (!comma || comma - p != 3)
		return -1;
	p = comma + 1;
	if (take(&p, ' ') || take_digits(&p, 2, &tm->tm_mday) || take(&p, ' '))
		return -1;
	const char *m = strlen(p) >= 3 ? strstr(months, (char[4]){ p[0], p[1], p[2], 0 }) : NULL;
	if (!m || (m - months) % 3)
		return -1;
	tm->tm_mon = (int)(m - months) / 3;
	p += 3;
	if (take(&p, ' ') || take_digits(&p, 4, &tm->tm_year) || take(&p, ' ') ||
	    take_hms(&p, 1, tm))
		return -1;
	return strcmp(p, " GMT") == 0 || strcmp(p, " UTC") == 0 ? 0 : -1;
}

int s3_time_parse(const char *s, time_t *out)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	int rc = (*s >= '0' && *s <= '9') ? (strlen(s) > 4 ? parse_iso(s, &tm) : -1)
					  : parse_rfc1123(s, &tm);
	if (rc || tm.tm_year < 1970 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
	    tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
		return -1;
	tm.tm_year -= 1900;
	*out = timegm(&tm);
	return 0;
}
