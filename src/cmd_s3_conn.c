/* Where the S3 commands get their endpoint, region and credentials: the
 * global options and the instance, handed to the one resolver (ops/conn). */
#include "config.h"
#include "cmd_s3.h"
#include "cmd_common.h"
#include "cmd_recover.h"

#include <stdlib.h>
#include <string.h>

#include "instance/instance.h"
#include "util/i18n.h"

/* The instance to read: --instance DIR (explicit), else the one found here
 * or above, but only when the options and the environment leave something
 * open, so that explicit settings work anywhere, even in a folder whose
 * instance files are broken. *dir NULL: none. */
static int pick_instance(const struct rdm_globals *g, const struct conn_request *rq, char **dir,
			 struct rdm_error *err)
{
	*dir = NULL;
	if (g->n_instances > 1)
		return rdm_error_set(err, _("the S3 commands work on one instance: give --instance once"));
	if (g->n_instances)
		return inst_find(g->instances[0], dir, err);
	struct conn given;
	if (conn_resolve(rq, &given, err) != 0)
		return -1;
	int complete = given.endpoint && given.access_key_id;
	conn_free(&given);
	if (!complete && inst_find(NULL, dir, err) != 0)
		rdm_error_clear(err); /* no instance here: not an error */
	return 0;
}

int cmd_s3_conn_resolve(const struct rdm_globals *g, struct conn *conn, struct rdm_error *err)
{
	struct conn_request rq = {
		.endpoint = g->endpoint, .region = g->region, .ca_file = g->ca_file,
		.path_style = g->path_style, .credentials_file = g->credentials_file,
		.instance_explicit = g->n_instances > 0,
	};
	char *dir;
	memset(conn, 0, sizeof *conn);
	if (cmd_clock_offset_from_env(&rq.clock_offset, err) != 0 || pick_instance(g, &rq, &dir, err) != 0)
		return -1;
	rq.instance_dir = dir;
	/* An interrupted change set is finished or rolled back first. */
	int rc = dir ? cmd_recover_instance(g, dir, 0, err) : 0;
	if (rc == 0)
		rc = conn_resolve(&rq, conn, err);
	free(dir);
	return rc;
}
