import Foundation
import GavelCore
import GavelJournal
import GavelProtocol

/// The history and the actual-timings reports: `GET /api/v1/meetings`, `GET /api/v1/report`
/// and the report page `GET /report`.
///
/// Reports are read-only and need no token, like `/api/v1/state`: they show what every display
/// already shows (titles, speakers' names, times). The current meeting's report is read from the
/// live state at now; an earlier meeting's is replayed from the journal and read at its end, so
/// it is the same after any number of restarts. The journal is read on the service thread: a
/// meeting is a few hundred events, a millisecond or two of SQLite.
extension Daemon {
    /// `GET /api/v1/meetings`: every meeting of the journal, oldest first.
    func meetingsResponse() -> HTTPResponse {
        do {
            let list = MeetingList(
                meetings: try openJournal().meetings().map { summary in
                    MeetingList.Entry(
                        id: summary.id,
                        title: summary.title,
                        createdAt: summary.createdAt.millisecondsSinceEpoch,
                        startedAt: summary.startedAt?.millisecondsSinceEpoch,
                        endedAt: summary.endedAt?.millisecondsSinceEpoch,
                        eventCount: summary.eventCount,
                        current: summary.id == meetingID
                    )
                }
            )
            return .json(200, WireCoding.encode(list)).adding(header: "Cache-Control", "no-cache")
        } catch {
            return journalUnreadable(error)
        }
    }

    /// `GET /api/v1/report?meeting=ID&format=json|csv|markdown|table|svg`.
    func reportResponse(_ request: HTTPRequest) -> HTTPResponse {
        let formatName = request.query["format"].flatMap { $0.isEmpty ? nil : $0.lowercased() } ?? "json"
        guard let format = ReportFormat(rawValue: formatName) else {
            return Self.problem(400, .badRequest, "unknown format '\(formatName)'; formats are \(ReportFormat.list)")
        }
        let record: TimingRecord
        switch timingRecord(for: request.query["meeting"]) {
        case .success(let found): record = found
        case .failure(let problem): return problem.response
        }
        let report = TimingReport(record)
        let body: [UInt8] =
            switch format {
            case .json: report.json()
            case .csv: report.csvData()
            case .markdown: Array(report.markdown().utf8)
            case .table: Array(report.table().utf8)
            case .svg: Array(TimelineSVG(record).render().utf8)
            }
        let id = record.meetingID ?? meetingID
        return HTTPResponse(
            status: 200,
            contentType: format.contentType,
            headers: [
                (
                    "Content-Disposition",
                    "\(format.disposition); filename=\"gavel-meeting-\(id).\(format.fileExtension)\""
                ),
                ("Cache-Control", "no-cache"),
            ],
            body: body
        )
    }

    /// `GET /report?meeting=ID`: the report page, self-contained HTML.
    func reportPage(_ request: HTTPRequest) -> HTTPResponse {
        let record: TimingRecord
        switch timingRecord(for: request.query["meeting"]) {
        case .success(let found): record = found
        case .failure(let problem):
            let message = String(decoding: problem.body, as: UTF8.self)
            let text = (try? JSONDecoder().decode(ErrorMessage.self, from: Data(problem.body)))?.message ?? message
            let page = """
                <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>No such report</title></head>
                <body style="font-family: sans-serif; margin: 2em"><h1>No such report</h1>
                <p>\(TimelineSVG.escaped(text))</p>
                <p><a href="\(APIPath.reportPage)">The current meeting's report</a></p></body></html>

                """
            return HTTPResponse(status: problem.status, contentType: "text/html; charset=utf-8", body: Array(page.utf8))
        }
        let id = record.meetingID ?? meetingID
        let zone = state.agenda.venueTimeZone
        let meetings = (try? openJournal().meetings()) ?? []
        let context = TimingReport.PageContext(
            meetings: meetings.map { summary in
                let day = zone.date(at: summary.startedAt ?? summary.createdAt)
                var label = "\(summary.id) · \(day) · \(summary.title)"
                if summary.id == meetingID { label += " (current)" }
                return TimingReport.PageContext.Meeting(id: summary.id, label: label)
            },
            downloads: [ReportFormat.svg, .csv, .json, .markdown].map { format in
                TimingReport.PageContext.Link(
                    label: format == .markdown ? "Markdown" : format.rawValue.uppercased(),
                    href: "\(APIPath.report)?meeting=\(id)&format=\(format.rawValue)"
                )
            }
        )
        return HTTPResponse(
            status: 200,
            contentType: "text/html; charset=utf-8",
            headers: [("Cache-Control", "no-cache")],
            body: Array(TimingReport(record).html(context).utf8)
        )
    }

    /// The record of the meeting named by the `meeting` query argument: the current one when it
    /// is absent (or `current`), read from the live state; an earlier one replayed from the journal.
    private func timingRecord(for argument: String?) -> Result<TimingRecord, ReportProblem> {
        let now = clock.now()
        let requested: Int64
        if let argument, !argument.isEmpty, argument != "current" {
            guard let id = Int64(argument), id > 0 else {
                return .failure(
                    ReportProblem(
                        Self.problem(
                            400,
                            .badRequest,
                            "meeting must be a meeting's number, not '\(argument)'; see /api/v1/meetings"
                        )
                    )
                )
            }
            requested = id
        } else {
            requested = meetingID
        }
        if requested == meetingID {
            // An ended meeting reads the same whenever it is asked for.
            var record = state.timingRecord(at: state.endedAt ?? now)
            record.meetingID = meetingID
            return .success(record)
        }
        do {
            guard let stored = try openJournal().meeting(id: requested) else {
                return .failure(
                    ReportProblem(
                        Self.problem(
                            404,
                            .notFound,
                            "no meeting \(requested); see /api/v1/meetings"
                        )
                    )
                )
            }
            let replayed = stored.replayed()
            var record = replayed.timingRecord(at: replayed.endedAt ?? stored.endedAt ?? replayed.lastEventAt ?? now)
            record.meetingID = stored.id
            return .success(record)
        } catch {
            return .failure(ReportProblem(journalUnreadable(error)))
        }
    }

    private func journalUnreadable(_ error: any Error) -> HTTPResponse {
        logger.error("journal unreadable for a report", metadata: ["gavel.error": "\(error)"])
        return Self.problem(503, .journalUnavailable, "the journal cannot be read (\(error)); try again")
    }
}

/// An HTTP answer that stands in for a report that cannot be made.
struct ReportProblem: Error {
    var response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
    var status: Int { response.status }
    var body: [UInt8] { response.body }
}

/// The body of `GET /api/v1/meetings`.
struct MeetingList: Encodable {
    struct Entry: Encodable {
        var id: Int64
        var title: String
        var createdAt: Int64
        var startedAt: Int64?
        var endedAt: Int64?
        var eventCount: Int
        /// The meeting the daemon is running (or last ran): its report is read live.
        var current: Bool

        enum CodingKeys: String, CodingKey {
            case id, title, createdAt, startedAt, endedAt, eventCount, current
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(title, forKey: .title)
            try container.encode(createdAt, forKey: .createdAt)
            // Always present, null until it happens.
            try container.encode(startedAt, forKey: .startedAt)
            try container.encode(endedAt, forKey: .endedAt)
            try container.encode(eventCount, forKey: .eventCount)
            try container.encode(current, forKey: .current)
        }
    }

    var meetings: [Entry]
}
