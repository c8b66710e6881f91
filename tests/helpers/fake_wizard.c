/* The setup wizard on the fake engine (fake_setup_engine.h), on a real
 * terminal: for the tmux test of the wizard's terminal handling (resize in
 * a form, Ctrl-C, restoring the terminal) while the real engine cannot run
 * here. Usage: fake_wizard INSTANCE-DIR [minio|ceph] [wrong-secret].
 * Exit status as `rdm-s3 setup`. Not a test by itself. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_setup_engine.h"
#include "ops/check/check.h"
#include "tui/app.h"

static int no_begin(struct check_probe *p, unsigned needs, struct check_facts *f, struct rdm_error *err)
{
	(void)p; (void)needs; (void)f;
	return rdm_error_set(err, "no checks in the fake wizard");
}
static void no_gather(struct check_probe *p, unsigned needs, struct check_facts *f)
{
	(void)p; (void)needs; (void)f;
}
static void no_end(struct check_probe *p, struct check_facts *f)
{
	(void)p; (void)f;
}

int main(int argc, char **argv)
{
	static const char *const buckets[] = { "default", "archive", NULL };
	struct check_probe probe = { no_begin, no_gather, no_end };
	struct fake_setup fake;
	struct rdm_error err = RDM_ERROR_INIT;
	if (argc < 2) {
		fputs("usage: fake_wizard INSTANCE-DIR [minio|ceph] [wrong-secret]\n", stderr);
		return 64;
	}
	setlocale(LC_ALL, "");
	memset(&fake, 0, sizeof fake);
	fake.instance_dir = argv[1];
	fake.kind = argc > 2 && !strcmp(argv[2], "ceph") ? FAKE_CEPH : FAKE_FRESH_MINIO;
	fake.wrong_secret = argc > 3 ? argv[3] : NULL;
	fake.buckets = buckets;
	fake_setup_use(&fake);
	struct tui_app_config cfg = {
		.start = TUI_APP_SETUP,
		.want_color = !getenv("NO_COLOR"),
		.instance_dir = argv[1],
		.label = argv[1],
		.table = check_table,
		.probe = &probe,
		.interval_s = 10,
		.setup_engine = &fake_setup_engine,
		.what = "the setup wizard",
	};
	int rc = tui_app_run(&cfg, &err);
	if (rc < 0) {
		fprintf(stderr, "fake_wizard: %s\n", err.message);
		rc = 1;
	}
	rdm_error_clear(&err);
	fake_setup_done(&fake);
	return rc;
}
