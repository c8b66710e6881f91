/* Small servers on 127.0.0.1 for the probe tests, each in a thread of the
 * test process (started and stopped by the test):
 *   SILENT  accepts connections and never reads or answers;
 *   HTTP    answers every request with Date = now + date_offset seconds:
 *           200 on /minio/health/live, 503 on /minio/health/ready, 403
 *           on anything else (what MinIO says to an anonymous HEAD /);
 *           400 at once to bytes that cannot start a request (TLS);
 *   TLS     the same behind a TLS handshake with the given certificate.
 * Plus certificate making (the openssl CLI via fork/execvp) and a port on
 * which nothing listens. */
#ifndef RDM_TESTS_PROBE_SERVER_H
#define RDM_TESTS_PROBE_SERVER_H
#include <pthread.h>
#include <stddef.h>

enum probe_srv_mode { PROBE_SRV_SILENT, PROBE_SRV_HTTP, PROBE_SRV_TLS };

struct probe_srv {
	enum probe_srv_mode mode;
	int port;
	long date_offset;
	int listen_fd;
	int stop_pipe[2];
	void *ssl_ctx;   /* SSL_CTX * in TLS mode */
	int held[64];    /* SILENT: accepted connections, kept open */
	size_t n_held;
	unsigned requests; /* HTTP requests answered */
	pthread_t thread;
	int running;
};

/* Starts a server; cert/key (PEM files) only for TLS. Returns 0 or -1. */
int probe_srv_start(struct probe_srv *s, enum probe_srv_mode mode, const char *cert,
		    const char *key, long date_offset);
void probe_srv_stop(struct probe_srv *s);

/* A port with nothing listening (bound, then closed); -1 on error. */
int probe_srv_unused_port(void);

/* A listener whose accept queue is full, so that a further connect() gets
 * no answer at all (its SYN is dropped): the TCP timeout case without
 * leaving 127.0.0.1. Returns the port, or -1 when the kernel did not behave
 * that way. fds (at least 9 slots) receives the descriptors to close. */
int probe_srv_full_backlog(int *fds, size_t *n_fds);

/* Runs argv (execvp, never a shell) with stdout/stderr into log_path;
 * returns the exit status, or -1 when it could not run. */
int probe_run_cmd(char *const argv[], const char *log_path);

/* A self-signed EC certificate for cn with the given subjectAltName
 * ("DNS:localhost,IP:127.0.0.1"), valid for `days` from now, made with the
 * openssl CLI. Returns 0, or -1 (openssl missing or failed). */
int probe_make_cert(const char *dir, const char *name, const char *cn, const char *san, int days,
		    char **cert_path, char **key_path);

/* A certificate for cn signed by key_path that expired a day ago (the CLI
 * cannot back-date one, so this one is made with the OpenSSL API). */
int probe_make_expired_cert(const char *dir, const char *key_path, const char *cn,
			    char **cert_path);

/* notAfter of a PEM certificate file as time_t; -1 on error. */
long long probe_cert_not_after(const char *cert_path);

#endif
