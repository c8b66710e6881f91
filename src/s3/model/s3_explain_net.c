#include "config.h"
#include "s3/model/s3_explain_int.h"

#include <stdlib.h>

#include "util/i18n.h"
#include "util/xalloc.h"

#define say s3_explain_say

/* ---- transport ---------------------------------------------------------- */

void s3_explain_transport(struct why *w)
{
	const char *d = w->st->transport_detail ? w->st->transport_detail : "";
	switch (w->st->transport) {
	case S3_TRANSPORT_DNS:
		say(w, xasprintf(_("The host name of %s could not be resolved (DNS). %s"), w->host, d),
		    xasprintf(_("Check the host in the endpoint URL. A docker-compose service name "
				"such as \"s3\" resolves only inside the containers; from the host "
				"use localhost:9000.")));
		break;
	case S3_TRANSPORT_REFUSED:
		say(w, xasprintf(_("Nothing accepts connections at %s (connection refused)."), w->host),
		    w->server == S3_SERVER_AWS
			    ? xasprintf(_("Check the port in the endpoint URL."))
			    : xasprintf(_("Is the S3 server running? For the instance's MinIO run "
					  "`invenio-cli services start`; also check the port in the "
					  "endpoint URL (MinIO's API listens on 9000).")));
		break;
	case S3_TRANSPORT_CONNECT:
		say(w, xasprintf(_("Could not connect to %s. %s"), w->host, d),
		    xasprintf(_("Check that the host is reachable from here (network, firewall, "
				"VPN) and that the endpoint URL is right.")));
		break;
	case S3_TRANSPORT_TIMEOUT:
		say(w, xasprintf(_("%s did not answer in time. %s"), w->host, d),
		    xasprintf(_("Check host and port: a firewall that drops packets, or a port "
				"that belongs to another service, looks like this. If the server is "
				"just slow, retry later.")));
		break;
	case S3_TRANSPORT_TLS_VERIFY:
		say(w, xasprintf(_("The TLS certificate of %s could not be verified. %s"), w->host, d),
		    xasprintf(_("If the server uses a private CA or a self-signed certificate, pass "
				"that CA certificate with --ca-file FILE. If the name does not match, "
				"use the host name the certificate was issued for. Do not turn "
				"certificate verification off.")));
		break;
	case S3_TRANSPORT_TLS:
		say(w, xasprintf(_("The TLS handshake with %s failed. %s"), w->host, d),
		    xasprintf(_("Check the scheme: a server without TLS (like a local MinIO) must "
				"be addressed with http://, not https://.")));
		break;
	case S3_TRANSPORT_TOO_LARGE:
		say(w, xasprintf(_("The answer from %s was larger than the limit and was cut off."),
				 w->host),
		    xasprintf(_("S3 answers to these requests are small: check that the endpoint "
				"URL points at the S3 API (MinIO: port 9000, not the console on "
				"9001).")));
		break;
	default:
		say(w, xasprintf(_("The request to %s failed. %s"), w->host, d),
		    xasprintf(_("Run again with -v for details.")));
		break;
	}
}

