/* The check runner with a fake probe: evaluation waves in dependency order,
 * each kind of fact gathered once, skip propagation with the root cause,
 * --only/--skip/--no-canary, the probe's call order, and the Nagios exit
 * code from the worst status. Also the table's own consistency. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ops/check/check_run.h"

#define NOW ((time_t)1750000000)
#define STRONG "q7Vx2mLp9RtK4wZs8NbE"
#define MAX_GATHERS 32

/* A probe that hands out a canned scenario and records how it was used. */
struct fake_probe {
	struct check_probe base;
	struct check_facts canned;
	int fail_begin;
	int begin_calls, end_calls;
	unsigned begin_needs;
	unsigned gathers[MAX_GATHERS];
	size_t n_gathers;
};

static int fake_begin(struct check_probe *p, unsigned needs, struct check_facts *facts,
		      struct rdm_error *err)
{
	struct fake_probe *fp = (struct fake_probe *)p;
	fp->begin_calls++;
	fp->begin_needs = needs;
	if (fp->fail_begin)
		return rdm_error_set(err, "no transport");
	facts->target = fp->canned.target;
	return 0;
}

static void fake_gather(struct check_probe *p, unsigned needs, struct check_facts *facts)
{
	struct fake_probe *fp = (struct fake_probe *)p;
	const struct check_facts *c = &fp->canned;
	assert_true(fp->n_gathers < MAX_GATHERS);
	fp->gathers[fp->n_gathers++] = needs;
	if (needs & CHECK_NEED_INSTANCE) facts->instance = c->instance;
	if (needs & CHECK_NEED_DNS) facts->dns = c->dns;
	if (needs & CHECK_NEED_TCP) facts->tcp = c->tcp;
	if (needs & CHECK_NEED_TLS) facts->tls = c->tls;
	if (needs & CHECK_NEED_CLOCK) facts->clock = c->clock;
	if (needs & CHECK_NEED_AUTH) facts->auth = c->auth;
	if (needs & CHECK_NEED_BUCKET) facts->bucket = c->bucket;
	if (needs & CHECK_NEED_REGION) facts->region = c->region;
	if (needs & CHECK_NEED_CORS) facts->cors = c->cors;
	if (needs & CHECK_NEED_PRESIGN) facts->presign = c->presign;
	if (needs & CHECK_NEED_CANARY) facts->canary = c->canary;
	if (needs & CHECK_NEED_MINIO_HEALTH) facts->minio_health = c->minio_health;
}

static void fake_end(struct check_probe *p, struct check_facts *facts)
{
	(void)facts;
	((struct fake_probe *)p)->end_calls++;
}

static struct s3_status ok200(void)
{
	struct s3_status st = S3_STATUS_INIT;
	st.http_status = 200;
	return st;
}

static void scenario_instance(struct check_facts *f)
{
	struct check_instance_facts *in = &f->instance;
	in->present = in->found = 1;
	in->path = "/srv/demo-repo";
	in->site_ui_url.value = "https://repo.example.org";
	in->s3_endpoint_url.value = "https://s3.example.org/";
	in->s3_access_key_id.value = in->minio_root_user.value = "rdmadmin";
	in->s3_secret_access_key = (struct check_setting){ STRONG, ".env:4", 1 };
	in->minio_root_password = (struct check_setting){ STRONG, "docker-services.yml:121", 1 };
	in->files_rest_storage_factory.value = "invenio_s3.s3fs_storage_factory";
	in->file_storage.value = "S3";
	in->minio_image.value = "minio/minio:RELEASE.2025-04-22T22-12-26Z";
	in->s3_config_extra.value = "{'request_checksum_calculation': 'when_required', "
				    "'response_checksum_validation': 'when_required'}";
	in->csp_appends_endpoint = 1;
}

static void scenario_s3(struct check_facts *f)
{
	f->auth = (struct check_auth_facts){ .present = 1, .latency = 0.01, .operation = "ListBuckets",
					     .status = ok200() };
	f->bucket = (struct check_bucket_facts){ .present = 1, .status = ok200(), .owned = 1 };
	f->region = (struct check_region_facts){ .present = 1, .status = ok200(), .location = "" };
	f->cors.present = 1;
	f->cors.get = (struct check_preflight){ .done = 1, .status = ok200(), .allow_origin = "*" };
	f->cors.put = (struct check_preflight){ .done = 1, .status = ok200(), .allow_origin = "*",
						.allow_methods = "GET, PUT", .allow_headers = "*",
						.expose_headers = "ETag",
						.expose_known = 1 };
	f->presign = (struct check_presign_facts){ .present = 1, .status = ok200(),
						   .object_expected = 1, .body_matches = 1 };
	f->canary = (struct check_canary_facts){ .present = 1, .size = 1024, .bytes_match = 1 };
	f->canary.put = f->canary.get = f->canary.del =
		(struct check_s3_call){ .done = 1, .latency = 0.005, .status = ok200() };
	f->minio_health.present = 1;
	f->minio_health.live = f->minio_health.ready =
		(struct check_s3_call){ .done = 1, .status = ok200() };
}

/* Everything healthy: a MinIO behind https://s3.example.org. */
static void scenario_ok(struct fake_probe *p)
{
	static const char *const addrs[] = { "192.0.2.10", NULL };
	memset(p, 0, sizeof(*p));
	p->base = (struct check_probe){ fake_begin, fake_gather, fake_end };
	struct check_facts *f = &p->canned;
	f->target.now = NOW;
	f->target.endpoint.value = "https://s3.example.org/";
	f->target.host = "s3.example.org";
	f->target.port = 443;
	f->target.https = 1;
	f->target.bucket.value = "default";
	f->target.access_key_id.value = "rdmadmin";
	f->target.origin = "https://repo.example.org";
	f->target.server = CHECK_SERVER_MINIO;
	scenario_instance(f);
	f->dns = (struct check_dns_facts){ .present = 1, .ok = 1, .addresses = addrs };
	f->tcp = (struct check_tcp_facts){ .present = 1, .latency = 0.001 };
	f->tls = (struct check_tls_facts){ .present = 1, .verified = 1, .have_not_after = 1,
					   .not_after = NOW + 90 * 86400 };
	f->clock = (struct check_clock_facts){ .present = 1, .have_date = 1, .server_date = NOW,
					       .local_date = NOW };
	scenario_s3(f);
}

static const struct check_result *find(const struct check_report *rep, const char *id)
{
	for (size_t i = 0; i < rep->n; i++)
		if (strcmp(rep->results[i].id, id) == 0)
			return &rep->results[i];
	fail_msg("no result for %s", id);
	return NULL;
}

static unsigned gathered_union(const struct fake_probe *p)
{
	unsigned all = 0;
	for (size_t i = 0; i < p->n_gathers; i++) {
		assert_int_not_equal(p->gathers[i], 0);
		assert_int_equal(all & p->gathers[i], 0); /* each kind only once */
		all |= p->gathers[i];
	}
	return all;
}

static void run(struct fake_probe *p, const struct check_selection *sel, struct check_report *rep)
{
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(check_run(check_table, sel, &p->base, "/srv/demo-repo", rep, &err), 0);
	assert_null(err.message);
	assert_int_equal(p->begin_calls, 1);
	assert_int_equal(p->end_calls, 1);
}

static void table_is_valid(void **state)
{
	(void)state;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(check_table_validate(check_table, &err), 0);
	size_t n = 0;
	while (check_table[n])
		n++;
	assert_int_equal(n, 16);
	char *ids = check_table_ids(check_table);
	assert_string_equal(ids, "instance, dns, tcp, tls, clock, auth, bucket, region, cors, "
				 "presign, canary, minio-health, browser-reach, wiring, "
				 "client-compat, minio-image");
	free(ids);
	assert_true(check_find(check_table, "canary")->writes);
	assert_false(check_find(check_table, "presign")->writes);
}

static void nop_verdict(const struct check_facts *f, struct check_result *r)
{
	(void)f;
	check_result_note(r, CHECK_OK, NULL, "ok");
}

static void table_errors_found(void **state)
{
	(void)state;
	static const char *const needs_b[] = { "b", NULL };
	static const char *const needs_x[] = { "x", NULL };
	const struct check a = { .id = "a", .title = "A", .verdict = nop_verdict };
	const struct check a_fwd = { .id = "a", .title = "A", .depends_on = needs_b,
				     .verdict = nop_verdict };
	const struct check b = { .id = "b", .title = "B", .verdict = nop_verdict };
	const struct check c_unknown = { .id = "c", .title = "C", .depends_on = needs_x,
					 .verdict = nop_verdict };
	const struct check bad = { .id = "Bad_Id", .title = "Bad", .verdict = nop_verdict };
	const struct check novd = { .id = "d", .title = "D" };
	const struct check *const dup[] = { &a, &a, NULL };
	const struct check *const fwd[] = { &a_fwd, &b, NULL };
	const struct check *const unk[] = { &a, &c_unknown, NULL };
	const struct check *const mal[] = { &bad, NULL };
	const struct check *const nov[] = { &novd, NULL };
	const struct check *const good[] = { &b, &a_fwd, NULL };
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(check_table_validate(dup, &err), -1);
	assert_string_equal(err.message, "check id 'a' is used twice");
	assert_int_equal(check_table_validate(fwd, &err), -1);
	assert_non_null(strstr(err.message, "depends on 'b', which is not an earlier check"));
	assert_int_equal(check_table_validate(unk, &err), -1);
	assert_int_equal(check_table_validate(mal, &err), -1);
	assert_int_equal(check_table_validate(nov, &err), -1);
	assert_int_equal(check_table_validate(good, &err), 0);
	rdm_error_clear(&err);
}

static void all_ok(void **state)
{
	(void)state;
	struct fake_probe p;
	struct check_report rep;
	scenario_ok(&p);
	run(&p, NULL, &rep);
	assert_int_equal(rep.n, 16);
	assert_string_equal(rep.instance, "/srv/demo-repo");
	for (size_t i = 0; i < rep.n; i++) {
		if (rep.results[i].status != CHECK_OK)
			fail_msg("%s: %s %s", rep.results[i].id,
				 check_status_name(rep.results[i].status), rep.results[i].message);
		assert_string_equal(rep.results[i].id, check_table[i]->id); /* table order */
	}
	assert_int_equal(check_reports_exit_code(&rep, 1), 0);
	assert_int_equal(p.begin_needs, CHECK_NEED_ALL);
	assert_int_equal(gathered_union(&p), CHECK_NEED_ALL);
	check_report_clear(&rep);
}

static void waves_follow_dependencies(void **state)
{
	(void)state;
	static const unsigned expected[] = {
		CHECK_NEED_INSTANCE | CHECK_NEED_DNS,
		CHECK_NEED_TCP, /* with browser-reach, wiring, ...: instance facts already in */
		CHECK_NEED_TLS,
		CHECK_NEED_CLOCK | CHECK_NEED_AUTH | CHECK_NEED_MINIO_HEALTH,
		CHECK_NEED_BUCKET,
		CHECK_NEED_REGION,
		CHECK_NEED_CORS | CHECK_NEED_PRESIGN | CHECK_NEED_CANARY,
	};
	struct fake_probe p;
	struct check_report rep;
	scenario_ok(&p);
	run(&p, NULL, &rep);
	assert_int_equal(p.n_gathers, sizeof(expected) / sizeof(expected[0]));
	for (size_t i = 0; i < p.n_gathers; i++)
		assert_int_equal(p.gathers[i], expected[i]);
	check_report_clear(&rep);
}

static void tcp_failure_skips_dependents(void **state)
{
	(void)state;
	static const char *const skipped[] = { "tls", "clock", "auth", "bucket", "region", "cors",
					       "presign", "canary", "minio-health", NULL };
	static const char *const ran[] = { "instance", "dns", "browser-reach", "wiring",
					   "client-compat", "minio-image", NULL };
	struct fake_probe p;
	struct check_report rep;
	scenario_ok(&p);
	p.canned.tcp.error = S3_TRANSPORT_REFUSED;
	run(&p, NULL, &rep);
	assert_int_equal(find(&rep, "tcp")->status, CHECK_CRIT);
	for (size_t i = 0; skipped[i]; i++) {
		const struct check_result *r = find(&rep, skipped[i]);
		assert_int_equal(r->status, CHECK_SKIPPED);
		assert_string_equal(r->message, "skipped: depends on tcp, which is critical");
	}
	for (size_t i = 0; ran[i]; i++)
		assert_int_equal(find(&rep, ran[i])->status, CHECK_OK);
	/* Nothing was asked for the checks that could not run. */
	unsigned all = gathered_union(&p);
	assert_int_equal(all, CHECK_NEED_INSTANCE | CHECK_NEED_DNS | CHECK_NEED_TCP);
	assert_int_equal(check_reports_exit_code(&rep, 1), 2);
	check_report_clear(&rep);
}

static void root_cause_is_named(void **state)
{
	(void)state;
	struct fake_probe p;
	struct check_report rep;
	scenario_ok(&p);
	p.canned.dns.ok = 0;
	p.canned.dns.error = "NXDOMAIN";
	run(&p, NULL, &rep);
	assert_string_equal(find(&rep, "tcp")->message, "skipped: depends on dns, which is critical");
	assert_string_equal(find(&rep, "canary")->message, "skipped: depends on dns, which is critical");
	check_report_clear(&rep);

	/* No instance folder: the config checks are skipped, the network ones run. */
	scenario_ok(&p);
	p.canned.instance.found = 0;
	run(&p, NULL, &rep);
	assert_int_equal(find(&rep, "instance")->status, CHECK_SKIPPED);
	assert_string_equal(find(&rep, "wiring")->message,
			    "skipped: depends on instance, which was skipped");
	assert_int_equal(find(&rep, "auth")->status, CHECK_OK);
	assert_int_equal(check_reports_exit_code(&rep, 1), 0);
	check_report_clear(&rep);
}

static void only_selects(void **state)
{
	(void)state;
	static const char *const only[] = { "bucket", "auth", NULL };
	struct check_selection sel = { .only = only };
	struct fake_probe p;
	struct check_report rep;
	scenario_ok(&p);
	p.canned.tcp.error = S3_TRANSPORT_REFUSED; /* not selected: does not block */
	p.canned.auth.status.transport = S3_TRANSPORT_REFUSED;
	p.canned.auth.status.http_status = 0;
	run(&p, &sel, &rep);
	assert_int_equal(rep.n, 2);
	assert_string_equal(rep.results[0].id, "auth"); /* table order, not list order */
	assert_string_equal(rep.results[1].id, "bucket");
	assert_int_equal(rep.results[0].status, CHECK_CRIT); /* it ran and saw the failure */
	assert_int_equal(rep.results[1].status, CHECK_SKIPPED);
	assert_string_equal(rep.results[1].message, "skipped: depends on auth, which is critical");
	assert_int_equal(p.begin_needs, CHECK_NEED_AUTH | CHECK_NEED_BUCKET);
	assert_int_equal(gathered_union(&p), CHECK_NEED_AUTH);
	check_report_clear(&rep);

	/* A wave whose facts are all in already needs no gather call. */
	static const char *const config_only[] = { "wiring", "instance", "minio-image", NULL };
	sel.only = config_only;
	scenario_ok(&p);
	run(&p, &sel, &rep);
	assert_int_equal(rep.n, 3);
	assert_int_equal(p.n_gathers, 1);
	assert_int_equal(p.gathers[0], CHECK_NEED_INSTANCE);
	assert_int_equal(find(&rep, "wiring")->status, CHECK_OK);
	check_report_clear(&rep);
}

static void skip_and_no_canary(void **state)
{
	(void)state;
	static const char *const skip[] = { "tls", NULL };
	struct check_selection sel = { .skip = skip, .no_canary = 1 };
	struct fake_probe p;
	struct check_report rep;
	scenario_ok(&p);
	p.canned.presign.status.http_status = 404;
	p.canned.presign.status.code = "NoSuchKey";
	p.canned.presign.object_expected = 0;
	run(&p, &sel, &rep);
	assert_int_equal(rep.n, 16);
	assert_int_equal(find(&rep, "tls")->status, CHECK_SKIPPED);
	assert_string_equal(find(&rep, "tls")->message, "skipped on request (--skip)");
	assert_int_equal(find(&rep, "clock")->status, CHECK_OK); /* not blocked by a --skip */
	assert_int_equal(find(&rep, "auth")->status, CHECK_OK);
	assert_int_equal(find(&rep, "canary")->status, CHECK_SKIPPED);
	assert_non_null(strstr(find(&rep, "canary")->message, "--no-canary"));
	assert_int_equal(find(&rep, "presign")->status, CHECK_OK);
	unsigned all = gathered_union(&p);
	assert_int_equal(all & (CHECK_NEED_TLS | CHECK_NEED_CANARY), 0);
	assert_int_equal(p.begin_needs & CHECK_NEED_CANARY, 0);
	assert_int_equal(check_reports_exit_code(&rep, 1), 0);
	check_report_clear(&rep);
}

static void bad_selection_and_failed_begin(void **state)
{
	(void)state;
	static const char *const only[] = { "auht", NULL };
	struct check_selection sel = { .only = only };
	struct rdm_error err = RDM_ERROR_INIT;
	struct fake_probe p;
	struct check_report rep;
	scenario_ok(&p);
	assert_int_equal(check_run(check_table, &sel, &p.base, "x", &rep, &err), -1);
	assert_string_equal(err.message, "unknown check 'auht'");
	assert_non_null(strstr(err.remedy, "instance, dns, tcp"));
	assert_int_equal(p.begin_calls, 0);
	rdm_error_clear(&err);

	p.fail_begin = 1;
	assert_int_equal(check_run(check_table, NULL, &p.base, "x", &rep, &err), -1);
	assert_string_equal(err.message, "no transport");
	assert_int_equal(p.end_calls, 0); /* a failed begin is not followed by end */
	rdm_error_clear(&err);
}

static void ids_parse(void **state)
{
	(void)state;
	char **ids = NULL;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(check_ids_parse(check_table, " auth, bucket,,auth ", &ids, &err), 0);
	assert_int_equal(check_ids_parse(check_table, "minio-image", &ids, &err), 0); /* repeatable */
	assert_string_equal(ids[0], "auth");
	assert_string_equal(ids[1], "bucket");
	assert_string_equal(ids[2], "minio-image");
	assert_null(ids[3]);
	assert_int_equal(check_ids_parse(check_table, "auth,nope", &ids, &err), -1);
	assert_string_equal(err.message, "unknown check 'nope'");
	assert_non_null(strstr(err.remedy, "known checks: instance, dns"));
	check_ids_free(ids);
	rdm_error_clear(&err);
}

/* A report whose results have the given statuses. */
static void fake_report(struct check_report *rep, const enum check_status *st, size_t n)
{
	memset(rep, 0, sizeof(*rep));
	rep->results = calloc(n, sizeof(*rep->results));
	rep->n = n;
	for (size_t i = 0; i < n; i++) {
		check_result_init(&rep->results[i], check_table[i]);
		if (st[i] == CHECK_SKIPPED)
			check_result_skip(&rep->results[i], 0, "x");
		else
			check_result_note(&rep->results[i], st[i], NULL, "x");
	}
}

static int exit_of(const enum check_status *st, size_t n)
{
	struct check_report rep;
	fake_report(&rep, st, n);
	int code = check_reports_exit_code(&rep, 1);
	check_report_clear(&rep);
	return code;
}

static void exit_codes(void **state)
{
	(void)state;
	const enum check_status ok_info_skip[] = { CHECK_OK, CHECK_INFO, CHECK_SKIPPED };
	const enum check_status warn_unknown[] = { CHECK_UNKNOWN, CHECK_WARN, CHECK_OK };
	const enum check_status crit_warn[] = { CHECK_WARN, CHECK_CRIT, CHECK_UNKNOWN };
	const enum check_status unknown[] = { CHECK_OK, CHECK_UNKNOWN };
	const enum check_status skipped[] = { CHECK_SKIPPED };
	assert_int_equal(exit_of(ok_info_skip, 3), 0);
	assert_int_equal(exit_of(warn_unknown, 3), 1); /* a definite problem outranks "unknown" */
	assert_int_equal(exit_of(crit_warn, 3), 2);
	assert_int_equal(exit_of(unknown, 2), 3);
	assert_int_equal(exit_of(skipped, 1), 0);

	struct check_report reps[2];
	fake_report(&reps[0], ok_info_skip, 3);
	fake_report(&reps[1], unknown, 2);
	assert_int_equal(check_reports_exit_code(reps, 2), 3);
	assert_int_equal(check_reports_exit_code(reps, 1), 0);
	assert_int_equal(check_report_worst(&reps[1]), CHECK_UNKNOWN);
	size_t counts[CHECK_STATUS_COUNT];
	check_report_count(&reps[0], counts);
	assert_int_equal(counts[CHECK_OK], 1);
	assert_int_equal(counts[CHECK_INFO], 1);
	assert_int_equal(counts[CHECK_SKIPPED], 1);
	check_report_clear(&reps[0]);
	check_report_clear(&reps[1]);
}

static void result_notes_combine(void **state)
{
	(void)state;
	struct check_result r;
	check_result_init(&r, NULL);
	check_result_note(&r, CHECK_WARN, "fix one", "first");
	check_result_note(&r, CHECK_INFO, NULL, "second");
	check_result_note(&r, CHECK_CRIT, "fix two", "third");
	check_result_note(&r, CHECK_WARN, "fix one", "fourth"); /* remedy shown once */
	assert_int_equal(r.status, CHECK_CRIT);
	assert_string_equal(r.message, "first; second; third; fourth");
	assert_string_equal(r.remedy, "fix one\nfix two");
	check_result_skip(&r, 1, "skipped: %s", "why");
	assert_int_equal(r.status, CHECK_SKIPPED);
	assert_null(r.remedy);
	assert_true(r.blocks);
	struct check_setting s = { "hunter2hunter2", "x:1", 1 };
	check_result_setting(&r, "PW", &s);
	check_result_setting(&r, "U", NULL);
	assert_string_equal(r.settings[0], "PW = ******** (x:1)");
	assert_string_equal(r.settings[1], "U = (not set)");
	check_result_clear(&r);
	assert_string_equal(check_status_name(CHECK_WARN), "warning");
	assert_string_equal(check_status_label(CHECK_CRIT), "CRIT");
	assert_int_equal(check_status_worse(CHECK_UNKNOWN, CHECK_WARN), CHECK_WARN);
	assert_int_equal(check_status_worse(CHECK_OK, CHECK_SKIPPED), CHECK_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_is_valid),
		cmocka_unit_test(table_errors_found),
		cmocka_unit_test(all_ok),
		cmocka_unit_test(waves_follow_dependencies),
		cmocka_unit_test(tcp_failure_skips_dependents),
		cmocka_unit_test(root_cause_is_named),
		cmocka_unit_test(only_selects),
		cmocka_unit_test(skip_and_no_canary),
		cmocka_unit_test(bad_selection_and_failed_begin),
		cmocka_unit_test(ids_parse),
		cmocka_unit_test(exit_codes),
		cmocka_unit_test(result_notes_combine),
	};
	return cmocka_run_group_tests_name("check_run", tests, NULL, NULL);
}
