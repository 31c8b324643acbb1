"""One chair's console (/console) in headless Chromium, driven as a chair would: buttons,
forms, keys."""
import json

from selenium.webdriver.common.keys import Keys

from display_page import DisplayPage

# What the console shows, in one round trip.
PROBE = """
var answer = document.getElementById('answer');
var list = Array.from(document.querySelectorAll('#list li')).map(function (li) { return li.getAttribute('data-speaker'); });
return {
  signedIn: document.body.getAttribute('data-signed-in') === 'true',
  level: document.body.getAttribute('data-level'),
  login: document.getElementById('login-status').textContent,
  answer: answer.getAttribute('data-kind'),
  answers: Number(answer.getAttribute('data-answers') || 0),
  code: document.getElementById('answer-code').textContent,
  text: document.getElementById('answer-text').textContent,
  override: !document.getElementById('override').hidden,
  item: document.getElementById('item-title').textContent,
  itemTime: document.getElementById('item-time').textContent,
  floor: document.getElementById('floor-speaker').textContent,
  floorStatus: document.getElementById('floor-status').textContent,
  floorTime: document.getElementById('floor-time').textContent,
  list: list,
  message: document.getElementById('message-now').textContent,
  connection: document.getElementById('connection').getAttribute('data-state'),
  seq: Gavel.console && Gavel.console.state ? Gavel.console.state.seq : null,
  dialog: document.getElementById('confirm').open
};
"""


class ConsolePage(DisplayPage):
    def open_console(self, daemon, query=""):
        self.daemon = daemon
        self.driver.get(daemon.url("/console") + (f"?{query}" if query else ""))
        self.wait(lambda: self.js("return !!(window.Gavel && Gavel.console)"), message="the console to start")
        return self

    def probe(self):
        return self.js(PROBE)

    def wait_for(self, predicate, timeout=10, message="condition"):
        """Waits until predicate(probe) holds; returns that probe. On timeout the failure names
        what was awaited and shows the console's last probe."""
        found = []

        def check():
            p = self.probe()
            if predicate(p):
                found.append(p)
                return True
            return False
        self.wait(check, timeout=timeout, message=message)
        return found[-1]

    def sign_in(self, token):
        self.wait(lambda: self.js("return !document.getElementById('login').hidden"), message="the token form")
        self.type("token", token)
        self.driver.find_element("css selector", "#token-form button[type=submit]").click()
        return self.wait_for(lambda p: p["signedIn"] and p["seq"] is not None and p["connection"] == "connected",
                             message="signed in, with the meeting's state")

    def type(self, field, text, clear=True):
        element = self.driver.find_element("id", field)
        if clear:
            element.clear()
        element.send_keys(text)
        return element

    def button(self, action, **attributes):
        selector = f'#desk button[data-action="{action}"]' + "".join(f'[data-{k}="{v}"]' for k, v in attributes.items())
        return self.driver.find_element("css selector", selector)

    def press(self, action, **attributes):
        """Clicks the button of `action` and waits for the daemon's answer (not "pending")."""
        self.mark()
        self.button(action, **attributes).click()
        return self.answered()

    def submit(self, form):
        self.mark()
        self.driver.find_element("css selector", f"#{form} button[type=submit]").click()
        return self.answered()

    def key(self, key):
        """Presses a key with no field focused, as the chair would on the desk."""
        self.js("if (document.activeElement) document.activeElement.blur();")
        self.mark()
        self.driver.find_element("css selector", "body").send_keys(key)

    def mark(self):
        """Notes how many answers the console has shown, so that the next one awaited is this action's."""
        self.marked = self.probe()["answers"]

    def answered(self, timeout=10):
        """Waits for the daemon's answer to the action since mark(): a new one in the answer bar."""
        return self.wait_for(lambda p: p["answers"] > self.marked and p["answer"] in ("ok", "error"),
                             timeout=timeout, message="the daemon's answer in the answer bar")

    def confirm(self, accept):
        self.wait_for(lambda p: p["dialog"], message="the confirmation dialog")
        self.driver.find_element("id", "confirm-ok" if accept else "confirm-cancel").click()
        self.wait_for(lambda p: not p["dialog"], message="the dialog closed")

    def synced_with(self, daemon):
        """Waits until the console shows the daemon's latest state; returns that state."""
        state = daemon.state()
        self.wait_for(lambda p: p["seq"] is not None and p["seq"] >= state["seq"],
                      message=f"the console to show state {state['seq']}")
        return state

    def dump(self):
        return json.dumps(self.probe(), indent=1)


KEYS = Keys
