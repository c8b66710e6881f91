/* `rdm-s3 check`, the built binary: --json validated against
 * data/check-report.schema.json (tests/helpers/json_schema.c), every
 * --prometheus line parsed as the text exposition format, the Nagios exit
 * codes 0/1/2/3 (and 64 for usage errors) agreeing with the reports,
 * several instances checked in one run, no colour when stdout is not a
 * terminal, the RDM_S3_CLOCK_OFFSET hook, and `rdm-s3 help check`. Runs
 * against the shared local MinIO (tests/servers). */
#include "config.h"

#include <regex.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "../helpers/http_stub.h"
#include "../helpers/json_schema.h"
#include "../helpers/sample_instance.h"
#include "../helpers/test_server.h"
#include "s3/client.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* --- running the binary ------------------------------------------------ */

struct out {
	int status;     /* exit status */
	struct buf text; /* stdout */
};

/* Runs $top_builddir/rdm-s3 with args (NULL-terminated); stderr goes to the
 * test log. envset: "NAME=VALUE" to add, or NULL. */
static void rdm(struct out *o, const char *envset, const char *const *args)
{
	const char *top = getenv("top_builddir");
	assert_non_null(top);
	char *bin = xasprintf("%s/rdm-s3", top);
	size_t n = 0;
	while (args[n])
		n++;
	char **argv = xcalloc(n + 2, sizeof *argv);
	argv[0] = bin;
	for (size_t i = 0; i < n; i++)
		argv[i + 1] = (char *)args[i];
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	fflush(stdout);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		if (envset)
			putenv((char *)envset);
		execv(bin, argv);
		_exit(127);
	}
	close(fds[1]);
	memset(o, 0, sizeof *o);
	char chunk[4096];
	ssize_t got;
	while ((got = read(fds[0], chunk, sizeof chunk)) > 0)
		buf_append(&o->text, chunk, (size_t)got);
	close(fds[0]);
	int ws;
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFEXITED(ws));
	o->status = WEXITSTATUS(ws);
	free(argv);
	free(bin);
}

static json_t *parse_valid(const struct out *o)
{
	json_error_t jerr;
	json_t *doc = json_loads(buf_str(&o->text), 0, &jerr);
	if (!doc)
		fail_msg("not JSON (%s): %s", jerr.text, buf_str(&o->text));
	json_t *schema = json_schema_load_check_report();
	assert_non_null(schema);
	char *why = NULL;
	if (json_schema_validate(schema, doc, &why) != 0)
		fail_msg("the schema rejects the output: %s", why);
	json_decref(schema);
	/* The document's exit code is the process's. */
	assert_int_equal(json_integer_value(json_object_get(doc, "exit_code")), o->status);
	return doc;
}

static const char *check_status_of(json_t *doc, size_t inst, const char *id)
{
	json_t *checks = json_object_get(json_array_get(json_object_get(doc, "instances"), inst),
					 "checks");
	size_t i;
	json_t *c;
	json_array_foreach(checks, i, c)
		if (!strcmp(json_string_value(json_object_get(c, "id")), id))
			return json_string_value(json_object_get(c, "status"));
	fail_msg("no check %s in instance %zu", id, inst);
	return NULL;
}

/* --- fixtures ------------------------------------------------------------ */

struct fx {
	struct ts_server srv;
	char *dir, *bucket;
	struct out o;
};

static int teardown(void **state)
{
	struct fx *f = *state;
	if (f) {
		ts_server_free(&f->srv);
		free(f->dir);
		free(f->bucket);
		buf_free(&f->o.text);
		free(f);
	}
	*state = NULL;
	return 0;
}

static struct fx *fx_new(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	*state = f;
	return f;
}

/* The shared MinIO, a fresh bucket and an instance copy using both. */
static void fx_minio(struct fx *f)
{
	static unsigned seq;
	ts_server_require("minio", &f->srv);
	f->bucket = xasprintf("chk-cmd-%ld-%u", (long)getpid(), ++seq);
	struct s3_credentials cr = { f->srv.access_key, f->srv.secret_key, NULL };
	struct s3_client_config cfg = { .endpoint = f->srv.endpoint, .creds = &cr, .path_style = 1 };
	struct rdm_error err = RDM_ERROR_INIT;
	struct s3_client *c = s3_client_new(&cfg, &err);
	assert_non_null(c);
	struct s3_status st = S3_STATUS_INIT;
	if (s3_create_bucket(c, f->bucket, &st) != 0)
		fail_msg("CreateBucket: %s", st.explanation ? st.explanation : "?");
	s3_status_clear(&st);
	s3_client_free(c);
	struct sample_instance_spec s = { f->srv.endpoint, f->srv.access_key, f->srv.secret_key,
					  f->bucket };
	f->dir = sample_instance_make("cmd", &s);
}

/* An instance whose server is gone: nothing listens on its port. */
static char *instance_stopped(void)
{
	char *ep = xasprintf("http://127.0.0.1:%d", http_stub_unused_port());
	struct sample_instance_spec s = { ep, "rdmAPPKEY4TESTS0001", "Str0ng-Secret-For-The-Tests-9f3a7c",
					  "default" };
	char *dir = sample_instance_make("cmd-stopped", &s);
	free(ep);
	return dir;
}

/* --- tests --------------------------------------------------------------- */

static void json_all_ok(void **state)
{
	struct fx *f = fx_new(state);
	fx_minio(f);
	const char *args[] = { "check", "--instance", f->dir, "--json", NULL };
	rdm(&f->o, NULL, args);
	json_t *doc = parse_valid(&f->o);
	assert_int_equal(f->o.status, 0);
	json_t *inst = json_array_get(json_object_get(doc, "instances"), 0);
	assert_int_equal(json_array_size(json_object_get(inst, "checks")), 16);
	assert_string_equal(check_status_of(doc, 0, "canary"), "ok");
	assert_string_equal(check_status_of(doc, 0, "cors"), "ok");
	/* Secrets stay masked in the settings lists. */
	assert_null(strstr(buf_str(&f->o.text), f->srv.secret_key));
	json_decref(doc);
}

/* name{label="value",...} value, as the text exposition format has it. */
static void prometheus_lines_parse(void **state)
{
	struct fx *f = fx_new(state);
	fx_minio(f);
	const char *args[] = { "check", "--instance", f->dir, "--prometheus", NULL };
	rdm(&f->o, NULL, args);
	assert_int_equal(f->o.status, 0);
	regex_t sample, help;
	assert_int_equal(regcomp(&sample, "^[a-zA-Z_:][a-zA-Z0-9_:]*"
				 "(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\""
				 "(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\")*\\})?"
				 " (-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[-+]Inf)$",
				 REG_EXTENDED | REG_NOSUB), 0);
	assert_int_equal(regcomp(&help, "^# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+|TYPE [a-zA-Z_:]"
				 "[a-zA-Z0-9_:]* (gauge|counter|untyped))$", REG_EXTENDED | REG_NOSUB), 0);
	char *text = xstrdup(buf_str(&f->o.text)), *save = NULL;
	size_t samples = 0;
	int exit_line = 0;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		regex_t *re = line[0] == '#' ? &help : &sample;
		if (regexec(re, line, 0, NULL, 0) != 0)
			fail_msg("not exposition format: %s", line);
		samples += line[0] != '#';
		exit_line |= !strncmp(line, "rdm_s3_checks_exit_code{", 24) && strstr(line, "} 0");
	}
	assert_true(samples >= 16);
	assert_true(exit_line);
	regfree(&sample);
	regfree(&help);
	free(text);
}

/* A stopped server: exit 2 (critical), tcp critical in the JSON. */
static void exit_critical(void **state)
{
	struct fx *f = fx_new(state);
	f->dir = instance_stopped();
	const char *args[] = { "check", "--instance", f->dir, "--json", "--timeout", "5", NULL };
	rdm(&f->o, NULL, args);
	json_t *doc = parse_valid(&f->o);
	assert_int_equal(f->o.status, 2);
	assert_string_equal(check_status_of(doc, 0, "tcp"), "critical");
	assert_string_equal(check_status_of(doc, 0, "auth"), "skipped");
	json_decref(doc);
}

/* Only the instance check, on files every user may read: exit 1. */
static void exit_warning(void **state)
{
	struct fx *f = fx_new(state);
	f->dir = instance_stopped();
	char *cfg = xasprintf("%s/invenio.cfg", f->dir);
	assert_int_equal(chmod(cfg, 0644), 0);
	free(cfg);
	const char *args[] = { "check", "--instance", f->dir, "--only", "instance", NULL };
	rdm(&f->o, NULL, args);
	assert_int_equal(f->o.status, 1);
	assert_non_null(strstr(buf_str(&f->o.text), "chmod 600 invenio.cfg"));
	assert_null(strstr(buf_str(&f->o.text), "\033[")); /* not a terminal: no colour */
}

/* No bucket known for an endpoint alone: the bucket check cannot tell
 * (exit 3); a folder that is no instance: the checks cannot run (exit 3). */
static void exit_unknown(void **state)
{
	struct fx *f = fx_new(state);
	const char *args[] = { "check", "--endpoint", "http://127.0.0.1:9", "--only", "bucket",
			       "--json", NULL };
	rdm(&f->o, NULL, args);
	json_t *doc = parse_valid(&f->o);
	assert_int_equal(f->o.status, 3);
	assert_string_equal(check_status_of(doc, 0, "bucket"), "unknown");
	json_decref(doc);
	buf_free(&f->o.text);
	const char *run = getenv("RDM_S3_TEST_RUN");
	assert_non_null(run);
	const char *args2[] = { "check", "--instance", run, NULL };
	rdm(&f->o, NULL, args2);
	assert_int_equal(f->o.status, 3);
}

static void usage_errors(void **state)
{
	struct fx *f = fx_new(state);
	const char *bad_id[] = { "check", "--endpoint", "http://127.0.0.1:9", "--only", "tcp,nope", NULL };
	rdm(&f->o, NULL, bad_id);
	assert_int_equal(f->o.status, 64);
	buf_free(&f->o.text);
	const char *both[] = { "check", "--endpoint", "http://127.0.0.1:9", "--json", "--prometheus", NULL };
	rdm(&f->o, NULL, both);
	assert_int_equal(f->o.status, 64);
	buf_free(&f->o.text);
	const char *timeout[] = { "check", "--endpoint", "http://127.0.0.1:9", "--timeout", "0", NULL };
	rdm(&f->o, NULL, timeout);
	assert_int_equal(f->o.status, 64);
	buf_free(&f->o.text);
	const char *bad_ep[] = { "check", "--endpoint", "localhost:9000", "--bucket", "b", NULL };
	rdm(&f->o, NULL, bad_ep);
	assert_int_equal(f->o.status, 64);
	buf_free(&f->o.text);
	const char *help[] = { "help", "check", NULL };
	rdm(&f->o, NULL, help);
	assert_int_equal(f->o.status, 0);
	assert_non_null(strstr(buf_str(&f->o.text), "Usage: rdm-s3 check"));
	assert_non_null(strstr(buf_str(&f->o.text), "Exit status"));
}

/* Two instances in one run, one fine and one down: both reported, in
 * command-line order; the exit code is the worst. */
static void several_instances(void **state)
{
	struct fx *f = fx_new(state);
	fx_minio(f);
	char *down = instance_stopped();
	const char *args[] = { "check", "--instance", f->dir, "--instance", down, "--json",
			       "--timeout", "5", NULL };
	rdm(&f->o, NULL, args);
	json_t *doc = parse_valid(&f->o);
	assert_int_equal(f->o.status, 2);
	json_t *insts = json_object_get(doc, "instances");
	assert_int_equal(json_array_size(insts), 2);
	assert_non_null(strstr(json_string_value(json_object_get(json_array_get(insts, 0), "instance")),
			       "/cmd-"));
	assert_string_equal(json_string_value(json_object_get(json_array_get(insts, 0), "status")), "info");
	assert_string_equal(json_string_value(json_object_get(json_array_get(insts, 1), "status")),
			    "critical");
	json_decref(doc);
	free(down);
}

static void clock_offset_hook(void **state)
{
#if !RDM_TEST_HOOKS
	fail_msg("RDM_S3_CLOCK_OFFSET is a test hook: configure with --enable-test-hooks (./bootstrap does)");
#endif
	struct fx *f = fx_new(state);
	fx_minio(f);
	const char *args[] = { "check", "--instance", f->dir, "--only", "tcp,clock,auth", "--json", NULL };
	rdm(&f->o, "RDM_S3_CLOCK_OFFSET=-3600", args);
	json_t *doc = parse_valid(&f->o);
	assert_int_equal(f->o.status, 2);
	assert_string_equal(check_status_of(doc, 0, "clock"), "critical");
	assert_string_equal(check_status_of(doc, 0, "auth"), "critical");
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(usage_errors, teardown),
		cmocka_unit_test_teardown(exit_warning, teardown),
		cmocka_unit_test_teardown(exit_unknown, teardown),
		cmocka_unit_test_teardown(exit_critical, teardown),
		cmocka_unit_test_teardown(json_all_ok, teardown),
		cmocka_unit_test_teardown(prometheus_lines_parse, teardown),
		cmocka_unit_test_teardown(several_instances, teardown),
		cmocka_unit_test_teardown(clock_offset_hook, teardown),
	};
	return cmocka_run_group_tests_name("check_cmd", tests, NULL, NULL);
}
