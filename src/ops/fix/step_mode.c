/* fix-file-mode: make a file that holds secrets readable by its owner only
 * (the instance check's "every user may read it"). Undo gives it its
 * previous mode back. The file is opened without following a symbolic
 * link and changed through its descriptor, so a link swapped in meanwhile
 * is refused rather than followed. */
#include "config.h"
#include "ops/fix/fix_steps.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/xalloc.h"

struct mode_step {
	char *rel;      /* the file, relative to the instance folder */
	unsigned before; /* its mode when the fix was planned */
	unsigned after;  /* the mode the fix gives it */
};

void *fix_mode_new(const char *rel, unsigned before, unsigned after)
{
	struct mode_step *m = xcalloc(1, sizeof *m);
	m->rel = xstrdup(rel);
	m->before = before & 07777;
	m->after = after & 07777;
	return m;
}

static void mode_free(void *data)
{
	struct mode_step *m = data;
	if (!m)
		return;
	free(m->rel);
	free(m);
}

/* Opens the file (no symbolic link); -1 with r filled. */
static int open_file(const struct mode_step *m, const struct change_ctx *ctx, struct change_step_result *r)
{
	char *path = xasprintf("%s/%s", ctx->instance_dir, m->rel);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		change_step_result_fail(r, strerror(errno), _("check that the file is there and belongs to you"),
					_("cannot open %s"), path);
	free(path);
	return fd;
}

/* Sets the mode; 0, or -1 with r filled. */
static int set_mode(const struct mode_step *m, const struct change_ctx *ctx, unsigned mode,
		    struct change_step_result *r)
{
	int fd = open_file(m, ctx, r);
	if (fd < 0)
		return -1;
	int rc = fchmod(fd, (mode_t)mode);
	if (rc != 0)
		change_step_result_fail(r, strerror(errno), _("the file must belong to the user running rdm-s3"),
					_("cannot change the mode of %s"), m->rel);
	else
		change_step_result_set(r, _("%s is mode %04o now"), m->rel, mode);
	close(fd);
	return rc ? -1 : 0;
}

static int mode_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	const struct mode_step *m = s->data;
	return set_mode(m, ctx, m->after, r);
}

static int mode_verify(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	const struct mode_step *m = s->data;
	struct stat sb;
	int fd = open_file(m, ctx, r);
	if (fd < 0)
		return -1;
	int rc = fstat(fd, &sb) == 0 ? ((unsigned)(sb.st_mode & 07777) == m->after) : -1;
	if (rc < 0)
		change_step_result_fail(r, strerror(errno), NULL, _("cannot read the mode of %s"), m->rel);
	close(fd);
	return rc;
}

static int mode_undo(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	const struct mode_step *m = s->data;
	return set_mode(m, ctx, m->before, r);
}

static void mode_describe(const struct change_step *s, struct change_step_text *t)
{
	const struct mode_step *m = s->data;
	t->title = xasprintf(_("chmod %o %s"), m->after, m->rel);
	t->detail = xasprintf(_("it holds secrets: readable by its owner only (mode %04o now)"), m->before);
	t->undo = xasprintf(_("mode %04o again"), m->before);
}

static void mode_save(const struct change_step *s, struct change_fields *f)
{
	const struct mode_step *m = s->data;
	change_fields_add(f, "file", m->rel);
	change_fields_add_long(f, "mode-before", (long)m->before);
	change_fields_add_long(f, "mode", (long)m->after);
}

static int mode_load(struct change_step *s, const struct change_fields *f, struct rdm_error *err)
{
	const char *rel = change_fields_need(f, s->type->kind, "file", err);
	long before, after;
	if (!rel)
		return -1;
	if (change_fields_get_long(f, "mode-before", &before) != 0 || change_fields_get_long(f, "mode", &after) != 0 ||
	    before < 0 || before > 07777 || after < 0 || after > 07777)
		return rdm_error_set(err, _("%s: the modes of %s are missing or not modes"), s->type->kind, rel);
	if (rel[0] == '/' || strstr(rel, ".."))
		return rdm_error_set(err, _("%s: %s is not a file of the instance"), s->type->kind, rel);
	s->data = fix_mode_new(rel, (unsigned)before, (unsigned)after);
	return 0;
}

const struct change_step_type fix_step_mode = {
	.kind = "fix-file-mode",
	.run = mode_run,
	.verify = mode_verify,
	.undo = mode_undo,
	.describe = mode_describe,
	.save = mode_save,
	.load = mode_load,
	.free_data = mode_free,
};
