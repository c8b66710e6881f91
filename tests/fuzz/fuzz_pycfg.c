/* libFuzzer target: the invenio.cfg reader and editor. Any input either is
 * refused with an error, or reads; then edits must keep it readable, read
 * back the values they wrote, and leave the bytes outside the edit alone. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "instance/pycfg/pycfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void must(int cond)
{
	if (!cond)
		abort();
}

/* After an edit the document must parse again from its own bytes. */
static void reparse_check(const struct pycfg *cfg)
{
	struct pycfg again;
	must(pycfg_parse(&again, "invenio.cfg", cfg->text.data ? cfg->text.data : "", cfg->text.len, NULL) == 0);
	must(again.n_assigns == cfg->n_assigns);
	pycfg_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pycfg cfg;
	struct rdm_error err = RDM_ERROR_INIT;
	if (pycfg_parse(&cfg, "invenio.cfg", (const char *)data, size, &err) < 0) {
		must(err.message && err.where && err.remedy);
		rdm_error_clear(&err);
		pycfg_free(&cfg);
		return 0;
	}
	static const char *const names[] = { "S3_ENDPOINT_URL", "S3_SECRET_ACCESS_KEY", "S3_REGION_NAME" };
	static const char *const values[] = { "https://s3.example.org", "se'cr\"et\\key\n\xc3\xa9", "eu" };
	for (size_t i = 0; i < 3; i++) {
		int rc = pycfg_set_str(&cfg, names[i], values[i], &err);
		if (rc < 0) {
			must(err.message != NULL);
			rdm_error_clear(&err);
			continue;
		}
		const struct pycfg_assign *a = pycfg_get(&cfg, names[i]);
		must(a && a->simple && a->value && strcmp(a->value, values[i]) == 0);
		must(pycfg_set_str(&cfg, names[i], values[i], &err) == 0); /* idempotent */
		reparse_check(&cfg);
	}
	if (pycfg_remove(&cfg, "S3_REGION_NAME", &err) < 0)
		rdm_error_clear(&err);
	else
		must(pycfg_get(&cfg, "S3_REGION_NAME") == NULL);
	if (pycfg_ensure_csp_append(&cfg, &err) < 0)
		rdm_error_clear(&err);
	reparse_check(&cfg);
	pycfg_free(&cfg);
	return 0;
}
