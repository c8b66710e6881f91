/* The instance's Python dependencies: the `s3` extra of invenio-app-rdm,
 * without which the app cannot import invenio_s3. The cookiecutter writes
 * it in the Pipfile (v13: `invenio-app-rdm = {extras = ["opensearch2",
 * "s3"], version = "~=13.0.0"}`) or, for an instance run with uv, in
 * pyproject.toml's [project] dependencies
 * (`"invenio-app-rdm[opensearch2,s3]~=14.0.0"`).
 *
 * Only that requirement is read and edited, as text: the extra is spliced
 * into it in the file's own style (quote character, separator), every
 * other byte stays. Forms rdm-s3 does not read (a multi-line inline table,
 * a [packages.invenio-app-rdm] table, a requirement built elsewhere) are
 * refused with file:line and the line to write by hand. Nothing here
 * touches the disk. */
#ifndef RDM_INSTANCE_DEPS_H
#define RDM_INSTANCE_DEPS_H
#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

#define DEPS_APP_PACKAGE "invenio-app-rdm"
#define DEPS_PIPFILE_NAME "Pipfile"
#define DEPS_PYPROJECT_NAME "pyproject.toml"

enum deps_kind {
	DEPS_NONE = 0,
	DEPS_PIPFILE,    /* pipenv: [packages] of the Pipfile */
	DEPS_PYPROJECT,  /* uv: [project] dependencies of pyproject.toml */
};

/* Whether the requirement of pkg in data asks for extra: 1 yes, 0 no,
 * -1 the requirement is not there in a form read here (err says where and
 * what to write by hand). file names the file in messages. */
int deps_has_extra(enum deps_kind kind, const char *file, const char *data, size_t len, const char *pkg,
		   const char *extra, struct rdm_error *err);
/* out = data with extra added to pkg's requirement. 1 changed, 0 already
 * there (out = data), -1 error (out empty). */
int deps_add_extra(enum deps_kind kind, const char *file, const char *data, size_t len, const char *pkg,
		   const char *extra, struct buf *out, struct rdm_error *err);

#endif
