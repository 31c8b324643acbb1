/*
 * One load-client process of Gavel's benchmarks, in C: holds COUNT WebSocket subscribers on one
 * epoll loop and timestamps what each of them receives. The same job, and the same JSON-lines
 * protocol with bench.py, as loadclient.py (picows on uvloop), at a fraction of its CPU per
 * message, so that on a 2-core machine the load client takes as little as possible from the
 * server under test. Built by Scripts/bench: cc -O2 -o loadclient loadclient.c
 *
 *   loadclient --host 127.0.0.1 --port P [--path /ws] --count K [--subprotocol gavel.v1]
 *              [--initial-seq -1|0] [--concurrency 100]
 *
 * stdout (JSON lines):
 *   {"event":"connected","open":N,"failed":F,"seconds":S,"errors":[...]}     once, after connecting
 *   {"event":"held","seq":S,"first_ns":T,"last_ns":T,"count":N}               every open subscriber
 *        holds state S or newer (first/last: when the first and the last got it; CLOCK_REALTIME)
 *   {"event":"alerts","arrivals":[[at_ms,"level",recv_ns],...]}               on "alerts"
 *   {"event":"stats","open":N,"closed":N,"messages":N,"bytes":N,"pings":N}    on "stats"
 *   {"event":"closed"}                                                         on "close", then exit
 * stdin: {"cmd":"alerts"}, {"cmd":"stats"}, {"cmd":"close"}
 *
 * Frames from the server are unmasked and, for these messages, never fragmented; pings are
 * answered with pongs (masked with a zero key, which RFC 6455 allows), close frames with a close.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { CONNECTING, HANDSHAKE, OPEN, CLOSED };

struct conn {
    int fd;
    int state;
    int attempts;
    long long seq;
    unsigned char *buf;
    size_t len, cap;
};

struct held {
    long long seq;
    long long count;
    long long first, last;
    int reported;
};

#define HELD_SLOTS 4096
static struct held held[HELD_SLOTS];
static struct conn *conns;
static int count, open_count, closed_count, failed_count;
static long long messages, bytes_in, pings;
static long long initial_seq = -1;
static char request[1024];
static size_t request_len;
static struct sockaddr_in address;
static int epfd;
static char first_error[256];

struct alert { long long at, recv; char level[12]; };
static struct alert *alerts;
static size_t alerts_len, alerts_cap;

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static double monotonic(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void send_all(int fd, const void *data, size_t len) {
    const char *p = data;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n <= 0) return;  /* a control frame that does not fit: the connection is in trouble anyway */
        p += n;
        len -= (size_t)n;
    }
}

/* A client frame: FIN, opcode, masked with a zero key. */
static void send_frame(int fd, int opcode, const unsigned char *payload, size_t len) {
    unsigned char frame[2 + 4 + 125];
    if (len > 125) len = 125;
    frame[0] = 0x80 | opcode;
    frame[1] = 0x80 | (unsigned char)len;
    memset(frame + 2, 0, 4);
    if (len) memcpy(frame + 6, payload, len);
    send_all(fd, frame, 6 + len);
}

static void drop(struct conn *c) {
    if (c->state == CLOSED) return;
    if (c->state == OPEN) {
        open_count--;
        closed_count++;
    }
    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->state = CLOSED;
    free(c->buf);
    c->buf = NULL;
    c->len = c->cap = 0;
}

static void emit_held(struct held *h) {
    printf("{\"event\":\"held\",\"seq\":%lld,\"first_ns\":%lld,\"last_ns\":%lld,\"count\":%lld}\n",
           h->seq, h->first, h->last, h->count);
    fflush(stdout);
}

static void holds(long long seq, long long previous, long long t) {
    long long from = previous + 1;
    if (seq - from > 64) from = seq - 64;
    for (long long s = from; s <= seq; s++) {
        struct held *h = &held[s % HELD_SLOTS];
        if (h->seq != s) {
            h->seq = s;
            h->count = 0;
            h->first = t;
            h->reported = 0;
        }
        h->count++;
        h->last = t;
        if (h->count >= open_count && !h->reported) {
            h->reported = 1;
            emit_held(h);
        }
    }
}

static long long number_after(const unsigned char *p, size_t len, const char *key) {
    const unsigned char *k = memmem(p, len, key, strlen(key));
    if (!k) return -1;
    k += strlen(key);
    long long value = 0;
    while (k < p + len && *k >= '0' && *k <= '9') value = value * 10 + (*k++ - '0');
    return value;
}

static void text_message(struct conn *c, const unsigned char *p, size_t len, long long t) {
    messages++;
    bytes_in += (long long)len;
    const unsigned char *type = memmem(p, len, "\"type\":\"", 8);
    if (!type || type + 11 > p + len) return;
    type += 8;
    if (memcmp(type, "sta", 3) == 0) {
        long long seq = number_after(p, len, "\"seq\":");
        if (seq > c->seq) {
            long long previous = c->seq;
            c->seq = seq;
            if (previous >= 0) holds(seq, previous, t);
        }
    } else if (memcmp(type, "ale", 3) == 0) {
        if (alerts_len == alerts_cap) {
            alerts_cap = alerts_cap ? alerts_cap * 2 : 4096;
            alerts = realloc(alerts, alerts_cap * sizeof *alerts);
        }
        struct alert *a = &alerts[alerts_len++];
        a->at = number_after(p, len, "\"at\":");
        a->recv = t;
        strcpy(a->level, "?");
        const unsigned char *l = memmem(p, len, "\"level\":\"", 9);
        if (l) {
            l += 9;
            size_t n = 0;
            while (l + n < p + len && l[n] != '"' && n < sizeof a->level - 1) n++;
            memcpy(a->level, l, n);
            a->level[n] = 0;
        }
    }
}

/* Parses whole frames from c->buf; keeps an incomplete one for later. */
static void frames(struct conn *c, long long t) {
    size_t at = 0;
    while (c->len - at >= 2) {
        unsigned char *f = c->buf + at;
        int opcode = f[0] & 0x0f;
        size_t header = 2;
        uint64_t len = f[1] & 0x7f;
        if (len == 126) {
            if (c->len - at < 4) break;
            len = ((uint64_t)f[2] << 8) | f[3];
            header = 4;
        } else if (len == 127) {
            if (c->len - at < 10) break;
            len = 0;
            for (int i = 0; i < 8; i++) len = (len << 8) | f[2 + i];
            header = 10;
        }
        if (f[1] & 0x80) header += 4;  /* a server must not mask; tolerate it */
        if (c->len - at < header + len) {
            size_t need = header + len;
            if (need > c->cap) {
                size_t kept = c->len - at;
                memmove(c->buf, c->buf + at, kept);
                c->len = kept;
                at = 0;
                c->cap = need;
                c->buf = realloc(c->buf, c->cap);
            }
            break;
        }
        unsigned char *payload = f + header;
        switch (opcode) {
        case 0x1: text_message(c, payload, len, t); break;
        case 0x9: pings++; send_frame(c->fd, 0xA, payload, len); break;
        case 0x8:
            send_frame(c->fd, 0x8, payload, len >= 2 ? 2 : 0);
            drop(c);
            return;
        default: break;  /* pong, binary, continuation: not expected */
        }
        at += header + len;
    }
    if (at > 0) {
        memmove(c->buf, c->buf + at, c->len - at);
        c->len -= at;
    }
}

static void readable(struct conn *c) {
    for (;;) {
        if (c->cap - c->len < 16384) {
            c->cap = c->cap * 2 > c->len + 16384 ? c->cap * 2 : c->len + 16384;
            c->buf = realloc(c->buf, c->cap);
        }
        ssize_t n = recv(c->fd, c->buf + c->len, c->cap - c->len, 0);
        if (n > 0) {
            long long t = now_ns();
            c->len += (size_t)n;
            if (c->state == HANDSHAKE) {
                unsigned char *end = memmem(c->buf, c->len, "\r\n\r\n", 4);
                if (!end) continue;
                if (c->len < 12 || memcmp(c->buf, "HTTP/1.1 101", 12) != 0) {
                    if (!first_error[0]) snprintf(first_error, sizeof first_error, "%.60s", c->buf);
                    drop(c);
                    failed_count++;
                    return;
                }
                size_t head = (size_t)(end - c->buf) + 4;
                memmove(c->buf, c->buf + head, c->len - head);
                c->len -= head;
                c->state = OPEN;
                open_count++;
            }
            frames(c, t);
            if (c->state == CLOSED) return;
        } else if (n == 0) {
            drop(c);
            return;
        } else {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            if (errno == EINTR) continue;
            drop(c);
            return;
        }
    }
}

static int start_connect(struct conn *c) {
    c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c->fd < 0) {
        if (!first_error[0]) snprintf(first_error, sizeof first_error, "socket: %s", strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    c->state = CONNECTING;
    c->attempts++;
    if (connect(c->fd, (struct sockaddr *)&address, sizeof address) < 0 && errno != EINPROGRESS) {
        if (!first_error[0]) snprintf(first_error, sizeof first_error, "connect: %s", strerror(errno));
        close(c->fd);
        return -1;
    }
    struct epoll_event ev = {.events = EPOLLOUT, .data.ptr = c};
    epoll_ctl(epfd, EPOLL_CTL_ADD, c->fd, &ev);
    return 0;
}

static void json_string(const char *s) {
    putchar('"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') putchar('\\');
        if ((unsigned char)*s >= 0x20) putchar(*s);
    }
    putchar('"');
}

int main(int argc, char **argv) {
    const char *host = "127.0.0.1", *path = "/ws", *subprotocol = NULL;
    int port = 0, concurrency = 100;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--host")) host = argv[i + 1];
        else if (!strcmp(argv[i], "--port")) port = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--path")) path = argv[i + 1];
        else if (!strcmp(argv[i], "--count")) count = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--subprotocol")) subprotocol = argv[i + 1];
        else if (!strcmp(argv[i], "--initial-seq")) initial_seq = atoll(argv[i + 1]);
        else if (!strcmp(argv[i], "--concurrency")) concurrency = atoi(argv[i + 1]);
    }
    if (!port || count <= 0) {
        fprintf(stderr, "usage: loadclient --port P --count K [--host H] [--path /ws] [--subprotocol S] "
                        "[--initial-seq N] [--concurrency C]\n");
        return 64;
    }
    address.sin_family = AF_INET;
    address.sin_port = htons((uint16_t)port);
    inet_pton(AF_INET, host, &address.sin_addr);
    request_len = (size_t)snprintf(
        request, sizeof request,
        "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n%s%s%s\r\n",
        path, host, port, subprotocol ? "Sec-WebSocket-Protocol: " : "", subprotocol ? subprotocol : "",
        subprotocol ? "\r\n" : "");

    epfd = epoll_create1(EPOLL_CLOEXEC);
    conns = calloc((size_t)count, sizeof *conns);
    struct epoll_event events[1024];
    double started = monotonic();

    /* Connect, `concurrency` handshakes in flight at a time. */
    int next = 0, pending = 0;
    while ((next < count || pending > 0)) {
        while (next < count && pending < concurrency) {
            struct conn *c = &conns[next++];
            c->seq = initial_seq;
            if (start_connect(c) == 0) pending++;
            else { c->state = CLOSED; failed_count++; }
        }
        int n = epoll_wait(epfd, events, 1024, 1000);
        if (n < 0 && errno != EINTR) break;
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (c->state == CONNECTING) {
                int error = 0;
                socklen_t size = sizeof error;
                getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &size);
                if (error || (events[i].events & (EPOLLERR | EPOLLHUP))) {
                    epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
                    close(c->fd);
                    if (c->attempts < 5 && start_connect(c) == 0) continue;
                    if (!first_error[0]) snprintf(first_error, sizeof first_error, "connect: %s", strerror(error));
                    c->state = CLOSED;
                    failed_count++;
                    pending--;
                    continue;
                }
                send_all(c->fd, request, request_len);
                c->state = HANDSHAKE;
                struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
                epoll_ctl(epfd, EPOLL_CTL_MOD, c->fd, &ev);
            } else {
                int was = c->state;
                readable(c);
                if (was == HANDSHAKE && c->state != HANDSHAKE) pending--;
            }
        }
    }
    printf("{\"event\":\"connected\",\"open\":%d,\"failed\":%d,\"seconds\":%.3f,\"errors\":[", open_count,
           failed_count, monotonic() - started);
    if (first_error[0]) json_string(first_error);
    printf("]}\n");
    fflush(stdout);

    /* Serve: subscribers, and commands on stdin. */
    struct epoll_event in = {.events = EPOLLIN, .data.ptr = NULL};
    epoll_ctl(epfd, EPOLL_CTL_ADD, 0, &in);
    char line[4096];
    size_t line_len = 0;
    for (;;) {
        int n = epoll_wait(epfd, events, 1024, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (c) {
                if (c->state != CLOSED) readable(c);
                continue;
            }
            ssize_t r = read(0, line + line_len, sizeof line - 1 - line_len);
            if (r <= 0) goto finish;
            line_len += (size_t)r;
            line[line_len] = 0;
            char *newline;
            while ((newline = strchr(line, '\n'))) {
                *newline = 0;
                if (strstr(line, "\"alerts\"")) {
                    printf("{\"event\":\"alerts\",\"arrivals\":[");
                    for (size_t k = 0; k < alerts_len; k++)
                        printf("%s[%lld,\"%s\",%lld]", k ? "," : "", alerts[k].at, alerts[k].level, alerts[k].recv);
                    printf("]}\n");
                    fflush(stdout);
                    alerts_len = 0;
                } else if (strstr(line, "\"stats\"")) {
                    printf("{\"event\":\"stats\",\"open\":%d,\"closed\":%d,\"messages\":%lld,\"bytes\":%lld,"
                           "\"pings\":%lld}\n", open_count, closed_count, messages, bytes_in, pings);
                    fflush(stdout);
                } else if (strstr(line, "\"close\"")) {
                    goto finish;
                }
                size_t used = (size_t)(newline - line) + 1;
                memmove(line, newline + 1, line_len - used + 1);
                line_len -= used;
            }
        }
    }
finish:
    for (int i = 0; i < count; i++) {
        struct conn *c = &conns[i];
        if (c->state == OPEN) {
            unsigned char code[2] = {0x03, 0xE8};  /* 1000 */
            send_frame(c->fd, 0x8, code, 2);
            shutdown(c->fd, SHUT_WR);
        }
    }
    /* Give the server a moment to answer the close frames, then go. */
    double deadline = monotonic() + 1.0;
    while (monotonic() < deadline) {
        int n = epoll_wait(epfd, events, 1024, 100);
        if (n <= 0) break;
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (!c || c->state == CLOSED) continue;
            char sink[65536];
            ssize_t r = recv(c->fd, sink, sizeof sink, 0);
            if (r <= 0 && !(r < 0 && errno == EAGAIN)) {
                epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
                close(c->fd);
                c->state = CLOSED;
            }
        }
    }
    printf("{\"event\":\"closed\"}\n");
    fflush(stdout);
    return 0;
}
