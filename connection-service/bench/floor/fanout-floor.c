/*
 * The kernel's floor for the fan-out without aggregation, with no JVM, no WebSocket and no application work:
 * a server on core 0 writes every message, as it falls due, to N loopback TCP sockets, one send() per socket
 * per pass (messages that fell due during a pass go out together in the next one, as connection-service's
 * event loops do), and a client on core 1 reads them with epoll and records publish-to-receive latency from
 * the message's scheduled publish time. Prints deliveries per second, latency percentiles and the server's
 * CPU per delivery and per send.
 *
 *   fanout-floor <sockets> <msgs/s> <seconds> [busy-poll client 0|1] [port]
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

#define MSG 128          /* bytes per message, about a chat frame */
#define MAX_BATCH 256    /* messages per pass at most */

static int by_value(const void *a, const void *b) {
    long long x = *(const long long *) a, y = *(const long long *) b;
    return x < y ? -1 : x > y;
}

static void client(struct sockaddr_in *server, int n, double rate, int seconds, int busy) {
    pin(1);
    int ep = epoll_create1(0);
    for (int i = 0; i < n; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in local = {.sin_family = AF_INET};
        char ip[32];
        snprintf(ip, sizeof ip, "127.0.0.%d", 2 + i % 4); /* four source addresses: past 64K ports */
        inet_pton(AF_INET, ip, &local.sin_addr);
        bind(fd, (struct sockaddr *) &local, sizeof local);
        if (connect(fd, (struct sockaddr *) server, sizeof *server)) {
            perror("connect");
            exit(1);
        }
        fcntl(fd, F_SETFL, O_NONBLOCK);
        struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
    }
    long long capacity = (long long) (rate * seconds * n * 1.2) + 1000, count = 0;
    long long *latency = malloc(capacity * sizeof(long long));
    struct epoll_event events[1024];
    static char in[65536];
    long long end = now_ns() + (seconds + 3) * 1000000000LL;
    double cpu0 = cpu_seconds();
    while (now_ns() < end) {
        int ready = epoll_wait(ep, events, 1024, busy ? 0 : 100);
        long long t = now_ns();
        for (int j = 0; j < ready; j++) {
            int got = read(events[j].data.fd, in, sizeof in);
            for (int at = 0; at + MSG <= got; at += MSG) {
                long long published;
                memcpy(&published, in + at, 8);
                if (count < capacity) latency[count++] = t - published;
            }
        }
    }
    qsort(latency, count, sizeof(long long), by_value);
    if (count == 0) {
        printf("client: nothing received\n");
        exit(1);
    }
    printf("client: %lld received, p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms; client CPU %.2f s\n", count,
           latency[count / 2] / 1e6, latency[(long long) (count * 0.99)] / 1e6,
           latency[(long long) (count * 0.999)] / 1e6, latency[count - 1] / 1e6, cpu_seconds() - cpu0);
    exit(0);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s <sockets> <msgs/s> <seconds> [busy-poll client 0|1] [port]\n", argv[0]);
        return 2;
    }
    int n = atoi(argv[1]), seconds = atoi(argv[3]), busy = argc > 4 ? atoi(argv[4]) : 0;
    double rate = atof(argv[2]);
    int port = argc > 5 ? atoi(argv[5]) : 29556, one = 1;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (bind(listener, (struct sockaddr *) &address, sizeof address) || listen(listener, 4096)) {
        perror("listen");
        return 1;
    }
    if (fork() == 0) client(&address, n, rate, seconds, busy);
    pin(0);
    int *sockets = malloc(n * sizeof(int));
    for (int i = 0; i < n; i++) {
        sockets[i] = accept(listener, NULL, NULL);
        setsockopt(sockets[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(sockets[i], F_SETFL, O_NONBLOCK);
    }
    sleep(1);
    static char out[MSG * MAX_BATCH];
    long long start = now_ns(), interval = (long long) (1e9 / rate), next = start;
    long long end = start + seconds * 1000000000LL, deliveries = 0, passes = 0;
    double cpu0 = cpu_seconds();
    while (next < end) {
        long long t = now_ns();
        if (t < next) {
            struct timespec pause = {0, next - t};
            nanosleep(&pause, NULL);
            continue;
        }
        int batch = 0;
        while (next <= now_ns() && batch < MAX_BATCH && next < end) {
            memcpy(out + batch * MSG, &next, 8); /* the scheduled publish time */
            memset(out + batch * MSG + 8, 'x', MSG - 8);
            batch++;
            next += interval;
        }
        for (int i = 0; i < n; i++) send(sockets[i], out, batch * MSG, MSG_NOSIGNAL);
        deliveries += (long long) batch * n;
        passes++;
    }
    double cpu = cpu_seconds() - cpu0, elapsed = (now_ns() - start) / 1e9;
    printf("server: %d sockets, %.0f msgs/s, busy-poll client %d: %.0f deliveries/s in %lld passes; server %.2f cores, "
           "%.2f us per delivery, %.2f us per send\n",
           n, rate, busy, deliveries / elapsed, passes, cpu / elapsed, cpu * 1e6 / deliveries,
           cpu * 1e6 / (passes * (double) n));
    fflush(stdout);
    wait(NULL);
    return 0;
}
