/* The main menu's model without a screen: what kind of storage the
 * settings describe, the undo item's time, moving and opening (an item
 * that is not available says why and opens nothing), hotkeys, quit, the
 * header facts arriving from background work. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "model/menu_model.h"
#include "util/xalloc.h"

#define S3 "invenio_s3.s3fs_storage_factory"

static void classify(const char *factory, const char *endpoint, const char *minio,
		     enum menu_storage want, const char *want_host)
{
	char *host;
	assert_int_equal(menu_storage_classify(factory, endpoint, minio, &host), want);
	if (want_host)
		assert_string_equal(host, want_host);
	else
		assert_null(host);
	free(host);
}

static void test_storage_kind(void **state)
{
	(void)state;
	classify(NULL, "http://localhost:9000", "s3", MENU_STORAGE_LOCAL, NULL);
	classify("invenio_files_rest.storage.pyfs_storage_factory", NULL, NULL, MENU_STORAGE_LOCAL,
		 NULL);
	classify(S3, "http://localhost:9000/", "s3", MENU_STORAGE_MINIO, "localhost");
	classify(S3, "http://127.0.0.1:9000", "s3", MENU_STORAGE_MINIO, "127.0.0.1");
	classify(S3, "http://s3:9000", "s3", MENU_STORAGE_MINIO, "s3");
	classify(S3, "http://[::1]:9000/", "minio", MENU_STORAGE_MINIO, "::1");
	/* localhost without a MinIO service: some other server */
	classify(S3, "http://localhost:7480", NULL, MENU_STORAGE_OTHER, "localhost");
	classify(S3, NULL, "s3", MENU_STORAGE_AWS, NULL);
	classify(S3, "https://s3.eu-west-1.amazonaws.com", NULL, MENU_STORAGE_AWS,
		 "s3.eu-west-1.amazonaws.com");
	classify(S3, "https://user@rgw.example.org:443/x", "s3", MENU_STORAGE_OTHER, "rgw.example.org");
	/* not fooled by a host that only ends in the same letters */
	classify(S3, "https://evilamazonaws.com", NULL, MENU_STORAGE_OTHER, "evilamazonaws.com");
}

static void test_change_when(void **state)
{
	(void)state;
	struct menu_change c = { 0 };
	char out[32];
	time_t now = 1750000000; /* 2025-06-15 15:06:40 UTC; the tests run with TZ=UTC */
	c.created = "2025-06-15T12:06:40Z";
	menu_change_when(&c, now, out);
	assert_string_equal(out, "today 12:06");
	c.created = "2025-06-14T23:59:59Z";
	menu_change_when(&c, now, out);
	assert_string_equal(out, "2025-06-14 23:59");
	c.created = "garbage";
	menu_change_when(&c, now, out);
	assert_string_equal(out, "garbage");
}

static struct menu_change *change(void)
{
	struct menu_change *c = xcalloc(1, sizeof *c);
	c->id = xstrdup("20250615T120640Z");
	c->created = xstrdup("2025-06-15T12:06:40Z");
	c->command = xstrdup("config set");
	c->files = xcalloc(3, sizeof *c->files);
	c->files[c->n_files++] = xstrdup("invenio.cfg");
	c->files[c->n_files++] = xstrdup(".env");
	return c;
}

static void test_moving_and_opening(void **state)
{
	(void)state;
	struct menu_model m;
	menu_model_init(&m, "/srv/demo-repo");
	assert_string_equal(m.instance_name, "demo-repo");
	assert_int_equal(m.selected, MENU_SETUP);
	assert_int_equal(menu_model_act(&m, MENU_ACT_UP, 0), MENU_EV_NONE);
	assert_int_equal(menu_model_act(&m, MENU_ACT_DOWN, 0), MENU_EV_REDRAW);
	assert_int_equal(m.selected, MENU_ROTATE);
	/* Rotation is not available: Enter says why, opens nothing. */
	assert_int_equal(menu_model_act(&m, MENU_ACT_OPEN, 0), MENU_EV_REDRAW);
	assert_non_null(m.notice);
	assert_non_null(strstr(m.notice, "not available"));
	/* Moving clears the notice. */
	assert_int_equal(menu_model_act(&m, MENU_ACT_DOWN, 0), MENU_EV_REDRAW);
	assert_null(m.notice);
	assert_int_equal(menu_model_act(&m, MENU_ACT_OPEN, 0), MENU_EV_OPEN | MENU_EV_REDRAW);
	assert_int_equal(m.opened, MENU_DASHBOARD);
	/* Undo while the history is being read, then with nothing to undo,
	 * then with a change. */
	assert_int_equal(menu_model_act(&m, MENU_ACT_SELECT, MENU_UNDO), MENU_EV_REDRAW);
	assert_non_null(strstr(m.notice, "reading"));
	struct menu_info info = { 0 };
	info.storage = MENU_STORAGE_MINIO;
	menu_model_set_info(&m, &info);
	assert_int_equal(menu_model_act(&m, MENU_ACT_SELECT, MENU_UNDO), MENU_EV_REDRAW);
	assert_non_null(strstr(m.notice, "Nothing to undo"));
	info.last = change();
	info.read_at = 1750000000;
	menu_model_set_info(&m, &info);
	assert_null(info.last); /* moved into the model */
	char *d = menu_item_detail(&m, MENU_UNDO);
	assert_string_equal(d, "config set, today 12:06 (2 files)");
	free(d);
	assert_int_equal(menu_model_act(&m, MENU_ACT_SELECT, MENU_UNDO), MENU_EV_OPEN | MENU_EV_REDRAW);
	assert_int_equal(m.opened, MENU_UNDO);
	/* Setup opens once the wizard exists. */
	assert_int_equal(menu_model_act(&m, MENU_ACT_SELECT, MENU_SETUP), MENU_EV_REDRAW);
	m.setup_available = 1;
	assert_int_equal(menu_model_act(&m, MENU_ACT_SELECT, MENU_SETUP), MENU_EV_OPEN | MENU_EV_REDRAW);
	assert_int_equal(menu_model_act(&m, MENU_ACT_END, 0), MENU_EV_REDRAW);
	assert_int_equal(m.selected, MENU_QUIT);
	assert_int_equal(menu_model_act(&m, MENU_ACT_OPEN, 0), MENU_EV_QUIT);
	assert_int_equal(menu_model_act(&m, MENU_ACT_SELECT, 99), MENU_EV_NONE);
	assert_int_equal(menu_model_act(&m, MENU_ACT_QUIT, 0), MENU_EV_QUIT);
	menu_model_free(&m);
}

static void test_header_facts(void **state)
{
	(void)state;
	struct menu_model m;
	menu_model_init(&m, "/srv/demo-repo");
	char *t = menu_storage_text(&m);
	assert_string_equal(t, "...");
	free(t);
	struct menu_info info = { 0 };
	info.storage = MENU_STORAGE_OTHER;
	info.endpoint_host = xstrdup("rgw.example.org");
	menu_model_set_info(&m, &info);
	t = menu_storage_text(&m);
	assert_string_equal(t, "S3 at rgw.example.org");
	free(t);
	info.error = xstrdup("invenio.cfg:3: not Python");
	menu_model_set_info(&m, &info);
	assert_int_equal(m.info_state, MENU_FAILED);
	t = menu_storage_text(&m);
	assert_string_equal(t, "?");
	free(t);
	menu_model_check_started(&m);
	assert_int_equal(m.check_state, MENU_PENDING);
	struct check_result res[4];
	const char *ids[4] = { "dns", "auth", "bucket", "cors" };
	const enum check_status st[4] = { CHECK_OK, CHECK_WARN, CHECK_CRIT, CHECK_WARN };
	for (int i = 0; i < 4; i++) {
		memset(&res[i], 0, sizeof res[i]);
		res[i].id = ids[i];
		res[i].status = st[i];
		res[i].message = (char *)ids[i];
	}
	struct check_report rep = { (char *)"x", res, 4 };
	menu_model_check_done(&m, &rep, 1750000000);
	assert_int_equal(m.check_state, MENU_READY);
	assert_int_equal(m.verdict, CHECK_CRIT);
	assert_int_equal(m.counts[CHECK_OK], 1);
	assert_int_equal(m.counts[CHECK_WARN], 2);
	/* The problems, worst first, then in table order. */
	assert_int_equal(m.n_problems, 3);
	assert_string_equal(m.problems[0].id, "bucket");
	assert_string_equal(m.problems[1].id, "auth");
	assert_string_equal(m.problems[2].id, "cors");
	/* A new run keeps the last verdict on screen until it ends. */
	menu_model_check_started(&m);
	assert_int_equal(m.check_state, MENU_READY);
	menu_model_check_failed(&m, "no transport");
	assert_int_equal(m.check_state, MENU_FAILED);
	assert_string_equal(m.check_error, "no transport");
	menu_model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_storage_kind),
		cmocka_unit_test(test_change_when),
		cmocka_unit_test(test_moving_and_opening),
		cmocka_unit_test(test_header_facts),
	};
	return cmocka_run_group_tests_name("menu_model", tests, NULL, NULL);
}
