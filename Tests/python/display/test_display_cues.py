"""The chair's hold on the displays, in Chromium: a message for the speaker alone, a blackout and
a flash, each on the views it is for and on no other; screenshots of each in the screenshot
folder."""
import os
import struct
import time
import zlib

from meeting import drive
from gavel_harness import seconds_agenda

VIEWS = ("speaker", "hall", "clock", "chair")


def open_views(browser, daemon, views=VIEWS):
    pages = {view: browser(daemon, view=view) for view in views}
    for page in pages.values():
        page.wait(lambda page=page: page.js("return !!Gavel.app.state"), message="the first state")
    return pages


def wait_for_seq(pages, seq):
    for page in pages.values():
        page.wait(lambda page=page: page.js("return Gavel.app.state && Gavel.app.state.seq") >= seq,
                  message=f"state {seq}")
        page.settle()


def message_shown(page):
    return page.js("var box = document.getElementById('message');"
                   "return box.hidden ? null : [document.getElementById('message-tag').textContent,"
                   " document.getElementById('message-text').textContent];")


def png_pixels(data):
    """(width, height, rows of RGB(A) bytes) of a non-interlaced 8-bit PNG, as Chromium writes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def lit_pixels(path):
    """How many pixels of the screenshot are not black (sampled every 4th pixel of every 4th row)."""
    with open(path, "rb") as f:
        width, height, channels, rows = png_pixels(f.read())
    lit = 0
    for row in rows[::4]:
        for x in range(0, width * channels, 4 * channels):
            if row[x] > 8 or row[x + 1] > 8 or row[x + 2] > 8:
                lit += 1
    return lit


def test_a_message_for_the_speaker_is_on_the_speaker_view_and_the_chairs_not_the_halls(
        gaveld_factory, browser, screenshot_dir):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600)], start_in=0))
    pages = open_views(browser, daemon)
    drive(daemon, "start")
    state = drive(daemon, "showMessage", preset="wrap-up", audience="speaker")
    wait_for_seq(pages, state["seq"])

    assert message_shown(pages["speaker"]) == ["\u2709\ufe0e MESSAGE", "Please wrap up"]
    assert message_shown(pages["chair"]) == ["\u2709\ufe0e TO THE SPEAKER", "Please wrap up"]
    assert message_shown(pages["hall"]) is None
    assert message_shown(pages["clock"]) is None
    assert "Please wrap up" not in pages["hall"].js("return document.body.innerText")
    assert pages["chair"].js("return document.querySelector('[data-f=message]').textContent") \
        .startswith("On the speaker's display only since ")
    for view in ("speaker", "hall", "chair"):
        pages[view].screenshot(os.path.join(screenshot_dir, f"cue-speaker-message-{view}.png"))

    # A message to everyone replaces it on every view.
    state = drive(daemon, "showMessage", text="Back at 3")
    wait_for_seq(pages, state["seq"])
    for view, page in pages.items():
        assert message_shown(page) == ["\u2709\ufe0e MESSAGE", "Back at 3"], view


def test_a_blackout_is_pure_black_on_every_view_but_the_chairs_and_lifts(gaveld_factory, browser, screenshot_dir):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600)], start_in=0))
    pages = open_views(browser, daemon)
    drive(daemon, "start")
    drive(daemon, "floorGrant", speaker="Ms. Louise Arbour", duration="2m")
    state = drive(daemon, "showMessage", text="Please silence your phones")
    wait_for_seq(pages, state["seq"])
    lit_before = lit_pixels(pages["hall"].screenshot(os.path.join(screenshot_dir, "cue-before-blackout-hall.png")))
    assert lit_before > 1000

    state = drive(daemon, "blackout")
    wait_for_seq(pages, state["seq"])
    for view in ("speaker", "hall", "clock"):
        page = pages[view]
        assert page.js("return document.documentElement.getAttribute('data-blackout')") == "true", view
        path = page.screenshot(os.path.join(screenshot_dir, f"cue-blackout-{view}.png"))
        assert lit_pixels(path) == 0, f"{view}: the blackout is not pure black ({path})"
    chair = pages["chair"]
    assert chair.js("return document.documentElement.getAttribute('data-blackout')") is None
    assert chair.js("return document.getElementById('blackout-mark').hidden") is False
    assert chair.js("return document.getElementById('blackout-mark').textContent") == "Displays blacked out"
    path = chair.screenshot(os.path.join(screenshot_dir, "cue-blackout-chair.png"))
    assert lit_pixels(path) > 1000, "the chair's view keeps working"

    # A display that connects during the blackout is black from its first state.
    late = browser(daemon, view="hall")
    late.wait(lambda: late.js("return document.documentElement.getAttribute('data-blackout')") == "true",
              message="the late display blacked out")

    state = drive(daemon, "endBlackout")
    wait_for_seq(pages, state["seq"])
    for view, page in pages.items():
        assert page.js("return document.documentElement.getAttribute('data-blackout')") is None, view
    assert chair.js("return document.getElementById('blackout-mark').hidden") is True
    lit_after = lit_pixels(pages["hall"].screenshot(os.path.join(screenshot_dir, "cue-after-blackout-hall.png")))
    assert lit_after > 1000

    # The speaker's display alone: the hall stays lit.
    state = drive(daemon, "blackout", audience="speaker")
    wait_for_seq(pages, state["seq"])
    assert pages["speaker"].js("return document.documentElement.getAttribute('data-blackout')") == "true"
    assert pages["hall"].js("return document.documentElement.getAttribute('data-blackout')") is None
    assert chair.js("return document.getElementById('blackout-mark').textContent") == "Speaker's display blacked out"


def flashes(page):
    return page.js("return Gavel.app.flashes || 0")


def test_a_flash_shows_on_the_views_it_is_for_once_and_not_on_a_display_that_connects_later(
        gaveld_factory, browser, screenshot_dir):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600)], start_in=0))
    pages = open_views(browser, daemon)
    drive(daemon, "start")

    state = drive(daemon, "flash", audience="speaker")
    wait_for_seq(pages, state["seq"])
    speaker = pages["speaker"]
    assert speaker.js("return document.documentElement.getAttribute('data-display-flash')") == "speaker"
    assert speaker.computed("#flash", "animation-name") == "gavel-flash"
    speaker.screenshot(os.path.join(screenshot_dir, "cue-flash-speaker.png"))
    assert flashes(speaker) == 1
    for view in ("hall", "clock", "chair"):
        assert flashes(pages[view]) == 0, view
        assert pages[view].js("return document.documentElement.getAttribute('data-display-flash')") is None, view
    # Over after about 2 s.
    speaker.wait(lambda: speaker.js("return document.documentElement.getAttribute('data-display-flash')") is None,
                 timeout=10, message="the flash to end")

    state = drive(daemon, "flash")
    wait_for_seq(pages, state["seq"])
    for view, page in pages.items():
        assert flashes(page) == (2 if view == "speaker" else 1), view
    # Another state of the same meeting does not flash again.
    state = drive(daemon, "showMessage", text="Thank you")
    wait_for_seq(pages, state["seq"])
    for view, page in pages.items():
        assert flashes(page) == (2 if view == "speaker" else 1), view

    # A display that connects more than 3 s after the flash gets it in its state, and stays still.
    flash_at = state["displays"]["flash"]["at"]
    time.sleep(max(0.0, 3.3 - (daemon.state()["serverTime"] - flash_at) / 1000))
    late = browser(daemon, view="hall")
    late.wait(lambda: late.js("return Gavel.app.flashSeenAt") == flash_at, message="the late page to see the flash")
    late.settle()
    assert flashes(late) == 0
    assert late.js("return document.documentElement.getAttribute('data-display-flash')") is None


def test_with_reduced_motion_a_flash_is_a_still_inverse_frame(gaveld_factory, browser, screenshot_dir):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600)], start_in=0))
    page = browser(daemon, view="speaker")
    page.driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    page.wait(lambda: page.js("return !!Gavel.app.state"), message="the first state")
    drive(daemon, "start")
    state = drive(daemon, "flash")
    page.wait(lambda: page.js("return Gavel.app.state.seq") >= state["seq"], message="the flash")
    page.settle()
    assert page.js("return document.documentElement.getAttribute('data-display-flash')") == "everyone"
    assert page.computed("#flash", "animation-name") == "none"
    assert page.computed("#flash", "opacity") == "1"
    assert page.computed("#flash", "border-top-color") == "rgb(255, 255, 255)"
    page.screenshot(os.path.join(screenshot_dir, "cue-flash-reduced-motion-speaker.png"))
