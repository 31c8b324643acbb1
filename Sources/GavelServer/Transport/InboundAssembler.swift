/// Reassembles one connection's incoming WebSocket message from the chunks libwebsockets
/// delivers (a frame can arrive in several chunks, a message in several frames), enforcing the
/// text-only and size rules. No I/O.
struct InboundAssembler {
    enum Result: Equatable {
        /// More chunks are needed.
        case incomplete
        /// A whole, valid text message.
        case message(String)
        /// Close the connection with this code and reason.
        case fail(code: UInt16, reason: String)
    }

    let limit: Int
    private var buffer: [UInt8] = []

    init(limit: Int) {
        self.limit = limit
    }

    /// Bytes held for a message still being received.
    var pendingCount: Int { buffer.count }

    /// Takes one chunk.
    /// - Parameters:
    ///   - isBinary: the message is a binary one (its first frame's opcode).
    ///   - isFinal: this chunk ends the message (final fragment, no payload left in the frame).
    ///   - remainingInFrame: payload bytes of the current frame still to come, if known; lets a
    ///     too-big message be refused before it is buffered.
    mutating func receive(
        _ chunk: UnsafeRawBufferPointer,
        isBinary: Bool,
        isFinal: Bool,
        remainingInFrame: Int = 0
    ) -> Result {
        if isBinary {
            buffer = []
            return .fail(code: 1003, reason: "binary frames are not supported")
        }
        if buffer.count + chunk.count + remainingInFrame > limit {
            buffer = []
            return .fail(code: 1009, reason: "message too big (limit \(limit) bytes)")
        }
        guard isFinal else {
            if buffer.isEmpty { buffer.reserveCapacity(min(limit, chunk.count + remainingInFrame)) }
            buffer.append(contentsOf: chunk)
            return .incomplete
        }
        let text: String?
        if buffer.isEmpty {
            text = String(validating: chunk, as: UTF8.self)
        } else {
            buffer.append(contentsOf: chunk)
            text = String(validating: buffer, as: UTF8.self)
            buffer = []
        }
        guard let text else {
            return .fail(code: 1007, reason: "text message is not valid UTF-8")
        }
        return .message(text)
    }
}
