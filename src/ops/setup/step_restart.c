/* setup-restart: MinIO (or RustFS) reads its root credentials and its CORS
 * origins when it starts, so after the files change it is recreated the
 * way `invenio-cli services start` does it, limited to that service:
 *   docker compose --file docker-compose.yml up -d SERVICE
 * in the instance folder (compose recreates a container whose environment
 * changed); then the step waits until the server accepts the root
 * credentials the files now hold. With --restart never the step stops
 * instead and says what to run; `--resume` goes on once the server accepts
 * them. Undo runs after the files are restored: the same restart, so the
 * server takes the old credentials back. */
#include "config.h"
#include "ops/setup/setup_steps.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/i18n.h"
#include "util/xalloc.h"

#define READY_TIMEOUT_S 90
#define COMPOSE_TIMEOUT_MS 300000L

struct restart_step {
	struct step_conn conn;   /* the server, with its root credentials */
	char *service;
	enum setup_storage kind;
	int manual;              /* --restart never */
	int ran;                 /* docker compose succeeded at least once */
};

void *setup_restart_new(const struct step_conn *c, const char *service, enum setup_storage kind, int manual)
{
	struct restart_step *p = xcalloc(1, sizeof *p);
	step_conn_init(&p->conn, c->endpoint, c->region, 1);
	p->service = xstrdup(service);
	p->kind = kind;
	p->manual = manual;
	return p;
}

static void restart_free(void *data)
{
	struct restart_step *p = data;
	step_conn_free(&p->conn);
	free(p->service);
	free(p);
}

static const char *server_name(const struct restart_step *p)
{
	return p->kind == SETUP_STORAGE_RUSTFS ? "RustFS" : "MinIO";
}

/* The command that goes on after a restart by hand (setup's or rotate's). */
static const char *resume_of(const struct change_ctx *ctx)
{
	return ctx->resume_command ? ctx->resume_command : SETUP_RESUME_COMMAND;
}

static char *command_text(const struct restart_step *p)
{
	const char *argv[] = { "docker", "compose", "--file", "docker-compose.yml", "up", "-d", p->service, NULL };
	return spawn_argv_text(argv);
}

/* 1 when the server accepts the root credentials the files hold now. */
static int accepted(const struct restart_step *p, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct s3_client *cl = step_client(&p->conn, ctx, r);
	if (!cl)
		return 0;
	struct s3_status st = S3_STATUS_INIT;
	struct s3_bucket_list l = { 0 };
	int ok = s3_list_buckets(cl, &l, &st) == 0;
	if (!ok)
		step_fail(r, &st, _("%s does not accept the root credentials of the files yet"), server_name(p));
	s3_bucket_list_free(&l);
	s3_status_clear(&st);
	s3_client_free(cl);
	return ok;
}

/* 1 when the server has finished starting. MinIO answers requests before
 * that: for a moment after its first answers, its start-up still re-creates
 * the folder of every bucket it found at start (a bucket deleted meanwhile,
 * as undo does right after the restart, comes back empty and without its
 * metadata). /minio/health/cluster answers 503 until that is done. Any
 * other answer (200; 403 or 404 from RustFS or a MinIO without it) ends
 * the wait. */
static int started(const struct restart_step *p, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct s3_client *cl = step_client(&p->conn, ctx, r);
	if (!cl)
		return 0;
	struct s3_status st = S3_STATUS_INIT;
	int done = s3_minio_cluster_health(cl, &st) == 0 ||
		   (st.transport == S3_TRANSPORT_OK && st.http_status != 503);
	if (!done)
		step_fail(r, &st, _("%s accepts the root credentials but has not finished starting"), server_name(p));
	s3_status_clear(&st);
	s3_client_free(cl);
	return done;
}

/* Poll until the server is up with the files' credentials and has finished
 * starting (a start takes a few seconds; the first requests are refused or
 * not answered). */
static int wait_ready(const struct restart_step *p, const struct change_ctx *ctx, struct change_step_result *r)
{
	time_t end = time(NULL) + READY_TIMEOUT_S;
	for (;;) {
		change_step_result_clear(r);
		if (accepted(p, ctx, r) && started(p, ctx, r))
			return 0;
		if (time(NULL) >= end || change_ctx_cancelled(ctx))
			return -1;
		usleep(250 * 1000);
	}
}

/* docker compose up -d SERVICE, then wait. */
static int restart(struct restart_step *p, const struct change_ctx *ctx, struct change_step_result *r)
{
	const char *argv[] = { "docker", "compose", "--file", "docker-compose.yml", "up", "-d", p->service, NULL };
	struct spawn_result sr;
	struct rdm_error err = RDM_ERROR_INIT;
	char *cmd = command_text(p);
	int rc = change_ctx_spawn(ctx, argv, COMPOSE_TIMEOUT_MS, &sr, &err);
	if (rc != 0) {
		change_step_result_fail(r, err.message, err.remedy, _("cannot restart %s"), server_name(p));
	} else if (!spawn_succeeded(&sr)) {
		char *why = spawn_describe_status(&sr);
		/* The change rolls back after this failure: nothing is left to
		 * resume, whichever front end runs it (the wizard, a fix). */
		char *fix = xasprintf(_("look at the output above and make `%s` work in %s, then apply the "
					"change again (it was rolled back)"), cmd, ctx->instance_dir);
		change_step_result_fail(r, buf_str(&sr.output), fix, _("`%s` failed (%s)"), cmd, why);
		free(why);
		free(fix);
		rc = -1;
	} else {
		p->ran = 1;
		rc = wait_ready(p, ctx, r);
		if (rc != 0 && !r->remedy) {
			free(r->remedy);
			r->remedy = xasprintf(_("look at the container's log (docker compose logs %s)"), p->service);
		}
	}
	spawn_result_free(&sr);
	rdm_error_clear(&err);
	free(cmd);
	return rc;
}

static int restart_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct restart_step *p = s->data;
	if (p->manual) {
		if (accepted(p, ctx, r) && wait_ready(p, ctx, r) == 0) {
			change_step_result_clear(r);
			change_step_result_set(r, _("%s accepts the new root credentials"), server_name(p));
			return 0;
		}
		char *cmd = command_text(p);
		change_step_result_clear(r);
		change_step_result_fail(r, NULL, NULL, _("%s must be restarted to read its new files"), server_name(p));
		r->remedy = xasprintf(_("run `%s` in %s, then `%s`"), cmd, ctx->instance_dir, resume_of(ctx));
		free(cmd);
		return 1;
	}
	if (restart(p, ctx, r) != 0)
		return -1;
	change_step_result_clear(r);
	change_step_result_set(r, _("%s restarted; it accepts the new root credentials"), server_name(p));
	return 0;
}

/* On resume: in place when the server accepts the files' credentials; a
 * server still starting (a kill during the wait) is waited for first. */
static int restart_verify(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	return accepted(s->data, ctx, r) && wait_ready(s->data, ctx, r) == 0;
}

static int restart_undo(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct restart_step *p = s->data;
	if (s->state == CHANGE_STEP_FAILED && !p->ran) {
		change_step_result_set(r, _("%s was not restarted"), server_name(p));
		return 0;
	}
	if (p->manual) {
		char *cmd = command_text(p);
		change_step_result_set(r, _("restart %s yourself so that it reads the restored files: %s"), server_name(p),
				       cmd);
		free(cmd);
		return 0;
	}
	if (restart(p, ctx, r) != 0)
		return -1;
	change_step_result_clear(r);
	change_step_result_set(r, _("%s restarted with the restored files"), server_name(p));
	return 0;
}

static void restart_describe(const struct change_step *s, struct change_step_text *t)
{
	const struct restart_step *p = s->data;
	t->title = xasprintf(p->manual ? _("wait for a restart of %s") : _("restart %s"), server_name(p));
	t->detail = command_text(p);
	t->undo = xstrdup(_("restarted again with the restored files"));
}

static void restart_save(const struct change_step *s, struct change_fields *f)
{
	const struct restart_step *p = s->data;
	step_conn_save(&p->conn, f);
	change_fields_add(f, "service", p->service);
	change_fields_add(f, "server", setup_storage_name(p->kind));
	change_fields_add_long(f, "manual", p->manual);
	change_fields_add_long(f, "ran", p->ran);
}

static int restart_load(struct change_step *s, const struct change_fields *f, struct rdm_error *err)
{
	const char *service = change_fields_need(f, s->type->kind, "service", err);
	struct step_conn c;
	long manual = 0, ran = 0;
	enum setup_storage kind = SETUP_STORAGE_MINIO;
	if (!service || step_conn_load(&c, f, s->type->kind, err) != 0)
		return -1;
	setup_storage_parse(change_fields_get(f, "server"), &kind);
	change_fields_get_long(f, "manual", &manual);
	change_fields_get_long(f, "ran", &ran);
	struct restart_step *p = setup_restart_new(&c, service, kind, (int)manual);
	p->ran = (int)ran;
	s->data = p;
	step_conn_free(&c);
	return 0;
}

const struct change_step_type setup_step_restart = {
	.kind = "setup-restart",
	.flags = CHANGE_STEP_UNDO_AFTER_FILES,
	.run = restart_run,
	.verify = restart_verify,
	.undo = restart_undo,
	.describe = restart_describe,
	.save = restart_save,
	.load = restart_load,
	.free_data = restart_free,
};

/* setup-start: the s3 service that switching from local storage adds is
 * started for the first time the same way (`docker compose ... up -d s3`,
 * then wait until it accepts the root credentials of the files). Its undo
 * runs in reverse position, before the files are restored (they still
 * name the service): `docker compose ... rm --stop --force s3` stops and
 * removes the container; the data folder it used stays. */
static char *rm_command_text(const struct restart_step *p)
{
	const char *argv[] = { "docker", "compose", "--file", "docker-compose.yml", "rm", "--stop", "--force",
			       p->service, NULL };
	return spawn_argv_text(argv);
}

static int start_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct restart_step *p = s->data;
	int rc = restart_run(s, ctx, r);
	if (rc == 0 && !p->manual) {
		change_step_result_clear(r);
		change_step_result_set(r, _("%s started; it accepts the new root credentials"), server_name(p));
	}
	return rc;
}

static int start_undo(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct restart_step *p = s->data;
	char *cmd = rm_command_text(p);
	int rc = 0;
	if (p->manual) {
		change_step_result_set(r, _("stop and remove %s yourself: %s"), server_name(p), cmd);
	} else if (s->state == CHANGE_STEP_FAILED && !p->ran) {
		change_step_result_set(r, _("%s was not started"), server_name(p));
	} else {
		const char *argv[] = { "docker", "compose", "--file", "docker-compose.yml", "rm", "--stop", "--force",
				       p->service, NULL };
		struct spawn_result sr;
		struct rdm_error err = RDM_ERROR_INIT;
		rc = change_ctx_spawn(ctx, argv, COMPOSE_TIMEOUT_MS, &sr, &err);
		if (rc != 0) {
			change_step_result_fail(r, err.message, err.remedy, _("cannot stop %s"), server_name(p));
		} else if (!spawn_succeeded(&sr)) {
			char *why = spawn_describe_status(&sr);
			char *fix = xasprintf(_("run `%s` in %s yourself"), cmd, ctx->instance_dir);
			change_step_result_fail(r, buf_str(&sr.output), fix, _("`%s` failed (%s)"), cmd, why);
			free(why);
			free(fix);
			rc = -1;
		} else {
			change_step_result_set(r, _("%s stopped and removed (its data folder stays)"), server_name(p));
		}
		spawn_result_free(&sr);
		rdm_error_clear(&err);
	}
	free(cmd);
	return rc;
}

static void start_describe(const struct change_step *s, struct change_step_text *t)
{
	const struct restart_step *p = s->data;
	t->title = xasprintf(p->manual ? _("wait for %s to be started") : _("start %s (new service %s)"),
			     server_name(p), p->service);
	t->detail = command_text(p);
	char *rm = rm_command_text(p);
	t->undo = xasprintf(_("stopped and removed (%s)"), rm);
	free(rm);
}

const struct change_step_type setup_step_start = {
	.kind = "setup-start",
	.run = start_run,
	.verify = restart_verify,
	.undo = start_undo,
	.describe = start_describe,
	.save = restart_save,
	.load = restart_load,
	.free_data = restart_free,
};
