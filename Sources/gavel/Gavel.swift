import ArgumentParser
import Foundation

@main
struct Gavel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gavel",
        abstract: "The chair's remote for gaveld.",
        discussion: """
            Runs the meeting from a terminal: every command says in one line what it did, in the \
            venue's time zone. Commands go to the local daemon (127.0.0.1:8417) unless --server or \
            GAVEL_SERVER names another.

            CONTROL TOKEN
              Commands that change the meeting need the daemon's token, and so does displays (it \
            lists the clients' addresses). gavel reads it from \
            --token-file FILE, else the file named by GAVEL_TOKEN_FILE, else GAVEL_TOKEN (the token \
            itself), else, for a daemon on this machine, STATE_DIR/token (STATE_DIR as gaveld's: \
            GAVEL_STATE_DIR, else ~/.local/state/gavel). status, queue list, watch, meetings and \
            report work without it.

            SAFE TO RETRY
              Each command carries a fresh id. next, previous, end, extend and trim send the item \
            the chair saw; floor extend, floor yield and queue next send the speaker. If the meeting \
            moved on meanwhile, the daemon refuses (staleState) instead of acting twice. If the \
            connection drops before the answer, gavel reconnects once and resends the same command \
            with the same id: the daemon answers it from its journal and never applies it twice. \
            Scripts can do the same: give the command an id with --id and send it again with that id. \
            An id is for one command: sent with a different one, it is refused (idReused) and \
            nothing is applied.

            SEVERAL SERVERS
              A room with a primary gaveld and standbys: --server a,b (or GAVEL_SERVER=a,b). gavel \
            asks each who leads (GET /api/v1/leader; one without it leads alone) and talks to that \
            one. When it goes away, or a standby refuses a command (notLeader), gavel goes to the \
            server named as leader, else the next that leads, for up to --failover-wait seconds \
            (default 10: a takeover takes about 2), resending the same command with the same id; \
            watch and venue --watch follow the new leader. One server works exactly as before.

            OUTPUT
              For people: one line per command, a few lines for status. With --json, one JSON \
            document on standard output:
                applied   {"ok":true,"id":ID,"seq":N,"replayed":BOOL,"state":STATE}
                failed    {"ok":false,"type":"error","id":ID|null,"code":CODE,"message":TEXT}
                status    STATE
            STATE is the daemon's state message (docs/protocol.md). CODE is the daemon's (e.g. \
            atLastItem, staleState, journalUnavailable) or gavel's (unreachable, timedOut, \
            connectionLost, unauthorized). Messages for people go to standard error, always \
            starting with 'gavel: '.

            EXIT CODES
              0   done
              3   the meeting refused the command; the daemon's reason is printed (e.g. "already \
            at the last item", or an --id already used for another command); nothing changed
              4   rate limited: the daemon refuses tokens from this address for a while, after \
            too many wrong ones (it always takes the right one); the wait is printed
              64  usage error: unknown command or option, bad argument, bad duration (EX_USAGE)
              65  the agenda file has errors (EX_DATAERR)
              66  the agenda file cannot be read (EX_NOINPUT)
              69  the daemon cannot be reached, or did not answer in time (EX_UNAVAILABLE)
              70  internal error: gavel and the daemon do not understand each other (EX_SOFTWARE)
              73  the report's output file cannot be written (EX_CANTCREAT)
              75  the daemon cannot write its journal; nothing changed, try again (EX_TEMPFAIL)
              77  no control token, or the daemon refused it, or the token's level may not run the \
            command (forbidden: the secretariat's token runs no clock command) (EX_NOPERM)
            """,
        subcommands: [
            Status.self, Start.self, Next.self, Previous.self, GoTo.self, Pause.self, Resume.self, Extend.self,
            Trim.self, EndItem.self, EndMeeting.self, FloorCommand.self, QueueCommand.self, ListCommand.self,
            BudgetCommand.self, PlanCommand.self,
            NextSpeaker.self,
            PointOfOrder.self, Question.self, Interrupt.self, Return.self, Reply.self, Say.self, Blackout.self,
            Flash.self, Watch.self, AgendaCommand.self, Meetings.self, Report.self, Displays.self,
            ConsoleCommand.self, VenueCommand.self,
        ]
    )

    /// Runs the command. Errors argument-parser reports (usage errors) are printed as every other
    /// gavel error is, starting with `gavel: `; help and completion scripts are printed as usual.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            // Our own failures: the message is already printed.
            Foundation.exit(code.rawValue)
        } catch {
            let code = exitCode(for: error)
            guard code != .success else { exit(withError: error) }
            var message = fullMessage(for: error)
            if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
            Console.writeError("gavel: \(message)\(message.hasSuffix("\n") ? "" : "\n")")
            Foundation.exit(code.rawValue)
        }
    }
}
