/* Setup's draft: the operator's choices, their safe defaults, and the names
 * of the storage kinds (setup.h). */
#include "config.h"
#include "ops/setup/setup.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/secret.h"
#include "util/secret_io.h"
#include "util/xalloc.h"

static const char *const storage_names[SETUP_STORAGE__COUNT] = { "minio", "rustfs", "aws", "other" };
static const char *const storage_summaries[SETUP_STORAGE__COUNT] = {
	N_("the instance's own MinIO container (service s3 of docker-services.yml)"),
	N_("the instance's own RustFS container (service s3 of docker-services.yml)"),
	N_("Amazon S3"),
	N_("another S3-compatible server: Ceph RGW, Garage, SeaweedFS, ..."),
};

const char *setup_storage_name(enum setup_storage s)
{
	return (unsigned)s < SETUP_STORAGE__COUNT ? storage_names[s] : "?";
}

const char *setup_storage_summary(enum setup_storage s)
{
	return (unsigned)s < SETUP_STORAGE__COUNT ? _(storage_summaries[s]) : "?";
}

int setup_storage_parse(const char *word, enum setup_storage *out)
{
	for (int i = 0; i < SETUP_STORAGE__COUNT; i++)
		if (word && !strcmp(word, storage_names[i])) {
			*out = (enum setup_storage)i;
			return 0;
		}
	return -1;
}

int setup_storage_is_own_server(enum setup_storage s)
{
	return s == SETUP_STORAGE_MINIO || s == SETUP_STORAGE_RUSTFS;
}

void setup_draft_init(struct setup_draft *d)
{
	memset(d, 0, sizeof *d);
	d->storage = SETUP_STORAGE__COUNT; /* not chosen yet */
}

void setup_draft_clear_origins(struct setup_draft *d)
{
	for (size_t i = 0; i < d->n_cors_origins; i++)
		free(d->cors_origins[i]);
	free(d->cors_origins);
	d->cors_origins = NULL;
	d->n_cors_origins = 0;
}

void setup_draft_free(struct setup_draft *d)
{
	free(d->endpoint);
	free(d->region);
	free(d->bucket);
	free(d->access_key_id);
	secret_free(d->secret);
	setup_draft_clear_origins(d);
	free(d->site_url);
	free(d->location_name);
	memset(d, 0, sizeof *d);
}

void setup_draft_set(char **field, const char *value)
{
	free(*field);
	*field = value ? xstrdup(value) : NULL;
}

void setup_draft_set_secret(struct setup_draft *d, const char *secret)
{
	secret_free(d->secret);
	d->secret = secret ? xstrdup(secret) : NULL;
	d->secret_generated = 0;
}

void setup_draft_add_origin(struct setup_draft *d, const char *origin)
{
	for (size_t i = 0; i < d->n_cors_origins; i++)
		if (!strcmp(d->cors_origins[i], origin))
			return;
	d->cors_origins = xrealloc(d->cors_origins, (d->n_cors_origins + 1) * sizeof *d->cors_origins);
	d->cors_origins[d->n_cors_origins++] = xstrdup(origin);
}

int setup_draft_generate_secret(struct setup_draft *d, struct rdm_error *err)
{
	char *s = secret_generate(SECRET_GENERATED_LEN);
	if (!s)
		return rdm_error_set(err, _("cannot get random bytes from the kernel"));
	secret_free(d->secret);
	d->secret = s;
	d->secret_generated = 1;
	return 0;
}

void setup_draft_defaults(struct setup_draft *d, const struct setup_survey *sv)
{
	if (d->storage >= SETUP_STORAGE__COUNT)
		d->storage = sv->kind;
	if (!d->bucket)
		d->bucket = xstrdup(sv->bucket ? sv->bucket : SETUP_DEFAULT_BUCKET);
	if (!d->location_name)
		d->location_name = xstrdup(SETUP_DEFAULT_LOCATION);
	if (!d->n_cors_origins && sv->origin)
		setup_draft_add_origin(d, sv->origin);
	if (setup_storage_is_own_server(d->storage) && !d->access_key_id)
		d->access_key_id = xstrdup(sv->root_user && !sv->root_user_placeholder ? sv->root_user
										  : SETUP_DEFAULT_ROOT_USER);
	if (!setup_storage_is_own_server(d->storage) && !d->access_key_id && sv->access_key_id &&
	    !sv->access_key_placeholder && !sv->app_uses_root)
		d->access_key_id = xstrdup(sv->access_key_id);
}
