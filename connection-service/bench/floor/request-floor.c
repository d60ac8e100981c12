/*
 * The kernel's floor for small requests and replies, with no JVM, no WebSocket and no application work: a
 * server on core 0 answers each 64-byte request on N loopback TCP connections with a 64-byte reply (one
 * read() and one write() per request, epoll), and a client on core 1 keeps one request in flight per
 * connection. A join and a leave are two such requests. Prints requests per second and the CPU per request.
 *
 *   request-floor <connections> <seconds> [busy-poll client 0|1] [port]
 */
#include "floor.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define REQUEST 64

static void client(struct sockaddr_in *server, int n, int seconds, int busy) {
    pin(1);
    int one = 1, ep = epoll_create1(0);
    int *fds = malloc(n * sizeof(int));
    char request[REQUEST], in[4096];
    memset(request, 'x', sizeof request);
    for (int i = 0; i < n; i++) {
        fds[i] = socket(AF_INET, SOCK_STREAM, 0);
        setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (connect(fds[i], (struct sockaddr *) server, sizeof *server)) {
            perror("connect");
            exit(1);
        }
        fcntl(fds[i], F_SETFL, O_NONBLOCK);
        struct epoll_event e = {.events = EPOLLIN, .data.fd = fds[i]};
        epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &e);
    }
    sleep(1);
    for (int i = 0; i < n; i++) write(fds[i], request, sizeof request);
    struct epoll_event events[1024];
    long long replies = 0;
    double end = now_seconds() + seconds + 1, cpu0 = cpu_seconds();
    while (now_seconds() < end) {
        int ready = epoll_wait(ep, events, 1024, busy ? 0 : 100);
        for (int j = 0; j < ready; j++) {
            if (read(events[j].data.fd, in, sizeof in) > 0) {
                replies++;
                write(events[j].data.fd, request, sizeof request);
            }
        }
    }
    double cpu = cpu_seconds() - cpu0;
    printf("client: %lld replies, CPU %.2f s = %.2f us per request\n", replies, cpu, cpu * 1e6 / replies);
    exit(0);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s <connections> <seconds> [busy-poll client 0|1] [port]\n", argv[0]);
        return 2;
    }
    int n = atoi(argv[1]), seconds = atoi(argv[2]), busy = argc > 3 ? atoi(argv[3]) : 0;
    int port = argc > 4 ? atoi(argv[4]) : 29555, one = 1;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (bind(listener, (struct sockaddr *) &address, sizeof address) || listen(listener, 4096)) {
        perror("listen");
        return 1;
    }
    if (fork() == 0) client(&address, n, seconds, busy);
    pin(0);
    int ep = epoll_create1(0);
    for (int i = 0; i < n; i++) {
        int fd = accept(listener, NULL, NULL);
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(fd, F_SETFL, O_NONBLOCK);
        struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    }
    struct epoll_event events[1024];
    char in[4096];
    long long requests = 0;
    double start = now_seconds(), cpu0 = cpu_seconds(), end = start + seconds;
    while (now_seconds() < end) {
        int ready = epoll_wait(ep, events, 1024, 100);
        for (int j = 0; j < ready; j++) {
            int got = read(events[j].data.fd, in, sizeof in);
            if (got > 0) {
                requests += got / REQUEST;
                write(events[j].data.fd, in, got);
            }
        }
    }
    double cpu = cpu_seconds() - cpu0, elapsed = now_seconds() - start;
    printf("server: %d connections, busy-poll client %d: %.0f requests/s, server %.2f cores, %.2f us per request\n", n,
           busy, requests / elapsed, cpu / elapsed, cpu * 1e6 / requests);
    fflush(stdout);
    wait(NULL);
    return 0;
}
