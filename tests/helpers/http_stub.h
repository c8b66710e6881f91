/* A scripted HTTP/1.1 server on 127.0.0.1 for transport-fault tests. It runs
 * in a child process (started and stopped by PID), answers each request it
 * reads with the next entry of its script, and writes what it saw to a log
 * file so tests can check what was sent on the wire.
 *
 * Script entries, one per request, in order:
 *   "hang"          read the request, never answer (keeps the connection)
 *   "close"         read the request, close the connection without answering
 *   "big:N"         200 with an N-byte body
 *   "bigerr:N"      500 with an N-byte body
 *   "STATUS BODY"   e.g. "503 <Error><Code>SlowDown</Code></Error>" (XML
 *                   content type; BODY may be empty), or with headers:
 *                   "STATUS\nName: value\nName: value\n\nBODY".
 *   "~METHOD TEXT\nENTRY"  routed: answers every request with that method
 *                   whose target contains TEXT with ENTRY (any of the forms
 *                   above), in any order and as often as asked; these
 *                   entries are not part of the sequence.
 * After the script, every request gets "500 stub script exhausted".
 * The log has one line per accepted connection ("CONNECT n") and the request
 * line plus headers of each request, (each line ending in CRLF as sent), then "BODY <len>" and the body bytes on
 * a line of their own. */
#ifndef RDM_TESTS_HTTP_STUB_H
#define RDM_TESTS_HTTP_STUB_H
#include <stddef.h>
#include <sys/types.h>

struct http_stub {
	pid_t pid;
	int port;
};

/* Starts the child; returns 0, or -1 (nothing left running). log_path may
 * be NULL. The child exits by itself after 120 s at the latest. */
int http_stub_start(struct http_stub *s, const char *const *script, size_t n, const char *log_path);
void http_stub_stop(struct http_stub *s);

/* Runs the server loop in this process on an already listening socket
 * (used by the child and by the stand-alone program). Never returns. */
void http_stub_serve(int listen_fd, const char *const *script, size_t n, const char *log_path)
	__attribute__((noreturn));

/* A listening socket on 127.0.0.1 with a kernel-chosen port; -1 on error. */
int http_stub_listen(int *port);

/* A free port with nothing listening (for "connection refused"): bound,
 * then closed, so nothing answers it. */
int http_stub_unused_port(void);

#endif
