/* S3 endpoint URLs (what S3_ENDPOINT_URL / --endpoint hold) and the request
 * URLs built from them.
 *
 *   s3_endpoint_parse("https://s3.eu-west-1.amazonaws.com")  -> ep
 *   s3_url_build(&ep, S3_ADDRESSING_AUTO, "bucket", "a b.txt") -> url
 *     url.host_header = "bucket.s3.eu-west-1.amazonaws.com"  (send as Host:)
 *     url.path        = "/a b.txt"        (raw: what the signer signs)
 *   s3_url_wire(&url, "cors=", out) -> "https://bucket.s3...com/a%20b.txt?cors="
 *
 * The raw path is never normalised: "a//b" and "../x" in a key are kept,
 * and it is encoded exactly once (sigv4_uri_encode), so what is signed is
 * what is sent. */
#ifndef RDM_S3_ENDPOINT_H
#define RDM_S3_ENDPOINT_H

#include "util/buf.h"
#include "util/error.h"

struct s3_endpoint {
	char *scheme;        /* "http" or "https" */
	char *host;          /* lower case; IPv6 without brackets ("::1") */
	int port;            /* explicit, else 80 / 443 */
	int port_explicit;   /* the URL named a port */
	char *path_prefix;   /* decoded, "" or "/gw/s3" (no trailing '/') */
	int host_is_ipv6;
	int host_is_ip;      /* IPv4 or IPv6 literal */
	int host_is_localhost; /* "localhost", "*.localhost", 127.x, ::1 */
	/* Amazon S3 detection (host under amazonaws.com / amazonaws.com.cn): */
	int is_aws;
	char *aws_region;    /* region named by the host; "us-east-1" for the
	                        global s3.amazonaws.com; NULL when not known
	                        (e.g. s3-accelerate) */
	int aws_dualstack;
	int aws_fips;
	int aws_china;       /* .amazonaws.com.cn */
	char *aws_host_bucket; /* "mybucket" when the endpoint itself is a
	                          virtual-hosted bucket URL (a common mistake); NULL */
};

/* Parses an endpoint URL. Accepts http/https, a host name, an IPv4 or a
 * bracketed IPv6 literal, an optional port and an optional path prefix
 * (a trailing '/' is dropped). Rejects, each with a message and a remedy:
 * missing scheme ("localhost:9000"), other schemes (s3://, ftp://),
 * user:password@, a query, a fragment, an empty or malformed host, a bad
 * port, white space, malformed %-escapes. out is reset first. */
int s3_endpoint_parse(const char *url, struct s3_endpoint *out, struct rdm_error *err);
void s3_endpoint_free(struct s3_endpoint *ep);

/* "scheme://host[:port]" (port only when not the scheme's default, IPv6 in
 * brackets) + path prefix: the canonical text of the endpoint. Newly
 * allocated. */
char *s3_endpoint_to_string(const struct s3_endpoint *ep);

/* The regional Amazon S3 endpoint for region: "https://s3.<region>.amazonaws.com"
 * (".amazonaws.com.cn" for cn-* regions). Newly allocated. */
char *s3_endpoint_aws_for_region(const char *region);

enum s3_addressing {
	S3_ADDRESSING_AUTO = 0, /* virtual-hosted on Amazon S3 when possible, else path */
	S3_ADDRESSING_PATH,     /* always path-style (what invenio-s3 uses) */
	S3_ADDRESSING_VIRTUAL,  /* virtual-hosted when possible, else path */
};

struct s3_url {
	char *scheme;        /* "http" / "https" */
	char *host_header;   /* value of the Host header: host[:port], IPv6 bracketed,
	                        port only when not the default */
	char *path;          /* raw decoded path: prefix + "/bucket" + "/key", or "/" */
	int virtual_hosted;  /* the addressing actually chosen */
};

/* Builds the URL of a request. bucket NULL: service level (ListBuckets),
 * path = prefix + "/". key NULL: bucket level. Virtual-hosted style is used
 * only when asked (VIRTUAL, or AUTO on Amazon S3) and possible: it falls back
 * to path-style when the bucket name has dots and the scheme is https
 * (wildcard certificates), when the name is not a valid DNS label, and when
 * the host is an IP literal or localhost. out is reset first. */
int s3_url_build(const struct s3_endpoint *ep, enum s3_addressing mode, const char *bucket,
		 const char *key, struct s3_url *out, struct rdm_error *err);
void s3_url_free(struct s3_url *u);

/* Appends the path encoded for the wire (sigv4_uri_encode, '/' kept). */
void s3_url_encode_path(const struct s3_url *u, struct buf *out);

/* Appends the complete URL: scheme://host_header + encoded path, and
 * "?" + query when query is not NULL/"" (query must already be encoded,
 * e.g. from sigv4_presign or "cors="). */
void s3_url_wire(const struct s3_url *u, const char *query, struct buf *out);

#endif
