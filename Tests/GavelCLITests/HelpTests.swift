import Foundation
import Testing

/// What `gavel --help` promises scripts: the exit codes and the JSON shapes, from the built binary.
@Suite struct HelpTests {
    @Test func rootHelpDocumentsEveryExitCodeAndTheJSONShapes() throws {
        let result = try GavelProcess.run(["--help"])

        #expect(result.status == 0)
        let help = result.output
        for line in [
            "0   done", "3   the meeting refused the command", "64  usage error", "65  the agenda file has errors",
            "66  the agenda file cannot be read", "69  the daemon cannot be reached", "70  internal error",
            "73  the report's output file", "75  the daemon cannot write its journal", "77  no control token",
            #"{"ok":true,"id":ID,"seq":N,"replayed":BOOL,"state":STATE}"#,
            #"{"ok":false,"type":"error","id":ID|null,"code":CODE,"message":TEXT}"#,
        ] {
            #expect(help.contains(line), "help lacks \(line.debugDescription)")
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsAreGeneratedFromTheCommands(shell: String) throws {
        let result = try GavelProcess.run(["--generate-completion-script", shell])

        #expect(result.status == 0)
        for word in ["floor", "queue", "end-meeting", "watch", "agenda"] {
            #expect(result.output.contains(word), "\(shell) completion lacks \(word)")
        }
    }

    @Test func usageErrorsStartWithTheProgramsNameAndExit64() throws {
        let result = try GavelProcess.run(["extend", "2"])

        #expect(result.status == 64)
        #expect(result.errorOutput.hasPrefix("gavel: The value '2' is invalid for '<duration>'"))
        #expect(result.errorOutput.contains("90s, 2m, 1m30s, 1h, 1h15m or 1:30"))
        #expect(result.output.isEmpty)
    }
}
