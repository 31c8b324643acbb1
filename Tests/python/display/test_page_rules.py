"""The page's rules in the browser that runs them (countdown text, levels, drift), and the
files gaveld ships: the folder SwiftPM copies beside the daemon is the one under test."""
import os
import urllib.request

from meeting import WEB_ROOT
from gavel_harness import Gaveld, seconds_agenda

THRESHOLDS = {"warningMs": 4000, "wrapUpMs": 2000, "timeUpHoldMs": 10000}


def test_countdown_text_levels_and_drift(gaveld_factory, browser):
    page = browser(gaveld_factory(agenda=seconds_agenda([("Item", 60)])), view="clock")
    text = page.js("return [0, 1, 999, 1000, 1001, 59999, 60000, 3599001, 3600000, -1, -999, -1000, -42000, -42999,"
                   " -3600000].map(Gavel.format.countdownText)")
    assert text == ["0:00", "0:01", "0:01", "0:01", "0:02", "1:00", "1:00", "1:00:00", "1:00:00",
                    "+0:00 over", "+0:00 over", "+0:01 over", "+0:42 over", "+0:42 over", "+1:00:00 over"]
    levels = page.js("var t = arguments[0]; return [4001, 4000, 2001, 2000, 1, 0, -9999, -10000, -60000]"
                     ".map(function (r) { return Gavel.format.levelFor(r, t); })", THRESHOLDS)
    assert levels == ["normal", "warning", "warning", "wrapUp", "wrapUp", "timeUp", "timeUp", "overrun", "overrun"]
    drift = page.js("return [0, 29999, -29999, 720000, -180000, 5 * 3600000 + 25 * 60000]"
                    ".map(Gavel.format.driftText)")
    assert drift == ["on time", "on time", "on time", "12 min behind", "3 min ahead", "5 h 25 min behind"]
    labels = page.js("var l = Gavel.format.LEVEL_LABELS; return ['normal', 'warning', 'wrapUp', 'timeUp', 'overrun']"
                     ".map(function (k) { return l[k].glyph + ' ' + l[k].text; })")
    assert len(set(labels)) == 5 and "◆ WRAP UP" in labels and "■ TIME" in labels


def test_the_digits_are_drawn_in_the_font_gaveld_serves(gaveld_factory, browser):
    """The countdown is fitted to its box from its glyphs' widths: drawn in a font the screen
    happens to have (DejaVu Sans draws "0:00" 24 % wider than Liberation Sans), the hall's overrun countdown
    at 4:3 was 108 px where it is 135. gaveld serves the digits' font, so every display, and this
    test, measures the same glyphs whatever fonts the machine has."""
    daemon = gaveld_factory(agenda=seconds_agenda([("Item", 60)]))
    status, _ = daemon.http("GET", "/fonts/gavel-digits-bold.woff2")
    assert status == 200
    page = browser(daemon, view="hall")
    page.wait(lambda: page.js("""
        return Array.from(document.fonts).some(function (f) {
          return f.family.replace(/["']/g, '') === 'Gavel Digits' && f.status === 'loaded'; });"""),
        message="the served digits font loaded")
    for selector in ("#countdown", ".bar-clock"):
        family = page.js("return getComputedStyle(document.querySelector(arguments[0])).fontFamily", selector)
        assert family.replace('"', "").startswith("Gavel Digits,"), (selector, family)
    # Drawn in it: the width of the digits at 100 px is the served font's, not a fallback's.
    widths = page.js("""
        var c = document.createElement('canvas').getContext('2d'), out = {};
        ['Gavel Digits', 'DejaVu Sans'].forEach(function (f) {
          c.font = "700 100px '" + f + "'"; out[f] = c.measureText('0:00').width; });
        return out;""")
    assert abs(widths["Gavel Digits"] - (3 * 55.6 + 33.3)) < 2, widths  # Liberation Bold: 0.556 em digits, 0.333 em colon


def test_gaveld_serves_the_page_it_ships():
    """Without --web-root, gaveld serves the copy SwiftPM put beside it: every file of the
    source folder, byte for byte (Scripts/test builds before it tests)."""
    daemon = Gaveld(agenda=seconds_agenda([("Item", 60)])).start()
    try:
        for directory, _, names in os.walk(WEB_ROOT):
            for name in names:
                path = os.path.join(directory, name)
                url = "/" + os.path.relpath(path, WEB_ROOT)
                with urllib.request.urlopen(daemon.url(url)) as response, open(path, "rb") as f:
                    assert response.read() == f.read(), f"{url} differs from the source: rebuild gaveld"
        with urllib.request.urlopen(daemon.url("/?view=speaker")) as response, \
                open(os.path.join(WEB_ROOT, "index.html"), "rb") as f:
            assert response.read() == f.read()
    finally:
        daemon.stop()


def luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b):
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_level_differs_by_colour_symbol_and_word_with_no_unreadable_phase(gaveld_factory, browser):
    # Once wrap-up and overrun shared one red, and the time-up label blinked to dark red on red.
    page = browser(gaveld_factory(agenda=seconds_agenda([("Item", 60)])), view="speaker")
    page.wait_probe(lambda p: p["connection"] == "connected", message="connected")
    looks = page.js("""
        var block = document.querySelector('.timer'), label = block.querySelector('.level');
        var digits = block.querySelector('.countdown');
        function rgb(text) { return (text.match(/\\d+(\\.\\d+)?/g) || []).slice(0, 3).map(Number); }
        function opaque(text) { var m = text.match(/[\\d.]+/g); return !m || m.length < 4 || Number(m[3]) > 0; }
        var out = {};
        ['normal', 'warning', 'wrapUp', 'timeUp', 'overrun', 'stale'].forEach(function (level) {
          block.removeAttribute('data-stale');
          if (level === 'stale') { block.setAttribute('data-level', 'normal'); block.setAttribute('data-stale', 'true'); }
          else block.setAttribute('data-level', level);
          var l = getComputedStyle(label), d = getComputedStyle(digits), b = getComputedStyle(block);
          var labelBg = opaque(l.backgroundColor) ? l.backgroundColor : (opaque(b.backgroundColor) ? b.backgroundColor : 'rgb(0, 0, 0)');
          out[level] = {digits: rgb(d.color), panel: b.backgroundColor, label: rgb(l.color), labelBg: rgb(labelBg),
                        animation: l.animationName};
        });
        block.removeAttribute('data-stale');
        return out;""")
    levels = ["normal", "warning", "wrapUp", "timeUp", "overrun"]
    # Each level its own colour: the digits' colour with the panel's (time up is the red panel).
    assert len({(tuple(looks[k]["digits"]), looks[k]["panel"]) for k in levels}) == 5, looks
    assert looks["wrapUp"]["digits"] != looks["overrun"]["digits"], looks
    for level, look in looks.items():
        # The label never blinks, and reads against what is behind it (WCAG AA for large text).
        assert look["animation"] == "none", (level, look)
        assert contrast(look["label"], look["labelBg"]) >= 3, (level, look)
    # No link: a label style no level has.
    assert (looks["stale"]["label"], looks["stale"]["labelBg"]) not in \
        [(looks[k]["label"], looks[k]["labelBg"]) for k in levels], looks
