import CLibWebSockets

/// CLOCK_BOOTTIME: monotonic, unaffected by wall-clock steps, and counting through suspend.
public enum BootClock {
    /// Nanoseconds since boot.
    public static func nanoseconds() -> UInt64 {
        gavel_boottime_ns()
    }
}
