# Sourced by the shell tests that use the test hooks (RDM_S3_FAULT_AT,
# RDM_S3_FAULT, RDM_S3_CLOCK_OFFSET): they exist only in a build configured
# with --enable-test-hooks (bootstrap, CI and distcheck do). Without them
# such a test would pass for the wrong reason or not test at all, so it
# fails loudly instead of skipping. Needs $bin (the rdm-s3 under test).
need_test_hooks() {
	if ! "$bin" --version 2>/dev/null | grep -q '^test build: hooks'; then
		echo "1..1"
		echo "not ok 1 - $(basename "$0") needs the test hooks, and $bin was built without them:" \
			"configure with --enable-test-hooks (./bootstrap does)"
		exit 1
	fi
}
