/* The instance's own S3 server (its MinIO or RustFS compose service) and
 * the endpoints setup works with. */
#include "config.h"
#include "ops/setup/setup_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "s3/model/endpoint.h"
#include "util/spawn.h"
#include "util/xalloc.h"

extern char **environ;

enum setup_storage setup_service_kind(const struct instance *inst, const char *service)
{
	const struct compose_service *svc = inst->services ? compose_doc_find_service(inst->services, service) : NULL;
	if (svc && ((svc->image.text && strcasestr(svc->image.text, "rustfs")) ||
		    compose_service_env(svc, "RUSTFS_ACCESS_KEY")))
		return SETUP_STORAGE_RUSTFS;
	return SETUP_STORAGE_MINIO;
}

/* ${VAR:-default} in a port's address: the process environment, then .env,
 * then the default, as compose resolves it. */
static char *resolve_address(const struct instance *inst, const char *text, char *const *envp)
{
	char *var = NULL, *dflt = NULL;
	enum compose_interp k = compose_interp_classify(text, &var, &dflt);
	char *out = NULL;
	if (k == COMPOSE_INTERP_LITERAL) {
		out = var;
		var = NULL;
	} else if (k == COMPOSE_INTERP_REF) {
		size_t n = strlen(var);
		for (char *const *e = envp ? envp : environ; !out && e && *e; e++)
			if (!strncmp(*e, var, n) && (*e)[n] == '=' && (*e)[n + 1])
				out = xstrdup(*e + n + 1);
		const struct dotenv_entry *de = out ? NULL : dotenv_get(&inst->env, var);
		if (de && de->value && *de->value)
			out = xstrdup(de->value);
		if (!out && dflt)
			out = xstrdup(dflt);
	}
	free(var);
	free(dflt);
	return out;
}

/* "[ip:]published:target[/proto]": the address and published port when
 * target is 9000 (the API port of MinIO's and RustFS's images). */
static char *endpoint_of_port(const struct instance *inst, const char *port, char *const *envp)
{
	char *p = xstrdup(port);
	char *slash = strchr(p, '/');
	if (slash)
		*slash = '\0';
	char *target = strrchr(p, ':'), *out = NULL;
	if (target && !strcmp(target + 1, "9000")) {
		*target = '\0';
		char *published = strrchr(p, ':');
		char *addr = NULL;
		if (published) {
			*published++ = '\0';
			addr = resolve_address(inst, p, envp);
		} else {
			published = p;
		}
		const char *host = !addr || !*addr || !strcmp(addr, "0.0.0.0") || !strcmp(addr, "127.0.0.1")
					   ? "localhost" : addr;
		if (*published && strspn(published, "0123456789") == strlen(published))
			out = xasprintf("http://%s:%s", host, published);
		free(addr);
	}
	free(p);
	return out;
}

char *setup_service_endpoint(const struct instance *inst, const char *service, char *const *envp)
{
	const struct compose_service *svc = inst->services ? compose_doc_find_service(inst->services, service) : NULL;
	for (size_t i = 0; svc && i < svc->n_ports; i++) {
		char *ep = svc->ports[i].text ? endpoint_of_port(inst, svc->ports[i].text, envp) : NULL;
		if (ep)
			return ep;
	}
	return NULL;
}

char *setup_draft_endpoint(const struct setup_draft *d, const struct setup_survey *sv)
{
	if (d->endpoint)
		return xstrdup(d->endpoint);
	if (setup_storage_is_own_server(d->storage)) {
		if (sv->endpoint && sv->service_endpoint && setup_same_endpoint(sv->endpoint, sv->service_endpoint))
			return xstrdup(sv->endpoint); /* already there: keep its spelling */
		return sv->service_endpoint ? xstrdup(sv->service_endpoint) : NULL;
	}
	if (d->storage == SETUP_STORAGE_AWS)
		return s3_endpoint_aws_for_region(d->region ? d->region : "us-east-1");
	return NULL;
}

static int is_local(const char *host)
{
	return !strcasecmp(host, "localhost") || !strncmp(host, "127.", 4) || !strcmp(host, "::1");
}

int setup_same_endpoint(const char *a, const char *b)
{
	struct s3_endpoint x, y;
	struct rdm_error ignored = RDM_ERROR_INIT;
	int same = 0;
	if (s3_endpoint_parse(a, &x, &ignored) == 0) {
		if (s3_endpoint_parse(b, &y, &ignored) == 0) {
			same = !strcmp(x.scheme, y.scheme) && x.port == y.port && !strcmp(x.path_prefix, y.path_prefix) &&
			       (!strcmp(x.host, y.host) || (is_local(x.host) && is_local(y.host)));
			s3_endpoint_free(&y);
		}
		s3_endpoint_free(&x);
	}
	rdm_error_clear(&ignored);
	return same;
}

char *setup_restart_command(const struct setup_survey *sv)
{
	const char *argv[] = { "docker", "compose", "--file", "docker-compose.yml", "up", "-d",
			       sv->service ? sv->service : "s3", NULL };
	return spawn_argv_text(argv);
}
