import Foundation
import GavelServer
import Testing

extension TransportTests {
    @Suite struct Debug {
        @Test func dump() async throws {
            let harness = try await Harness()
            harness.client.send(["op": "raw", "id": "r", "port": harness.port, "timeout": 3, "data": "BREW /echo HTTP/1.1\r\nHost: x\r\n\r\n"])
            print("RAW1:", try await harness.client.next("raw", id: "r").data ?? "nil")
            harness.client.send(["op": "raw", "id": "r2", "port": harness.port, "timeout": 3, "data": "POST /echo HTTP/1.1\r\nHost: x\r\n\r\n"])
            print("RAW2:", try await harness.client.next("raw", id: "r2").data ?? "nil")
            harness.client.send(["op": "raw", "id": "r3", "port": harness.port, "timeout": 3, "data": "GET /echo HTTP/1.0\r\nHost: x\r\n\r\n"])
            print("RAW3:", try await harness.client.next("raw", id: "r3").data ?? "nil")
            harness.client.send(["op": "raw", "id": "r4", "port": harness.port, "timeout": 3, "data": "CONNECT x:80 HTTP/1.1\r\nHost: x\r\n\r\n"])
            print("RAW4:", try await harness.client.next("raw", id: "r4").data ?? "nil")
            harness.client.send(["op": "raw", "id": "r5", "port": harness.port, "timeout": 3, "data": "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: chat\r\n\r\n"])
            print("RAW5:", try await harness.client.next("raw", id: "r5").data ?? "nil")
            harness.client.send(["op": "raw", "id": "r6", "port": harness.port, "timeout": 3, "data": "GET /nows HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"])
            print("RAW6:", try await harness.client.next("raw", id: "r6").data ?? "nil")
            try await harness.finish()
            for entry in harness.server.logs.all { print("LOG", entry.level, entry.message, entry.metadata) }
        }
    }
}
