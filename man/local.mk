# man/: the manual pages, plain man(7) roff needing no tool but sed: one
# page per command (rdm-s3-COMMAND.1, so that `man rdm-s3-check` opens
# what an operator needs) and rdm-s3.1 (global options, exit codes, files).
# make fills in the version and the installed paths. A new command needs
# its page here: tests/unit/test_man_pages.sh fails without it.
RDM_MAN_PAGES = \
	man/rdm-s3.1 \
	man/rdm-s3-help.1 \
	man/rdm-s3-setup.1 \
	man/rdm-s3-rotate.1 \
	man/rdm-s3-check.1 \
	man/rdm-s3-dashboard.1 \
	man/rdm-s3-config.1 \
	man/rdm-s3-undo.1 \
	man/rdm-s3-bucket.1 \
	man/rdm-s3-cors.1 \
	man/rdm-s3-presign.1
man_MANS = $(RDM_MAN_PAGES)
EXTRA_DIST += $(RDM_MAN_PAGES:=.in)
CLEANFILES += $(RDM_MAN_PAGES)

# Substitutions shared with the systemd units (data/systemd/local.mk).
# ('' splits each name: config.status would replace @VERSION@ here.)
rdm_edit = sed -e 's|@''VERSION''@|$(PACKAGE_VERSION)|g' \
	-e 's|@''BINDIR''@|$(bindir)|g' -e 's|@''PKGDATADIR''@|$(pkgdatadir)|g' \
	-e 's|@''SYSTEMDUNITDIR''@|$(systemdsystemunitdir)|g'

man/%.1: man/%.1.in Makefile
	$(AM_V_GEN)$(MKDIR_P) man && $(rdm_edit) $< >$@.tmp && mv $@.tmp $@
