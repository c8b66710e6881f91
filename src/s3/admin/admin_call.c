/* One admin request from description to typed status (see admin_call.h). */
#include "config.h"
#include "s3/admin/admin_call.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util/secret.h"
#include "util/xalloc.h"

static char *json_str(json_t *o, const char *name)
{
	const char *s = json_string_value(json_object_get(o, name));
	return s ? xstrdup(s) : NULL;
}

int s3_admin_status_from_json(struct s3_status *st, const char *body, size_t len)
{
	if (!body || len == 0)
		return 0;
	json_t *doc = json_loadb(body, len, JSON_REJECT_DUPLICATES, NULL);
	const char *code = json_string_value(json_object_get(doc, "Code"));
	if (!code || !*code) {
		json_decref(doc);
		return 0;
	}
	free(st->code);
	free(st->message);
	st->code = xstrdup(code);
	st->message = json_str(doc, "Message");
	char *rid = json_str(doc, "RequestId");
	if (rid && *rid) {
		free(st->request_id);
		st->request_id = rid;
	} else {
		free(rid);
	}
	st->body_malformed = 0;
	json_decref(doc);
	return 1;
}

static const char *service_of(enum s3_admin_api api)
{
	return api == S3_ADMIN_IAM ? "iam" : "s3";
}

int s3_admin_call(struct s3_client *c, const struct s3_admin_request *req, struct buf *answer,
		  struct s3_status *st)
{
	struct s3_http_header ct = { "Content-Type", req->content_type };
	struct s3_op_spec spec = {
		.operation = req->operation, .method = req->method, .path = req->path,
		.service = service_of(req->api), .params = req->params, .n_params = req->n_params,
		.headers = req->content_type ? &ct : NULL, .n_headers = req->content_type ? 1 : 0,
		.body = req->body, .body_len = req->body_len,
	};
	struct s3_op op = S3_OP_INIT;
	int rc = s3_op_prepare(c, &spec, &op, st);
	if (rc == 0)
		rc = s3_op_run(c, &op, st);
	if (rc == 0 && answer)
		buf_append(answer, op.resp.body.data ? op.resp.body.data : "", op.resp.body.len);
	if (rc != 0 && st->http_status > 0) {
		if (req->api != S3_ADMIN_IAM)
			s3_admin_status_from_json(st, op.resp.body.data, op.resp.body.len);
		s3_admin_explain(st, req->api, req->operation, req->subject, op.host,
				 s3_client_server_kind(c));
	}
	/* The request body held (encrypted) secrets, the answer may hold keys. */
	if (op.body.data)
		secure_wipe(op.body.data, op.body.cap);
	if (op.resp.body.data)
		secure_wipe(op.resp.body.data, op.resp.body.cap);
	s3_op_free(&op);
	return rc;
}
