/* gettext shorthands. Include in files with user-visible strings.
 *   _("text")               translated now
 *   N_("text")              marked for translation in a static table; the
 *                           code that shows it calls _() on it
 *   P_("one", "many", n)    the plural form for n (ngettext)
 * An untranslated string (no catalogue for the locale, or a catalogue that
 * lacks it) comes back as the English msgid, never as a key. */
#ifndef RDM_UTIL_I18N_H
#define RDM_UTIL_I18N_H
#if ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define P_(s, p, n) ngettext(s, p, n)
#else
#define _(s) (s)
#define P_(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s) (s)
#endif
