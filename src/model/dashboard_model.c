/* The dashboard's state: rows fed from check reports, user actions. */
#include "config.h"
#include "model/dashboard_model.h"

#include <stdlib.h>
#include <string.h>

#include "ops/fix/fix.h"
#include "util/i18n.h"
#include "util/xalloc.h"
#include "util/i18n.h"

void dash_model_init(struct dash_model *m, int interval_s)
{
	memset(m, 0, sizeof *m);
	m->interval_s = interval_s;
}

static void row_clear_result(struct dash_row *r)
{
	free(r->message);
	free(r->remedy);
	for (size_t i = 0; i < r->n_settings; i++)
		free(r->settings[i]);
	free(r->settings);
	r->message = r->remedy = NULL;
	r->settings = NULL;
	r->n_settings = 0;
}

void dash_model_free(struct dash_model *m)
{
	for (size_t i = 0; i < m->n_rows; i++) {
		row_clear_result(&m->rows[i]);
		free(m->rows[i].id);
		free(m->rows[i].title);
	}
	free(m->rows);
	free(m->instance);
	free(m->run_error);
	free(m->notice);
	memset(m, 0, sizeof *m);
}

void dash_model_run_started(struct dash_model *m, time_t now)
{
	m->running = 1;
	m->started_at = now;
}

static struct dash_row *row_find_or_add(struct dash_model *m, const char *id, const char *title)
{
	for (size_t i = 0; i < m->n_rows; i++)
		if (strcmp(m->rows[i].id, id) == 0)
			return &m->rows[i];
	m->rows = xrealloc(m->rows, (m->n_rows + 1) * sizeof *m->rows);
	struct dash_row *r = &m->rows[m->n_rows++];
	memset(r, 0, sizeof *r);
	r->id = xstrdup(id);
	r->title = xstrdup(title ? title : id);
	r->status = CHECK_UNKNOWN;
	r->latency = -1;
	return r;
}

static void row_push_sample(struct dash_row *r, double latency, enum check_status s)
{
	size_t slot = (r->hist_head + r->hist_len) % DASH_HISTORY;
	if (r->hist_len == DASH_HISTORY)
		r->hist_head = (r->hist_head + 1) % DASH_HISTORY;
	else
		r->hist_len++;
	r->history[slot] = (struct dash_sample){ latency, s };
}

static void row_take_result(struct dash_row *r, const struct check_result *res, time_t now,
			    int first_run)
{
	if (!first_run && r->status != res->status)
		r->changed_at = now;
	row_clear_result(r);
	r->status = res->status;
	r->latency = res->latency_seconds;
	r->message = xstrdup(res->message ? res->message : "");
	r->remedy = res->remedy ? xstrdup(res->remedy) : NULL;
	if (res->n_settings) {
		r->settings = xcalloc(res->n_settings, sizeof *r->settings);
		for (size_t i = 0; i < res->n_settings; i++)
			r->settings[i] = xstrdup(res->settings[i]);
		r->n_settings = res->n_settings;
	}
	row_push_sample(r, res->latency_seconds, res->status);
	r->seen = 1;
	r->fixes = res->fixes;
}

void dash_model_apply_report(struct dash_model *m, const struct check_report *rep, time_t now,
			     double duration)
{
	const char *selected_id = m->n_rows ? m->rows[m->selected].id : NULL;
	char *keep = selected_id ? xstrdup(selected_id) : NULL;
	int first_run = m->runs == 0;

	for (size_t i = 0; i < m->n_rows; i++)
		m->rows[i].seen = 0;
	for (size_t i = 0; i < rep->n; i++) {
		const struct check_result *res = &rep->results[i];
		struct dash_row *r = row_find_or_add(m, res->id, res->title);
		row_take_result(r, res, now, first_run || r->hist_len == 0);
	}
	check_report_count(rep, m->counts);
	free(m->instance);
	m->instance = rep->instance ? xstrdup(rep->instance) : NULL;
	free(m->run_error);
	m->run_error = NULL;
	m->running = 0;
	m->runs++;
	m->finished_at = now;
	m->duration = duration;
	m->selected = 0;
	for (size_t i = 0; keep && i < m->n_rows; i++)
		if (strcmp(m->rows[i].id, keep) == 0)
			m->selected = i;
	free(keep);
}

void dash_model_run_failed(struct dash_model *m, const char *message, time_t now)
{
	free(m->run_error);
	m->run_error = xstrdup(message ? message : _("the checks could not run"));
	m->running = 0;
	m->finished_at = now;
	m->duration = 0;
}

static unsigned move_selection(struct dash_model *m, enum dash_action a)
{
	size_t old = m->selected;
	if (m->n_rows == 0)
		return DASH_EV_NONE;
	if (a == DASH_ACT_UP && m->selected > 0)
		m->selected--;
	else if (a == DASH_ACT_DOWN && m->selected + 1 < m->n_rows)
		m->selected++;
	else if (a == DASH_ACT_HOME)
		m->selected = 0;
	else if (a == DASH_ACT_END)
		m->selected = m->n_rows - 1;
	if (m->selected == old)
		return DASH_EV_NONE;
	m->detail_scroll = 0; /* another check's detail starts at its top */
	return DASH_EV_REDRAW;
}

static size_t detail_max_scroll(const struct dash_model *m)
{
	return m->detail_lines > m->detail_page ? m->detail_lines - m->detail_page : 0;
}

void dash_model_detail_layout(struct dash_model *m, size_t lines, size_t page)
{
	m->detail_lines = lines;
	m->detail_page = page;
	if (m->detail_scroll > detail_max_scroll(m))
		m->detail_scroll = detail_max_scroll(m);
}

int dash_model_detail_more(const struct dash_model *m)
{
	return m->detail_open && m->detail_scroll < detail_max_scroll(m);
}

/* A page less one line, so a line of context stays in view. */
static unsigned scroll_detail(struct dash_model *m, int down)
{
	size_t step = m->detail_page > 1 ? m->detail_page - 1 : 1, old = m->detail_scroll;
	if (!m->detail_open)
		return DASH_EV_NONE;
	if (down)
		m->detail_scroll = old + step < detail_max_scroll(m) ? old + step : detail_max_scroll(m);
	else
		m->detail_scroll = old > step ? old - step : 0;
	return m->detail_scroll != old ? DASH_EV_REDRAW : DASH_EV_NONE;
}

const char *dash_model_fix_note(const struct dash_model *m, const struct dash_row *r, int *fixable)
{
	*fixable = 0;
	if (!r || (!r->fixes && (r->status == CHECK_OK || r->status == CHECK_INFO || r->status == CHECK_SKIPPED)))
		return NULL;
	if (!r->fixes)
		return fix_unavailable(r->id);
	if (!m->can_fix)
		return _("fixes are applied to an instance: run the dashboard in the instance's folder");
	*fixable = 1;
	return fix_summary(r->fixes);
}

/* f: the fix of the selected row, or why there is none (the notice). */
static unsigned fix(struct dash_model *m)
{
	const struct dash_row *r = dash_model_selected(m);
	int fixable;
	const char *note = dash_model_fix_note(m, r, &fixable);
	if (fixable)
		return DASH_EV_FIX;
	if (r && !note && r->status == CHECK_INFO) /* a note: why it stays one */
		note = fix_unavailable(r->id);
	if (!r)
		m->notice = xstrdup(_("no results yet: nothing to fix"));
	else if (!note)
		m->notice = xasprintf(_("%s: nothing to fix"), r->id);
	else
		m->notice = xasprintf(_("no automatic fix for %s: %s"), r->id, note);
	return DASH_EV_REDRAW;
}

unsigned dash_model_act(struct dash_model *m, enum dash_action a)
{
	if (m->notice) { /* shown until the next key */
		free(m->notice);
		m->notice = NULL;
		if (a != DASH_ACT_FIX && !m->help_open) {
			unsigned ev = dash_model_act(m, a);
			return ev | DASH_EV_REDRAW;
		}
	}
	if (m->help_open) {
		/* Help is modal: any key only closes it (like htop's). */
		m->help_open = 0;
		return DASH_EV_REDRAW;
	}
	switch (a) {
	case DASH_ACT_UP:
	case DASH_ACT_DOWN:
	case DASH_ACT_HOME:
	case DASH_ACT_END:
		return move_selection(m, a);
	case DASH_ACT_DETAIL:
		m->detail_open = !m->detail_open;
		m->detail_scroll = 0;
		return DASH_EV_REDRAW;
	case DASH_ACT_DETAIL_DOWN:
	case DASH_ACT_DETAIL_UP:
		return scroll_detail(m, a == DASH_ACT_DETAIL_DOWN);
	case DASH_ACT_CLOSE:
		if (!m->detail_open)
			return DASH_EV_NONE;
		m->detail_open = 0;
		return DASH_EV_REDRAW;
	case DASH_ACT_RERUN:
		return m->running ? DASH_EV_NONE : DASH_EV_RERUN;
	case DASH_ACT_PAUSE:
		m->paused = !m->paused;
		return DASH_EV_PAUSE | DASH_EV_REDRAW;
	case DASH_ACT_HELP:
		m->help_open = 1;
		return DASH_EV_REDRAW;
	case DASH_ACT_QUIT:
		return DASH_EV_QUIT;
	case DASH_ACT_FIX:
		return fix(m);
	}
	return DASH_EV_NONE;
}

const struct dash_row *dash_model_selected(const struct dash_model *m)
{
	return m->n_rows ? &m->rows[m->selected] : NULL;
}

enum check_status dash_model_worst(const struct dash_model *m)
{
	enum check_status worst = CHECK_OK;
	for (size_t i = 0; i < m->n_rows; i++)
		if (m->rows[i].seen)
			worst = check_status_worse(worst, m->rows[i].status);
	return worst;
}

static int spark_level(double v, double max)
{
	if (max <= 0)
		return 0;
	int level = (int)(v / max * DASH_SPARK_LEVELS);
	return level >= DASH_SPARK_LEVELS ? DASH_SPARK_LEVELS - 1 : level;
}

void dash_row_spark(const struct dash_row *r, size_t width, int *out)
{
	size_t shown = r->hist_len < width ? r->hist_len : width;
	size_t first = r->hist_len - shown; /* index (from head) of the oldest shown */
	double max = 0;
	for (size_t i = 0; i < width; i++)
		out[i] = DASH_SPARK_NONE;
	for (size_t i = 0; i < shown; i++) {
		const struct dash_sample *s = &r->history[(r->hist_head + first + i) % DASH_HISTORY];
		if (s->status != CHECK_CRIT && s->latency > max)
			max = s->latency;
	}
	for (size_t i = 0; i < shown; i++) {
		const struct dash_sample *s = &r->history[(r->hist_head + first + i) % DASH_HISTORY];
		int *o = &out[width - shown + i];
		if (s->status == CHECK_CRIT)
			*o = DASH_SPARK_FAIL;
		else if (s->latency >= 0)
			*o = spark_level(s->latency, max);
	}
}
