/* libFuzzer target: the ast.literal_eval evaluator (instance/pycfg/
 * pyliteral.h). Any input ends in a verdict; a str it reads, written back as
 * a Python string literal (what rdm-s3 writes into .env), reads back as the
 * same str. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "instance/pycfg/pycfg.h"
#include "instance/pycfg/pyliteral.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void must(int cond)
{
	if (!cond)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0'; /* an environment value ends at its first NUL */
	struct pylit l;
	pyliteral_eval(text, &l);
	must(l.outcome <= PYLIT_UNKNOWN);
	must(l.outcome == PYLIT_VALUE || l.why != NULL);
	if (l.outcome == PYLIT_VALUE && l.type == PYLIT_STR && l.text) {
		struct buf q = BUF_INIT;
		struct rdm_error err = RDM_ERROR_INIT;
		if (pycfg_quote_str(&q, l.text, '\'', &err) == 0) {
			struct pylit back;
			pyliteral_eval(buf_str(&q), &back);
			must(back.outcome == PYLIT_VALUE && back.type == PYLIT_STR && back.text &&
			     strcmp(back.text, l.text) == 0);
			pylit_free(&back);
		}
		rdm_error_clear(&err);
		buf_free(&q);
	}
	pylit_free(&l);
	free(text);
	return 0;
}
