/* The bodies of the wizard's first six steps: instance, storage, endpoint
 * and region, credentials, bucket, CORS. Each field has its label, the
 * field, and under it what the engine says about the value as typed. */
#include "config.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "tui/shell/draw.h"
#include "tui/widget/list.h"
#include "tui/wizard/wizard_int.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

#define LABEL_W 15
#define FIELD_MAX 44

struct pen {
	struct tui_draw_ctx *d;
	const struct wizard_area *a;
	int y;
};

static int room(const struct pen *p)
{
	return p->a->y + p->a->h - p->y;
}

/* A wrapped paragraph at column off of the body. */
/* Prose stays narrower than tables (see wizard_draw_apply.c). */
#define PROSE_MAX 80

static void para(struct pen *p, int off, const char *text, attr_t at, short pair)
{
	size_t n;
	int w = (p->a->w < PROSE_MAX ? p->a->w : PROSE_MAX) - off;
	char **lines = tui_wrap_lines(text, w, &n);
	for (size_t i = 0; i < n && room(p) > 0; i++)
		tui_put(p->d->w, p->y++, p->a->x + off, p->a->w - off, lines[i], at, pair);
	tui_lines_free(lines);
}

static void gap(struct pen *p)
{
	if (room(p) > 0)
		p->y++;
}

static void status_para(struct pen *p, int off, enum check_status s, const char *text)
{
	attr_t at;
	short pair;
	tui_status_style(p->d->st, s, &at, &pair);
	para(p, off, text, at, pair);
}

/* What the engine said about a field, under it. */
static void check_line(struct pen *p, const struct setup_field_check *fc)
{
	if (fc && fc->message && fc->level != SETUP_OK)
		status_para(p, LABEL_W, fc->level == SETUP_ERROR ? CHECK_CRIT : CHECK_WARN, fc->message);
}

static void field_row(struct pen *p, struct wizard *w, enum setup_input in, const char *label,
		      const char *after)
{
	/* The field leaves room for the words after it. */
	int fw = p->a->w - LABEL_W - (after ? tui_text_width(after) + 1 : 0);
	if (fw > FIELD_MAX)
		fw = FIELD_MAX;
	if (fw < 12)
		fw = 12;
	if (room(p) <= 0)
		return;
	tui_put(p->d->w, p->y, p->a->x, LABEL_W - 1, label, w->m.focus == in ? A_BOLD : A_NORMAL, 0);
	tui_field_draw(&w->fields[in], p->d, p->y, p->a->x + LABEL_W, fw, w->m.focus == in);
	if (after && LABEL_W + fw + 1 < p->a->w)
		tui_put(p->d->w, p->y, p->a->x + LABEL_W + fw + 1, p->a->w - LABEL_W - fw - 1, after, A_NORMAL, 0);
	p->y++;
	check_line(p, setup_model_input_check(&w->m, in));
}

static void kv(struct pen *p, const char *key, const char *value, const char *where)
{
	if (room(p) <= 0)
		return;
	tui_put(p->d->w, p->y, p->a->x + 2, 12, key, A_NORMAL, 0);
	int used = tui_put(p->d->w, p->y, p->a->x + 14, p->a->w - 14, value ? value : "-", A_BOLD, 0);
	if (where && 14 + used + 2 < p->a->w) {
		char *t = xasprintf("(%s)", where);
		tui_put(p->d->w, p->y, p->a->x + 16 + used, p->a->w - 16 - used, t, A_NORMAL, 0);
		free(t);
	}
	p->y++;
}

static const char *storage_label(enum setup_storage s)
{
	switch (s) {
	case SETUP_STORAGE_MINIO: return "MinIO";
	case SETUP_STORAGE_RUSTFS: return "RustFS";
	case SETUP_STORAGE_AWS: return "Amazon S3";
	default: return _("Other S3");
	}
}

static void draw_instance(struct wizard *w, struct pen *p)
{
	const struct setup_model *m = &w->m;
	const struct setup_survey *sv = m->sv;
	if (m->survey_state == SETUP_LIVE_RUNNING) {
		para(p, 0, _("Reading the instance's files..."), A_NORMAL, 0);
		return;
	}
	if (m->survey_state == SETUP_LIVE_FAILED) {
		status_para(p, 0, CHECK_CRIT, m->survey_error);
		return;
	}
	kv(p, _("instance"), w->cfg.shown_dir, NULL);
	char *today = xasprintf(_("Today it uses %s: %s."), storage_label(sv->kind),
				w->cfg.eng->storage_summary(sv->kind));
	gap(p);
	para(p, 0, sv->uses_invenio_s3 ? today : _("Today it keeps its files on the app's disk."), A_NORMAL, 0);
	free(today);
	kv(p, _("endpoint"), sv->endpoint, sv->endpoint_where);
	kv(p, _("access key"), sv->access_key_id, sv->access_key_where);
	kv(p, _("bucket"), sv->bucket, NULL);
	kv(p, _("site"), sv->site_url, sv->site_url_where);
	kv(p, _("keys in"), sv->creds_in == SETUP_CREDS_ENV ? ".env" : "invenio.cfg", NULL);
	if (sv->n_placeholders) {
		gap(p);
		status_para(p, 0, CHECK_WARN, _("Still the placeholder CHANGE_ME:"));
		for (size_t i = 0; i < sv->n_placeholders && room(p) > 2; i++)
			para(p, 2, sv->placeholders[i], A_NORMAL, 0);
	}
	if (sv->pending_change) {
		char *t = xasprintf(_("An earlier change was not finished: '%s' completes it."),
				    sv->pending_resume ? sv->pending_resume : SETUP_RESUME_COMMAND);
		status_para(p, 0, CHECK_WARN, t);
		free(t);
	}
	gap(p);
	para(p, 0, _("Nothing is written before the Review step. Enter to begin."), A_NORMAL, 0);
}

static const char *const storage_help[SETUP_STORAGE__COUNT] = {
	N_("The MinIO container of docker-services.yml: setup gives it a root user and a strong "
	   "password, points the app at it, creates the bucket and restarts the container."),
	N_("The RustFS container of docker-services.yml, set up the same way as MinIO."),
	N_("Amazon S3: you give the region and an access key; setup proves the key, then picks "
	   "or creates the bucket and sets its CORS rule."),
	N_("Any S3-compatible server (Ceph RADOS Gateway, Garage, ...): you give its URL and a "
	   "key; setup proves the key before going on."),
};

static void draw_storage(struct wizard *w, struct pen *p)
{
	struct tui_list_row rows[8];
	char *details[8];
	struct tui_list l;
	size_t n = setup_n_storage_choices;
	para(p, 0, _("Where should the instance keep its files?"), A_BOLD, 0);
	gap(p);
	for (size_t i = 0; i < n; i++) {
		enum setup_storage s = setup_storage_choices[i];
		details[i] = xasprintf("%s%s", w->cfg.eng->storage_summary(s),
				       w->m.sv && s == w->m.sv->kind ? _(" (today)") : "");
		rows[i] = (struct tui_list_row){ storage_label(s), details[i], 0 };
	}
	tui_list_init(&l, n);
	l.selected = w->m.storage_sel;
	l.label_width = 11;
	tui_list_draw(&l, rows, p->d, p->y, p->a->x, (int)n, p->a->w, 1);
	p->y += (int)n;
	for (size_t i = 0; i < n; i++)
		free(details[i]);
	check_line(p, setup_model_input_check(&w->m, SETUP_IN_STORAGE));
	gap(p);
	para(p, 0, _(storage_help[w->m.draft.storage]), A_NORMAL, 0);
}

static void draw_aws_region(struct wizard *w, struct pen *p)
{
	struct tui_list_row rows[32];
	struct tui_list l;
	size_t n = 0;
	while (setup_aws_regions[n] && n < 32) {
		rows[n] = (struct tui_list_row){ setup_aws_regions[n], NULL, 0 };
		n++;
	}
	para(p, 0, _("The region of the bucket (Up/Down):"), A_BOLD, 0);
	tui_list_init(&l, n);
	l.selected = w->m.region_sel;
	int h = room(p) - 5 < 8 ? room(p) - 5 : 8;
	if (!w->m.region_from_list)
		para(p, 2, _("(none chosen: found from the bucket)"), A_NORMAL, 0);
	else if (h > 0) {
		tui_list_draw(&l, rows, p->d, p->y, p->a->x, h, 24, 1);
		p->y += h;
	}
	check_line(p, setup_model_input_check(&w->m, SETUP_IN_REGION));
	gap(p);
	para(p, 0, _("The endpoint follows: https://s3.REGION.amazonaws.com."), A_NORMAL, 0);
}

static void draw_endpoint(struct wizard *w, struct pen *p)
{
	if (w->m.draft.storage == SETUP_STORAGE_AWS) {
		draw_aws_region(w, p);
		return;
	}
	para(p, 0, _("Where the app and the browsers reach the storage"), A_BOLD, 0);
	gap(p);
	field_row(p, w, SETUP_IN_ENDPOINT, _("Endpoint"), NULL);
	gap(p);
	field_row(p, w, SETUP_IN_REGION, _("Region"), _("optional"));
	gap(p);
	para(p, 0, _("Browsers download files from presigned links to this host, so it must be "
		     "reachable from them, not only from the server. The region is the one the "
		     "server signs with; most servers other than Amazon S3 accept any."),
	     A_NORMAL, 0);
}

static void draw_radio(struct wizard *w, struct pen *p)
{
	const struct tui_glyphs *g = tui_glyphs(p->d->st);
	int env = w->m.draft.creds_in == SETUP_CREDS_ENV, focus = w->m.focus == SETUP_IN_CREDS_IN;
	para(p, 0, _("Where the app reads its keys"), focus ? A_BOLD : A_NORMAL, 0);
	const char *labels[2] = { _(".env as INVENIO_S3_*"), "invenio.cfg" };
	const char *notes[2] = { _("recommended: out of git, 0600"), _("for local development only") };
	for (int i = 0; i < 2 && room(p) > 0; i++) {
		int on = i == 0 ? env : !env;
		attr_t at = focus && on ? A_REVERSE : A_NORMAL;
		int x = p->a->x + 2;
		x += tui_put(p->d->w, p->y, x, 4, on ? g->radio_on : g->radio_off, at, 0);
		x += tui_put(p->d->w, p->y, x, 1, " ", at, 0);
		tui_put(p->d->w, p->y, x, 22, labels[i], at, 0);
		tui_put(p->d->w, p->y, p->a->x + 30, p->a->w - 30, notes[i], A_NORMAL, 0);
		p->y++;
	}
}

static void draw_live(struct pen *p, const struct setup_live *l, const char *running)
{
	const struct tui_glyphs *g = tui_glyphs(p->d->st);
	char *t;
	if (l->state == SETUP_LIVE_RUNNING) {
		para(p, 0, running, A_NORMAL, 0);
	} else if (l->state == SETUP_LIVE_OK) {
		t = xasprintf("%s %s", g->done, l->summary ? l->summary : "");
		status_para(p, 0, CHECK_OK, t);
		free(t);
	} else if (l->state == SETUP_LIVE_FAILED) {
		t = xasprintf("%s %s", g->failed, l->summary ? l->summary : "");
		status_para(p, 0, CHECK_CRIT, t);
		free(t);
		if (l->diagnosis)
			para(p, 2, l->diagnosis, A_NORMAL, 0);
		if (l->remedy) {
			t = xasprintf(_("Fix: %s"), l->remedy);
			para(p, 2, t, A_BOLD, 0);
			free(t);
		}
	}
}

static void draw_credentials(struct wizard *w, struct pen *p)
{
	const struct setup_model *m = &w->m;
	int own = w->cfg.eng->storage_is_own_server(m->draft.storage);
	char *title = own ? xasprintf(_("%s root credentials (docker-services.yml, service %s)"),
				      storage_label(m->draft.storage), m->sv && m->sv->service ? m->sv->service : "s3")
			  : xstrdup(_("The access key the app signs with"));
	para(p, 0, title, A_BOLD, 0);
	free(title);
	gap(p);
	field_row(p, w, SETUP_IN_ACCESS_KEY, own ? _("Root user") : _("Access key id"), NULL);
	field_row(p, w, SETUP_IN_SECRET, own ? _("Root password") : _("Secret key"),
		  m->draft.secret_generated ? _("generated") : NULL);
	gap(p);
	draw_radio(w, p);
	gap(p);
	if (own)
		para(p, 0, _("The app's keys follow the root user. MinIO reads them when it starts: it is "
			     "restarted at Apply, and the new keys are proven then."), A_NORMAL, 0);
	else
		draw_live(p, &m->auth, _("Asking the server whether it accepts these keys..."));
}

static void draw_bucket_list(struct wizard *w, struct pen *p)
{
	const struct setup_model *m = &w->m;
	struct tui_list_row *rows = xcalloc(m->n_buckets + 1, sizeof *rows);
	struct tui_list l;
	para(p, 0, _("Buckets these keys see"), w->m.focus == SETUP_IN_BUCKET_LIST ? A_BOLD : A_NORMAL, 0);
	if (m->buckets.state == SETUP_LIVE_RUNNING)
		para(p, 2, _("asking the server..."), A_NORMAL, 0);
	else if (m->buckets.state == SETUP_LIVE_FAILED)
		draw_live(p, &m->buckets, "");
	for (size_t i = 0; i < m->n_buckets; i++)
		rows[i] = (struct tui_list_row){ m->bucket_names[i], NULL, 0 };
	rows[m->n_buckets] = (struct tui_list_row){ _("(a new bucket, named below)"), NULL, 0 };
	tui_list_init(&l, m->n_buckets + 1);
	l.selected = m->bucket_sel;
	int h = (int)m->n_buckets + 1, max = room(p) - 6;
	if (h > max)
		h = max;
	if (h > 0) {
		tui_list_draw(&l, rows, p->d, p->y, p->a->x, h, p->a->w, w->m.focus == SETUP_IN_BUCKET_LIST);
		p->y += h;
	}
	free(rows);
	gap(p);
}

static void draw_bucket(struct wizard *w, struct pen *p)
{
	const struct setup_model *m = &w->m;
	int own = w->cfg.eng->storage_is_own_server(m->draft.storage);
	if (!own)
		draw_bucket_list(w, p);
	field_row(p, w, SETUP_IN_BUCKET, own ? _("Bucket") : _("New bucket"), NULL);
	gap(p);
	if (m->region_offer) {
		char *t = xasprintf(_("The bucket is in %s, not %s: Enter uses %s."), m->bucket_region,
				    m->draft.region, m->bucket_region);
		status_para(p, 0, CHECK_WARN, t);
		free(t);
	} else {
		draw_live(p, &m->region, _("Looking for the bucket on the server..."));
	}
	if (own || m->region.state == SETUP_LIVE_NONE)
		para(p, 0, _("A bucket that does not exist is created at Apply; 'default' is what "
			     "invenio-cli uses."), A_NORMAL, 0);
}

static char *cors_json(const struct setup_draft *d)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, "[{\"AllowedOrigins\": [");
	for (size_t i = 0; i < d->n_cors_origins; i++)
		buf_printf(&b, "%s\"%s\"", i ? ", " : "", d->cors_origins[i]);
	buf_puts(&b, "], \"AllowedMethods\": [\"GET\", \"HEAD\", \"PUT\"], \"AllowedHeaders\": [\"*\"], "
		     "\"ExposeHeaders\": [\"ETag\"]}]");
	return buf_detach(&b);
}

static void draw_cors(struct wizard *w, struct pen *p)
{
	const struct setup_model *m = &w->m;
	para(p, 0, _("Browsers fetch files straight from the storage, from these origins"), A_BOLD, 0);
	gap(p);
	field_row(p, w, SETUP_IN_ORIGINS, _("Origins"), NULL);
	gap(p);
	para(p, 0, _("Methods GET and HEAD (previews, downloads) and PUT (uploads); any request "
		     "header; ETag exposed (the uploader needs it)."), A_NORMAL, 0);
	if (w->cfg.eng->storage_is_own_server(m->draft.storage)) {
		char *t = xasprintf(_("MinIO applies CORS to the whole server: MINIO_API_CORS_ALLOW_ORIGIN "
				      "in docker-services.yml (today: %s)."),
				    m->sv && m->sv->cors_allow_origin ? m->sv->cors_allow_origin : "*");
		gap(p);
		para(p, 0, t, A_NORMAL, 0);
		free(t);
		return;
	}
	char *json = cors_json(&m->draft);
	gap(p);
	para(p, 0, _("The bucket's CORS rule:"), A_NORMAL, 0);
	para(p, 2, json, A_NORMAL, 0);
	free(json);
}

void wizard_draw_input_step(struct wizard *w, struct tui_draw_ctx *d, const struct wizard_area *a)
{
	struct pen p = { d, a, a->y };
	switch (w->m.step) {
	case SETUP_STEP_INSTANCE: draw_instance(w, &p); break;
	case SETUP_STEP_STORAGE: draw_storage(w, &p); break;
	case SETUP_STEP_ENDPOINT: draw_endpoint(w, &p); break;
	case SETUP_STEP_CREDENTIALS: draw_credentials(w, &p); break;
	case SETUP_STEP_BUCKET: draw_bucket(w, &p); break;
	case SETUP_STEP_CORS: draw_cors(w, &p); break;
	default: break;
	}
}
