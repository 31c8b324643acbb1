extension StringProtocol {
    /// The text without leading and trailing white space: spaces, tabs, line breaks and the other
    /// Unicode spaces (`Character.isWhitespace`: NBSP, U+2028 and the like).
    public var trimmingSpaces: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
