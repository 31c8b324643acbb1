import GavelCore
import Testing

/// The whole hearing of 21 May 2018, run minute by minute on a manual clock (`Hearing.run`): a
/// late start, a speaker over time, an extension, a pause, and the meeting ending 7 minutes late.
@Suite struct HearingTests {
    let lajcak = Hearing.lajcak
    let arbour = Hearing.arbour
    let swing = Hearing.swing
    let migrant = Hearing.migrant
    let diallo = Hearing.diallo
    let gomez = Hearing.gomez
    let lauber = Hearing.lauber

    /// Runs the hearing and returns the driver at 13:07, when the chair closes it.
    func runHearing(checks: (inout MeetingDriver, String) -> Void = { _, _ in }) -> MeetingDriver {
        Hearing.run(checks: checks)
    }

    @Test func everyAlertFiresAtItsExactInstant() {
        let m = runHearing()
        #expect(
            m.alertLines() == [
                "10:08:30 floor \(lajcak) warning",
                "10:08:50 floor \(lajcak) wrapUp",
                "10:09 floor \(lajcak) timeUp",
                "10:10 floor \(lajcak) overrun 1",
                "10:11 floor \(lajcak) overrun 2",
                "10:22:30 floor \(swing) warning",
                "10:22:50 floor \(swing) wrapUp",
                "10:23 floor \(swing) timeUp",
                "10:27:30 floor \(migrant) warning",
                "10:27:50 floor \(migrant) wrapUp",
                "10:28 floor \(migrant) timeUp",
                "10:43 item 1 warning",
                "10:44:30 item 1 wrapUp",
                "10:45 item 1 timeUp",
                "10:48 item break-1 warning",
                "10:49:30 item break-1 wrapUp",
                "10:50 item break-1 timeUp",
                "11:07:30 floor \(diallo) warning",
                "11:07:50 floor \(diallo) wrapUp",
                "11:08 floor \(diallo) timeUp",
                "12:47 item 2 warning",
                "12:48:30 item 2 wrapUp",
                "12:49 item 2 timeUp",
                "12:54:30 floor \(gomez) warning",
                "12:54:50 floor \(gomez) wrapUp",
                "12:55 floor \(gomez) timeUp",
                "12:59:30 floor \(lauber) warning",
                "12:59:50 floor \(lauber) wrapUp",
                "13:00 floor \(lauber) timeUp",
                "13:04:30 floor \(lajcak) warning",
                "13:04:50 floor \(lajcak) wrapUp",
                "13:05 floor \(lajcak) timeUp",
                "13:06 floor \(lajcak) overrun 1",
            ]
        )
    }

    @Test func driftAndProjectedEndFollowTheMeeting() {
        _ = runHearing { m, moment in
            let schedule = m.state.schedule(at: m.now)
            let end = m.local(schedule.projectedEnd)
            switch moment {
            case "before start":
                #expect(schedule.clockDrift == .zero)
                #expect(schedule.durationDrift == nil)
                #expect(end == "13:00")
            case "started late":
                #expect(schedule.clockDrift == .minutes(3))
                #expect(schedule.durationDrift == .zero)
                #expect(end == "13:03")
            case "item 1 extended":
                #expect(schedule.clockDrift == .minutes(5))
                #expect(schedule.durationDrift == .minutes(2))
                #expect(
                    schedule.entries.map { $0.projectedStart.map(m.local) } == ["10:03", "10:45", "10:50", "12:45"]
                )
                #expect(end == "13:05")
            case "paused":
                #expect(m.state.isPaused)
                #expect(m.state.itemReading(2, at: m.now).remaining == .minutes(75))
                #expect(schedule.clockDrift == .minutes(7))
                #expect(schedule.durationDrift == .minutes(4))
                #expect(schedule.entries[3].projectedStart.map(m.local) == "12:47")
                #expect(end == "13:07")
            case "ended":
                #expect(m.state.phase == .ended)
                #expect(schedule.clockDrift == .minutes(7))
                #expect(schedule.durationDrift == .minutes(4))
                #expect(end == "13:07")
            default:
                Issue.record("unexpected moment \(moment)")
            }
        }
    }

    @Test func timingRecordComesOutExactly() {
        let m = runHearing()
        let record = m.state.timingRecord(at: m.now)
        #expect(!record.dateShifted)
        #expect(m.local(record.actualStart!) == "10:03")
        #expect(m.local(record.actualEnd!) == "13:07")
        #expect(record.actualEnd! - record.plannedEnd == .minutes(7))

        struct Row: Equatable {
            var id: String, start: String, end: String, duration: Duration, difference: Duration
            var paused: Duration, added: Duration, overrun: Duration
        }
        let rows = record.items.map {
            Row(
                id: $0.id,
                start: m.local($0.actualStart!),
                end: m.local($0.actualEnd!),
                duration: $0.actualDuration,
                difference: $0.difference,
                paused: $0.paused,
                added: $0.adjustments.reduce(.zero) { $0 + $1.by },
                overrun: $0.overrun
            )
        }
        #expect(
            rows == [
                Row(
                    id: "1",
                    start: "10:03",
                    end: "10:45",
                    duration: .text("42m"),
                    difference: .text("2m"),
                    paused: .zero,
                    added: .text("2m"),
                    overrun: .zero
                ),
                Row(
                    id: "break-1",
                    start: "10:45",
                    end: "10:50",
                    duration: .text("5m"),
                    difference: .zero,
                    paused: .zero,
                    added: .zero,
                    overrun: .zero
                ),
                Row(
                    id: "2",
                    start: "10:50",
                    end: "12:49:30",
                    duration: .text("115m30s"),
                    difference: .text("30s"),
                    paused: .text("4m"),
                    added: .zero,
                    overrun: .text("30s")
                ),
                Row(
                    id: "3",
                    start: "12:49:30",
                    end: "13:07",
                    duration: .text("17m30s"),
                    difference: .text("-2m30s"),
                    paused: .zero,
                    added: .zero,
                    overrun: .zero
                ),
            ]
        )
        #expect(record.items[2].pauses.map { "\(m.local($0.start))-\($0.end.map(m.local) ?? "")" } == ["11:30-11:34"])

        struct TurnRow: Equatable {
            var speaker: String, item: String, from: String, to: String
            var granted: Duration, added: Duration, used: Duration, paused: Duration, over: Duration
        }
        let turns = record.turns.map {
            TurnRow(
                speaker: $0.speaker,
                item: $0.itemID,
                from: m.local($0.grantedAt),
                to: m.local($0.endedAt!),
                granted: $0.granted,
                added: $0.added,
                used: $0.used,
                paused: $0.paused,
                over: $0.over
            )
        }
        #expect(
            turns == [
                TurnRow(
                    speaker: lajcak,
                    item: "1",
                    from: "10:04",
                    to: "10:11:30",
                    granted: .text("5m"),
                    added: .zero,
                    used: .text("7m30s"),
                    paused: .zero,
                    over: .text("2m30s")
                ),
                TurnRow(
                    speaker: arbour,
                    item: "1",
                    from: "10:12",
                    to: "10:16",
                    granted: .text("5m"),
                    added: .zero,
                    used: .text("4m"),
                    paused: .zero,
                    over: .text("-1m")
                ),
                TurnRow(
                    speaker: swing,
                    item: "1",
                    from: "10:17",
                    to: "10:23",
                    granted: .text("5m"),
                    added: .text("1m"),
                    used: .text("6m"),
                    paused: .zero,
                    over: .zero
                ),
                TurnRow(
                    speaker: migrant,
                    item: "1",
                    from: "10:23",
                    to: "10:28",
                    granted: .text("5m"),
                    added: .zero,
                    used: .text("5m"),
                    paused: .zero,
                    over: .zero
                ),
                TurnRow(
                    speaker: diallo,
                    item: "2",
                    from: "11:00",
                    to: "11:08",
                    granted: .text("7m"),
                    added: .zero,
                    used: .text("7m"),
                    paused: .text("1m"),
                    over: .zero
                ),
                TurnRow(
                    speaker: gomez,
                    item: "3",
                    from: "12:50",
                    to: "12:55",
                    granted: .text("5m"),
                    added: .zero,
                    used: .text("5m"),
                    paused: .zero,
                    over: .zero
                ),
                TurnRow(
                    speaker: lauber,
                    item: "3",
                    from: "12:55",
                    to: "13:00",
                    granted: .text("5m"),
                    added: .zero,
                    used: .text("5m"),
                    paused: .zero,
                    over: .zero
                ),
                TurnRow(
                    speaker: lajcak,
                    item: "3",
                    from: "13:00",
                    to: "13:06:30",
                    granted: .text("5m"),
                    added: .zero,
                    used: .text("6m30s"),
                    paused: .zero,
                    over: .text("1m30s")
                ),
            ]
        )
        #expect(record.speakers.map(\.speaker) == [lajcak, arbour, swing, migrant, diallo, gomez, lauber])
        #expect(record.speakers[0].turns == 2)
        #expect(record.speakers[0].used == .text("14m"))
        #expect(record.speakers[0].over == .text("4m"))
    }

    @Test func replayingTheEventsRebuildsTheSameMeeting() {
        let m = runHearing()
        let replayed = MeetingState(agenda: TestAgendas.hearing, replaying: m.events)
        #expect(replayed == m.state)
    }

    @Test func meetingRunOnAnotherDayAppliesThePlanToThatDay() {
        var m = MeetingDriver(agenda: TestAgendas.hearing, day: LocalDate(year: 2026, month: 11, day: 29)!, at: "10:03")
        #expect(m.run(.start) == nil)
        let schedule = m.state.schedule(at: m.now)
        #expect(m.state.planDate == LocalDate(year: 2026, month: 11, day: 29))
        #expect(schedule.dateShifted)
        #expect(schedule.clockDrift == .minutes(3))
        #expect(m.local(schedule.projectedEnd) == "13:03")
    }
}
