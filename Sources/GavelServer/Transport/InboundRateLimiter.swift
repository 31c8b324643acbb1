/// One WebSocket connection's budget of incoming messages: a token bucket that holds
/// `rate.burst` messages and refills at `rate.perSecond`. No I/O: the caller passes the time.
///
/// Each message costs microseconds, but a client sending thousands a second (a ping flood)
/// would still take the service thread from everyone else; past its budget it is closed.
struct InboundRateLimiter {
    let rate: Transport.MessageRate
    private var tokens: Double
    private var refilledAt: ContinuousClock.Instant

    init(rate: Transport.MessageRate, now: ContinuousClock.Instant) {
        self.rate = rate
        self.tokens = Double(rate.burst)
        self.refilledAt = now
    }

    /// Takes one message from the budget; false when it is spent (the client is too fast).
    mutating func admit(now: ContinuousClock.Instant) -> Bool {
        let elapsed = now - refilledAt
        if elapsed > .zero {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            tokens = min(Double(rate.burst), tokens + seconds * Double(rate.perSecond))
            refilledAt = now
        }
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }
}
