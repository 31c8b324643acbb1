"""Signing in: a wrong token is refused and forgotten, the right one kept in sessionStorage and
never in the address; pairing codes from the real daemon (`gavel console --json` and
POST /api/v1/pairings): a wrong code, an expired one, a used one, too many wrong ones, a chair's
and a secretariat's; the level shown is the daemon's (the pair answer, the auth ack); a
secretariat console hides the clocks and the daemon refuses it a clock command with 403
`forbidden` when it tries by a crafted request."""
import json
import os
import subprocess
import time
from datetime import datetime

from gavel_harness import BIN_DIR, seconds_agenda

def stored_token(page):
    return page.js("return sessionStorage.getItem('gavel.controlToken')")


def test_a_wrong_token_is_refused_and_the_right_one_kept_out_of_the_address(gaveld_factory, consoles, screenshot_dir):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600)]))
    console = consoles(daemon, sign_in=False)
    console.wait(lambda: console.js("return !document.getElementById('login').hidden"), message="the token form")
    console.type("token", "not-the-token-at-all-0123456789")
    console.driver.find_element("css selector", "#token-form button[type=submit]").click()
    refused = console.wait_for(lambda p: not p["signedIn"] and "refused" in p["login"], message="the refusal")
    console.screenshot(os.path.join(screenshot_dir, "sign-in-refused-1280x800.png"))
    assert stored_token(console) is None, "a refused token must be forgotten"
    assert console.js("return document.getElementById('desk').hidden")
    assert "not-the-token" not in console.driver.current_url, refused

    console.sign_in(daemon.token)
    assert stored_token(console) == daemon.token
    assert daemon.token not in console.driver.current_url
    assert console.press("start")["answer"] == "ok"
    # Reloaded, the tab keeps it; signed out, it is gone.
    console.driver.refresh()
    console.wait_for(lambda p: p["signedIn"] and p["seq"] is not None, message="still signed in after a reload")
    console.driver.find_element("id", "signout").click()
    console.wait_for(lambda p: not p["signedIn"], message="signed out")
    assert stored_token(console) is None
    # Neither token reached the daemon's log, nor the page's history.
    assert daemon.token not in daemon.output() and "not-the-token" not in daemon.output()
    history = console.js("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")
    assert history and not any(daemon.token in url for url in history), history


def pair_in_console(console, code):
    console.type("pair-code", code)
    console.driver.find_element("css selector", "#pair-form button[type=submit]").click()


def issue(daemon, level="chair", ttl=300):
    status, body = daemon.http("POST", "/api/v1/pairings", {"level": level, "ttlSeconds": ttl}, token=daemon.token)
    assert status == 201, (status, body)
    return json.loads(body)


def cli_code(daemon, level="chair"):
    """A code as the chair gets it: `gavel console --json`."""
    out = subprocess.run([os.path.join(BIN_DIR, "gavel"), "console", "--json", "--no-qr", "--level", level,
                          "--server", f"127.0.0.1:{daemon.port}",
                          "--token-file", os.path.join(daemon.state_dir, "token")],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["level"] == level and "/console" in answer["url"] and answer["code"] not in answer["url"], answer
    return answer


def wait_until_expired(daemon, issued, timeout=30):
    """Asks the daemon's clock (the state's serverTime) until it is past the code's expiry; the ISO
    time has whole seconds, so one more second is waited."""
    expires_ms = datetime.fromisoformat(issued["expiresAt"]).timestamp() * 1000 + 1000
    deadline = time.monotonic() + timeout
    while daemon.state()["serverTime"] < expires_ms:
        assert time.monotonic() < deadline, f"the daemon's clock did not pass {issued['expiresAt']} (+1 s)"
        time.sleep(0.1)


VISIBLE_ACTIONS = """
return Array.from(document.querySelectorAll('#desk button[data-action], #desk form[id] button')).filter(function (b) {
  return b.offsetParent !== null; }).map(function (b) { return b.getAttribute('data-action') || b.closest('form').id; });"""

# A request the page does not offer a secretariat: `next`, with the token it holds.
CRAFTED_NEXT = """
var done = arguments[arguments.length - 1];
fetch('/api/v1/commands', {method: 'POST', headers: {'Content-Type': 'application/json',
  'Authorization': 'Bearer ' + sessionStorage.getItem('gavel.controlToken')},
  body: JSON.stringify({type: 'command', id: 'crafted-1', command: 'next'})})
  .then(function (r) { return r.json().then(function (b) { done([r.status, b]); }); });
"""


def test_pairing_codes_from_the_daemon_wrong_expired_used_and_limited(gaveld_factory, consoles):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600), ("Debate", 600)]))
    console = consoles(daemon, sign_in=False)
    for status in ("401", "410", "429"):
        console.allow_console(f"status of {status}")

    # A wrong code: the daemon's 401, in its words.
    pair_in_console(console, "000 000")
    shown = console.wait_for(lambda p: "Unknown or already used" in p["login"], message="a wrong code refused")
    assert "no such pairing code" in shown["login"] and not shown["signedIn"], shown

    # An expired code: one second to live, tried once the daemon's clock is past it.
    expired = issue(daemon, ttl=1)
    wait_until_expired(daemon, expired)
    pair_in_console(console, expired["code"])
    shown = console.wait_for(lambda p: "has expired" in p["login"], message="an expired code refused (410)")
    assert "pairingExpired" not in shown["login"] and "expired at" in shown["login"] and not shown["signedIn"], shown

    # The chair's code from `gavel console --json`: signed in as the chair, said by the daemon.
    chair = cli_code(daemon)
    pair_in_console(console, chair["code"])
    shown = console.wait_for(lambda p: p["signedIn"] and p["seq"] is not None, message="paired with the CLI's code")
    assert shown["level"] == "chair", shown
    assert console.js("return sessionStorage.getItem('gavel.controlToken')") == daemon.token
    assert console.js("return document.getElementById('level-badge').textContent") == "Chair"
    assert console.press("start")["answer"] == "ok"
    assert daemon.state()["meeting"]["phase"] == "running"

    # The same code again: used, so refused as unknown.
    console.driver.find_element("id", "signout").click()
    console.wait_for(lambda p: not p["signedIn"], message="signed out")
    pair_in_console(console, chair["code"])
    shown = console.wait_for(lambda p: "Unknown or already used" in p["login"], message="a used code refused")
    assert not shown["signedIn"], shown

    # Past the address's limit of wrong guesses even a right code is refused (429), and said so.
    right = issue(daemon)
    for attempt in range(12):
        status, _ = daemon.http("POST", "/api/v1/pair", {"code": "999999"})
        if status == 429:
            break
    assert status == 429, f"ten wrong codes should reach the limit, got {status} after {attempt + 1}"
    pair_in_console(console, right["code"])
    shown = console.wait_for(lambda p: "Too many wrong codes" in p["login"], message="the limit said")
    assert "try again in" in shown["login"] and not shown["signedIn"], shown


def test_a_secretariat_console_hides_the_clocks_and_the_daemon_refuses_them(gaveld_factory, consoles):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600), ("Debate", 600)]))
    assert daemon.command("start")[0] == 200
    console = consoles(daemon, sign_in=False)
    console.allow_console("status of 403")
    code = cli_code(daemon, level="secretariat")
    pair_in_console(console, code["code"])
    shown = console.wait_for(lambda p: p["signedIn"] and p["seq"] is not None and p["level"] == "secretariat",
                             message="paired as the secretariat")
    assert console.js("return sessionStorage.getItem('gavel.controlToken')") == daemon.level_token("secretariat")
    assert console.js("return document.getElementById('level-badge').textContent") == "Secretariat"
    visible = console.js(VISIBLE_ACTIONS)
    for clock in ("start", "next", "previous", "pauseResume", "extend", "trim", "endItem", "endMeeting", "floorYield",
                  "queueNext", "interrupt", "flash", "blackoutToggle", "plan-form", "budget-form", "transfer-form", "grant-form"):
        assert clock not in visible, (clock, visible)
    for own in ("listCloseReopen", "clearMessage", "add-form", "insert-form", "message-form"):
        assert own in visible, (own, visible)
    # The key of a hidden action does nothing.
    before = daemon.state()
    console.key("n")
    console.type("add-speaker", "Ms. Sato")
    assert console.submit("add-form")["answer"] == "ok", console.dump()
    status, body = daemon.http("GET", "/api/v1/lists")
    assert [s["speaker"] for s in json.loads(body)["lists"][0]["speakers"]] == ["Ms. Sato"]
    assert daemon.state()["item"]["index"] == before["item"]["index"] == 0
    # The agenda is the secretariat's too: an item inserted from its console.
    console.type("insert-title", "Announcements")
    console.type("insert-duration", "5m")
    assert console.submit("insert-form")["answer"] == "ok", console.dump()
    status, body = daemon.http("GET", "/api/v1/agenda")
    assert [i["title"] for i in json.loads(body)["items"]][-1] == "Announcements", body

    # A crafted request with the secretariat's token: the daemon's 403 `forbidden`.
    status, answer = console.driver.execute_async_script(CRAFTED_NEXT)
    assert status == 403 and answer["type"] == "error" and answer["code"] == "forbidden", (status, answer)
    assert daemon.state()["item"]["index"] == 0
    # Through the console's own sending: the refusal shown with its code and the daemon's words,
    # and the console stays signed in.
    console.mark()
    console.js("Gavel.console.send('next')")
    refused = console.answered()
    assert refused["code"] == "forbidden" and "secretariat" in refused["text"] and refused["signedIn"], refused
    assert daemon.state()["item"]["index"] == 0


def test_a_typed_secretariat_token_shows_the_level_the_daemon_gives(gaveld_factory, consoles):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600)]))
    console = consoles(daemon, sign_in=False)
    shown = console.sign_in(daemon.level_token("secretariat"))
    shown = console.wait_for(lambda p: p["level"] == "secretariat", message="the level from the auth ack")
    assert console.js("return document.getElementById('level-badge').textContent") == "Secretariat", shown
    assert console.js("return document.querySelector('#desk [data-action=\"start\"]').offsetParent") is None


def test_a_read_token_console_watches_and_offers_no_action(gaveld_factory, consoles):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600)]))
    console = consoles(daemon, sign_in=False)
    console.sign_in(daemon.level_token("read"))
    console.wait_for(lambda p: p["level"] == "read", message="the read level from the auth ack")
    assert console.js("return document.getElementById('level-badge').textContent") == "Read only"
    assert console.js(VISIBLE_ACTIONS) == [], console.js(VISIBLE_ACTIONS)
