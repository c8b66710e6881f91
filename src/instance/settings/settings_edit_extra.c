/* The keys whose values are not plain literals or that set two settings:
 * storage.client-compat (entries of the S3_CONFIG_EXTRA dict),
 * storage.bucket-cors-rules (a Python list written whole) and site.ui-url
 * (SITE_UI_URL with SITE_API_URL following). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "instance/settings/settings_edit.h"
#include "instance/settings/settings_edit_int.h"
#include "instance/settings/settings_int.h"
#include "util/xalloc.h"
#include "util/i18n.h"

#define NOTE_APP "restart the app (invenio-cli run, or the containers) so that it reads the new settings"

/* A setting set outside invenio.cfg (environment, .env, the app service)
 * cannot take a Python expression there: say where, change nothing. */
static int refuse_outside_cfg(const struct settings *s, enum setting_id id, struct plan *p, struct rdm_error *err)
{
	const struct setting *st = &s->v[id];
	for (size_t i = 0; i < st->n_sources; i++) {
		const struct setting_source *src = &st->sources[i];
		if (src->kind == SRC_PROCESS_ENV) {
			plan_add_note(p, _("INVENIO_%s is set in the environment of this shell and overrides invenio.cfg: "
				      "change or unset it there"), st->name);
		} else if (src->kind == SRC_DOTENV || src->kind == SRC_APP_SERVICE) {
			char *where = settings_describe_source(src);
			rdm_error_set(err, _("%s is set in %s, where rdm-s3 does not edit Python values"), st->name, where);
			rdm_error_where(err, "%s", where);
			rdm_error_remedy(err, _("remove it there (invenio.cfg then decides), and run the command again"));
			free(where);
			return -1;
		}
	}
	return 0;
}

int edit_client_compat(struct instance *inst, const struct settings *s, int on, struct plan *p,
		       struct rdm_error *err)
{
	static const char *const keys[] = { CLIENT_COMPAT_KEY1, CLIENT_COMPAT_KEY2 };
	if (refuse_outside_cfg(s, SET_S3_CONFIG_EXTRA, p, err) != 0)
		return -1;
	for (size_t i = 0; i < 2; i++) {
		int rc = on ? pycfg_dict_set_str(&inst->cfg, "S3_CONFIG_EXTRA", keys[i], CLIENT_COMPAT_VALUE, err)
			    : pycfg_dict_remove(&inst->cfg, "S3_CONFIG_EXTRA", keys[i], err);
		if (rc < 0)
			return -1;
	}
	plan_add_note(p, NOTE_APP);
	return 0;
}

int edit_cfg_expr(struct instance *inst, const struct settings *s, enum setting_id id, const char *expr,
		  struct plan *p, struct rdm_error *err)
{
	if (refuse_outside_cfg(s, id, p, err) != 0 || pycfg_set_expr(&inst->cfg, s->v[id].name, expr, err) < 0)
		return -1;
	plan_add_note(p, NOTE_APP);
	return 0;
}

/* SITE_API_URL as the templates derive it: the site's address + "/api". */
int edit_site_url(struct instance *inst, const struct settings *s, const char *url, struct plan *p,
		  struct rdm_error *err)
{
	size_t n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		n--;
	char *ui = xstrndup(url, n), *api = xasprintf("%s/api", ui);
	int rc = edit_app_value(inst, s, SET_SITE_UI_URL, ui, TARGET_CFG, p, err);
	if (rc == 0)
		rc = edit_app_value(inst, s, SET_SITE_API_URL, api, TARGET_CFG, p, err);
	if (rc == 0)
		plan_add_note(p, _("SITE_UI_URL is also the origin of the CORS rules and of the browser checks: "
			      "`rdm-s3 check` tests that origin"));
	free(ui);
	free(api);
	return rc;
}
