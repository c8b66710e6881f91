/* Loading a compose file and looking things up in it. */
#include "config.h"
#include "instance/compose/compose.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "instance/compose/compose_doc.h"
#include "util/atomic_file.h"
#include "util/xalloc.h"
#include "util/i18n.h"

int compose_doc_parse(struct compose_doc **out, const char *name, const void *data, size_t len,
                      struct rdm_error *err)
{
	*out = NULL;
	struct compose_doc *doc = xcalloc(1, sizeof *doc);
	doc->name = xstrdup(name);
	doc->data = xmalloc(len + 1);
	if (len)
		memcpy(doc->data, data, len);
	doc->data[len] = '\0';
	doc->len = len;
	if (ct_build(doc, err) || compose_read_services(doc, err)) {
		compose_doc_free(doc);
		return -1;
	}
	*out = doc;
	return 0;
}

int compose_doc_load(struct compose_doc **out, const char *path, const char *name,
                     struct rdm_error *err)
{
	*out = NULL;
	struct buf b = BUF_INIT;
	int exists;
	int rc = atomic_file_read_max(path, RDM_CONFIG_FILE_MAX, &b, &exists, err);
	if (rc == 0 && !exists) {
		rc = rdm_error_set(err, _("cannot read %s: %s"), path, strerror(ENOENT));
		rdm_error_remedy(err, _("run rdm-s3 in the instance folder (the one holding .invenio and "
				 "docker-services.yml)"));
	}
	if (rc != 0)
		rdm_error_where(err, "%s", name);
	else
		rc = compose_doc_parse(out, name, b.data ? b.data : "", b.len, err);
	buf_free_secret(&b);
	return rc;
}

void compose_doc_free(struct compose_doc *doc)
{
	if (!doc)
		return;
	ct_doc_release(doc);
	free(doc);
}

const char *compose_doc_name(const struct compose_doc *doc) { return doc->name; }

const char *compose_doc_data(const struct compose_doc *doc, size_t *len)
{
	if (len)
		*len = doc->len;
	return doc->data;
}

size_t compose_doc_service_count(const struct compose_doc *doc) { return doc->n_svc; }

const struct compose_service *compose_doc_service(const struct compose_doc *doc, size_t i)
{
	return i < doc->n_svc ? &doc->svc[i] : NULL;
}

const struct compose_service *compose_doc_find_service(const struct compose_doc *doc,
                                                       const char *name)
{
	for (size_t i = 0; i < doc->n_svc; i++)
		if (!strcmp(doc->svc[i].name, name))
			return &doc->svc[i];
	return NULL;
}

static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	for (; hay && *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return false;
}

const struct compose_service *compose_doc_find_minio(const struct compose_doc *doc)
{
	const struct compose_service *s = compose_doc_find_service(doc, "s3");
	if (s)
		return s;
	for (size_t i = 0; i < doc->n_svc; i++)
		if (contains_nocase(doc->svc[i].image.text, "minio"))
			return &doc->svc[i];
	for (size_t i = 0; i < doc->n_svc; i++) {
		const char *c = doc->svc[i].command.text;
		if (c && !strncmp(c, "server", 6) && (c[6] == '\0' || c[6] == ' '))
			return &doc->svc[i];
	}
	return NULL;
}

const struct compose_env *compose_service_env(const struct compose_service *svc,
                                              const char *key)
{
	for (size_t i = 0; i < svc->n_env; i++)
		if (!strcmp(svc->env[i].key, key))
			return &svc->env[i];
	return NULL;
}

static const char *strip_dot_slash(const char *p)
{
	while (p && p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

bool compose_service_extends(const struct compose_service *svc, const char *file,
                             const char *service)
{
	if (!svc->extends_service.text || strcmp(svc->extends_service.text, service))
		return false;
	const char *have = strip_dot_slash(svc->extends_file.text);
	const char *want = strip_dot_slash(file);
	if (!have || !want)
		return !have && !want;
	return !strcmp(have, want);
}
