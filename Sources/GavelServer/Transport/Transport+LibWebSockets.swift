import CLibWebSockets
import GavelCore
import GavelProtocol
import Logging

// The libwebsockets callbacks, turned into small events on the transport's state.
// Everything here runs on the service thread, inside a service round (`serviceOnce`), an
// `lws_service_fd` of `writeAnswersFirst`, or lws_context_destroy.

extension Transport {
    /// One libwebsockets callback, for any protocol.
    func handle(
        _ reason: lws_callback_reasons,
        wsi: OpaquePointer,
        input: UnsafeMutableRawPointer?,
        length: Int
    )
        -> Int32
    {
        // Which connection lws is serving now: a fan-out does not write on it directly.
        let outer = callbackWSI
        callbackWSI = wsi
        defer { callbackWSI = outer }
        switch reason {
        case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
            // lws_cancel_service from post()/requestStop(); delivered to every protocol of every
            // vhost, so all but the first find the mailbox empty.
            drainMailbox()
            return 0
        case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
            return confirmUpgrade(wsi, kind: input)
        case LWS_CALLBACK_HTTP:
            return httpRequestArrived(wsi, path: input, length: length)
        case LWS_CALLBACK_HTTP_BODY:
            return httpBodyArrived(wsi, UnsafeRawBufferPointer(start: input, count: input == nil ? 0 : length))
        case LWS_CALLBACK_HTTP_BODY_COMPLETION:
            return httpBodyCompleted(wsi)
        case LWS_CALLBACK_HTTP_WRITEABLE:
            return httpWriteable(wsi)
        case LWS_CALLBACK_CLOSED_HTTP:
            exchanges[wsi] = nil
            return 0
        case LWS_CALLBACK_ESTABLISHED:
            return webSocketEstablished(wsi)
        case LWS_CALLBACK_RECEIVE:
            return webSocketReceived(wsi, UnsafeRawBufferPointer(start: input, count: input == nil ? 0 : length))
        case LWS_CALLBACK_SERVER_WRITEABLE:
            return webSocketWriteable(wsi)
        case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
            return webSocketPeerClosed(wsi)
        case LWS_CALLBACK_RECEIVE_PONG:
            connectionsByWSI[wsi]?.heard(now: .now)
            return 0
        case LWS_CALLBACK_CLOSED:
            webSocketEnded(wsi)
            return 0
        case LWS_CALLBACK_WSI_DESTROY:
            // Every connection ends here (on protocols[0]), whatever happened before.
            webSocketEnded(wsi)
            exchanges[wsi] = nil
            headMarks[wsi] = nil
            unparsedAnswered.remove(wsi)
            if clientSockets.remove(wsi) != nil { shared.clientConnections.subtract(1, ordering: .relaxed) }
            return 0
        case LWS_CALLBACK_FILTER_NETWORK_CONNECTION:
            // Accepted, not yet set up: the cheapest moment to turn a connection away, or to hand
            // it to another service thread (lws closes its own descriptor when this says -1).
            guard admitsNewConnection() else { return -1 }
            return handOverAccepted(wsi, socket: Int32(truncatingIfNeeded: Int(bitPattern: input))) ? -1 : 0
        case LWS_CALLBACK_SERVER_NEW_CLIENT_INSTANTIATED:
            // Another thread's connections were counted when thread 0 handed them over, so that a
            // burst of accepts sees them before they are adopted here.
            if clientSockets.insert(wsi).inserted {
                if threadIndex == 0 { shared.clientConnections.add(1, ordering: .relaxed) } else { adopted += 1 }
            }
            return 0
        case LWS_CALLBACK_RAW_ADOPT:
            // lws could not serve the request as HTTP (an unknown method, CONNECT, not HTTP at all)
            // and made the connection a raw socket: RAW_RX follows with what it read, to answer.
            return 0
        case LWS_CALLBACK_RAW_RX:
            return unparsedRequestArrived(wsi, UnsafeRawBufferPointer(start: input, count: input == nil ? 0 : length))
        case LWS_CALLBACK_RAW_WRITEABLE:
            return unparsedRequestAnswered(wsi)
        case LWS_CALLBACK_RAW_CLOSE:
            unparsedAnswered.remove(wsi)
            return 0
        default:
            return 0
        }
    }

    // MARK: - WebSocket

    /// Before lws matches the upgrade against the protocol table.
    private func confirmUpgrade(_ wsi: OpaquePointer, kind: UnsafeMutableRawPointer?) -> Int32 {
        guard let kind else { return 0 }
        guard String(cString: kind.assumingMemoryBound(to: CChar.self)).lowercased() == "websocket" else {
            // "Upgrade: h2c" (curl --http2). lws 4.1 would switch to HTTP/2, but the upgraded
            // stream never gets send credit (lws_get_peer_write_allowance stays 0) and its body
            // never goes out. A server may ignore Upgrade: answer in HTTP/1.1 instead.
            return answerIgnoringUpgrade(wsi) ? 1 : -1
        }
        if let size = oversizedHead(wsi, declaredBody: 0) {
            return writeCompleteResponse(wsi, headersTooLarge(size)) ? 1 : -1
        }
        let path = Self.header(wsi, WSI_TOKEN_GET_URI) ?? ""
        guard path == "/ws" else {
            stats.upgradesRefused += 1
            let response = HTTPResponse.transportError(404, .notFound, "no WebSocket endpoint at \(path); use /ws")
            // > 0: "the callback wrote the response", lws completes the transaction.
            return writeCompleteResponse(wsi, response) ? 1 : -1
        }
        let offered = (Self.header(wsi, WSI_TOKEN_PROTOCOL) ?? "")
            .split(separator: ",").map(\.trimmingSpaces).filter { !$0.isEmpty }
        let known = offered.isEmpty || offered.contains { ProtocolVersion(rawValue: $0) != nil }
        lws.setRefusalName(known ? nil : offered[0])
        return 0
    }

    private func webSocketEstablished(_ wsi: OpaquePointer) -> Int32 {
        lws.setRefusalName(nil)
        let protocolID = lws_get_protocol(wsi).map { $0.pointee.id } ?? ProtocolID.http.rawValue
        let version = ProtocolID(rawValue: protocolID)?.version
        let request = UpgradeRequest(
            path: Self.header(wsi, WSI_TOKEN_GET_URI) ?? "/ws",
            query: Self.query(wsi),
            headers: Self.headers(wsi),
            subprotocol: Self.header(wsi, WSI_TOKEN_PROTOCOL) != nil ? version?.rawValue : nil,
            version: version ?? .v1,
            peer: Self.peer(wsi)
        )
        let connection = WebSocketConnection(
            wsi: wsi,
            plainSocket: LWS.plainSocket(wsi),
            id: nextConnectionID(),
            request: request,
            queueLimit: configuration.maxQueuedMessages,
            messageLimit: configuration.maxMessageBytes,
            messageRate: configuration.inboundMessageRate,
            now: .now
        )
        connectionsByWSI[wsi] = connection

        let refusal: (code: UInt16, reason: String)?
        if version == nil {
            refusal = (1002, "unsupported subprotocol; use gavel.v2 or gavel.v1")
        } else if phase != .running {
            refusal = (1001, "server shutting down")
        } else if isOverCapacity {
            stats.refusedAtCapacity += 1
            warnAtCapacity()
            refusal = (1013, "server is at its connection limit (\(configuration.maxConnections)); try again later")
        } else {
            refusal = delegate?.transport(self, shouldAccept: request)
        }
        if let refusal {
            stats.upgradesRefused += 1
            logger.debug(
                "WebSocket refused",
                metadata: metadata(
                    for: connection,
                    [
                        "gavel.close.code": "\(refusal.code)", "gavel.close.reason": "\(refusal.reason)",
                    ]
                )
            )
            requestClose(connection, code: refusal.code, reason: refusal.reason, flushFirst: false)
            return 0
        }

        connection.isOpen = true
        connectionsByID.insert(connection)
        stats.connectionsOpened += 1
        logger.debug("WebSocket open", metadata: metadata(for: connection))
        delegate?.transport(self, didOpen: connection.id, request: request)
        // Its greeting (hello and the state) is an answer too: a client that just connected to
        // send one command should not wait for a fan-out's round of writes to get it.
        if connection.wantsWriteable { answerFirst.append(connection) }
        return 0
    }

    private func webSocketReceived(_ wsi: OpaquePointer, _ chunk: UnsafeRawBufferPointer) -> Int32 {
        guard let connection = connectionsByWSI[wsi] else { return -1 }
        connection.heard(now: .now)
        guard connection.pendingClose == nil else { return 0 }  // closing: ignore the rest
        let result = connection.inbound.receive(
            chunk,
            isBinary: lws_frame_is_binary(wsi) != 0,
            isFinal: lws_is_final_fragment(wsi) != 0,
            remainingInFrame: Int(lws_remaining_packet_payload(wsi))
        )
        switch result {
        case .incomplete:
            return 0
        case .message(let text):
            guard connection.inboundRate.admit(now: .now) else {
                stats.floodsClosed += 1
                let rate = configuration.inboundMessageRate
                logger.info(
                    "closing a WebSocket that sends too fast",
                    metadata: metadata(
                        for: connection,
                        [
                            "gavel.rate.per_second": "\(rate.perSecond)", "gavel.rate.burst": "\(rate.burst)",
                        ]
                    )
                )
                return fail(connection, code: 1008, reason: "too many messages (more than \(rate.perSecond) a second)")
            }
            if connection.isOpen {
                delegate?.transport(self, didReceiveText: text, from: connection.id)
                if connection.wantsWriteable && answerFirst.last !== connection { answerFirst.append(connection) }
            }
            return 0
        case .fail(let code, let reason):
            logger.debug(
                "closing a WebSocket that broke the rules",
                metadata: metadata(
                    for: connection,
                    [
                        "gavel.close.code": "\(code)", "gavel.close.reason": "\(reason)",
                    ]
                )
            )
            return fail(connection, code: code, reason: reason)
        }
    }

    /// Closes `connection` from its RECEIVE callback, dropping whatever was queued for it. The close
    /// frame goes out now (or after the bytes lws still holds); the connection then lingers, its
    /// input read and dropped, until the client answers or `lingerSeconds` pass.
    ///
    /// Not lws's own close (returning -1 with a close reason): lws 4.1 closes the socket as soon as
    /// the frame is written, on whatever the client sent meanwhile, and the kernel's reset then
    /// lost the frame for about one flooder in three here.
    private func fail(_ connection: WebSocketConnection, code: UInt16, reason: String) -> Int32 {
        connection.requestLingeringClose(code: code, reason: reason)
        LWS.kill(connection.wsi, after: Self.lingerSeconds)
        guard !LWS.hasBufferedBytes(connection.wsi) else {
            LWS.requestWriteable(connection.wsi)
            return 0
        }
        return writeNextStep(connection)
    }

    /// How long a connection closed for breaking a rule may stay to read its close frame.
    static let lingerSeconds = 2

    /// The client answered a close: done if the close was ours; lws echoes the client's own.
    private func webSocketPeerClosed(_ wsi: OpaquePointer) -> Int32 {
        guard let connection = connectionsByWSI[wsi], connection.lingersAfterClose, connection.closeFrameSent else {
            return 0
        }
        return -1
    }

    // MARK: - Capacity

    /// More client connections are open than `maxConnections` (the one asking included).
    private var isOverCapacity: Bool {
        clientConnectionCount > configuration.maxConnections
    }

    /// At accept: false once `refusalHeadroom` connections past the limit are open, so that the
    /// process keeps file descriptors for the journal and for the connections it serves.
    private func admitsNewConnection() -> Bool {
        guard phase == .running || phase == .ready else { return true }
        guard clientConnectionCount >= configuration.maxConnections + configuration.refusalHeadroom else {
            return true
        }
        stats.droppedAtCapacity += 1
        warnAtCapacity()
        return false
    }

    /// One warning per 10 s while connections are being refused, not one per connection.
    private func warnAtCapacity() {
        let now = ContinuousClock.now
        if let last = lastCapacityWarning, now - last < .seconds(10) { return }
        lastCapacityWarning = now
        logger.warning(
            "at the connection limit: refusing new connections",
            metadata: [
                "gavel.connections": "\(clientConnectionCount)", "gavel.limit": "\(configuration.maxConnections)",
                "gavel.refused": "\(stats.refusedAtCapacity)", "gavel.dropped": "\(stats.droppedAtCapacity)",
            ]
        )
    }

    private func webSocketWriteable(_ wsi: OpaquePointer) -> Int32 {
        guard let connection = connectionsByWSI[wsi] else { return 0 }
        return writeNextStep(connection)
    }

    /// Carries out `connection`'s next write step: in its WRITEABLE callback, or directly for a
    /// fan-out (`startWriting`). -1: the connection must close (lws closes it when the callback
    /// returns -1; outside one, the caller has lws drop it).
    func writeNextStep(_ connection: WebSocketConnection) -> Int32 {
        let wsi = connection.wsi
        switch connection.nextStep(frameBytes: Self.frameBytes, now: .now) {
        case .idle:
            return 0
        case .close(let code, let reason) where connection.lingersAfterClose:
            return writeCloseFrame(wsi, code: code, reason: reason) < 0 ? -1 : 0
        case .close(let code, let reason):
            Self.setCloseReason(wsi, code: code, reason: reason)
            return -1
        case .ping:
            // Not empty: lws passes an empty pong to no callback. Without extensions lws is done
            // with the buffer when lws_write returns.
            guard lws_write(wsi, pingBuffer.payload, Self.pingPayload.count, LWS_WRITE_PING) >= 0 else { return -1 }
            return afterWrite(connection)
        case .frame(let message, _, true, true):
            return writeWhole(message, to: connection) < 0 ? -1 : afterWrite(connection)
        case .frame(let message, let range, let isFirst, let isLast):
            // A fragment: its header must not overwrite payload other connections still need.
            var flags = isFirst ? LWS_WRITE_TEXT.rawValue : LWS_WRITE_CONTINUATION.rawValue
            if !isLast { flags |= LWS_WRITE_NO_FIN.rawValue }
            let buffer = connection.frameBuffer ?? LWSBuffer(capacity: Self.frameBytes)
            connection.frameBuffer = isLast ? nil : buffer
            connection.retiredBuffer = buffer
            buffer.payload.update(from: message.payload + range.lowerBound, count: range.count)
            guard lws_write(wsi, buffer.payload, range.count, lws_write_protocol(flags)) >= 0 else { return -1 }
            stats.bytesSent += UInt64(range.count)
            if isLast { stats.messagesSent += 1 }
            return afterWrite(connection)
        }
    }

    /// `message` in one frame, straight from the shared buffer; negative if the connection failed.
    /// lws must hold no bytes of an earlier write for the connection (its WRITEABLE callback, or
    /// `writesDirectly`). A plain connection's frame goes out in one send(), as the floor peer's
    /// do, without lws_write's framing of every copy; over TLS, lws frames and encrypts it.
    func writeWhole(_ message: OutboundMessage, to connection: WebSocketConnection) -> Int32 {
        let written =
            if let socket = connection.plainSocket {
                LWS.sendFrame(message.frame, socket: socket, wsi: connection.wsi)
            } else {
                lws_write(connection.wsi, message.payload, message.count, LWS_WRITE_TEXT)
            }
        if written >= 0 {
            stats.bytesSent += UInt64(message.count)
            stats.messagesSent += 1
        }
        return written
    }

    private func afterWrite(_ connection: WebSocketConnection) -> Int32 {
        if connection.wantsWriteable { LWS.requestWriteable(connection.wsi) }
        return 0
    }

    /// The connection is gone (CLOSED, or WSI_DESTROY as the backstop). Idempotent.
    private func webSocketEnded(_ wsi: OpaquePointer) {
        guard let connection = connectionsByWSI.removeValue(forKey: wsi) else { return }
        connection.releaseBuffers()
        guard connection.isOpen else { return }
        connection.isOpen = false
        connectionsByID.remove(connection.id)
        stats.connectionsClosed += 1
        logger.debug("WebSocket closed", metadata: metadata(for: connection))
        delegate?.transport(self, didClose: connection.id)
    }

    /// The close frame lws sends when the callback returns -1 (code plus at most 123 bytes of reason).
    private static func setCloseReason(_ wsi: OpaquePointer, code: UInt16, reason: String) {
        var bytes = Array(closeReason(reason).utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            lws_close_reason(wsi, lws_close_status(rawValue: UInt32(code)), buffer.baseAddress, buffer.count)
        }
    }

    /// Writes a close frame itself, leaving the connection open: lws changes no state for it, so
    /// the client's answer arrives as WS_PEER_INITIATED_CLOSE (`webSocketPeerClosed`).
    private func writeCloseFrame(_ wsi: OpaquePointer, code: UInt16, reason: String) -> Int32 {
        let text = Array(Self.closeReason(reason).utf8)
        let frame = LWSBuffer(capacity: 2 + text.count)
        frame.payload[0] = UInt8(code >> 8)
        frame.payload[1] = UInt8(code & 0xFF)
        (frame.payload + 2).update(from: text, count: text.count)
        return lws_write(wsi, frame.payload, frame.capacity, Self.writeClose)
    }

    /// lws 4.1's LWS_WRITE_CLOSE, private in its headers ("handled by lws_close_reason()"):
    /// lws_write frames it as it frames PING and PONG.
    private static let writeClose = lws_write_protocol(rawValue: 4)

    /// A close frame's payload is at most 125 bytes: the code, and 123 of reason (whole characters).
    private static func closeReason(_ reason: String) -> String {
        var text = reason
        while text.utf8.count > 123 { text.removeLast() }
        return text
    }

    // MARK: - HTTP

    static let allowedMethods = "GET, HEAD, POST, OPTIONS"

    private func httpRequestArrived(_ wsi: OpaquePointer, path: UnsafeMutableRawPointer?, length: Int) -> Int32 {
        var uri: UnsafeMutablePointer<CChar>?
        var uriLength: Int32 = 0
        let method = Int(lws_http_get_uri_and_method(wsi, &uri, &uriLength))
        let pathText = path.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self) }
        let request = HTTPRequest(
            method: "GET",
            path: pathText ?? "/",
            query: Self.query(wsi),
            headers: Self.headers(wsi),
            body: [],
            peer: Self.peer(wsi)
        )
        let exchange = HTTPExchange(request: request, phase: .sendingBody)
        exchanges[wsi] = exchange

        let declaredBody = Self.header(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH).flatMap { Int($0) } ?? 0
        if let size = oversizedHead(wsi, declaredBody: method == Int(LWSHUMETH_POST) ? max(0, declaredBody) : 0) {
            // Written whole, then closed: lws flushes what the socket did not take, then shuts the
            // connection down, reading and dropping whatever body follows.
            _ = writeCompleteResponse(wsi, headersTooLarge(size))
            return -1
        }

        switch method {
        case Int(LWSHUMETH_GET): exchange.request.method = "GET"
        case Int(LWSHUMETH_HEAD):
            exchange.request.method = "GET"
            exchange.omitsBody = true
        case Int(LWSHUMETH_POST): exchange.request.method = "POST"
        case Int(LWSHUMETH_OPTIONS): exchange.request.method = "OPTIONS"
        default:
            let response = HTTPResponse.transportError(
                405,
                .methodNotAllowed,
                "method not allowed: use \(Self.allowedMethods)",
                headers: [("allow", Self.allowedMethods)]
            )
            return respond(wsi, exchange, response)
        }
        guard phase == .running else {
            exchange.closesConnection = true
            return respond(
                wsi,
                exchange,
                .transportError(503, .unavailable, "server shutting down", headers: [("retry-after", "1")])
            )
        }
        guard !isOverCapacity else {
            stats.refusedAtCapacity += 1
            warnAtCapacity()
            exchange.closesConnection = true
            return respond(
                wsi,
                exchange,
                .transportError(
                    503,
                    .unavailable,
                    "server is at its connection limit (\(configuration.maxConnections)); try again later",
                    headers: [("retry-after", "5")]
                )
            )
        }
        guard exchange.request.method == "POST" else {
            return respond(wsi, exchange, delegateResponse(to: exchange.request))
        }

        let limit = configuration.maxRequestBodyBytes
        guard let declared = Self.header(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH).flatMap({ Int($0) }), declared >= 0 else {
            // lws would wait for a 100 MB body: answer now and close, the request cannot be delimited.
            exchange.closesConnection = true
            return respond(wsi, exchange, .transportError(411, .lengthRequired, "a POST needs a Content-Length header"))
        }
        if declared > limit {
            if declared > 16 * limit {
                // Not worth reading to keep the connection: answer now and close it.
                exchange.closesConnection = true
                return respond(wsi, exchange, tooLarge)
            }
            exchange.phase = .bodyTooLarge  // lws reads and drops it; answered at BODY_COMPLETION
        } else {
            exchange.phase = .receivingBody
            exchange.request.body.reserveCapacity(declared)
        }
        if declared > 0 { scheduleBodyDeadline(wsi, exchange) }
        return 0
    }

    private var tooLarge: HTTPResponse {
        .transportError(413, .tooLarge, "request body too large (limit \(configuration.maxRequestBodyBytes) bytes)")
    }

    private func httpBodyArrived(_ wsi: OpaquePointer, _ chunk: UnsafeRawBufferPointer) -> Int32 {
        guard let exchange = exchanges[wsi] else { return 0 }
        // The whole body must arrive within the header timeout (64 KiB at most: a fraction of a
        // second at any real speed); the body deadline answers 408 when it does not. lws re-arms
        // its own timer at every chunk, so a body trickled a byte at a time would hold the
        // connection for ever without it.
        if ContinuousClock.now - exchange.startedAt > configuration.headerTimeout {
            return bodyTimedOut(wsi, exchange)
        }
        guard exchange.phase == .receivingBody else { return 0 }
        if exchange.request.body.count + chunk.count > configuration.maxRequestBodyBytes {
            exchange.phase = .bodyTooLarge
            exchange.request.body = []
        } else {
            exchange.request.body.append(contentsOf: chunk)
        }
        return 0
    }

    private func httpBodyCompleted(_ wsi: OpaquePointer) -> Int32 {
        guard let exchange = exchanges[wsi] else { return 0 }
        switch exchange.phase {
        case .receivingBody:
            guard phase == .running else {
                exchange.closesConnection = true
                return respond(wsi, exchange, .transportError(503, .unavailable, "server shutting down"))
            }
            return respond(wsi, exchange, delegateResponse(to: exchange.request))
        case .bodyTooLarge:
            return respond(wsi, exchange, tooLarge)
        case .sendingBody, .done:
            return 0
        }
    }

    private func delegateResponse(to request: HTTPRequest) -> HTTPResponse {
        guard let delegate else {
            return .transportError(503, .unavailable, "no handler is attached to the transport")
        }
        return delegate.transport(self, handleHTTP: request)
    }

    /// Writes the status line and headers now; HTTP_WRITEABLE sends the body.
    func respond(_ wsi: OpaquePointer, _ exchange: HTTPExchange, _ response: HTTPResponse) -> Int32 {
        stats.httpRequests += 1
        exchange.bodyDeadline = nil
        exchange.response = response
        exchange.bodyOffset = 0
        exchange.phase = .sendingBody
        guard writeHeaders(wsi, response, closesConnection: exchange.closesConnection) else { return -1 }
        // A client that stops reading its answer is dropped after the stall timeout, as a
        // WebSocket would be (renewed at every chunk written); lws' keep-alive timeout replaces
        // this once the answer is out.
        LWS.kill(wsi, after: Int(configuration.stallTimeout.components.seconds))
        LWS.requestWriteable(wsi)
        return 0
    }

    private func httpWriteable(_ wsi: OpaquePointer) -> Int32 {
        guard let exchange = exchanges[wsi], exchange.phase == .sendingBody, let response = exchange.response else {
            return 0
        }
        let total = exchange.omitsBody ? 0 : response.body.count
        let count = min(Self.frameBytes, total - exchange.bodyOffset)
        let isLast = exchange.bodyOffset + count == total
        let buffer = exchange.chunkBuffer ?? LWSBuffer(capacity: min(Self.frameBytes, max(total, 1)))
        exchange.chunkBuffer = buffer
        response.body.withUnsafeBufferPointer { body in
            if count > 0 { buffer.payload.update(from: body.baseAddress! + exchange.bodyOffset, count: count) }
        }
        let written = lws_write(wsi, buffer.payload, count, isLast ? LWS_WRITE_HTTP_FINAL : LWS_WRITE_HTTP)
        guard written >= 0 else { return -1 }
        exchange.bodyOffset += count
        guard isLast else {
            LWS.kill(wsi, after: Int(configuration.stallTimeout.components.seconds))  // it read: more time
            LWS.requestWriteable(wsi)
            return 0
        }
        exchange.phase = .done
        exchanges[wsi] = nil
        if exchange.closesConnection { return -1 }
        markHeadStart(wsi)
        // Keep-alive: ready for the next request on this connection (or close if it must).
        return lws_http_transaction_completed(wsi) != 0 ? -1 : 0
    }

    /// A request that asked to upgrade to h2c, answered as a plain HTTP/1.1 request (bodies cannot
    /// be read at this point: a POST is asked to come again without the upgrade).
    private func answerIgnoringUpgrade(_ wsi: OpaquePointer) -> Bool {
        var uri: UnsafeMutablePointer<CChar>?
        var uriLength: Int32 = 0
        let method = Int(lws_http_get_uri_and_method(wsi, &uri, &uriLength))
        let path = uri.map { String(decoding: UnsafeRawBufferPointer(start: $0, count: Int(uriLength)), as: UTF8.self) }
        if let size = oversizedHead(wsi, declaredBody: 0) {
            return writeCompleteResponse(wsi, headersTooLarge(size))
        }
        let request = HTTPRequest(
            method: method == Int(LWSHUMETH_OPTIONS) ? "OPTIONS" : "GET",
            path: path ?? "/",
            query: Self.query(wsi),
            headers: Self.headers(wsi),
            body: [],
            peer: Self.peer(wsi)
        )
        let response: HTTPResponse
        switch method {
        case Int(LWSHUMETH_GET), Int(LWSHUMETH_HEAD), Int(LWSHUMETH_OPTIONS):
            response =
                phase == .running
                ? delegateResponse(to: request) : .transportError(503, .unavailable, "server shutting down")
        default:
            response = .transportError(
                400,
                .badRequest,
                "HTTP/2 is not supported: send this request without 'Upgrade: h2c'"
            )
        }
        return writeCompleteResponse(wsi, response, omitsBody: method == Int(LWSHUMETH_HEAD))
    }

    /// A whole HTTP/1.1 response written at once, then the connection closes: for requests
    /// answered in HTTP_CONFIRM_UPGRADE, where lws expects the callback to have written everything
    /// and has not yet looked at the request's HTTP version (its own helpers would say HTTP/1.0,
    /// which WebSocket clients reject as malformed). lws buffers what the socket does not take.
    func writeCompleteResponse(
        _ wsi: OpaquePointer,
        _ response: HTTPResponse,
        omitsBody: Bool = false
    )
        -> Bool
    {
        stats.httpRequests += 1
        var head = "HTTP/1.1 \(response.status) \(Self.reasonPhrase(response.status))\r\n"
        head += "server: \(configuration.serverName)\r\ncontent-type: \(response.contentType)\r\n"
        head += "content-length: \(response.body.count)\r\nconnection: close\r\n"
        for (name, value) in safeHeaders(response) { head += "\(name.lowercased()): \(value)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8) + (omitsBody ? [] : response.body)
        let buffer = LWSBuffer(capacity: bytes.count)
        bytes.withUnsafeBufferPointer { buffer.payload.update(from: $0.baseAddress!, count: $0.count) }
        return lws_write(wsi, buffer.payload, bytes.count, LWS_WRITE_HTTP) >= 0
    }

    private static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 411: "Length Required"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }

    /// The response's extra headers, without any that would split the header block.
    private func safeHeaders(_ response: HTTPResponse) -> [(String, String)] {
        response.headers.filter { name, value in
            let safe = !name.isEmpty && !(name + value).utf8.contains { $0 == 13 || $0 == 10 }
            if !safe {
                logger.warning(
                    "dropped a response header containing a line break",
                    metadata: ["gavel.header": "\(name)"]
                )
            }
            return safe
        }
    }

    private func writeHeaders(_ wsi: OpaquePointer, _ response: HTTPResponse, closesConnection: Bool) -> Bool {
        let headers = safeHeaders(response)
        let pre = Int(gavel_lws_pre())
        let capacity =
            pre + 1024 + response.contentType.utf8.count
            + headers.reduce(0) { $0 + $1.0.utf8.count + $1.1.utf8.count + 8 }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer -> Bool in
            let start = buffer.baseAddress! + pre
            let end = buffer.baseAddress! + capacity
            var position: UnsafeMutablePointer<UInt8>? = start
            let length = lws_filepos_t(response.body.count)
            // An unknown length makes lws say "connection: close" and close after the response.
            guard
                lws_add_http_common_headers(
                    wsi,
                    UInt32(clamping: response.status),
                    response.contentType,
                    closesConnection ? lws_filepos_t.max : length,
                    &position,
                    end
                ) == 0
            else { return false }
            if closesConnection {
                guard lws_add_http_header_content_length(wsi, length, &position, end) == 0 else { return false }
            }
            for (name, value) in headers {
                let added = lws_add_http_header_by_name(
                    wsi,
                    name.lowercased() + ":",
                    value,
                    Int32(value.utf8.count),
                    &position,
                    end
                )
                guard added == 0 else { return false }
            }
            return lws_finalize_write_http_header(wsi, start, &position, end) == 0
        }
    }

    // MARK: - Reading request headers

    /// Tokens that are not headers (methods, the version, the query) or are internal to lws.
    private static let nonHeaderTokens: Set<UInt32> = [
        WSI_TOKEN_GET_URI, WSI_TOKEN_POST_URI, WSI_TOKEN_OPTIONS_URI, WSI_TOKEN_PUT_URI, WSI_TOKEN_PATCH_URI,
        WSI_TOKEN_DELETE_URI, WSI_TOKEN_HEAD_URI, WSI_TOKEN_CONNECT, WSI_TOKEN_HTTP, WSI_TOKEN_HTTP1_0,
        WSI_TOKEN_HTTP_URI_ARGS,
    ].reduce(into: []) { $0.insert($1.rawValue) }

    static func header(_ wsi: OpaquePointer, _ token: lws_token_indexes) -> String? {
        let length = Int(lws_hdr_total_length(wsi, token))
        guard length > 0 else { return nil }
        // Room for the commas lws puts between repeated headers, and the terminating NUL.
        let capacity = length + 64
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: capacity) { buffer in
            let copied = lws_hdr_copy(wsi, buffer.baseAddress, Int32(capacity), token)
            guard copied >= 0 else { return nil }
            return String(cString: buffer.baseAddress!)
        }
    }

    /// Every header lws knows by name, by lower-cased name.
    static func headers(_ wsi: OpaquePointer) -> [String: String] {
        var headers: [String: String] = [:]
        for raw in 0..<_WSI_TOKEN_CLIENT_SENT_PROTOCOLS.rawValue where !nonHeaderTokens.contains(raw) {
            let token = lws_token_indexes(rawValue: raw)
            guard lws_hdr_total_length(wsi, token) > 0, let namePointer = lws_token_to_string(token) else { continue }
            var name = String(cString: namePointer)
            if name.hasSuffix(":") { name.removeLast() }
            guard !name.isEmpty, !name.hasPrefix(":"), let value = header(wsi, token) else { continue }
            headers[name.lowercased()] = value
        }
        return headers
    }

    /// The query arguments, percent-decoded by lws ("+" becomes a space).
    static func query(_ wsi: OpaquePointer) -> [String: String] {
        let total = Int(lws_hdr_total_length(wsi, WSI_TOKEN_HTTP_URI_ARGS))
        guard total > 0 else { return [:] }
        var query: [String: String] = [:]
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: total + 1) { buffer in
            var index: Int32 = 0
            while lws_hdr_copy_fragment(
                wsi,
                buffer.baseAddress,
                Int32(total + 1),
                WSI_TOKEN_HTTP_URI_ARGS,
                index
            ) >= 0 {
                index += 1
                let argument = String(cString: buffer.baseAddress!)
                guard !argument.isEmpty else { continue }
                if let equals = argument.firstIndex(of: "=") {
                    query[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
                } else {
                    query[argument] = ""
                }
            }
        }
        return query
    }

    static func peer(_ wsi: OpaquePointer) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            buffer.initialize(repeating: 0)
            guard let address = lws_get_peer_simple(wsi, buffer.baseAddress, 64) else { return "unix" }
            let text = String(cString: address)
            return text.isEmpty ? "unix" : text
        }
    }
}

/// A buffer with LWS_PRE bytes of headroom before `payload`, for one connection's writes.
final class LWSBuffer {
    let capacity: Int
    private let storage: UnsafeMutableRawPointer

    init(capacity: Int) {
        self.capacity = capacity
        storage = .allocate(byteCount: Int(gavel_lws_pre()) + capacity, alignment: 16)
    }

    deinit {
        storage.deallocate()
    }

    var payload: UnsafeMutablePointer<UInt8> {
        storage.advanced(by: Int(gavel_lws_pre())).bindMemory(to: UInt8.self, capacity: capacity)
    }
}
