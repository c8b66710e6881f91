/* util/spawn: argv without a shell, output captured in order and live,
 * stdin fed, a working folder, the time limit and the cancel flag (the
 * whole process group stops), a program that is not there, the output cap,
 * and the text forms of a status and a command line. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "util/spawn.h"
#include "util/xalloc.h"

static void runs_without_a_shell(void **state)
{
	(void)state;
	/* A shell would expand $HOME and split the words; argv keeps them. */
	const char *argv[] = { "printf", "%s|%s\\n", "$HOME; rm -rf /", "two words", NULL };
	struct spawn_opts o = { .argv = argv };
	struct spawn_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(spawn_run(&o, &r, &err), 0);
	assert_true(spawn_succeeded(&r));
	assert_string_equal(buf_str(&r.output), "$HOME; rm -rf /|two words\n");
	spawn_result_free(&r);
}

static void captures_both_streams_and_status(void **state)
{
	(void)state;
	const char *argv[] = { "sh", "-c", "echo out; echo err >&2; exit 3", NULL };
	struct spawn_opts o = { .argv = argv };
	struct spawn_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(spawn_run(&o, &r, &err), 0);
	assert_false(spawn_succeeded(&r));
	assert_true(r.exited);
	assert_int_equal(r.exit_code, 3);
	assert_non_null(strstr(buf_str(&r.output), "out\n"));
	assert_non_null(strstr(buf_str(&r.output), "err\n"));
	char *why = spawn_describe_status(&r);
	assert_string_equal(why, "exit status 3");
	free(why);
	spawn_result_free(&r);
	o.stderr_null = 1;
	assert_int_equal(spawn_run(&o, &r, &err), 0);
	assert_string_equal(buf_str(&r.output), "out\n");
	spawn_result_free(&r);
}

struct live {
	struct buf seen;
	int calls;
};

static void on_output(void *ctx, const char *data, size_t len)
{
	struct live *l = ctx;
	buf_append(&l->seen, data, len);
	l->calls++;
}

static void stdin_cwd_and_live_output(void **state)
{
	(void)state;
	const char *argv[] = { "sh", "-c", "pwd; cat", NULL };
	struct live l = { BUF_INIT, 0 };
	struct spawn_opts o = { .argv = argv, .cwd = "/", .stdin_data = "fed on stdin\n", .stdin_len = 13,
				.on_output = on_output, .ctx = &l };
	struct spawn_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(spawn_run(&o, &r, &err), 0);
	assert_string_equal(buf_str(&r.output), "/\nfed on stdin\n");
	assert_string_equal(buf_str(&l.seen), buf_str(&r.output));
	assert_true(l.calls >= 1);
	buf_free(&l.seen);
	spawn_result_free(&r);
}

static void time_limit_stops_the_group(void **state)
{
	(void)state;
	/* The child starts a grandchild; both must go. */
	const char *argv[] = { "sh", "-c", "sleep 30 & sleep 30; echo never", NULL };
	struct spawn_opts o = { .argv = argv, .timeout_ms = 300 };
	struct spawn_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(spawn_run(&o, &r, &err), 0);
	assert_true(r.timed_out);
	assert_false(spawn_succeeded(&r));
	assert_null(strstr(buf_str(&r.output), "never"));
	char *why = spawn_describe_status(&r);
	assert_non_null(strstr(why, "time limit"));
	free(why);
	spawn_result_free(&r);
}

static void cancel_flag_stops_it(void **state)
{
	(void)state;
	atomic_int cancel;
	atomic_store(&cancel, 1);
	const char *argv[] = { "sleep", "30", NULL };
	struct spawn_opts o = { .argv = argv, .cancel = &cancel };
	struct spawn_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(spawn_run(&o, &r, &err), 0);
	assert_true(r.cancelled);
	assert_false(r.timed_out);
	spawn_result_free(&r);
}

static void missing_program_and_cap(void **state)
{
	(void)state;
	const char *argv[] = { "rdm-s3-no-such-program", NULL };
	struct spawn_opts o = { .argv = argv };
	struct spawn_result r;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(spawn_run(&o, &r, &err), -1);
	assert_non_null(strstr(err.message, "rdm-s3-no-such-program"));
	assert_non_null(strstr(err.remedy, "PATH"));
	rdm_error_clear(&err);
	spawn_result_free(&r);
	const char *big[] = { "head", "-c", "100000", "/dev/zero", NULL };
	struct spawn_opts b = { .argv = big, .output_cap = 1000 };
	assert_int_equal(spawn_run(&b, &r, &err), 0);
	assert_int_equal(r.output.len, 1000);
	assert_true(r.output_truncated);
	assert_true(spawn_succeeded(&r)); /* read to the end, not blocked */
	spawn_result_free(&r);
}

static void command_line_text(void **state)
{
	(void)state;
	const char *argv[] = { "docker", "compose", "--file", "docker-compose.yml", "up", "-d", "s3", NULL };
	char *t = spawn_argv_text(argv);
	assert_string_equal(t, "docker compose --file docker-compose.yml up -d s3");
	free(t);
	const char *odd[] = { "echo", "it's", "a b", "", NULL };
	t = spawn_argv_text(odd);
	assert_string_equal(t, "echo 'it'\\''s' 'a b' ''");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_without_a_shell),
		cmocka_unit_test(captures_both_streams_and_status),
		cmocka_unit_test(stdin_cwd_and_live_output),
		cmocka_unit_test(time_limit_stops_the_group),
		cmocka_unit_test(cancel_flag_stops_it),
		cmocka_unit_test(missing_program_and_cap),
		cmocka_unit_test(command_line_text),
	};
	return cmocka_run_group_tests_name("spawn", tests, NULL, NULL);
}
