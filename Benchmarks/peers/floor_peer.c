/* The floor of Gavel's benchmarks: the least a WebSocket server can do for a fan-out on this
 * machine. One thread, one epoll loop, no library: a text message from any connection is framed
 * once and written to every other connection with one send() each, in the order they connected.
 * Nothing is journaled, parsed or queued, so what it measures is the kernel's share of a fan-out
 * (send() on loopback, which also runs the receiving side's TCP) plus the load client's: no server
 * of the same shape can be faster here, and the gap between it and gaveld is gaveld's own cost.
 *
 * Speaks just enough WebSocket for the load client and the orchestrator: the upgrade (one request
 * per connection, Sec-WebSocket-Key answered), masked client frames up to 16 KiB, ping -> pong,
 * close. GET /healthz answers 200. A write the socket does not take whole keeps the rest for
 * EPOLLOUT (on a fresh socket with a few KB this does not happen; the count is on stderr at exit).
 *
 * With THREADS = 2, a second thread writes the second half of every fan-out while the first
 * writes the first half: the floor for a server that spreads its writes over both cores.
 *
 *   cc -O2 -o floor_peer floor_peer.c -lcrypto -lpthread && ./floor_peer PORT [THREADS]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FDS 65536
#define IN_CAP 65536 /* the control message is a state stand-in: 16.5 KB for the plenary agenda */

struct conn {
    int open;           /* upgraded to WebSocket */
    size_t in_len;
    unsigned char *in;
    unsigned char *out; /* what a short write left */
    size_t out_len, out_off;
};

static struct conn conns[MAX_FDS];
static int ws_fds[MAX_FDS]; /* open WebSockets in connection order (holes are -1) */
static size_t ws_count, ws_holes;
static int epfd;
static unsigned long short_writes;

static void drop(int fd) {
    struct conn *c = &conns[fd];
    if (c->open)
        for (size_t i = 0; i < ws_count; i++)
            if (ws_fds[i] == fd) { ws_fds[i] = -1; ws_holes++; break; }
    free(c->in);
    free(c->out);
    memset(c, 0, sizeof *c);
    epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
    close(fd);
}

static void write_all(int fd, const unsigned char *data, size_t len) {
    struct conn *c = &conns[fd];
    if (c->out_len > c->out_off) return; /* behind: this one is dropped, the next waits */
    ssize_t n = send(fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK) { drop(fd); return; }
        n = 0;
    }
    if ((size_t)n < len) {
        short_writes++;
        free(c->out);
        c->out = malloc(len - n);
        memcpy(c->out, data + n, len - n);
        c->out_len = len - n;
        c->out_off = 0;
        struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.fd = fd};
        epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
    }
}

static size_t frame_header(unsigned char *h, int opcode, size_t len) {
    h[0] = 0x80 | opcode;
    if (len < 126) { h[1] = len; return 2; }
    if (len < 65536) { h[1] = 126; h[2] = len >> 8; h[3] = len; return 4; }
    h[1] = 127;
    for (int i = 0; i < 8; i++) h[2 + i] = (unsigned char)(len >> (56 - 8 * i));
    return 10;
}

static unsigned char *frame_buffer;

/* The second writer: sends the frame to ws_fds[job_from, job_to) and only send()s, recording the
 * writes that did not go whole for the first thread to deal with (it owns the connections). */
static int threads = 1;
static pthread_mutex_t job_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t job_ready = PTHREAD_COND_INITIALIZER, job_done = PTHREAD_COND_INITIALIZER;
static size_t job_from, job_to, job_len;
static int job_skip, job_pending;
static int *job_failed_fd;
static ssize_t *job_failed_n;
static size_t job_failed;

static void *second_writer(void *unused) {
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&job_lock);
        while (!job_pending) pthread_cond_wait(&job_ready, &job_lock);
        pthread_mutex_unlock(&job_lock);
        job_failed = 0;
        for (size_t i = job_from; i < job_to; i++) {
            int fd = ws_fds[i];
            if (fd < 0 || fd == job_skip || conns[fd].out_len > conns[fd].out_off) continue;
            ssize_t n = send(fd, frame_buffer, job_len, MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n != (ssize_t)job_len) {
                job_failed_fd[job_failed] = fd;
                job_failed_n[job_failed++] = n < 0 ? -(ssize_t)errno : n;  /* errno is this thread's */
            }
        }
        pthread_mutex_lock(&job_lock);
        job_pending = 0;
        pthread_cond_signal(&job_done);
        pthread_mutex_unlock(&job_lock);
    }
    return NULL;
}

static void broadcast(int from, const unsigned char *payload, size_t len) {
    unsigned char header[10];
    size_t hl = frame_header(header, 1, len);
    frame_buffer = realloc(frame_buffer, hl + len);
    memcpy(frame_buffer, header, hl);
    memcpy(frame_buffer + hl, payload, len);
    size_t mine = threads > 1 ? ws_count / 2 : ws_count;
    if (threads > 1) {
        pthread_mutex_lock(&job_lock);
        job_from = mine, job_to = ws_count, job_len = hl + len, job_skip = from, job_pending = 1;
        pthread_cond_signal(&job_ready);
        pthread_mutex_unlock(&job_lock);
    }
    for (size_t i = 0; i < mine; i++) {
        int fd = ws_fds[i];
        if (fd >= 0 && fd != from) write_all(fd, frame_buffer, hl + len);
    }
    if (threads > 1) {
        pthread_mutex_lock(&job_lock);
        while (job_pending) pthread_cond_wait(&job_done, &job_lock);
        pthread_mutex_unlock(&job_lock);
        for (size_t k = 0; k < job_failed; k++) {
            int fd = job_failed_fd[k];
            ssize_t n = job_failed_n[k];
            if (n < 0 && -n != EAGAIN && -n != EWOULDBLOCK) { drop(fd); continue; }
            size_t sent = n < 0 ? 0 : (size_t)n;
            short_writes++;
            struct conn *c = &conns[fd];
            free(c->out);
            c->out = malloc(hl + len - sent);
            memcpy(c->out, frame_buffer + sent, hl + len - sent);
            c->out_len = hl + len - sent;
            c->out_off = 0;
            struct epoll_event ev = {.events = EPOLLIN | EPOLLOUT, .data.fd = fd};
            epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
        }
    }
}

static void handshake(int fd) {
    struct conn *c = &conns[fd];
    c->in[c->in_len] = 0;
    char *end = strstr((char *)c->in, "\r\n\r\n");
    if (!end) return;
    size_t used = (unsigned char *)end + 4 - c->in;
    if (strncmp((char *)c->in, "GET /healthz", 12) == 0) {
        const char *ok = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n";
        send(fd, ok, strlen(ok), MSG_NOSIGNAL);
        drop(fd);
        return;
    }
    char *key = strcasestr((char *)c->in, "Sec-WebSocket-Key:");
    if (!key) { drop(fd); return; }
    key += 18;
    while (*key == ' ') key++;
    char joined[128];
    size_t kl = strcspn(key, "\r\n");
    if (kl > 64) { drop(fd); return; }
    snprintf(joined, sizeof joined, "%.*s258EAFA5-E914-47DA-95CA-C5AB0DC85B11", (int)kl, key);
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1((unsigned char *)joined, strlen(joined), digest);
    unsigned char accept[64];
    EVP_EncodeBlock(accept, digest, SHA_DIGEST_LENGTH);
    char reply[256];
    int rl = snprintf(reply, sizeof reply,
                      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      "Sec-WebSocket-Accept: %s\r\n\r\n", accept);
    send(fd, reply, rl, MSG_NOSIGNAL);
    memmove(c->in, c->in + used, c->in_len - used);
    c->in_len -= used;
    c->open = 1;
    ws_fds[ws_count++] = fd;
}

/* Handles the complete frames in the buffer; returns 0 if the connection was dropped. */
static int frames(int fd) {
    struct conn *c = &conns[fd];
    while (c->in_len >= 2) {
        unsigned char *p = c->in;
        int opcode = p[0] & 0x0f, masked = p[1] & 0x80;
        size_t len = p[1] & 0x7f, at = 2;
        if (len == 126) { if (c->in_len < 4) return 1; len = (p[2] << 8) | p[3]; at = 4; }
        else if (len == 127) { drop(fd); return 0; }
        if (!masked) { drop(fd); return 0; }
        if (c->in_len < at + 4 + len) {
            if (at + 4 + len > IN_CAP - 1) { drop(fd); return 0; }
            return 1;
        }
        unsigned char *mask = p + at, *payload = p + at + 4;
        for (size_t i = 0; i < len; i++) payload[i] ^= mask[i & 3];
        if (opcode == 1 || opcode == 2) broadcast(fd, payload, len);
        else if (opcode == 9) {
            unsigned char pong[140];
            size_t hl = frame_header(pong, 10, len > 125 ? 125 : len);
            memcpy(pong + hl, payload, len > 125 ? 125 : len);
            write_all(fd, pong, hl + (len > 125 ? 125 : len));
        } else if (opcode == 8) { drop(fd); return 0; }
        size_t used = at + 4 + len;
        memmove(c->in, c->in + used, c->in_len - used);
        c->in_len -= used;
    }
    return 1;
}

static void readable(int fd) {
    struct conn *c = &conns[fd];
    for (;;) {
        if (c->in_len >= IN_CAP - 1) { drop(fd); return; }
        ssize_t n = recv(fd, c->in + c->in_len, IN_CAP - 1 - c->in_len, MSG_DONTWAIT);
        if (n == 0) { drop(fd); return; }
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            drop(fd);
            return;
        }
        c->in_len += n;
        if (!c->open) { handshake(fd); if (!conns[fd].in) return; }
        if (c->open && !frames(fd)) return;
    }
}

static void writable(int fd) {
    struct conn *c = &conns[fd];
    while (c->out_off < c->out_len) {
        ssize_t n = send(fd, c->out + c->out_off, c->out_len - c->out_off, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            drop(fd);
            return;
        }
        c->out_off += n;
    }
    free(c->out);
    c->out = NULL;
    c->out_len = c->out_off = 0;
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
    epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
}

static volatile sig_atomic_t stopping;
static void on_signal(int s) { (void)s; stopping = 1; }

int main(int argc, char **argv) {
    int port = argc > 1 ? atoi(argv[1]) : 8422;
    threads = argc > 2 && atoi(argv[2]) == 2 ? 2 : 1;
    if (threads > 1) {
        job_failed_fd = malloc(MAX_FDS * sizeof *job_failed_fd);
        job_failed_n = malloc(MAX_FDS * sizeof *job_failed_n);
        pthread_t worker;
        pthread_create(&worker, NULL, second_writer, NULL);
    }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    signal(SIGPIPE, SIG_IGN);
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(listener, 4096) < 0) {
        perror("floor_peer: listen");
        return 1;
    }
    epfd = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = listener};
    epoll_ctl(epfd, EPOLL_CTL_ADD, listener, &ev);
    struct epoll_event events[512];
    while (!stopping) {
        int n = epoll_wait(epfd, events, 512, 1000);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                for (;;) {
                    int client = accept4(listener, NULL, NULL, SOCK_NONBLOCK);
                    if (client < 0) break;
                    if (client >= MAX_FDS) { close(client); continue; }
                    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    conns[client].in = malloc(IN_CAP);
                    struct epoll_event cev = {.events = EPOLLIN, .data.fd = client};
                    epoll_ctl(epfd, EPOLL_CTL_ADD, client, &cev);
                }
                continue;
            }
            if (!conns[fd].in) continue; /* dropped earlier in this round */
            if (events[i].events & EPOLLOUT) writable(fd);
            if (conns[fd].in && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) readable(fd);
        }
        /* Keep the order list compact as connections go. */
        if (ws_holes) {
            size_t k = 0;
            for (size_t i = 0; i < ws_count; i++) if (ws_fds[i] >= 0) ws_fds[k++] = ws_fds[i];
            ws_count = k;
            ws_holes = 0;
        }
    }
    fprintf(stderr, "floor_peer: %lu short writes\n", short_writes);
    return 0;
}
