/* Changing the instance's configuration through the config keys
 * (instance/settings/settings_edit.h), with the rules that need the S3
 * layer: bucket names, CORS rules given as JSON and written as Python. The
 * recipe behind `config set`, `config set-secret` and setup's file edits,
 * so that no front end copies a command. */
#ifndef RDM_OPS_CONFIG_CHANGE_H
#define RDM_OPS_CONFIG_CHANGE_H
#include <stddef.h>

#include "instance/instance.h"
#include "instance/plan/plan.h"
#include "instance/settings/settings_edit.h"
#include "s3/cors/cors.h"
#include "util/error.h"

/* One KEY=VALUE. */
struct config_assign {
	const struct config_key_info *key;
	char *value; /* owned; wiped with secret_free */
};

/* Check a value (the key's rules, the AWS bucket naming rules, CORS rules
 * that parse and validate) and turn it into what the files get (CORS JSON
 * becomes the Python list boto takes; a->value is replaced). 0, or -1 with
 * err naming the key and the fix. */
int config_assign_prepare(struct config_assign *a, struct rdm_error *err);

/* Apply prepared assignments to the instance's working copies as one
 * change: each key in order, then every changed file into p (inst_plan),
 * then a note for each real secret left in a file git tracks (when a
 * secret key or storage.credentials-in is among them). On error, err names
 * the line as it is on disk and inst is partly edited (drop it). */
int config_change_build(struct instance *inst, const struct config_assign *a, size_t n,
			const struct settings_opts *o, struct plan *p, struct rdm_error *err);

/* CORS rules as the Python list boto's put_bucket_cors takes (what
 * S3_BUCKET_CORS_RULES holds), one line. Allocated. */
char *config_cors_python(const struct s3_cors *c);
/* And back: S3_BUCKET_CORS_RULES's text into rules (reset first). */
int config_cors_from_python(const char *expr, struct s3_cors *out, struct rdm_error *err);

#endif
