import CLibWebSockets
import GavelProtocol
import Logging

#if canImport(Glibc)
import Glibc
#endif

// HTTP requests that cannot be served as sent: headers over the limit (431), a first line
// libwebsockets cannot parse (405 for an unknown method, 400 for what is not HTTP), a body that does
// not arrive (408). Each is answered with the JSON error body every other error has, then closed.
// Service thread only.

extension Transport {
    /// The most bytes a request line and its headers may take; more is answered 431. It is what
    /// libwebsockets' header buffer held before it was enlarged to be able to answer (8 KiB), so
    /// requests that were served before still are.
    static let maxRequestHeadBytes = 8 * 1024
    /// How long a connection answered 400 or 405 from raw mode may stay to read its answer.
    static let unparsedLingerSeconds = 2

    // MARK: - Headers too large

    /// The size of the request's head (request line and headers) when it is over
    /// `maxRequestHeadBytes`, else nil. `declaredBody`: the Content-Length of a POST, whose body may
    /// already be in the kernel's count.
    ///
    /// lws 4.1 can list the headers it knows by name, not the others (it keeps them, but offers
    /// no way to enumerate them), so the head is the larger of two measures: the known headers'
    /// values, exact; and, on plain TCP, the bytes the kernel received on the connection since the
    /// last request was answered, less the body (TCP_INFO). Over TLS and on the Unix socket only
    /// the first counts, and unknown headers pass up to lws' buffer (64 KiB).
    func oversizedHead(_ wsi: OpaquePointer, declaredBody: Int) -> Int? {
        var size = 0
        for raw in 0..<_WSI_TOKEN_CLIENT_SENT_PROTOCOLS.rawValue {
            size += Int(max(0, lws_hdr_total_length(wsi, lws_token_indexes(rawValue: raw))))
        }
        if let received = tcpBytesReceived(wsi) {
            let wire = received - (headMarks[wsi] ?? 0) - Int64(declaredBody)
            size = max(size, Int(clamping: wire))
        }
        guard size > Self.maxRequestHeadBytes else { return nil }
        logger.debug(
            "answering 431: request headers too large",
            metadata: ["gavel.peer": "\(Self.peer(wsi))", "gavel.http.head_bytes": "\(size)"]
        )
        return size
    }

    func headersTooLarge(_ size: Int) -> HTTPResponse {
        .transportError(
            431,
            .headersTooLarge,
            "request headers too large (about \(size) bytes; the limit is \(Self.maxRequestHeadBytes)): "
                + "send fewer or shorter headers"
        )
    }

    /// A keep-alive connection finished a request: its next request's head starts here.
    func markHeadStart(_ wsi: OpaquePointer) {
        if let received = tcpBytesReceived(wsi) { headMarks[wsi] = received }
    }

    private func tcpBytesReceived(_ wsi: OpaquePointer) -> Int64? {
        guard lws_is_ssl(wsi) == 0 else { return nil }
        let fd = lws_get_socket_fd(wsi)
        guard fd >= 0 else { return nil }
        let received = gavel_tcp_bytes_received(fd)
        return received >= 0 ? received : nil
    }

    // MARK: - Unknown methods and what is not HTTP

    /// RAW_RX: lws could not parse the request (its first line, `bytes`, names a method lws does
    /// not know, or is not HTTP) and made the connection a raw socket. Answered once, in HTTP/1.1;
    /// whatever follows is dropped.
    func unparsedRequestArrived(_ wsi: OpaquePointer, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard unparsedAnswered.insert(wsi).inserted else { return 0 }
        let response: HTTPResponse
        switch RequestLine(bytes) {
        case .unknownMethod(let method):
            response = .transportError(
                405,
                .methodNotAllowed,
                "method \(method) not allowed: use \(Self.allowedMethods)",
                headers: [("allow", Self.allowedMethods)]
            )
        case .malformed:
            response = .transportError(
                400,
                .badRequest,
                "not an HTTP request: send a request line such as 'GET /healthz HTTP/1.1', then headers"
            )
        }
        logger.debug(
            "answering a request libwebsockets could not parse",
            metadata: ["gavel.peer": "\(Self.peer(wsi))", "gavel.http.status": "\(response.status)"]
        )
        guard writeCompleteResponse(wsi, response) else { return -1 }
        LWS.requestWriteable(wsi)
        // lws cleared every timeout when it switched to raw mode: bound the connection's stay.
        LWS.kill(wsi, after: Self.unparsedLingerSeconds)
        return 0
    }

    /// RAW_WRITEABLE: the answer is out. Plain TCP: shut the sending side so that the client reads
    /// the answer and closes (closing now, with its request unread, would reset the connection and
    /// could destroy the answer at the client); the kill timer ends it otherwise. TLS: close.
    func unparsedRequestAnswered(_ wsi: OpaquePointer) -> Int32 {
        guard unparsedAnswered.contains(wsi) else { return 0 }
        guard lws_is_ssl(wsi) == 0 else { return -1 }
        let fd = lws_get_socket_fd(wsi)
        if fd >= 0 { _ = shutdown(fd, Int32(SHUT_WR)) }
        return 0
    }

    // MARK: - A body that does not arrive

    /// Arms the 408 for a request whose body is awaited: due the header timeout after its headers.
    func scheduleBodyDeadline(_ wsi: OpaquePointer, _ exchange: HTTPExchange) {
        guard lws.context != nil else { return }
        let timer = ScheduledTimer(kind: .bodyDeadline(wsi), owner: self)
        timer.schedule(after: configuration.headerTimeout - (ContinuousClock.now - exchange.startedAt))
        exchange.bodyDeadline = timer
    }

    func bodyDeadlinePassed(_ wsi: OpaquePointer, timer: ScheduledTimer) {
        // The exchange owns its timer: a connection gone (or its wsi reused) has none that matches.
        guard let exchange = exchanges[wsi], exchange.bodyDeadline === timer else { return }
        exchange.bodyDeadline = nil
        if bodyTimedOut(wsi, exchange) != 0 { LWS.kill(wsi) }
    }

    /// Answers 408 and closes if the body is still awaited. lws' own timer would close the connection
    /// without a word, and only once the body stopped for the context's timeout (it is re-armed at
    /// every chunk).
    func bodyTimedOut(_ wsi: OpaquePointer, _ exchange: HTTPExchange) -> Int32 {
        guard exchange.phase == .receivingBody || exchange.phase == .bodyTooLarge else { return 0 }
        stats.slowRequestsDropped += 1
        logger.debug(
            "answering 408: an HTTP request body did not arrive in time",
            metadata: [
                "gavel.peer": "\(exchange.request.peer)", "gavel.http.body_bytes": "\(exchange.request.body.count)",
            ]
        )
        exchange.closesConnection = true
        exchange.request.body = []
        let seconds = configuration.headerTimeout.components.seconds
        return respond(
            wsi,
            exchange,
            .transportError(
                408,
                .requestTimeout,
                "the request body did not arrive within \(seconds) s of its headers: send all the bytes Content-Length announces"
            )
        )
    }
}
