extension Transport {
    /// Where to listen and the limits that protect the daemon from slow or hostile clients.
    public struct Configuration: Sendable {
        /// The address to listen on: an IPv4 or IPv6 literal ("127.0.0.1", "::1"), or "localhost".
        public var host: String = "127.0.0.1"
        /// The TCP port; 0 picks a free one (read it back from `Transport.boundPort`).
        public var port: Int = 8417
        /// An optional second listener on a Unix socket with the same handlers (mode 0660; a stale
        /// socket file is replaced; "@name" is an abstract socket).
        public var unixSocketPath: String?
        /// The largest incoming WebSocket message (after reassembling fragments); larger ones close
        /// the connection with 1009.
        public var maxMessageBytes: Int = 64 * 1024
        /// The largest HTTP request body; larger ones are answered 413 without calling the delegate.
        public var maxRequestBodyBytes: Int = 64 * 1024
        /// The most `.queued` messages one connection may have waiting; one more closes it with
        /// 1008 "too slow: messages were not read".
        public var maxQueuedMessages: Int = 256
        /// A connection with unsent data and no successful write for this long is closed (1008
        /// "stalled"). Checked by a sweep every quarter of this (at most every 5 s).
        public var stallTimeout: Duration = .seconds(30)
        /// A WebSocket silent for this long (no pong, since the last one) gets a ping.
        public var pingInterval: Duration = .seconds(30)
        /// A WebSocket silent for this long is hung up (must be longer than `pingInterval`).
        public var idleHangup: Duration = .seconds(60)
        /// The most client connections at once, HTTP and WebSocket together. Beyond it a WebSocket
        /// upgrade is refused with 1013 and an HTTP request with 503 (both say why, with the limit);
        /// beyond it by `refusalHeadroom` more, new connections are closed as soon as they are
        /// accepted, without a word, so the process never runs out of file descriptors. Keep
        /// `maxConnections + refusalHeadroom` under the process's open-file limit, with room for
        /// the listeners and the journal.
        public var maxConnections: Int = 10_000
        /// How many connections past `maxConnections` still get a clear refusal.
        public var refusalHeadroom: Int = 64
        /// A connection has this long to send its request headers (and, with TLS, to finish the
        /// handshake), and an idle HTTP connection is closed after it: a client that trickles its
        /// headers a byte at a time (slowloris) is dropped when it runs out.
        public var headerTimeout: Duration = .seconds(10)
        /// The most WebSocket messages one connection may send: `burst` at once, refilled at
        /// `perSecond`. A client that sends faster is closed with 1008 "too many messages".
        public var inboundMessageRate = MessageRate(perSecond: 50, burst: 200)
        /// Serve HTTPS and WSS on the TCP port with this certificate and key (PEM files). The Unix
        /// socket, if any, stays plain.
        public var tls: TLS?
        /// How long `run()` keeps serving after `requestStop()` so queued data and close frames can
        /// reach clients; connections still open then are dropped.
        public var shutdownGracePeriod: Duration = .seconds(2)
        /// The Server header of HTTP responses.
        public var serverName: String = "gavel"
        /// libwebsockets service threads, each with its own context. The thread that calls `run()`
        /// listens, hands every other new TCP connection to another thread, and makes every delegate
        /// call; the others only read and write their connections and hand the events over to it
        /// (Transport+ServiceThreads.swift).
        public var serviceThreads: Int = 1
        /// How a fan-out's copies are written (`FanoutWrites`).
        public var fanoutWrites: FanoutWrites = .direct
        /// False for the other threads' contexts: they serve connections handed over, with no listener.
        var listens = true

        // The listen backlog is libwebsockets' compile-time SOMAXCONN: 4096 with this build, which
        // is also net.core.somaxconn here, the kernel's cap for any backlog we could ask for.

        /// How a message queued on an idle connection is written.
        public enum FanoutWrites: String, Sendable, CaseIterable {
            /// At once, from the service thread, outside lws's WRITEABLE callback: one send() per
            /// subscriber, as the floor peer does. lws keeps what the socket did not take and writes it
            /// when the socket drains; the next message then waits for a WRITEABLE callback.
            case direct
            /// Always from lws's WRITEABLE callback: lws_callback_on_writable, then the next loop
            /// round hands out the turns (how every fan-out was written before issue 17's last round).
            case polled
        }

        public init() {}

        public init(
            host: String = "127.0.0.1",
            port: Int = 8417,
            unixSocketPath: String? = nil,
            maxMessageBytes: Int = 64 * 1024,
            maxRequestBodyBytes: Int = 64 * 1024,
            maxQueuedMessages: Int = 256,
            stallTimeout: Duration = .seconds(30),
            pingInterval: Duration = .seconds(30),
            idleHangup: Duration = .seconds(60),
            maxConnections: Int = 10_000,
            shutdownGracePeriod: Duration = .seconds(2),
            serverName: String = "gavel"
        ) {
            self.host = host
            self.port = port
            self.unixSocketPath = unixSocketPath
            self.maxMessageBytes = maxMessageBytes
            self.maxRequestBodyBytes = maxRequestBodyBytes
            self.maxQueuedMessages = maxQueuedMessages
            self.stallTimeout = stallTimeout
            self.pingInterval = pingInterval
            self.idleHangup = idleHangup
            self.maxConnections = maxConnections
            self.shutdownGracePeriod = shutdownGracePeriod
            self.serverName = serverName
        }

        /// Checks the values, with a message that says which one is wrong and why.
        func validate() throws(TransportError) {
            guard (0...65535).contains(port) else {
                throw .invalidConfiguration("port \(port) is out of range: use 0...65535 (0 picks a free port)")
            }
            guard maxMessageBytes > 0, maxRequestBodyBytes > 0, maxQueuedMessages > 0, maxConnections > 0 else {
                throw .invalidConfiguration(
                    "maxMessageBytes, maxRequestBodyBytes, maxQueuedMessages and maxConnections must be positive"
                )
            }
            guard refusalHeadroom >= 0, inboundMessageRate.perSecond > 0, inboundMessageRate.burst > 0 else {
                throw .invalidConfiguration(
                    "refusalHeadroom must not be negative, and the inbound message rate positive"
                )
            }
            guard headerTimeout >= .seconds(1), headerTimeout <= .seconds(3600) else {
                throw .invalidConfiguration("headerTimeout (\(headerTimeout)) must be between 1 s and an hour")
            }
            guard stallTimeout > .zero, shutdownGracePeriod >= .zero else {
                throw .invalidConfiguration("stallTimeout must be positive and shutdownGracePeriod not negative")
            }
            guard pingInterval >= .seconds(1), idleHangup > pingInterval, idleHangup <= .seconds(65535) else {
                throw .invalidConfiguration(
                    "pingInterval (\(pingInterval)) must be at least 1 s and idleHangup (\(idleHangup)) longer than it"
                )
            }
            guard (1...8).contains(serviceThreads) else {
                throw .invalidConfiguration("serviceThreads (\(serviceThreads)) must be between 1 and 8")
            }
            if let path = unixSocketPath, path.isEmpty || path.utf8.count > 107 {
                throw .invalidConfiguration("unixSocketPath must be 1 to 107 bytes long (it is \(path.utf8.count))")
            }
        }
    }
}

extension Transport {
    /// A certificate and its private key, in PEM files, for HTTPS and WSS.
    public struct TLS: Sendable, Hashable {
        /// The certificate (with its chain, leaf first).
        public var certificatePath: String
        public var privateKeyPath: String

        public init(certificatePath: String, privateKeyPath: String) {
            self.certificatePath = certificatePath
            self.privateKeyPath = privateKeyPath
        }
    }

    /// How fast one WebSocket client may send messages: a token bucket of `burst` messages,
    /// refilled at `perSecond`.
    public struct MessageRate: Sendable, Hashable {
        public var perSecond: Int
        public var burst: Int

        public init(perSecond: Int, burst: Int) {
            self.perSecond = perSecond
            self.burst = burst
        }
    }
}
