/* What every libcurl transfer of the S3 layer sets up the same way (the S3
 * transport in http_curl.c and the HTTP probes in probe_http.c), so the
 * safety-relevant options (TLS verification, no redirects, http/https only)
 * live in one place. */
#ifndef RDM_S3_CURL_COMMON_H
#define RDM_S3_CURL_COMMON_H

#include <curl/curl.h>

struct s3_curl_base {
	const char *url;
	const char *ca_file;    /* NULL: the system trust store */
	const char *user_agent;
	long connect_ms, total_ms;
	char *errbuf;           /* CURL_ERROR_SIZE bytes, filled by curl */
};

/* Sets URL, protocols (http, https), no signals, no redirects, TLS peer and
 * host verification (always on), the CA file, the timeouts, the user agent
 * and the error buffer on c. Callers add their callbacks and specifics. */
void s3_curl_setup_base(CURL *c, const struct s3_curl_base *b);

#endif
