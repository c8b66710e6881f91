/* The one golden-screen helper of the screen tests.
 *
 * golden_term_open: a headless terminal (tui_term_open with
 * RDM_S3_NO_DISPLAY's mode: curses into /dev/null, TERM xterm-256color,
 * colour pairs set up) so tests draw real views on stdscr.
 *
 * golden_check_screen: dumps the screen (tui_screen_dump: text,
 * attributes, colours) and compares it with
 * $RDM_S3_TEST_DATA/<dir>/<name>.txt. On a difference the test fails and
 * `diff -u` of the two is printed (the new screen is kept in
 * $RDM_S3_TEST_RUN/golden/). To re-create the golden files after an
 * intended change of a screen:
 *     RDM_S3_UPDATE_GOLDEN=1 make check TESTS=tests/unit/test_...
 * and review the diff (git diff tests/data) before committing. */
#ifndef RDM_TESTS_SCREEN_GOLDEN_H
#define RDM_TESTS_SCREEN_GOLDEN_H

struct tui_term;

/* Sets the locale (C.UTF-8 when utf8, else C) first. Fails the test when
 * the terminal cannot be made. */
struct tui_term *golden_term_open(int utf8);
void golden_term_close(struct tui_term *t);

/* Compares text with the golden file dir/name.txt (see above). */
void golden_check(const char *dir, const char *name, const char *got);
/* Dumps stdscr (with the colour map when color) and compares it. */
void golden_check_screen(const char *dir, const char *name, int color);
/* Compares a dump file written by the app (:save-screen) with dir/name. */
void golden_check_file(const char *dir, const char *name, const char *path);

#endif
