import ArgumentParser
import GavelJournal
import Logging
import Testing

@testable import gaveld

/// Each setting comes from its option, else its environment variable, else its default; a value
/// that cannot be used is an error naming where it came from.
@Suite struct SettingsTests {
    private func settings(_ arguments: [String] = [], _ environment: [String: String] = [:]) throws -> Settings {
        try Settings(command: Gaveld.parse(arguments), environment: environment)
    }

    private func error(_ arguments: [String] = [], _ environment: [String: String] = [:]) -> String? {
        #expect(throws: SettingError.self) { try settings(arguments, environment) }?.message
    }

    @Test func anOptionWinsOverItsVariable() throws {
        let environment = [
            "GAVEL_LISTEN": "10.0.0.2:9001", "GAVEL_STALL_TIMEOUT": "7", "GAVEL_AGENDA": "env.txt",
            "GAVEL_LOG_LEVEL": "error",
        ]
        let settings = try settings(
            ["--listen", "10.0.0.1:9000", "--stall-timeout", "5", "--agenda", "flag.txt", "--log-level", "debug"],
            environment
        )
        #expect(settings.host == "10.0.0.1" && settings.port == 9000)
        #expect(settings.stallTimeout == .seconds(5))
        #expect(settings.agendaPath == "flag.txt")
        #expect(settings.logLevel == .debug)
    }

    @Test func theVariableCountsWithoutTheOption() throws {
        let settings = try settings(
            [],
            [
                "GAVEL_LISTEN": "10.0.0.2:9001", "GAVEL_STALL_TIMEOUT": "7", "GAVEL_AGENDA": "env.txt",
                "GAVEL_ALERT_LEAD": "0.25", "GAVEL_MAX_CONNECTIONS": "40", "GAVEL_PING_INTERVAL": "1.5",
                "GAVEL_MESSAGE_RATE": "7", "GAVEL_CLOCK_OFFSET": "-3600",
            ]
        )
        #expect(settings.host == "10.0.0.2" && settings.port == 9001)
        #expect(settings.stallTimeout == .seconds(7))
        #expect(settings.agendaPath == "env.txt")
        #expect(settings.alertLead == .milliseconds(250))
        #expect(settings.maxConnections == 40)
        #expect(settings.pingInterval == .milliseconds(1500))
        #expect(settings.messageRate == 7)
        #expect(settings.clockOffset == .seconds(-3600))
    }

    @Test func theDefaultsHoldWithNeither() throws {
        let settings = try settings()
        #expect(settings.host == "127.0.0.1" && settings.port == 8417)
        #expect(settings.agendaPath == nil && settings.tokenFile == nil && settings.timeZone == nil)
        #expect(settings.logLevel == .info)
        #expect(settings.stallTimeout == .seconds(30))
        #expect(settings.alertLead == .seconds(2))
        #expect(settings.maxConnections == min(10_000, OpenFileLimit.maximumConnections))
        #expect(settings.allowedOrigins.isEmpty && settings.originPolicy == .servedOnly)
        #expect(settings.tlsCertificate == nil && settings.scheme == "http")
        #expect(settings.pingInterval == .seconds(30) && settings.idleHangup == .seconds(60))
        #expect(settings.headerTimeout == .seconds(10) && settings.journalRetryInterval == .seconds(5))
        #expect(settings.controlFailureLimit == 10 && settings.controlFailureWindow == .seconds(60))
        #expect(settings.messageRate == 50 && settings.messageBurst == 200)
        #expect(settings.clockOffset == .zero)
    }

    @Test func anEmptyValueCountsAsNotGiven() throws {
        let settings = try settings(
            ["--agenda", ""],
            ["GAVEL_LISTEN": "", "GAVEL_AGENDA": "", "GAVEL_ALERT_LEAD": ""]
        )
        #expect(settings.agendaPath == nil)
        #expect(settings.port == 8417)
        #expect(settings.alertLead == .seconds(2))
    }

    @Test func theStateDirectoryFallsBackToSystemds() throws {
        #expect(try settings([], ["STATE_DIRECTORY": "/var/lib/gavel"]).stateDirectory == "/var/lib/gavel")
        let environment = ["STATE_DIRECTORY": "/var/lib/gavel", "GAVEL_STATE_DIR": "/srv/gavel"]
        #expect(try settings([], environment).stateDirectory == "/srv/gavel")
        #expect(try settings(["--state-dir", "/tmp/g"], environment).stateDirectory == "/tmp/g")
    }

    @Test(arguments: [
        ("GAVEL_LISTEN", "nowhere", "GAVEL_LISTEN 'nowhere' is not HOST:PORT"),
        ("GAVEL_LOG_LEVEL", "loud", "GAVEL_LOG_LEVEL 'loud' is not one of trace, debug, info"),
        ("GAVEL_STALL_TIMEOUT", "abc", "GAVEL_STALL_TIMEOUT 'abc' is not a whole number of seconds between 1 and 3600"),
        ("GAVEL_ALERT_LEAD", "61", "GAVEL_ALERT_LEAD '61' is not a number of seconds between 0 and 60"),
        ("GAVEL_TIME_ZONE", "Mars/Base", "GAVEL_TIME_ZONE 'Mars/Base' is not an IANA time zone"),
        ("GAVEL_MAX_CONNECTIONS", "0", "GAVEL_MAX_CONNECTIONS '0' is not a positive number"),
        ("GAVEL_MAX_CONNECTIONS", "100000000", "GAVEL_MAX_CONNECTIONS 100000000 does not fit the open-file limit"),
        ("GAVEL_PING_INTERVAL", "0", "GAVEL_PING_INTERVAL '0' is not a number of seconds between 1 and 3600"),
        (
            "GAVEL_JOURNAL_RETRY_INTERVAL", "0.01",
            "GAVEL_JOURNAL_RETRY_INTERVAL '0.01' is not a number of seconds "
                + "between 0.05 and 3600"
        ),
        ("GAVEL_CONTROL_FAILURE_LIMIT", "-1", "GAVEL_CONTROL_FAILURE_LIMIT '-1' is not a positive number"),
        ("GAVEL_CLOCK_OFFSET", "tomorrow", "GAVEL_CLOCK_OFFSET 'tomorrow' is not a number of seconds within ±"),
    ])
    func aBadVariableIsAnErrorNamingIt(variable: String, value: String, words: String) {
        let message = error([], [variable: value])
        #expect(message?.hasPrefix(words) == true, "\(message ?? "no error")")
    }

    @Test func aBadOptionIsAUsageErrorNamingTheOption() {
        // Parsing runs Gaveld.validate, which builds the settings as `run` does.
        let cases = [
            (["--listen", "nowhere"], "--listen 'nowhere' is not HOST:PORT (e.g. 127.0.0.1:8417 or 0.0.0.0:8417)"),
            (["--stall-timeout", "0"], "--stall-timeout '0' is not a whole number of seconds between 1 and 3600"),
            (["--alert-lead", "61"], "--alert-lead '61' is not a number of seconds between 0 and 60"),
            (["--tls-key", "key.pem"], "--tls-certificate and --tls-key go together: give both, or neither"),
        ]
        for (arguments, message) in cases {
            #expect {
                try Gaveld.parse(arguments)
            } throws: { error in
                Gaveld.exitCode(for: error) == .validationFailure && Gaveld.message(for: error) == message
            }
        }
    }

    @Test func allowedOriginsTakeTheOptionsAndTheVariable() throws {
        let settings = try settings(
            ["--allowed-origin", "https://chair.example.org"],
            ["GAVEL_ALLOWED_ORIGINS": "http://desk.local:8080, null"]
        )
        #expect(settings.allowedOrigins == ["https://chair.example.org", "http://desk.local:8080", " null"])
        #expect(settings.originPolicy.allowed == ["https://chair.example.org", "http://desk.local:8080", "null"])
        #expect(error([], ["GAVEL_ALLOWED_ORIGINS": "chair.example.org"])?.contains("scheme://host[:port]") == true)
    }

    @Test func theTLSCertificateAndKeyGoTogether() throws {
        let message = "--tls-certificate and --tls-key go together: give both, or neither"
        #expect(error([], ["GAVEL_TLS_KEY": "key.pem"]) == message)
        let settings = try settings([], ["GAVEL_TLS_CERTIFICATE": "cert.pem", "GAVEL_TLS_KEY": "key.pem"])
        #expect(settings.tlsCertificate == "cert.pem" && settings.tlsKey == "key.pem" && settings.scheme == "https")
    }

    @Test func helpShowsEachOptionsVariableAndDefault() {
        let help = Gaveld.helpMessage(columns: 400)
        #expect(help.contains("--listen <host:port>"))
        #expect(help.contains("Address to listen on for HTTP and WebSocket. [GAVEL_LISTEN] (default: 127.0.0.1:8417)"))
        #expect(
            help.contains(
                "trace, debug, info, notice, warning, error or critical. [GAVEL_LOG_LEVEL] (default: info)"
            )
        )
        #expect(help.contains("[GAVEL_STATE_DIR, or systemd's STATE_DIRECTORY] (default: ~/.local/state/gavel)"))
        #expect(help.contains("[GAVEL_MAX_CONNECTIONS] (default: 10000, less if the open-file limit is lower)"))
        #expect(help.contains("Also listen on this Unix socket, for local control. [GAVEL_UNIX_SOCKET]\n"))
    }

    @Test func aBadOriginNamesWhereItCameFrom() {
        // An option's value is checked as it is parsed.
        let parsing = #expect(throws: (any Error).self) { try Gaveld.parse(["--allowed-origin", "chair.example.org"]) }
        #expect(
            parsing.map { Gaveld.message(for: $0) }?.hasPrefix(
                "--allowed-origin 'chair.example.org' is not an origin"
            ) == true
        )
        #expect(
            error([], ["GAVEL_ALLOWED_ORIGINS": "chair.example.org"])?.hasPrefix(
                "GAVEL_ALLOWED_ORIGINS 'chair.example.org' is not an origin"
            ) == true
        )
    }

    @Test func theDisplayLanguageIsOneOfTheSixFromTheOptionOrTheVariable() throws {
        #expect(try settings().displayLanguage == nil)
        #expect(try settings(["--display-language", "fr"]).displayLanguage == .french)
        #expect(try settings(["--display-language", "ZH-CN"]).displayLanguage == .chinese)
        #expect(try settings([], ["GAVEL_DISPLAY_LANGUAGE": "ar"]).displayLanguage == .arabic)
        #expect(
            try settings(["--display-language", "es"], ["GAVEL_DISPLAY_LANGUAGE": "ru"]).displayLanguage == .spanish
        )
        // A bad option is a usage error at parsing (aBadOptionIsAUsageErrorNamingTheOption); a bad
        // variable, a setting error naming it.
        let message = error([], ["GAVEL_DISPLAY_LANGUAGE": "de"])
        #expect(
            message?.contains(
                "GAVEL_DISPLAY_LANGUAGE 'de' is not a display language: use one of ar, zh, en, fr, ru, es"
            )
                == true
        )
    }

    @Test func theJournalIsTheStateDirectorysFileUnlessAFileOrAPostgreSQLURLIsGiven() throws {
        #expect(try settings(["--state-dir", "/srv/gavel"]).journal == .file("/srv/gavel/journal.sqlite"))
        #expect(try settings(["--journal", "/srv/j.sqlite"]).journal == .file("/srv/j.sqlite"))
        let venue = try settings(
            ["--journal", "postgresql://gavel:pw@db.venue:6543/gavel"],
            ["GAVEL_ROOM": "hall-a"]
        ).journal
        #expect(venue.description == "postgresql://gavel@db.venue:6543/gavel (room hall-a)")
        let fromVariables = try settings([], ["GAVEL_JOURNAL": "postgres://gavel@db.venue/gavel"]).journal
        #expect(fromVariables.description == "postgresql://gavel@db.venue:5432/gavel (room main)")
        let overridden = try settings(["--room", "annex", "--journal", "postgres://g@h/d"], ["GAVEL_ROOM": "hall-a"])
        #expect(overridden.journal.description.hasSuffix("(room annex)"))
    }

    @Test func aBadJournalURLOrRoomIsAnErrorNamingWhereItCameFrom() throws {
        // Options are checked at parsing (Gaveld.validate), as aBadOptionIsAUsageErrorNamingTheOption.
        let cases = [
            (["--journal", "postgresql://db.venue/gavel"], "--journal 'postgresql://db.venue/gavel' names no user"),
            (["--journal", "postgresql://g@h/d", "--room", "hall a"], "--room: room 'hall a' is not 1 to 64"),
            (["--room", "hall-a"], "--room keeps rooms apart in a shared PostgreSQL journal"),
        ]
        for (arguments, message) in cases {
            #expect {
                try Gaveld.parse(arguments)
            } throws: { error in
                Gaveld.exitCode(for: error) == .validationFailure && Gaveld.message(for: error).hasPrefix(message)
            }
        }
        let options = error([], ["GAVEL_JOURNAL": "postgresql://g:secret@h/d?sslmode=require"])
        #expect(options?.hasPrefix("GAVEL_JOURNAL 'postgresql://g:***@h/d?sslmode=require' has options") == true)
        #expect(options?.contains("secret") == false, "the password is never shown")
        // A room with a file journal would keep nothing apart: refused, saying what to do instead.
        #expect(error([], ["GAVEL_ROOM": "hall-a"])?.contains("give each room its own --state-dir") == true)
    }
}
