/* The libcurl options every transfer of the S3 layer shares. */
#include "config.h"
#include "s3/http/curl_common.h"

void s3_curl_setup_base(CURL *c, const struct s3_curl_base *b)
{
	curl_easy_setopt(c, CURLOPT_URL, b->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (b->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, b->ca_file);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, b->connect_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, b->total_ms);
	curl_easy_setopt(c, CURLOPT_USERAGENT, b->user_agent);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, b->errbuf);
}
