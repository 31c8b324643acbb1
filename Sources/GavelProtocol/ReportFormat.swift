/// The formats of `GET /api/v1/report` (and `gavel report --format`), in the order error
/// messages and help list them.
public enum ReportFormat: String, CaseIterable, Hashable, Sendable {
    case json, csv, markdown, table, svg

    /// "json, csv, markdown, table, svg".
    public static let list = allCases.map(\.rawValue).joined(separator: ", ")

    public var contentType: String {
        switch self {
        case .json: "application/json"
        case .csv: "text/csv; charset=utf-8"
        case .markdown: "text/markdown; charset=utf-8"
        case .table: "text/plain; charset=utf-8"
        case .svg: "image/svg+xml"
        }
    }

    public var fileExtension: String {
        switch self {
        case .json: "json"
        case .csv: "csv"
        case .markdown: "md"
        case .table: "txt"
        case .svg: "svg"
        }
    }

    /// CSV and SVG are files to keep; the others open in the browser, with a name to save under.
    public var disposition: String { self == .csv || self == .svg ? "attachment" : "inline" }
}
