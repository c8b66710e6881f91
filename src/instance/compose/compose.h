/* docker-services.yml / docker-services.yaml / docker-compose*.yml: read the
 * services with provenance, and edit environment variables by splicing bytes
 * into the original text (never re-emitting the document), so comments,
 * order, quoting, indentation, anchors, CRLF, a BOM and the final newline (or
 * its absence) survive byte-for-byte outside the changed value.
 *
 * Reading resolves anchors, aliases and `<<:` merge keys; every value says
 * where it is written (file:line of the value itself) and whether it was
 * reached through an alias or a merge key (then the bytes are shared by every
 * user of the anchor, and editing them changes all of those).
 *
 * Nothing here touches the disk except compose_doc_load(). An edit returns
 * the new full content in a struct buf; the caller writes it atomically. */
#ifndef RDM_INSTANCE_COMPOSE_H
#define RDM_INSTANCE_COMPOSE_H
#include <stdbool.h>
#include <stddef.h>

#include "instance/origin.h"
#include "util/buf.h"
#include "util/error.h"

/* A parsed compose file: the original bytes plus the services read from it.
 * Immutable after parsing; every pointer handed out lives as long as it. */
struct compose_doc;

enum compose_env_style {
	COMPOSE_ENV_NONE = 0, /* the service has no (or an empty/null) environment */
	COMPOSE_ENV_MAP,      /* KEY: value           (block or flow {K: v}) */
	COMPOSE_ENV_LIST,     /* - KEY=value / "K=v"  (block or flow [...]) */
};

/* One scalar as read. All pointers are owned by the document (origin.file
 * too: use inst_origin_copy() to keep it, never inst_origin_clear()). */
struct compose_value {
	const char *text;    /* YAML value (quotes removed, escapes decoded), before
	                        compose interpolation; NULL when absent */
	bool is_null;        /* `KEY:` with no value, or list item `- KEY` without
	                        '=' (compose then takes it from the shell); text "" */
	struct inst_origin origin; /* FILE, the document name, 1-based line of the value */
	unsigned column;     /* 1-based column (characters) of the value; for a
	                        list entry `- K=v`, of the entry */
	bool via_alias;      /* reached through an alias (*name) */
	bool via_merge;      /* reached through a `<<:` merge key */
	const char *anchor;  /* innermost anchor the value was reached through, or NULL */
};

struct compose_env {
	const char *key;
	struct compose_value value;
};

struct compose_service {
	const char *name;
	unsigned line;                 /* line of the service's key */
	struct compose_value image;    /* text NULL when there is no image */
	struct compose_value command;  /* shell form as written; exec form
	                                  (list) joined with single spaces */
	bool command_exec_form;
	const struct compose_value *ports; /* short syntax as written; long syntax
	                                      rebuilt as [ip:]published:target[/proto] */
	size_t n_ports;
	const struct compose_value *volumes; /* short syntax as written; long syntax
	                                        rebuilt as source:target */
	size_t n_volumes;
	enum compose_env_style env_style;
	const struct compose_env *env; /* explicit entries in file order, then
	                                  merged ones not overridden */
	size_t n_env;
	struct compose_value extends_file;    /* text NULL: same file (or no extends) */
	struct compose_value extends_service; /* text NULL: no extends */
};

/* Parse a compose file held in memory (the bytes are copied). `name` is the
 * file name used in provenance and errors, relative to the instance folder
 * ("docker-services.yml"). Errors (YAML syntax, duplicate keys, a list or map
 * where a single value is expected, anchors used before definition, ...) name
 * file, line and column in err->where and say how to fix it in err->remedy. */
int compose_doc_parse(struct compose_doc **out, const char *name,
                      const void *data, size_t len, struct rdm_error *err);
/* Read `path` and parse it under `name` (reading only). */
int compose_doc_load(struct compose_doc **out, const char *path, const char *name,
                     struct rdm_error *err);
/* Frees the document, wiping its bytes and values (they may hold secrets). */
void compose_doc_free(struct compose_doc *doc);

const char *compose_doc_name(const struct compose_doc *doc);
/* The original bytes (exactly as given, BOM included). */
const char *compose_doc_data(const struct compose_doc *doc, size_t *len);

size_t compose_doc_service_count(const struct compose_doc *doc);
const struct compose_service *compose_doc_service(const struct compose_doc *doc, size_t i);
const struct compose_service *compose_doc_find_service(const struct compose_doc *doc,
                                                       const char *name);
/* The MinIO service: the one named "s3" (upstream's name); else the first
 * whose image contains "minio" (any case); else the first whose command
 * starts with "server". NULL when there is none. */
const struct compose_service *compose_doc_find_minio(const struct compose_doc *doc);

/* The entry for `key`, or NULL. */
const struct compose_env *compose_service_env(const struct compose_service *svc,
                                              const char *key);
/* Does svc extend `service` of `file`? (`file` NULL: of the same file; a
 * leading "./" is ignored on both sides.) */
bool compose_service_extends(const struct compose_service *svc, const char *file,
                             const char *service);

/* Compose interpolation in a value read from the file. */
enum compose_interp {
	COMPOSE_INTERP_LITERAL, /* no interpolation: *out = the literal ($$ -> $) */
	COMPOSE_INTERP_REF,     /* exactly one reference: ${VAR}, ${VAR:-d}, ${VAR-d},
	                           ${VAR:?m}, ${VAR?m}, ${VAR:+r}, ${VAR+r} or $VAR;
	                           *out = VAR, *dflt = d (":-"/"-" forms) or NULL */
	COMPOSE_INTERP_MIXED,   /* text around references, or several: *out = NULL */
};
/* out and dflt receive newly allocated strings (or NULL); dflt may be NULL.
 * A literal may be a secret: free it with secret_free(). */
enum compose_interp compose_interp_classify(const char *text, char **out, char **dflt);

/* What to do when the value to edit is shared through an anchor with
 * services other than the target (e.g. `<<: *minio-env` in s3 and
 * `environment: *minio-env` in s3-replica). */
enum compose_shared_policy {
	COMPOSE_SHARED_REFUSE = 0, /* fail with an error naming the anchor, its line
	                              and the other services; nothing is changed */
	COMPOSE_SHARED_EDIT_ANCHOR, /* edit the bytes at the anchor; every service whose
	                              value changes is listed in the result */
	COMPOSE_SHARED_OVERRIDE    /* set: give the target its own value by adding the
	                              key to its own environment mapping next to the
	                              `<<:` merge key (own keys win); where that is not
	                              possible (`environment: *name`, list style,
	                              removal), refuse like COMPOSE_SHARED_REFUSE */
};
/* Either way the edit happens where the value is written: for a value that
 * comes through an alias or `<<:` that is inside the anchored block. Which
 * services change is found by comparing every service before and after, so
 * an anchor used by the target alone is edited under both policies, and a
 * key a service overrides itself (own key next to `<<:`) is not "affected".
 * A missing variable is added to the environment the service actually uses
 * (the anchored one for `environment: *name`, its own mapping next to a
 * `<<:` key). COMPOSE_SHARED_OVERRIDE gives one service its own value. */

struct compose_edit {
	struct buf content;      /* the new full file content (a copy of the
	                            original when !changed) */
	bool changed;
	struct compose_doc *doc; /* `content` parsed again, same name: chain edits on it */
	char **affected;         /* services whose value for the key changed, the
	                            target first (n_affected 0 when !changed) */
	size_t n_affected;
	unsigned line;           /* line of the value in the new content; 0 after a removal */
};
#define COMPOSE_EDIT_INIT { BUF_INIT, false, NULL, NULL, 0, 0 }
/* Frees everything in e (wiping the content) and re-initialises it. */
void compose_edit_free(struct compose_edit *e);

/* Set environment variable `key` of `service` to the literal `value` (what
 * the container should see): '$' is written as "$$" so compose does not
 * interpolate it. The value is replaced in place keeping the entry's style:
 * map style keeps the key and its quote style when the value allows it
 * (quoting or escaping when needed, e.g. ": ", " #", outer spaces, quotes,
 * leading indicators, words YAML would convert such as on/no/null/numbers);
 * list style keeps the item's quote character. A missing variable is
 * appended after the last entry of the environment (same indentation and
 * style, the file's line ending); a missing environment block is created
 * (style of the file's other environment blocks). The result is parsed again
 * and must read back as intended, with every other value unchanged, or an
 * error is returned. Setting the value it already has changes nothing. */
int compose_env_set(const struct compose_doc *doc, const char *service,
                    const char *key, const char *value,
                    enum compose_shared_policy policy, struct compose_edit *out,
                    struct rdm_error *err);
/* Replace the value with the reference ${var} (for moving a secret to .env):
 * `MINIO_ROOT_PASSWORD: ${MINIO_ROOT_PASSWORD}` or
 * `- "INVENIO_S3_SECRET_ACCESS_KEY=${INVENIO_S3_SECRET_ACCESS_KEY}"`.
 * `var` must be a valid variable name ([A-Za-z_][A-Za-z0-9_]*). */
int compose_env_set_ref(const struct compose_doc *doc, const char *service,
                        const char *key, const char *var,
                        enum compose_shared_policy policy, struct compose_edit *out,
                        struct rdm_error *err);
/* Remove the variable (its whole line, or the item in a flow collection;
 * the `environment:` key too when it was the only entry). Removing a
 * variable that is not there changes nothing. */
int compose_env_unset(const struct compose_doc *doc, const char *service,
                      const char *key, enum compose_shared_policy policy,
                      struct compose_edit *out, struct rdm_error *err);

/* Structure the cookiecutter adds for S3 storage, spliced in as new lines
 * (compose_edit_block.c): everything around them stays byte-identical, and
 * the result is parsed again and compared with the original.
 *
 * compose_service_add: service `name` written as `block`, YAML with "\n"
 * line endings, the service key indented by two spaces and two more per
 * level (as the cookiecutter writes it); re-indented to the file's own
 * service indentation and step, written with the file's line ending, put
 * right after service `after` (NULL or not there: after the last service).
 * The new service must read back under `name` and every other one must be
 * unchanged. Refused: a service of that name already there, no services,
 * a flow-style `services: {...}`. */
int compose_service_add(const struct compose_doc *doc, const char *name, const char *block,
                        const char *after, struct compose_edit *out, struct rdm_error *err);
/* Make the top-level mapping `key` ("volumes") hold the entry `name:`
 * (null value, as compose declares a named volume): after its last entry,
 * or `key:` created at the end of the file. Already there: out->changed is
 * false. */
int compose_top_entry_add(const struct compose_doc *doc, const char *key, const char *name,
                          struct compose_edit *out, struct rdm_error *err);

#endif
