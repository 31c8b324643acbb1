import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import GavelServer
import Logging

extension Settings {
    /// Every setting of gaveld, each written once: the options of `Gaveld` (and so `--help`),
    /// their validation and `Settings` are made from these.
    enum Table {
        static let agenda = Setting<String?>(
            flag: "agenda",
            variable: "GAVEL_AGENDA",
            summary: "The agenda: a programme (.txt, .docx, .pdf), a spreadsheet (.csv, .xlsx) or Gavel JSON.",
            valueName: "file",
            defaultNote: "the built-in example hearing",
            read: path
        )

        static let listen = Setting<(host: String, port: Int)>(
            flag: "listen",
            variable: "GAVEL_LISTEN",
            summary: "Address to listen on for HTTP and WebSocket.",
            valueName: "host:port",
            default: "\(LocalDaemon.defaultHost):\(LocalDaemon.defaultPort)"
        ) { text, name throws(SettingError) in
            guard let address = LocalDaemon.parseListen(text) else {
                throw SettingError("\(name) '\(text)' is not HOST:PORT (e.g. 127.0.0.1:8417 or 0.0.0.0:8417)")
            }
            return address
        }

        static let unixSocket = Setting<String?>(
            flag: "unix-socket",
            variable: "GAVEL_UNIX_SOCKET",
            summary: "Also listen on this Unix socket, for local control.",
            valueName: "path",
            read: path
        )

        /// Without one, `LocalDaemon.stateDirectory`: systemd's, XDG's or the home directory's.
        static let stateDirectory = Setting<String?>(
            flag: "state-dir",
            variable: "GAVEL_STATE_DIR",
            summary: "Where the journal and the generated token live.",
            valueName: "dir",
            variableNote: ", or systemd's STATE_DIRECTORY",
            defaultNote: "~/.local/state/gavel",
            read: path
        )

        /// A file path, or a PostgreSQL URL (read with the room, in `Settings`).
        static let journal = Setting<String?>(
            flag: "journal",
            variable: "GAVEL_JOURNAL",
            summary: "The journal: an SQLite file, or a PostgreSQL database shared by a venue's rooms "
                + "(postgresql://user[:password]@host[:port]/database).",
            valueName: "file|url",
            defaultNote: "STATE_DIR/\(LocalDaemon.journalFileName)",
            read: path
        )

        static let room = Setting<String>(
            flag: "room",
            variable: "GAVEL_ROOM",
            summary: "The room whose meetings this gaveld keeps, apart from other rooms' in a shared "
                + "PostgreSQL journal.",
            valueName: "name",
            default: PostgresJournalAddress.defaultRoom
        ) { text, name throws(SettingError) in
            do throws(PostgresJournalAddress.Invalid) {
                try PostgresJournalAddress.requireRoomName(text)
            } catch {
                throw SettingError("\(name): \(error.reason)")
            }
            return text
        }

        /// A flag on the command line (`--standby`); on or off in the environment.
        static let standby = Setting<Bool>(
            flag: "standby",
            variable: "GAVEL_STANDBY",
            summary: "Share the room with other gaveld started so (PostgreSQL journal only): the one that holds the "
                + "room's lease leads and takes commands; the others follow it, serve displays, refuse commands "
                + "(notLeader) and take over in about 1.2 s when it dies. One started so in a room nobody "
                + "leads leads it.",
            variableNote: ": on or off",
            default: "off",
            read: onOff
        )

        /// The URL other machines reach this daemon at; checked, not resolved.
        static let advertise = Setting<String?>(
            flag: "advertise",
            variable: "GAVEL_ADVERTISE",
            summary: "The URL clients reach this gaveld at (http[s]://host:port), told to them when it leads "
                + "(/api/v1/leader, and a standby's notLeader refusals).",
            valueName: "url",
            defaultNote: "from --listen"
        ) { text, name throws(SettingError) in
            guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
                scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty,
                url.path.isEmpty || url.path == "/", url.query == nil, url.user == nil
            else {
                throw SettingError("\(name) '\(text)' is not a URL like http://gavel-a.example:8080")
            }
            return text.hasSuffix("/") ? String(text.dropLast()) : text
        }

        static let tokenFile = Setting<String?>(
            flag: "token-file",
            variable: "GAVEL_TOKEN_FILE",
            summary: "The control token.",
            valueName: "file",
            defaultNote: "STATE_DIR/token, created if missing",
            read: path
        )

        /// A flag on the command line (`--read-token`); on or off in the environment.
        static let readToken = Setting<Bool>(
            flag: "read-token",
            variable: "GAVEL_READ_TOKEN",
            summary:
                "Make displays and the read API (state, agenda, lists, reports) need a token: STATE_DIR/token-read, "
                + "or any level's. For meetings that are not public.",
            variableNote: ": on or off",
            default: "off",
            read: onOff
        )

        static let webRoot = Setting<String?>(
            flag: "web-root",
            variable: "GAVEL_WEB_ROOT",
            summary: "The display page's files.",
            valueName: "dir",
            defaultNote: "those shipped with gaveld",
            read: path
        )

        static let timeZone = Setting<String?>(
            flag: "time-zone",
            variable: "GAVEL_TIME_ZONE",
            summary: "Time zone for an agenda that names none, e.g. Europe/Zurich.",
            valueName: "zone"
        ) { text, name throws(SettingError) in
            guard VenueTimeZone(identifier: text) != nil else {
                throw SettingError("\(name) '\(text)' is not an IANA time zone (e.g. America/New_York)")
            }
            return text
        }

        static let displayLanguage = Setting<DisplayLanguage?>(
            flag: "display-language",
            variable: "GAVEL_DISPLAY_LANGUAGE",
            summary: "The displays' language when a page asks for none (?lang=): "
                + DisplayLanguage.codes.joined(separator: ", ") + ".",
            valueName: "code",
            defaultNote: "each browser's own language"
        ) { text, name throws(SettingError) in
            guard let language = DisplayLanguage(code: text) else {
                throw SettingError(
                    "\(name) '\(text)' is not a display language: use one of "
                        + DisplayLanguage.codes.joined(separator: ", ")
                        + " (Arabic, Chinese, English, French, Russian, Spanish)"
                )
            }
            return language
        }

        static let logLevel = Setting<Logger.Level>(
            flag: "log-level",
            variable: "GAVEL_LOG_LEVEL",
            summary: levelNames.dropLast().joined(separator: ", ") + " or \(levelNames.last!).",
            valueName: "level",
            default: "info"
        ) { text, name throws(SettingError) in
            guard let level = Logger.Level(rawValue: text) else {
                throw SettingError("\(name) '\(text)' is not one of \(levelNames.joined(separator: ", "))")
            }
            return level
        }

        static let stallTimeout = Setting<Duration>(
            flag: "stall-timeout",
            variable: "GAVEL_STALL_TIMEOUT",
            summary: "Close a subscriber that has not read for this many seconds.",
            valueName: "seconds",
            default: "30"
        ) { text, name throws(SettingError) in
            guard let seconds = Int(text), (1...3600).contains(seconds) else {
                throw SettingError("\(name) '\(text)' is not a whole number of seconds between 1 and 3600")
            }
            return .seconds(seconds)
        }

        static let alertLead = Setting<Duration>(
            flag: "alert-lead",
            variable: "GAVEL_ALERT_LEAD",
            summary: "Send each alert this many seconds before its threshold; displays show it at the threshold, "
                + "on the daemon's clock. 0 sends it at the threshold.",
            valueName: "seconds",
            default: "2",
            read: seconds(within: 0...60)
        )

        /// Without one, `preferredMaxConnections` or the most the open-file limit allows.
        static let maxConnections = Setting<Int?>(
            flag: "max-connections",
            variable: "GAVEL_MAX_CONNECTIONS",
            summary: "The most client connections at once (HTTP and WebSocket); more are refused with 1013 or 503.",
            valueName: "n",
            defaultNote: "\(preferredMaxConnections), less if the open-file limit is lower"
        ) { text, name throws(SettingError) in
            let count = try positive(text, name)
            let maximum = OpenFileLimit.maximumConnections
            guard count <= maximum else {
                throw SettingError(
                    "\(name) \(count) does not fit the open-file limit (\(OpenFileLimit.hard)): at most "
                        + "\(maximum); raise the limit (LimitNOFILE= in the unit, ulimit -n) or ask for fewer"
                )
            }
            return count
        }

        /// Checked as a whole, with the options, by `OriginPolicy`.
        static let allowedOrigins = Setting<[String]>(
            flag: "allowed-origin",
            variable: "GAVEL_ALLOWED_ORIGINS",
            summary: "A browser origin (scheme://host[:port]) whose pages may control the meeting, besides pages "
                + "served by gaveld itself; repeatable. Reading is open to every origin.",
            valueName: "origin",
            variableNote: ", comma-separated"
        ) { text, _ in
            text.split(separator: ",").map(String.init)
        }

        /// Needs `tlsKey`, and the other way round.
        static let tlsCertificate = Setting<String?>(
            flag: "tls-certificate",
            variable: "GAVEL_TLS_CERTIFICATE",
            summary: "Serve HTTPS and WSS with this certificate (PEM, chain included); needs --tls-key.",
            valueName: "file",
            read: path
        )

        static let tlsKey = Setting<String?>(
            flag: "tls-key",
            variable: "GAVEL_TLS_KEY",
            summary: "The TLS certificate's private key (PEM).",
            valueName: "file",
            read: path
        )

        // From the environment only: tuning for the hardening tests (docs/reliability.md).

        static let pingInterval = Setting<Duration>(
            flag: nil,
            variable: "GAVEL_PING_INTERVAL",
            summary: "Ping a WebSocket silent for this many seconds.",
            default: "30",
            read: seconds(within: 1...3600)
        )

        /// At least `pingInterval` and a second, whatever it says.
        static let idleHangup = Setting<Duration>(
            flag: nil,
            variable: "GAVEL_IDLE_HANGUP",
            summary: "Hang up a WebSocket silent for this many seconds.",
            default: "60",
            read: seconds(within: 2...7200)
        )

        static let headerTimeout = Setting<Duration>(
            flag: nil,
            variable: "GAVEL_HEADER_TIMEOUT",
            summary: "Seconds for a request's headers (and TLS handshake), and for a POST body.",
            default: "10",
            read: seconds(within: 1...3600)
        )

        static let journalRetryInterval = Setting<Duration>(
            flag: nil,
            variable: "GAVEL_JOURNAL_RETRY_INTERVAL",
            summary: "Seconds between attempts to write the journal again while degraded.",
            default: "5",
            read: seconds(within: 0.05...3600)
        )

        static let controlFailureLimit = Setting<Int>(
            flag: nil,
            variable: "GAVEL_CONTROL_FAILURE_LIMIT",
            summary: "Failed control attempts an address may make per window.",
            default: "10",
            read: positive
        )

        static let controlFailureWindow = Setting<Duration>(
            flag: nil,
            variable: "GAVEL_CONTROL_FAILURE_WINDOW",
            summary: "The window of GAVEL_CONTROL_FAILURE_LIMIT, in seconds.",
            default: "60",
            read: seconds(within: 1...86400)
        )

        static let messageRate = Setting<Int>(
            flag: nil,
            variable: "GAVEL_MESSAGE_RATE",
            summary: "Incoming messages a second per WebSocket.",
            default: "50",
            read: positive
        )

        static let messageBurst = Setting<Int>(
            flag: nil,
            variable: "GAVEL_MESSAGE_BURST",
            summary: "Incoming messages at once per WebSocket.",
            default: "200",
            read: positive
        )

        /// WebSockets served by more than one libwebsockets service thread (Benchmarks/analysis.md).
        /// Two by default since the CLI, display, daemon and hardening suites and ThreadSanitizer
        /// passed with it (docs/benchmarks.md).
        static let serviceThreads = Setting<Int>(
            flag: "service-threads",
            variable: "GAVEL_SERVICE_THREADS",
            summary: "Threads serving the TCP port's connections; the daemon stays on the first. "
                + "2 spreads a fan-out to thousands of displays over two cores; 1 keeps everything on one.",
            default: "2"
        ) { text, name throws(SettingError) in
            guard let count = Int(text), (1...8).contains(count) else {
                throw SettingError("\(name) '\(text)' is not a number of threads from 1 to 8")
            }
            return count
        }

        /// Direct writes since stop 32 (Benchmarks/analysis.md); `polled` keeps the old path for comparing.
        static let fanoutWrites = Setting<Transport.Configuration.FanoutWrites>(
            flag: nil,
            variable: "GAVEL_FANOUT_WRITES",
            summary: "How a message to an idle display is written: direct (at once, one send each) "
                + "or polled (from its writeable callback at the next service round, as before).",
            default: "direct"
        ) { text, name throws(SettingError) in
            guard let mode = Transport.Configuration.FanoutWrites(rawValue: text) else {
                let modes = Transport.Configuration.FanoutWrites.allCases.map(\.rawValue).joined(separator: " or ")
                throw SettingError("\(name) '\(text)' is not \(modes)")
            }
            return mode
        }

        /// For a rehearsal at the real meeting's hour, and for the tests' clock (docs/testing.md).
        static let clockOffset = Setting<Duration>(
            flag: nil,
            variable: "GAVEL_CLOCK_OFFSET",
            summary: "How far the daemon's timeline runs from the machine's clock, in seconds.",
            default: "0"
        ) { text, name throws(SettingError) in
            guard let offset = Settings.clockOffset(text) else {
                throw SettingError(
                    "\(name) '\(text)' is not a number of seconds within ±\(Int(Settings.maximumClockOffsetSeconds))"
                )
            }
            return offset
        }

        // MARK: - Readers

        private static let levelNames = Logger.Level.allCases.map(\.rawValue)

        @Sendable private static func path(_ text: String, _ name: String) -> String? {
            text
        }

        /// A switch: on, 1, true, yes or off, 0, false, no, in any case.
        @Sendable private static func onOff(_ text: String, _ name: String) throws(SettingError) -> Bool {
            switch text.lowercased() {
            case "on", "1", "true", "yes": return true
            case "off", "0", "false", "no": return false
            default: throw SettingError("\(name) '\(text)' is not on or off")
            }
        }

        @Sendable private static func positive(_ text: String, _ name: String) throws(SettingError) -> Int {
            guard let count = Int(text), count >= 1 else {
                throw SettingError("\(name) '\(text)' is not a positive number")
            }
            return count
        }

        /// Seconds, fractions allowed, to the millisecond.
        private static func seconds(within range: ClosedRange<Double>) -> Setting<Duration>.Reader {
            { text, name throws(SettingError) in
                guard let seconds = Double(text), range.contains(seconds) else {
                    throw SettingError(
                        "\(name) '\(text)' is not a number of seconds between \(shown(range.lowerBound)) and "
                            + "\(shown(range.upperBound))"
                    )
                }
                return .milliseconds(Int64((seconds * 1000).rounded()))
            }
        }

        /// 60 rather than 60.0.
        private static func shown(_ number: Double) -> String {
            number == number.rounded() ? String(Int(number)) : String(number)
        }
    }

    /// The most connections when nobody says otherwise, if the open-file limit allows it.
    static let preferredMaxConnections = 10_000
}
