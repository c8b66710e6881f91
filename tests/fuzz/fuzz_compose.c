/* libFuzzer target of the compose reader and splicer: parse arbitrary bytes;
 * when they parse, set, add, reference and remove variables and check the
 * editor's promises (the result parses, reads back, a no-op changes no
 * byte, a second identical edit is a no-op). The editor verifies itself too
 * (compose_verify.c); a broken promise here aborts, which libFuzzer reports. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "instance/compose/compose.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok)
{
	if (!ok)
		abort();
}

/* Apply one edit; on success check it and apply it again (idempotence). */
static void try_edit(const struct compose_doc *doc, const char *svc, const char *key,
                     const char *value, int op)
{
	struct compose_edit a = COMPOSE_EDIT_INIT, b = COMPOSE_EDIT_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = op == 0   ? compose_env_set(doc, svc, key, value, COMPOSE_SHARED_EDIT_ANCHOR, &a, &err)
	         : op == 1 ? compose_env_set_ref(doc, svc, key, "RDM_FUZZ_REF", COMPOSE_SHARED_REFUSE, &a, &err)
	                   : compose_env_unset(doc, svc, key, COMPOSE_SHARED_EDIT_ANCHOR, &a, &err);
	if (rc) {
		check(err.message != NULL && a.doc == NULL && !a.changed);
		rdm_error_clear(&err);
		return;
	}
	size_t len;
	const char *orig = compose_doc_data(doc, &len);
	check(a.doc != NULL);
	if (!a.changed)
		check(a.content.len == len && !memcmp(a.content.data, orig, len));
	const struct compose_service *s = compose_doc_find_service(a.doc, svc);
	check(s != NULL);
	const struct compose_env *e = compose_service_env(s, key);
	check(op == 2 ? e == NULL : e != NULL);
	rc = op == 0   ? compose_env_set(a.doc, svc, key, value, COMPOSE_SHARED_EDIT_ANCHOR, &b, &err)
	     : op == 1 ? compose_env_set_ref(a.doc, svc, key, "RDM_FUZZ_REF", COMPOSE_SHARED_REFUSE, &b, &err)
	               : compose_env_unset(a.doc, svc, key, COMPOSE_SHARED_EDIT_ANCHOR, &b, &err);
	check(rc == 0 && !b.changed && b.content.len == a.content.len &&
	      !memcmp(b.content.data, a.content.data, a.content.len));
	compose_edit_free(&a);
	compose_edit_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct compose_doc *doc = NULL;
	struct rdm_error err = RDM_ERROR_INIT;
	if (compose_doc_parse(&doc, "fuzz.yml", data, size, &err)) {
		check(err.message != NULL && err.where != NULL);
		rdm_error_clear(&err);
		return 0;
	}
	/* Values that need every kind of quoting, chosen by the input. */
	static const char *const values[] = { "n3w-Secret", "on", "a: b #c", " x ", "it's \"q\"",
		                              "line\nbreak", "$dollar", "", "https://a,https://b",
		                              "{[,]}" };
	const char *value = values[size % (sizeof values / sizeof *values)];
	size_t n = compose_doc_service_count(doc);
	for (size_t i = 0; i < n && i < 4; i++) {
		const struct compose_service *s = compose_doc_service(doc, i);
		try_edit(doc, s->name, "MINIO_ROOT_PASSWORD", value, 0);
		try_edit(doc, s->name, "RDM_FUZZ_NEW", value, 0);
		if (s->n_env) {
			try_edit(doc, s->name, s->env[0].key, value, 0);
			try_edit(doc, s->name, s->env[s->n_env - 1].key, NULL, 1);
			try_edit(doc, s->name, s->env[0].key, NULL, 2);
		}
	}
	const struct compose_service *m = compose_doc_find_minio(doc);
	check(!m || m->name != NULL);
	compose_doc_free(doc);
	return 0;
}
