/* The main menu's state (see menu_model.h). */
#include "config.h"
#include "model/menu_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/i18n.h"
#include "util/xalloc.h"

static const char *const item_labels[MENU__COUNT] = {
	N_("Set up storage"), N_("Rotate credentials"), N_("Health dashboard"),
	N_("Show configuration"), N_("Undo the last change"), N_("Quit"),
};

void menu_model_init(struct menu_model *m, const char *instance_dir)
{
	memset(m, 0, sizeof *m);
	m->instance_dir = xstrdup(instance_dir ? instance_dir : "");
	const char *slash = strrchr(m->instance_dir, '/');
	m->instance_name = xstrdup(slash && slash[1] ? slash + 1 : m->instance_dir);
	m->shown_dir = xstrdup(m->instance_dir);
}

void menu_change_free(struct menu_change *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_files; i++)
		free(c->files[i]);
	free(c->files);
	free(c->id);
	free(c->created);
	free(c->command);
	free(c);
}

void menu_info_clear(struct menu_info *info)
{
	free(info->endpoint_host);
	free(info->error);
	menu_change_free(info->last);
	memset(info, 0, sizeof *info);
}

static void clear_problems(struct menu_model *m);

void menu_model_free(struct menu_model *m)
{
	menu_info_clear(&m->info);
	free(m->instance_dir);
	free(m->instance_name);
	free(m->shown_dir);
	free(m->check_error);
	clear_problems(m);
	memset(m, 0, sizeof *m);
}

void menu_model_set_info(struct menu_model *m, struct menu_info *info)
{
	menu_info_clear(&m->info);
	m->info = *info;
	memset(info, 0, sizeof *info);
	m->info_state = m->info.error ? MENU_FAILED : MENU_READY;
}

void menu_model_check_started(struct menu_model *m)
{
	if (m->check_state != MENU_READY) /* keep the last verdict meanwhile */
		m->check_state = MENU_PENDING;
}

static void clear_problems(struct menu_model *m)
{
	for (size_t i = 0; i < m->n_problems; i++) {
		free(m->problems[i].id);
		free(m->problems[i].message);
	}
	free(m->problems);
	m->problems = NULL;
	m->n_problems = 0;
}

static int is_problem(enum check_status s)
{
	return s == CHECK_CRIT || s == CHECK_WARN || s == CHECK_UNKNOWN;
}

void menu_model_check_done(struct menu_model *m, const struct check_report *rep, time_t at)
{
	check_report_count(rep, m->counts);
	m->verdict = check_report_worst(rep);
	clear_problems(m);
	m->problems = xcalloc(rep->n + 1, sizeof *m->problems);
	/* Worst first, in table order within a status. */
	static const enum check_status order[] = { CHECK_CRIT, CHECK_WARN, CHECK_UNKNOWN };
	for (size_t k = 0; k < sizeof order / sizeof order[0]; k++)
		for (size_t i = 0; i < rep->n; i++) {
			const struct check_result *r = &rep->results[i];
			if (r->status != order[k] || !is_problem(r->status))
				continue;
			struct menu_problem *p = &m->problems[m->n_problems++];
			p->id = xstrdup(r->id);
			p->status = r->status;
			p->message = xstrdup(r->message ? r->message : "");
		}
	m->checked_at = at;
	m->check_state = MENU_READY;
	free(m->check_error);
	m->check_error = NULL;
}

void menu_model_check_failed(struct menu_model *m, const char *message)
{
	free(m->check_error);
	m->check_error = xstrdup(message ? message : "?");
	m->check_state = MENU_FAILED;
}

const char *menu_item_label(enum menu_item it)
{
	return it < MENU__COUNT ? _(item_labels[it]) : "";
}

const char *menu_item_unavailable(const struct menu_model *m, enum menu_item it)
{
	switch (it) {
	case MENU_SETUP:
		return m->setup_available ? NULL
		       : _("The setup wizard is not in this build yet: the storage settings can be "
			   "changed with 'rdm-s3 config set' and 'rdm-s3 config set-secret'.");
	case MENU_ROTATE:
		return m->rotate_available ? NULL
		       : _("Credential rotation is not available yet. Until it is, change a key with "
			   "'rdm-s3 config set-secret', restart the services, check with 'rdm-s3 "
			   "check', then remove the old key on the server.");
	case MENU_UNDO:
		if (m->info_state == MENU_PENDING)
			return _("Still reading the instance's change history; try again in a moment.");
		if (m->info_state == MENU_FAILED)
			return _("The instance's files could not be read (see above), so there is "
				 "nothing to undo from here.");
		return m->info.last ? NULL : _("Nothing to undo: rdm-s3 has not changed this instance.");
	default:
		return NULL;
	}
}

void menu_change_when(const struct menu_change *c, time_t now, char out[32])
{
	struct tm tm, today;
	char day[16], then_day[16];
	memset(&tm, 0, sizeof tm);
	/* created is "YYYY-MM-DDTHH:MM:SSZ" (UTC); shown in local time, like
	 * every other time on the screen. */
	if (!c->created || sscanf(c->created, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon,
				  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
		snprintf(out, 32, "%s", c->created ? c->created : "?");
		return;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	if (!localtime_r(&t, &tm) || !strftime(then_day, sizeof then_day, "%Y-%m-%d", &tm)) {
		snprintf(out, 32, "%s", c->created);
		return;
	}
	if (localtime_r(&now, &today) && strftime(day, sizeof day, "%Y-%m-%d", &today) &&
	    !strcmp(day, then_day))
		snprintf(out, 32, _("today %02d:%02d"), tm.tm_hour, tm.tm_min);
	else
		snprintf(out, 32, "%s %02d:%02d", then_day, tm.tm_hour, tm.tm_min);
}

static char *undo_detail(const struct menu_model *m)
{
	char when[32];
	const struct menu_change *c = m->info.last;
	if (m->info_state == MENU_PENDING)
		return xstrdup(_("reading..."));
	if (!c)
		return xstrdup(_("nothing to undo"));
	menu_change_when(c, m->info.read_at, when);
	return c->n_files == 1
	       ? xasprintf(_("%s, %s (1 file)"), c->command, when)
	       : xasprintf(_("%s, %s (%zu files)"), c->command, when, c->n_files);
}

char *menu_item_detail(const struct menu_model *m, enum menu_item it)
{
	switch (it) {
	case MENU_SETUP:
		return xstrdup(m->setup_available ? _("MinIO, Amazon S3 or another S3 server, end to end")
				: _("not in this build yet"));
	case MENU_ROTATE:
		return xstrdup(m->rotate_available ? _("new key, proven, written, old key revoked")
				: _("not available yet"));
	case MENU_DASHBOARD: return xstrdup(_("the health checks, live"));
	case MENU_CONFIG: return xstrdup(_("every storage setting and where it comes from"));
	case MENU_UNDO: return undo_detail(m);
	default: return xstrdup("");
	}
}

char *menu_storage_text(const struct menu_model *m)
{
	if (m->info_state != MENU_READY)
		return xstrdup(m->info_state == MENU_PENDING ? "..." : "?");
	switch (m->info.storage) {
	case MENU_STORAGE_LOCAL: return xstrdup(_("local files"));
	case MENU_STORAGE_MINIO: return xstrdup("MinIO");
	case MENU_STORAGE_AWS: return xstrdup("Amazon S3");
	case MENU_STORAGE_OTHER:
		return xasprintf(_("S3 at %s"), m->info.endpoint_host ? m->info.endpoint_host : "?");
	default: return xstrdup("?");
	}
}

static unsigned move(struct menu_model *m, size_t to)
{
	if (to == m->selected && !m->notice)
		return MENU_EV_NONE;
	m->selected = to;
	m->notice = NULL;
	return MENU_EV_REDRAW;
}

static unsigned open_item(struct menu_model *m, size_t it)
{
	m->selected = it;
	m->notice = menu_item_unavailable(m, (enum menu_item)it);
	if (m->notice)
		return MENU_EV_REDRAW;
	if (it == MENU_QUIT)
		return MENU_EV_QUIT;
	m->opened = (enum menu_item)it;
	return MENU_EV_OPEN | MENU_EV_REDRAW;
}

unsigned menu_model_act(struct menu_model *m, enum menu_action a, int arg)
{
	switch (a) {
	case MENU_ACT_UP: return move(m, m->selected ? m->selected - 1 : 0);
	case MENU_ACT_DOWN: return move(m, m->selected + 1 < MENU__COUNT ? m->selected + 1 : m->selected);
	case MENU_ACT_HOME: return move(m, 0);
	case MENU_ACT_END: return move(m, MENU__COUNT - 1);
	case MENU_ACT_OPEN: return open_item(m, m->selected);
	case MENU_ACT_SELECT:
		return arg >= 0 && arg < MENU__COUNT ? open_item(m, (size_t)arg) : MENU_EV_NONE;
	case MENU_ACT_QUIT: return MENU_EV_QUIT;
	}
	return MENU_EV_NONE;
}

/* The host of a URL: after "scheme://" and any "user@", up to ':' or '/'
 * ("[v6]" without the brackets). */
static char *url_host(const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	const char *at = strchr(p, '@'), *slash = strchr(p, '/');
	if (at && (!slash || at < slash))
		p = at + 1;
	if (*p == '[') {
		const char *end = strchr(p, ']');
		return end ? xstrndup(p + 1, (size_t)(end - p - 1)) : xstrdup(p + 1);
	}
	return xstrndup(p, strcspn(p, ":/"));
}

static int host_is(const char *host, const char *name)
{
	return !strcasecmp(host, name);
}

enum menu_storage menu_storage_classify(const char *factory, const char *endpoint,
					const char *minio_service, char **host)
{
	*host = NULL;
	if (!factory || !strstr(factory, "s3"))
		return MENU_STORAGE_LOCAL;
	if (!endpoint || !*endpoint)
		return MENU_STORAGE_AWS; /* boto3's default endpoint */
	*host = url_host(endpoint);
	size_t n = strlen(*host);
	if (host_is(*host, "amazonaws.com") ||
	    (n > 14 && host_is(*host + n - 14, ".amazonaws.com")))
		return MENU_STORAGE_AWS;
	if (minio_service && (host_is(*host, "localhost") || host_is(*host, "127.0.0.1") ||
			      host_is(*host, "::1") || host_is(*host, minio_service)))
		return MENU_STORAGE_MINIO;
	return MENU_STORAGE_OTHER;
}
