#include "config.h"
#include "s3/model/xml.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "util/i18n.h"
#include "util/xalloc.h"

/* ---- reading ----------------------------------------------------------- */

/* S3 never sends a DOCTYPE; one in a response can only be a proxy page or
 * an attack (entity expansion), so parsing stops at the first sight of it,
 * before any entity is declared. */
static void stop_at_doctype(void *ctx, const xmlChar *name, const xmlChar *ext_id,
			    const xmlChar *sys_id)
{
	xmlParserCtxtPtr ctxt = ctx;
	*(int *)ctxt->_private = 1;
	xmlStopParser(ctxt);
}

/* libxml2's message, made printable and without the trailing newline. */
static void set_parse_error(struct rdm_error *err, xmlParserCtxtPtr ctxt, const char *what)
{
	const xmlError *e = xmlCtxtGetLastError(ctxt);
	struct buf b = BUF_INIT;
	for (const char *s = e && e->message ? e->message : ""; *s; s++)
		buf_putc(&b, (*s >= 0x20 && *s < 0x7f) ? *s : ' ');
	while (b.len && b.data[b.len - 1] == ' ')
		buf_truncate(&b, b.len - 1);
	rdm_error_set(err, _("the %s is not well-formed XML (line %d: %s)"), what,
		      e ? e->line : 0, buf_str(&b));
	buf_free(&b);
}

/* libxml2 reports some errors without a parser context (a body whose
 * declared encoding does not match its bytes: "encoding error : input
 * conversion failed") through its generic handler, which XML_PARSE_NOERROR
 * does not cover and which prints to stderr. This layer prints nothing: the
 * failure reaches the caller through err. */
static void xml_silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static xmlDocPtr xml_read(const char *body, size_t len, const char *what, int recover,
			  struct rdm_error *err)
{
	xmlSetGenericErrorFunc(NULL, xml_silent);
	if (!body || len == 0) {
		rdm_error_set(err, _("the %s is empty"), what);
		return NULL;
	}
	if (len > S3_XML_MAX_BODY || len > INT_MAX) {
		rdm_error_set(err, _("the %s is too large (%zu bytes)"), what, len);
		return NULL;
	}
	xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
	if (!ctxt)
		abort();
	int saw_doctype = 0;
	ctxt->_private = &saw_doctype;
	ctxt->sax->internalSubset = stop_at_doctype;
	int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA |
		   (recover ? XML_PARSE_RECOVER : 0);
	xmlDocPtr doc = xmlCtxtReadMemory(ctxt, body, (int)len, NULL, NULL, opts);
	if (saw_doctype) {
		xmlFreeDoc(doc);
		doc = NULL;
		rdm_error_set(err, _("the %s has a DOCTYPE, which S3 never sends"), what);
	} else if (!doc) {
		set_parse_error(err, ctxt, what);
	}
	xmlFreeParserCtxt(ctxt);
	return doc;
}

static int name_is(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
		if (name_is(c, name))
			return c;
	return NULL;
}

static xmlNodePtr next_sibling(xmlNodePtr n, const char *name)
{
	for (n = n->next; n; n = n->next)
		if (name_is(n, name))
			return n;
	return NULL;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The element's own text (text and CDATA children; never entity content),
 * trimmed of XML white space. NULL when node is NULL. */
static char *node_text(xmlNodePtr node)
{
	if (!node)
		return NULL;
	struct buf b = BUF_INIT;
	buf_puts(&b, "");
	for (xmlNodePtr c = node->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			buf_puts(&b, (const char *)c->content);
	size_t start = 0, end = b.len;
	while (start < end && is_blank(b.data[start]))
		start++;
	while (end > start && is_blank(b.data[end - 1]))
		end--;
	char *s = xstrndup(b.data + start, end - start);
	buf_free(&b);
	return s;
}

static char *child_text(xmlNodePtr parent, const char *name)
{
	return node_text(child(parent, name));
}

static int wrong_root(struct rdm_error *err, xmlDocPtr doc, const char *want, xmlNodePtr root)
{
	rdm_error_set(err, _("expected an XML <%s> document, got <%.40s>"), want,
		      root ? (const char *)root->name : "");
	xmlFreeDoc(doc);
	return -1;
}

/* ---- <Error> ------------------------------------------------------------ */

static int parse_error_doc(const char *body, size_t len, int recover, struct s3_xml_error *out,
			   struct rdm_error *err)
{
	memset(out, 0, sizeof *out);
	xmlDocPtr doc = xml_read(body, len, _("error response"), recover, err);
	if (!doc)
		return -1;
	xmlNodePtr e = xmlDocGetRootElement(doc);
	if (!name_is(e, "Error"))
		e = child(e, "Error"); /* <ErrorResponse><Error> of IAM/STS */
	if (!e)
		return wrong_root(err, doc, "Error", xmlDocGetRootElement(doc));
	out->code = child_text(e, "Code");
	out->message = child_text(e, "Message");
	out->request_id = child_text(e, "RequestId");
	out->host_id = child_text(e, "HostId");
	out->region = child_text(e, "Region");
	out->endpoint = child_text(e, "Endpoint");
	out->bucket_name = child_text(e, "BucketName");
	out->resource = child_text(e, "Resource");
	out->server_time = child_text(e, "ServerTime");
	out->request_time = child_text(e, "RequestTime");
	out->max_allowed_skew_ms = child_text(e, "MaxAllowedSkewMilliseconds");
	if (!out->request_id) /* <ErrorResponse> keeps it next to <Error> */
		out->request_id = child_text(xmlDocGetRootElement(doc), "RequestId");
	xmlFreeDoc(doc);
	return 0;
}

int s3_xml_parse_error(const char *body, size_t len, struct s3_xml_error *out,
		       struct rdm_error *err)
{
	return parse_error_doc(body, len, 0, out, err);
}

/* In recovery mode an element cut in the middle keeps its partial text;
 * only elements whose end tag arrived are kept. */
static void drop_unfinished(const char *body, size_t len, char **field, const char *name)
{
	char *end_tag = xasprintf("</%s>", name);
	if (*field && !memmem(body, len, end_tag, strlen(end_tag))) {
		free(*field);
		*field = NULL;
	}
	free(end_tag);
}

int s3_xml_parse_error_partial(const char *body, size_t len, struct s3_xml_error *out,
			       struct rdm_error *err)
{
	if (parse_error_doc(body, len, 1, out, err))
		return -1;
	struct { char **field; const char *name; } fields[] = {
		{ &out->code, "Code" }, { &out->message, "Message" },
		{ &out->request_id, "RequestId" }, { &out->host_id, "HostId" },
		{ &out->region, "Region" }, { &out->endpoint, "Endpoint" },
		{ &out->bucket_name, "BucketName" }, { &out->resource, "Resource" },
		{ &out->server_time, "ServerTime" }, { &out->request_time, "RequestTime" },
		{ &out->max_allowed_skew_ms, "MaxAllowedSkewMilliseconds" },
	};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		drop_unfinished(body, len, fields[i].field, fields[i].name);
	if (out->code && *out->code)
		return 0;
	s3_xml_error_free(out);
	return rdm_error_set(err, "%s", _("the cut-off error response has no complete <Code>"));
}

void s3_xml_error_free(struct s3_xml_error *e)
{
	if (!e)
		return;
	char **fields[] = { &e->code, &e->message, &e->request_id, &e->host_id, &e->region,
			    &e->endpoint, &e->bucket_name, &e->resource, &e->server_time,
			    &e->request_time, &e->max_allowed_skew_ms };
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
		free(*fields[i]);
		*fields[i] = NULL;
	}
}

/* ---- ListAllMyBucketsResult -------------------------------------------- */

int s3_xml_parse_bucket_list(const char *body, size_t len, struct s3_bucket_list *out,
			     struct rdm_error *err)
{
	memset(out, 0, sizeof *out);
	xmlDocPtr doc = xml_read(body, len, _("bucket list"), 0, err);
	if (!doc)
		return -1;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!name_is(root, "ListAllMyBucketsResult"))
		return wrong_root(err, doc, "ListAllMyBucketsResult", root);
	xmlNodePtr owner = child(root, "Owner");
	out->owner_id = child_text(owner, "ID");
	out->owner_display_name = child_text(owner, "DisplayName");
	size_t cap = 0;
	xmlNodePtr buckets = child(root, "Buckets");
	for (xmlNodePtr b = child(buckets, "Bucket"); b; b = next_sibling(b, "Bucket")) {
		char *name = child_text(b, "Name");
		if (!name || !*name) {
			free(name);
			s3_bucket_list_free(out);
			xmlFreeDoc(doc);
			return rdm_error_set(err, _("the bucket list has a <Bucket> without <Name>"));
		}
		out->buckets = xgrow(out->buckets, &cap, out->n + 1, sizeof *out->buckets);
		out->buckets[out->n].name = name;
		out->buckets[out->n++].creation_date = child_text(b, "CreationDate");
	}
	xmlFreeDoc(doc);
	return 0;
}

void s3_bucket_list_free(struct s3_bucket_list *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->buckets[i].name);
		free(l->buckets[i].creation_date);
	}
	free(l->buckets);
	free(l->owner_id);
	free(l->owner_display_name);
	memset(l, 0, sizeof *l);
}

/* ---- LocationConstraint ------------------------------------------------- */

const char *s3_location_to_region(const char *location_constraint)
{
	if (!location_constraint || !*location_constraint)
		return "us-east-1";
	if (strcmp(location_constraint, "EU") == 0)
		return "eu-west-1";
	return location_constraint;
}

int s3_xml_parse_location(const char *body, size_t len, char **region, struct rdm_error *err)
{
	*region = NULL;
	xmlDocPtr doc = xml_read(body, len, _("bucket location"), 0, err);
	if (!doc)
		return -1;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!name_is(root, "LocationConstraint"))
		return wrong_root(err, doc, "LocationConstraint", root);
	char *lc = node_text(root);
	*region = xstrdup(s3_location_to_region(lc));
	free(lc);
	xmlFreeDoc(doc);
	return 0;
}

/* ---- CORSConfiguration -------------------------------------------------- */

static void add_all(struct s3_strlist *l, xmlNodePtr rule, const char *name)
{
	for (xmlNodePtr n = child(rule, name); n; n = next_sibling(n, name)) {
		char *t = node_text(n);
		s3_strlist_add(l, t);
		free(t);
	}
}

static int parse_max_age(const char *text, size_t rule_no, long *out, struct rdm_error *err)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);
	if (!*text || *end || errno || v < 0 || text[0] == '+' || text[0] == '-')
		return rdm_error_set(err,
				     _("CORS rule %zu: MaxAgeSeconds \"%.40s\" is not a non-negative "
				       "whole number"), rule_no, text);
	*out = v;
	return 0;
}

static int parse_cors_rule(xmlNodePtr r, size_t rule_no, struct s3_cors *out,
			   struct rdm_error *err)
{
	struct s3_cors_rule *rule = s3_cors_add_rule(out);
	rule->id = child_text(r, "ID");
	add_all(&rule->allowed_origins, r, "AllowedOrigin");
	add_all(&rule->allowed_methods, r, "AllowedMethod");
	add_all(&rule->allowed_headers, r, "AllowedHeader");
	add_all(&rule->expose_headers, r, "ExposeHeader");
	char *age = child_text(r, "MaxAgeSeconds");
	int rc = age ? parse_max_age(age, rule_no, &rule->max_age_seconds, err) : 0;
	free(age);
	return rc;
}

int s3_xml_parse_cors(const char *body, size_t len, struct s3_cors *out, struct rdm_error *err)
{
	s3_cors_free(out);
	xmlDocPtr doc = xml_read(body, len, _("CORS configuration"), 0, err);
	if (!doc)
		return -1;
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (!name_is(root, "CORSConfiguration"))
		return wrong_root(err, doc, "CORSConfiguration", root);
	size_t no = 0;
	for (xmlNodePtr r = child(root, "CORSRule"); r; r = next_sibling(r, "CORSRule")) {
		if (parse_cors_rule(r, ++no, out, err)) {
			s3_cors_free(out);
			xmlFreeDoc(doc);
			return -1;
		}
	}
	xmlFreeDoc(doc);
	return 0;
}

/* ---- building ----------------------------------------------------------- */

static void add_list(xmlNodePtr parent, const char *name, const struct s3_strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST l->items[i]);
}

static void dump(xmlDocPtr doc, struct buf *out)
{
	xmlChar *mem = NULL;
	int size = 0;
	xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
	if (!mem)
		abort(); /* only on out of memory */
	buf_append(out, mem, (size_t)size);
	xmlFree(mem);
	xmlFreeDoc(doc);
}

static xmlDocPtr new_doc(const char *root_name, xmlNodePtr *root)
{
	xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
	*root = xmlNewNode(NULL, BAD_CAST root_name);
	xmlDocSetRootElement(doc, *root);
	xmlSetNs(*root, xmlNewNs(*root, BAD_CAST S3_XML_NAMESPACE, NULL));
	return doc;
}

void s3_xml_build_cors(const struct s3_cors *c, struct buf *out)
{
	xmlNodePtr root;
	xmlDocPtr doc = new_doc("CORSConfiguration", &root);
	for (size_t i = 0; i < c->n_rules; i++) {
		const struct s3_cors_rule *r = &c->rules[i];
		xmlNodePtr rule = xmlNewChild(root, NULL, BAD_CAST "CORSRule", NULL);
		if (r->id)
			xmlNewTextChild(rule, NULL, BAD_CAST "ID", BAD_CAST r->id);
		add_list(rule, "AllowedOrigin", &r->allowed_origins);
		add_list(rule, "AllowedMethod", &r->allowed_methods);
		add_list(rule, "AllowedHeader", &r->allowed_headers);
		add_list(rule, "ExposeHeader", &r->expose_headers);
		if (r->max_age_seconds >= 0) {
			char num[32];
			snprintf(num, sizeof num, "%ld", r->max_age_seconds);
			xmlNewTextChild(rule, NULL, BAD_CAST "MaxAgeSeconds", BAD_CAST num);
		}
	}
	dump(doc, out);
}

int s3_xml_build_create_bucket(const char *region, struct buf *out)
{
	if (!region || !*region || strcmp(region, "us-east-1") == 0)
		return 0;
	xmlNodePtr root;
	xmlDocPtr doc = new_doc("CreateBucketConfiguration", &root);
	xmlNewTextChild(root, NULL, BAD_CAST "LocationConstraint", BAD_CAST region);
	dump(doc, out);
	return 1;
}

/* ---- records of other APIs' answers (IAM) -------------------------------- */

static void each_record(xmlNodePtr n, const char *record, const char *const *fields, size_t nf,
			s3_xml_record_fn fn, void *ctx)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (!name_is(c, record)) {
			each_record(c, record, fields, nf, fn, ctx);
			continue;
		}
		char **values = xcalloc(nf ? nf : 1, sizeof *values);
		for (size_t i = 0; i < nf; i++)
			values[i] = child_text(c, fields[i]);
		fn(ctx, (const char *const *)values);
		for (size_t i = 0; i < nf; i++)
			free(values[i]);
		free(values);
	}
}

int s3_xml_parse_records(const char *body, size_t len, const char *root, const char *record,
			 const char *const *fields, size_t n_fields, s3_xml_record_fn fn, void *ctx,
			 struct rdm_error *err)
{
	xmlDocPtr doc = xml_read(body, len, "answer", 0, err);
	if (!doc)
		return -1;
	xmlNodePtr r = xmlDocGetRootElement(doc);
	if (!name_is(r, root))
		return wrong_root(err, doc, root, r);
	each_record(r, record, fields, n_fields, fn, ctx);
	xmlFreeDoc(doc);
	return 0;
}
