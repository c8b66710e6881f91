/* The typed result of every S3 call: what the transport saw, what the server
 * said, and what it means for the operator. Filled by the HTTP layer
 * (transport fields) and the response parser (S3 fields); s3_status_explain()
 * (s3_error.c) turns it into a human explanation and a remedy. */
#ifndef RDM_S3_STATUS_H
#define RDM_S3_STATUS_H

#include <stddef.h>

enum s3_transport_error {
	S3_TRANSPORT_OK = 0,       /* an HTTP answer arrived (any status) */
	S3_TRANSPORT_DNS,          /* host name did not resolve */
	S3_TRANSPORT_REFUSED,      /* TCP connection refused */
	S3_TRANSPORT_CONNECT,      /* other connect failure (unreachable, reset) */
	S3_TRANSPORT_TIMEOUT,      /* connect or total timeout */
	S3_TRANSPORT_TLS_VERIFY,   /* certificate not trusted / wrong name / expired */
	S3_TRANSPORT_TLS,          /* other TLS failure (handshake) */
	S3_TRANSPORT_TOO_LARGE,    /* response body over the cap */
	S3_TRANSPORT_OTHER,        /* anything else curl reports */
};

struct s3_status {
	enum s3_transport_error transport;
	char *transport_detail; /* curl's message, or NULL */
	long http_status;       /* 0 when no answer */
	char *code;             /* S3 <Code>, e.g. "NoSuchBucket"; NULL if none */
	char *message;          /* S3 <Message> (may be empty on Ceph); NULL if none */
	char *request_id;       /* <RequestId> or x-amz-request-id; NULL if none */
	char *bucket_region;    /* x-amz-bucket-region or <Region>; NULL if none */
	char *endpoint_hint;    /* <Endpoint> of a PermanentRedirect; NULL if none */
	long skew_seconds;      /* RequestTimeTooSkewed: server time - our time */
	int body_malformed;     /* error body present but not parseable XML */
	int body_truncated;     /* error body cut at the response cap */
	/* Filled by s3_status_explain(): */
	char *explanation;      /* one or two sentences for the operator */
	char *remedy;           /* what to do */
};

#define S3_STATUS_INIT { 0 }

/* 1 when the request succeeded (transport ok and 2xx). */
int s3_status_ok(const struct s3_status *st);
void s3_status_clear(struct s3_status *st);

#endif
