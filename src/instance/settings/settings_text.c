/* `rdm-s3 config show` as text: every storage setting with its value (secrets
 * masked unless reveal), where it comes from and what else sets it, grouped
 * (application, MinIO service, .invenio), then the problems across the
 * files. The command prints it; the menu's "Show configuration" screen
 * scrolls through it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "instance/settings/settings.h"
#include "util/buf.h"
#include "util/i18n.h"

static void show_setting(struct buf *out, const struct setting *st, int reveal)
{
	char *val = settings_display_value(st, reveal);
	const struct setting_source *w = st->winner < st->n_sources ? &st->sources[st->winner] : NULL;
	if (w) {
		char *src = settings_describe_source(w);
		if (strlen(val) > 36) /* keep the sources in their column */
			buf_printf(out, "  %-28s %s\n  %-28s %-36s %s\n", st->name, val, "", "", src);
		else
			buf_printf(out, "  %-28s %-36s %s\n", st->name, val, src);
		free(src);
	} else {
		buf_printf(out, "  %-28s %s\n", st->name, val);
	}
	for (size_t i = 0; i < st->n_sources; i++) {
		const struct setting_source *o = &st->sources[i];
		if (o == w || o->kind == SRC_DEFAULT)
			continue;
		char *where = settings_describe_source(o), *v = settings_source_display(st, o, reveal);
		buf_printf(out, _("  %-28s   also set: %s = %s\n"), "", where, v);
		free(where);
		free(v);
	}
	free(val);
}

static void show_group(struct buf *out, const struct settings *s, enum setting_group g, int reveal)
{
	for (int i = 0; i < SET__COUNT; i++)
		if (s->v[i].group == g)
			show_setting(out, &s->v[i], reveal);
}

void settings_text(struct buf *out, const struct instance *inst, const struct settings *s, int reveal,
		   const char *shown_dir)
{
	buf_printf(out, "Instance: %s\n\n", shown_dir ? shown_dir : inst->dir);
	buf_puts(out, _("Application (environment > .env > app service > invenio.cfg > default)\n"));
	show_group(out, s, SETGROUP_APP, reveal);
	if (s->minio_service) {
		char *at = inst_origin_describe(&s->minio_origin);
		buf_printf(out, "\n%s service \"%s\" (%s)\n", s->rustfs ? "RustFS" : "MinIO", s->minio_service, at);
		free(at);
		show_group(out, s, SETGROUP_MINIO, reveal);
	} else {
		buf_puts(out, _("\nMinIO: no MinIO service in docker-services.yml\n"));
	}
	buf_puts(out, _("\nInstance record (.invenio)\n"));
	show_group(out, s, SETGROUP_INSTANCE, reveal);
	buf_printf(out, _("\nVersion control: %s\n"),
		   s->git_state == 1 ? _("the instance is in a git work tree")
		   : s->git_state == 0 ? _("the instance is not in a git work tree")
				       : _("unknown (git is not available)"));
	if (!s->n_conflicts) {
		buf_puts(out, _("\nNo problems found.\n"));
		return;
	}
	buf_printf(out, _("\nProblems (%zu)\n"), s->n_conflicts);
	for (size_t i = 0; i < s->n_conflicts; i++) {
		const struct setting_conflict *c = &s->conflicts[i];
		buf_printf(out, "  %s: %s%s%s\n", conflict_level_name(c->level), c->where ? c->where : "",
			   c->where ? ": " : "", c->message);
		if (c->remedy)
			buf_printf(out, _("    fix: %s\n"), c->remedy);
	}
}
