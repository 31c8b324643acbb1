import CLibWebSockets
import DequeModule

#if canImport(Glibc)
import Glibc
#endif

// The libwebsockets client: one context and one connection (WebSocket or plain HTTP GET), driven
// by `service(until:while:)` on the calling thread. All of the client's unsafe code is in this
// file; `WebSocketClient` and `HTTPClient` give the rest of the module a safe API.

/// One client connection with its own lws context, serviced on the thread that created it.
///
/// The CLI is a short-lived process that makes one or two connections, so a context per
/// connection costs nothing worth sharing (creating one takes well under a millisecond with the
/// small fd table set below) and keeps the bookkeeping trivial: the callback finds this object
/// through the context's user pointer, and the connection's whole life is in this object.
final class LWSClient {
    enum Mode: Equatable {
        case webSocket(subprotocol: String)
        case httpGet
        /// A POST with this body (its Content-Length among the headers), written when lws asks.
        case httpPost(body: [UInt8])

        var isHTTP: Bool {
            if case .webSocket = self { false } else { true }
        }
    }

    enum Phase: Equatable {
        case connecting
        case open
        case closed
    }

    /// Where the connection is; `closed` once it failed, was closed by either side, or dropped.
    private(set) var phase: Phase = .connecting
    /// Why it could not connect, in lws' words ("connect failed", "HS: ws upgrade response not 101").
    private(set) var connectFailure: String?
    /// The close frame the server sent, if it sent one.
    private(set) var closeCode: UInt16?
    private(set) var closeReason: String?
    /// True once the connection was open: a later close is a lost connection, not a refusal.
    private(set) var wasOpen = false

    /// WebSocket: text messages received and not yet taken.
    private var inbox: Deque<String> = []
    /// HTTP: the status, the body so far, and whether the body is complete.
    private(set) var httpStatus: Int?
    private(set) var httpBody: [UInt8] = []
    private(set) var httpComplete = false

    /// Test-only (see `WebSocketClient.dropAfterNextSend`): after the next frame is written, behave
    /// as if the connection dropped at that moment: nothing more is delivered, the socket is killed.
    var dropAfterNextWrite = false

    private let mode: Mode
    private let maximumMessageBytes: Int
    private var outbox: Deque<[UInt8]> = []
    private var closeRequest: (code: UInt16, reason: String)?
    private var assembling: [UInt8] = []
    private var assemblingTooBig = false

    private var context: OpaquePointer?
    private var wsi: OpaquePointer?
    /// The buffer last handed to `lws_write`: lws may read it after the call returns (with
    /// extensions), so it lives until the next WRITEABLE or the end of the connection.
    private var inFlight: UnsafeMutableRawPointer?
    /// A POST's body has been handed to lws.
    private var bodyWritten = false
    private let protocols: UnsafeMutablePointer<lws_protocols>
    private let wakeTimer: UnsafeMutablePointer<gavel_timer_t>
    private let wsiSlot: UnsafeMutablePointer<OpaquePointer?>
    private var strings: [UnsafeMutablePointer<CChar>] = []
    /// `authorization:` (NUL-terminated) and its value, for APPEND_HANDSHAKE_HEADER.
    private var headers: [(name: [UInt8], value: [UInt8])] = []

    private static let protocolName = "gavel-client"

    /// Creates the context and starts connecting; `service` does the rest.
    init(
        address: ServerAddress,
        path: String,
        mode: Mode,
        headers: [(name: String, value: String)],
        maximumMessageBytes: Int
    ) throws(ClientError) {
        self.mode = mode
        self.maximumMessageBytes = maximumMessageBytes
        // lws reads the name as a C string (strlen): keep its terminating NUL.
        self.headers = headers.map { (Array(($0.name.lowercased() + ":").utf8) + [0], Array($0.value.utf8)) }
        LWSClientLog.install()

        guard let wakeTimer = gavel_timer_create(nil) else {
            fatalError("out of memory allocating a timer")
        }
        self.wakeTimer = wakeTimer
        wsiSlot = .allocate(capacity: 1)
        wsiSlot.initialize(to: nil)
        protocols = .allocate(capacity: 2)
        protocols.initialize(repeating: lws_protocols(), count: 2)
        let name = cString(Self.protocolName)
        protocols[0] = lws_protocols(
            name: name,
            callback: gavelClientCallback,
            per_session_data_size: 0,
            rx_buffer_size: 4096,
            id: 0,
            user: nil,
            tx_packet_size: 0
        )

        var info = lws_context_creation_info()
        info.port = CONTEXT_PORT_NO_LISTEN
        info.protocols = UnsafePointer(protocols)
        info.gid = -1
        info.uid = -1
        // lws sizes its fd table to `ulimit -n` (20,000 here) unless told: one connection needs a few.
        info.fd_limit_per_thread = 4
        info.user = Unmanaged.passUnretained(self).toOpaque()
        wakeTimer.pointee.user = Unmanaged.passUnretained(self).toOpaque()
        guard let context = lws_create_context(&info) else {
            throw ClientError(.setupFailed, "cannot start the WebSocket client (libwebsockets refused to start)")
        }
        self.context = context

        var connect = lws_client_connect_info()
        connect.context = context
        connect.address = UnsafePointer(cString(address.lwsAddress))
        connect.port = Int32(address.port)
        connect.path = UnsafePointer(cString(path))
        connect.host = UnsafePointer(cString(address.hostHeader))
        // No Origin: gavel is not a browser page, and libwebsockets would send the address as
        // "http://HOST:PORT", which gaveld's origin policy would judge as a page's origin.
        connect.origin = nil
        connect.local_protocol_name = UnsafePointer(name)
        connect.pwsi = wsiSlot
        connect.ssl_connection = 0
        switch mode {
        case .webSocket(let subprotocol):
            connect.protocol = UnsafePointer(cString(subprotocol))
        case .httpGet:
            connect.method = UnsafePointer(cString("GET"))
            connect.ssl_connection = Int32(LCCSCF_HTTP_NO_FOLLOW_REDIRECT.rawValue)
        case .httpPost:
            connect.method = UnsafePointer(cString("POST"))
            connect.ssl_connection = Int32(LCCSCF_HTTP_NO_FOLLOW_REDIRECT.rawValue)
        }
        let created = lws_client_connect_via_info(&connect)
        wsi = created ?? wsiSlot.pointee
        if created == nil {
            phase = .closed
            wsi = nil
        }
    }

    deinit {
        destroy()
        gavel_timer_destroy(wakeTimer)
        protocols.deallocate()
        wsiSlot.deallocate()
        for string in strings { free(string) }
        inFlight?.deallocate()
    }

    private func cString(_ string: String) -> UnsafeMutablePointer<CChar> {
        guard let copy = strdup(string) else { fatalError("out of memory copying a string") }
        strings.append(copy)
        return copy
    }

    // MARK: - The API the safe wrappers use

    /// Runs lws until `condition` is true or `deadline` passes; true if the condition was met.
    @discardableResult
    func service(until deadline: ContinuousClock.Instant, while waiting: () -> Bool) -> Bool {
        while waiting() {
            guard let context else { return false }
            let remaining = deadline - .now
            guard remaining > .zero else { return false }
            let (seconds, attoseconds) = remaining.components
            let microseconds = max(1, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
            // lws_service waits for the next socket event or timer: this timer bounds the wait.
            gavel_timer_schedule(context, wakeTimer, gavelClientWake, lws_usec_t(microseconds))
            if lws_service(context, 0) < 0 {
                markClosed()
                return !waiting()
            }
        }
        return true
    }

    /// See `gavelClientWake`.
    fileprivate func rearmWakeTimer() {
        guard let context else { return }
        gavel_timer_schedule(context, wakeTimer, gavelClientWake, 1000)
    }

    /// The next complete text message, if one has arrived.
    func takeMessage() -> String? {
        inbox.popFirst()
    }

    var hasMessage: Bool { !inbox.isEmpty }

    /// Queues a text message; it is written during `service`.
    func send(_ text: String) {
        outbox.append(Array(text.utf8))
        if phase == .open, let wsi { _ = lws_callback_on_writable(wsi) }
    }

    /// Whether every queued message has been handed to the socket.
    var outboxIsEmpty: Bool { outbox.isEmpty }

    /// Starts a clean close (a close frame with `code`); `service` completes it.
    func close(code: UInt16 = 1000, reason: String = "") {
        guard phase != .closed, let wsi else { return }
        if phase == .connecting || mode.isHTTP {
            lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC)
            markClosed()
            return
        }
        closeRequest = (code, reason)
        _ = lws_callback_on_writable(wsi)
    }

    /// Frees the context and with it the connection, at once. Idempotent. The owner calls it before
    /// letting go of this object, so no callback ever reaches an object being deinitialised.
    func destroy() {
        guard let context else { return }
        gavel_timer_cancel(wakeTimer)
        self.context = nil
        lws_context_destroy(context)
        wsi = nil
        phase = .closed
    }

    // MARK: - Callback events

    fileprivate func handle(
        _ reason: lws_callback_reasons,
        wsi: OpaquePointer,
        input: UnsafeMutableRawPointer?,
        length: Int
    ) -> Int32 {
        switch reason {
        case LWS_CALLBACK_CLIENT_APPEND_HANDSHAKE_HEADER:
            let result = appendHeaders(wsi, input, length)
            if result == 0, case .httpPost = mode {
                // The body goes in CLIENT_HTTP_WRITEABLE, once the headers are out.
                lws_client_http_body_pending(wsi, 1)
                _ = lws_callback_on_writable(wsi)
            }
            return result
        case LWS_CALLBACK_CLIENT_HTTP_WRITEABLE:
            return writeBody(wsi)
        case LWS_CALLBACK_CLIENT_CONNECTION_ERROR:
            let text = input.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) }
            connectFailure = (text?.isEmpty ?? true) ? "connection failed" : text
            markClosed()
            return 0
        case LWS_CALLBACK_CLIENT_ESTABLISHED:
            self.wsi = wsi
            phase = .open
            wasOpen = true
            if !outbox.isEmpty || closeRequest != nil { _ = lws_callback_on_writable(wsi) }
            return 0
        case LWS_CALLBACK_CLIENT_RECEIVE:
            return received(wsi, UnsafeRawBufferPointer(start: input, count: input == nil ? 0 : length))
        case LWS_CALLBACK_CLIENT_WRITEABLE:
            return writeable(wsi)
        case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
            if let input, length >= 2 {
                let bytes = UnsafeRawBufferPointer(start: input, count: length)
                closeCode = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
                closeReason = String(decoding: bytes[2...], as: UTF8.self)
            }
            return 0
        case LWS_CALLBACK_CLIENT_CLOSED:
            markClosed()
            return 0
        case LWS_CALLBACK_ESTABLISHED_CLIENT_HTTP:
            self.wsi = wsi
            phase = .open
            wasOpen = true
            httpStatus = Int(lws_http_client_http_response(wsi))
            return 0
        case LWS_CALLBACK_RECEIVE_CLIENT_HTTP:
            // lws has body bytes waiting: lws_http_client_read hands them to RECEIVE_CLIENT_HTTP_READ.
            let capacity = 4096 + Int(gavel_lws_pre())
            let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
            defer { buffer.deallocate() }
            var cursor: UnsafeMutablePointer<CChar>? = buffer + Int(gavel_lws_pre())
            var available = Int32(capacity - Int(gavel_lws_pre()))
            return lws_http_client_read(wsi, &cursor, &available) < 0 ? -1 : 0
        case LWS_CALLBACK_RECEIVE_CLIENT_HTTP_READ:
            guard let input, length > 0 else { return 0 }
            guard httpBody.count + length <= maximumMessageBytes else {
                connectFailure = "the answer is larger than \(maximumMessageBytes / (1024 * 1024)) MB"
                httpBody = []
                markClosed()
                return -1
            }
            httpBody.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length))
            return 0
        case LWS_CALLBACK_COMPLETED_CLIENT_HTTP:
            httpComplete = true
            markClosed()
            return 0
        case LWS_CALLBACK_CLOSED_CLIENT_HTTP:
            markClosed()
            return 0
        case LWS_CALLBACK_WSI_DESTROY:
            if self.wsi == wsi || self.wsi == nil {
                self.wsi = nil
                markClosed()
            }
            return 0
        default:
            return 0
        }
    }

    private func markClosed() {
        phase = .closed
        inFlight?.deallocate()
        inFlight = nil
    }

    /// A POST's body, all at once (bodies here are small JSON documents).
    private func writeBody(_ wsi: OpaquePointer) -> Int32 {
        guard case .httpPost(let body) = mode, !bodyWritten else { return 0 }
        bodyWritten = true
        let pre = Int(gavel_lws_pre())
        inFlight?.deallocate()
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: pre + max(body.count, 1), alignment: 16)
        inFlight = buffer
        body.withUnsafeBytes { bytes in
            if let base = bytes.baseAddress { (buffer + pre).copyMemory(from: base, byteCount: bytes.count) }
        }
        let payload = (buffer + pre).assumingMemoryBound(to: UInt8.self)
        let written = lws_write(wsi, payload, body.count, LWS_WRITE_HTTP_FINAL)
        lws_client_http_body_pending(wsi, 0)
        return written < body.count ? -1 : 0
    }

    private func appendHeaders(_ wsi: OpaquePointer, _ input: UnsafeMutableRawPointer?, _ length: Int) -> Int32 {
        guard let input, !headers.isEmpty else { return 0 }
        let cursor = input.assumingMemoryBound(to: UnsafeMutablePointer<UInt8>?.self)
        guard let start = cursor.pointee else { return -1 }
        let end = start + length
        for header in headers {
            let failed = header.name.withUnsafeBufferPointer { name in
                header.value.withUnsafeBufferPointer { value in
                    lws_add_http_header_by_name(
                        wsi,
                        name.baseAddress,
                        value.baseAddress,
                        Int32(value.count),
                        cursor,
                        end
                    ) != 0
                }
            }
            if failed { return -1 }
        }
        return 0
    }

    private func received(_ wsi: OpaquePointer, _ chunk: UnsafeRawBufferPointer) -> Int32 {
        guard phase == .open else { return 0 }
        if assembling.count + chunk.count > maximumMessageBytes {
            assemblingTooBig = true
            assembling = []
        } else if !assemblingTooBig {
            assembling.append(contentsOf: chunk)
        }
        guard lws_is_final_fragment(wsi) != 0, lws_remaining_packet_payload(wsi) == 0 else { return 0 }
        defer {
            assembling = []
            assemblingTooBig = false
        }
        if assemblingTooBig || lws_frame_is_binary(wsi) != 0 {
            // Nothing in gavel.v1 is binary or this big: a peer that sends it is not a gaveld.
            closeCode = 1009
            closeReason = "a message the client cannot take"
            markClosed()
            return -1
        }
        inbox.append(String(decoding: assembling, as: UTF8.self))
        return 0
    }

    private func writeable(_ wsi: OpaquePointer) -> Int32 {
        inFlight?.deallocate()
        inFlight = nil
        guard phase == .open else { return 0 }
        if let request = closeRequest, outbox.isEmpty {
            var bytes = Array(request.reason.utf8.prefix(123))
            bytes.withUnsafeMutableBufferPointer { buffer in
                lws_close_reason(
                    wsi,
                    lws_close_status(rawValue: UInt32(request.code)),
                    buffer.baseAddress,
                    buffer.count
                )
            }
            return -1  // lws sends the close frame
        }
        guard !outbox.isEmpty else { return 0 }
        let message = outbox.removeFirst()
        let pre = Int(gavel_lws_pre())
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: pre + max(message.count, 1), alignment: 16)
        inFlight = buffer
        message.withUnsafeBytes { (buffer + pre).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        let payload = (buffer + pre).assumingMemoryBound(to: UInt8.self)
        if lws_write(wsi, payload, message.count, LWS_WRITE_TEXT) < message.count {
            markClosed()
            return -1
        }
        if dropAfterNextWrite {
            dropAfterNextWrite = false
            markClosed()
            lws_set_timeout(wsi, PENDING_TIMEOUT_USER_OK, LWS_TO_KILL_ASYNC)
            return 0
        }
        if !outbox.isEmpty || closeRequest != nil { _ = lws_callback_on_writable(wsi) }
        return 0
    }
}

// MARK: - C entry points

/// The protocol callback: finds the client through the context's user pointer.
private func gavelClientCallback(
    _ wsi: OpaquePointer?,
    _ reason: lws_callback_reasons,
    _ user: UnsafeMutableRawPointer?,
    _ input: UnsafeMutableRawPointer?,
    _ length: Int
) -> Int32 {
    guard let wsi, let context = lws_get_context(wsi), let owner = lws_context_user(context) else { return 0 }
    let client = Unmanaged<LWSClient>.fromOpaque(owner).takeUnretainedValue()
    return client.handle(reason, wsi: wsi, input: input, length: length)
}

/// The wake-up timer. Normally it never fires: `lws_service` returns when its poll() times out
/// at the timer's instant, and the next round schedules the timer again. It fires only when it was
/// already due as `lws_service` began (a deadline a few microseconds away, or a process that was
/// not scheduled for a while): lws then runs it before polling, and with no timer left would poll
/// without a timeout. Re-arming it a millisecond out keeps that poll bounded.
private func gavelClientWake(_ sul: UnsafeMutablePointer<lws_sorted_usec_list_t>?) {
    guard let sul, let owner = gavel_timer_user(sul) else { return }
    Unmanaged<LWSClient>.fromOpaque(owner).takeUnretainedValue().rearmWakeTimer()
}

/// libwebsockets logs to stderr by default (a notice on every context): silence it, except for
/// errors and warnings when `GAVEL_DEBUG` is set.
enum LWSClientLog {
    private static let installed: Bool = {
        let debug = getenv("GAVEL_DEBUG").map { String(cString: $0) }.map { !$0.isEmpty && $0 != "0" } ?? false
        lws_set_log_level(debug ? LLL_ERR | LLL_WARN : 0, nil)
        return true
    }()

    static func install() {
        _ = installed
    }
}
