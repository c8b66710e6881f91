#include "config.h"
#include "s3/model/bucket_name.h"

#include <string.h>

#include "util/i18n.h"

static const char *const reserved_prefixes[] = { "xn--", "sthree-", "amzn-s3-demo-" };
static const char *const reserved_suffixes[] = { "-s3alias", "--ol-s3", ".mrap", "--x-s3" };

static int is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int has_suffix(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);
	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* "Formatted as an IP address": four dot-separated groups of 1-3 digits.
 * AWS gives 192.168.5.4 as the example; the value of each group does not
 * matter for the rule. */
static int looks_like_ipv4(const char *s)
{
	int groups = 0;
	while (*s) {
		size_t digits = 0;
		while (s[digits] >= '0' && s[digits] <= '9')
			digits++;
		if (digits == 0 || digits > 3)
			return 0;
		groups++;
		s += digits;
		if (*s == '.')
			s++;
		else if (*s)
			return 0;
		if (groups == 4)
			return *s == '\0' && s[-1] != '.';
	}
	return 0;
}

const char *s3_bucket_name_rule_text(enum s3_bucket_name_rule rule)
{
	switch (rule) {
	case S3_BUCKET_NAME_OK: return _("is valid");
	case S3_BUCKET_NAME_TOO_SHORT: return _("must be at least 3 characters long");
	case S3_BUCKET_NAME_TOO_LONG: return _("must be at most 63 characters long");
	case S3_BUCKET_NAME_UPPERCASE: return _("must not contain upper-case letters");
	case S3_BUCKET_NAME_BAD_CHAR:
		return _("may contain only lower-case letters, digits, dots (.) and hyphens (-)");
	case S3_BUCKET_NAME_BAD_START: return _("must begin with a letter or a digit");
	case S3_BUCKET_NAME_BAD_END: return _("must end with a letter or a digit");
	case S3_BUCKET_NAME_DOUBLE_DOT: return _("must not contain two adjacent dots (..)");
	case S3_BUCKET_NAME_IP_ADDRESS:
		return _("must not be formatted as an IP address (like 192.168.5.4)");
	case S3_BUCKET_NAME_RESERVED_PREFIX:
		return _("must not begin with the reserved prefixes xn--, sthree- or amzn-s3-demo-");
	case S3_BUCKET_NAME_RESERVED_SUFFIX:
		return _("must not end with the reserved suffixes -s3alias, --ol-s3, .mrap or --x-s3");
	}
	return "?";
}

static enum s3_bucket_name_rule check_chars(const char *name, size_t len, size_t *bad)
{
	for (size_t i = 0; i < len; i++) {
		char c = name[i];
		*bad = i;
		if (c >= 'A' && c <= 'Z')
			return S3_BUCKET_NAME_UPPERCASE;
		if (!is_lower_alnum(c) && c != '.' && c != '-')
			return S3_BUCKET_NAME_BAD_CHAR;
	}
	return S3_BUCKET_NAME_OK;
}

static enum s3_bucket_name_rule find_rule(const char *name, size_t len, size_t *bad)
{
	*bad = (size_t)-1;
	if (len < 3)
		return S3_BUCKET_NAME_TOO_SHORT;
	if (len > 63)
		return S3_BUCKET_NAME_TOO_LONG;
	enum s3_bucket_name_rule r = check_chars(name, len, bad);
	if (r != S3_BUCKET_NAME_OK)
		return r;
	*bad = (size_t)-1;
	if (!is_lower_alnum(name[0]))
		return S3_BUCKET_NAME_BAD_START;
	if (!is_lower_alnum(name[len - 1]))
		return S3_BUCKET_NAME_BAD_END;
	if (strstr(name, ".."))
		return S3_BUCKET_NAME_DOUBLE_DOT;
	if (looks_like_ipv4(name))
		return S3_BUCKET_NAME_IP_ADDRESS;
	for (size_t i = 0; i < sizeof reserved_prefixes / sizeof *reserved_prefixes; i++)
		if (strncmp(name, reserved_prefixes[i], strlen(reserved_prefixes[i])) == 0)
			return S3_BUCKET_NAME_RESERVED_PREFIX;
	for (size_t i = 0; i < sizeof reserved_suffixes / sizeof *reserved_suffixes; i++)
		if (has_suffix(name, len, reserved_suffixes[i]))
			return S3_BUCKET_NAME_RESERVED_SUFFIX;
	return S3_BUCKET_NAME_OK;
}

enum s3_bucket_name_rule s3_bucket_name_check(const char *name, struct rdm_error *err)
{
	if (!name)
		name = "";
	size_t len = strlen(name), bad;
	enum s3_bucket_name_rule r = find_rule(name, len, &bad);
	if (r == S3_BUCKET_NAME_OK || !err)
		return r;
	if (bad != (size_t)-1)
		rdm_error_set(err, _("bucket name \"%s\" %s (character %zu)"), name,
			      s3_bucket_name_rule_text(r), bad + 1);
	else
		rdm_error_set(err, _("bucket name \"%s\" %s"), name, s3_bucket_name_rule_text(r));
	rdm_error_where(err, "%s", _("bucket name"));
	rdm_error_remedy(err, "%s",
			 _("choose a name of 3-63 lower-case letters, digits and hyphens, "
			   "starting and ending with a letter or digit (e.g. \"default\" or "
			   "\"rdm-files\")"));
	return r;
}

int s3_bucket_name_virtual_host_safe(const char *name)
{
	size_t bad;
	if (!name)
		return 0;
	return find_rule(name, strlen(name), &bad) == S3_BUCKET_NAME_OK && !strchr(name, '.');
}
