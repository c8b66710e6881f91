/* Where a setting's value came from, so that every screen and message can
 * say "S3_SECRET_ACCESS_KEY comes from .env line 4". Shared by the readers of
 * docker-services.yml, invenio.cfg, .env and .invenio. */
#ifndef RDM_INSTANCE_ORIGIN_H
#define RDM_INSTANCE_ORIGIN_H

enum inst_origin_kind {
	INST_ORIGIN_NONE = 0, /* not set anywhere */
	INST_ORIGIN_FILE,     /* file:line (file relative to the instance folder) */
	INST_ORIGIN_ENV,      /* the process environment: env_name */
	INST_ORIGIN_DEFAULT,  /* a built-in default (upstream's or rdm-s3's) */
};

struct inst_origin {
	enum inst_origin_kind kind;
	char *file;     /* "docker-services.yml"; owned; NULL unless FILE */
	unsigned line;  /* 1-based line of the value; 0 unknown */
	char *env_name; /* "INVENIO_S3_ACCESS_KEY_ID"; owned; NULL unless ENV */
};

/* "docker-services.yml:57", "environment variable INVENIO_S3_ENDPOINT_URL",
 * "default" or "not set" (newly allocated). */
char *inst_origin_describe(const struct inst_origin *o);
void inst_origin_set_file(struct inst_origin *o, const char *file, unsigned line);
void inst_origin_set_env(struct inst_origin *o, const char *name);
void inst_origin_copy(struct inst_origin *dst, const struct inst_origin *src);
void inst_origin_clear(struct inst_origin *o);

#endif
