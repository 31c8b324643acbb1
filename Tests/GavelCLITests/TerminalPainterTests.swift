import Testing

@testable import gavel

/// Frames are drawn by rewriting only the rows that changed, at absolute positions.
@Suite struct TerminalPainterTests {
    let size = ScreenSize(columns: 4, rows: 3)

    @Test func theFirstFrameClearsOnceAndDrawsEveryRow() {
        var painter = TerminalPainter()

        let output = painter.update(to: ["aaaa", "bbbb", "cccc"], size: size)

        #expect(
            output == "\u{1B}[0m\u{1B}[2J"
                + "\u{1B}[1;1H\u{1B}[0maaaa\u{1B}[0m\u{1B}[2;1H\u{1B}[0mbbbb\u{1B}[0m\u{1B}[3;1H\u{1B}[0mcccc\u{1B}[0m"
        )
    }

    @Test func laterFramesRewriteOnlyTheRowsThatChangedAndNeverClear() {
        var painter = TerminalPainter()
        _ = painter.update(to: ["aaaa", "bbbb", "cccc"], size: size)

        let output = painter.update(to: ["aaaa", "bxbb", "cccc"], size: size)

        #expect(output == "\u{1B}[2;1H\u{1B}[0mbxbb\u{1B}[0m")
        #expect(painter.update(to: ["aaaa", "bxbb", "cccc"], size: size).isEmpty, "nothing changed, nothing written")
    }

    @Test func aResizeOrAnInvalidationRedrawsEverything() {
        var painter = TerminalPainter()
        _ = painter.update(to: ["aaaa", "bbbb", "cccc"], size: size)

        let resized = painter.update(to: ["aa", "bb"], size: ScreenSize(columns: 2, rows: 2))
        #expect(resized.hasPrefix("\u{1B}[0m\u{1B}[2J") && resized.contains("aa") && resized.contains("bb"))

        painter.invalidate()
        #expect(
            painter.update(to: ["aa", "bb"], size: ScreenSize(columns: 2, rows: 2)).hasPrefix("\u{1B}[0m\u{1B}[2J")
        )
    }
}
