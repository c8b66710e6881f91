/* http_stub PORTFILE LOGFILE ENTRY...: the scripted HTTP stub as a program,
 * for shell tests. Writes the port to PORTFILE once listening (via a rename,
 * so a reader never sees half a number), then serves until killed; it exits
 * by itself after 120 s. LOGFILE "-" means no log. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http_stub.h"
#include "util/xalloc.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fputs("usage: http_stub PORTFILE LOGFILE|- ENTRY...\n", stderr);
		return 64;
	}
	int port = 0;
	int fd = http_stub_listen(&port);
	if (fd < 0) {
		perror("http_stub: listen");
		return 1;
	}
	char *tmp = xasprintf("%s.tmp", argv[1]);
	FILE *f = fopen(tmp, "w");
	if (!f || fprintf(f, "%d\n", port) < 0 || fclose(f) != 0 || rename(tmp, argv[1]) != 0) {
		perror("http_stub: port file");
		return 1;
	}
	free(tmp);
	alarm(120);
	http_stub_serve(fd, (const char *const *)argv + 3, (size_t)(argc - 3),
			strcmp(argv[2], "-") ? argv[2] : NULL);
}
