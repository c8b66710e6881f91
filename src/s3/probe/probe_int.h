/* Internals of the network probes (probe.h): clocks, address lists, the
 * threaded resolver, the socket state machine (DNS, TCP, TLS), the TLS
 * handshake and the libcurl part (clock, MinIO health). Not for use
 * outside src/s3/probe*.c. */
#ifndef RDM_S3_PROBE_INT_H
#define RDM_S3_PROBE_INT_H
#include <netdb.h>
#include <poll.h>
#include <stddef.h>
#include <sys/socket.h>
#include <time.h>

#include "s3/probe/probe.h"

/* ---- clocks and small helpers (probe_util.c) -------------------------- */
double probe_mono_now(void); /* CLOCK_MONOTONIC, seconds: deadlines, latencies */
double probe_wall_now(void); /* CLOCK_REALTIME, seconds: the clock probe */
/* Milliseconds from now to deadline, rounded up, never negative. */
long probe_ms_until(double deadline, double now);
/* Replaces *slot with a copy of s (NULL allowed). */
void probe_set_str(char **slot, const char *s);

/* ---- addresses (probe_resolve.c) ------------------------------------- */
struct probe_addr {
	struct sockaddr_storage sa;
	socklen_t len;
	char *text; /* numeric: "127.0.0.1", "::1" */
};

struct probe_addrs {
	struct probe_addr *v;
	size_t n;
};

/* Appends the stream addresses of an addrinfo list. */
void probe_addrs_add_ai(struct probe_addrs *a, const struct addrinfo *ai);
/* Numeric addresses (no lookup): each text must be an IP literal. Returns
 * 0, or -1 when none parsed (a is then empty). */
int probe_addrs_numeric(const char *const *texts, unsigned port, struct probe_addrs *a);
void probe_addrs_free(struct probe_addrs *a);
/* "127.0.0.1:9000" or "[::1]:9000"; newly allocated. */
char *probe_addr_with_port(const struct probe_addr *a, unsigned port);
/* An IP literal (v4 or v6, no brackets). */
int probe_host_is_ip(const char *host);

/* getaddrinfo in a detached thread. start returns NULL when no thread
 * could be started; *fd becomes readable once the lookup is over. */
struct probe_resolver;
struct probe_resolver *probe_resolver_start(const char *host, unsigned port, int *fd);
/* 0 while running; 1 when over: *gai is getaddrinfo's code (EAI_SYSTEM
 * with *sys_errno) and, when 0, the addresses are appended to out. */
int probe_resolver_result(struct probe_resolver *r, int *gai, int *sys_errno,
			  struct probe_addrs *out);
/* The caller is done with it; a running lookup finishes on its own and
 * frees everything then. */
void probe_resolver_release(struct probe_resolver *r);
/* What a getaddrinfo error means. */
enum probe_error probe_gai_error(int gai);

/* ---- TLS handshake (probe_tls.c) -------------------------------------- */
struct probe_tls;
/* A client session on the connected socket fd, verifying cfg->host
 * against the system store plus cfg->ca_file. NULL with *e and *detail
 * set when the context cannot be made (unreadable CA file). */
struct probe_tls *probe_tls_new(const struct probe_config *cfg, int fd, enum probe_error *e,
				char **detail);
/* Advances the handshake: 0 while it waits for *events on the socket, 1
 * when it ended (then probe_tls_report tells how). */
int probe_tls_handshake(struct probe_tls *t, short *events);
/* Fills the TLS fields of out (error, verification, certificate);
 * address and latency are the caller's. now: for days_left. */
void probe_tls_report(struct probe_tls *t, time_t now, struct probe_tls_result *out);
void probe_tls_free(struct probe_tls *t);
/* What an X509_V_ERR_* code means. */
enum probe_error probe_tls_classify(long verify_code);

/* ---- socket probes: DNS, TCP, TLS (probe_net.c) ------------------------ */
enum probe_net_stage {
	PROBE_NET_IDLE = 0, /* not asked for, or finished */
	PROBE_NET_RESOLVING,
	PROBE_NET_CONNECTING,
	PROBE_NET_HANDSHAKE,
};

struct probe_net {
	unsigned kind; /* PROBE_DNS, PROBE_TCP or PROBE_TLS */
	enum probe_net_stage stage;
	const struct probe_config *cfg; /* the run's copy */
	struct probe_results *res;
	double t_start, deadline, t_stage, attempt_deadline;
	struct probe_resolver *resolver;
	int rfd;               /* the resolver's pipe */
	struct probe_addrs addrs;
	size_t next;           /* next address to try */
	int fd;                /* socket being connected / in the handshake */
	size_t fd_addr;        /* its address index */
	short events;
	enum probe_error fail; /* most telling connect failure so far */
	char *fail_detail;
	size_t fail_addr;
	struct probe_tls *tls;
};

void probe_net_start(struct probe_net *n, unsigned kind, const struct probe_config *cfg,
		     struct probe_results *res, double now, double deadline);
int probe_net_running(const struct probe_net *n);
/* Fills pfd and returns 1 when the probe waits on a descriptor. */
int probe_net_pollfd(const struct probe_net *n, struct pollfd *pfd);
/* The time by which the probe must be looked at again (a stage deadline). */
double probe_net_wake(const struct probe_net *n);
/* Handles readiness (revents, 0 for none) and deadlines. */
void probe_net_advance(struct probe_net *n, short revents, double now);
/* Stops a running probe (its result stays unfinished) and frees it. */
void probe_net_stop(struct probe_net *n);

/* ---- HTTP probes: clock and MinIO health (probe_http.c) --------------- */
struct probe_http;
/* Starts the HTTP probes of kinds (PROBE_CLOCK, PROBE_MINIO_HEALTH) on a
 * new multi handle; NULL with err set when libcurl cannot be used. */
struct probe_http *probe_http_start(const struct probe_config *cfg, unsigned kinds,
				    struct probe_results *res, double deadline,
				    struct rdm_error *err);
/* Waits up to timeout_ms for curl's sockets or any of the extra ones
 * (their revents are filled). */
void probe_http_wait(struct probe_http *h, struct pollfd *extra, size_t n, long timeout_ms);
/* Lets curl work and finishes completed transfers; returns 1 while some
 * transfer is still running. */
int probe_http_advance(struct probe_http *h, double now);
/* Stops unfinished transfers (their results stay unfinished). NULL ok. */
void probe_http_free(struct probe_http *h);

#endif
