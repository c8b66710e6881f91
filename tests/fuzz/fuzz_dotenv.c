/* libFuzzer target: the .env reader and editor. Any input is refused with
 * an error or reads; edits must read back exactly what they wrote. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "instance/dotenv/dotenv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void must(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dotenv env;
	struct rdm_error err = RDM_ERROR_INIT;
	if (dotenv_parse(&env, ".env", (const char *)data, size, &err) < 0) {
		must(err.message && err.where && err.remedy);
		rdm_error_clear(&err);
		dotenv_free(&env);
		return 0;
	}
	static const char *const keys[] = { "INVENIO_S3_SECRET_ACCESS_KEY", "MINIO_ROOT_USER", "NEW_KEY" };
	static const char *const values[] = { "se'cr\"et\\key", "it's $x", "a b#c" };
	for (size_t i = 0; i < 3; i++) {
		size_t before = env.n_entries;
		int rc = dotenv_set(&env, keys[i], values[i], &err);
		if (rc < 0) {
			must(err.message != NULL);
			rdm_error_clear(&err);
			continue;
		}
		const struct dotenv_entry *e = dotenv_get(&env, keys[i]);
		must(e && e->value && strcmp(e->value, values[i]) == 0 && !e->ambiguous);
		must(env.n_entries >= before);
		must(dotenv_set(&env, keys[i], values[i], &err) == 0);
	}
	if (dotenv_remove(&env, "MINIO_ROOT_USER", &err) < 0)
		rdm_error_clear(&err);
	else
		must(dotenv_get(&env, "MINIO_ROOT_USER") == NULL);
	dotenv_free(&env);
	return 0;
}
