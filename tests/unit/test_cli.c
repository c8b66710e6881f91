/* Global option parsing: options anywhere, secrets refused, values taken. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cli.h"

static void globals_anywhere(void **state)
{
	(void)state;
	char *argv[] = { "rdm-s3", "--json", "bucket", "--endpoint", "http://127.0.0.1:9000",
			 "list", "--region=eu-west-1", "-vv", "--instance", "A", "--instance", "B", NULL };
	int argc = 12;
	struct rdm_globals g = { .color = RDM_COLOR_AUTO };
	char *msg = NULL;
	assert_int_equal(cli_parse_globals(&argc, argv, &g, &msg), 0);
	assert_null(msg);
	assert_int_equal(argc, 3);
	assert_string_equal(argv[1], "bucket");
	assert_string_equal(argv[2], "list");
	assert_null(argv[3]);
	assert_true(g.json);
	assert_string_equal(g.endpoint, "http://127.0.0.1:9000");
	assert_string_equal(g.region, "eu-west-1");
	assert_int_equal(g.verbosity, 2);
	assert_int_equal(g.n_instances, 2);
	assert_string_equal(g.instances[1], "B");
	cli_globals_free(&g);
}

static void secrets_refused(void **state)
{
	(void)state;
	char *argv[] = { "rdm-s3", "bucket", "list", "--secret-access-key=abc", NULL };
	int argc = 4;
	struct rdm_globals g = { .color = RDM_COLOR_AUTO };
	char *msg = NULL;
	assert_int_equal(cli_parse_globals(&argc, argv, &g, &msg), -1);
	assert_non_null(strstr(msg, "never accepted on the command line"));
	assert_null(strstr(msg, "abc"));
	free(msg);
	cli_globals_free(&g);
}

static void show_secrets_flag_passes(void **state)
{
	(void)state;
	/* a value-less flag naming secrets is the command's business, not a
	 * secret on the command line; --show-secrets=X still is refused */
	char *argv[] = { "rdm-s3", "config", "show", "--show-secrets", NULL };
	int argc = 4;
	struct rdm_globals g = { .color = RDM_COLOR_AUTO };
	char *msg = NULL;
	assert_int_equal(cli_parse_globals(&argc, argv, &g, &msg), 0);
	assert_int_equal(argc, 4); /* nothing taken away: not a global option */
	assert_string_equal(argv[3], "--show-secrets");
	cli_globals_free(&g);

	char *argv2[] = { "rdm-s3", "config", "show", "--show-secrets=abc", NULL };
	argc = 4;
	struct rdm_globals g2 = { .color = RDM_COLOR_AUTO };
	assert_int_equal(cli_parse_globals(&argc, argv2, &g2, &msg), -1);
	assert_null(strstr(msg, "abc"));
	free(msg);
	cli_globals_free(&g2);
}

static void missing_value(void **state)
{
	(void)state;
	char *argv[] = { "rdm-s3", "bucket", "--endpoint", NULL };
	int argc = 3;
	struct rdm_globals g = { .color = RDM_COLOR_AUTO };
	char *msg = NULL;
	assert_int_equal(cli_parse_globals(&argc, argv, &g, &msg), -1);
	assert_string_equal(msg, "option '--endpoint' needs a value");
	free(msg);
	cli_globals_free(&g);
}

static void stops_at_double_dash(void **state)
{
	(void)state;
	char *argv[] = { "rdm-s3", "cors", "--", "--json", NULL };
	int argc = 4;
	struct rdm_globals g = { .color = RDM_COLOR_AUTO };
	char *msg = NULL;
	assert_int_equal(cli_parse_globals(&argc, argv, &g, &msg), 0);
	assert_false(g.json);
	assert_int_equal(argc, 4);
	assert_string_equal(argv[3], "--json");
	cli_globals_free(&g);
}

static void finds_commands(void **state)
{
	(void)state;
	assert_non_null(cli_find_command("help"));
	assert_null(cli_find_command("nonsense"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(globals_anywhere),
		cmocka_unit_test(secrets_refused),
		cmocka_unit_test(show_secrets_flag_passes),
		cmocka_unit_test(missing_value),
		cmocka_unit_test(stops_at_double_dash),
		cmocka_unit_test(finds_commands),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
