import ArgumentParser
import Foundation
import GavelClient
import GavelCore
import GavelProtocol

/// `gavel displays`: every display and client connected to the daemon, for the technician.
struct Displays: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "displays",
        abstract: "List the displays and clients connected to the daemon (needs the control token).",
        discussion: """
            One line per WebSocket connection: display pages by view, then address; other clients \
            (gavel watch, scripts) as "client". OFFSET is the daemon's clock minus the display's \
            (the page corrects for it; a large one means a machine with a wrong clock), ROUND TRIP \
            that of its clock sync, LAST SEEN when it last sent anything (a page pings every 4 s). \
            The list names client addresses, so it needs the control token, as commands do. With \
            --json, prints the daemon's answer as it sent it: {"serverTime":MS,"displays":[{\
            "connection":ID,"kind":"display"|"client","address":TEXT,"protocol":TEXT,"control":BOOL,\
            "connectedAt":MS,"lastSeen":MS,"display":{"view":TEXT,"language":TEXT,"clockOffsetMs":N,\
            "roundTripMs":N,"screen":TEXT,"userAgent":TEXT},"describedAt":MS}]}.
            """
    )

    @OptionGroup var client: ClientOptions

    func run() throws {
        let token = client.controlToken()
        guard token.value != nil else {
            throw RemoteFailure(
                exitCode: ExitStatus.noPermission,
                code: "unauthorized",
                message: (token.problem ?? "no control token") + "; the displays list needs it"
            )
            .report(json: client.json)
        }
        guard
            let list = try Remote.listing(
                DisplayList.self,
                at: APIPath.displays,
                what: "displays list",
                notFound: "no displays list",
                client
            )
        else { return }
        Console.write(DisplayTable.render(list).joined(separator: "\n") + "\n")
    }
}
