/* The menu's background work (see menu_jobs.h). */
#include "config.h"
#include "tui/menu/menu_jobs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "instance/instance.h"
#include "instance/plan/backup.h"
#include "instance/plan/plan.h"
#include "instance/settings/settings.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

extern char **environ;

static void info_free(void *p)
{
	if (!p)
		return;
	menu_info_clear(p);
	free(p);
}

static void post_error(struct tui_job_ctx *ctx, const struct rdm_error *err)
{
	tui_job_post(ctx, TUI_TEXT_MSG, tui_text_result_new(1, rdm_error_format(err)),
		     tui_text_result_free);
}

/* Reads the instance and its settings; -1 with err set. */
static int read_settings(const char *dir, struct instance *inst, struct settings *s, int check_git,
			 struct rdm_error *err)
{
	struct settings_opts o = { environ, check_git };
	if (inst_load(inst, dir, err) != 0)
		return -1;
	if (settings_read(s, inst, &o, err) != 0) {
		inst_free(inst);
		return -1;
	}
	return 0;
}

static int is_placeholder(const char *v)
{
	return v && strcasestr(v, "CHANGE_ME") != NULL;
}

static void fill_storage(struct menu_info *info, const struct settings *s)
{
	static const enum setting_id secrets[] = { SET_S3_ACCESS_KEY_ID, SET_S3_SECRET_ACCESS_KEY,
						   SET_MINIO_ROOT_USER, SET_MINIO_ROOT_PASSWORD };
	info->storage = menu_storage_classify(settings_value(s, SET_FILES_REST_STORAGE_FACTORY),
					      settings_value(s, SET_S3_ENDPOINT_URL), s->minio_service,
					      &info->endpoint_host);
	for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
		if ((secrets[i] != SET_MINIO_ROOT_USER && secrets[i] != SET_MINIO_ROOT_PASSWORD) ||
		    s->minio_service)
			info->placeholders += is_placeholder(settings_value(s, secrets[i]));
}

static void fill_last_change(struct menu_info *info, const char *dir)
{
	struct backup_set set;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = plan_undo_peek(dir, &set, &err);
	if (rc == 0) {
		struct menu_change *c = xcalloc(1, sizeof *c);
		c->id = xstrdup(set.id);
		c->created = xstrdup(set.created ? set.created : "?");
		c->command = xstrdup(set.command ? set.command : "?");
		c->interrupted = set.state == BACKUP_PENDING;
		c->files = xcalloc(set.n_entries + 1, sizeof *c->files);
		for (size_t i = 0; i < set.n_entries; i++)
			c->files[c->n_files++] = xstrdup(set.entries[i].rel);
		info->last = c;
		backup_set_free(&set);
	} else if (rc < 0) {
		info->error = rdm_error_format(&err);
	}
	rdm_error_clear(&err);
}

struct info_arg {
	char *dir;
	time_t (*clock)(void);
};

static void info_arg_free(void *p)
{
	struct info_arg *a = p;
	free(a->dir);
	free(a);
}

static void info_run(struct tui_job_ctx *ctx, void *arg)
{
	const struct info_arg *a = arg;
	const char *dir = a->dir;
	struct menu_info *info = xcalloc(1, sizeof *info);
	struct instance inst;
	struct settings s;
	struct rdm_error err = RDM_ERROR_INIT;
	info->read_at = a->clock ? a->clock() : time(NULL);
	if (read_settings(dir, &inst, &s, 0, &err) != 0) {
		info->error = rdm_error_format(&err);
	} else {
		fill_storage(info, &s);
		settings_free(&s);
		inst_free(&inst);
		fill_last_change(info, dir);
	}
	rdm_error_clear(&err);
	tui_job_post(ctx, MENU_MSG_INFO, info, info_free);
}

struct config_arg {
	char *dir, *shown;
};

static void config_arg_free(void *p)
{
	struct config_arg *a = p;
	free(a->dir);
	free(a->shown);
	free(a);
}

static void config_run(struct tui_job_ctx *ctx, void *arg)
{
	const struct config_arg *a = arg;
	const char *dir = a->dir;
	struct instance inst;
	struct settings s;
	struct rdm_error err = RDM_ERROR_INIT;
	if (read_settings(dir, &inst, &s, 1, &err) != 0) {
		post_error(ctx, &err);
		rdm_error_clear(&err);
		return;
	}
	struct buf out = BUF_INIT;
	settings_text(&out, &inst, &s, 0, a->shown);
	tui_job_post(ctx, TUI_TEXT_MSG, tui_text_result_new(0, xstrdup(buf_str(&out))),
		     tui_text_result_free);
	buf_free_secret(&out);
	settings_free(&s);
	inst_free(&inst);
}

static void list(struct buf *out, const char *head, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%s %s\n", head, v[i]);
}

static void undo_run(struct tui_job_ctx *ctx, void *arg)
{
	const struct info_arg *a = arg;
	const char *dir = a->dir;
	struct undo_report rep;
	struct rdm_error err = RDM_ERROR_INIT;
	struct plan_apply_opts o = { .now = time(NULL) };
	if (plan_undo(dir, 0, &o, &rep, &err) != 0) {
		post_error(ctx, &err);
	} else {
		struct buf b = BUF_INIT;
		struct menu_change c = { .created = rep.undone_created };
		char when[32];
		menu_change_when(&c, a->clock ? a->clock() : time(NULL), when);
		buf_printf(&b, _("Undone: %s, %s%s (backup %s).\n\n"), rep.undone_command, when,
			   rep.was_interrupted ? _(", which had been interrupted") : "", rep.undone_id);
		list(&b, _("restored"), rep.restored, rep.n_restored);
		list(&b, _("unchanged (already held its old content)"), rep.unchanged, rep.n_unchanged);
		buf_puts(&b, _("\nRunning services keep the settings they were started with: restart "
			       "them (invenio-cli services stop, then start) so that they read the "
			       "restored files, and check with 'rdm-s3 check'."));
		tui_job_post(ctx, TUI_TEXT_MSG, tui_text_result_new(0, buf_detach(&b)),
			     tui_text_result_free);
	}
	undo_report_free(&rep);
	rdm_error_clear(&err);
}

struct tui_job menu_info_job(const char *instance_dir, time_t (*clock)(void), int tag)
{
	struct info_arg *a = xcalloc(1, sizeof *a);
	a->dir = xstrdup(instance_dir);
	a->clock = clock;
	struct tui_job j = { info_run, a, info_arg_free, tag };
	return j;
}

struct tui_job menu_config_job(const char *instance_dir, const char *shown_dir, int tag)
{
	struct config_arg *a = xcalloc(1, sizeof *a);
	a->dir = xstrdup(instance_dir);
	a->shown = xstrdup(shown_dir ? shown_dir : instance_dir);
	struct tui_job j = { config_run, a, config_arg_free, tag };
	return j;
}

struct tui_job menu_undo_job(const char *instance_dir, time_t (*clock)(void), int tag)
{
	struct info_arg *a = xcalloc(1, sizeof *a);
	a->dir = xstrdup(instance_dir);
	a->clock = clock;
	struct tui_job j = { undo_run, a, info_arg_free, tag };
	return j;
}
