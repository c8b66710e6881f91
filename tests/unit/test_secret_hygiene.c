/* Secrets hygiene (issue 10, items 10, 13, 14): no core dumps once a
 * command may hold secrets; a secret buffer leaves no copy behind when it
 * grows; a credentials file is read with read(2) into memory that is wiped
 * (stdio kept a copy in its own buffer), and refused when others may read
 * it.
 *
 * "No copy behind" is checked by scanning this process's heap ([heap] in
 * /proc/self/maps, read through /proc/self/mem) for the secret. The secret
 * is a run of letters where each one is the previous plus 7 (mod 26), so
 * the scan recognises it without holding a copy itself. Under
 * AddressSanitizer malloc does not use [heap]: the scan finds nothing
 * there, and the check proves something only in the plain build. */
#include "config.h"

#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "test_plan_util.h"
#include "util/buf.h"
#include "util/creds_file.h"
#include "util/secret.h"
#include "util/xalloc.h"

#define RUN 48 /* letters in a row that make "the secret" */

#if defined(__SANITIZE_ADDRESS__)
#define HEAP_SCAN_WORKS 0 /* ASan's allocator does not use [heap] */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAP_SCAN_WORKS 0
#endif
#endif
#ifndef HEAP_SCAN_WORKS
#define HEAP_SCAN_WORKS 1
#endif

static char next_letter(char c) { return (char)('A' + ((c - 'A') + 7) % 26); }

/* Fill p[0..n) with the secret pattern starting at letter `first`. */
static void pattern(char *p, size_t n, char first)
{
	for (size_t i = 0; i < n; i++)
		p[i] = i ? next_letter(p[i - 1]) : first;
}

/* Whether RUN letters of the pattern follow each other in data. */
static int holds_run(const unsigned char *d, size_t n)
{
	size_t run = 0;
	for (size_t i = 1; i < n; i++) {
		if (d[i - 1] >= 'A' && d[i - 1] <= 'Z' && d[i] == (unsigned char)next_letter((char)d[i - 1])) {
			if (++run >= RUN - 1)
				return 1;
		} else {
			run = 0;
		}
	}
	return 0;
}

/* Whether [heap] holds the secret anywhere (allocated or freed). */
static int heap_holds_secret(void)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	unsigned long lo = 0, hi = 0;
	char line[512];
	while (maps && fgets(line, sizeof line, maps))
		if (strstr(line, "[heap]") && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
			break;
	if (maps)
		fclose(maps);
	if (!hi)
		return 0;
	int fd = open("/proc/self/mem", O_RDONLY);
	assert_true(fd >= 0);
	static unsigned char chunk[1 << 16]; /* not in [heap] */
	int found = 0;
	for (unsigned long at = lo; !found && at < hi; at += sizeof chunk - RUN) {
		size_t want = hi - at < sizeof chunk ? hi - at : sizeof chunk;
		ssize_t got = pread(fd, chunk, want, (off_t)at);
		if (got <= 0)
			break;
		found = holds_run(chunk, (size_t)got);
	}
	memset(chunk, 0, sizeof chunk);
	close(fd);
	return found;
}

static void secret_buffer_wipes_on_grow(void **state)
{
	(void)state;
	char piece[64];
	struct buf b = BUF_INIT_SECRET;
	void *blockers[40];
	char first = 'A';
	assert_false(heap_holds_secret());
	/* grow by small appends, with allocations in between so that the
	 * buffer has to move (realloc cannot extend it in place) */
	for (int i = 0; i < 40; i++) {
		pattern(piece, sizeof piece, first);
		first = next_letter(piece[sizeof piece - 1]);
		buf_append(&b, piece, sizeof piece);
		blockers[i] = xmalloc(48);
	}
	secure_wipe(piece, sizeof piece);
	if (!HEAP_SCAN_WORKS) { /* the plain build (CI runs both) does the scan */
		assert_int_equal(b.len, 40 * sizeof piece);
		buf_free_secret(&b);
		for (int i = 0; i < 40; i++)
			free(blockers[i]);
		return;
	}
	assert_true(heap_holds_secret()); /* the live buffer: the scan works */
	buf_free_secret(&b);
	assert_false(heap_holds_secret());
	for (int i = 0; i < 40; i++)
		free(blockers[i]);
}

static char *creds_path(const char *dir, mode_t mode)
{
	char *p = tu_join(dir, "creds.ini");
	char secret[200];
	pattern(secret, sizeof secret - 1, 'C');
	secret[sizeof secret - 1] = '\0';
	char *text = xasprintf("[default]\naws_access_key_id = AKID\naws_secret_access_key = %s\n", secret);
	/* write(2), not tu_write: stdio's buffer would leave a copy in the heap */
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	secure_wipe(text, strlen(text));
	secure_wipe(secret, sizeof secret);
	free(text);
	return p;
}

static void credentials_file_leaves_no_copy(void **state)
{
	(void)state;
	char *dir = tu_scratch("hygiene");
	char *p = creds_path(dir, 0600);
	assert_false(heap_holds_secret());
	struct creds_file c;
	struct rdm_error err = RDM_ERROR_INIT;
	assert_int_equal(creds_file_read(p, &c, NULL, &err), 0);
	assert_int_equal(strlen(c.secret_access_key), 199);
	creds_file_free(&c);
	assert_false(heap_holds_secret());
	tu_remove_tree(dir);
	free(p), free(dir);
}

static void credentials_file_readable_by_others_refused(void **state)
{
	(void)state;
	char *dir = tu_scratch("hygiene");
	const mode_t modes[] = { 0644, 0640, 0604, 0660 };
	for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
		char *p = creds_path(dir, modes[i]);
		chmod(p, modes[i]);
		struct creds_file c;
		struct rdm_error err = RDM_ERROR_INIT;
		int loose = 0;
		assert_int_equal(creds_file_read(p, &c, &loose, &err), -1);
		assert_int_equal(loose, 1);
		assert_non_null(strstr(err.message, "may be read by other users"));
		char *fix = xasprintf("chmod 600 %s", p);
		assert_non_null(strstr(err.remedy, fix));
		assert_null(c.secret_access_key);
		free(fix);
		rdm_error_clear(&err);
		free(p);
	}
	tu_remove_tree(dir);
	free(dir);
}

/* In a child (the setting is for the whole process). */
static void no_core_dumps(void **state)
{
	(void)state;
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit rl;
		if (secret_protect_process() != 0)
			_exit(1);
		if (getrlimit(RLIMIT_CORE, &rl) != 0 || rl.rlim_cur != 0 || rl.rlim_max != 0)
			_exit(2);
		if (prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0)
			_exit(3);
		rl.rlim_cur = rl.rlim_max = RLIM_INFINITY; /* cannot be raised again (without root) */
		if (geteuid() != 0 && setrlimit(RLIMIT_CORE, &rl) == 0)
			_exit(4);
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(secret_buffer_wipes_on_grow),
		cmocka_unit_test(credentials_file_leaves_no_copy),
		cmocka_unit_test(credentials_file_readable_by_others_refused),
		cmocka_unit_test(no_core_dumps),
	};
	return cmocka_run_group_tests_name("secret_hygiene", tests, NULL, NULL);
}
