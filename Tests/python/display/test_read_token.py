"""gaveld --read-token: the display page asks once for the display token, shows the meeting once
it presented it, and keeps it in localStorage (never in the address) for the next load."""
from display_page import DisplayPage
from gavel_harness import seconds_agenda

# Counts the page's prompts, keeps the question asked, and answers with the token the test gives.
PROMPT_STUB = """
window.__prompts = 0;
window.prompt = function (question) { window.__prompts += 1; window.__question = question; return %s; };
"""


def test_a_display_of_a_private_meeting_asks_for_the_token_once(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("Closed session", 600)], title="Private sitting"),
                            extra_args=["--read-token"])
    token = daemon.level_token("read")
    page = DisplayPage()
    try:
        page.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PROMPT_STUB % repr(token)})
        page.open(daemon, view="hall")
        page.wait(lambda: "Closed session" in page.probe()["text"], message="the meeting after the token")
        assert page.js("return window.__prompts") == 1
        assert page.js("return window.__question").startswith("This meeting is not public.")
        assert page.js("return localStorage.getItem('gavel.readToken')") == token
        assert token not in page.driver.current_url

        # A reload presents the kept token without asking.
        page.driver.refresh()
        page.wait(lambda: page.js("return !!(window.Gavel && Gavel.app)"), message="the page to start again")
        page.wait(lambda: "Closed session" in page.probe()["text"], message="the meeting after the reload")
        assert page.js("return window.__prompts") == 0
        assert not page.console_errors()
    finally:
        page.quit()


def test_a_refused_token_is_forgotten(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("Closed session", 600)], title="Private sitting"),
                            extra_args=["--read-token"])
    page = DisplayPage()
    try:
        page.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                    {"source": PROMPT_STUB % repr("not-the-display-token-at-all")})
        page.open(daemon, view="hall", query="lang=fr")
        page.wait(lambda: page.js("return window.__prompts") == 1, message="the prompt")
        # Asked in the page's language.
        assert page.js("return window.__question").startswith("Cette s\u00e9ance n\u2019est pas publique.")
        page.wait(lambda: page.js("return localStorage.getItem('gavel.readToken')") is None,
                  message="the refused token forgotten")
        assert "Closed session" not in page.probe()["text"]
    finally:
        page.quit()
