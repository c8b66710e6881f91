/* The wizard model's inputs: which fields each step shows, their text,
 * validation as typed (the engine's judgement), lists and focus. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "model/setup_model_int.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/xalloc.h"

const enum setup_storage setup_storage_choices[] = {
	SETUP_STORAGE_MINIO, SETUP_STORAGE_RUSTFS, SETUP_STORAGE_AWS, SETUP_STORAGE_OTHER,
};
const size_t setup_n_storage_choices = sizeof setup_storage_choices / sizeof setup_storage_choices[0];

const char *const setup_aws_regions[] = {
	"us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
	"eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1",
	"eu-south-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1",
	"ap-southeast-2", "af-south-1", "me-south-1", NULL,
};

int setup_model_own_server(const struct setup_model *m)
{
	return m->eng->storage_is_own_server(m->draft.storage);
}

static int is_aws(const struct setup_model *m)
{
	return m->draft.storage == SETUP_STORAGE_AWS;
}

const enum setup_input *setup_model_inputs(const struct setup_model *m, size_t *n)
{
	static const enum setup_input storage[] = { SETUP_IN_STORAGE };
	static const enum setup_input endpoint[] = { SETUP_IN_ENDPOINT, SETUP_IN_REGION };
	static const enum setup_input region[] = { SETUP_IN_REGION };
	static const enum setup_input creds[] = { SETUP_IN_ACCESS_KEY, SETUP_IN_SECRET, SETUP_IN_CREDS_IN };
	static const enum setup_input bucket_own[] = { SETUP_IN_BUCKET };
	static const enum setup_input bucket[] = { SETUP_IN_BUCKET_LIST, SETUP_IN_BUCKET };
	static const enum setup_input cors[] = { SETUP_IN_ORIGINS };
#define SET(a) (*n = sizeof a / sizeof a[0], a)
	switch (m->step) {
	case SETUP_STEP_STORAGE: return SET(storage);
	case SETUP_STEP_ENDPOINT: return is_aws(m) ? SET(region) : SET(endpoint);
	case SETUP_STEP_CREDENTIALS: return SET(creds);
	case SETUP_STEP_BUCKET: return setup_model_own_server(m) ? SET(bucket_own) : SET(bucket);
	case SETUP_STEP_CORS: return SET(cors);
	default: *n = 0; return NULL;
	}
#undef SET
}

static enum setup_field field_of(enum setup_input in)
{
	switch (in) {
	case SETUP_IN_STORAGE: return SETUP_F_STORAGE;
	case SETUP_IN_ENDPOINT: return SETUP_F_ENDPOINT;
	case SETUP_IN_REGION: return SETUP_F_REGION;
	case SETUP_IN_ACCESS_KEY: return SETUP_F_ACCESS_KEY_ID;
	case SETUP_IN_SECRET: return SETUP_F_SECRET;
	case SETUP_IN_CREDS_IN: return SETUP_F_CREDS_IN;
	case SETUP_IN_BUCKET_LIST: case SETUP_IN_BUCKET: return SETUP_F_BUCKET;
	case SETUP_IN_ORIGINS: return SETUP_F_CORS_ORIGINS;
	default: return SETUP_F__COUNT;
	}
}

static void validate(struct setup_model *m, enum setup_field f)
{
	if (f >= SETUP_F__COUNT || !m->sv)
		return;
	m->eng->field_check_free(&m->checks[f]);
	m->eng->field_validate(&m->draft, m->sv, f, &m->checks[f]);
}

void setup_model_validate_step(struct setup_model *m)
{
	size_t n;
	const enum setup_input *in = setup_model_inputs(m, &n);
	for (size_t i = 0; i < n; i++)
		validate(m, field_of(in[i]));
}

const struct setup_field_check *setup_model_input_check(const struct setup_model *m, enum setup_input in)
{
	enum setup_field f = field_of(in);
	return f < SETUP_F__COUNT ? &m->checks[f] : NULL;
}

const char *setup_model_step_blocked(const struct setup_model *m)
{
	size_t n;
	const enum setup_input *in = setup_model_inputs(m, &n);
	for (size_t i = 0; i < n; i++) {
		const struct setup_field_check *fc = setup_model_input_check(m, in[i]);
		if (fc && fc->level == SETUP_ERROR)
			return fc->message ? fc->message : _("a field is not valid");
	}
	if (m->step == SETUP_STEP_CREDENTIALS && m->auth.state == SETUP_LIVE_RUNNING)
		return _("proving the keys with the server... (Esc stops)");
	if (m->step == SETUP_STEP_CREDENTIALS && m->auth.state == SETUP_LIVE_FAILED &&
	    m->auth.for_gen == m->gen)
		return _("the server refused these keys: correct them, or r to ask again");
	if (m->step == SETUP_STEP_BUCKET && m->region.state == SETUP_LIVE_RUNNING)
		return _("looking for the bucket on the server... (Esc stops)");
	if (m->step == SETUP_STEP_BUCKET && m->region.state == SETUP_LIVE_FAILED)
		return _("the server could not be asked about the bucket: r to ask again");
	return NULL;
}

/* The connection changed: earlier answers no longer hold. */
static void connection_changed(struct setup_model *m)
{
	m->gen++;
	if (m->auth.state != SETUP_LIVE_RUNNING)
		m->auth.state = SETUP_LIVE_NONE;
	if (m->region.state != SETUP_LIVE_RUNNING)
		m->region.state = SETUP_LIVE_NONE;
	m->region_offer = 0;
}

static void set_origins(struct setup_model *m, const char *text)
{
	m->eng->draft_clear_origins(&m->draft);
	for (const char *p = text; *p;) {
		size_t skip = strspn(p, ", \t"), len;
		p += skip;
		len = strcspn(p, ", \t");
		if (!len)
			break;
		char *one = xstrndup(p, len);
		m->eng->draft_add_origin(&m->draft, one);
		free(one);
		p += len;
	}
}

unsigned setup_model_set_text(struct setup_model *m, enum setup_input in, const char *text)
{
	const struct setup_engine *e = m->eng;
	const char *v = text && *text ? text : NULL;
	switch (in) {
	case SETUP_IN_ENDPOINT: e->draft_set(&m->draft.endpoint, v); connection_changed(m); break;
	case SETUP_IN_REGION: e->draft_set(&m->draft.region, v); connection_changed(m); break;
	case SETUP_IN_ACCESS_KEY: e->draft_set(&m->draft.access_key_id, v); connection_changed(m); break;
	case SETUP_IN_SECRET:
		e->draft_set_secret(&m->draft, v);
		m->draft.secret_generated = 0;
		connection_changed(m);
		break;
	case SETUP_IN_BUCKET:
		e->draft_set(&m->draft.bucket, v);
		m->bucket_sel = m->n_buckets; /* typed: a new bucket */
		if (m->region.state != SETUP_LIVE_RUNNING)
			m->region.state = SETUP_LIVE_NONE;
		m->region_offer = 0;
		break;
	case SETUP_IN_ORIGINS: set_origins(m, text ? text : ""); break;
	default: return SETUP_EV_NONE;
	}
	m->notice = NULL;
	setup_model_validate_step(m);
	return SETUP_EV_REDRAW;
}

static char *join_origins(const struct setup_draft *d)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < d->n_cors_origins; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", d->cors_origins[i]);
	buf_puts(&b, "");
	return buf_detach(&b);
}

char *setup_model_text(const struct setup_model *m, enum setup_input in)
{
	const struct setup_draft *d = &m->draft;
	const char *v = NULL;
	switch (in) {
	case SETUP_IN_ENDPOINT:
		v = d->endpoint ? d->endpoint : setup_model_own_server(m) && m->sv ? m->sv->service_endpoint
										: NULL;
		break;
	case SETUP_IN_REGION: v = d->region; break;
	case SETUP_IN_ACCESS_KEY: v = d->access_key_id; break;
	case SETUP_IN_SECRET: v = d->secret; break;
	case SETUP_IN_BUCKET: v = d->bucket ? d->bucket : SETUP_DEFAULT_BUCKET; break;
	case SETUP_IN_ORIGINS: return join_origins(d);
	default: break;
	}
	return xstrdup(v ? v : "");
}

/* Another kind of storage: what belonged to the old one goes, the safe
 * answers for the new one come in. */
static void storage_changed(struct setup_model *m)
{
	const struct setup_engine *e = m->eng;
	e->draft_set(&m->draft.endpoint, NULL);
	e->draft_set(&m->draft.region, NULL);
	e->draft_set(&m->draft.access_key_id, NULL);
	e->draft_set_secret(&m->draft, NULL);
	m->draft.secret_generated = 0;
	if (m->sv)
		e->draft_defaults(&m->draft, m->sv);
	if (setup_model_own_server(m) && !m->draft.secret) {
		struct rdm_error err = RDM_ERROR_INIT;
		e->draft_generate_secret(&m->draft, &err); /* else: the field says it is empty */
		rdm_error_clear(&err);
	}
	connection_changed(m);
	setup_model_clear_buckets(m);
}

static size_t clamp_move(size_t sel, size_t n, int dir)
{
	if (dir < 0)
		return sel ? sel - 1 : 0;
	return sel + 1 < n ? sel + 1 : sel;
}

unsigned setup_model_move(struct setup_model *m, int dir)
{
	size_t n = 0, old;
	switch (m->focus) {
	case SETUP_IN_STORAGE:
		old = m->storage_sel;
		m->storage_sel = clamp_move(old, setup_n_storage_choices, dir);
		if (m->storage_sel != old) {
			m->draft.storage = setup_storage_choices[m->storage_sel];
			storage_changed(m);
		}
		break;
	case SETUP_IN_REGION:
		if (!is_aws(m))
			return SETUP_EV_NONE;
		while (setup_aws_regions[n])
			n++;
		m->region_sel = m->region_from_list ? clamp_move(m->region_sel, n, dir) : m->region_sel;
		m->region_from_list = 1;
		m->eng->draft_set(&m->draft.region, setup_aws_regions[m->region_sel]);
		connection_changed(m);
		break;
	case SETUP_IN_CREDS_IN:
		m->draft.creds_in = m->draft.creds_in == SETUP_CREDS_ENV ? SETUP_CREDS_CFG : SETUP_CREDS_ENV;
		break;
	case SETUP_IN_BUCKET_LIST:
		m->bucket_sel = clamp_move(m->bucket_sel, m->n_buckets + 1, dir);
		if (m->bucket_sel < m->n_buckets)
			m->eng->draft_set(&m->draft.bucket, m->bucket_names[m->bucket_sel]);
		if (m->region.state != SETUP_LIVE_RUNNING)
			m->region.state = SETUP_LIVE_NONE;
		m->region_offer = 0;
		break;
	default:
		return SETUP_EV_NONE;
	}
	m->notice = NULL;
	setup_model_validate_step(m);
	return SETUP_EV_REDRAW;
}

unsigned setup_model_focus(struct setup_model *m, int dir)
{
	size_t n, at = 0;
	const enum setup_input *in = setup_model_inputs(m, &n);
	if (!n)
		return dir > 0 ? SETUP_EV_NONE : 0;
	while (at < n && in[at] != m->focus)
		at++;
	if (dir < 0 && (at == 0 || at >= n))
		return 0;
	m->focus = in[dir > 0 ? (at + 1) % n : at - 1];
	return SETUP_EV_REDRAW;
}
