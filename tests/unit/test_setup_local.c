/* Switching a local-storage instance to S3 (issue 16), without a server:
 * the survey of tests/data/setup/local/instance (where the files are, how
 * many, the containers' volume, the s3 extra, the words shown before any
 * question); the plan built offline, byte-compared with the plan for its
 * S3 twin (the same instance as the cookiecutter's S3 render has it): every
 * file the same but the app containers' data volumes that the switch keeps;
 * --storage other adds no service; the uv variant edits pyproject.toml; the
 * editors underneath (Pipfile/pyproject extras, a compose service added to
 * files of other layouts, the invenio.cfg block placed without the
 * template's anchor). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "instance/compose/compose.h"
#include "instance/deps/deps.h"
#include "ops/setup/setup.h"
#include "test_plan_util.h"
#include "util/xalloc.h"

static char *data_path(const char *rel)
{
	const char *d = getenv("RDM_S3_TEST_DATA");
	const char *top = getenv("top_srcdir");
	return d ? xasprintf("%s/%s", d, rel) : xasprintf("%s/tests/data/%s", top ? top : ".", rel);
}

/* A scratch copy of fixture `name` (instance, s3); its instance path holds
 * `files` uploaded files. */
static char *copy_fixture(const char *name, int files)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	char *src = data_path(name), *dir = tu_scratch(base);
	tu_copy_dir(src, dir);
	char *var = xasprintf("%s.var", dir), *priv = tu_join(dir, ".invenio.private");
	tu_remove_tree(var);
	char *data = xasprintf("%s/data/0a/bc", var);
	tu_run(NULL, (char *const[]){ "mkdir", "-p", data, NULL });
	for (int i = 0; i < files; i++) {
		char *p = xasprintf("%s/f%d", data, i);
		tu_write(p, "x", 0644);
		free(p);
	}
	char *text = xasprintf("[cli]\nservices_setup = True\ninstance_path = %s\n", var);
	tu_write(priv, text, 0644);
	free(text);
	free(data);
	free(priv);
	free(var);
	free(src);
	return dir;
}

static void survey(const char *dir, struct setup_survey *sv)
{
	struct rdm_error err = RDM_ERROR_INIT;
	if (setup_survey_read(dir, (char *[]){ NULL }, sv, &err) != 0)
		fail_msg("survey of %s: %s", dir, err.message);
}

static void survey_of_a_local_instance(void **state)
{
	(void)state;
	char *dir = copy_fixture("setup/local/instance", 3);
	struct setup_survey sv;
	survey(dir, &sv);
	const struct setup_local *l = &sv.local;
	assert_true(l->is_local);
	assert_true(l->ini_local);
	assert_false(sv.uses_invenio_s3);
	assert_null(sv.service);
	assert_int_equal(sv.kind, SETUP_STORAGE_MINIO); /* the cookiecutter's S3 choice */
	assert_string_equal(l->service_endpoint, "http://localhost:9000");
	char *folder = xasprintf("%s.var/data", dir);
	assert_string_equal(l->folder, folder);
	assert_int_equal(l->n_files, 3);
	assert_string_equal(l->volume, "uploaded_data");
	assert_int_equal(l->deps, SETUP_DEPS_PIPFILE);
	assert_false(l->deps_have_s3);
	assert_string_equal(l->install_command, "pipenv lock && pipenv sync");
	char *found = xasprintf("files are stored locally in %s; 3 files; in containers, in the volume "
				"uploaded_data (/opt/invenio/var/instance/data)", folder);
	assert_string_equal(l->found, found);
	assert_int_equal(l->n_meaning, 4);
	assert_non_null(strstr(l->meaning[0], "keep their local paths"));
	assert_non_null(strstr(l->meaning[3], "`pipenv lock && pipenv sync`"));
	assert_non_null(strstr(l->migrate, "migrate_file.delay(str(f.id), \"s3-default\", post_fixity_check=True)"));
	assert_non_null(strstr(l->migrate, "pipenv run invenio shell"));
	free(found);
	free(folder);
	setup_survey_free(&sv);
	/* One file, and a folder that is not there. */
	char *one = copy_fixture("setup/local/instance", 1);
	survey(one, &sv);
	assert_non_null(strstr(sv.local.found, "; 1 file;"));
	setup_survey_free(&sv);
	char *var = xasprintf("%s.var", one);
	tu_remove_tree(var);
	survey(one, &sv);
	assert_int_equal(sv.local.n_files, -1);
	assert_non_null(strstr(sv.local.found, "the number of files is unknown"));
	setup_survey_free(&sv);
	/* The S3 twin and the S3 sample are not local. */
	char *twin = copy_fixture("setup/local/s3", 0);
	survey(twin, &sv);
	assert_false(sv.local.is_local);
	assert_null(sv.local.found);
	assert_string_equal(sv.service, "s3");
	setup_survey_free(&sv);
	tu_remove_tree(var);
	free(var);
	tu_remove_tree(twin);
	tu_remove_tree(one);
	tu_remove_tree(dir);
	free(twin);
	free(one);
	free(dir);
}

static void plan_for(const char *dir, enum setup_storage kind, struct setup_survey *sv, struct change *c,
		     struct setup_resolved *res)
{
	struct setup_draft d;
	struct setup_opts o = { .probe = 0, .verify = 1 };
	struct rdm_error err = RDM_ERROR_INIT;
	survey(dir, sv);
	setup_draft_init(&d);
	d.storage = kind;
	if (kind == SETUP_STORAGE_OTHER) {
		setup_draft_set(&d.endpoint, "https://rgw.example.org");
		setup_draft_set(&d.access_key_id, "AKIDEXAMPLE");
	}
	setup_draft_defaults(&d, sv);
	setup_draft_set_secret(&d, "A-Long-Test-Secret-0123456789");
	if (setup_plan_build(&d, sv, &o, c, res, &err) != 0)
		fail_msg("plan of %s: %s", dir, err.message);
	setup_draft_free(&d);
}

static char *titles(const struct change *c)
{
	struct change_review r;
	struct buf t = BUF_INIT;
	change_review_build(c, &r);
	for (size_t i = 0; i < r.n_steps; i++)
		buf_printf(&t, "%s|", r.steps[i].text.title);
	change_review_free(&r);
	return buf_detach(&t);
}

/* docker-compose.full.yml as the S3 render has it: the local one without
 * the app containers' data volumes (the lines the switch keeps). */
static char *without_app_volumes(const char *text)
{
	struct buf b = BUF_INIT;
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n") + (p[strcspn(p, "\n")] == '\n');
		int drop = (!strncmp(p, "      - uploaded_data:", 22) || !strncmp(p, "      - archived_data:", 22) ||
			    !strncmp(p, "  uploaded_data:", 16) || !strncmp(p, "  archived_data:", 16));
		/* a `volumes:` left with nothing under it (web-api, worker) */
		if (!strncmp(p, "    volumes:\n", 13) && (!strncmp(p + 13, "      - uploaded_data:", 22)))
			drop = strncmp(p + 13 + strcspn(p + 13, "\n") + 1, "      - archived_data:", 22) == 0 ||
			       strncmp(p + 13 + strcspn(p + 13, "\n") + 1, "    depends_on:", 15) == 0;
		if (!drop)
			buf_append(&b, p, n);
		p += n;
	}
	return buf_detach(&b);
}

static void same_files_as_the_s3_twin(void **state)
{
	(void)state;
	char *local = copy_fixture("setup/local/instance", 0), *twin = copy_fixture("setup/local/s3", 0);
	struct setup_survey lsv, tsv;
	struct change lc, tc;
	struct setup_resolved lres, tres;
	plan_for(local, SETUP_STORAGE_MINIO, &lsv, &lc, &lres);
	plan_for(twin, SETUP_STORAGE_MINIO, &tsv, &tc, &tres);
	char *t = titles(&lc);
	assert_string_equal(t, "write 8 files|start MinIO (new service s3)|create bucket default|"
			       "create the files location s3-default|verify with the health checks|");
	free(t);
	assert_string_equal(lres.endpoint, "http://localhost:9000"); /* the twin keeps its trailing slash */
	assert_string_equal(lres.restart_command, "docker compose --file docker-compose.yml up -d s3");
	for (size_t i = 0; i < lc.files.n_files; i++) {
		const struct plan_file *lf = &lc.files.files[i];
		const struct plan_file *tf = plan_find(&tc.files, lf->rel);
		char *path = tu_join(twin, lf->rel), *want = tf ? xstrdup(buf_str(&tf->new_data)) : tu_read(path);
		char *got = xstrdup(buf_str(&lf->new_data));
		if (!strcmp(lf->rel, "docker-compose.full.yml")) {
			char *s3 = without_app_volumes(got);
			assert_string_equal(s3, want);
			free(s3);
			/* and the local volumes are all still there */
			assert_non_null(strstr(got, "      - static_data:/opt/invenio/var/instance/static\n"
						    "      - uploaded_data:/opt/invenio/var/instance/data\n"
						    "      - archived_data:/opt/invenio/var/instance/archive\n"));
			assert_non_null(strstr(got, "  static_data:\n  uploaded_data:\n  archived_data:\n  data:\n"));
		} else {
			if (strcmp(got, want))
				fail_msg("%s differs from the S3 twin's:\n%s\n---- twin:\n%s", lf->rel, got, want);
		}
		free(got);
		free(want);
		free(path);
	}
	/* every file the twin's plan writes, the local plan writes too */
	for (size_t i = 0; i < tc.files.n_files; i++)
		assert_non_null(plan_find(&lc.files, tc.files.files[i].rel));
	change_free(&lc);
	change_free(&tc);
	setup_resolved_free(&lres);
	setup_resolved_free(&tres);
	setup_survey_free(&lsv);
	setup_survey_free(&tsv);
	tu_remove_tree(local);
	tu_remove_tree(twin);
	free(local);
	free(twin);
}

static void other_adds_no_service(void **state)
{
	(void)state;
	char *local = copy_fixture("setup/local/instance", 0), *twin = copy_fixture("setup/local/s3", 0);
	struct setup_survey lsv, tsv;
	struct change lc, tc;
	struct setup_resolved lres, tres;
	plan_for(local, SETUP_STORAGE_OTHER, &lsv, &lc, &lres);
	plan_for(twin, SETUP_STORAGE_OTHER, &tsv, &tc, &tres);
	char *t = titles(&lc);
	assert_null(strstr(t, "MinIO"));
	free(t);
	assert_null(plan_find(&lc.files, "docker-compose.yml"));
	assert_null(plan_find(&lc.files, "docker-compose.full.yml"));
	const struct plan_file *svc = plan_find(&lc.files, "docker-services.yml");
	assert_non_null(svc);
	assert_null(strstr(buf_str(&svc->new_data), "\n  s3:"));
	/* invenio.cfg and the Python side as the twin's */
	static const char *const same[] = { "invenio.cfg", "Pipfile", ".invenio" };
	for (size_t i = 0; i < 3; i++) {
		const struct plan_file *lf = plan_find(&lc.files, same[i]), *tf = plan_find(&tc.files, same[i]);
		char *path = tu_join(twin, same[i]), *want = tf ? xstrdup(buf_str(&tf->new_data)) : tu_read(path);
		assert_non_null(lf);
		assert_string_equal(buf_str(&lf->new_data), want);
		free(want);
		free(path);
	}
	change_free(&lc);
	change_free(&tc);
	setup_resolved_free(&lres);
	setup_resolved_free(&tres);
	setup_survey_free(&lsv);
	setup_survey_free(&tsv);
	tu_remove_tree(local);
	tu_remove_tree(twin);
	free(local);
	free(twin);
}

static void rustfs_adds_its_service(void **state)
{
	(void)state;
	char *dir = copy_fixture("setup/local/instance", 0);
	struct setup_survey sv;
	struct change c;
	struct setup_resolved res;
	plan_for(dir, SETUP_STORAGE_RUSTFS, &sv, &c, &res);
	char *t = titles(&c);
	assert_non_null(strstr(t, "|start RustFS (new service s3)|"));
	free(t);
	const struct plan_file *svc = plan_find(&c.files, "docker-services.yml");
	assert_non_null(svc);
	const char *s = buf_str(&svc->new_data);
	assert_non_null(strstr(s, "\n  s3:\n    image: rustfs/rustfs:latest\n"));
	assert_non_null(strstr(s, "      RUSTFS_SECRET_KEY: ${RUSTFS_SECRET_KEY}\n"));
	assert_null(strstr(s, "MINIO_ROOT"));
	assert_non_null(plan_find(&c.files, "docker-compose.yml"));
	change_free(&c);
	setup_resolved_free(&res);
	setup_survey_free(&sv);
	tu_remove_tree(dir);
	free(dir);
}

static void uv_instance_edits_pyproject(void **state)
{
	(void)state;
	char *dir = copy_fixture("setup/local/instance", 0), *uv = data_path("setup/local/uv");
	char *pip = tu_join(dir, "Pipfile");
	unlink(pip);
	tu_copy_dir(uv, dir);
	struct setup_survey sv;
	struct change c;
	struct setup_resolved res;
	plan_for(dir, SETUP_STORAGE_MINIO, &sv, &c, &res);
	assert_int_equal(sv.runner, SETUP_RUNNER_UV);
	assert_int_equal(sv.local.deps, SETUP_DEPS_PYPROJECT);
	assert_string_equal(sv.local.install_command, "uv lock && uv sync");
	const struct plan_file *py = plan_find(&c.files, "pyproject.toml");
	assert_non_null(py);
	assert_non_null(strstr(buf_str(&py->new_data), "  \"invenio-app-rdm[opensearch2,s3]~=14.0.0\",\n"));
	assert_null(plan_find(&c.files, "Pipfile"));
	assert_non_null(strstr(res.location_command, "uv run --no-sync invenio files location create"));
	change_free(&c);
	setup_resolved_free(&res);
	setup_survey_free(&sv);
	tu_remove_tree(dir);
	free(pip);
	free(uv);
	free(dir);
}

static void a_local_minio_needs_a_secret(void **state)
{
	(void)state;
	char *dir = copy_fixture("setup/local/instance", 0);
	struct setup_survey sv;
	struct setup_draft d;
	struct setup_field_check fc;
	survey(dir, &sv);
	setup_draft_init(&d);
	setup_draft_defaults(&d, &sv);
	assert_int_equal(d.storage, SETUP_STORAGE_MINIO);
	assert_string_equal(d.access_key_id, "rdm-admin");
	assert_int_equal(setup_field_validate(&d, &sv, SETUP_F_STORAGE, &fc), SETUP_OK);
	setup_field_check_free(&fc);
	assert_int_equal(setup_field_validate(&d, &sv, SETUP_F_SECRET, &fc), SETUP_ERROR);
	assert_non_null(strstr(fc.message, "--generate"));
	setup_field_check_free(&fc);
	setup_draft_free(&d);
	setup_survey_free(&sv);
	tu_remove_tree(dir);
	free(dir);
}

/* --- the editors underneath -------------------------------------------- */
static void extra(enum deps_kind k, const char *in, const char *want)
{
	struct buf out = BUF_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	int rc = deps_add_extra(k, "F", in, strlen(in), DEPS_APP_PACKAGE, "s3", &out, &err);
	if (!want) {
		assert_int_equal(rc, -1);
		assert_non_null(err.remedy);
		rdm_error_clear(&err);
	} else {
		if (rc < 0)
			fail_msg("%s: %s", in, err.message);
		assert_int_equal(rc, strcmp(in, want) != 0);
		assert_string_equal(buf_str(&out), want);
		assert_int_equal(deps_has_extra(k, "F", want, strlen(want), DEPS_APP_PACKAGE, "s3", &err), 1);
	}
	buf_free(&out);
}

static void deps_extras(void **state)
{
	(void)state;
	const enum deps_kind P = DEPS_PIPFILE, Y = DEPS_PYPROJECT;
	extra(P, "[packages]\ninvenio-app-rdm = {extras = [\"opensearch2\"], version = \"~=13.0.0\"}\n",
	      "[packages]\ninvenio-app-rdm = {extras = [\"opensearch2\", \"s3\"], version = \"~=13.0.0\"}\n");
	extra(P, "[packages]\ninvenio-app-rdm = {extras = ['opensearch2',], version = '~=13.0'}\n",
	      "[packages]\ninvenio-app-rdm = {extras = ['opensearch2', 's3'], version = '~=13.0'}\n");
	extra(P, "[packages]\nInvenio_App_RDM = \"~=13.0.0\"  # pinned\n",
	      "[packages]\nInvenio_App_RDM = {extras = [\"s3\"], version = \"~=13.0.0\"}  # pinned\n");
	extra(P, "[packages]\ninvenio-app-rdm = {version = \"~=13.0.0\"}\r\nx = \"1\"\r\n",
	      "[packages]\ninvenio-app-rdm = {extras = [\"s3\"], version = \"~=13.0.0\"}\r\nx = \"1\"\r\n");
	extra(P, "[packages]\ninvenio-app-rdm = {extras = [\"s3\", \"opensearch2\"], version = \"*\"}\n",
	      "[packages]\ninvenio-app-rdm = {extras = [\"s3\", \"opensearch2\"], version = \"*\"}\n");
	/* only [packages] counts */
	extra(P, "[dev-packages]\ninvenio-app-rdm = \"*\"\n", NULL);
	extra(P, "[packages]\ninvenio-app-rdm = {extras = [\n  \"opensearch2\"], version = \"*\"}\n", NULL);
	extra(P, "[packages.invenio-app-rdm]\nversion = \"*\"\n", NULL);
	extra(Y, "[project]\ndependencies = [\n  \"invenio-app-rdm[opensearch2]~=14.0.0\",\n]\n",
	      "[project]\ndependencies = [\n  \"invenio-app-rdm[opensearch2,s3]~=14.0.0\",\n]\n");
	extra(Y, "[project]\nname = \"x\"\ndependencies = [ # the app\n  'uwsgi>=2', 'invenio-app-rdm>=14' ]\n",
	      "[project]\nname = \"x\"\ndependencies = [ # the app\n  'uwsgi>=2', 'invenio-app-rdm[s3]>=14' ]\n");
	extra(Y, "[project]\ndependencies = [\"invenio-app-rdm[ s3 , opensearch2 ]==14.0.1\"]\n",
	      "[project]\ndependencies = [\"invenio-app-rdm[ s3 , opensearch2 ]==14.0.1\"]\n");
	extra(Y, "[tool.x]\ndependencies = [\"invenio-app-rdm\"]\n", NULL);
	extra(Y, "[project]\ndependencies = [\"invenio-app-rdm-extra>=1\"]\n", NULL);
}

static char *add_service(const char *in, const char *after)
{
	struct compose_doc *doc = NULL;
	struct compose_edit e = COMPOSE_EDIT_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	if (compose_doc_parse(&doc, "docker-compose.yml", in, strlen(in), &err) != 0)
		fail_msg("parse: %s", err.message);
	if (compose_service_add(doc, "s3", "  s3:\n    extends:\n      file: docker-services.yml\n      service: s3\n",
				after, &e, &err) != 0)
		fail_msg("add: %s", err.message);
	struct compose_edit v = COMPOSE_EDIT_INIT;
	if (compose_top_entry_add(e.doc, "volumes", "data", &v, &err) != 0)
		fail_msg("volumes: %s", err.message);
	char *out = xstrdup(buf_str(&v.content));
	compose_edit_free(&e);
	compose_edit_free(&v);
	compose_doc_free(doc);
	return out;
}

static void compose_service_in_other_layouts(void **state)
{
	(void)state;
	char *s = add_service("services:\n    db:\n        image: pg\n    # web\n    web:\n        image: w\n"
			      "volumes:\n    static:\n", "db");
	assert_string_equal(s, "services:\n    db:\n        image: pg\n    s3:\n        extends:\n"
			       "            file: docker-services.yml\n            service: s3\n    # web\n    web:\n"
			       "        image: w\nvolumes:\n    static:\n    data:\n");
	free(s);
	s = add_service("services:\r\n  db:\r\n    image: pg", NULL);
	assert_string_equal(s, "services:\r\n  db:\r\n    image: pg\r\n  s3:\r\n    extends:\r\n"
			       "      file: docker-services.yml\r\n      service: s3\r\nvolumes:\r\n  data:\r\n");
	free(s);
	s = add_service("services:\n  db:\n    image: pg\nvolumes:\n", NULL);
	assert_string_equal(s, "services:\n  db:\n    image: pg\n  s3:\n    extends:\n      file: docker-services.yml\n"
			       "      service: s3\nvolumes:\n  data:\n");
	free(s);
	/* a service of that name is refused; flow style too */
	struct compose_doc *doc = NULL;
	struct compose_edit e = COMPOSE_EDIT_INIT;
	struct rdm_error err = RDM_ERROR_INIT;
	const char *flow = "services: {db: {image: pg}}\n";
	assert_int_equal(compose_doc_parse(&doc, "x.yml", flow, strlen(flow), &err), 0);
	assert_int_equal(compose_service_add(doc, "s3", "  s3:\n    image: m\n", NULL, &e, &err), -1);
	rdm_error_clear(&err);
	assert_int_equal(compose_service_add(doc, "db", "  db:\n    image: m\n", NULL, &e, &err), -1);
	rdm_error_clear(&err);
	compose_doc_free(doc);
}

/* invenio.cfg without the template's anchor: the block goes before the
 * Invenio-Records-Resources banner, else at the end; a FILES_REST_STORAGE_
 * FACTORY set to pyfs is rewritten where it is. */
static void cfg_block_places(void **state)
{
	(void)state;
	static const struct {
		const char *cfg, *want;
	} cases[] = {
		{ "X = 1\n# Invenio-Records-Resources\nSITE_UI_URL = 'https://h'\n",
		  "X = 1\n# Invenio-Files-Rest\n# ==================\n"
		  "FILES_REST_STORAGE_FACTORY='invenio_s3.s3fs_storage_factory'\n\n# Invenio-S3\n# ==========\n"
		  "S3_ENDPOINT_URL='http://localhost:9000/'\n\n# Invenio-Records-Resources\n" },
		{ "FILES_REST_STORAGE_FACTORY = 'invenio_files_rest.storage.pyfs_storage_factory'\nY = 2",
		  "FILES_REST_STORAGE_FACTORY = 'invenio_s3.s3fs_storage_factory'\nY = 2\n\n# Invenio-S3\n"
		  "# ==========\nS3_ENDPOINT_URL='http://localhost:9000/'\n" },
	};
	for (size_t i = 0; i < 2; i++) {
		char *dir = copy_fixture("setup/local/instance", 0), *cfg = tu_join(dir, "invenio.cfg");
		tu_write(cfg, cases[i].cfg, 0644);
		struct setup_survey sv;
		struct change c;
		struct setup_resolved res;
		plan_for(dir, SETUP_STORAGE_MINIO, &sv, &c, &res);
		const struct plan_file *f = plan_find(&c.files, "invenio.cfg");
		assert_non_null(f);
		if (strncmp(buf_str(&f->new_data), cases[i].want, strlen(cases[i].want)))
			fail_msg("case %zu:\n%s", i, buf_str(&f->new_data));
		assert_non_null(c.files.n_notes);
		int csp_note = 0;
		for (size_t k = 0; k < c.files.n_notes; k++)
			csp_note |= strstr(c.files.notes[k], "no APP_DEFAULT_SECURE_HEADERS") != NULL;
		assert_true(csp_note);
		change_free(&c);
		setup_resolved_free(&res);
		setup_survey_free(&sv);
		tu_remove_tree(dir);
		free(cfg);
		free(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(survey_of_a_local_instance),
		cmocka_unit_test(same_files_as_the_s3_twin),
		cmocka_unit_test(other_adds_no_service),
		cmocka_unit_test(rustfs_adds_its_service),
		cmocka_unit_test(uv_instance_edits_pyproject),
		cmocka_unit_test(a_local_minio_needs_a_secret),
		cmocka_unit_test(deps_extras),
		cmocka_unit_test(compose_service_in_other_layouts),
		cmocka_unit_test(cfg_block_places),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
