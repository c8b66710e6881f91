/* Internal to ops/conn/conn*.c. */
#ifndef RDM_OPS_CONN_INT_H
#define RDM_OPS_CONN_INT_H
#include "instance/settings/settings.h"
#include "ops/conn/conn.h"

/* NAME's value in envp (environ when NULL); NULL when unset or empty. */
const char *conn_env(char *const *envp, const char *name);
/* Replace a value and its source (takes where; frees it when value is NULL). */
void conn_set(char **slot, char **source, const char *value, char *where);
/* Replace the credentials (copied; takes where). */
void conn_set_creds(struct conn *c, const char *ak, const char *sk, const char *token, char *where,
		    enum conn_from from);
/* Fill what is still unset from the instance's settings (conn_instance.c). */
int conn_from_settings(const struct conn_request *rq, const struct settings *s, struct conn *c,
		       struct rdm_error *err);
/* Whether endpoint's host is where the instance's own server service
 * listens from the host (loopback, or the service's name). */
int conn_endpoint_is_service(const struct settings *s, const char *endpoint);

#endif
