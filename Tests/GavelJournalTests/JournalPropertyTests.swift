import GavelCore
import GavelJournal
import MeetingGenerators
import PropertyBased
import Testing

/// Whatever a meeting goes through, the journal gives back the events it was given, through its
/// typed columns (`EventColumns`), and they replay to the state the daemon had.
@Suite struct JournalPropertyTests {
    @Test func eventsSurviveTheJournal() async throws {
        await propertyCheck(count: 100, input: MeetingSteps.generator) { steps in
            let journal = try Journal.inMemory()
            // Run as the daemon does: each command's events (or its rejection) appended in turn.
            var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
            var seconds: Int64 = 0
            for (opcode, parameter, pause) in steps {
                seconds += Int64(pause)
                try meeting.run(MeetingSteps.command(opcode, parameter), at: seconds)
            }
            let stored = try #require(try journal.meeting(id: meeting.id))
            #expect(stored.events == meeting.events)
            #expect(MeetingState(agenda: TestAgendas.short, replaying: stored.events) == meeting.state)
        }
    }
}
