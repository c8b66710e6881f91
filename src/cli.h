/* The command line: options every command shares, the command table, and
 * the exit codes. Parsing lives in cli.c; each command is one cmd_*.c. */
#ifndef RDM_CLI_H
#define RDM_CLI_H
#include <stddef.h>
#include <stdio.h>

/* Exit codes (sysexits.h values where one fits). */
enum rdm_exit {
	RDM_EXIT_OK = 0,
	RDM_EXIT_FAILED = 1,       /* the operation failed; stderr says why */
	RDM_EXIT_USAGE = 64,       /* EX_USAGE: bad command line */
	RDM_EXIT_DATAERR = 65,     /* EX_DATAERR: bad input file */
	RDM_EXIT_UNAVAILABLE = 69, /* EX_UNAVAILABLE: service unreachable */
	RDM_EXIT_SOFTWARE = 70,    /* EX_SOFTWARE: internal error */
	RDM_EXIT_CANTCREAT = 73,   /* EX_CANTCREAT: could not write a file */
	RDM_EXIT_TEMPFAIL = 75,    /* EX_TEMPFAIL: stopped on purpose; run again (--resume) */
};

enum rdm_color { RDM_COLOR_AUTO = -1, RDM_COLOR_NEVER = 0, RDM_COLOR_ALWAYS = 1 };

/* Options accepted by every command, before or after the command name. */
struct rdm_globals {
	const char **instances;   /* --instance DIR, may repeat (NULL-terminated) */
	size_t n_instances;
	const char *endpoint;     /* --endpoint URL */
	const char *region;       /* --region NAME */
	const char *ca_file;      /* --ca-file FILE */
	const char *credentials_file; /* --credentials-file FILE */
	int path_style;           /* --path-style */
	int json;                 /* --json */
	int color;                /* enum rdm_color: --no-color, NO_COLOR */
	int verbosity;            /* -q: -1, default 0, each -v: +1 */
};

struct rdm_command {
	const char *name;
	const char *summary; /* one line, shown by `rdm-s3 --help` */
	const char *help;    /* full text for `rdm-s3 help NAME` / `NAME --help`,
	                        marked N_() and translated when printed */
	const char *help_extra; /* appended untranslated, or NULL (the notes of
	                           test builds: cmd_hooks.h) */
	/* argv[0] is the command name; global options are already removed.
	 * Returns an enum rdm_exit (or the Nagios codes for `check`). */
	int (*run)(const struct rdm_globals *g, int argc, char **argv);
};

/* All commands, NULL-terminated (commands.c). */
extern const struct rdm_command *const rdm_commands[];
const struct rdm_command *cli_find_command(const char *name);

/* Remove the global options from argv (anywhere before a "--"), filling g.
 * The remaining arguments are compacted into argv; *argc is updated.
 * On a usage error returns -1 with a one-line message in *msg (allocated). */
int cli_parse_globals(int *argc, char **argv, struct rdm_globals *g, char **msg);
void cli_globals_free(struct rdm_globals *g);

/* `rdm-s3 --help`: usage, command list, global options. */
void cli_print_overview(FILE *out);

/* Whether to use colour on a stream with this file descriptor. */
int cli_use_color(const struct rdm_globals *g, int fd);

/* Print "rdm-s3: <msg>" and a hint to stderr, return RDM_EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Text shared by every command's help: the global options. */
/* "Options for every command: ..." (marked N_(); print it translated). */
extern const char *const cli_global_options_help;
/* A command's full help, then the options of every command: what
 * `rdm-s3 help NAME` and `NAME --help` print. */
void cli_print_command_help(FILE *out, const struct rdm_command *c);

#endif
