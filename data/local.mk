# data/: files installed under $(pkgdatadir)
#
# sample-instance/: a small InvenioRDM v13 instance folder (S3 storage,
# MinIO service with CHANGE_ME credentials) for `./bootstrap --demo` and
# for trying rdm-s3 on a scratch copy. Dotfiles are listed one by one: no
# wildcards in automake. dist_ puts them into the tarball as well.
sampleinstancedir = $(pkgdatadir)/sample-instance
dist_sampleinstance_DATA = \
	data/sample-instance/.invenio \
	data/sample-instance/.invenio.private \
	data/sample-instance/docker-compose.yml \
	data/sample-instance/docker-services.yml \
	data/sample-instance/invenio.cfg
