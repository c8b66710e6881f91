/* rdm-s3 config show: the effective storage configuration with where each
 * value comes from, and the problems across the files. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd_config.h"
#include "cmd_json.h"
#include "instance/settings/settings.h"
#include "util/buf.h"
#include "util/i18n.h"
#include "util/secret.h"
#include "util/xalloc.h"

extern char **environ;

static void json_origin(struct cmd_json *j, const struct setting_source *src)
{
	cmd_json_begin_object(j, "source");
	cmd_json_string(j, "kind", settings_src_name(src->kind));
	cmd_json_string(j, "file", src->origin.kind == INST_ORIGIN_FILE ? src->origin.file : NULL);
	if (src->origin.kind == INST_ORIGIN_FILE && src->origin.line)
		cmd_json_int(j, "line", src->origin.line);
	else
		cmd_json_null(j, "line");
	cmd_json_string(j, "env", src->origin.kind == INST_ORIGIN_ENV ? src->origin.env_name : NULL);
	cmd_json_string(j, "via", src->via);
	cmd_json_end_object(j);
}

static void json_setting(struct cmd_json *j, const struct setting *st, int reveal)
{
	const struct setting_source *w = st->winner < st->n_sources ? &st->sources[st->winner] : NULL;
	cmd_json_begin_object(j, NULL);
	cmd_json_string(j, "name", st->name);
	cmd_json_string(j, "group", st->group == SETGROUP_APP ? "app" : st->group == SETGROUP_MINIO ? "minio" : "instance");
	cmd_json_bool(j, "secret", st->secret);
	if (!w || !w->value)
		cmd_json_null(j, "value");
	else
		cmd_json_string(j, "value", st->secret && !reveal ? secret_mask(w->value) : w->value);
	cmd_json_string(j, "computed", w && !w->value && (!st->secret || reveal) ? w->raw : NULL);
	if (w)
		json_origin(j, w);
	else
		cmd_json_null(j, "source");
	cmd_json_string(j, "note", w ? NULL : st->note);
	cmd_json_begin_array(j, "overridden");
	for (size_t i = 0; i < st->n_sources; i++)
		if (&st->sources[i] != w && st->sources[i].kind != SRC_DEFAULT) {
			cmd_json_begin_object(j, NULL);
			json_origin(j, &st->sources[i]);
			cmd_json_end_object(j);
		}
	cmd_json_end_array(j);
	cmd_json_end_object(j);
}

static void show_json(struct buf *out, const struct instance *inst, const struct settings *s, int reveal)
{
	struct cmd_json j;
	cmd_json_init(&j, out);
	cmd_json_begin_object(&j, NULL);
	cmd_json_string(&j, "instance", inst->dir);
	cmd_json_string(&j, "minio_service", s->minio_service);
	cmd_json_string(&j, "git", s->git_state == 1 ? "yes" : s->git_state == 0 ? "no" : "unknown");
	cmd_json_begin_array(&j, "settings");
	for (int i = 0; i < SET__COUNT; i++)
		if (s->v[i].group != SETGROUP_MINIO || s->minio_service)
			json_setting(&j, &s->v[i], reveal);
	cmd_json_end_array(&j);
	cmd_json_begin_array(&j, "problems");
	for (size_t i = 0; i < s->n_conflicts; i++) {
		cmd_json_begin_object(&j, NULL);
		cmd_json_string(&j, "level", conflict_level_name(s->conflicts[i].level));
		cmd_json_string(&j, "setting", s->v[s->conflicts[i].about].name);
		cmd_json_string(&j, "where", s->conflicts[i].where);
		cmd_json_string(&j, "message", s->conflicts[i].message);
		cmd_json_string(&j, "remedy", s->conflicts[i].remedy);
		cmd_json_end_object(&j);
	}
	cmd_json_end_array(&j);
	cmd_json_end_object(&j);
	buf_putc(out, '\n');
}

int cmd_config_show(const struct rdm_globals *g, int argc, char **argv)
{
	int reveal = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--show-secrets"))
			reveal = 1;
		else
			return cli_usage_error("config", _("config show: unexpected argument '%s'"), argv[i]);
	}
	if (reveal && !isatty(STDOUT_FILENO))
		return cli_usage_error("config", _("--show-secrets only prints to a terminal, never into a pipe or file"));
	struct instance inst;
	int rc = cmd_config_open(g, &inst);
	if (rc != 0)
		return rc;
	struct settings s;
	struct settings_opts o = { environ, 1 };
	struct rdm_error err = RDM_ERROR_INIT;
	struct buf out = BUF_INIT;
	if (settings_read(&s, &inst, &o, &err) != 0) {
		cmd_config_print_error(&err);
		rdm_error_clear(&err);
		inst_free(&inst);
		return RDM_EXIT_DATAERR;
	}
	if (reveal)
		fputs(_("rdm-s3: warning: showing secret values on the screen; clear it when done\n"), stderr);
	if (g->json)
		show_json(&out, &inst, &s, reveal);
	else
		settings_text(&out, &inst, &s, reveal, NULL);
	fwrite(buf_str(&out), 1, out.len, stdout);
	buf_free_secret(&out);
	settings_free(&s);
	inst_free(&inst);
	return RDM_EXIT_OK;
}
