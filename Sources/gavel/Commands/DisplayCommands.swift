import ArgumentParser
import GavelCore

/// `gavel blackout on|off [--to speaker]`: black out the displays, and bring them back.
struct Blackout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blackout",
        abstract: "Black out every display (or the speaker's), or bring them back.",
        discussion: """
            gavel blackout on shows nothing but black on every display until gavel blackout off; \
            with --to speaker, on the speaker's display only. The chair's view keeps working and \
            says the displays are blacked out. The blackout is journaled: it outlasts a restart \
            of the daemon and a reload of a display.
            """
    )

    enum Switch: String, ExpressibleByArgument, CaseIterable {
        case on, off
    }

    @Argument(help: "on or off.")
    var state: Switch

    @Option(name: .customLong("to"), help: "Which displays to black out: everyone or speaker.")
    var audience: DisplayAudience?

    @OptionGroup var options: CommandOptions

    func validate() throws {
        if state == .off && audience != nil {
            throw ValidationError("--to is for blackout on; blackout off brings back every display")
        }
    }

    func run() throws {
        switch state {
        case .on:
            let audience = audience ?? .everyone
            try Remote.send(
                options,
                build: { _ in (.blackout(audience), nil) },
                summary: { _, _ in CommandSummary.blackedOut(audience) }
            )
        case .off:
            try Remote.send(
                options,
                build: { _ in (.endBlackout, nil) },
                summary: { _, _ in CommandSummary.blackoutEnded() }
            )
        }
    }
}

/// `gavel flash [--to speaker]`: make the displays flash once.
struct Flash: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flash",
        abstract: "Flash every display (or the speaker's) to catch the speaker's eye.",
        discussion: """
            The displays flash for about two seconds (a still inverse frame where the viewer asked \
            for reduced motion). A display that connects later, or after a restart, does not flash \
            again.
            """
    )

    @Option(name: .customLong("to"), help: "Which displays flash: everyone or speaker.")
    var audience: DisplayAudience = .everyone

    @OptionGroup var options: CommandOptions

    func run() throws {
        try Remote.send(
            options,
            build: { _ in (.flash(audience), nil) },
            summary: { _, _ in CommandSummary.flashed(audience) }
        )
    }
}
