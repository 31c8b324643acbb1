import Foundation
import GavelCore
import GavelProtocol

/// The JSON documents `--json` prints, one per command, on one line.
///
/// - a command that was applied: `{"ok":true,"id":ID,"seq":N,"replayed":BOOL,"state":STATE}`, the
///   answer of `POST /api/v1/commands`, with STATE the daemon's `state` message after it;
/// - any failure: `{"ok":false,"type":"error","id":ID|null,"code":CODE,"message":TEXT}`, the
///   daemon's error object (plus `"replayed":true` when a retried command's refusal was replayed);
/// - `status`: the daemon's `state` message as it sent it.
enum JSONOutput {
    /// The answer to an applied command. `state` is the daemon's JSON text, included as is.
    static func accepted(id: String, seq: Int64, replayed: Bool, stateJSON: String) -> String {
        #"{"ok":true,"id":\#(string(id)),"seq":\#(seq),"replayed":\#(replayed),"state":\#(stateJSON)}"#
    }

    static func failure(_ failure: RemoteFailure) -> String {
        var text =
            #"{"ok":false,"type":"error","id":\#(failure.id.map(string) ?? "null"),"code":\#(string(failure.code)),"#
            + #""message":\#(string(failure.message))"#
        if let replayed = failure.replayed { text += #","replayed":\#(replayed)"# }
        return text + "}"
    }

    /// `{"NAME":VALUE}` with VALUE the member `name` of the JSON object `json`, as the daemon sent
    /// it (fields gavel does not know are kept); `{"NAME":null}` if there is none.
    static func member(_ name: String, of json: String) -> String {
        let value = (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?[name]
        let document: [String: Any] = [name: value ?? NSNull()]
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.withoutEscapingSlashes])
        else {
            return #"{\#(string(name)):null}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// A JSON string literal.
    static func string(_ text: String) -> String {
        encode(text)
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Strings, numbers, booleans and nulls always encode.
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "null"
    }
}
