/* minio-image: MinIO images before RELEASE.2022-10-29T06-21-33Z (the v13
 * pin is RELEASE.2022-10-24T18-35-07Z) can run the legacy FS mode, where a
 * bucket is a folder (data/default). Later releases refuse such a data
 * folder ("found backend type fs, expected xl or xl-single"), so upgrading
 * is a data migration to a new deployment, not a tag bump. An info note. */
#include "config.h"
#include "ops/check/check_list.h"

#include <ctype.h>
#include <string.h>

#include "ops/check/check_util.h"
#include "util/i18n.h"

#define FS_REMOVED "RELEASE.2022-10-29T06-21-33Z"

static const char *const minio_image_deps[] = { "instance", NULL };

static const char migrate_remedy[] =
	N_("before changing the tag, migrate: start a current MinIO on a new, empty volume, copy "
	"each bucket with `mc mirror --preserve old/BUCKET new/BUCKET`, re-create users and "
	"policies, then point S3_ENDPOINT_URL at it (MinIO's guide \"Migrate from Gateway or "
	"Filesystem Mode\")");

/* The "RELEASE.YYYY-MM-DDTHH-MM-SSZ" in a tag, checked digit by digit so
 * that a string comparison orders releases; NULL when there is none. */
static const char *release_of(const char *image)
{
	static const char shape[] = "RELEASE.dddd-dd-ddTdd-dd-ddZ";
	const char *rel = strstr(image, "RELEASE.");
	if (!rel)
		return NULL;
	for (size_t i = 0; shape[i]; i++) {
		if (shape[i] == 'd' ? !isdigit((unsigned char)rel[i]) : rel[i] != shape[i])
			return NULL;
	}
	return rel;
}

static void minio_image_verdict(const struct check_facts *f, struct check_result *r)
{
	const struct check_instance_facts *in = &f->instance;
	const char *image = in->minio_image.value;
	if (!in->present) {
		check_result_note(r, CHECK_UNKNOWN, NULL, _("the instance configuration was not read"));
		return;
	}
	if (!in->found || !image) {
		check_result_skip(r, 0, _("skipped: no MinIO service in docker-services.yml"));
		return;
	}
	if (in->minio_unused) {
		check_result_skip(r, 0, _("skipped: the app does not use the MinIO service of docker-services.yml"));
		return;
	}
	check_result_setting(r, "MinIO image", &in->minio_image);
	const char *rel = release_of(image);
	if (strchr(image, '@'))
		check_result_note(r, CHECK_INFO, NULL, _("%s is pinned by digest: its release (and so "
				  "whether it still has the FS mode) is not known here"), image);
	else if (!rel)
		check_result_note(r, CHECK_INFO, _("pin the image to a release tag (RELEASE....Z)"),
				  _("%s is not pinned to a MinIO release: a pull can move past %s, which "
				    "no longer starts on FS-mode data"), image, FS_REMOVED);
	else if (strncmp(rel, FS_REMOVED, sizeof(FS_REMOVED) - 1) < 0)
		check_result_note(r, CHECK_INFO, _(migrate_remedy), _("%s still serves folders as buckets "
				  "(FS mode, removed in %s): upgrading needs a data migration, not a tag "
				  "bump"), image, FS_REMOVED);
	else
		check_result_note(r, CHECK_OK, NULL, _("%s is a release without the FS mode: upgrades "
				  "are tag bumps"), image);
}

const struct check check_minio_image = {
	.id = "minio-image",
	.title = N_("MinIO image and storage format"),
	.depends_on = minio_image_deps,
	.needs = CHECK_NEED_INSTANCE,
	.verdict = minio_image_verdict,
};
