/* rdm-s3 config show | set KEY=VALUE… | set-secret KEY */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd_config.h"
#include "cmd_hooks.h"
#include "cmd_recover.h"
#include "instance/plan/plan.h"
#include "instance/settings/settings_edit.h"
#include "ops/config/config_change.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

extern char **environ;

static int run_config(const struct rdm_globals *g, int argc, char **argv);

const struct rdm_command cmd_config = {
	.name = "config",
	.summary = N_("show or change the instance's storage configuration"),
	.help =
	N_("Usage: rdm-s3 config show [--show-secrets]\n"
	"       rdm-s3 config set KEY=VALUE... [--dry-run]\n"
	"       rdm-s3 config set-secret KEY [--generate] [--dry-run]\n"
	"\n"
	"  show        every storage setting of the instance: its value, where it comes\n"
	"              from (file:line or environment variable), what else sets it, and\n"
	"              the problems across the files. Secrets are masked; --show-secrets\n"
	"              prints them, only to a terminal. --json for a machine-readable form.\n"
	"  set         change settings; every file that must change is edited in place\n"
	"              (comments and layout kept), a backup is kept and `rdm-s3 undo`\n"
	"              restores it. --dry-run prints the diff and writes nothing.\n"
	"  set-secret  change a secret, read from standard input (not echoed on a\n"
	"              terminal), or --generate a strong random one (not shown).\n"
	"\n"
	"Keys:\n"
	"  storage.endpoint           S3_ENDPOINT_URL, an http:// or https:// URL\n"
	"  storage.region             S3_REGION_NAME\n"
	"  storage.bucket             the bucket (.invenio [rdm-s3] bucket; default: default)\n"
	"  storage.access-key-id      S3_ACCESS_KEY_ID\n"
	"  storage.secret-access-key  S3_SECRET_ACCESS_KEY (set-secret)\n"
	"  storage.credentials-in     env: .env as INVENIO_S3_* (referenced from docker-services,\n"
	"                             .env added to .gitignore); cfg: invenio.cfg\n"
	"  minio.root-user            MINIO_ROOT_USER (at least 3 characters)\n"
	"  minio.root-password        MINIO_ROOT_PASSWORD (set-secret; at least 8 characters)\n"
	"  minio.cors-allow-origin    MINIO_API_CORS_ALLOW_ORIGIN, origins separated by commas\n"
	"  rustfs.access-key          a RustFS service's RUSTFS_ACCESS_KEY (the same as\n"
	"  rustfs.secret-key          minio.root-user / minio.root-password; set-secret)\n"
	"  storage.client-compat      on: S3_CONFIG_EXTRA asks boto for checksums only when\n"
	"                             required (every S3 server but Amazon S3 needs it);\n"
	"                             off removes those two entries; other entries are kept\n"
	"  storage.ca-bundle          S3_CA_BUNDLE, a CA file (PEM) the app and rdm-s3 trust\n"
	"  storage.bucket-cors-rules  S3_BUCKET_CORS_RULES, given as JSON ([{\"AllowedOrigins\":\n"
	"                             [...], \"AllowedMethods\": [...], ...}]), written as the\n"
	"                             Python list `invenio s3 create-bucket` puts on the bucket\n"
	"  site.ui-url                SITE_UI_URL (SITE_API_URL follows: SITE_UI_URL/api)\n"
	"When the app uses MinIO's root user, the minio.* credentials change the app's\n"
	"S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY too (and storage.secret-access-key the\n"
	"root password), so the two never disagree.\n"
	"\n"
	"Files: rdm-s3 refuses to edit a file that is a symbolic link (edit the target\n"
	"yourself or replace the link by a copy), a file that changed since it was read,\n"
	"and a value that is not a plain literal (it says which line and what to do).\n"
	"Backups: .rdm-s3/backups/<UTC time>/ in the instance (private; ignored by git).\n"
	"\n"
	"Interrupted changes: a change cut short between two files (a kill, a crash) is\n"
	"rolled back by the next command before it reads anything (it says so); one that\n"
	"cannot be settled safely is refused with the command that repairs it.\n"
	"\n"
	"Exit status: 0 done (or nothing to change), 1 failed, 64 usage error or invalid\n"
	"value, 65 an instance file cannot be read or edited (or an interrupted change\n"
	"must be repaired first), 73 a file could not be written.\n"),
	.run = run_config,
};

void cmd_config_print_error(const struct rdm_error *err)
{
	char *text = rdm_error_format(err);
	fprintf(stderr, "rdm-s3: %s\n", text);
	free(text);
}

unsigned cmd_config_fault_at(void) { return cmd_hook_fault_at(); }
enum plan_fault cmd_config_fault_kind(void) { return cmd_hook_fault_kind(); }

int cmd_config_find(const struct rdm_globals *g, char **dir)
{
	struct rdm_error err = RDM_ERROR_INIT;
	*dir = NULL;
	if (g->n_instances > 1)
		return cli_usage_error(NULL, _("this command works on one instance: give --instance once"));
	if (inst_find(g->n_instances ? g->instances[0] : NULL, dir, &err) == 0)
		return 0;
	cmd_config_print_error(&err);
	rdm_error_clear(&err);
	return RDM_EXIT_FAILED;
}

int cmd_config_open(const struct rdm_globals *g, struct instance *inst)
{
	struct rdm_error err = RDM_ERROR_INIT;
	char *dir;
	memset(inst, 0, sizeof *inst);
	int rc = cmd_config_find(g, &dir);
	if (rc)
		return rc;
	if (cmd_recover_instance(g, dir, 0, &err) != 0) {
		rc = RDM_EXIT_DATAERR;
		cmd_config_print_error(&err);
	} else if (inst_load(inst, dir, &err) != 0) {
		rc = RDM_EXIT_DATAERR;
		cmd_config_print_error(&err);
		inst_free(inst);
	}
	rdm_error_clear(&err);
	free(dir);
	return rc;
}

static void print_result(const struct rdm_globals *g, const struct plan *p, const struct plan_result *r)
{
	if (g->verbosity < 0)
		return;
	if (r->n_written == 0)
		printf(_("Nothing to change: the files already say so.\n"));
	for (size_t i = 0; i < r->n_written; i++)
		printf(_("changed %s\n"), r->written[i]);
	if (r->backup_id)
		printf(_("backup: %s (undo with `rdm-s3 undo`)\n"), r->backup_dir);
	for (size_t i = 0; r->n_written && i < p->n_notes; i++)
		printf(_("note: %s\n"), p->notes[i]);
	if (r->interrupted_id)
		printf(_("note: an earlier change (backup %s) had been interrupted; it was settled first, every "
			 "file was whole again before this change\n"), r->interrupted_id);
	if (r->n_pruned)
		printf(_("note: removed %zu old backup set(s) (from %s to %s) to keep the history bounded "
			 "(.invenio [rdm-s3] backups-keep, backups-keep-days)\n"), r->n_pruned, r->pruned[0],
		       r->pruned[r->n_pruned - 1]);
}

static char *command_line(const char *sub, const struct config_assign *a, size_t n)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "config %s", sub);
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, " %s", a[i].key->name); /* keys only: values may be secrets */
	return buf_detach(&b);
}

static int apply(const struct rdm_globals *g, const char *sub, const struct config_assign *a, size_t n,
		 int dry_run)
{
	struct instance inst;
	struct plan p;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = cmd_config_open(g, &inst);
	if (rc)
		return rc;
	plan_init(&p, inst.dir);
	struct settings_opts o = { environ, 0 };
	if (config_change_build(&inst, a, n, &o, &p, &err) != 0)
		rc = RDM_EXIT_DATAERR;
	if (rc == 0 && dry_run) {
		struct buf diff = BUF_INIT;
		plan_diff(&p, &diff);
		fwrite(buf_str(&diff), 1, diff.len, stdout);
		fflush(stdout);
		if (!diff.len && g->verbosity >= 0)
			fprintf(stderr, _("rdm-s3: nothing to change: the files already say so\n"));
		for (size_t i = 0; diff.len && i < p.n_notes && g->verbosity >= 0; i++)
			fprintf(stderr, _("note: %s\n"), p.notes[i]);
		buf_free(&diff);
	} else if (rc == 0) {
		char *cmd = command_line(sub, a, n);
		struct plan_apply_opts ao = { .now = time(NULL), .fault_at = cmd_config_fault_at(), .command = cmd,
						  .fault_kind = cmd_config_fault_kind() };
		struct plan_result r;
		if (plan_apply(&p, &ao, &r, &err) != 0)
			rc = RDM_EXIT_CANTCREAT;
		else
			print_result(g, &p, &r);
		plan_result_free(&r);
		free(cmd);
	}
	if (rc)
		cmd_config_print_error(&err);
	rdm_error_clear(&err);
	plan_free(&p);
	inst_free(&inst);
	return rc;
}

static int parse_assignment(const char *arg, struct config_assign *a)
{
	const char *eq = strchr(arg, '=');
	char *name = eq ? xstrndup(arg, (size_t)(eq - arg)) : xstrdup(arg);
	a->key = settings_key_find(name);
	int rc = 0;
	if (!eq)
		rc = cli_usage_error("config", _("config set: '%s' is not KEY=VALUE"), name);
	else if (!a->key)
		rc = cli_usage_error("config", _("config set: unknown key '%s'"), name);
	else if (a->key->secret) /* never echo the value: it is a secret that just leaked into argv */
		rc = cli_usage_error("config", _("config set: %s is a secret and is never taken from the command line "
				     "(it would end up in shell history); use `rdm-s3 config set-secret %s`, which "
				     "reads it from standard input"), name, name);
	else
		a->value = xstrdup(eq + 1);
	free(name);
	return rc;
}

static int config_set(const struct rdm_globals *g, int argc, char **argv)
{
	struct config_assign *a = xcalloc((size_t)argc, sizeof *a);
	size_t n = 0;
	int dry_run = 0, rc = 0;
	for (int i = 1; rc == 0 && i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			dry_run = 1;
		else
			rc = parse_assignment(argv[i], &a[n++]);
	}
	if (rc == 0 && n == 0)
		rc = cli_usage_error("config", _("config set needs at least one KEY=VALUE"));
	if (rc == 0)
		rc = cmd_config_apply(g, "set", a, n, dry_run);
	for (size_t i = 0; i < n; i++)
		secret_free(a[i].value);
	free(a);
	return rc;
}

int cmd_config_apply(const struct rdm_globals *g, const char *sub, struct config_assign *a, size_t n,
		     int dry_run)
{
	for (size_t i = 0; i < n; i++) {
		struct rdm_error err = RDM_ERROR_INIT;
		int bad = config_assign_prepare(&a[i], &err);
		if (bad)
			cmd_config_print_error(&err);
		rdm_error_clear(&err);
		if (bad)
			return RDM_EXIT_USAGE;
	}
	return apply(g, sub, a, n, dry_run);
}

static int run_config(const struct rdm_globals *g, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("config", _("config needs a subcommand: show, set or set-secret"));
	if (!strcmp(argv[1], "show"))
		return cmd_config_show(g, argc - 1, argv + 1);
	if (!strcmp(argv[1], "set"))
		return config_set(g, argc - 1, argv + 1);
	if (!strcmp(argv[1], "set-secret"))
		return cmd_config_set_secret(g, argc - 1, argv + 1);
	return cli_usage_error("config", _("config: unknown subcommand '%s'"), argv[1]);
}
