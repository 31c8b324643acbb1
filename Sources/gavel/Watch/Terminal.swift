import Foundation
import Synchronization

/// The terminal `gavel watch` draws on: the alternate screen, a hidden cursor, no echo, the size,
/// and the signals that resize or end it. Everything is put back by `restore()`, which runs
/// however the watch ends (Ctrl-C, SIGTERM, SIGHUP, 'q').
final class Terminal {
    /// Signals received since the last look, as a bit set (see `Signals`).
    private static let pending = Atomic<UInt32>(0)

    struct Signals: OptionSet {
        let rawValue: UInt32
        static let resize = Signals(rawValue: 1)
        static let quit = Signals(rawValue: 2)
    }

    private var savedAttributes: termios?
    private var active = false

    /// Whether standard output is a terminal (else `gavel watch` prints plain lines).
    static var isInteractive: Bool { isatty(STDOUT_FILENO) != 0 }

    /// Installs the signal handlers: INT, TERM and HUP end the watch, WINCH redraws it.
    static func installSignalHandlers() {
        signal(SIGINT) { _ in Terminal.pending.bitwiseOr(Signals.quit.rawValue, ordering: .relaxed) }
        signal(SIGTERM) { _ in Terminal.pending.bitwiseOr(Signals.quit.rawValue, ordering: .relaxed) }
        signal(SIGHUP) { _ in Terminal.pending.bitwiseOr(Signals.quit.rawValue, ordering: .relaxed) }
        signal(SIGWINCH) { _ in Terminal.pending.bitwiseOr(Signals.resize.rawValue, ordering: .relaxed) }
        // A closed pipe (gavel watch | head) ends the watch at the next write, not with a signal.
        signal(SIGPIPE, SIG_IGN)
    }

    /// The signals received since the last call.
    static func takeSignals() -> Signals {
        Signals(rawValue: pending.exchange(0, ordering: .relaxed))
    }

    /// Switches to the alternate screen with the cursor hidden, line wrap off, and keys neither
    /// echoed nor buffered (so a stray key does not scribble on the screen, and 'q' can quit).
    func enter() {
        guard !active else { return }
        active = true
        var attributes = termios()
        if tcgetattr(STDIN_FILENO, &attributes) == 0 {
            savedAttributes = attributes
            attributes.c_lflag &= ~tcflag_t(ICANON | ECHO)
            withUnsafeMutablePointer(to: &attributes.c_cc) { pointer in
                pointer.withMemoryRebound(to: cc_t.self, capacity: Int(NCCS)) { cc in
                    cc[Int(VMIN)] = 0
                    cc[Int(VTIME)] = 0
                }
            }
            tcsetattr(STDIN_FILENO, TCSANOW, &attributes)
        }
        write("\u{1B}[?1049h\u{1B}[?25l\u{1B}[?7l\u{1B}[2J")
    }

    /// Puts the terminal back as it was. Idempotent.
    func restore() {
        guard active else { return }
        active = false
        write("\u{1B}[0m\u{1B}[?7h\u{1B}[?25h\u{1B}[?1049l")
        if var attributes = savedAttributes {
            tcsetattr(STDIN_FILENO, TCSANOW, &attributes)
        }
    }

    deinit {
        restore()
    }

    /// Whether 'q' (or Q) was typed since the last look; reads what is waiting without blocking.
    func quitKeyPressed() -> Bool {
        guard active, savedAttributes != nil else { return false }
        var buffer = [UInt8](repeating: 0, count: 64)
        var pressed = false
        while true {
            // Only read what is there: poll first, so a terminal that ignores VMIN/VTIME cannot block us.
            var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0, descriptor.revents & Int16(POLLIN) != 0 else { break }
            let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            if buffer[0..<count].contains(where: { $0 == UInt8(ascii: "q") || $0 == UInt8(ascii: "Q") }) {
                pressed = true
            }
        }
        return pressed
    }

    /// The terminal's size: the window size of standard output, else COLUMNS and LINES, else 80×24.
    static func size() -> ScreenSize {
        var window = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &window) == 0, window.ws_col > 0, window.ws_row > 0 {
            return ScreenSize(columns: Int(window.ws_col), rows: Int(window.ws_row))
        }
        let environment = ProcessInfo.processInfo.environment
        return ScreenSize(
            columns: environment["COLUMNS"].flatMap(Int.init) ?? 80,
            rows: environment["LINES"].flatMap(Int.init) ?? 24
        )
    }

    /// Writes `text` to standard output at once; false if it cannot (the terminal is gone).
    @discardableResult
    func write(_ text: String) -> Bool {
        Terminal.writeAll(text)
    }

    @discardableResult
    static func writeAll(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes {
                Glibc.write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}

/// Draws frames by rewriting only the lines that changed, each with absolute cursor positioning,
/// so nothing flickers: no frame ever clears the whole screen, except after a resize. Lines are
/// expected padded to the screen's width (as `WatchScreen` makes them).
struct TerminalPainter {
    private var previous: [String] = []
    private var size: ScreenSize?

    /// The escape sequence that turns the screen from the last frame into `lines` (at `size`).
    mutating func update(to lines: [String], size: ScreenSize) -> String {
        var output = ""
        if size != self.size {
            // A new size re-lays everything out: start from a clean screen once.
            output += "\u{1B}[0m\u{1B}[2J"
            previous = []
            self.size = size
        }
        for (row, line) in lines.enumerated() where row >= previous.count || previous[row] != line {
            // Lines come padded to the full width, so writing one replaces the row entirely.
            output += "\u{1B}[\(row + 1);1H\u{1B}[0m\(line)\u{1B}[0m"
        }
        if previous.count > lines.count {
            for row in lines.count..<previous.count { output += "\u{1B}[\(row + 1);1H\u{1B}[K" }
        }
        previous = lines
        return output
    }

    /// Forget the screen: the next frame is drawn in full.
    mutating func invalidate() {
        size = nil
    }
}
