/* The scripted HTTP stub (see http_stub.h): a poll() loop over the
 * listening socket and its connections, one script entry per request. */
#include "config.h"
#include "http_stub.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/xalloc.h"

#define MAX_CONNS 32

struct conn {
	int fd;
	int hung;
	struct buf in;
};

struct stub {
	const char *const *script;
	size_t n, next;
	FILE *log;
	unsigned connects;
};

int http_stub_listen(int *port)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0 };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t len = sizeof a;
	if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

int http_stub_unused_port(void)
{
	int port = 0;
	int fd = http_stub_listen(&port);
	if (fd < 0)
		return -1;
	close(fd);
	return port;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* the client went away (e.g. it hit its body cap) */
		p += w;
		n -= (size_t)w;
	}
}

static void respond(int fd, long status, const char *extra_headers, const char *body, size_t len)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "HTTP/1.1 %ld Stub\r\nContent-Length: %zu\r\n", status, len);
	if (len)
		buf_puts(&b, "Content-Type: application/xml\r\n");
	buf_puts(&b, extra_headers);
	buf_puts(&b, "\r\n");
	write_all(fd, b.data, b.len);
	write_all(fd, body, len);
	buf_free(&b);
}

static void respond_big(int fd, long status, size_t n)
{
	char *body = xmalloc(n ? n : 1);
	memset(body, 'x', n);
	respond(fd, status, "", body, n);
	free(body);
}

/* "STATUS BODY", or "STATUS\nName: v\nName: v\n\nBODY" */
static void respond_entry(int fd, const char *e)
{
	char *end;
	long status = strtol(e, &end, 10);
	struct buf hdr = BUF_INIT;
	if (*end == '\n') {
		const char *h = end + 1, *stop = strstr(h, "\n\n");
		if (!stop)
			stop = h + strlen(h);
		for (const char *p = h; p < stop;) {
			size_t len = strcspn(p, "\n");
			if (p + len > stop)
				len = (size_t)(stop - p);
			buf_printf(&hdr, "%.*s\r\n", (int)len, p);
			p += len + 1;
		}
		end = (char *)(*stop ? stop + 2 : stop);
	} else if (*end == ' ') {
		end++;
	}
	respond(fd, status, buf_str(&hdr), end, strlen(end));
	buf_free(&hdr);
}

static size_t content_length(const char *head)
{
	for (const char *p = head; (p = strchr(p, '\n')); ) {
		p++;
		if (strncasecmp(p, "Content-Length:", 15) == 0)
			return (size_t)strtoul(p + 15, NULL, 10);
	}
	return 0;
}

/* A routed entry "~METHOD TEXT\nENTRY" answers every request whose method is
 * METHOD and whose request target contains TEXT (the first such entry
 * wins), whatever the order requests arrive in: for concurrent requests.
 * Returns ENTRY, or NULL. */
static const char *route(const struct stub *st, const char *req)
{
	size_t mlen = strcspn(req, " "), tlen = strcspn(req + mlen + (req[mlen] == ' '), " \r\n");
	const char *target = req + mlen + (req[mlen] == ' ');
	for (size_t i = 0; i < st->n; i++) {
		const char *e = st->script[i];
		if (e[0] != '~')
			continue;
		const char *nl = strchr(e, '\n'), *sp = strchr(e, ' ');
		if (!nl || !sp || sp > nl || (size_t)(sp - e - 1) != mlen || strncmp(e + 1, req, mlen) != 0)
			continue;
		char *text = xstrndup(sp + 1, (size_t)(nl - sp - 1));
		char *t = xstrndup(target, tlen);
		int hit = strstr(t, text) != NULL;
		free(text);
		free(t);
		if (hit)
			return nl + 1;
	}
	return NULL;
}

/* Handles every complete request in c->in. Returns -1 when c must close. */
static int serve_requests(struct stub *st, struct conn *c)
{
	for (;;) {
		const char *data = buf_str(&c->in);
		const char *eoh = strstr(data, "\r\n\r\n");
		if (!eoh)
			return 0;
		size_t head = (size_t)(eoh - data) + 4, body = content_length(data);
		if (c->in.len < head + body)
			return 0;
		if (st->log) {
			fprintf(st->log, "%.*sBODY %zu\n", (int)(head - 2), data, body);
			fwrite(data + head, 1, body, st->log);
			fputs("\n", st->log);
			fflush(st->log);
		}
		const char *e = route(st, data);
		if (!e) {
			while (st->next < st->n && st->script[st->next][0] == '~')
				st->next++; /* routed entries are not in the sequence */
			e = st->next < st->n ? st->script[st->next++] : "500 stub script exhausted";
		}
		memmove(c->in.data, c->in.data + head + body, c->in.len - head - body);
		buf_truncate(&c->in, c->in.len - head - body);
		if (c->hung)
			continue;
		if (!strcmp(e, "hang"))
			c->hung = 1;
		else if (!strcmp(e, "close"))
			return -1;
		else if (!strncmp(e, "big:", 4))
			respond_big(c->fd, 200, (size_t)strtoul(e + 4, NULL, 10));
		else if (!strncmp(e, "bigerr:", 7))
			respond_big(c->fd, 500, (size_t)strtoul(e + 7, NULL, 10));
		else
			respond_entry(c->fd, e);
	}
}

static void accept_one(struct stub *st, int lfd, struct conn *conns, size_t *n)
{
	int fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		return;
	if (*n >= MAX_CONNS) {
		close(fd);
		return;
	}
	st->connects++;
	if (st->log) {
		fprintf(st->log, "CONNECT %u\n", st->connects);
		fflush(st->log);
	}
	conns[*n].fd = fd;
	conns[*n].hung = 0;
	buf_free(&conns[*n].in);
	(*n)++;
}

void http_stub_serve(int lfd, const char *const *script, size_t n, const char *log_path)
{
	struct stub st = { .script = script, .n = n };
	struct conn conns[MAX_CONNS];
	size_t nc = 0;
	memset(conns, 0, sizeof conns);
	signal(SIGPIPE, SIG_IGN);
	if (log_path)
		st.log = fopen(log_path, "w");
	for (;;) {
		struct pollfd p[MAX_CONNS + 1];
		p[0].fd = lfd;
		p[0].events = POLLIN;
		for (size_t i = 0; i < nc; i++) {
			p[i + 1].fd = conns[i].fd;
			p[i + 1].events = POLLIN;
		}
		if (poll(p, nc + 1, -1) < 0 && errno != EINTR)
			_exit(1);
		for (size_t i = nc; i-- > 0;) {
			if (!(p[i + 1].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			char tmp[65536];
			ssize_t r = read(conns[i].fd, tmp, sizeof tmp);
			if (r > 0)
				buf_append(&conns[i].in, tmp, (size_t)r);
			if (r <= 0 || serve_requests(&st, &conns[i]) != 0) {
				close(conns[i].fd);
				buf_free(&conns[i].in);
				conns[i] = conns[--nc];
				memset(&conns[nc], 0, sizeof conns[nc]);
			}
		}
		if (p[0].revents & POLLIN)
			accept_one(&st, lfd, conns, &nc);
	}
}

int http_stub_start(struct http_stub *s, const char *const *script, size_t n, const char *log_path)
{
	int lfd = http_stub_listen(&s->port);
	if (lfd < 0)
		return -1;
	fflush(NULL);
	s->pid = fork();
	if (s->pid < 0) {
		close(lfd);
		return -1;
	}
	if (s->pid == 0) {
		alarm(120); /* never outlive a stuck test */
		http_stub_serve(lfd, script, n, log_path);
	}
	close(lfd);
	return 0;
}

void http_stub_stop(struct http_stub *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
	s->pid = 0;
}
