/* wiring: FILES_REST_STORAGE_FACTORY is the S3 factory when S3 is
 * configured (and the reverse), and .invenio's file_storage agrees, since
 * invenio-cli picks the default files location (s3://default or a local
 * folder) from it. */
#include "config.h"
#include "ops/check/check_list.h"

#include <string.h>
#include <strings.h>

#include "ops/check/check_util.h"
#include "util/i18n.h"

#define S3_FACTORY "invenio_s3.s3fs_storage_factory"
#define PYFS_FACTORY "invenio_files_rest.storage.pyfs_storage_factory"

static const char *const wiring_deps[] = { "instance", NULL };

static void note_storage_flag(const struct check_instance_facts *in, struct check_result *r,
			      int s3_factory)
{
	const char *fs = in->file_storage.value;
	if (!fs)
		return;
	int says_s3 = strcasecmp(fs, "S3") == 0;
	if (s3_factory && !says_s3)
		check_result_note(r, CHECK_WARN, _("set file_storage = S3 in the [cookiecutter] "
				  "section of .invenio"), _(".invenio says file_storage = %s but the app "
				  "stores files in S3: `invenio-cli services setup` would create a local "
				  "default location"), fs);
	else if (!s3_factory && says_s3)
		check_result_note(r, CHECK_WARN, _("set FILES_REST_STORAGE_FACTORY = "
				  "'invenio_s3.s3fs_storage_factory', or file_storage = local in .invenio"), _(".invenio says file_storage = "
				  "S3 but the app stores files locally: invenio-cli creates the "
				  "s3://default location, which local storage cannot use"));
}

static void wiring_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_instance_facts *in = &f->instance;
	if (!check_instance_usable(in, r))
		return;
	const char *factory = in->files_rest_storage_factory.value;
	int s3_factory = factory && strcmp(factory, S3_FACTORY) == 0;
	int pyfs = !factory || strcmp(factory, PYFS_FACTORY) == 0;
	int s3_settings = in->s3_endpoint_url.value || in->s3_access_key_id.value ||
			  in->s3_secret_access_key.value;
	check_result_setting(r, "FILES_REST_STORAGE_FACTORY", &in->files_rest_storage_factory);
	check_result_setting(r, "S3_ENDPOINT_URL", &in->s3_endpoint_url);
	check_result_setting(r, ".invenio file_storage", &in->file_storage);
	if (!s3_factory && !pyfs) {
		check_result_note(r, CHECK_INFO, NULL, _("custom storage factory %s: rdm-s3 cannot tell "
				  "where it stores files"), factory);
		return;
	}
	if (s3_factory && !s3_settings)
		check_result_note(r, CHECK_CRIT, _("set S3_ENDPOINT_URL, S3_ACCESS_KEY_ID and "
				  "S3_SECRET_ACCESS_KEY (`rdm-s3 config set storage.endpoint=URL`, "
				  "`rdm-s3 config set storage.access-key-id=KEY`, `rdm-s3 config set-secret "
				  "storage.secret-access-key`)"), _("FILES_REST_STORAGE_FACTORY "
				  "is the S3 factory but no S3 setting is set: uploads go to AWS with "
				  "empty keys and fail"));
	else if (pyfs && s3_settings)
		check_result_note(r, CHECK_WARN, _("set FILES_REST_STORAGE_FACTORY = "
				  "'invenio_s3.s3fs_storage_factory' in invenio.cfg, and make the default "
				  "files location an s3:// URI"),
				  _("S3 settings are present but FILES_REST_STORAGE_FACTORY is the local "
				  "file factory: new files go to disk, not to S3"));
	note_storage_flag(in, r, s3_factory);
	if (!r->message)
		check_result_note(r, CHECK_OK, NULL, "%s", s3_factory
				  ? _("files are stored in S3, and the settings agree")
				  : _("files are stored locally; no S3 wiring expected"));
}

const struct check check_wiring = {
	.id = "wiring",
	.title = N_("Storage wiring"),
	.depends_on = wiring_deps,
	.needs = CHECK_NEED_INSTANCE,
	.verdict = wiring_verdict,
};
