/* What both floor programs share: a monotonic clock, the process's CPU time, pinning to a core. */
#ifndef CHORUS_FLOOR_H
#define CHORUS_FLOOR_H

#define _GNU_SOURCE
#include <sched.h>
#include <sys/resource.h>
#include <time.h>

static inline long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static inline double now_seconds(void) {
    return now_ns() / 1e9;
}

static inline double cpu_seconds(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return r.ru_utime.tv_sec + r.ru_utime.tv_usec / 1e6 + r.ru_stime.tv_sec + r.ru_stime.tv_usec / 1e6;
}

static inline void pin(int core) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(core, &set);
    sched_setaffinity(0, sizeof set, &set);
}

#endif
