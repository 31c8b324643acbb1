/*
 * The C side of Gavel's libwebsockets wrapper.
 *
 * Swift imports <libwebsockets.h> and <ev.h> (the daemon's event loop) through this header, plus
 * a few helpers for things Swift cannot express safely or at all: function-like macros (LWS_PRE,
 * libev's watcher macros), timers that find their owner again (the daemon's in its libev loop,
 * the CLI client's as lws suls) and two small system calls the daemon needs (CLOCK_BOOTTIME and
 * the systemd notify datagram).
 */
#ifndef GAVEL_CLIBWEBSOCKETS_SHIM_H
#define GAVEL_CLIBWEBSOCKETS_SHIM_H

#include <libwebsockets.h>
#include <ev.h>

#include <netinet/in.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* ---- libwebsockets helpers ------------------------------------------------------------ */

/** LWS_PRE: the headroom lws needs before every buffer given to lws_write (a macro in C). */
static inline size_t gavel_lws_pre(void) { return LWS_PRE; }

/**
 * A one-shot timer in the daemon's libev loop, remembering an opaque owner pointer.
 *
 * Not an lws_sul: under an event library lws keeps one loop timer for all its suls and re-arms it
 * with ev_timer_set + ev_timer_start, which libev ignores while that timer is still pending, so a
 * sul earlier than the pending one fires only when the later one does (up to lws's 1-second tick
 * late). Our own watchers are stopped before they are set again.
 */
typedef void (*gavel_loop_timer_fn)(void *user);

typedef struct gavel_loop_timer {
    ev_timer watcher; /* first: the callback gets a pointer to it */
    gavel_loop_timer_fn fn;
    void *user;
} gavel_loop_timer_t;

static void gavel_loop_timer_expired(struct ev_loop *loop, ev_timer *watcher, int revents) {
    (void)loop; (void)revents;
    gavel_loop_timer_t *timer = (gavel_loop_timer_t *)(void *)watcher;
    timer->fn(timer->user);
}

/** A stopped timer owned by the caller; free it with gavel_loop_timer_destroy. NULL if out of memory. */
static inline gavel_loop_timer_t *gavel_loop_timer_create(gavel_loop_timer_fn fn, void *user) {
    gavel_loop_timer_t *timer = (gavel_loop_timer_t *)calloc(1, sizeof(gavel_loop_timer_t));
    if (!timer) return NULL;
    ev_timer_init(&timer->watcher, gavel_loop_timer_expired, 0., 0.);
    timer->fn = fn;
    timer->user = user;
    return timer;
}

/** (Re)schedules `timer` `seconds` from now (the loop's cached time refreshed first). */
static inline void gavel_loop_timer_schedule(struct ev_loop *loop, gavel_loop_timer_t *timer, double seconds) {
    ev_timer_stop(loop, &timer->watcher);
    ev_now_update(loop);
    ev_timer_set(&timer->watcher, seconds, 0.);
    ev_timer_start(loop, &timer->watcher);
}

/** Stops `timer` if it is scheduled. */
static inline void gavel_loop_timer_cancel(struct ev_loop *loop, gavel_loop_timer_t *timer) {
    ev_timer_stop(loop, &timer->watcher);
}

/** Stops and frees `timer`; `loop` must still exist. */
static inline void gavel_loop_timer_destroy(struct ev_loop *loop, gavel_loop_timer_t *timer) {
    if (!timer) return;
    ev_timer_stop(loop, &timer->watcher);
    free(timer);
}

/**
 * A timer lws can schedule (lws_sul_schedule) that remembers an opaque owner pointer: the CLI's
 * client (GavelClient/LWSClient.swift), which runs lws's own poll() loop, not libev.
 *
 * lws calls the timer back with a pointer to the `sul` member only; `gavel_timer_user`
 * recovers `user` from it.
 */
typedef struct gavel_timer {
    lws_sorted_usec_list_t sul;
    void *user;
} gavel_timer_t;

/** A zeroed timer owned by the caller; free it with gavel_timer_destroy. NULL if out of memory. */
static inline gavel_timer_t *gavel_timer_create(void *user) {
    gavel_timer_t *timer = (gavel_timer_t *)calloc(1, sizeof(gavel_timer_t));
    if (timer) timer->user = user;
    return timer;
}

/** Schedules (or reschedules: lws replaces an earlier schedule of the same timer) `timer`. */
static inline void gavel_timer_schedule(struct lws_context *context, gavel_timer_t *timer,
                                        sul_cb_t callback, lws_usec_t microseconds) {
    lws_sul_schedule(context, 0, &timer->sul, callback, microseconds);
}

/** Cancels `timer` if it is scheduled. */
static inline void gavel_timer_cancel(gavel_timer_t *timer) {
    lws_sul_cancel(&timer->sul);
}

/**
 * Cancels and frees `timer`. A scheduled timer must be cancelled while its context is alive
 * (cancelling unlinks it from the context's list); an unscheduled one may be freed any time.
 */
static inline void gavel_timer_destroy(gavel_timer_t *timer) {
    if (!timer) return;
    lws_sul_cancel(&timer->sul);
    free(timer);
}

/** The `user` pointer of the timer whose `sul` member lws called back with. */
static inline void *gavel_timer_user(lws_sorted_usec_list_t *sul) {
    gavel_timer_t *timer = (gavel_timer_t *)(void *)((char *)sul - offsetof(gavel_timer_t, sul));
    return timer->user;
}

/* ---- system helpers for the daemon ---------------------------------------------------- */

/**
 * Asks the processor to fetch the `lines` cache lines from `address` ahead of their use (a hint:
 * no fault, no effect on what the program computes). Swift has no way to say this itself.
 */
static inline void gavel_prefetch(const void *address, int lines) {
    for (int line = 0; line < lines; line++) __builtin_prefetch((const char *)address + 64 * line);
}

/**
 * Nanoseconds of CLOCK_BOOTTIME: monotonic, and it keeps counting while the machine sleeps.
 * Returns 0 if the clock cannot be read (it always can on Linux).
 */
static inline uint64_t gavel_boottime_ns(void) {
    struct timespec ts;
    if (clock_gettime(CLOCK_BOOTTIME, &ts) != 0) return 0;
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/**
 * The bytes the kernel has received on the TCP socket `fd` so far: tcpi_bytes_received of
 * TCP_INFO (Linux 4.1 and later). glibc's struct tcp_info stops before it, and <linux/tcp.h>
 * clashes with glibc's <netinet/tcp.h> in Swift's module of the C library, so it is read at its
 * offset in the kernel's struct, which is part of the kernel ABI: 8 bytes of u8 fields, 24 u32,
 * then pacing_rate, max_pacing_rate, bytes_acked and bytes_received (u64 each).
 * -1 if `fd` is not a TCP socket (a Unix socket) or the kernel is older.
 */
static inline int64_t gavel_tcp_bytes_received(int fd) {
    enum { tcp_info_option = 11 /* TCP_INFO */, bytes_received_offset = 8 + 24 * 4 + 3 * 8 };
    uint8_t info[256];
    memset(info, 0, sizeof(info));
    socklen_t length = sizeof(info);
    if (getsockopt(fd, IPPROTO_TCP, tcp_info_option, info, &length) != 0) return -1;
    if (length < bytes_received_offset + sizeof(uint64_t)) return -1;
    uint64_t received;
    memcpy(&received, info + bytes_received_offset, sizeof(received));
    return (int64_t)received;
}

/**
 * Sends `state` (e.g. "READY=1", "STOPPING=1", "WATCHDOG=1") to the service manager's
 * $NOTIFY_SOCKET, as sd_notify(3) does. Abstract sockets ('@' prefix) are supported.
 *
 * Returns 0 if NOTIFY_SOCKET is unset or empty (not running under a service manager that
 * wants notifications), 1 once the datagram was sent, or -errno on failure.
 */
static inline int gavel_sd_notify(const char *state) {
    const char *path = getenv("NOTIFY_SOCKET");
    if (!path || !path[0]) return 0;
    if (!state) return -EINVAL;
    if (path[0] != '/' && path[0] != '@') return -EAFNOSUPPORT;

    struct sockaddr_un address;
    memset(&address, 0, sizeof(address));
    address.sun_family = AF_UNIX;
    size_t path_length = strlen(path);
    if (path_length >= sizeof(address.sun_path)) return -ENAMETOOLONG;
    memcpy(address.sun_path, path, path_length);
    if (address.sun_path[0] == '@') address.sun_path[0] = '\0';
    /* An abstract name is exactly path_length bytes long; a path gets its terminating NUL. */
    socklen_t address_length = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + path_length
                                           + (path[0] == '@' ? 0 : 1));

    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    ssize_t sent = sendto(fd, state, strlen(state), MSG_NOSIGNAL,
                          (const struct sockaddr *)&address, address_length);
    int error = errno;
    close(fd);
    if (sent < 0) return -error;
    return 1;
}

#endif /* GAVEL_CLIBWEBSOCKETS_SHIM_H */
