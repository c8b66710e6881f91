/* The check runner: selection, waves in dependency order, skip propagation.
 * See check_run.h for the model; this file holds no check knowledge. */
#include "config.h"
#include "ops/check/check_run.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"
#include "util/i18n.h"

enum run_state {
	RUN_LEFT_OUT = 0, /* not selected (--only): not in the report */
	RUN_PENDING,
	RUN_ACTIVE,       /* in the current wave */
	RUN_DONE,
};

struct check_runner {
	const struct check *const *table;
	size_t n;
	enum run_state *state;
	struct check_result *results;
	const char **root;   /* for a blocked check: the check that failed first */
	unsigned gathered;   /* kinds of facts already gathered */
	unsigned wave_needs; /* kinds requested for the current wave */
};

static int id_listed(const char *const *ids, const char *id)
{
	for (size_t i = 0; ids && ids[i]; i++)
		if (strcmp(ids[i], id) == 0)
			return 1;
	return 0;
}

static int selection_validate(const struct check *const *table, const struct check_selection *sel,
			      struct rdm_error *err)
{
	const char *const *lists[2] = { sel ? sel->only : NULL, sel ? sel->skip : NULL };
	for (size_t l = 0; l < 2; l++)
		for (size_t i = 0; lists[l] && lists[l][i]; i++)
			if (!check_find(table, lists[l][i])) {
				char *known = check_table_ids(table);
				rdm_error_set(err, _("unknown check '%s'"), lists[l][i]);
				rdm_error_remedy(err, _("known checks: %s"), known);
				free(known);
				return -1;
			}
	return 0;
}

/* Marks the checks the selection leaves out, and resolves the ones skipped
 * on request right away. */
static void runner_select(struct check_runner *r, const struct check_selection *sel)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct check *c = r->table[i];
		check_result_init(&r->results[i], c);
		if (sel && sel->only && !id_listed(sel->only, c->id)) {
			r->state[i] = RUN_LEFT_OUT;
		} else if (sel && id_listed(sel->skip, c->id)) {
			check_result_skip(&r->results[i], 0, _("skipped on request (--skip)"));
			r->state[i] = RUN_DONE;
		} else if (sel && sel->no_canary && c->writes) {
			check_result_skip(&r->results[i], 0,
					  _("skipped: read-only mode (--no-canary) writes nothing"));
			r->state[i] = RUN_DONE;
		} else {
			r->state[i] = RUN_PENDING;
		}
	}
}

struct check_runner *check_runner_new(const struct check *const *table,
				      const struct check_selection *sel, struct rdm_error *err)
{
	if (check_table_validate(table, err) != 0 || selection_validate(table, sel, err) != 0)
		return NULL;
	struct check_runner *r = xcalloc(1, sizeof(*r));
	r->table = table;
	while (table[r->n])
		r->n++;
	r->state = xcalloc(r->n, sizeof(*r->state));
	r->results = xcalloc(r->n, sizeof(*r->results));
	r->root = xcalloc(r->n, sizeof(*r->root));
	runner_select(r, sel);
	return r;
}

unsigned check_runner_needs(const struct check_runner *r)
{
	unsigned needs = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->state[i] == RUN_PENDING)
			needs |= r->table[i]->needs;
	return needs;
}

static long index_of(const struct check_runner *r, const char *id)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->table[i]->id, id) == 0)
			return (long)i;
	return -1;
}

/* 1 when every dependency of check i is resolved (done, or not evaluated
 * at all); *blocker is set to the index of the first one that blocks, or
 * -1. */
static int deps_resolved(const struct check_runner *r, size_t i, long *blocker)
{
	const char *const *deps = r->table[i]->depends_on;
	*blocker = -1;
	for (size_t d = 0; deps && deps[d]; d++) {
		long j = index_of(r, deps[d]);
		if (j < 0 || r->state[j] == RUN_LEFT_OUT)
			continue;
		if (r->state[j] != RUN_DONE)
			return 0;
		if (r->results[j].blocks && *blocker < 0)
			*blocker = j;
	}
	return 1;
}

static void skip_blocked(struct check_runner *r, size_t i, size_t j)
{
	const char *root = r->root[j] ? r->root[j] : r->table[j]->id;
	long k = index_of(r, root);
	enum check_status st = k >= 0 ? r->results[k].status : CHECK_UNKNOWN;
	r->root[i] = root;
	if (st == CHECK_SKIPPED)
		check_result_skip(&r->results[i], 1, _("skipped: depends on %s, which was skipped"), root);
	else
		check_result_skip(&r->results[i], 1, _("skipped: depends on %s, which is %s"), root,
				  check_status_name(st));
	r->state[i] = RUN_DONE;
}

int check_runner_next(struct check_runner *r, unsigned *needs)
{
	unsigned wave = 0;
	int active = 0;
	/* The table is in dependency order (check_table_validate), so one pass
	 * resolves chains of blocked checks. */
	for (size_t i = 0; i < r->n; i++) {
		long blocker;
		if (r->state[i] != RUN_PENDING || !deps_resolved(r, i, &blocker))
			continue;
		if (blocker >= 0) {
			skip_blocked(r, i, (size_t)blocker);
			continue;
		}
		r->state[i] = RUN_ACTIVE;
		wave |= r->table[i]->needs;
		active = 1;
	}
	r->wave_needs = wave & ~r->gathered;
	*needs = active ? r->wave_needs : 0;
	return active;
}

void check_runner_feed(struct check_runner *r, const struct check_facts *facts)
{
	r->gathered |= r->wave_needs;
	r->wave_needs = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (r->state[i] != RUN_ACTIVE)
			continue;
		r->table[i]->verdict(facts, &r->results[i]);
		if (!r->results[i].message)
			check_result_note(&r->results[i], CHECK_UNKNOWN, NULL,
					  _("internal error: the check gave no verdict"));
		r->state[i] = RUN_DONE;
	}
}

void check_runner_finish(struct check_runner *r, const char *instance_label,
			 struct check_report *out)
{
	memset(out, 0, sizeof(*out));
	out->instance = xstrdup(instance_label ? instance_label : "");
	out->results = xcalloc(r->n, sizeof(*out->results));
	for (size_t i = 0; i < r->n; i++) {
		if (r->state[i] == RUN_LEFT_OUT)
			continue;
		out->results[out->n++] = r->results[i];
		memset(&r->results[i], 0, sizeof(r->results[i]));
	}
}

void check_runner_free(struct check_runner *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		check_result_clear(&r->results[i]);
	free(r->results);
	free(r->state);
	free(r->root);
	free(r);
}

int check_run(const struct check *const *table, const struct check_selection *sel,
	      struct check_probe *probe, const char *instance_label,
	      struct check_report *out, struct rdm_error *err)
{
	struct check_facts facts;
	unsigned needs;
	struct check_runner *r = check_runner_new(table, sel, err);
	if (!r)
		return -1;
	memset(&facts, 0, sizeof(facts));
	if (probe->begin(probe, check_runner_needs(r), &facts, err) != 0) {
		check_runner_free(r);
		return -1;
	}
	while (check_runner_next(r, &needs)) {
		if (needs)
			probe->gather(probe, needs, &facts);
		check_runner_feed(r, &facts);
	}
	check_runner_finish(r, instance_label, out);
	probe->end(probe, &facts);
	check_runner_free(r);
	return 0;
}
