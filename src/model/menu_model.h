/* The main menu of `rdm-s3` (no command, in an instance folder), without a
 * screen: the items and whether each can be opened now (and why not), the
 * selection, the header's facts (the instance, the kind of storage it
 * uses, the verdict of the last check run) and what `Undo the last change`
 * would restore. The facts arrive from background work (the instance
 * reading, a check run) as plain values; nothing here reads files, the
 * clock or the network. The view (src/tui/menu/) draws it; the app opens
 * what it asks for. */
#ifndef RDM_MODEL_MENU_MODEL_H
#define RDM_MODEL_MENU_MODEL_H
#include <stddef.h>
#include <time.h>

#include "ops/check/check_run.h"
#include "ops/check/check_status.h"

enum menu_item {
	MENU_SETUP = 0,
	MENU_ROTATE,
	MENU_DASHBOARD,
	MENU_CONFIG,
	MENU_UNDO,
	MENU_QUIT,
	MENU__COUNT
};

enum menu_storage {
	MENU_STORAGE_UNKNOWN = 0, /* not read yet, or unreadable */
	MENU_STORAGE_LOCAL,       /* files on the app's disk (no S3 factory) */
	MENU_STORAGE_MINIO,       /* the instance's own MinIO container */
	MENU_STORAGE_AWS,         /* Amazon S3 */
	MENU_STORAGE_OTHER,       /* another S3-compatible server */
};

/* The change set `rdm-s3 undo` would restore. */
struct menu_change {
	char *id;       /* backup id "20250102T030405Z" */
	char *created;  /* "2025-01-02T03:04:05Z" */
	char *command;  /* "config set" */
	char **files;   /* relative paths */
	size_t n_files;
	int interrupted; /* the change was cut off half way */
};

/* What reading the instance found (background work fills it). */
struct menu_info {
	enum menu_storage storage;
	char *endpoint_host;  /* MENU_STORAGE_OTHER/MINIO: the endpoint's host */
	int placeholders;     /* settings still holding CHANGE_ME */
	struct menu_change *last; /* NULL: nothing to undo */
	char *error;          /* the files could not be read: why (then the
	                         other fields are empty) */
	time_t read_at;       /* wall clock of the reading (for "today") */
};

enum menu_fact_state { MENU_PENDING = 0, MENU_READY, MENU_FAILED };

/* A check of the last run that is not OK (owned copies). */
struct menu_problem {
	char *id;
	enum check_status status;
	char *message;
};

enum menu_action {
	MENU_ACT_UP, MENU_ACT_DOWN, MENU_ACT_HOME, MENU_ACT_END,
	MENU_ACT_OPEN,   /* Enter: the selected item */
	MENU_ACT_SELECT, /* a hotkey: select item `arg` and open it */
	MENU_ACT_QUIT,
};

/* What the model asks of the screen (flags). */
enum menu_event {
	MENU_EV_NONE = 0,
	MENU_EV_REDRAW = 1 << 0,
	MENU_EV_OPEN = 1 << 1, /* open m->opened */
	MENU_EV_QUIT = 1 << 2,
};

struct menu_model {
	char *instance_dir;   /* absolute */
	char *instance_name;  /* its last component */
	char *shown_dir;      /* as the title shows it (default: instance_dir) */
	enum menu_fact_state info_state;
	struct menu_info info;
	enum menu_fact_state check_state;
	enum check_status verdict;      /* MENU_READY: the worst status */
	size_t counts[CHECK_STATUS_COUNT];
	time_t checked_at;
	struct menu_problem *problems;  /* the checks not ok, worst first */
	size_t n_problems;
	char *check_error;              /* MENU_FAILED: why */
	int rotate_available;           /* the rotation walkthrough exists */
	int setup_available;            /* 0 until the wizard exists */
	size_t selected;
	enum menu_item opened;          /* with MENU_EV_OPEN */
	const char *notice;             /* why the last Enter opened nothing
	                                   (translated, static); cleared on move */
};

void menu_model_init(struct menu_model *m, const char *instance_dir);
void menu_model_free(struct menu_model *m);

/* The instance was read: info is moved into the model (zeroed). */
void menu_model_set_info(struct menu_model *m, struct menu_info *info);
/* A check run began / ended with these counts / failed as a whole. */
void menu_model_check_started(struct menu_model *m);
void menu_model_check_done(struct menu_model *m, const struct check_report *rep, time_t at);
void menu_model_check_failed(struct menu_model *m, const char *message);

unsigned menu_model_act(struct menu_model *m, enum menu_action a, int arg);

/* The label of an item ("Set up storage"), translated. */
const char *menu_item_label(enum menu_item it);
/* Why the item cannot be opened now (translated), or NULL when it can. */
const char *menu_item_unavailable(const struct menu_model *m, enum menu_item it);
/* The item's one-line detail for the list (allocated). */
char *menu_item_detail(const struct menu_model *m, enum menu_item it);
/* "MinIO", "Amazon S3", "S3 at s3.example.org", "local files", "..." (allocated). */
char *menu_storage_text(const struct menu_model *m);

/* Which kind of storage the settings describe. factory:
 * FILES_REST_STORAGE_FACTORY (NULL: not set), endpoint: S3_ENDPOINT_URL
 * (NULL: not set), minio_service: the MinIO service's name in
 * docker-services.yml (NULL: none). *host gets the endpoint's host
 * (allocated) or NULL. */
enum menu_storage menu_storage_classify(const char *factory, const char *endpoint,
					const char *minio_service, char **host);

void menu_change_free(struct menu_change *c);
void menu_info_clear(struct menu_info *info);
/* "2025-01-02 03:04" from the change's creation time in local time, or
 * "today 03:04" when it is on the day of now. */
void menu_change_when(const struct menu_change *c, time_t now, char out[32]);

#endif
