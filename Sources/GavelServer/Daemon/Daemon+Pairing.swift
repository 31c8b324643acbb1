import Foundation
import GavelCore
import GavelProtocol

// Pairing a console: `POST /api/v1/pairings` (the chair's token) makes a short single-use code
// for a level; `POST /api/v1/pair` trades the code for that level's token (`PairingCodes`).
extension Daemon {
    /// `POST /api/v1/pairings` `{"level":"chair"|"secretariat","ttlSeconds":300}` with the chair's
    /// token: 201 `{"code","level","expiresAt"}`. 400 a bad body, 401/403/429 as for commands
    /// (a secretariat's token is 403: only the chair hands out access).
    func pairingResponse(_ request: HTTPRequest) -> HTTPResponse {
        if let refusal = refusedControl(request, "pairing code", minimum: .chair, action: "make pairing codes") {
            return refusal
        }
        let asked: PairingRequest
        do {
            asked =
                request.body.isEmpty
                ? PairingRequest() : try WireCoding.decoder().decode(PairingRequest.self, from: Data(request.body))
        } catch {
            return Self.problem(
                400,
                .badRequest,
                "\(WireCoding.describe(error)); send {\"level\":\"chair\",\"ttlSeconds\":300}"
            )
        }
        let level = asked.level ?? .chair
        guard AccessLevel.pairable.contains(level) else {
            return Self.problem(
                400,
                .badRequest,
                "a pairing code is for the chair or the secretariat, not '\(level)'; displays need no pairing"
            )
        }
        guard level != .secretariat || configuration.secretariatToken != nil else {
            return Self.problem(400, .badRequest, "this daemon has no secretariat token")
        }
        // Checked as a number before it becomes a duration: 1e300 seconds would not fit one.
        let seconds = asked.ttlSeconds ?? Double(PairingCodes.defaultTTL.wholeSeconds)
        let range = PairingCodes.ttlRange
        guard seconds.isFinite, seconds >= Double(range.lowerBound.wholeSeconds),
            seconds <= Double(range.upperBound.wholeSeconds)
        else {
            return Self.problem(400, .badRequest, "ttlSeconds must be between 1 and 3600")
        }
        let ttl = Duration.milliseconds(Int64((seconds * 1000).rounded()))
        let now = clock.now()
        var generator = SystemRandomNumberGenerator()
        guard let issued = pairings.issue(level: level, ttl: ttl, at: now, using: &generator) else {
            return Self.problem(
                503,
                .unavailable,
                "\(PairingCodes.capacity) pairing codes are waiting to be used; try again when some expire"
            )
        }
        logger.info(
            "pairing code issued",
            metadata: [
                "gavel.level": "\(level)", "gavel.ttl_s": "\(ttl.wholeSeconds)", "gavel.peer": "\(request.peer)",
            ]
        )
        let body = PairingIssued(
            code: issued.code,
            level: level,
            expiresAt: state.agenda.venueTimeZone.iso8601(issued.expiresAt)
        )
        var response = HTTPResponse.json(201, WireCoding.encode(body))
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    /// `POST /api/v1/pair` `{"code":"482913"}`: 200 `{"token","level"}` and the code is used up;
    /// 401 an unknown or used code (counted as a wrong token), 410 an expired one, 429 past the
    /// address's limit of wrong guesses (even with a right code), 403 from a page of an origin
    /// that may not control.
    func pairResponse(_ request: HTTPRequest) -> HTTPResponse {
        let origin = request.headers["origin"]
        guard access.mayControl(peer: request.peer, origin: origin) else {
            return Self.problem(
                403,
                .unauthorized,
                "pairing is not allowed from pages of \(OriginPolicy.describe(origin)); use the console gaveld serves"
            )
        }
        let now = clock.now()
        if let limited = access.limited(peer: request.peer, at: now), case .rateLimited(let seconds) = limited {
            metrics.recordControlRateLimited()
            return Self.problem(
                429,
                .rateLimited,
                "too many wrong codes or tokens from this address: try again in \(seconds) s"
            ).adding(header: "Retry-After", "\(seconds)")
        }
        let code: String
        do {
            code = try WireCoding.decoder().decode(PairRequest.self, from: Data(request.body)).code.trimmingSpaces
        } catch {
            return Self.problem(400, .badRequest, "\(WireCoding.describe(error)); send {\"code\":\"482913\"}")
        }
        switch pairings.redeem(code, at: now) {
        case .redeemed(let level):
            guard let token = token(of: level) else {
                return Self.problem(500, .internalError, "this daemon has no \(level) token any more")
            }
            logger.info("pairing code used", metadata: ["gavel.level": "\(level)", "gavel.peer": "\(request.peer)"])
            var response = HTTPResponse.json(200, WireCoding.encode(Paired(token: token.secret, level: level)))
            response.headers.append(("Cache-Control", "no-store"))
            return response
        case .expired(let at):
            let time = state.agenda.venueTimeZone.time(at: at)
            let clock = String(format: "%02d:%02d", time.hour, time.minute)
            return Self.problem(
                410,
                .pairingExpired,
                "this pairing code expired at \(clock); ask for a new one with gavel console"
            )
        case .unknown:
            let decision = access.wrongGuess(peer: request.peer, at: now)
            countFailure(decision, peer: request.peer, "pairing code")
            if case .rateLimited(let seconds) = decision {
                return Self.problem(
                    429,
                    .rateLimited,
                    "too many wrong codes or tokens from this address: try again in \(seconds) s"
                )
                .adding(header: "Retry-After", "\(seconds)")
            }
            return Self.problem(
                401,
                .unauthorized,
                "no such pairing code (a code works once); ask for a new one with gavel console"
            )
        }
    }

    /// The token of `level`, if the daemon has one.
    func token(of level: AccessLevel) -> AccessToken? {
        switch level {
        case .chair: configuration.token
        case .secretariat: configuration.secretariatToken
        case .read: configuration.readToken
        }
    }
}

/// `POST /api/v1/pairings`' body.
struct PairingRequest: Decodable {
    var level: AccessLevel?
    var ttlSeconds: Double?

    init() {}
}

/// Its answer.
struct PairingIssued: Encodable {
    var code: String
    var level: AccessLevel
    /// ISO 8601 in the venue's zone, with its offset.
    var expiresAt: String
}

/// `POST /api/v1/pair`'s body.
struct PairRequest: Decodable {
    var code: String
}

/// Its answer.
struct Paired: Encodable {
    var token: String
    var level: AccessLevel
}
