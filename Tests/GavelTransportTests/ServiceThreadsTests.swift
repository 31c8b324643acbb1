import Foundation
import GavelServer
import Synchronization
import Testing

extension TransportTests {
    /// `serviceThreads: 2`: thread 0 accepts and hands every other TCP connection to thread 1; the
    /// delegate sees one transport, on thread 0, whichever thread serves a connection.
    @Suite struct ServiceThreads {
        @Test func connectionsOnBothThreadsGetTheFanOutTheirAnswersAndTheirRefusals() async throws {
            let openThreads = Mutex<Set<UInt>>([])
            let harness = try await Harness(
                { $0.serviceThreads = 2 },
                prepare: { delegate in
                    delegate.onOpen = { _, _ in
                        let thread = UInt(pthread_self())
                        openThreads.withLock { _ = $0.insert(thread) }
                    }
                }
            )
            harness.client.send(["op": "connect_many", "prefix": "m", "count": 20, "port": harness.port])
            let opened = try await harness.client.events.first("20 clients open") { $0.event == "opened_many" }
            #expect(opened.count == 20)
            try await harness.server.events.wait(for: "20 didOpen") { events in
                events.filter { if case .opened = $0 { true } else { false } }.count == 20
            }
            let ids = harness.server.openedConnections
            #expect(Set(ids).count == 20, "connection IDs are unique across the threads")
            #expect(ids.contains { $0.rawValue % 2 == 1 }, "thread 0 serves connections (odd IDs)")
            #expect(ids.contains { $0.rawValue % 2 == 0 }, "thread 1 serves connections (even IDs)")
            let threadZero = try #require(harness.server.serviceThread.withLock { $0 })
            #expect(openThreads.withLock { $0 } == [UInt(threadZero)], "every didOpen ran on thread 0")
            #expect(try await harness.server.onServiceThread { $0.connectionCount } == 20)
            #expect(
                try await harness.server.onServiceThread { $0.clientConnectionCount } == 20,
                "maxConnections counts both threads' connections"
            )

            let message = OutboundMessage(text: "{\"type\":\"state\",\"n\":1}")
            try await harness.server.onServiceThread { transport in
                transport.broadcast(message, to: transport.connectionIDs, delivery: .latest(.state))
            }
            try await harness.client.events.wait(for: "the broadcast at 20 clients") { events in
                events.filter { $0.event == "message" }.count >= 20
            }

            // Two more, one per thread: each gets its echo, and its ack before the fan-out.
            for id in ["a", "b"] {
                harness.client.send(["op": "connect", "id": id, "port": harness.port])
                try await harness.client.next("open", id: id)
                harness.client.send(["op": "send", "id": id, "text": "command:\(id)"])
                try await harness.client.events.wait(for: "\(id)'s ack and state") { events in
                    events.filter { $0.event == "message" && $0.id == id }.count >= 2
                }
                #expect(harness.client.messages(of: id).map(\.text) == ["ack:\(id)", "state:\(id)"])
            }

            // A refusal by the delegate reaches a client on either thread.
            for id in ["bad1", "bad2"] {
                harness.client.send(["op": "connect", "id": id, "port": harness.port, "query": "token=bad"])
                let closed = try await harness.client.next("closed", id: id)
                #expect(closed.code == 4001)
                #expect(closed.reason == "unauthorized")
            }

            // HTTP on either thread is answered by the delegate on thread 0.
            for id in ["h1", "h2"] {
                harness.client.http(id, "GET", "/echo?x=\(id)", port: harness.port)
                let response = try await harness.client.next("http", id: id)
                #expect(response.status == 200)
                #expect(response.body?.contains("\"x\":\"\(id)\"") == true)
            }

            harness.client.send(["op": "close", "id": "a", "code": 1000])
            harness.client.send(["op": "close", "id": "b", "code": 1000])
            try await harness.server.delegate.closes.wait(for: "a and b closed") { $0.count >= 2 }
            #expect(try await harness.server.onServiceThread { $0.connectionCount } == 20)
            try await harness.finish()
        }
    }
}
