"""The list of speakers on the displays, in a real browser: the speaker's view says what is on the
floor ("POINT OF ORDER — Egypt") and, smaller, whom it holds up with the time they resume with;
the hall names the next three speakers; the chair sees the whole list with each one's time and
projected start, and whether it fits. In English and, for the labels, French and Arabic."""
import os
import re

from display_page import layout_problems
from gavel_harness import seconds_agenda

SIZES = {"16x9": (1920, 1080), "4x3": (1024, 768), "portrait": (1080, 1920)}


def agenda():
    return seconds_agenda([("General debate", 1800), ("Other business", 600)], zone="Europe/Zurich",
                          title="General Assembly, plenary", start_in=0)


def command(daemon, name, **fields):
    status, reply = daemon.command(name, **fields)
    assert status == 200, reply
    return reply["state"]


def test_the_floor_the_list_and_an_interruption_on_every_view(gaveld_factory, browser, screenshot_dir):
    daemon = gaveld_factory(agenda=agenda())
    pages = {view: browser(daemon, view=view) for view in ("speaker", "hall", "chair")}
    command(daemon, "start")
    command(daemon, "floorGrant", speaker="H.E. Ms. Beatriz Barros", duration="5m", delegation="Brazil")
    for name, delegation in [("H.E. Mr. Anton Aigner", "Austria"), ("Ms. Chen Li", "China"),
                             ("Mr. Daniel Dubois", "France"), ("Ms. Eva Eriksson", "Sweden")]:
        command(daemon, "listAdd", speaker=name, delegation=delegation)
    command(daemon, "listAdd", speaker="Egypt", delegation="Egypt", speech="reply")

    # The hall: who speaks and the next three, in order.
    hall = pages["hall"]
    hall.wait(lambda: "H.E. Mr. Anton Aigner · Ms. Chen Li · Mr. Daniel Dubois" in hall.probe()["text"],
              message="hall: the next three speakers")
    assert "Ms. Eva Eriksson" not in hall.probe()["text"]
    assert "NEXT SPEAKERS" in hall.probe()["text"].upper()

    # The chair: the whole list, each with delegation, type, time and projected start; and the plan.
    chair = pages["chair"]
    chair.wait(lambda: chair.js("return document.querySelectorAll('.queue li').length") == 5,
               message="chair: five on the list")
    rows = chair.js("return Array.from(document.querySelectorAll('.queue li')).map(function (li) {"
                    " return li.textContent; })")
    assert rows[0].startswith("H.E. Mr. Anton Aigner Austria") and "3:00" in rows[0], rows
    assert rows[4].startswith("Egypt Right of reply") and "10:00" in rows[4], rows
    starts = [re.search(r"≈ (\d\d:\d\d)", row).group(1) for row in rows]
    # 5 min on the floor, then 3 min each: the starts are 5, 8, 11, 14 and 17 minutes from now.
    minutes = [int(s[:2]) * 60 + int(s[3:]) for s in starts]
    gaps = [(b - a) % 1440 for a, b in zip(minutes, minutes[1:])]
    assert gaps == [3, 3, 3, 3], (starts, rows)
    plan = chair.js("return document.querySelector('[data-f=\"list-plan\"]').textContent")
    assert plan.startswith("All fit · "), plan

    # A point of order: the speaker's view says so, and whom it holds up.
    speaker = pages["speaker"]
    command(daemon, "interrupt", speaker="Egypt", delegation="Egypt", speech="point-of-order")
    speaker.wait(lambda: "POINT OF ORDER" in speaker.probe()["text"], message="speaker: point of order")
    text = speaker.probe()["text"]
    assert "Egypt" in text
    assert re.search(r"Interrupted: H\.E\. Ms\. Beatriz Barros · [45]:\d\d left", text), text
    assert speaker.probe()["countdown"] in ("2:00", "1:59"), speaker.probe()
    hall.wait(lambda: "Point of order" in hall.probe()["text"], message="hall: point of order")
    chair.wait(lambda: "Egypt · Point of order" in chair.probe()["text"], message="chair: point of order")
    for view, page in pages.items():
        for size_name, size in SIZES.items():
            page.resize(*size)
            page.wait(lambda: layout_problems(page) == [], message=f"{view} {size_name}: layout "
                      f"{layout_problems(page)}")
            page.screenshot(os.path.join(screenshot_dir, f"{view}-point-of-order-{size_name}.png"))
        page.resize(*SIZES["16x9"])

    # The same in French and in Arabic (right to left): the type's own words.
    for lang, words in (("fr", "MOTION D’ORDRE"), ("ar", "نقطة نظام")):
        page = browser(daemon, view="speaker", query=f"lang={lang}")
        page.wait(lambda: words in page.probe()["text"], message=f"speaker in {lang}")
        # The language's own font arrives after its words (fetched when they first show), and the
        # text is fitted again when it has: the layout is judged once that is done.
        page.wait(lambda: layout_problems(page) == [], message=f"speaker in {lang}: layout {layout_problems(page)}")
        page.screenshot(os.path.join(screenshot_dir, f"speaker-point-of-order-{lang}-16x9.png"))

    # Back to the speaker: the interruption is gone from every view.
    command(daemon, "floorReturn")
    speaker.wait(lambda: "POINT OF ORDER" not in speaker.probe()["text"] and "Interrupted" not in speaker.probe()["text"],
                 message="speaker: back to the statement")
    assert "H.E. Ms. Beatriz Barros" in speaker.probe()["text"]

    # A closed list is marked on the chair's view.
    assert not chair.js("return document.querySelector('[data-f=\"list-closed\"]').offsetParent")
    command(daemon, "listClose")
    chair.wait(lambda: chair.js("return !!document.querySelector('[data-f=\"list-closed\"]').offsetParent"),
               message="chair: the list marked closed")
    assert "CLOSED" in chair.probe()["text"].upper()

    # Over the item's time: the chair sees by how much and what would make it fit.
    for n in range(1, 9):
        command(daemon, "listAdd", speaker=f"Speaker {n}", duration="4m", override=True)
    chair.wait(lambda: " over · all fit at " in chair.js(
        "return document.querySelector('[data-f=\"list-plan\"]').textContent"), message="chair: list over")
    assert chair.js("return document.querySelector('[data-f=\"list-plan\"]').hasAttribute('data-over')")
