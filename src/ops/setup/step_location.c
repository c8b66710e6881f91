/* setup-location: make the bucket InvenioRDM's default files location,
 *   invenio files location create NAME s3://BUCKET --default
 * run the way the instance runs its app (`pipenv run invenio ...`,
 * `uv run --no-sync invenio ...`, or in the web-api container), its output
 * shown. invenio-files-rest answers an existing NAME with "Location NAME
 * (uri: URI default: BOOL) already exists" and changes nothing: the same
 * URI is success, another is a failure saying so. It has no command to
 * remove a location, so the step cannot be undone (it says what stays). */
#include "config.h"
#include "ops/setup/setup_steps.h"

#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"
#include "util/xalloc.h"

#define INVENIO_TIMEOUT_MS 300000L

struct location_step {
	enum setup_runner runner;
	char *name;
	char *bucket;
};

static const char *const runner_names[] = { "pipenv", "uv", "container" };

void *setup_location_new(enum setup_runner runner, const char *name, const char *bucket)
{
	struct location_step *p = xcalloc(1, sizeof *p);
	p->runner = runner;
	p->name = xstrdup(name);
	p->bucket = xstrdup(bucket);
	return p;
}

static void location_free(void *data)
{
	struct location_step *p = data;
	free(p->name);
	free(p->bucket);
	free(p);
}

const char **setup_invenio_argv(enum setup_runner runner, const char *const *args)
{
	static const char *const pipenv[] = { "pipenv", "run", "invenio", NULL };
	static const char *const uv[] = { "uv", "run", "--no-sync", "invenio", NULL };
	static const char *const container[] = { "docker", "compose", "--file", "docker-compose.full.yml", "exec", "-T",
						  "web-api", "invenio", NULL };
	const char *const *head = runner == SETUP_RUNNER_UV ? uv : runner == SETUP_RUNNER_CONTAINER ? container : pipenv;
	size_t n = 0, m = 0;
	while (head[n])
		n++;
	while (args[m])
		m++;
	const char **argv = xcalloc(n + m + 1, sizeof *argv);
	for (size_t i = 0; i < n; i++)
		argv[i] = head[i];
	for (size_t i = 0; i < m; i++)
		argv[n + i] = args[i];
	return argv;
}

static char *uri_of(const struct location_step *p) { return xasprintf("s3://%s", p->bucket); }

static int run_invenio(const struct location_step *p, const struct change_ctx *ctx, const char *const *args,
		       struct spawn_result *sr, char **cmd, struct change_step_result *r)
{
	const char **argv = setup_invenio_argv(p->runner, args);
	struct rdm_error err = RDM_ERROR_INIT;
	*cmd = spawn_argv_text(argv);
	int rc = change_ctx_spawn(ctx, argv, INVENIO_TIMEOUT_MS, sr, &err);
	if (rc != 0)
		change_step_result_fail(r, err.message, err.remedy, _("cannot run `%s`"), *cmd);
	free(argv);
	rdm_error_clear(&err);
	return rc;
}

/* "Location NAME (uri: URI default: ..." -> URI (allocated), or NULL. */
static char *existing_uri(const char *out, const char *name)
{
	char *head = xasprintf("Location %s (uri: ", name);
	const char *p = strstr(out, head);
	char *uri = NULL;
	if (p) {
		p += strlen(head);
		uri = xstrndup(p, strcspn(p, " )\n"));
	}
	free(head);
	return uri;
}

static int location_run(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct location_step *p = s->data;
	char *uri = uri_of(p), *cmd = NULL;
	const char *args[] = { "files", "location", "create", p->name, uri, "--default", NULL };
	struct spawn_result sr;
	int rc = run_invenio(p, ctx, args, &sr, &cmd, r);
	if (rc == 0 && !spawn_succeeded(&sr)) {
		char *why = spawn_describe_status(&sr), *fix = xasprintf(_("run it yourself in %s: %s"), ctx->instance_dir, cmd);
		change_step_result_fail(r, buf_str(&sr.output), fix, _("`%s` failed (%s)"), cmd, why);
		free(why);
		free(fix);
		rc = -1;
	} else if (rc == 0 && strstr(buf_str(&sr.output), _("already exists"))) {
		char *have = existing_uri(buf_str(&sr.output), p->name);
		if (have && strcmp(have, uri)) {
			char *fix = xasprintf(_("choose another location name, or make the existing one the default "
						"(`invenio files location set-default %s`) if %s is right"), p->name, have);
			change_step_result_fail(r, NULL, fix, _("the files location %s already exists with %s, not %s"),
						p->name, have, uri);
			free(fix);
			rc = -1;
		} else {
			change_step_result_set(r, _("files location %s (%s) is there"), p->name, uri);
		}
		free(have);
	} else if (rc == 0) {
		change_step_result_set(r, _("files location %s created: %s, the default"), p->name, uri);
	}
	spawn_result_free(&sr);
	free(cmd);
	free(uri);
	return rc;
}

static int location_verify(struct change_step *s, const struct change_ctx *ctx, struct change_step_result *r)
{
	struct location_step *p = s->data;
	const char *args[] = { "files", "location", "list", NULL };
	struct spawn_result sr;
	char *cmd = NULL, *uri = uri_of(p);
	int rc = run_invenio(p, ctx, args, &sr, &cmd, r);
	char *want = xasprintf("%s %s as default True", p->name, uri);
	if (rc == 0)
		rc = spawn_succeeded(&sr) && strstr(buf_str(&sr.output), want) ? 1 : 0;
	else
		rc = -1;
	spawn_result_free(&sr);
	free(want);
	free(cmd);
	free(uri);
	return rc;
}

static void location_describe(const struct change_step *s, struct change_step_text *t)
{
	const struct location_step *p = s->data;
	char *uri = uri_of(p);
	const char *args[] = { "files", "location", "create", p->name, uri, "--default", NULL };
	const char **argv = setup_invenio_argv(p->runner, args);
	t->title = xasprintf(_("create the files location %s"), p->name);
	t->detail = spawn_argv_text(argv);
	t->undo = xasprintf(_("not undone: the location stays in the database (invenio-files-rest cannot remove "
			      "one); it points at %s"), uri);
	free(argv);
	free(uri);
}

static void location_save(const struct change_step *s, struct change_fields *f)
{
	const struct location_step *p = s->data;
	change_fields_add(f, "runner", runner_names[p->runner]);
	change_fields_add(f, "name", p->name);
	change_fields_add(f, "bucket", p->bucket);
}

static int location_load(struct change_step *s, const struct change_fields *f, struct rdm_error *err)
{
	const char *runner = change_fields_need(f, s->type->kind, "runner", err);
	const char *name = runner ? change_fields_need(f, s->type->kind, "name", err) : NULL;
	const char *bucket = name ? change_fields_need(f, s->type->kind, "bucket", err) : NULL;
	if (!bucket)
		return -1;
	enum setup_runner rn = SETUP_RUNNER_PIPENV;
	for (size_t i = 0; i < 3; i++)
		if (!strcmp(runner, runner_names[i]))
			rn = (enum setup_runner)i;
	s->data = setup_location_new(rn, name, bucket);
	return 0;
}

const struct change_step_type setup_step_location = {
	.kind = "setup-location",
	.run = location_run,
	.verify = location_verify,
	.undo = NULL,
	.describe = location_describe,
	.save = location_save,
	.load = location_load,
	.free_data = location_free,
};
