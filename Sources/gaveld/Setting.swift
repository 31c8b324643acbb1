import ArgumentParser

/// One of gaveld's settings, defined once: its option, its environment variable, its default,
/// its help and how its text is read. `Settings.Table` lists them all; the options, `--help`,
/// validation and `Settings` are all made from it.
///
/// A value comes from the option, else from the environment variable, else from the default.
/// An empty value, on the command line or in the environment, counts as not given.
struct Setting<Value: Sendable>: Sendable {
    /// Reads a given text; `name` is where it came from (`--listen`, `GAVEL_LISTEN`), for the message.
    typealias Reader = @Sendable (_ text: String, _ name: String) throws(SettingError) -> Value

    /// The long option without its dashes (`listen` for `--listen`); nil: from the environment only.
    let flag: String?
    /// The environment variable read when the option is not given.
    let variable: String
    /// What the option is for, as `--help` says it before the variable and the default.
    let summary: String
    /// The option's value as `--help` shows it: `<host:port>`.
    let valueName: String
    /// Said inside the brackets after the variable in `--help` (", comma-separated").
    let variableNote: String
    /// The default as `--help` says it; nil: `--help` says none.
    let defaultNote: String?
    let read: Reader
    /// The value when neither the option nor the variable gives one.
    let defaultValue: Value

    /// A setting with a default written as text, read as a given value would be and shown as it is.
    init(
        flag: String?,
        variable: String,
        summary: String,
        valueName: String = "",
        variableNote: String = "",
        default text: String,
        read: @escaping Reader
    ) {
        let value: Value
        do throws(SettingError) {
            value = try read(text, "the default of \(variable)")
        } catch {
            preconditionFailure(error.message)
        }
        self.init(
            flag: flag,
            variable: variable,
            summary: summary,
            valueName: valueName,
            variableNote: variableNote,
            defaultNote: text,
            defaultValue: value,
            read: read
        )
    }

    /// Every field given: the other initialisers say how the default is made.
    private init(
        flag: String?,
        variable: String,
        summary: String,
        valueName: String,
        variableNote: String,
        defaultNote: String?,
        defaultValue: Value,
        read: @escaping Reader
    ) {
        self.flag = flag
        self.variable = variable
        self.summary = summary
        self.valueName = valueName
        self.variableNote = variableNote
        self.defaultNote = defaultNote
        self.defaultValue = defaultValue
        self.read = read
    }

    /// The option as ArgumentParser names it.
    var name: NameSpecification {
        guard let flag else { preconditionFailure("\(variable) has no option") }
        return .customLong(flag)
    }

    /// The option's help: the summary, the variable and the default.
    var help: ArgumentHelp {
        var text = "\(summary) [\(variable)\(variableNote)]"
        if let defaultNote { text += " (default: \(defaultNote))" }
        return ArgumentHelp(text, valueName: valueName)
    }

    /// The option's value if given, else the environment's, else the default.
    func value(_ option: String?, environment: [String: String]) throws(SettingError) -> Value {
        if let option, !option.isEmpty, let flag { return try read(option, "--\(flag)") }
        if let text = environment[variable], !text.isEmpty { return try read(text, variable) }
        return defaultValue
    }
}

extension Setting where Value: ExpressibleByNilLiteral {
    /// A setting that may have no value; `defaultNote` says what is done without one.
    init(
        flag: String?,
        variable: String,
        summary: String,
        valueName: String = "",
        variableNote: String = "",
        defaultNote: String? = nil,
        read: @escaping Reader
    ) {
        self.init(
            flag: flag,
            variable: variable,
            summary: summary,
            valueName: valueName,
            variableNote: variableNote,
            defaultNote: defaultNote,
            defaultValue: nil,
            read: read
        )
    }
}

extension Setting where Value == [String] {
    /// A list, empty by default; the option may be repeated.
    init(
        flag: String?,
        variable: String,
        summary: String,
        valueName: String = "",
        variableNote: String = "",
        read: @escaping Reader
    ) {
        self.init(
            flag: flag,
            variable: variable,
            summary: summary,
            valueName: valueName,
            variableNote: variableNote,
            defaultNote: nil,
            defaultValue: [],
            read: read
        )
    }

    /// Every option given (each one entry), then the environment's entries: both count.
    func values(_ options: [String], environment: [String: String]) throws(SettingError) -> [String] {
        guard let text = environment[variable] else { return options }
        return options + (try read(text, variable))
    }
}

/// A setting's text that cannot be used; the message names the option or the variable.
struct SettingError: Error, Equatable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}
