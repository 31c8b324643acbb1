import ArgumentParser

/// `gavel status`: the meeting now, in a few lines.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the meeting: current item, speaker, drift, projected end, next item, queue, message.",
        discussion: """
            Read-only: works without a control token, also against a remote daemon. With --json, \
            prints the daemon's state message as it sent it (GET /api/v1/state; docs/protocol.md, "state").
            """
    )

    @OptionGroup var client: ClientOptions

    func run() throws {
        let (state, json) = try Remote.state(client)
        if client.json {
            Console.write(json.hasSuffix("\n") ? json : json + "\n")
        } else {
            Console.write(StatusReport.render(state, style: Console.outputStyle).joined(separator: "\n") + "\n")
        }
    }
}
