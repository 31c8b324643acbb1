"""The venue overview page (/venue) in headless Chromium: every room of the database, live
without a reload, a stale room marked; and a display page given several servers (?servers=a,b)
moving to the next when its own is killed.

The PostgreSQL case runs against the throwaway cluster Scripts/test starts
(GAVEL_TEST_POSTGRES_URL), in a database of its own."""
import os
import subprocess
import urllib.parse
import uuid

import pytest

from display_page import DisplayPage
from gavel_harness import seconds_agenda
from meeting import drive

BASE_URL = os.environ.get("GAVEL_TEST_POSTGRES_URL")

ROWS = """
return Array.prototype.map.call(document.querySelectorAll('#rooms tbody tr'), function (row) {
  return {room: row.getAttribute('data-room'), stale: row.classList.contains('stale'), text: row.innerText,
          drift: (row.querySelector('td.drift') || {}).getAttribute ? row.querySelector('td.drift').getAttribute('data-drift') : null};
});
"""


@pytest.fixture
def database():
    if BASE_URL is None:
        pytest.skip("GAVEL_TEST_POSTGRES_URL names no test database")
    url = urllib.parse.urlsplit(BASE_URL)
    server = ["-h", url.hostname, "-p", str(url.port or 5432), "-U", url.username]
    name = "gavel_page_" + uuid.uuid4().hex[:16]
    subprocess.run(["createdb", *server, name], check=True)
    yield url._replace(path="/" + name).geturl()
    subprocess.run(["dropdb", *server, "--force", name], check=False)


@pytest.fixture
def pages(gaveld_factory):
    opened = []

    def open_page(url, size):
        page = DisplayPage(size=size)
        opened.append(page)
        page.driver.get(url)
        page.wait(lambda: page.js("return !!(window.Gavel && Gavel.venue)"), message="the venue page to start")
        return page

    yield open_page
    problems = []
    for page in opened:
        problems += page.console_errors()
        page.quit()
    assert not problems, "console errors:\n" + "\n".join(problems)


def rows(page):
    return {row["room"]: row for row in page.js(ROWS)}


def test_the_venue_page_shows_every_room_live_and_marks_a_stale_one(gaveld_factory, pages, database,
                                                                   screenshot_dir):
    halls = {}
    for name, title in (("hall-a", "Human Rights Council, 58th session"), ("hall-b", "Committee on Budget"),
                        ("hall-c", "Working Group on Trade")):
        halls[name] = gaveld_factory(
            agenda=seconds_agenda([("General debate on the annual report", 900), ("Draft resolutions", 900)],
                                  title=title),
            extra_args=["--journal", database, "--room", name])
    drive(halls["hall-a"], "start")
    drive(halls["hall-a"], "floorGrant", speaker="H.E. Ms. Ana Ruiz", delegation="Chile", duration="3m")
    drive(halls["hall-b"], "start")

    page = pages(halls["hall-a"].url("/venue"), (1920, 1080))
    page.allow_console("WebSocket connection to")
    page.wait(lambda: set(rows(page)) == set(halls), timeout=30, message="the three rooms")
    page.wait(lambda: "H.E. Ms. Ana Ruiz" in rows(page)["hall-a"]["text"], timeout=30, message="hall A's speaker")
    assert "Chile" in rows(page)["hall-a"]["text"]
    assert rows(page)["hall-a"]["drift"] in ("onTime", "ahead", "behind", "late")

    # Live, without a reload: the page keeps a mark we leave on it.
    page.js("window.__notReloaded = true;")
    drive(halls["hall-b"], "next")
    page.wait(lambda: "Draft resolutions" in rows(page)["hall-b"]["text"], timeout=30, message="hall B's next item")
    drive(halls["hall-c"], "start")
    page.wait(lambda: "General debate" in rows(page)["hall-c"]["text"], timeout=30, message="hall C started")
    assert page.js("return window.__notReloaded === true")
    page.screenshot(os.path.join(screenshot_dir, "venue-1920x1080.png"))

    # A venue of twenty rooms (seventeen more rows, as their gavelds would write them): one line
    # a room, all on a 1080p screen.
    subprocess.run(["psql", "-X", "-q", "-c", """
        INSERT INTO room_status (room, summary, updated_at, alive_at)
        SELECT 'room-' || lpad(n::text, 2, '0'), replace(summary, '"hall-b"', '"room-' || lpad(n::text, 2, '0') || '"'),
               now(), now()
        FROM room_status, generate_series(1, 17) AS n WHERE room = 'hall-b';
        NOTIFY gavel_venue, 'room-01';""", database], check=True)
    page.wait(lambda: len(rows(page)) == 20, timeout=30, message="twenty rooms")
    bottom = page.js("return document.querySelector('#rooms').getBoundingClientRect().bottom")
    page.screenshot(os.path.join(screenshot_dir, "venue-20-rooms-1920x1080.png"))
    assert bottom <= 1080, f"twenty rooms take {bottom} px of a 1080 px screen"

    halls["hall-c"].kill()
    page.wait(lambda: rows(page)["hall-c"]["stale"], timeout=60, message="hall C stale")
    assert not rows(page)["hall-a"]["stale"]
    assert page.js("return window.__notReloaded === true")
    page.screenshot(os.path.join(screenshot_dir, "venue-stale-1920x1080.png"))

    laptop = pages(halls["hall-b"].url("/venue?lang=fr"), (1366, 768))
    laptop.wait(lambda: set(halls) <= set(rows(laptop)), timeout=30, message="the rooms on a laptop")
    laptop.wait(lambda: rows(laptop)["hall-c"]["stale"], timeout=30, message="hall C stale on a laptop")
    width = laptop.js("return document.documentElement.scrollWidth")
    assert width <= 1366, f"the table scrolls sideways on a laptop: {width} px"
    laptop.screenshot(os.path.join(screenshot_dir, "venue-fr-1366x768.png"))


def test_with_sqlite_the_venue_page_shows_the_one_room(gaveld_factory, pages):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600)], title="Solo sitting"))
    page = pages(daemon.url("/venue"), (1366, 768))
    page.wait(lambda: len(rows(page)) == 1, message="the one room")
    assert "Solo sitting" in list(rows(page).values())[0]["text"]
    drive(daemon, "start")
    page.wait(lambda: "Opening" in list(rows(page).values())[0]["text"], message="the item")


def test_a_display_with_several_servers_moves_when_its_own_is_killed(gaveld_factory, browser):
    first = gaveld_factory(agenda=seconds_agenda([("On the first server", 600)], title="First"))
    second = gaveld_factory(agenda=seconds_agenda([("On the second server", 600)], title="Second"))
    drive(first, "start")
    drive(second, "start")
    servers = f"127.0.0.1:{first.port},http://127.0.0.1:{second.port}"
    page = browser(first, view="hall", query="servers=" + urllib.parse.quote(servers))
    page.allow_console("WebSocket connection to")
    page.allow_console("/api/v1/leader")
    page.allow_console("Failed to load resource")
    page.wait_probe(lambda p: p["connection"] == "connected" and "On the first server" in p["text"],
                    message="the first server's meeting")
    assert page.js("return Gavel.app.connection.base()") == f"http://127.0.0.1:{first.port}"
    # Each status the page shows, and whether the first server's meeting was still on it then.
    page.js("""
      var connection = Gavel.app.connection, shown = connection.onStatus;
      window.__statuses = [];
      connection.onStatus = function (status) {
        window.__statuses.push([status, document.body.innerText.indexOf('On the first server') >= 0]);
        shown(status);
      };""")

    first.kill()
    # While it moves, the last state stays with the reconnecting indication; then the second's.
    moved = page.wait_probe(lambda p: p["connection"] == "connected" and "On the second server" in p["text"],
                            timeout=30, message="the second server's meeting")
    statuses = page.js("return window.__statuses")
    assert ["reconnecting", True] in statuses, statuses
    assert moved["label"] != "NO LINK"
    assert page.js("return Gavel.app.connection.base()") == f"http://127.0.0.1:{second.port}"
