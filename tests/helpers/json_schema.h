/* A small JSON Schema validator for the tests, on jansson: the subset of
 * draft 2020-12 that data/check-report.schema.json uses ($ref to #/$defs,
 * type (one or a list), enum, required, properties, additionalProperties:
 * false, items, minimum, maximum, minLength, pattern (POSIX ERE)). A schema
 * using any other keyword is rejected, so a schema change cannot slip past
 * a validator that ignores it. */
#ifndef RDM_TESTS_JSON_SCHEMA_H
#define RDM_TESTS_JSON_SCHEMA_H
#include <jansson.h>

/* 0 when doc is valid; -1 with *why = "PATH: reason" (malloc'd, caller
 * frees) otherwise, also for an unsupported keyword or a broken $ref. */
int json_schema_validate(const json_t *schema, const json_t *doc, char **why);

/* Loads $top_srcdir/data/check-report.schema.json; NULL (and a message on
 * stderr) when it cannot. */
json_t *json_schema_load_check_report(void);

#endif
