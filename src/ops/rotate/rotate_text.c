/* The words both front ends show for a rotation (rotate.h): the key today
 * and the plan (the command line prints them, the walkthrough's review
 * screen shows them). */
#include "config.h"
#include "ops/rotate/rotate.h"

#include "util/i18n.h"

const char *rotate_kind_words(enum rotate_kind k)
{
	switch (k) {
	case ROTATE_ROOT:
		return _("the app signs with the root user: a new root password, then a restart");
	case ROTATE_APP_USER:
		return _("the app moves from the root user to a user of its own, limited to the bucket");
	case ROTATE_MINIO_USER:
		return _("a new service account for the app's user, then the old key revoked");
	case ROTATE_RGW:
		return _("a second key through the admin ops API, then the old key deleted");
	default:
		return _("a second IAM access key, then the old key made Inactive and deleted");
	}
}

void rotate_review_text(const struct rotate_survey *sv, const struct rotate_resolved *res,
			const struct change_review *rv, struct buf *out)
{
	buf_printf(out, _("Key today: %s, from %s\n"), sv->access_key_id,
		   sv->access_key_source ? sv->access_key_source : "?");
	buf_printf(out, _("  server: %s at %s, bucket %s\n"), sv->server_name,
		   sv->endpoint ? sv->endpoint : "Amazon S3", sv->bucket);
	if (sv->owner)
		buf_printf(out, _("  belongs to: %s\n"), sv->owner);
	buf_printf(out, _("  age: %s\n"), sv->age ? sv->age : _("not told by the server"));
	buf_printf(out, _("  key calls signed with: %s\n"), sv->admin_source);
	buf_printf(out, _("Rotation: %s\n"), rotate_kind_words(sv->kind));
	if (res->new_access_key_id && sv->kind != ROTATE_ROOT)
		buf_printf(out, _("  new key: %s (its secret is written to the files and never shown)\n"),
			   res->new_access_key_id);
	else if (sv->kind == ROTATE_ROOT)
		buf_printf(out, _("  a new root password is generated; it is written to the files and never shown\n"));
	if (rv->n_files)
		buf_puts(out, rv->diff);
	buf_printf(out, _("Steps, in this order:\n"));
	for (size_t i = 0; i < rv->n_steps; i++) {
		const struct change_review_step *s = &rv->steps[i];
		buf_printf(out, "  %zu %s\n", i + 1, s->text.title);
		if (s->text.detail && *s->text.detail)
			buf_printf(out, "      %s\n", s->text.detail);
		if (s->text.undo)
			buf_printf(out, _("      undo: %s\n"), s->text.undo);
	}
	for (size_t i = 0; i < rv->n_notes; i++)
		buf_printf(out, _("note: %s\n"), rv->notes[i]);
}
