/* The status of a health check, on its own so that the facts (which carry
 * problems the instance engine already judged) and the checks share it. */
#ifndef RDM_OPS_CHECK_STATUS_H
#define RDM_OPS_CHECK_STATUS_H

/* The outcome of one check. Order is not severity; see check_status_rank. */
enum check_status {
	CHECK_OK = 0,
	CHECK_INFO,    /* worth reading, nothing to fix now (e.g. the MinIO
	                  FS-mode note); counts as OK for exit codes */
	CHECK_WARN,
	CHECK_CRIT,
	CHECK_UNKNOWN, /* could not tell: no data, or an answer we do not understand */
	CHECK_SKIPPED, /* did not run: not applicable, not wanted, or a
	                  precondition failed (the message says which) */
};
#define CHECK_STATUS_COUNT 6

#endif
