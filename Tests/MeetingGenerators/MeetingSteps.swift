import GavelCore
import PropertyBased

/// Random meetings for property tests, shared by the core's and the journal's: a script of up to
/// 80 steps, each a command chosen by number (any command, valid or not), a parameter for its
/// durations, names and positions, and the seconds that pass before it (0 to 400).
public enum MeetingSteps {
    /// Scripts of `(opcode, parameter, seconds)` steps; `command(_:_:)` turns a step into its command.
    public static let generator = zip(Gen.int(in: 0...35), Gen.int(in: -3...8), Gen.int(in: 0...400))
        .array(of: 0...80)

    /// The instant a script starts at: 2026-03-10 08:00 UTC, 09:00 in Geneva.
    public static let start = Instant(secondsSinceEpoch: 1_773_129_600)

    /// The command for `opcode` (35: `next` again; 30 to 34 edit the agenda), with `parameter` for its durations, names and
    /// positions.
    public static func command(_ opcode: Int, _ parameter: Int) -> MeetingCommand {
        let names = ["A", "B", "C", "D"]
        let name = names[abs(parameter) % names.count]
        let duration = Duration.seconds(parameter * 30)
        switch opcode {
        case 0: return .start
        case 1: return .next
        case 2: return .previous
        case 3: return .goTo("\(parameter)")
        case 4: return .pause
        case 5: return .resume
        case 6: return .extend(duration)
        case 7: return .trim(duration)
        case 8: return .endItem
        case 9: return .endMeeting
        case 10: return .grantFloor(speaker: name, duration: parameter % 3 == 0 ? nil : duration)
        case 11: return .extendFloor(duration)
        case 12: return .pauseFloor
        case 13: return .resumeFloor
        case 14: return .yieldFloor
        case 15: return .queueAdd(speaker: name, time: parameter % 2 == 0 ? nil : duration)
        case 16: return .queueRemove(parameter % 2 == 0 ? .position(parameter) : .speaker(name))
        case 17: return .queueMove(.position(abs(parameter) % 3 + 1), toPosition: parameter)
        case 18: return .queueNext
        case 19:
            return .showMessage(parameter < 0 ? " " : "Message \(parameter)", audience: audience(parameter))
        case 20: return .clearMessage
        case 21: return .blackout(audience(parameter))
        case 22: return .endBlackout
        case 23: return .flash(audience(parameter))
        case 24:
            let type = parameter % 3 == 0 ? nil : parameter % 3 == 1 ? "point-of-order" : "question"
            return .interrupt(Inscription(speaker: name, delegation: name, speech: type), override: parameter < 0)
        case 25: return .returnFloor
        case 26:
            return .inscribe(Inscription(speaker: name, delegation: name, speech: "reply"), override: parameter > 5)
        case 27: return .closeList(item: parameter > 4 ? "\(parameter - 4)" : nil)
        case 28: return .reopenList()
        case 29:
            let ranks = RulesPack.unGeneralAssembly.ranks
            return .inscribe(
                Inscription(
                    speaker: name,
                    rank: parameter < 0 ? nil : ranks[parameter % ranks.count],
                    time: parameter % 2 == 0 ? nil : duration
                ),
                override: parameter % 2 == 0
            )
        case 30:
            return .editAgenda(
                .insert(
                    title: parameter < 0 ? "" : "Added \(parameter)",
                    length: duration,
                    position: parameter % 3 == 0 ? nil : parameter,
                    start: parameter == 5 ? LocalTime(hour: 23, minute: 59) : nil
                )
            )
        case 31: return .editAgenda(.remove(item: "\(parameter)"))
        case 32: return .editAgenda(.move(item: "\(abs(parameter) % 4 + 1)", toPosition: parameter))
        case 33: return .editAgenda(.retitle(item: "\(parameter)", title: "Retitled \(parameter)"))
        case 34:
            return .editAgenda(
                .retime(
                    item: parameter % 2 == 0 ? "added-1" : "\(abs(parameter) % 4 + 1)",
                    start: parameter < 0 ? nil : LocalTime(hour: 9 + parameter, minute: 30),
                    length: parameter % 2 == 0 ? nil : duration
                )
            )
        default: return .next
        }
    }

    private static func audience(_ parameter: Int) -> DisplayAudience {
        parameter % 2 == 0 ? .everyone : .speaker
    }
}
