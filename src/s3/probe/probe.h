/* Network probes for the health checks: they measure and report facts about
 * an endpoint (DNS, TCP, TLS, the server's clock, MinIO's health endpoints)
 * and never judge them; verdicts are src/ops' job.
 *
 *   struct probe_config cfg = { .host = "127.0.0.1", .port = 9000 };
 *   struct probe_results res;
 *   probe_all(&cfg, PROBE_DNS | PROBE_TCP | PROBE_CLOCK, &res, &err);
 *   ... res.tcp.error == PROBE_ERR_REFUSED ...
 *   probe_results_free(&res);
 *
 * Concurrency: a non-blocking step API. probe_run_start() starts every
 * requested probe at once; probe_run_step() waits at most max_wait_ms for
 * any of them to make progress (0: just look) and returns whether some are
 * still running, so an event loop (the dashboard) can drive it between
 * key presses, and probe_run_wait() loops until all are done. One run is
 * not shared between threads; separate runs share nothing and may run in
 * separate threads (several instances at once). The caller (main) should
 * call s3_library_init() (s3/s3_library.h) once before any thread starts a run.
 *
 * How each probe works, and why:
 *  - DNS: getaddrinfo() in a detached thread that signals a pipe when it
 *    is done. getaddrinfo cannot be interrupted, so on the deadline the
 *    probe reports a DNS timeout and abandons the thread, which frees its
 *    state when the lookup finally returns. curl's resolver was not used:
 *    it hands back only the one address it connected to, and it cannot
 *    resolve without also connecting.
 *  - TCP: non-blocking connect() + poll() to each resolved address in
 *    turn until one answers; each attempt gets an equal share of the time
 *    left, so one black-holed address (IPv6 without a route) does not use
 *    up the whole deadline.
 *  - TLS: OpenSSL directly, on its own TCP connection: verification is ON
 *    (SSL_VERIFY_PEER plus the host name or IP address check), trust is the
 *    system store plus an optional CA file. A verify callback keeps the
 *    first verification error and the leaf certificate, so that an
 *    untrusted or expired certificate still reports its dates and names
 *    (libcurl's CURLINFO_CERTINFO is only available after verification
 *    passed). No application data is ever sent over an unverified session:
 *    the probe only completes the handshake.
 *  - Clock and MinIO health: libcurl's multi interface (one multi handle
 *    for the run; the TCP/TLS sockets and the resolver pipes are polled
 *    with it through curl_multi_poll's extra descriptors). http.h's
 *    perform_many was not used: it blocks until every transfer finished
 *    and hides the per-transfer timings the clock probe needs. These
 *    requests go straight to the endpoint (proxies from the environment are
 *    ignored) since they measure the endpoint itself, as DNS/TCP/TLS do.
 *
 * Deadlines: every probe gets cfg.timeout_ms from the start of the run,
 * covering all its stages (the TLS probe resolves, connects and
 * handshakes within it). No probe_run_step call blocks past the earliest
 * deadline of the probes still running. */
#ifndef RDM_S3_PROBE_H
#define RDM_S3_PROBE_H
#include <stddef.h>
#include <time.h>

#include "s3/model/endpoint.h"
#include "s3/model/status.h"
#include "util/error.h"

/* Which probes to run (a mask). */
enum probe_kind {
	PROBE_DNS = 1u << 0,
	PROBE_TCP = 1u << 1,
	PROBE_TLS = 1u << 2,
	PROBE_CLOCK = 1u << 3,
	PROBE_MINIO_HEALTH = 1u << 4,
};
#define PROBE_ALL ((1u << 5) - 1)

/* What went wrong, as precisely as the probe can tell. */
enum probe_error {
	PROBE_OK = 0,
	PROBE_ERR_DNS_NOT_FOUND, /* the name does not exist (NXDOMAIN) or has no address */
	PROBE_ERR_DNS_TEMPORARY, /* the resolver failed for now (unreachable, SERVFAIL) */
	PROBE_ERR_DNS_TIMEOUT,   /* no answer from the resolver before the deadline */
	PROBE_ERR_DNS,           /* any other resolver failure */
	PROBE_ERR_REFUSED,       /* TCP connection refused: nothing listens */
	PROBE_ERR_UNREACHABLE,   /* no route to the host or network */
	PROBE_ERR_CONNECT,       /* other connect failure */
	PROBE_ERR_TIMEOUT,       /* connected stage (connect, handshake, answer) timed out */
	PROBE_ERR_TLS_UNTRUSTED, /* chain does not lead to a trusted CA (self-signed, unknown issuer) */
	PROBE_ERR_TLS_NAME_MISMATCH, /* certificate is for another name */
	PROBE_ERR_TLS_EXPIRED,   /* certificate's notAfter has passed */
	PROBE_ERR_TLS_VERIFY,    /* other verification failure (not yet valid, bad signature, ...) */
	PROBE_ERR_TLS_HANDSHAKE, /* no TLS on the other end, protocol or cipher mismatch */
	PROBE_ERR_CA_FILE,       /* the CA file cannot be read or holds no certificate */
	PROBE_ERR_HTTP,          /* the HTTP exchange failed otherwise (reset, bad answer) */
	PROBE_ERR_INTERNAL,      /* no socket, no thread: this machine, not the endpoint */
};

/* Stable short names: "ok", "dns-not-found", "refused", "tls-expired", ... */
const char *probe_error_name(enum probe_error e);
/* Any of the DNS kinds. */
int probe_error_is_dns(enum probe_error e);
/* The coarse transport error of src/s3/model/status.h (what check facts carry). */
enum s3_transport_error probe_error_transport(enum probe_error e);

struct probe_config {
	const char *host;        /* name or IP literal, IPv6 without brackets */
	unsigned port;
	int https;               /* clock and health requests use https:// */
	const char *path_prefix; /* NULL/"" or "/gw/s3": put before HTTP paths */
	const char *ca_file;     /* PEM trust anchors added to the system store; NULL: none */
	long timeout_ms;         /* per probe; 0: PROBE_DEFAULT_TIMEOUT_MS */
	/* Numeric addresses already resolved (e.g. an earlier DNS probe's
	 * answer), NULL-terminated: TCP and TLS connect to these instead of
	 * resolving host again. NULL: resolve. */
	const char *const *addresses;
	const char *user_agent;  /* NULL: "rdm-s3/VERSION" */
};
#define PROBE_DEFAULT_TIMEOUT_MS 10000L

/* Points cfg's host, port, https and path_prefix at ep's (borrowed). */
void probe_config_from_endpoint(struct probe_config *cfg, const struct s3_endpoint *ep);

/* Every result: done is 1 when the probe ran to an end (success or a
 * failure it could name); 0 when it was not asked for or did not finish
 * (the run was freed early). Latencies are in seconds, < 0 when not
 * measured. Strings and arrays are owned by the results. */
struct probe_dns_result {
	int done;
	enum probe_error error;
	char *detail;      /* gai_strerror text when error != OK */
	char **addresses;  /* numeric, NULL-terminated; NULL when the lookup failed */
	size_t n_addresses;
	double latency;    /* lookup time */
};

struct probe_tcp_result {
	int done;
	enum probe_error error;
	char *detail;      /* strerror text of the failure */
	char *address;     /* "127.0.0.1:9000" / "[::1]:9000": connected, or last tried */
	double latency;    /* connect() until established (resolving excluded) */
};

struct probe_tls_result {
	int done;
	enum probe_error error;  /* OK: handshake done and the certificate verified */
	int verified;
	long verify_code;        /* X509_V_OK or the first X509_V_ERR_* met */
	char *verify_error;      /* X509_verify_cert_error_string(); NULL when verified */
	char *detail;            /* message of a non-verification failure */
	char *address;           /* where the handshake went */
	char *protocol;          /* "TLSv1.3"; NULL without a handshake */
	/* The server's leaf certificate, also when verification failed: */
	int have_cert;
	time_t not_before, not_after;
	long days_left;          /* whole days from now to notAfter; < 0 once expired */
	char *subject_cn;        /* NULL when the name has no CN */
	char *issuer_cn;
	double latency;          /* handshake only (after TCP connected) */
};

/* One HTTP exchange. error OK means an answer arrived, whatever its status. */
struct probe_http_result {
	int done;
	enum probe_error error;
	char *detail;      /* libcurl's message when error != OK */
	char *url;
	long status;       /* HTTP status; 0 without an answer */
	double latency;    /* whole request (connect included) */
};

/* The server's clock from the Date header of an unauthenticated HEAD on
 * the endpoint's root (any status answers: 403 carries a Date too). */
struct probe_clock_result {
	struct probe_http_result http;
	int have_date;       /* a Date header that curl_getdate() parsed */
	char *date_header;   /* as sent; NULL when absent */
	time_t server_date;
	/* Our wall clock in the middle of the exchange: the moment the answer's
	 * first byte arrived, minus half the time from sending the request to
	 * that byte (so connecting and a slow server do not bias it). */
	double local_mid;
	time_t local_date;   /* floor(local_mid): compares with Date's whole seconds */
	long skew_seconds;   /* server_date - local_date; Date has 1 s resolution */
};

/* GET /minio/health/live and /minio/health/ready (after path_prefix). */
struct probe_minio_health_result {
	struct probe_http_result live, ready;
};

struct probe_results {
	unsigned kinds; /* the probes that were asked for */
	struct probe_dns_result dns;
	struct probe_tcp_result tcp;
	struct probe_tls_result tls;
	struct probe_clock_result clock;
	struct probe_minio_health_result minio;
};

void probe_results_free(struct probe_results *res); /* and zeroes it */

/* The step API. cfg is copied. Returns NULL with err set only when the run
 * cannot start at all (no host, kinds 0, libcurl unusable); a probe that
 * fails to start (no thread) reports that in its own result. */
struct probe_run;
struct probe_run *probe_run_start(const struct probe_config *cfg, unsigned kinds,
				  struct rdm_error *err);
/* Waits at most max_wait_ms (0: no waiting) for progress and advances every
 * probe. Returns 1 while some probe is still running, 0 when all are done. */
int probe_run_step(struct probe_run *r, long max_wait_ms);
/* Steps until every probe is done (each is bounded by its deadline). */
void probe_run_wait(struct probe_run *r);
/* The results so far (done = 1 for the finished ones); owned by the run. */
const struct probe_results *probe_run_results(const struct probe_run *r);
/* Moves the results into out (which the caller frees with
 * probe_results_free); unfinished probes stay done = 0. */
void probe_run_take(struct probe_run *r, struct probe_results *out);
/* Stops whatever is still running (a pending lookup is abandoned to its
 * thread) and frees the run. NULL is fine. */
void probe_run_free(struct probe_run *r);

/* Blocking convenience: start, wait, take, free. Returns 0, or -1 with err
 * set when the run could not start (out is then zeroed). */
int probe_all(const struct probe_config *cfg, unsigned kinds, struct probe_results *out,
	      struct rdm_error *err);

/* An HTTP result as a struct s3_status (transport, detail, HTTP status),
 * for the check facts; st is cleared first. Not explained. */
void probe_http_to_status(const struct probe_http_result *h, struct s3_status *st);

#endif
