/* gettext shorthands. Include in files with user-visible strings. */
#ifndef RDM_UTIL_I18N_H
#define RDM_UTIL_I18N_H
#if ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#endif
#define N_(s) (s)
#endif
