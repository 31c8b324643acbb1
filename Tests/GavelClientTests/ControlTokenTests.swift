import GavelClient
import Testing

/// Where the control token comes from: --token-file, GAVEL_TOKEN_FILE, GAVEL_TOKEN, then the
/// local daemon's state directory, and what gavel says when there is none.
@Suite struct ControlTokenTests {
    struct Missing: Error, CustomStringConvertible {
        var description: String { "it does not exist" }
    }

    let local = ServerAddress.localDefault
    let remote = ServerAddress.tcp(host: "10.0.0.5", port: 8417)

    func files(_ contents: [String: String]) -> (String) throws -> String {
        { path in
            guard let text = contents[path] else { throw Missing() }
            return text
        }
    }

    @Test func theOptionWinsOverEverythingElse() {
        let token = ControlToken.resolve(
            optionPath: "/opt/token",
            server: local,
            environment: ["GAVEL_TOKEN_FILE": "/env/token", "GAVEL_TOKEN": "from-env", "GAVEL_STATE_DIR": "/state"],
            readFile: files(["/opt/token": "from-option\n", "/env/token": "from-file", "/state/token": "from-state"])
        )

        #expect(token.value == "from-option")
        #expect(token.source == .option(path: "/opt/token"))
    }

    @Test func thenTheFileVariableThenTheTokenVariable() {
        let environment = ["GAVEL_TOKEN_FILE": "/env/token", "GAVEL_TOKEN": "from-env"]
        let fromFile = ControlToken.resolve(
            optionPath: nil,
            server: local,
            environment: environment,
            readFile: files(["/env/token": " from-file \n"])
        )
        #expect(fromFile.value == "from-file")

        let fromVariable = ControlToken.resolve(
            optionPath: nil,
            server: local,
            environment: ["GAVEL_TOKEN": "from-env", "GAVEL_STATE_DIR": "/state"],
            readFile: files(["/state/token": "from-state"])
        )
        #expect(fromVariable.value == "from-env")
        #expect(fromVariable.source == .environment)
    }

    @Test func aLocalDaemonsTokenComesFromItsStateDirectory() {
        let token = ControlToken.resolve(
            optionPath: nil,
            server: local,
            environment: ["XDG_STATE_HOME": "/home/chair/.state"],
            readFile: files(["/home/chair/.state/gavel/token": "abc123\n"])
        )

        #expect(token.value == "abc123")
        #expect(token.source == .stateDirectory(path: "/home/chair/.state/gavel/token"))
    }

    @Test func aMissingStateDirectoryTokenSaysWhereItLookedAndWhatToDo() {
        let token = ControlToken.resolve(
            optionPath: nil,
            server: local,
            environment: ["GAVEL_STATE_DIR": "/srv/gavel"],
            readFile: files([:])
        )

        #expect(token.value == nil)
        let problem = token.problem ?? ""
        #expect(problem.contains("/srv/gavel/token"))
        #expect(problem.contains("GAVEL_STATE_DIR") && problem.contains("--token-file"))
    }

    @Test func aRemoteDaemonsTokenIsNeverLookedForLocally() {
        let token = ControlToken.resolve(
            optionPath: nil,
            server: remote,
            environment: ["GAVEL_STATE_DIR": "/state"],
            readFile: files(["/state/token": "local-token"])
        )

        #expect(token.value == nil)
        #expect(token.problem?.contains("no control token for 10.0.0.5:8417") == true)
    }

    @Test func anEmptyTokenFileIsAProblem() {
        let token = ControlToken.resolve(
            optionPath: "/opt/token",
            server: local,
            environment: [:],
            readFile: files(["/opt/token": "\n"])
        )

        #expect(token.value == nil)
        #expect(token.problem == "the token file /opt/token is empty")
    }
}
