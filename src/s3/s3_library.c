#include "config.h"
#include "s3/s3_library.h"

#include <curl/curl.h>

int s3_library_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

void s3_library_cleanup(void)
{
	curl_global_cleanup();
}
