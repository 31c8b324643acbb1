import ArgumentParser
import Foundation
import GavelClient
import GavelProtocol

/// `gavel report`: the actual timings of a meeting.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the timing report of a meeting: planned against actual, item by item.",
        discussion: """
            The daemon writes the report; gavel prints it as it comes (--json is --format json). \
            Without --meeting, the current meeting's; 'gavel meetings' lists the others.
            """
    )

    typealias Format = ReportFormat

    @Option(
        help: ArgumentHelp("The meeting's id, from 'gavel meetings' (default: the current meeting).", valueName: "id")
    )
    var meeting: Int64?

    @Option(help: ArgumentHelp("The report's format.", valueName: "format"))
    var format: Format = .table

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file")
    )
    var output: String?

    @OptionGroup var client: ClientOptions

    func validate() throws {
        if client.json && format != .table && format != .json {
            throw ValidationError("--json asks for --format json; give one or the other")
        }
        if let meeting, meeting < 1 {
            throw ValidationError("--meeting is a meeting id (1 or more), as 'gavel meetings' lists")
        }
    }

    func run() throws {
        let chosen = client.json ? Format.json : format
        var path = "\(APIPath.report)?format=\(chosen.rawValue)"
        if let meeting { path += "&meeting=\(meeting)" }
        let response = try Remote.get(path, client)
        guard response.status == 200 else {
            let missing = meeting.map { "no meeting \($0); 'gavel meetings' lists them" } ?? "no meeting to report on"
            throw HTTPAnswer.failure(response, from: client.address, path: "GET /api/v1/report", notFound: missing)
                .report(json: client.json)
        }
        var body = Data(response.body)
        if body.last != UInt8(ascii: "\n") { body.append(UInt8(ascii: "\n")) }
        guard let output else {
            Console.write(body)
            return
        }
        do {
            try body.write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw RemoteFailure(
                exitCode: ExitStatus.cannotCreate,
                code: "cannotWrite",
                message: "cannot write \(output): \(error.localizedDescription)"
            )
            .report(json: client.json)
        }
    }
}

extension ReportFormat: ExpressibleByArgument {
    /// The default (`table`) first, then the daemon's order.
    public static var allValueStrings: [String] {
        [Report.Format.table.rawValue] + allCases.filter { $0 != .table }.map(\.rawValue)
    }
}
