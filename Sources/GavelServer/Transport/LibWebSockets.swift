import CLibWebSockets
import GavelProtocol
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

// The libwebsockets context, the libev loop it runs in, the C tables it points into, timers and
// log routing.
// With Transport+LibWebSockets.swift, the only place where Gavel touches libwebsockets.

/// Protocol ids in the vhost protocol table (`lws_protocols.id`).
enum ProtocolID: UInt32 {
    /// protocols[0]: HTTP, and every WSI_CREATE/WSI_DESTROY.
    case http = 0
    /// "gavel.v1", also the vhost's "default" protocol for clients that name none.
    case gavel = 1
    /// Catches clients that offer only other subprotocols, so they can be refused with a close frame.
    case refusal = 2
    /// "gavel.v2".
    case gavelV2 = 3

    /// The protocol version a WebSocket bound to this protocol speaks; nil for the refusal.
    var version: ProtocolVersion? {
        switch self {
        case .gavel: .v1
        case .gavelV2: .v2
        case .http, .refusal: nil
        }
    }
}

/// The context's user pointer: lets the C callbacks find the transport without keeping it alive.
/// `transport` reads nil while the transport is being deinitialised, so callbacks made by
/// `lws_context_destroy` from `deinit` do nothing.
final class CallbackTarget {
    weak var transport: Transport?
}

/// Owns the libwebsockets context and everything it points into.
final class LibWebSocketsContext {
    /// nil once destroyed.
    private(set) var context: OpaquePointer?
    /// The event loop lws runs in: libev's, on epoll. lws's own loop poll()s every descriptor on
    /// each wake-up, which at 10,000 displays made every round the chair's command went through
    /// cost a scan of all of them (Benchmarks/analysis.md). The loop is "foreign" (ours), so a
    /// service round is one `ev_run(EVRUN_ONCE)` and the transport keeps its work between rounds.
    /// Not libuv: lws 4.1.6 built with _DEBUG closes a WebSocket a second time under libuv
    /// ("close_and_handled uv repeat test"), which drops the close frame of any close begun in
    /// WRITEABLE.
    let loop: OpaquePointer
    /// The TCP port actually listened on.
    let boundPort: Int
    /// The vhost of the TCP port: its listener's connections, and those adopted from thread 0.
    let tcpVhost: OpaquePointer
    private let tables: ProtocolTables
    private let target: CallbackTarget
    private let logRegistration: UInt64

    init(configuration: Transport.Configuration, target: CallbackTarget, logger: Logger) throws(TransportError) {
        let tables = ProtocolTables(configuration: configuration)
        let logRegistration = LibWebSocketsLog.register(logger)

        guard let loop = ev_loop_new(0) else {
            LibWebSocketsLog.unregister(logRegistration)
            throw .libwebsockets("libev could not create its event loop")
        }
        var foreignLoops: [UnsafeMutableRawPointer?] = [UnsafeMutableRawPointer(loop)]

        var info = lws_context_creation_info()
        info.options = UInt64(LWS_SERVER_OPTION_EXPLICIT_VHOSTS) | UInt64(LWS_SERVER_OPTION_LIBEV)
        if configuration.tls != nil { info.options |= UInt64(LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT) }
        info.user = Unmanaged.passUnretained(target).toOpaque()
        info.port = CONTEXT_PORT_NO_LISTEN
        info.gid = -1
        info.uid = -1
        info.server_string = UnsafePointer(tables.serverName)
        // Room for request headers well past the transport's limit (Transport.maxRequestHeadBytes),
        // so that a request over the limit still parses and gets its 431: when the headers overflow
        // this buffer, lws closes the connection without a word and with no callback that could
        // answer first. 65535 is the most the field takes. Each buffer is allocated while a
        // connection reads its request headers or serves an HTTP request, and only the pages written
        // to are touched.
        info.max_http_header_data = UInt16.max
        // lws' own timeouts that use the context's value rather than the vhost's: a POST body after
        // its headers (re-armed at every chunk; the transport answers 408 before it fires), the TLS
        // handshake, a closing connection waiting for the peer's FIN. Without it they were 5 s.
        info.timeout_secs = UInt32(clamping: configuration.headerTimeout.components.seconds)
        let created = foreignLoops.withUnsafeMutableBufferPointer { loops in
            info.foreign_loops = loops.baseAddress
            return LibWebSocketsLog.serialized { lws_create_context(&info) }
        }
        guard let context = created else {
            Self.closeLoop(loop)
            LibWebSocketsLog.unregister(logRegistration)
            throw .libwebsockets(
                "libwebsockets could not create its context (see the errors logged before "
                    + "this); its libev event-loop plugin comes with Debian's libwebsockets-evlib-ev"
            )
        }

        func fail(_ error: TransportError) -> TransportError {
            LibWebSocketsLog.serialized { lws_context_destroy(context) }
            Self.closeLoop(loop)
            LibWebSocketsLog.unregister(logRegistration)
            return error
        }

        let host = configuration.host == "localhost" ? "127.0.0.1" : configuration.host
        let (tcp, tcpErrors) = LibWebSocketsLog.capturingErrors {
            tables.withVhostInfo(
                name: "gavel-tcp",
                iface: host,
                // Another service thread's context serves sockets thread 0 accepted: no listener.
                port: configuration.listens ? configuration.port : Int(CONTEXT_PORT_NO_LISTEN_SERVER),
                unixSocket: false,
                tls: configuration.tls
            ) {
                lws_create_vhost(context, $0)
            }
        }
        if tcp == nil, let tls = configuration.tls, let problem = Self.tlsFailure(tcpErrors) {
            throw fail(
                .tls(
                    "cannot serve TLS with the certificate \(tls.certificatePath) and the key "
                        + "\(tls.privateKeyPath): \(problem); check that they are readable PEM files and belong together"
                )
            )
        }
        guard let tcp else {
            throw fail(
                .cannotListen(
                    "cannot listen on \(Self.endpoint(configuration.host, configuration.port)): "
                        + Self.bindFailure(
                            tcpErrors,
                            fallback:
                                "not an address of this machine (use an IP address such as 127.0.0.1, or localhost)"
                        )
                )
            )
        }
        let port = configuration.listens ? Int(lws_get_vhost_listen_port(tcp)) : configuration.port

        if let path = configuration.unixSocketPath {
            let (unix, unixErrors) = LibWebSocketsLog.capturingErrors {
                tables.withVhostInfo(
                    name: "gavel-unix",
                    iface: path,
                    port: 0,
                    unixSocket: true,
                    tls: nil
                ) {
                    lws_create_vhost(context, $0)
                }
            }
            guard unix != nil else {
                throw fail(
                    .cannotListen(
                        "cannot listen on unix socket \(path): "
                            + Self.bindFailure(unixErrors, fallback: "check that its directory exists and is writable")
                    )
                )
            }
        }

        self.context = context
        self.tcpVhost = tcp
        self.loop = loop
        self.boundPort = port
        self.tables = tables
        self.target = target
        self.logRegistration = logRegistration
    }

    deinit {
        destroy()
        LibWebSocketsLog.unregister(logRegistration)
    }

    /// Waits for and handles the next events (network, timers, `lws_cancel_service`). False if
    /// libwebsockets reports a failure.
    func serviceOnce() -> Bool {
        guard context != nil else { return false }
        _ = ev_run(loop, Int32(EVRUN_ONCE))
        return true
    }

    /// Has lws look at its own timeouts again (see `Transport.wakeLibWebSocketsTimers`): a wake-up
    /// through its event pipe runs its idle handler, which re-arms its loop timer.
    func wakeTimers() {
        guard let context else { return }
        lws_cancel_service(context)
    }

    /// Services `wsi` as writeable right away, outside the event loop, if its socket can take data
    /// now (a poll() of that one descriptor, no wait): lws runs its SERVER_WRITEABLE callback as it
    /// would from the loop. False if the socket is full or not there. `wsi` may be closed
    /// and freed by the time this returns.
    func serviceWriteableNow(_ wsi: OpaquePointer) -> Bool {
        guard let context else { return false }
        let fd = lws_get_socket_fd(wsi)
        guard fd >= 0 else { return false }
        var probe = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&probe, 1, 0) == 1, probe.revents & Int16(POLLOUT) != 0,
            probe.revents & Int16(POLLERR | POLLHUP | POLLNVAL) == 0
        else { return false }
        var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: Int16(POLLOUT))  // lws_pollfd is pollfd here
        return lws_service_fd(context, &ready) >= 0
    }

    /// Closes every connection (their CLOSED callbacks run now, on this thread) and frees the
    /// context. Cancel every timer first. Idempotent.
    func destroy() {
        guard let context else { return }
        self.context = nil
        LibWebSocketsLog.serialized { lws_context_destroy(context) }
        Self.closeLoop(loop)
    }

    /// Lets lws finish with the loop after lws_context_destroy, then frees it.
    private static func closeLoop(_ loop: OpaquePointer) {
        LibWebSocketsLog.serialized { _ = ev_run(loop, Int32(EVRUN_NOWAIT)) }
        ev_loop_destroy(loop)
    }

    /// Before the next WebSocket upgrade is matched against the protocol table: makes the refusal
    /// protocol answer to `subprotocol`, or to nothing.
    ///
    /// lws binds an upgrade only to a protocol whose name the client offered, and drops the
    /// connection without a word when none matches. Renaming the refusal protocol to the client's
    /// own first offer lets the handshake complete (echoing a subprotocol the client asked for),
    /// so the client can be told why in a close frame (1002) instead.
    func setRefusalName(_ subprotocol: String?) {
        tables.setRefusalName(subprotocol)
    }

    private static func endpoint(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The TLS part of lws' errors when a vhost could not load its certificate or key, if any.
    private static func tlsFailure(_ errors: [String]) -> String? {
        let markers = ["ssl", "tls", "cert", "key", "pem"]
        let lines = errors.filter { line in markers.contains { line.lowercased().contains($0) } }
        guard !lines.isEmpty else { return nil }
        return lines.suffix(2).joined(separator: "; ")
    }

    /// "address already in use" from lws' "ERROR on binding fd 12 to port 8417 (-1 98)".
    private static func bindFailure(_ errors: [String], fallback: String) -> String {
        for line in errors.reversed() where line.contains("binding") {
            guard let open = line.lastIndex(of: "("), let close = line.lastIndex(of: ")"), open < close else {
                continue
            }
            let numbers = line[line.index(after: open)..<close].split(separator: " ")
            if let last = numbers.last, let code = Int32(last), code > 0, let message = strerror(code) {
                let text = String(cString: message)
                return text.prefix(1).lowercased() + text.dropFirst()
            }
        }
        return fallback
    }
}

/// The C structures the context and its vhosts point into; they must outlive the context.
private final class ProtocolTables {
    private static let refusalNameCapacity = 64

    let protocols: UnsafeMutablePointer<lws_protocols>
    let protocolOptions: UnsafeMutablePointer<lws_protocol_vhost_options>
    let retryPolicy: UnsafeMutablePointer<lws_retry_bo_t>
    let serverName: UnsafeMutablePointer<CChar>
    /// Seconds for lws' own timeouts: request headers, the TLS handshake, an idle connection.
    private let headerTimeoutSeconds: UInt32
    private let refusalName: UnsafeMutablePointer<CChar>
    private var strings: [UnsafeMutablePointer<CChar>] = []
    private let ipv6: Bool

    init(configuration: Transport.Configuration) {
        func cString(_ string: String) -> UnsafeMutablePointer<CChar> { strdup(string)! }
        serverName = cString(configuration.serverName)
        ipv6 = configuration.host.contains(":")
        headerTimeoutSeconds = UInt32(clamping: configuration.headerTimeout.components.seconds)

        refusalName = .allocate(capacity: Self.refusalNameCapacity)
        refusalName.initialize(repeating: 0, count: Self.refusalNameCapacity)
        refusalName[0] = 1  // a control character: no client token can match it

        // One frame (or HTTP chunk) per socket write: lws writes at most tx_packet_size (+ LWS_PRE)
        // per syscall and buffers the rest itself, 4 KiB at a time by default.
        let txPacketSize = Transport.frameBytes + 16
        let http = cString("http")
        let gavel = cString(ProtocolVersion.v1.rawValue)
        let gavelV2 = cString(ProtocolVersion.v2.rawValue)
        strings += [http, gavel, gavelV2]
        protocols = .allocate(capacity: 5)
        protocols.initialize(repeating: lws_protocols(), count: 5)
        protocols[0] = lws_protocols(
            name: http,
            callback: gavelProtocolCallback,
            per_session_data_size: 0,
            rx_buffer_size: 0,
            id: ProtocolID.http.rawValue,
            user: nil,
            tx_packet_size: txPacketSize
        )
        // rx_buffer_size is allocated per connection: keep it small; messages are reassembled in Swift
        // (a chair's 64 KiB command arrives in 1 KiB pieces). 1 KiB instead of 4 took gaveld from 7.0
        // to 4.0 KiB of RSS per display at 10,000 (113.5 to 83 MB), the fan-out unchanged
        // (Benchmarks/analysis.md, Memory).
        protocols[1] = lws_protocols(
            name: gavel,
            callback: gavelProtocolCallback,
            per_session_data_size: 0,
            rx_buffer_size: 1024,
            id: ProtocolID.gavel.rawValue,
            user: nil,
            tx_packet_size: txPacketSize
        )
        // lws binds an upgrade to the first subprotocol of the client's list that it has: a client
        // offering "gavel.v2, gavel.v1" gets v2 here and v1 from an older daemon.
        protocols[2] = lws_protocols(
            name: gavelV2,
            callback: gavelProtocolCallback,
            per_session_data_size: 0,
            rx_buffer_size: 1024,
            id: ProtocolID.gavelV2.rawValue,
            user: nil,
            tx_packet_size: txPacketSize
        )
        protocols[3] = lws_protocols(
            name: refusalName,
            callback: gavelProtocolCallback,
            per_session_data_size: 0,
            rx_buffer_size: 512,
            id: ProtocolID.refusal.rawValue,
            user: nil,
            tx_packet_size: 0
        )
        // protocols[4] stays zeroed: the terminator.

        // Per-vhost options: { "gavel.v1": { "default": "" } } makes clients without
        // Sec-WebSocket-Protocol bind to gavel.v1 instead of protocols[0].
        let defaultName = cString("default")
        let empty = cString("")
        strings += [defaultName, empty]
        protocolOptions = .allocate(capacity: 2)
        protocolOptions[1] = lws_protocol_vhost_options(next: nil, options: nil, name: defaultName, value: empty)
        protocolOptions[0] = lws_protocol_vhost_options(
            next: nil,
            options: protocolOptions + 1,
            name: gavel,
            value: empty
        )

        // No keepalive from lws itself (0, 0): it keeps one timer per connection in a single sorted
        // list and re-inserts it, walking the whole list, at every ping and pong: O(N^2) CPU per
        // ping interval (11 % of a core idle with 10,000 displays). The transport's sweep pings
        // silent connections and hangs up dead ones instead (Transport.sweepConnections).
        retryPolicy = .allocate(capacity: 1)
        retryPolicy.initialize(
            to: lws_retry_bo_t(
                retry_ms_table: nil,
                retry_ms_table_count: 0,
                conceal_count: 0,
                secs_since_valid_ping: 0,
                secs_since_valid_hangup: 0,
                jitter_percent: 0
            )
        )
    }

    deinit {
        protocols.deallocate()
        protocolOptions.deallocate()
        retryPolicy.deallocate()
        refusalName.deallocate()
        free(serverName)
        for string in strings { free(string) }
    }

    func setRefusalName(_ subprotocol: String?) {
        let bytes = subprotocol.map { Array($0.utf8) } ?? []
        guard !bytes.isEmpty, bytes.count < Self.refusalNameCapacity else {
            refusalName[0] = 1
            refusalName[1] = 0
            return
        }
        for (index, byte) in bytes.enumerated() { refusalName[index] = CChar(bitPattern: byte) }
        refusalName[bytes.count] = 0
    }

    /// Calls `body` with the creation info for one listening vhost.
    func withVhostInfo<T>(
        name: String,
        iface: String,
        port: Int,
        unixSocket: Bool,
        tls: Transport.TLS?,
        _ body: (UnsafePointer<lws_context_creation_info>) -> T
    ) -> T {
        // lws keeps these pointers for the vhost's life.
        let vhostName = strdup(name)!
        let interface = strdup(iface)!
        // HTTP/1.1 only, over TLS too: an ALPN offer of h2 would be taken by browsers, and lws'
        // HTTP/2 streams do not get their bodies out here (see confirmUpgrade).
        let alpn = strdup("http/1.1")!
        strings += [vhostName, interface, alpn]

        var info = lws_context_creation_info()
        info.vhost_name = UnsafePointer(vhostName)
        info.iface = UnsafePointer(interface)
        info.port = Int32(port)
        info.protocols = UnsafePointer(protocols)
        info.pvo = UnsafePointer(protocolOptions)
        info.retry_and_idle_policy = UnsafePointer(retryPolicy)
        // No extensions: permessage-deflate would compress every broadcast once per subscriber, and
        // with it lws wedged connections here when several clients sent large messages at once.
        info.extensions = nil
        info.options = UInt64(LWS_SERVER_OPTION_FAIL_UPON_UNABLE_TO_BIND)
        // A request whose first line lws cannot parse (an unknown method such as TRACE, or bytes that
        // are not HTTP) is handed to protocols[0] as a raw socket (RAW_ADOPT, then RAW_RX with what
        // was read) instead of being answered with lws' HTML 403 page: the transport answers JSON.
        info.options |= UInt64(LWS_SERVER_OPTION_FALLBACK_TO_APPLY_LISTEN_ACCEPT_CONFIG)
        if unixSocket { info.options |= UInt64(LWS_SERVER_OPTION_UNIX_SOCK) }
        if !ipv6 && !unixSocket { info.options |= UInt64(LWS_SERVER_OPTION_DISABLE_IPV6) }
        info.gid = -1
        info.uid = -1
        // Slowloris: headers trickled a byte at a time, or a TLS handshake never finished, run
        // out of this; so does an idle connection that has not sent a request yet.
        info.timeout_secs = headerTimeoutSeconds
        info.timeout_secs_ah_idle = headerTimeoutSeconds
        info.alpn = UnsafePointer(alpn)
        if let tls {
            let certificate = strdup(tls.certificatePath)!
            let key = strdup(tls.privateKeyPath)!
            strings += [certificate, key]
            info.ssl_cert_filepath = UnsafePointer(certificate)
            info.ssl_private_key_filepath = UnsafePointer(key)
            // lws looks for this in the vhost's options too: without it the vhost serves plain HTTP.
            info.options |= UInt64(LWS_SERVER_OPTION_DO_SSL_GLOBAL_INIT)
        }
        return withUnsafePointer(to: &info) { body($0) }
    }
}

// MARK: - Calls the transport makes on connections

/// Thin wrappers over the lws calls `Transport` makes outside the callbacks (all on the service thread).
enum LWS {
    /// Asks for a WRITEABLE callback on `wsi` (once, however often asked before it comes).
    static func requestWriteable(_ wsi: OpaquePointer) {
        _ = lws_callback_on_writable(wsi)
    }

    /// Asks the processor to fetch `lines` cache lines from `address` ahead of their use: a hint,
    /// with no effect on what the program computes (no lws call; it lives beside them in the shim).
    @inline(__always)
    static func prefetch(_ address: UnsafeRawPointer, lines: Int32) {
        gavel_prefetch(address, lines)
    }

    /// lws still holds bytes of an earlier write on `wsi` that the socket did not take: the next
    /// write must wait for its WRITEABLE, which sends them first.
    static func hasBufferedBytes(_ wsi: OpaquePointer) -> Bool {
        lws_partial_buffered(wsi) != 0
    }

    /// The socket of a connection whose bytes go to the network as they are written (not TLS).
    static func plainSocket(_ wsi: OpaquePointer) -> Int32? {
        guard lws_is_ssl(wsi) == 0 else { return nil }
        let socket = lws_get_socket_fd(wsi)
        return socket >= 0 ? socket : nil
    }

    /// Sends `frame`, a whole WebSocket frame, on the plain `socket` of `wsi`, which lws must hold
    /// no bytes for: one send(). What the socket does not take goes to lws as raw bytes
    /// (`LWS_WRITE_HTTP` on a WebSocket skips the framing), which keeps them and sends them at
    /// POLLOUT before anything else on the connection, exactly as for a partial lws_write.
    /// Negative if the connection failed.
    static func sendFrame(_ frame: UnsafeRawBufferPointer, socket: Int32, wsi: OpaquePointer) -> Int32 {
        let sent = send(socket, frame.baseAddress, frame.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
        if sent == frame.count { return Int32(clamping: sent) }
        guard sent >= 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { return -1 }
        let taken = max(sent, 0)
        let rest = UnsafeMutablePointer(
            mutating: frame.baseAddress!.advanced(by: taken).assumingMemoryBound(to: UInt8.self)
        )
        return lws_write(wsi, rest, frame.count - taken, LWS_WRITE_HTTP)
    }

    /// Drops `wsi` without ceremony at the next service round (its CLOSED callback follows).
    static func kill(_ wsi: OpaquePointer) {
        lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC)
    }

    /// Drops `wsi` after `seconds` unless it closed by itself before (lws replaces this timeout with
    /// its own once the close frame is sent).
    static func kill(_ wsi: OpaquePointer, after seconds: Int) {
        lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, Int32(max(1, seconds)))
    }
}

/// The context pointer in a form that may cross threads, for `lws_cancel_service` only: the one
/// libwebsockets call that is safe from another thread.
struct CancelHandle: @unchecked Sendable {
    let context: OpaquePointer

    func wakeServiceThread() {
        lws_cancel_service(context)
    }
}

// MARK: - Timers

/// A one-shot timer in the service loop (`gavel_loop_timer_t`: a libev timer). Cancel it before the
/// loop is destroyed; deinit cancels and frees it.
final class ScheduledTimer {
    enum Kind {
        case user(TimerID)
        case stallSweep
        case shutdownDeadline
        /// The body of the HTTP request on this connection is due (HTTPExchange.bodyDeadline).
        case bodyDeadline(OpaquePointer)
        case libwebsocketsTimers
    }

    let kind: Kind
    weak var owner: Transport?
    private let loop: OpaquePointer
    private let handle: UnsafeMutablePointer<gavel_loop_timer_t>

    init(kind: Kind, owner: Transport) {
        guard let handle = gavel_loop_timer_create(gavelTimerFired, nil) else {
            fatalError("out of memory allocating a timer")
        }
        self.kind = kind
        self.owner = owner
        self.loop = owner.lws.loop
        self.handle = handle
        handle.pointee.user = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        gavel_loop_timer_destroy(loop, handle)
    }

    func schedule(after delay: Duration) {
        let (seconds, attoseconds) = delay.components
        gavel_loop_timer_schedule(loop, handle, max(0, Double(seconds) + Double(attoseconds) / 1e18))
    }

    func cancel() {
        gavel_loop_timer_cancel(loop, handle)
    }
}

private func gavelTimerFired(_ user: UnsafeMutableRawPointer?) {
    guard let user else { return }
    let timer = Unmanaged<ScheduledTimer>.fromOpaque(user).takeUnretainedValue()
    timer.owner?.timerFired(timer)
}

// MARK: - The protocol callback

/// Every protocol's callback: finds the transport and hands the event over.
func gavelProtocolCallback(
    _ wsi: OpaquePointer?,
    _ reason: lws_callback_reasons,
    _ user: UnsafeMutableRawPointer?,
    _ input: UnsafeMutableRawPointer?,
    _ length: Int
) -> Int32 {
    guard let wsi, let context = lws_get_context(wsi), let target = lws_context_user(context) else { return 0 }
    guard let transport = Unmanaged<CallbackTarget>.fromOpaque(target).takeUnretainedValue().transport else {
        return 0
    }
    return transport.handle(reason, wsi: wsi, input: input, length: length)
}

// MARK: - Logging

/// Routes libwebsockets' own log (process-wide in lws) to the most recently started transport's
/// logger, errors and warnings only, and lets context creation collect the errors it caused.
/// The same line is logged at most once per 10 s (`LogThrottle`), with the number held back:
/// some are logged once per bad request, and a client must not be able to flood the log.
enum LibWebSocketsLog {
    private struct State: Sendable {
        var loggers: [(id: UInt64, logger: Logger)] = []
        var nextID: UInt64 = 0
        var installed = false
        var captures: [UInt: [String]] = [:]
        var throttle = LogThrottle()
    }

    private static let state = Mutex(State())
    /// Serialises context creation and destruction: lws keeps a little process-wide state.
    private static let lifecycle = Mutex(())

    static func register(_ logger: Logger) -> UInt64 {
        let (id, install) = state.withLock { state -> (UInt64, Bool) in
            state.nextID += 1
            state.loggers.append((state.nextID, logger))
            defer { state.installed = true }
            return (state.nextID, !state.installed)
        }
        if install {
            lws_set_log_level(LLL_ERR | LLL_WARN, gavelLogEmit)
        }
        return id
    }

    static func unregister(_ id: UInt64) {
        state.withLock { $0.loggers.removeAll { $0.id == id } }
    }

    static func serialized<T>(_ body: () -> T) -> T {
        lifecycle.withLock { _ in body() }
    }

    /// Runs `body` on this thread, collecting the lws errors it logs.
    static func capturingErrors<T>(_ body: () -> T) -> (T, [String]) {
        let thread = UInt(pthread_self())
        state.withLock { $0.captures[thread] = [] }
        let result = serialized(body)
        let lines = state.withLock { $0.captures.removeValue(forKey: thread) } ?? []
        return (result, lines)
    }

    fileprivate static func emit(level: Int32, line: String) {
        let thread = UInt(pthread_self())
        let now = ContinuousClock.now
        let (logger, decision) = state.withLock { state -> (Logger?, LogThrottle.Decision) in
            if level & LLL_ERR != 0, state.captures[thread] != nil { state.captures[thread]?.append(line) }
            return (state.loggers.last?.logger, state.throttle.admit(line, now: now))
        }
        guard let logger, case .log(let suppressed) = decision else { return }
        var metadata: Logger.Metadata = ["gavel.source": "libwebsockets"]
        if suppressed > 0 { metadata["gavel.suppressed"] = "\(suppressed)" }
        if level & LLL_ERR != 0 {
            logger.error("\(line)", metadata: metadata)
        } else {
            logger.warning("\(line)", metadata: metadata)
        }
    }
}

private func gavelLogEmit(_ level: Int32, _ line: UnsafePointer<CChar>?) {
    guard let line else { return }
    var text = String(cString: line)
    while let last = text.last, last.isWhitespace { text.removeLast() }
    guard !text.isEmpty else { return }
    LibWebSocketsLog.emit(level: level, line: text)
}
