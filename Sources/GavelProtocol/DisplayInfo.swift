import Foundation

/// What a display page says about itself (`{"type":"display",...}`), for the technician's list
/// (`GET /api/v1/displays`, `gavel displays`). Every field is optional: a page sends what it
/// knows; the clock figures only once its clock sync has a sample.
///
/// Bounded, because it is kept per connection and printed in a terminal: strings are short and
/// free of control characters (no escape sequences into the technician's terminal), numbers
/// finite and within reason, and a field the daemon does not know is refused, not ignored.
public struct DisplayInfo: Hashable, Sendable, Codable {
    /// The view shown: "hall", "speaker", "chair", "clock".
    public var view: String?
    /// The page's language (BCP 47: "en", "fr-CH").
    public var language: String?
    /// Server time minus the page's clock, as its clock sync estimates it.
    public var clockOffsetMs: Double?
    /// The round trip of the clock sync's best sample.
    public var roundTripMs: Double?
    /// The screen's size in CSS pixels, "1920x1080".
    public var screen: String?
    /// The browser's user agent (the page truncates it).
    public var userAgent: String?

    public init(
        view: String? = nil,
        language: String? = nil,
        clockOffsetMs: Double? = nil,
        roundTripMs: Double? = nil,
        screen: String? = nil,
        userAgent: String? = nil
    ) {
        self.view = view
        self.language = language
        self.clockOffsetMs = clockOffsetMs
        self.roundTripMs = roundTripMs
        self.screen = screen
        self.userAgent = userAgent
    }

    /// The longest display message taken, in bytes: a page's is a few hundred.
    public static let maximumMessageBytes = 1024
    /// The fields a display message may carry besides its `type`.
    public static let fields = ["view", "language", "clockOffsetMs", "roundTripMs", "screen", "userAgent"]
    /// The string fields, each with the most characters it may have.
    private var boundedStrings: [(name: String, value: String?, limit: Int)] {
        [("view", view, 32), ("language", language, 35), ("screen", screen, 32), ("userAgent", userAgent, 256)]
    }
    /// A clock more than about three years off is not a clock; a round trip over a minute is no sample.
    static let maximumOffsetMs = 1e11
    static let maximumRoundTripMs = 60_000.0

    /// Decodes a display message (its `type` already read); the error says which field was wrong.
    static func decode(_ data: Data) -> Result<DisplayInfo, ProtocolError> {
        guard data.count <= maximumMessageBytes else {
            return .failure(
                ProtocolError(.badRequest, "display: the message is over \(maximumMessageBytes) bytes")
            )
        }
        let info: DisplayInfo
        do {
            let keys = try WireCoding.decoder().decode(FieldNames.self, from: data).names
            if let unknown = keys.subtracting(fields + ["type"]).sorted().first {
                return .failure(
                    ProtocolError(
                        .badRequest,
                        "display: unknown field '\(unknown)'; fields are \(fields.joined(separator: ", "))"
                    )
                )
            }
            info = try WireCoding.decoder().decode(DisplayInfo.self, from: data)
        } catch {
            return .failure(ProtocolError(.badRequest, "display: \(WireCoding.describe(error))"))
        }
        for (name, value, limit) in info.boundedStrings {
            guard let text = value else { continue }
            guard text.count <= limit else {
                return .failure(ProtocolError(.badRequest, "display: '\(name)' is over \(limit) characters"))
            }
            guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                return .failure(ProtocolError(.badRequest, "display: '\(name)' has control characters"))
            }
        }
        if let offset = info.clockOffsetMs, !(offset.isFinite && abs(offset) <= maximumOffsetMs) {
            return .failure(
                ProtocolError(.badRequest, "display: 'clockOffsetMs' is a finite number of milliseconds, within ±1e11")
            )
        }
        if let roundTrip = info.roundTripMs, !(roundTrip.isFinite && (0...maximumRoundTripMs).contains(roundTrip)) {
            return .failure(
                ProtocolError(.badRequest, "display: 'roundTripMs' is a number of milliseconds from 0 to 60000")
            )
        }
        return .success(info)
    }

    /// The names of an object's fields, whatever their values.
    private struct FieldNames: Decodable {
        var names: Set<String>

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            names = Set(try decoder.container(keyedBy: Key.self).allKeys.map(\.stringValue))
        }
    }
}
