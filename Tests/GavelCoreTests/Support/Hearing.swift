import GavelCore
import Testing

/// The hearing of 21 May 2018 (`TestAgendas.hearing`) run minute by minute on a manual clock, with
/// known actual timings: a late start, speakers over and under time, an extension, a floor pause,
/// a meeting pause, and the meeting ending 7 minutes late. HearingTests checks it as it runs;
/// the report tests render its record.
enum Hearing {
    static let lajcak = "H.E. Mr. Miroslav Lajčák"
    static let arbour = "Ms. Louise Arbour"
    static let swing = "Mr. William Lacy Swing"
    static let migrant = "Migrant representative"
    static let diallo = "Ms. Amina Diallo"
    static let gomez = "H.E. Mr. Juan Jose Gomez Camacho"
    static let lauber = "H.E. Mr. Jurg Lauber"

    /// Runs the hearing and returns the driver at 13:07, when the chair closes it.
    static func run(checks: (inout MeetingDriver, String) -> Void = { _, _ in }) -> MeetingDriver {
        var m = MeetingDriver(agenda: TestAgendas.hearing, at: "09:55")
        checks(&m, "before start")
        #expect(m.at("10:03", .start) == nil)
        checks(&m, "started late")
        #expect(m.at("10:04", .grantFloor(speaker: lajcak, duration: nil)) == nil)
        #expect(m.at("10:11:30", .yieldFloor) == nil)
        #expect(m.at("10:12", .grantFloor(speaker: arbour, duration: nil)) == nil)
        #expect(m.at("10:16", .yieldFloor) == nil)
        #expect(m.at("10:17", .queueAdd(speaker: swing, time: nil)) == nil)
        #expect(m.run(.queueAdd(speaker: migrant, time: nil)) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.at("10:21", .extendFloor(.minutes(1))) == nil)
        #expect(m.at("10:23", .queueNext) == nil)
        #expect(m.at("10:28", .yieldFloor) == nil)
        #expect(m.at("10:35", .extend(.minutes(2))) == nil)
        checks(&m, "item 1 extended")
        #expect(m.at("10:45", .next, expecting: ExpectedState(item: "1")) == nil)
        #expect(m.at("10:50", .next, expecting: ExpectedState(item: "break-1")) == nil)
        #expect(m.at("11:00", .grantFloor(speaker: diallo, duration: .minutes(7))) == nil)
        #expect(m.at("11:03", .pauseFloor) == nil)
        #expect(m.at("11:04", .resumeFloor) == nil)
        #expect(m.at("11:08", .yieldFloor) == nil)
        #expect(m.at("11:30", .pause) == nil)
        m.advance(to: "11:32")
        checks(&m, "paused")
        #expect(m.at("11:34", .resume) == nil)
        #expect(m.at("12:49:30", .next, expecting: ExpectedState(item: "2")) == nil)
        for speaker in [gomez, lauber, lajcak] {
            #expect(m.run(.queueAdd(speaker: speaker, time: nil)) == nil)
        }
        #expect(m.at("12:50", .queueNext) == nil)
        #expect(m.at("12:55", .queueNext) == nil)
        #expect(m.at("13:00", .queueNext) == nil)
        #expect(m.at("13:06:30", .yieldFloor) == nil)
        #expect(m.at("13:07", .endMeeting) == nil)
        checks(&m, "ended")
        return m
    }
}
