/* Running a change: steps in order, journal at every transition, rollback
 * in reverse (change.h). */
#include "config.h"
#include "ops/change/change.h"
#include "ops/change/change_int.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "instance/plan/backup.h"
#include "ops/step_registry.h"
#include "util/xalloc.h"
#include "util/i18n.h"

extern char **environ;

static long ms_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)(t.tv_sec - t0->tv_sec) * 1000L + (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

int change_plan_file_changes(const struct plan_file *f)
{
	if (f->old_exists != f->new_exists)
		return 1;
	return f->new_exists && (f->old_data.len != f->new_data.len ||
				 memcmp(buf_str(&f->old_data), buf_str(&f->new_data), f->old_data.len) != 0);
}

static int is_files(const struct runner *r, size_t k) { return r->order[k] == CHANGE_FILES_STEP; }

static struct change_step *step_at(struct runner *r, size_t k)
{
	return is_files(r, k) ? NULL : &r->c->steps[r->order[k]];
}

static unsigned step_flags(struct runner *r, size_t k)
{
	return is_files(r, k) ? 0 : step_at(r, k)->type->flags;
}

int runner_save(struct runner *r, struct rdm_error *err)
{
	for (size_t k = 0; k < r->n; k++) {
		struct change_step *s = step_at(r, k);
		if (!s || !s->type->save)
			continue;
		struct change_fields f = CHANGE_FIELDS_INIT;
		s->type->save(s, &f);
		journal_step_set_fields(&r->j.steps[k], &f);
		change_fields_free(&f);
	}
	return journal_save(&r->j, err);
}

void runner_set_state(struct runner *r, size_t k, enum change_step_state st)
{
	r->j.steps[k].state = st;
	if (!is_files(r, k))
		step_at(r, k)->state = st;
}

/* Journal, when a failure to do so changes nothing (undo, bookkeeping). */
static void save_quiet(struct runner *r)
{
	struct rdm_error ignored = RDM_ERROR_INIT;
	runner_save(r, &ignored);
	rdm_error_clear(&ignored);
}

/* Journal or die: a change that cannot record its state must not go on. */
static int save_or_fail(struct runner *r, struct change_step_result *res)
{
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = runner_save(r, &err);
	if (rc != 0 && res)
		change_step_result_fail(res, err.remedy, _("check the free space and the permissions of .rdm-s3"),
					_("cannot write the change journal: %s"), err.message);
	rdm_error_clear(&err);
	return rc;
}

void runner_emit(struct runner *r, enum change_event_kind kind, size_t k, const struct change_step_result *res,
		 long ms)
{
	if (!r->o->progress)
		return;
	struct change_step_text t;
	change_step_describe(r->c, r->order[k], &t);
	struct change_event ev = {
		.kind = kind, .index = k, .count = r->n, .is_files = is_files(r, k), .title = t.title,
		.message = res ? res->message : NULL, .diagnosis = res ? res->diagnosis : NULL,
		.remedy = res ? res->remedy : NULL, .duration_ms = ms,
	};
	if (kind == CHANGE_EV_NOT_UNDONE && !ev.message)
		ev.message = t.undo;
	r->o->progress(r->o->progress_ctx, &ev);
	change_step_text_clear(&t);
}

struct output_fwd {
	struct runner *r;
	size_t k;
};

static void forward_output(void *ctx, const char *data, size_t len)
{
	struct output_fwd *f = ctx;
	if (!f || !f->r->o->progress)
		return;
	struct change_event ev = { .kind = CHANGE_EV_OUTPUT, .index = f->k, .count = f->r->n, .title = "",
				   .output = data, .output_len = len };
	f->r->o->progress(f->r->o->progress_ctx, &ev);
}

void runner_ctx_init(struct runner *r)
{
	r->ctx.instance_dir = r->c->instance_dir;
	r->ctx.envp = r->o->envp ? r->o->envp : environ;
	r->ctx.ca_file = r->o->ca_file;
	r->ctx.timeout_ms = r->o->timeout_ms;
	r->ctx.clock_offset = r->o->clock_offset;
	r->ctx.cancel = r->o->cancel;
	r->ctx.secrets = &r->c->secrets;
	r->ctx.resume_command = r->j.resume ? r->j.resume : r->c->resume_command;
	r->ctx.output = forward_output;
}

/* The test hook: die (or stop) at fault point N of the whole change. */
static void fault_point(struct runner *r)
{
	r->fault_count++;
	if (r->o->fault_at && r->o->fault_at == r->fault_count && r->o->fault_kind != PLAN_FAULT_ENOSPC)
		raise(r->o->fault_kind == PLAN_FAULT_STOP ? SIGSTOP : SIGKILL);
}

static int cancelled(const struct runner *r)
{
	return r->o->cancel && atomic_load(r->o->cancel) != 0;
}

/* Run step k: 0 done, 1 stopped, -1 failed. res gets what it said. */
static int exec_step(struct runner *r, size_t k, struct change_step_result *res)
{
	struct output_fwd fwd = { r, k };
	struct timespec t0;
	fault_point(r);
	runner_set_state(r, k, CHANGE_STEP_STARTED);
	if (save_or_fail(r, res) != 0)
		return -1;
	runner_emit(r, CHANGE_EV_STARTED, k, NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r->ctx.octx = &fwd;
	int rc;
	if (is_files(r, k)) {
		rc = change_files_run(r, k, res);
	} else {
		struct change_step *s = step_at(r, k);
		rc = s->type->run(s, &r->ctx, res);
	}
	r->ctx.octx = NULL;
	long ms = ms_since(&t0);
	fault_point(r);
	r->j.steps[k].ms = ms;
	runner_set_state(r, k, rc == 0 ? CHANGE_STEP_DONE : rc > 0 ? CHANGE_STEP_STOPPED : CHANGE_STEP_FAILED);
	if (rc > 0)
		r->j.state = JOURNAL_STOPPED;
	if (save_or_fail(r, rc == 0 ? res : NULL) != 0 && rc == 0)
		rc = -1;
	runner_emit(r, rc == 0 ? CHANGE_EV_DONE : rc > 0 ? CHANGE_EV_STOPPED : CHANGE_EV_FAILED, k, res, ms);
	return rc;
}

/* A step found STARTED on resume: is its effect in place? */
static int found_done(struct runner *r, size_t k)
{
	struct change_step *s = step_at(r, k);
	if (!s || !s->type->verify)
		return 0; /* the files step checks its set itself; others run again */
	struct change_step_result res = { 0 };
	int in_place = s->type->verify(s, &r->ctx, &res) == 1;
	change_step_result_clear(&res);
	return in_place;
}

static void record_failure(struct runner *r, size_t k, const struct change_step_result *res)
{
	struct change_step_text t;
	change_step_describe(r->c, r->order[k], &t);
	r->out->step_index = k;
	free(r->out->step_title);
	r->out->step_title = t.title;
	t.title = NULL;
	change_step_text_clear(&t);
	free(r->out->message);
	free(r->out->diagnosis);
	free(r->out->remedy);
	r->out->message = res->message ? xstrdup(res->message) : NULL;
	r->out->diagnosis = res->diagnosis ? xstrdup(res->diagnosis) : NULL;
	r->out->remedy = res->remedy ? xstrdup(res->remedy) : NULL;
}

/* Ends the journal: drops the secrets and the planned files. */
static void finish(struct runner *r, enum journal_state st)
{
	struct rdm_error ignored = RDM_ERROR_INIT;
	r->j.state = st;
	journal_save(&r->j, &ignored);
	rdm_error_clear(&ignored);
}

/* Undo steps [0, upto). */
static enum change_end roll_back(struct runner *r, size_t upto, int was_cancel)
{
	r->out->end = was_cancel ? CHANGE_END_CANCELLED : CHANGE_END_ROLLED_BACK;
	int rc = runner_undo(r, upto);
	if (rc != 0)
		r->out->end = CHANGE_END_BROKEN;
	finish(r, rc == 0 ? JOURNAL_ROLLED_BACK : JOURNAL_BROKEN);
	return r->out->end;
}

enum change_end runner_go(struct runner *r)
{
	for (size_t k = 0; k < r->n; k++) {
		enum change_step_state st = r->j.steps[k].state;
		int advisory = (step_flags(r, k) & CHANGE_STEP_ADVISORY) != 0;
		if (st == CHANGE_STEP_DONE || (st == CHANGE_STEP_FAILED && advisory)) {
			if (r->resuming)
				runner_emit(r, CHANGE_EV_ALREADY_DONE, k, NULL, 0);
			continue;
		}
		if (cancelled(r)) {
			struct change_step_result res = { 0 };
			change_step_result_set(&res, _("stopped on request before this step"));
			record_failure(r, k, &res);
			change_step_result_clear(&res);
			return roll_back(r, k, 1);
		}
		if (st == CHANGE_STEP_STARTED && found_done(r, k)) {
			runner_set_state(r, k, CHANGE_STEP_DONE);
			save_quiet(r);
			runner_emit(r, CHANGE_EV_ALREADY_DONE, k, NULL, 0);
			continue;
		}
		struct change_step_result res = { 0 };
		int rc = exec_step(r, k, &res);
		if (!is_files(r, k)) {
			change_step_result_clear(&step_at(r, k)->last);
			step_at(r, k)->last = res;
			memset(&res, 0, sizeof res);
		}
		const struct change_step_result *said = is_files(r, k) ? &res : &step_at(r, k)->last;
		if (rc > 0) {
			record_failure(r, k, said);
			change_step_result_clear(&res);
			r->out->end = CHANGE_END_STOPPED;
			return CHANGE_END_STOPPED;
		}
		if (rc < 0 && advisory) {
			r->out->n_advisory_failed++;
		} else if (rc < 0) {
			record_failure(r, k, said);
			change_step_result_clear(&res);
			return roll_back(r, k + 1, cancelled(r));
		}
		change_step_result_clear(&res);
	}
	finish(r, JOURNAL_DONE);
	r->out->end = CHANGE_END_DONE;
	return CHANGE_END_DONE;
}

/* --- undo -------------------------------------------------------------- */
static void push_title(char ***v, size_t *n, struct runner *r, size_t k, const char *extra)
{
	struct change_step_text t;
	change_step_describe(r->c, r->order[k], &t);
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = extra ? xasprintf("%s (%s)", t.title, extra) : xstrdup(t.title);
	change_step_text_clear(&t);
}

/* 0 undone (or nothing to undo), -1 failed. */
static int undo_one(struct runner *r, size_t k)
{
	struct change_step *s = step_at(r, k);
	struct change_step_result res = { 0 };
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (s && !s->type->undo) {
		struct change_step_text t;
		change_step_describe(r->c, r->order[k], &t);
		runner_set_state(r, k, CHANGE_STEP_NOT_UNDONE);
		save_quiet(r);
		runner_emit(r, CHANGE_EV_NOT_UNDONE, k, NULL, 0);
		push_title(&r->not_undone, &r->n_not_undone, r, k, t.undo);
		r->out->n_not_undone++;
		change_step_text_clear(&t);
		return 0;
	}
	struct output_fwd fwd = { r, k };
	r->ctx.octx = &fwd;
	int rc = s ? s->type->undo(s, &r->ctx, &res) : change_files_undo(r, k, &res);
	r->ctx.octx = NULL;
	long ms = ms_since(&t0);
	if (rc == 0) {
		runner_set_state(r, k, CHANGE_STEP_UNDONE);
		push_title(&r->undone, &r->n_undone, r, k, NULL);
	}
	save_quiet(r);
	runner_emit(r, rc == 0 ? CHANGE_EV_UNDONE : CHANGE_EV_UNDO_FAILED, k, &res, ms);
	if (rc != 0 && !r->out->message) {
		r->out->message = res.message ? xstrdup(res.message) : NULL;
		r->out->remedy = res.remedy ? xstrdup(res.remedy) : NULL;
	}
	change_step_result_clear(&res);
	return rc;
}

static int did_something(enum change_step_state st)
{
	return st == CHANGE_STEP_DONE || st == CHANGE_STEP_STARTED || st == CHANGE_STEP_FAILED ||
	       st == CHANGE_STEP_STOPPED;
}

int runner_undo(struct runner *r, size_t upto)
{
	size_t *deferred = xcalloc(r->n + 1, sizeof *deferred), n_def = 0;
	int broken = 0, files_seen = 0;
	r->j.state = JOURNAL_ROLLING_BACK;
	save_quiet(r);
	if (upto)
		runner_emit(r, CHANGE_EV_ROLLBACK, upto - 1, NULL, 0);
	for (size_t k = upto; k-- > 0 && !(files_seen && broken);) {
		unsigned flags = step_flags(r, k);
		if (is_files(r, k) && !did_something(r->j.steps[k].state)) {
			/* The files are old already (undone by an earlier, interrupted
			 * undo): the deferred restarts run here all the same. */
			files_seen = 1;
			for (size_t d = 0; d < n_def; d++)
				broken |= undo_one(r, deferred[d]) != 0;
			n_def = 0;
			continue;
		}
		if (!did_something(r->j.steps[k].state) || (flags & CHANGE_STEP_ADVISORY))
			continue;
		if (flags & CHANGE_STEP_UNDO_AFTER_FILES) {
			deferred[n_def++] = k;
			continue;
		}
		int failed = undo_one(r, k) != 0;
		broken |= failed;
		if (failed && (flags & CHANGE_STEP_UNDO_BARRIER)) {
			files_seen = 1; /* nothing before it, deferred restarts included */
			break;
		}
		if (is_files(r, k) && !broken) {
			files_seen = 1;
			for (size_t d = 0; d < n_def; d++)
				broken |= undo_one(r, deferred[d]) != 0;
			n_def = 0;
		} else if (is_files(r, k)) {
			files_seen = 1; /* the old files are not back: stop here */
		}
	}
	for (size_t d = 0; d < n_def && !(files_seen && broken); d++)
		broken |= undo_one(r, deferred[d]) != 0;
	free(deferred);
	return broken ? -1 : 0;
}

void runner_free(struct runner *r)
{
	backup_unlock(r->lock);
	journal_free(&r->j);
	free(r->order);
	undo_report_free(&r->files_rep);
	for (size_t i = 0; i < r->n_undone; i++)
		free(r->undone[i]);
	free(r->undone);
	for (size_t i = 0; i < r->n_not_undone; i++)
		free(r->not_undone[i]);
	free(r->not_undone);
}

/* --- change_run -------------------------------------------------------- */
static void journal_from_change(struct runner *r)
{
	struct change *c = r->c;
	r->j.command = xstrdup(c->command);
	r->j.resume = c->resume_command ? xstrdup(c->resume_command) : NULL;
	r->j.state = JOURNAL_RUNNING;
	change_fields_copy(&r->j.secrets, &c->secrets);
	for (size_t k = 0; k < r->n; k++) {
		if (is_files(r, k)) {
			journal_add_step(&r->j, CHANGE_FILES_KIND, CHANGE_PHASE_FILES, NULL);
			continue;
		}
		struct change_step *s = step_at(r, k);
		struct change_fields f = CHANGE_FIELDS_INIT;
		if (s->type->save)
			s->type->save(s, &f);
		journal_add_step(&r->j, s->type->kind, s->phase, &f);
		change_fields_free(&f);
	}
	/* The planned files, so that a resume after a kill can write them. */
	for (size_t i = 0; i < c->files.n_files; i++) {
		const struct plan_file *f = &c->files.files[i];
		if (!change_plan_file_changes(f))
			continue;
		plan_set_file(&r->j.plan, f->rel, buf_str(&f->old_data), f->old_data.len, f->old_exists,
			      buf_str(&f->new_data), f->new_data.len, f->secret);
		struct plan_file *jf = plan_find(&r->j.plan, f->rel);
		jf->new_exists = f->new_exists;
		jf->create_mode = f->create_mode;
	}
}

int change_run(struct change *c, const struct change_run_opts *o, struct change_outcome *out, struct rdm_error *err)
{
	struct runner r = { .c = c, .o = o, .out = out, .lock = -1 };
	memset(out, 0, sizeof *out);
	if (change_is_empty(c)) {
		out->end = CHANGE_END_NOTHING;
		return 0;
	}
	if (backup_lock(c->instance_dir, &r.lock, err) != 0)
		return -1;
	r.order = change_order(c, &r.n);
	if (journal_create(&r.j, c->instance_dir, o->now ? o->now : time(NULL), err) != 0) {
		runner_free(&r);
		return -1;
	}
	journal_from_change(&r);
	if (journal_save(&r.j, err) != 0) {
		unlink(r.j.path);
		runner_free(&r);
		return -1;
	}
	free(c->id);
	c->id = xstrdup(r.j.id);
	out->journal_id = xstrdup(r.j.id);
	runner_ctx_init(&r);
	runner_go(&r);
	runner_free(&r);
	return 0;
}
