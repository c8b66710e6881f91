/* What the S3 commands (bucket, cors, presign) share: their argument
 * parser, where the connection settings and credentials come from, the
 * client, the -v log, and how a failed S3 call is reported (stderr text,
 * --json object, exit code). */
#ifndef RDM_CMD_S3_H
#define RDM_CMD_S3_H
#include <stddef.h>

#include "cli.h"
#include "cmd_json.h"
#include "cmd_hooks.h"
#include "ops/conn/conn.h"
#include "s3/client.h"
#include "util/buf.h"
#include "util/error.h"

/* --- arguments -------------------------------------------------------- */
enum cmd_s3_opt_kind { CMD_OPT_FLAG, CMD_OPT_VALUE, CMD_OPT_LIST };

struct cmd_s3_opt {
	const char *name;           /* "--origin" */
	enum cmd_s3_opt_kind kind;
	int *flag;                  /* FLAG: set to 1 */
	const char **value;         /* VALUE: the argument (last one wins) */
	const char **list;          /* LIST: appended, up to max_list */
	size_t *n_list;
	size_t max_list;
};

#define CMD_S3_MAX_POS 4
#define CMD_S3_DEFAULT_TIMEOUT_S 60L /* --timeout: per request attempt */

/* Help text lines every S3 command that talks to the server shares
 * (keep "default 60" in step with CMD_S3_DEFAULT_TIMEOUT_S). */
#define CMD_S3_HELP_TIMEOUT \
	"  --timeout SECONDS   give up on a request after this long (default 60)\n"
#define CMD_S3_HELP_CLOCK_OFFSET \
	CMD_HOOKS_HELP_CLOCK("signs requests")

struct cmd_s3_args {
	const char *pos[CMD_S3_MAX_POS]; /* positional arguments */
	size_t n_pos;
	const char *timeout;             /* --timeout SECONDS (every S3 command) */
};

/* Parses argv[first..] ("--opt VALUE", "--opt=VALUE", "--" ends options,
 * "-" is a positional). opts ends with a { NULL } entry. Prints a usage
 * error and returns RDM_EXIT_USAGE, or returns 0. */
int cmd_s3_args_parse(const char *command, int argc, char **argv, int first,
		      const struct cmd_s3_opt *opts, size_t min_pos, size_t max_pos,
		      struct cmd_s3_args *out);

/* --- connection settings and credentials (cmd_s3_conn.c) ------------- */
/* Fills conn through the one resolver (ops/conn/conn.h), from the global
 * options (--endpoint, --region, --ca-file, --path-style,
 * --credentials-file), the environment (AWS_*, RDM_S3_CLOCK_OFFSET) and the
 * instance: --instance DIR (its settings before the environment's), else
 * the .invenio folder here or above (after the environment), looked for
 * only when the endpoint or the credentials are still missing. Never from
 * argv. Returns 0, or -1 with err (a usage-type problem). */
int cmd_s3_conn_resolve(const struct rdm_globals *g, struct conn *conn, struct rdm_error *err);

/* --- the command context --------------------------------------------- */
struct cmd_s3 {
	const struct rdm_globals *g;
	const char *name;          /* "bucket create": prefixes messages */
	struct conn conn;
	struct s3_client *client;
	unsigned long rng_state;   /* retry jitter (xorshift), seeded per run */
};

/* Flags: credentials are required; one attempt, no retries (for callers
 * that must answer fast, such as shell completion). */
enum cmd_s3_need { CMD_S3_NEED_CREDS = 1, CMD_S3_ANONYMOUS_OK = 0, CMD_S3_ONE_ATTEMPT = 2 };

/* Resolves the settings and makes the client. Returns 0 or an exit code
 * (the message is printed). timeout: --timeout's text or NULL. */
int cmd_s3_open(struct cmd_s3 *c, const struct rdm_globals *g, const char *name,
		const char *timeout, int need);
void cmd_s3_close(struct cmd_s3 *c);

/* Reports a failed call: explanation, summary and remedy on stderr (and
 * with --json, an {"ok": false, ...} object on stdout). Returns the exit
 * code: RDM_EXIT_UNAVAILABLE for a transport failure, else RDM_EXIT_FAILED. */
int cmd_s3_report_failure(const struct cmd_s3 *c, const struct s3_status *st);

/* The fields of a status as JSON members (ok, http_status, code, message,
 * request_id, bucket_region, transport, explanation, remedy). */
void cmd_s3_json_status(struct cmd_json *j, const struct s3_status *st);

/* Starts a successful command's --json answer in out: '{"ok": true'.
 * The caller adds its members, then cmd_json_end_object and cmd_s3_emit. */
void cmd_s3_json_ok_begin(struct cmd_json *j, struct buf *out);

/* Writes the buffer to stdout. */
void cmd_s3_emit(struct buf *out);

#endif
