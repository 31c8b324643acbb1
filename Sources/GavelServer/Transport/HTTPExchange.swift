/// One HTTP request/response on a connection (several in turn on a keep-alive connection).
final class HTTPExchange {
    enum Phase {
        /// Collecting the body (POST).
        case receivingBody
        /// The body was larger than allowed: drained by libwebsockets, answered 413 at the end.
        case bodyTooLarge
        /// Headers written; `response.body` goes out from `bodyOffset` in HTTP_WRITEABLE.
        case sendingBody
        /// Everything written.
        case done
    }

    var request: HTTPRequest
    var phase: Phase
    var response: HTTPResponse?
    /// HEAD: headers only.
    var omitsBody = false
    /// Close the connection after this response (the request could not be read to its end).
    var closesConnection = false
    var bodyOffset = 0
    /// When the request's headers were complete: its body must follow within the header timeout.
    let startedAt = ContinuousClock.now
    /// Fires at `startedAt` plus the header timeout while the body is awaited: answered 408.
    /// Dropping the exchange cancels it.
    var bodyDeadline: ScheduledTimer?
    /// A chunk's copy with LWS_PRE headroom, kept until the next HTTP_WRITEABLE.
    var chunkBuffer: LWSBuffer?

    init(request: HTTPRequest, phase: Phase) {
        self.request = request
        self.phase = phase
    }
}
