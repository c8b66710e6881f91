/* Test servers and certificates for the probe tests (see probe_server.h). */
#include "config.h"
#include "probe_server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "util/buf.h"
#include "util/xalloc.h"

static int listen_socket(int *port, int backlog)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, backlog) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

int probe_srv_unused_port(void)
{
	int port = -1;
	int fd = listen_socket(&port, 1);
	if (fd < 0)
		return -1;
	close(fd);
	return port;
}

static void http_date(long offset, char *out, size_t size)
{
	static const char days[] = "SunMonTueWedThuFriSat";
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	time_t t = time(NULL) + offset;
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(out, size, "%.3s, %02d %.3s %04d %02d:%02d:%02d GMT", days + 3 * tm.tm_wday,
		 tm.tm_mday, months + 3 * tm.tm_mon, tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec);
}

static long conn_read(int fd, SSL *ssl, char *p, size_t n)
{
	return ssl ? SSL_read(ssl, p, (int)n) : (long)recv(fd, p, n, 0);
}

static void conn_write(int fd, SSL *ssl, const char *p, size_t n)
{
	if (ssl)
		SSL_write(ssl, p, (int)n);
	else if (send(fd, p, n, MSG_NOSIGNAL) < 0) {
		/* the client went away: nothing to answer */
	}
}

/* Reads one request head; returns the path (newly allocated) or NULL.
 * *not_http: the client sent something that cannot start an HTTP request
 * (a TLS ClientHello begins with byte 0x16), known without waiting for
 * more. */
static char *read_request_path(int fd, SSL *ssl, int *not_http)
{
	struct buf in = BUF_INIT;
	char chunk[1024];
	*not_http = 0;
	while (!strstr(buf_str(&in), "\r\n\r\n") && in.len < 16384) {
		long got = conn_read(fd, ssl, chunk, sizeof chunk);
		if (got <= 0)
			break;
		buf_append(&in, chunk, (size_t)got);
		if (!isupper((unsigned char)in.data[0])) { /* methods are upper-case letters */
			*not_http = 1;
			break;
		}
	}
	char *path = NULL;
	const char *sp = strchr(buf_str(&in), ' ');
	if (sp && strstr(buf_str(&in), "\r\n\r\n")) {
		const char *end = strchr(sp + 1, ' ');
		if (end)
			path = xstrndup(sp + 1, (size_t)(end - sp - 1));
	}
	buf_free(&in);
	return path;
}

static void serve_conn(struct probe_srv *s, int fd)
{
	/* A bound for a client that connects and never speaks; the probes
	 * close their end at their own deadline, which ends a read at once.
	 * Generous: a sanitizer build on a loaded machine may take seconds
	 * between its connect and its first bytes. */
	struct timeval tv = { 60, 0 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
	SSL *ssl = NULL;
	if (s->mode == PROBE_SRV_TLS) {
		ssl = SSL_new(s->ssl_ctx);
		if (!ssl || SSL_set_fd(ssl, fd) != 1 || SSL_accept(ssl) != 1) {
			SSL_free(ssl);
			return;
		}
	}
	int not_http;
	char *path = read_request_path(fd, ssl, &not_http);
	if (not_http) {
		static const char bad[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n"
					  "Connection: close\r\n\r\n";
		conn_write(fd, ssl, bad, sizeof bad - 1);
	} else if (path) {
		long status = 403;
		const char *reason = "Forbidden";
		if (!strcmp(path, "/minio/health/live")) {
			status = 200;
			reason = "OK";
		} else if (!strcmp(path, "/minio/health/ready")) {
			status = 503;
			reason = "Service Unavailable";
		}
		char date[64];
		http_date(s->date_offset, date, sizeof date);
		char *resp = xasprintf("HTTP/1.1 %ld %s\r\nDate: %s\r\nServer: probe-test\r\n"
				       "Content-Length: 0\r\nConnection: close\r\n\r\n",
				       status, reason, date);
		conn_write(fd, ssl, resp, strlen(resp));
		free(resp);
		free(path);
		s->requests++;
	}
	if (ssl) {
		SSL_shutdown(ssl);
		SSL_free(ssl);
	}
}

static void *srv_main(void *arg)
{
	struct probe_srv *s = arg;
	for (;;) {
		struct pollfd p[2] = { { s->listen_fd, POLLIN, 0 }, { s->stop_pipe[0], POLLIN, 0 } };
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (p[1].revents)
			break;
		if (!(p[0].revents & POLLIN))
			continue;
		int fd = accept(s->listen_fd, NULL, NULL);
		if (fd < 0)
			continue;
		if (s->mode == PROBE_SRV_SILENT && s->n_held < sizeof s->held / sizeof s->held[0]) {
			s->held[s->n_held++] = fd; /* accepted, never answered */
			continue;
		}
		if (s->mode != PROBE_SRV_SILENT)
			serve_conn(s, fd);
		close(fd);
	}
	return NULL;
}

static void *make_server_ctx(const char *cert, const char *key)
{
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (!ctx || SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		SSL_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

int probe_srv_start(struct probe_srv *s, enum probe_srv_mode mode, const char *cert,
		    const char *key, long date_offset)
{
	memset(s, 0, sizeof *s);
	s->mode = mode;
	s->date_offset = date_offset;
	if (mode == PROBE_SRV_TLS && !(s->ssl_ctx = make_server_ctx(cert, key)))
		return -1;
	s->listen_fd = listen_socket(&s->port, 16);
	if (s->listen_fd < 0 || pipe(s->stop_pipe) != 0) {
		if (s->listen_fd >= 0)
			close(s->listen_fd);
		SSL_CTX_free(s->ssl_ctx);
		return -1;
	}
	if (pthread_create(&s->thread, NULL, srv_main, s) != 0) {
		close(s->listen_fd);
		close(s->stop_pipe[0]);
		close(s->stop_pipe[1]);
		SSL_CTX_free(s->ssl_ctx);
		return -1;
	}
	s->running = 1;
	return 0;
}

void probe_srv_stop(struct probe_srv *s)
{
	if (!s->running)
		return;
	if (write(s->stop_pipe[1], "x", 1) != 1) {
		/* cannot happen with an open pipe; join would then hang */
	}
	pthread_join(s->thread, NULL);
	for (size_t i = 0; i < s->n_held; i++)
		close(s->held[i]);
	close(s->listen_fd);
	close(s->stop_pipe[0]);
	close(s->stop_pipe[1]);
	SSL_CTX_free(s->ssl_ctx);
	s->running = 0;
}

int probe_srv_full_backlog(int *fds, size_t *n_fds)
{
	int port = -1;
	*n_fds = 0;
	int l = listen_socket(&port, 0);
	if (l < 0)
		return -1;
	fds[(*n_fds)++] = l;
	struct sockaddr_in a;
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = htons((unsigned short)port);
	for (int i = 0; i < 8; i++) {
		int c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (c < 0)
			return -1;
		fds[(*n_fds)++] = c;
		if (connect(c, (struct sockaddr *)&a, sizeof a) == 0)
			continue;
		struct pollfd p = { c, POLLOUT, 0 };
		/* A loopback handshake takes microseconds; a second of silence
		 * means the SYN was dropped: the queue is full. */
		if (errno == EINPROGRESS && poll(&p, 1, 1000) == 0)
			return port;
	}
	return -1;
}

int probe_run_cmd(char *const argv[], const char *log_path)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(log_path ? log_path : "/dev/null", O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int probe_make_cert(const char *dir, const char *name, const char *cn, const char *san, int days,
		    char **cert_path, char **key_path)
{
	char *cert = xasprintf("%s/%s.crt", dir, name);
	char *key = xasprintf("%s/%s.key", dir, name);
	char *subj = xasprintf("/CN=%s", cn);
	char *ext = xasprintf("subjectAltName=%s", san);
	char *ndays = xasprintf("%d", days);
	char *log = xasprintf("%s/openssl.log", dir);
	char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
			 "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
			 "-days", ndays, "-subj", subj, "-addext", ext, NULL };
	int rc = probe_run_cmd(argv, log);
	free(subj);
	free(ext);
	free(ndays);
	free(log);
	if (rc != 0) {
		free(cert);
		free(key);
		return -1;
	}
	*cert_path = cert;
	*key_path = key;
	return 0;
}

static int add_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	int ok = e && X509_add_ext(x, e, -1) == 1;
	X509_EXTENSION_free(e);
	return ok ? 0 : -1;
}

static int write_expired(EVP_PKEY *pkey, const char *cn, const char *path)
{
	X509 *x = X509_new();
	X509_NAME *name = x ? X509_get_subject_name(x) : NULL;
	int ok = name && X509_set_version(x, 2) == 1 &&
		 ASN1_INTEGER_set(X509_get_serialNumber(x), 7) == 1 &&
		 X509_gmtime_adj(X509_getm_notBefore(x), -10L * 86400) &&
		 X509_gmtime_adj(X509_getm_notAfter(x), -86400L) && X509_set_pubkey(x, pkey) == 1 &&
		 X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1,
					    -1, 0) == 1 &&
		 X509_set_issuer_name(x, name) == 1 &&
		 add_ext(x, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1") == 0 &&
		 add_ext(x, NID_basic_constraints, "critical,CA:TRUE") == 0 &&
		 X509_sign(x, pkey, EVP_sha256()) > 0;
	FILE *out = ok ? fopen(path, "w") : NULL;
	ok = out && PEM_write_X509(out, x) == 1;
	if (out && fclose(out) != 0)
		ok = 0;
	X509_free(x);
	return ok ? 0 : -1;
}

int probe_make_expired_cert(const char *dir, const char *key_path, const char *cn,
			    char **cert_path)
{
	FILE *f = fopen(key_path, "r");
	if (!f)
		return -1;
	EVP_PKEY *pkey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!pkey)
		return -1;
	char *path = xasprintf("%s/expired.crt", dir);
	int rc = write_expired(pkey, cn, path);
	EVP_PKEY_free(pkey);
	if (rc != 0) {
		free(path);
		return -1;
	}
	*cert_path = path;
	return 0;
}

long long probe_cert_not_after(const char *cert_path)
{
	FILE *f = fopen(cert_path, "r");
	if (!f)
		return -1;
	X509 *x = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	long long t = -1;
	if (x && ASN1_TIME_to_tm(X509_get0_notAfter(x), &tm) == 1)
		t = (long long)timegm(&tm);
	X509_free(x);
	return t;
}
