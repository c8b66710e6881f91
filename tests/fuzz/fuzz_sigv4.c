/* libFuzzer target for the SigV4 signer's request handling (stage 1 and
 * presigning): arbitrary methods, paths, parameters and headers must either
 * be refused with an error or give a canonical request whose every line
 * has the shape SigV4 requires, so nothing unencoded (CR, LF, blanks in the
 * URI or query) can get into what is signed or sent.
 *
 * Input: lines separated by '\n'. Line 1 method, line 2 path, then
 * "q<name>=<value>" (query parameter) or "h<name>:<value>" (header) lines;
 * a line "n" turns path normalisation on. A "host" header is always
 * present. Build: make fuzz-sigv4; run: make fuzz-sigv4-run. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "s3/sigv4/sigv4.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/xalloc.h"

#define MAX_ITEMS 16

static int only(const char *s, size_t n, const char *extra)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			 strchr("-_.~%", c) || (c && strchr(extra, c));
		if (!ok)
			return 0;
	}
	return 1;
}

/* Line 2 (URI) and 3 (query) are fully encoded; no header line holds a
 * control character; the last line is the payload hash. */
static void check_shape(const char *creq)
{
	const char *uri = strchr(creq, '\n') + 1;
	const char *query = strchr(uri, '\n') + 1;
	const char *rest = strchr(query, '\n') + 1;
	if (uri[0] != '/' || !only(uri, (size_t)(query - 1 - uri), "/") ||
	    !only(query, (size_t)(rest - 1 - query), "=&"))
		abort();
	for (const char *p = rest; *p; p++)
		if (((unsigned char)*p < 0x20 && *p != '\n') || *p == 0x7f)
			abort();
	if (strcmp(strrchr(creq, '\n') + 1, SIGV4_UNSIGNED_PAYLOAD) != 0)
		abort();
}

static char *next_line(const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
	char *s = xstrndup(*p, n); /* stops at an embedded NUL: fine */
	*p = nl ? nl + 1 : end;
	return s;
}

static void run(const struct sigv4_request *req, int normalize)
{
	struct s3_credentials creds = { "AKIDEXAMPLE", "secret", "token" };
	struct sigv4_signing sg = { &creds, "us-east-1", "s3", 1440938160, normalize };
	struct rdm_error err = RDM_ERROR_INIT;
	struct buf creq = BUF_INIT, q = BUF_INIT;
	struct sigv4_trace t = SIGV4_TRACE_INIT;
	if (sigv4_canonical_request(req, normalize, &creq, NULL, &err) == 0)
		check_shape(buf_str(&creq));
	else if (!err.message)
		abort();
	rdm_error_clear(&err);
	if (sigv4_presign_traced(req, &sg, 60, &q, &t, &err) == 0) {
		check_shape(buf_str(&t.canonical_request));
		if (!only(q.data, q.len, "=&"))
			abort();
	}
	rdm_error_clear(&err);
	sigv4_trace_free(&t);
	buf_free(&creq);
	buf_free(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char *strings[2 + 2 * MAX_ITEMS] = { 0 };
	size_t ns = 0;
	struct sigv4_param params[MAX_ITEMS];
	struct sigv4_header headers[MAX_ITEMS];
	/* Every real request has a host header; giving one here lets the
	 * fuzzer reach the success path without having to guess "host". */
	struct sigv4_request req = { NULL, NULL, params, 0, headers, 1, SIGV4_UNSIGNED_PAYLOAD };
	headers[0] = (struct sigv4_header){ "host", "example.com" };
	int normalize = 0;
	req.method = strings[ns++] = next_line(&p, end);
	req.path = strings[ns++] = next_line(&p, end);
	while (p < end && ns < sizeof(strings) / sizeof(strings[0]) && req.n_params < MAX_ITEMS &&
	       req.n_headers < MAX_ITEMS) {
		char *line = strings[ns++] = next_line(&p, end);
		char *sep = strpbrk(line, line[0] == 'q' ? "=" : ":");
		normalize |= strcmp(line, "n") == 0;
		if (!sep || (line[0] != 'q' && line[0] != 'h'))
			continue;
		*sep = '\0';
		if (line[0] == 'q')
			params[req.n_params++] = (struct sigv4_param){ line + 1, sep + 1 };
		else
			headers[req.n_headers++] = (struct sigv4_header){ line + 1, sep + 1 };
	}
	run(&req, normalize);
	for (size_t i = 0; i < ns; i++)
		free(strings[i]);
	return 0;
}
