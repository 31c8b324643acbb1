/// A language the display page speaks: the six official languages of the United Nations, each
/// with its own table of labels (Resources/Web/js/i18n/). gaveld's `--display-language` names the
/// default for pages that ask for none (`?lang=`); `HelloMessage.displayLanguage` carries it.
public enum DisplayLanguage: String, CaseIterable, Codable, Hashable, Sendable {
    case arabic = "ar"
    case chinese = "zh"
    case english = "en"
    case french = "fr"
    case russian = "ru"
    case spanish = "es"

    /// The codes, in the UN's order (alphabetical in English), for help and error texts.
    public static var codes: [String] { allCases.map(\.rawValue) }

    /// A language from its code, any case; a region is ignored ("fr-CH" is French).
    public init?(code: String) {
        let base = code.split(separator: "-").first.map { $0.lowercased() } ?? ""
        self.init(rawValue: base)
    }
}
