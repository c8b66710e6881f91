/* A step's data as fields, the step results and texts, and the step
 * context's helpers (step.h). */
#include "config.h"
#include "ops/change/step.h"
#include "ops/change/journal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/secret.h"
#include "util/xalloc.h"
#include "util/i18n.h"

static void fields_push(struct change_fields *f, const char *key, char *value, int secret)
{
	f->v = xgrow(f->v, &f->cap, f->n + 1, sizeof *f->v);
	f->v[f->n].key = xstrdup(key);
	f->v[f->n].value = value;
	f->v[f->n].secret = secret;
	f->n++;
}

void change_fields_add(struct change_fields *f, const char *key, const char *value)
{
	if (value)
		fields_push(f, key, xstrdup(value), 0);
}

void change_fields_addf(struct change_fields *f, const char *key, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	fields_push(f, key, b.data ? buf_detach(&b) : xstrdup(""), 0);
}

void change_fields_add_long(struct change_fields *f, const char *key, long value)
{
	change_fields_addf(f, key, "%ld", value);
}

void change_fields_add_secret(struct change_fields *f, const char *key, const char *value)
{
	if (value)
		fields_push(f, key, xstrdup(value), 1);
}

const char *change_fields_get(const struct change_fields *f, const char *key)
{
	for (size_t i = f->n; i-- > 0;)
		if (!strcmp(f->v[i].key, key))
			return f->v[i].value;
	return NULL;
}

const char **change_fields_get_all(const struct change_fields *f, const char *key, size_t *n)
{
	const char **out = xcalloc(f->n + 1, sizeof *out);
	*n = 0;
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].key, key))
			out[(*n)++] = f->v[i].value;
	return out;
}

int change_fields_get_long(const struct change_fields *f, const char *key, long *out)
{
	const char *v = change_fields_get(f, key);
	char *end;
	if (!v || !*v)
		return -1;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (*end || errno)
		return -1;
	*out = n;
	return 0;
}

const char *change_fields_need(const struct change_fields *f, const char *kind, const char *key,
			       struct rdm_error *err)
{
	const char *v = change_fields_get(f, key);
	if (!v)
		rdm_error_set(err, _("the journal's %s step has no '%s'"), kind, key);
	return v;
}

void change_fields_free(struct change_fields *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].key);
		if (f->v[i].secret)
			secret_free(f->v[i].value);
		else
			free(f->v[i].value);
	}
	free(f->v);
	memset(f, 0, sizeof *f);
}

static char *vformat(const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_vprintf(&b, fmt, ap);
	return b.data ? buf_detach(&b) : xstrdup("");
}

void change_step_result_set(struct change_step_result *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(r->message);
	r->message = vformat(fmt, ap);
	va_end(ap);
}

void change_step_result_fail(struct change_step_result *r, const char *diagnosis, const char *remedy,
			     const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(r->message);
	r->message = vformat(fmt, ap);
	va_end(ap);
	free(r->diagnosis);
	free(r->remedy);
	r->diagnosis = diagnosis ? xstrdup(diagnosis) : NULL;
	r->remedy = remedy ? xstrdup(remedy) : NULL;
}

void change_step_result_clear(struct change_step_result *r)
{
	free(r->message);
	free(r->diagnosis);
	free(r->remedy);
	memset(r, 0, sizeof *r);
}

void change_step_text_clear(struct change_step_text *t)
{
	free(t->title);
	free(t->detail);
	free(t->undo);
	memset(t, 0, sizeof *t);
}

const struct change_step_type *change_step_type_find(const struct change_step_type *const *types,
						     const char *kind)
{
	for (size_t i = 0; types && types[i]; i++)
		if (!strcmp(types[i]->kind, kind))
			return types[i];
	return NULL;
}

static const char *const state_names[] = { "pending", "started", "done", "failed",
					   "stopped", "undone", "not-undone", "skipped" };

const char *change_step_state_name(enum change_step_state s)
{
	return (size_t)s < sizeof state_names / sizeof *state_names ? state_names[s] : "unknown";
}

int change_step_state_parse(const char *name, enum change_step_state *out)
{
	for (size_t i = 0; i < sizeof state_names / sizeof *state_names; i++)
		if (!strcmp(name, state_names[i])) {
			*out = (enum change_step_state)i;
			return 0;
		}
	return -1;
}

int change_ctx_cancelled(const struct change_ctx *ctx)
{
	return ctx && ctx->cancel && atomic_load(ctx->cancel) != 0;
}

int change_ctx_spawn(const struct change_ctx *ctx, const char *const *argv, long timeout_ms,
		     struct spawn_result *r, struct rdm_error *err)
{
	struct spawn_opts o = {
		.argv = argv,
		.cwd = ctx->instance_dir,
		.timeout_ms = timeout_ms ? timeout_ms : ctx->timeout_ms ? ctx->timeout_ms : 120000L,
		.on_output = ctx->output,
		.ctx = ctx->octx,
		.cancel = ctx->cancel,
	};
	return spawn_run(&o, r, err);
}
