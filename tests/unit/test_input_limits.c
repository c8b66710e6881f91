/* Input that costs too much (issue 10, items 7 and 8): the invenio.cfg
 * lexer is linear in the length of a line (a multi-megabyte line parses;
 * it used to rescan its line for every token, hours for this one), and
 * instance files over RDM_CONFIG_FILE_MAX are refused with an error that
 * names the file and the limit, before any parser sees them. */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "instance/instance.h"
#include "instance/pycfg/pycfg.h"
#include "test_plan_util.h"
#include "util/atomic_file.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* A 3 MB assignment on one line: a dict of lists of numbers and strings. */
static void long_line(struct buf *b, size_t target)
{
	buf_puts(b, "S3_ENDPOINT_URL = 'http://localhost:9000/'\nBIG = {");
	for (unsigned i = 0; b->len < target; i++)
		buf_printf(b, "'k%u': [1, 2.5, \"v\", None], ", i);
	buf_puts(b, "}\nS3_REGION_NAME = 'eu-west-1'\n");
}

static void multi_megabyte_line_parses(void **state)
{
	(void)state;
	struct buf text = BUF_INIT;
	long_line(&text, 3 * 1024 * 1024);
	/* A watchdog, not a timing assertion: linear parsing takes well under
	 * a second; the quadratic lexer took hours on this input. */
	alarm(300);
	struct pycfg cfg;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(pycfg_parse(&cfg, "invenio.cfg", text.data, text.len, &err), 0);
	alarm(0);
	const struct pycfg_assign *a = pycfg_get(&cfg, "S3_REGION_NAME");
	assert_non_null(a);
	assert_int_equal(a->line, 3);
	assert_non_null(pycfg_get(&cfg, "BIG"));
	pycfg_free(&cfg);
	buf_free(&text);
}

static void write_sized(const char *path, const char *head, size_t size)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(head, f);
	for (size_t n = strlen(head); n < size; n += 32)
		fputs("# padding padding padding paddi\n", f);
	fclose(f);
}

static void oversized_files_are_refused(void **state)
{
	(void)state;
	static const char *const names[] = { "invenio.cfg", "docker-services.yml", ".env", "docker-compose.yml" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		char *dir = tu_scratch("limits");
		char *marker = tu_join(dir, ".invenio"), *big = tu_join(dir, names[i]);
		tu_write(marker, "[cli]\nflavour = RDM\n", 0644);
		write_sized(big, i == 1 || i == 3 ? "services:\n" : "", RDM_CONFIG_FILE_MAX + 4096);
		struct instance inst;
		struct rdm_error err = RDM_ERROR_INIT;
		assert_int_equal(inst_load(&inst, dir, &err), -1);
		char *want = xasprintf("%s is larger than 4096 KiB", names[i]);
		if (!strstr(err.message, want))
			fprintf(stderr, "# %s\n", err.message);
		assert_non_null(strstr(err.message, want));
		assert_non_null(err.remedy);
		assert_non_null(strstr(err.where, names[i]));
		free(want);
		rdm_error_clear(&err);
		inst_free(&inst);
		/* just under the limit is read */
		write_sized(big, i == 1 || i == 3 ? "services:\n" : "", RDM_CONFIG_FILE_MAX - 4096);
		assert_int_equal(inst_load(&inst, dir, &err), 0);
		inst_free(&inst);
		tu_remove_tree(dir);
		free(marker), free(big), free(dir);
	}
}

/* The read stops at the limit: a 100 MB file costs no more than 4 MiB. */
static void read_stops_at_the_limit(void **state)
{
	(void)state;
	char *dir = tu_scratch("limits");
	char *big = tu_join(dir, "huge.yml");
	write_sized(big, "", 16 * 1024 * 1024);
	struct buf b = BUF_INIT;
	int exists;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(atomic_file_read_max(big, RDM_CONFIG_FILE_MAX, &b, &exists, &err), -1);
	assert_true(b.cap <= 2 * RDM_CONFIG_FILE_MAX);
	rdm_error_clear(&err);
	buf_free(&b);
	tu_remove_tree(dir);
	free(big), free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(multi_megabyte_line_parses),
		cmocka_unit_test(oversized_files_are_refused),
		cmocka_unit_test(read_stops_at_the_limit),
	};
	return cmocka_run_group_tests_name("input_limits", tests, NULL, NULL);
}
