/* The config keys: table, validation, and writing one value everywhere it
 * belongs (see settings_edit.h). */
#include "config.h"
#include "instance/settings/settings_edit.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "instance/settings/settings_edit_int.h"
#include "instance/settings/settings_int.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static const struct config_key_info keys[KEY__COUNT] = {
	{ KEY_STORAGE_ENDPOINT, "storage.endpoint", 0, N_("S3 endpoint URL the app uses (S3_ENDPOINT_URL)") },
	{ KEY_STORAGE_REGION, "storage.region", 0, N_("region the app signs for (S3_REGION_NAME)") },
	{ KEY_STORAGE_BUCKET, "storage.bucket", 0, N_("bucket of the files location (.invenio [rdm-s3] bucket)") },
	{ KEY_STORAGE_ACCESS_KEY_ID, "storage.access-key-id", 0, N_("the app's access key (S3_ACCESS_KEY_ID)") },
	{ KEY_STORAGE_SECRET_ACCESS_KEY, "storage.secret-access-key", 1,
	  N_("the app's secret key (S3_SECRET_ACCESS_KEY)") },
	{ KEY_STORAGE_CREDENTIALS_IN, "storage.credentials-in", 0,
	  N_("env (.env, INVENIO_S3_*) or cfg (invenio.cfg): where the app's credentials live") },
	{ KEY_MINIO_ROOT_USER, "minio.root-user", 0, N_("MinIO's root user (MINIO_ROOT_USER)") },
	{ KEY_MINIO_ROOT_PASSWORD, "minio.root-password", 1, N_("MinIO's root password (MINIO_ROOT_PASSWORD)") },
	{ KEY_MINIO_CORS_ALLOW_ORIGIN, "minio.cors-allow-origin", 0,
	  N_("origins MinIO allows for CORS, comma-separated (MINIO_API_CORS_ALLOW_ORIGIN)") },
	{ KEY_STORAGE_CLIENT_COMPAT, "storage.client-compat", 0,
	  N_("on: boto sends checksums only when required, as non-AWS servers need (S3_CONFIG_EXTRA)") },
	{ KEY_STORAGE_CA_BUNDLE, "storage.ca-bundle", 0, N_("CA file the app trusts for the endpoint (S3_CA_BUNDLE)") },
	{ KEY_STORAGE_BUCKET_CORS_RULES, "storage.bucket-cors-rules", 0,
	  N_("CORS rules `invenio s3 create-bucket` puts on the bucket (S3_BUCKET_CORS_RULES)") },
	{ KEY_SITE_UI_URL, "site.ui-url", 0, N_("the site's address (SITE_UI_URL; SITE_API_URL follows)") },
};

const struct config_key_info *settings_key_at(size_t i) { return i < KEY__COUNT ? &keys[i] : NULL; }

/* The names of a RustFS service's root credentials: the same keys (they
 * edit the instance's own server, whichever it runs). */
static const struct config_key_info aliases[] = {
	{ KEY_MINIO_ROOT_USER, "rustfs.access-key", 0, N_("RustFS's root access key (RUSTFS_ACCESS_KEY)") },
	{ KEY_MINIO_ROOT_PASSWORD, "rustfs.secret-key", 1, N_("RustFS's root secret key (RUSTFS_SECRET_KEY)") },
};

const struct config_key_info *settings_key_find(const char *name)
{
	for (size_t i = 0; i < KEY__COUNT; i++)
		if (!strcmp(keys[i].name, name))
			return &keys[i];
	for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++)
		if (!strcmp(aliases[i].name, name))
			return &aliases[i];
	return NULL;
}

static int has_space_or_control(const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return 1;
	return 0;
}

/* What is wrong with the characters of a credential (NULL: nothing), so
 * that a refusal names the real problem, not the length rule. */
static const char *char_problem(const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p == ' ' || *p == '\t')
			return _("it contains a blank (space or tab); the files' quoting and MinIO do not keep blanks in "
			       "credentials");
		if (*p == '\n' || *p == '\r')
			return _("it contains a line break: a credential is one line");
		if (*p < ' ' || *p == 0x7f)
			return _("it contains a control character");
	}
	return NULL;
}

static int bad(struct rdm_error *err, enum config_key k, const char *remedy, const char *why)
{
	/* The message names the key; no `where`: a key is not a place (and
	 * "KEY: invalid value for KEY" would say it twice). */
	rdm_error_set(err, _("invalid value for %s: %s"), keys[k].name, why);
	rdm_error_remedy(err, "%s", remedy);
	return -1;
}

static int validate_url(enum config_key k, const char *v, struct rdm_error *err)
{
	const char *host = !strncmp(v, "http://", 7) ? v + 7 : !strncmp(v, "https://", 8) ? v + 8 : NULL;
	if (!host)
		return bad(err, k, _("give the scheme too, e.g. http://localhost:9000 or https://s3.eu-west-1.amazonaws.com"),
			   _("the endpoint URL must start with http:// or https://"));
	if (!*host || *host == '/' || *host == ':' || has_space_or_control(v))
		return bad(err, k, "e.g. http://localhost:9000", _("the endpoint URL has no host name"));
	return 0;
}

static int validate_cors(enum config_key k, const char *v, struct rdm_error *err)
{
	const char *fix = _("list origins separated by commas, without spaces or empty entries, e.g. "
			  "https://repo.example.org,https://127.0.0.1");
	if (!*v || has_space_or_control(v))
		return bad(err, k, fix, _("the origin list is empty or contains blanks"));
	for (const char *p = v;; p++) {
		size_t n = strcspn(p, ",");
		if (n == 0)
			return bad(err, k, fix, _("the origin list has an empty entry (MinIO rejects it as an invalid cors value)"));
		p += n;
		if (!*p)
			break;
	}
	return 0;
}

static int validate_region(enum config_key k, const char *v, struct rdm_error *err)
{
	if (!*v)
		return bad(err, k, _("e.g. us-east-1 or eu-west-1"), _("the region is empty"));
	for (const char *p = v; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
			return bad(err, k, _("e.g. us-east-1 or eu-west-1"),
				   _("a region name has only letters, digits, '-', '_' and '.'"));
	return 0;
}

int settings_key_validate(enum config_key key, const char *v, struct rdm_error *err)
{
	switch (key) {
	case KEY_STORAGE_ENDPOINT:
		return validate_url(key, v, err);
	case KEY_STORAGE_REGION:
		return validate_region(key, v, err);
	case KEY_STORAGE_BUCKET:
		if (!*v || has_space_or_control(v) || strchr(v, '%'))
			return bad(err, key, _("see the bucket naming rules: 3-63 characters a-z 0-9 . -"),
				   _("not a bucket name"));
		return 0;
	case KEY_STORAGE_ACCESS_KEY_ID:
	case KEY_STORAGE_SECRET_ACCESS_KEY:
		if (!*v)
			return bad(err, key, _("give the key exactly as the S3 service issued it"), _("the key is empty"));
		if (char_problem(v))
			return bad(err, key, _("give the key exactly as the S3 service issued it"), char_problem(v));
		return 0;
	case KEY_STORAGE_CREDENTIALS_IN:
		if (strcmp(v, "env") && strcmp(v, "cfg"))
			return bad(err, key, _("use env (recommended: .env, ignored by git) or cfg (invenio.cfg)"),
				   _("must be env or cfg"));
		return 0;
	case KEY_MINIO_ROOT_USER:
		if (char_problem(v))
			return bad(err, key, _("use at least 3 characters without blanks"), char_problem(v));
		if (strlen(v) < 3)
			return bad(err, key, _("use at least 3 characters without blanks"),
				   _("MinIO refuses to start with a root user shorter than 3 characters"));
		return 0;
	case KEY_MINIO_ROOT_PASSWORD:
		if (char_problem(v))
			return bad(err, key, _("use at least 8 characters without blanks, or --generate"), char_problem(v));
		if (strlen(v) < 8)
			return bad(err, key, _("use at least 8 characters without blanks, or --generate"),
				   _("MinIO refuses to start with a root password shorter than 8 characters"));
		return 0;
	case KEY_MINIO_CORS_ALLOW_ORIGIN:
		return validate_cors(key, v, err);
	case KEY_STORAGE_CLIENT_COMPAT:
		if (strcmp(v, "on") && strcmp(v, "off"))
			return bad(err, key, _("use on (every S3 server but Amazon S3) or off"), _("must be on or off"));
		return 0;
	case KEY_STORAGE_CA_BUNDLE:
		if (!*v || has_space_or_control(v))
			return bad(err, key, _("give the path of a PEM file, as the app sees it"),
				   _("the path is empty or contains blanks or control characters"));
		return 0;
	case KEY_STORAGE_BUCKET_CORS_RULES:
		if (!*v || v[0] != '[')
			return bad(err, key, _("give the rules as JSON, e.g. [{\"AllowedOrigins\": [\"https://repo.example.org\"], "
				   "\"AllowedMethods\": [\"GET\"]}]"), _("not a list of rules"));
		return 0;
	case KEY_SITE_UI_URL:
		if (validate_url(key, v, err) != 0)
			return -1;
		if (strchr(strstr(v, "://") + 3, '/') && v[strlen(v) - 1] != '/')
			return bad(err, key, _("give the site's address without a path, e.g. https://repo.example.org"),
				   _("InvenioRDM's site URL has no path"));
		return 0;
	case KEY__COUNT:
		break;
	}
	return rdm_error_set(err, _("unknown key"));
}

static int append_inner(struct buf *b, const char *text)
{
	size_t n = strlen(text);
	if (n < 2)
		return 0;
	buf_append(b, text + 1, n - 2);
	return 1;
}

void edit_mask_secret(struct plan *p, const char *v)
{
	struct buf b = BUF_INIT;
	struct rdm_error ignored = RDM_ERROR_INIT;
	if (!v || !*v || !strcmp(v, "CHANGE_ME"))
		return; /* the placeholder is no secret, and seeing it helps */
	plan_add_secret(p, v);
	const char quotes[] = { '\'', '"' };
	for (size_t i = 0; i < 2; i++) {
		struct buf q = BUF_INIT;
		if (pycfg_quote_str(&q, v, quotes[i], &ignored) == 0 && append_inner(&b, buf_str(&q)))
			plan_add_secret(p, buf_str(&b));
		buf_truncate(&b, 0);
		buf_free_secret(&q);
	}
	for (const char *c = v; *c; c++) { /* compose: $ doubled; "…" escapes */
		if (*c == '$')
			buf_puts(&b, "$$");
		else if (*c == '\\' || *c == '"')
			buf_printf(&b, "\\%c", *c);
		else
			buf_putc(&b, *c);
	}
	plan_add_secret(p, buf_str(&b));
	buf_free_secret(&b);
	rdm_error_clear(&ignored);
}

const struct setting_source *edit_file_source(const struct settings *s, enum setting_id id)
{
	const struct setting *st = &s->v[id];
	for (size_t i = 0; i < st->n_sources; i++)
		if (st->sources[i].origin.kind == INST_ORIGIN_FILE && st->sources[i].kind != SRC_DEFAULT)
			return &st->sources[i];
	return NULL;
}

enum edit_target edit_creds_target(const struct settings *s)
{
	static const enum setting_id ids[] = { SET_S3_ACCESS_KEY_ID, SET_S3_SECRET_ACCESS_KEY };
	for (size_t k = 0; k < 2; k++)
		if (settings_source(s, ids[k], SRC_DOTENV) ||
		    (settings_source(s, ids[k], SRC_APP_SERVICE) && settings_source(s, ids[k], SRC_APP_SERVICE)->raw))
			return TARGET_ENV;
	return TARGET_CFG;
}
