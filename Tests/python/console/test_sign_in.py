"""Signing in: a wrong token is refused and forgotten, the right one kept in sessionStorage and
never in the address; a pairing code against a daemon without pairing, and the pairing contract's
answers (POST /api/v1/pair: 200 with a token and its level, 401, 410)."""
import json
import os

from gavel_harness import seconds_agenda

# The pairing contract's answers, for a daemon that will have it: the page's fetch of
# /api/v1/pair is answered by the test (every other request reaches the daemon).
PAIR_ANSWERS = """
window.__pairAnswers = arguments[0];
var realFetch = window.fetch;
window.fetch = function (url, options) {
  if (String(url).indexOf('/api/v1/pair') >= 0 && window.__pairAnswers.length) {
    var a = window.__pairAnswers.shift();
    window.__pairAsked = JSON.parse(options.body);
    return Promise.resolve(new Response(JSON.stringify(a.body), {status: a.status, headers: {'Content-Type': 'application/json'}}));
  }
  return realFetch.apply(this, arguments);
};
"""


# The levels' contract for a command a level may not send: 403 with the error.
FORBID_COMMANDS = """
var realFetch = window.fetch;
window.fetch = function (url, options) {
  if (String(url).indexOf('/api/v1/commands') < 0) return realFetch.apply(this, arguments);
  return Promise.resolve(new Response(JSON.stringify({type: 'error', code: 'forbidden',
    message: 'flash is for the chair: a secretariat token may not send it'}), {status: 403}));
};
"""


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


def test_pairing_against_this_daemon_and_the_pairing_contract(gaveld_factory, consoles):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600)]))
    console = consoles(daemon, sign_in=False)
    status, _ = daemon.http("POST", "/api/v1/pair", {"code": "482913"})
    if status == 404:
        # This daemon has no pairing: said plainly, and the token form is there.
        console.allow_console("404 (Not Found)")
        console.type("pair-code", "482913")
        console.driver.find_element("css selector", "#pair-form button[type=submit]").click()
        shown = console.wait_for(lambda p: "does not offer pairing" in p["login"], message="no pairing said")
        assert not shown["signedIn"] and console.js("return !document.getElementById('token-form').hidden")

    # The contract: an unknown code, an expired one, then a secretariat's.
    console.js(PAIR_ANSWERS, [
        {"status": 401, "body": {"error": {"code": "unauthorized", "message": "no such pairing code"}}},
        {"status": 410, "body": {"error": {"code": "pairingExpired", "message": "the code expired 3 min ago"}}},
        {"status": 200, "body": {"token": daemon.token, "level": "secretariat"}},
    ])
    for expected in ("Unknown or already used", "has expired"):
        console.type("pair-code", "482 913")
        console.driver.find_element("css selector", "#pair-form button[type=submit]").click()
        shown = console.wait_for(lambda p: expected in p["login"], message=f"'{expected}' said")
        assert not shown["signedIn"], shown
    assert "the code expired 3 min ago" in shown["login"], shown
    assert console.js("return window.__pairAsked") == {"code": "482913"}
    console.type("pair-code", "482913")
    console.driver.find_element("css selector", "#pair-form button[type=submit]").click()
    shown = console.wait_for(lambda p: p["signedIn"] and p["seq"] is not None, message="paired")
    assert shown["level"] == "secretariat"
    assert console.js("return sessionStorage.getItem('gavel.controlLevel')") == "secretariat"
    # The clocks' actions are hidden; the list is there.
    visible = console.js("""
        return Array.from(document.querySelectorAll('#desk button[data-action]')).filter(function (b) {
          return b.offsetParent !== null; }).map(function (b) { return b.getAttribute('data-action'); });""")
    for clock in ("start", "next", "previous", "pauseResume", "extend", "endMeeting", "floorYield", "queueNext",
                  "interrupt"):
        assert clock not in visible, (clock, visible)
    assert "listCloseReopen" in visible and "clearMessage" in visible, visible
    console.key("n")
    assert daemon.state()["meeting"]["phase"] == "notStarted"
    console.type("add-speaker", "Ms. Sato")
    assert console.submit("add-form")["answer"] == "ok", console.dump()
    status, body = daemon.http("GET", "/api/v1/lists")
    assert [s["speaker"] for s in json.loads(body)["lists"][0]["speakers"]] == ["Ms. Sato"]
    # A daemon with levels refuses a secretariat what is not its own with 403 `forbidden`: said
    # with its code and words, and the console stays signed in.
    console.js(FORBID_COMMANDS)
    refused = console.press("flash")
    assert refused["answer"] == "error" and refused["code"] == "forbidden", refused
    assert "secretariat" in refused["text"] and refused["signedIn"], refused
