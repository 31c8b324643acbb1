import Foundation
import GavelCore
import GavelJournal
import MeetingGenerators
import PropertyBased
import Testing

/// Whatever a meeting goes through, the journal gives back the events it was given, through its
/// typed columns (`EventColumns`), and they replay to the state the daemon had.
@Suite struct JournalPropertyTests {
    /// On PostgreSQL each check has a room of its own in one database: the same columns, typed
    /// as PostgreSQL types them, give back every kind of event.
    @Test(arguments: JournalBackend.available)
    func eventsSurviveTheJournal(_ backend: JournalBackend) async throws {
        let place = try JournalPlace(backend)
        await propertyCheck(count: 100, input: MeetingSteps.generator) { steps in
            let journal =
                switch backend {
                case .sqlite: try Journal.inMemory()
                case .postgres: try place.open(room: "check-\(UUID().uuidString.prefix(8))")
                }
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
