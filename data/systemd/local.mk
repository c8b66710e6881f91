# data/systemd/: rdm-s3-check@.service and .timer (instance = an instance
# folder, systemd-escaped) that write the Prometheus textfile of the checks
# for node_exporter. The service gets the installed binary's path.
if SYSTEMD_UNITS
systemdsystemunit_DATA = data/systemd/rdm-s3-check@.service data/systemd/rdm-s3-check@.timer
endif
EXTRA_DIST += data/systemd/rdm-s3-check@.service.in data/systemd/rdm-s3-check@.timer
CLEANFILES += data/systemd/rdm-s3-check@.service

data/systemd/rdm-s3-check@.service: data/systemd/rdm-s3-check@.service.in Makefile
	$(AM_V_GEN)$(MKDIR_P) data/systemd && $(rdm_edit) $< >$@.tmp && mv $@.tmp $@
