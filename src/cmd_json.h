/* A small JSON writer for --json output of the commands. The command layer
 * may not use jansson (only src/s3 does), and output needs no parser: this
 * writes keys and values in the order given, escapes strings (control
 * characters as \u00XX, invalid UTF-8 as U+FFFD) and places the commas.
 *
 *   struct cmd_json j; cmd_json_init(&j, &out);
 *   cmd_json_begin_object(&j, NULL);
 *   cmd_json_string(&j, "bucket", "default");
 *   cmd_json_bool(&j, "exists", 1);
 *   cmd_json_end_object(&j);      // {"bucket": "default", "exists": true}
 *
 * key is NULL inside arrays and for the top-level value. */
#ifndef RDM_CMD_JSON_H
#define RDM_CMD_JSON_H
#include "util/buf.h"

#define CMD_JSON_MAX_DEPTH 16

struct cmd_json {
	struct buf *out;
	int depth;
	int need_comma[CMD_JSON_MAX_DEPTH + 1];
};

void cmd_json_init(struct cmd_json *j, struct buf *out);
void cmd_json_begin_object(struct cmd_json *j, const char *key);
void cmd_json_end_object(struct cmd_json *j);
void cmd_json_begin_array(struct cmd_json *j, const char *key);
void cmd_json_end_array(struct cmd_json *j);
void cmd_json_string(struct cmd_json *j, const char *key, const char *value); /* NULL: null */
void cmd_json_int(struct cmd_json *j, const char *key, long long value);
void cmd_json_bool(struct cmd_json *j, const char *key, int value);
void cmd_json_null(struct cmd_json *j, const char *key);
/* A JSON text produced elsewhere (e.g. s3_cors_to_json), inserted as is. */
void cmd_json_raw(struct cmd_json *j, const char *key, const char *json);

/* Appends s as a quoted JSON string. */
void cmd_json_quote(struct buf *out, const char *s);

#endif
