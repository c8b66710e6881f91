/* Address lists and the threaded resolver. getaddrinfo() blocks for as long
 * as the system resolver likes (timeouts × attempts × name servers), so it
 * runs in a detached thread: the probe polls a pipe and gives up at its
 * deadline. The state is shared by the caller and the thread and freed by
 * whichever lets go last, so an abandoned lookup neither leaks nor writes
 * into freed memory. */
#include "config.h"
#include "s3/probe/probe_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

struct probe_resolver {
	pthread_mutex_t lock;
	int refs;        /* 2 while the caller and the thread both hold it */
	int caller_gone; /* the caller released it: nobody reads the pipe */
	int done;
	char *host;
	char port[16];
	int pipe_r, pipe_w;
	int gai, sys_errno;
	struct addrinfo *ai;
};

int probe_host_is_ip(const char *host)
{
	unsigned char tmp[sizeof(struct in6_addr)];
	return inet_pton(AF_INET, host, tmp) == 1 || inet_pton(AF_INET6, host, tmp) == 1;
}

void probe_addrs_add_ai(struct probe_addrs *a, const struct addrinfo *ai)
{
	for (; ai; ai = ai->ai_next) {
		if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
		    ai->ai_addrlen > sizeof(struct sockaddr_storage))
			continue;
		char text[INET6_ADDRSTRLEN];
		const void *bin = ai->ai_family == AF_INET
					  ? (const void *)&((const struct sockaddr_in *)ai->ai_addr)->sin_addr
					  : (const void *)&((const struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
		if (!inet_ntop(ai->ai_family, bin, text, sizeof text))
			continue;
		a->v = xrealloc(a->v, (a->n + 1) * sizeof *a->v);
		struct probe_addr *p = &a->v[a->n++];
		memset(p, 0, sizeof *p);
		memcpy(&p->sa, ai->ai_addr, ai->ai_addrlen);
		p->len = ai->ai_addrlen;
		p->text = xstrdup(text);
	}
}

int probe_addrs_numeric(const char *const *texts, unsigned port, struct probe_addrs *a)
{
	char service[16];
	snprintf(service, sizeof service, "%u", port);
	struct addrinfo hints;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	for (size_t i = 0; texts && texts[i]; i++) {
		struct addrinfo *ai = NULL;
		if (getaddrinfo(texts[i], service, &hints, &ai) != 0)
			continue; /* not a literal: never a lookup here */
		probe_addrs_add_ai(a, ai);
		freeaddrinfo(ai);
	}
	return a->n ? 0 : -1;
}

void probe_addrs_free(struct probe_addrs *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i].text);
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

char *probe_addr_with_port(const struct probe_addr *a, unsigned port)
{
	if (a->sa.ss_family == AF_INET6)
		return xasprintf("[%s]:%u", a->text, port);
	return xasprintf("%s:%u", a->text, port);
}

enum probe_error probe_gai_error(int gai)
{
	switch (gai) {
	case 0:
		return PROBE_OK;
	case EAI_NONAME:
#ifdef EAI_NODATA
	case EAI_NODATA:
#endif
#ifdef EAI_ADDRFAMILY
	case EAI_ADDRFAMILY:
#endif
		return PROBE_ERR_DNS_NOT_FOUND;
	case EAI_AGAIN:
		return PROBE_ERR_DNS_TEMPORARY;
	default:
		return PROBE_ERR_DNS;
	}
}

static void resolver_destroy(struct probe_resolver *r)
{
	if (r->ai)
		freeaddrinfo(r->ai);
	close(r->pipe_r);
	close(r->pipe_w);
	free(r->host);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

/* Drops one reference; the last one frees. Called with the lock held. */
static void resolver_unref_locked(struct probe_resolver *r)
{
	int last = --r->refs == 0;
	pthread_mutex_unlock(&r->lock);
	if (last)
		resolver_destroy(r);
}

static void *resolver_main(void *arg)
{
	struct probe_resolver *r = arg;
	struct addrinfo hints, *ai = NULL;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	int gai = getaddrinfo(r->host, r->port, &hints, &ai);
	int err = errno;
	pthread_mutex_lock(&r->lock);
	r->gai = gai;
	r->sys_errno = gai == EAI_SYSTEM ? err : 0;
	r->ai = gai == 0 ? ai : NULL;
	r->done = 1;
	/* The read end is open as long as the caller holds its reference, so
	 * this write cannot raise SIGPIPE; one byte never fills the pipe. */
	if (!r->caller_gone && write(r->pipe_w, "x", 1) < 0) {
		/* nothing to do: the caller also checks `done` on its deadline */
	}
	resolver_unref_locked(r);
	return NULL;
}

struct probe_resolver *probe_resolver_start(const char *host, unsigned port, int *fd)
{
	int p[2];
	if (pipe(p) != 0)
		return NULL;
	for (int i = 0; i < 2; i++)
		fcntl(p[i], F_SETFD, FD_CLOEXEC);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	struct probe_resolver *r = xcalloc(1, sizeof *r);
	pthread_mutex_init(&r->lock, NULL);
	r->refs = 2;
	r->host = xstrdup(host);
	snprintf(r->port, sizeof r->port, "%u", port);
	r->pipe_r = p[0];
	r->pipe_w = p[1];
	pthread_attr_t attr;
	pthread_t tid;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	int rc = pthread_create(&tid, &attr, resolver_main, r);
	pthread_attr_destroy(&attr);
	if (rc != 0) {
		resolver_destroy(r);
		return NULL;
	}
	*fd = r->pipe_r;
	return r;
}

int probe_resolver_result(struct probe_resolver *r, int *gai, int *sys_errno,
			  struct probe_addrs *out)
{
	pthread_mutex_lock(&r->lock);
	int done = r->done;
	if (done) {
		*gai = r->gai;
		*sys_errno = r->sys_errno;
		if (r->gai == 0)
			probe_addrs_add_ai(out, r->ai);
	}
	pthread_mutex_unlock(&r->lock);
	return done;
}

void probe_resolver_release(struct probe_resolver *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->caller_gone = 1;
	resolver_unref_locked(r);
}
