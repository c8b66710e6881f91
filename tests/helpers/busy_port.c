/* busy_port: hold a TCP port on 127.0.0.1 so tests can check what a server
 * start script does when its port is taken. Prints the port, then holds it
 * until killed (at most 10 minutes, so it can never be left behind long).
 *
 *   busy_port [PORT]     (0 or nothing: any free port) */
#include "config.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		perror("busy_port: socket");
		return 1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((unsigned short)(argc > 1 ? atoi(argv[1]) : 0));
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 4) != 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) != 0) {
		perror("busy_port: bind/listen");
		return 1;
	}
	printf("%u\n", (unsigned)ntohs(sa.sin_port));
	fflush(stdout);
	alarm(600);
	for (;;)
		pause(); /* SIGALRM or the test's kill ends the process */
}
