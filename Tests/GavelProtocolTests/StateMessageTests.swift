import Foundation
import GavelCore
import GavelProtocol
import Testing

@Suite struct StateMessageTests {
    let date = CouncilAgenda.date
    var agenda: Agenda { CouncilAgenda.agenda }

    func instant(_ time: String) -> Instant { CouncilAgenda.instant(time) }

    @Test func snapshotCarriesDeadlinesAndDrift() throws {
        var state = MeetingState(agenda: agenda)
        try state.apply(.start, now: instant("09:02"))
        try state.apply(.grantFloor(speaker: "Ms. A", duration: nil), now: instant("09:03"))
        try state.apply(.queueAdd(speaker: "Mr. B", time: .minutes(2)), now: instant("09:03"))
        try state.apply(.showMessage("Phones off"), now: instant("09:03"))
        let snapshot = StateMessage(state: state, meetingID: 7, seq: 42, at: instant("09:04"))

        #expect(snapshot.seq == 42)
        #expect(snapshot.meeting.id == 7)
        #expect(snapshot.meeting.phase == .running)
        #expect(!snapshot.meeting.dateShifted)
        #expect(snapshot.item?.id == "1")
        #expect(snapshot.item?.endsAt == instant("09:12"))
        #expect(snapshot.item?.remainingMs == Int64(8 * 60_000))
        #expect(snapshot.floor?.speaker == "Ms. A")
        #expect(snapshot.floor?.endsAt == instant("09:06"))
        #expect(snapshot.floor?.level == .normal)
        #expect(snapshot.next?.id == "2")
        #expect(snapshot.next?.projectedStart == instant("09:12"))
        #expect(snapshot.schedule.clockDriftMs == Int64(2 * 60_000))
        #expect(snapshot.schedule.projectedEnd == instant("10:02"))
        #expect(snapshot.queue.map(\.speaker) == ["Mr. B"])
        #expect(snapshot.message?.text == "Phones off")
        #expect(snapshot.items.map(\.status) == [.current, .upcoming])

        // It survives the wire unchanged.
        let data = try WireCoding.encoder().encode(snapshot)
        #expect(try WireCoding.decoder().decode(StateMessage.self, from: data) == snapshot)
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(object?["type"] as? String == "state")
    }

    @Test func pausedTimerHasNoDeadline() throws {
        var state = MeetingState(agenda: agenda)
        try state.apply(.start, now: instant("09:00"))
        try state.apply(.pause, now: instant("09:04"))
        let snapshot = StateMessage(state: state, meetingID: 1, seq: 3, at: instant("09:06"))
        #expect(snapshot.item?.endsAt == nil)
        #expect(snapshot.item?.running == false)
        #expect(snapshot.item?.remainingMs == Int64(6 * 60_000))
        #expect(snapshot.meeting.paused)
    }

    @Test func alertAndTickSpeakPlainly() throws {
        var state = MeetingState(agenda: agenda)
        try state.apply(.start, now: instant("09:00"))
        try state.apply(.grantFloor(speaker: "Ms. A", duration: .minutes(1)), now: instant("09:00"))
        let alerts = state.alerts(from: instant("09:00"), to: instant("09:02"))
        let texts = alerts.map { AlertMessage($0, state: state, stateSeq: 1, serverTime: instant("09:02")).text }
        #expect(texts == ["30s left for Ms. A", "10s left for Ms. A", "Time is up for Ms. A", "Ms. A is 1m over time"])
        let tick = TickMessage(state: state, at: instant("09:01:00") + .milliseconds(400))
        #expect(tick.floor?.display == "+0:00")
        #expect(tick.floor?.level == .timeUp)
        #expect(tick.item?.display == "9:00")
        let earlier = TickMessage(state: state, at: instant("09:00:30") + .milliseconds(400))
        #expect(earlier.floor?.display == "0:30")
    }
}
