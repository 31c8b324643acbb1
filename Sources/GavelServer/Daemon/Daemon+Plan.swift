import GavelCore
import GavelProtocol

extension Daemon {
    /// `GET /api/v1/budgets[?item=ID]`: the groups' budgets in an item (the list's item by
    /// default) and the shares of floor time, as the `budgets` topic sends them.
    func budgetsResponse(_ request: HTTPRequest) -> HTTPResponse {
        var item: Int?
        if let reference = request.query["item"] {
            guard let index = state.agenda.itemIndex(for: reference) else {
                return Self.problem(
                    400,
                    .badRequest,
                    "no item '\(reference)' in the agenda; items are \(state.agenda.items.map(\.id).joined(separator: ", "))"
                )
            }
            item = index
        }
        let body = BudgetsMessage(state: state, seq: sequence, at: clock.now(), item: item)
        return HTTPResponse.json(200, WireCoding.encode(body)).adding(header: "Cache-Control", "no-store")
    }

    /// `GET /api/v1/plan[?end=HH:MM]`: the plan that ends the meeting by the hard end (the
    /// agenda's, or the last accepted one's, when `end` is not given), as accepting it now would.
    func planResponse(_ request: HTTPRequest) -> HTTPResponse {
        let now = clock.now()
        let hardEnd: Instant
        if let text = request.query["end"] {
            guard let time = LocalTime(canonical: text) else {
                return Self.problem(400, .badRequest, "?end= takes a time of day, HH:MM (24-hour clock), not '\(text)'")
            }
            hardEnd = state.hardEndInstant(time, at: now)
        } else if let time = state.agenda.hardEnd {
            hardEnd = state.hardEndInstant(time, at: now)
        } else if let accepted = state.hardEnd {
            hardEnd = accepted
        } else {
            return Self.problem(
                400,
                .badRequest,
                "no hard end: ask with ?end=HH:MM (gavel plan --end 13:00) or write \"hardEnd\" in the agenda"
            )
        }
        guard let plan = state.plan(endingBy: hardEnd, at: now) else {
            return Self.problem(404, .notFound, "no item remains to plan: the meeting has ended or is at its end")
        }
        let body = PlanMessage(plan, state: state, seq: sequence, at: now)
        return HTTPResponse.json(200, WireCoding.encode(body)).adding(header: "Cache-Control", "no-store")
    }
}
