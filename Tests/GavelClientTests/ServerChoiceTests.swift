import GavelClient
import Testing

/// Which server of a room gavel talks to: the one that leads, found by asking in order and
/// following a standby's hint; one server is used unasked.
@Suite struct ServerChoiceTests {
    let a = ServerAddress.tcp(host: "10.0.0.1", port: 8421)
    let b = ServerAddress.tcp(host: "10.0.0.2", port: 8421)
    let c = ServerAddress.tcp(host: "10.0.0.3", port: 8421)

    /// Asks `answers`, recording who was asked.
    final class Asker {
        var answers: [ServerAddress: ServerChoice.Answer]
        var asked: [ServerAddress] = []

        init(_ answers: [ServerAddress: ServerChoice.Answer]) {
            self.answers = answers
        }

        func ask(_ server: ServerAddress, _ timeout: Duration) -> ServerChoice.Answer {
            asked.append(server)
            return answers[server] ?? .unreachable("\(server): connection refused")
        }
    }

    @Test func aListParsesEachAddressOnceAndNamesTheBadOne() throws {
        let choice = try ServerChoice.parse("10.0.0.1:8421, http://10.0.0.2:8421/,10.0.0.1:8421").get()
        #expect(choice.servers == [a, b])
        #expect(!choice.isSingle)
        guard case .failure(let error) = ServerChoice.parse("10.0.0.1:8421,https://x:1") else {
            Issue.record("an https address was taken")
            return
        }
        #expect(error.message.contains("https://x:1"))
        #expect(try ServerChoice.parse("10.0.0.1:8421").get().isSingle)
    }

    @Test func oneServerIsUsedWithoutAsking() throws {
        let asker = Asker([:])
        #expect(try ServerChoice([a]).leader(wait: .seconds(1), askTimeout: .seconds(1), ask: asker.ask) == a)
        #expect(asker.asked.isEmpty)
    }

    @Test func anUnreachableServerIsPassedOver() throws {
        let asker = Asker([b: .leads])
        #expect(try ServerChoice([a, b]).leader(wait: .seconds(1), askTimeout: .seconds(1), ask: asker.ask) == b)
        #expect(asker.asked == [a, b])
    }

    @Test func aStandbysHintIsAskedNext() throws {
        let asker = Asker([a: .standby(leader: c), b: .leads, c: .leads])
        #expect(try ServerChoice([a, b, c]).leader(wait: .seconds(1), askTimeout: .seconds(1), ask: asker.ask) == c)
        #expect(asker.asked == [a, c])
    }

    @Test func aHintGivenByTheCallerIsAskedFirst() throws {
        let asker = Asker([a: .leads, b: .leads])
        let leader = try ServerChoice([a, b]).leader(
            preferring: b,
            wait: .seconds(1),
            askTimeout: .seconds(1),
            ask: asker.ask
        )
        #expect(leader == b)
        #expect(asker.asked == [b])
    }

    @Test func whenNoneLeadsTheSearchGivesUpAfterTheWaitSayingWhy() throws {
        let asker = Asker([a: .standby(leader: nil)])
        let started = ContinuousClock.now
        let error = #expect(throws: ClientError.self) {
            try ServerChoice([a, b]).leader(wait: .milliseconds(600), askTimeout: .seconds(1), ask: asker.ask)
        }
        #expect(ContinuousClock.now - started >= .milliseconds(600))
        #expect(error?.kind == .unreachable)
        #expect(error?.message.contains("10.0.0.1:8421 is a standby") == true)
        #expect(error?.message.contains("connection refused") == true)
        #expect(asker.asked.count >= 4, "asked again, round after round, until the wait ended")
    }
}
