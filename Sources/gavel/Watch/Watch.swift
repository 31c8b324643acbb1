import ArgumentParser
import Foundation

/// `gavel watch`: the meeting live in the terminal.
struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow the meeting live: a full-screen view, or one line per change when piped.",
        discussion: """
            At a terminal: the meeting, the current item, the speaker, a large countdown coloured by \
            alert level (green, yellow, red; labelled WARNING, WRAP UP, TIME, OVER), drift and \
            projected end, the next item, the queue and the chair's message. It counts down \
            locally between the daemon's messages (clock synced with ping/pong), follows resizes, \
            and reconnects by itself if the daemon goes away. Ctrl-C or q ends it.

            Not at a terminal (a pipe, a file): one plain line per change of state and per alert, \
            in the venue's time, e.g. '10:03:00 item 1 Opening 39:59 left'. With --json: the whole \
            state at every change (the gavel.v1 shape, every item with its projections, whichever \
            protocol the daemon speaks) and every alert as the daemon sent it, one per line.

            Read-only: needs no control token.
            """
    )

    @OptionGroup var client: ClientOptions

    func run() throws {
        Terminal.installSignalHandlers()
        let mode: WatchRunner.Mode = client.json ? .json : Terminal.isInteractive ? .screen : .lines
        let runner = WatchRunner(address: client.address, mode: mode, connectTimeout: client.timeoutDuration)
        if !client.choice.isSingle {
            let client = self.client
            runner.relocate = { failed in
                try? client.nextLeader(after: failed, hint: nil, until: .now + client.failoverWaitDuration)
            }
        }
        runner.run()
    }
}
