/* Local S3 servers for cmocka tests.
 *
 * ts_server_get() runs tests/servers/ensure.sh KIND, which starts the server
 * once per `make check` run and shares it with every other test (so use
 * unique bucket names), and reads what it prints plus its 0600 secrets file.
 * The last test of the run (tests/servers/stop-all.sh) stops the servers.
 *
 * Kinds: "minio" (signature-verifying; the server InvenioRDM ships),
 * "ceph" (Ceph RADOS Gateway: signature-verifying, bucket CORS, admin API),
 * "s3rver" (fast; checks the access key but NOT SigV4 signatures),
 * "s3rver-tls" (the same over HTTPS with a throw-away CA: ca_file).
 *
 * Link: add $(TEST_SERVER_SOURCES) to the test program's _SOURCES. */
#ifndef RDM_TESTS_TEST_SERVER_H
#define RDM_TESTS_TEST_SERVER_H

struct ts_server {
	char *kind;             /* the kind asked for */
	char *endpoint;         /* "http://127.0.0.1:PORT" ("https://" for s3rver-tls) */
	int port;
	char *region;           /* "us-east-1" (servers accept any signing region) */
	char *access_key;       /* MinIO: the root user; ceph: user "testuser"; moto: an IAM user's key */
	char *secret_key;       /* wiped by ts_server_free */
	char *admin_access_key; /* ceph only ("admin", caps users/buckets/...), else NULL */
	char *admin_secret_key; /* ceph only, else NULL; wiped by ts_server_free */
	char *ca_file;          /* s3rver-tls only: PEM of the CA that signed the server */
	char *ceph_conf;        /* ceph only: for radosgw-admin -c ... */
	char *iam_user;         /* moto only: the IAM user that owns access_key */
	char *state_dir;        /* logs under STATE_DIR/log */
	char *secrets_file;     /* 0600 file with SECRET_KEY= (and ADMIN_SECRET_KEY=) */
	/* On failure: */
	int status; /* ensure.sh exit status: 1 failed to start, 2 missing
		       dependency, 3 port in use, 64 usage; -1 not run */
	char *error;          /* one line saying why */
};

/* Get the shared server of this kind, starting it if needed. Returns 0 and
 * fills *out; or -1 with out->status and out->error set (ensure.sh's own
 * messages went to stderr, i.e. into the test's .log). Either way the caller
 * calls ts_server_free(out). Needs env top_srcdir (set by make check). */
int ts_server_get(const char *kind, struct ts_server *out);

/* The same with an explicit ensure script (for testing this helper). */
int ts_server_get_with(const char *ensure_script, const char *kind, struct ts_server *out);

/* Frees and wipes everything; *srv is zeroed. NULL-safe. */
void ts_server_free(struct ts_server *srv);

/* For cmocka test functions: get the server, or, when it cannot be started,
 * print a TAP diagnostic ("# ...") and skip() the test on a developer
 * machine — but fail_msg() when env CI=true (a skip must not hide a broken
 * server in CI). Does not return in those cases. */
void ts_server_require(const char *kind, struct ts_server *out);

/* Whether env CI says "true" (skips become failures). */
int ts_ci_strict(void);

#endif
