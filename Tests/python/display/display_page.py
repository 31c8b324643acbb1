"""One display page in headless Chromium (Selenium 4, the system chromedriver)."""
import math
import time

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.wait import WebDriverWait


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# A display whose own clock is wrong: Date (now() and the no-argument constructor) and
# performance.timeOrigin are shifted by window.__gavelSkewMs before the page's scripts run.
# Changing __gavelSkewMs later makes Date jump, as a stepped system clock would.
SKEW_SCRIPT = """
(function () {
  window.__gavelSkewMs = %(skew)r;
  var RealDate = Date;
  var realNow = RealDate.now.bind(RealDate);
  function SkewedDate() {
    var args = Array.prototype.slice.call(arguments);
    if (!(this instanceof SkewedDate)) return new RealDate(realNow() + window.__gavelSkewMs).toString();
    if (args.length === 0) return new RealDate(realNow() + window.__gavelSkewMs);
    return new (Function.prototype.bind.apply(RealDate, [null].concat(args)))();
  }
  SkewedDate.prototype = RealDate.prototype;
  SkewedDate.now = function () { return realNow() + window.__gavelSkewMs; };
  SkewedDate.UTC = RealDate.UTC;
  SkewedDate.parse = RealDate.parse;
  window.Date = SkewedDate;
  var descriptor = Object.getOwnPropertyDescriptor(Performance.prototype, "timeOrigin");
  if (descriptor && descriptor.get) {
    var realOrigin = descriptor.get.call(performance);
    Object.defineProperty(Performance.prototype, "timeOrigin", {
      configurable: true,
      get: function () { return realOrigin + %(skew)r; }
    });
  }
})();
"""

# What a page reports about itself in one round trip.
PROBE_SCRIPT = """
var c = document.getElementById('countdown');
var level = document.getElementById('level');
var paused = document.getElementById('paused');
var message = document.getElementById('message');
return {
  countdown: c ? c.textContent : null,
  remaining: c && c.getAttribute('data-remaining-ms') !== '' ? parseFloat(c.getAttribute('data-remaining-ms')) : null,
  age: c ? performance.now() - parseFloat(c.getAttribute('data-rendered-at')) : null,
  level: c ? c.getAttribute('data-level') : null,
  label: level ? level.textContent : null,
  paused: !!(paused && !paused.hidden),
  message: message && !message.hidden ? document.getElementById('message-text').textContent : null,
  connection: document.documentElement.getAttribute('data-connection'),
  synced: document.documentElement.getAttribute('data-synced') === 'true',
  text: document.body.innerText
};
"""


class DisplayPage:
    def __init__(self, size=(1920, 1080), skew_ms=0, timezone=None):
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--autoplay-policy=no-user-gesture-required", "--hide-scrollbars",
                         "--lang=en-US", f"--window-size={size[0]},{size[1]}"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.allowed = []
        self.resize(*size)
        if timezone:
            self.driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": timezone})
        if skew_ms:
            self.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument",
                                        {"source": SKEW_SCRIPT % {"skew": skew_ms}})

    def resize(self, width, height):
        """The viewport exactly (the window size is the outer window's)."""
        self.size = (width, height)
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    def open(self, daemon, view=None, query=""):
        url = daemon.url("/")
        parts = ([f"view={view}"] if view else []) + ([query] if query else [])
        if parts:
            url += "?" + "&".join(parts)
        self.driver.get(url)
        self.wait(lambda: self.js("return !!(window.Gavel && Gavel.app)"), message="the page to start")
        return self

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def probe(self):
        return self.js(PROBE_SCRIPT)

    def wait(self, predicate, timeout=10, message="condition"):
        """WebDriverWait on a condition; returns its truthy value."""
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.02).until(lambda _: predicate())
        except TimeoutException:
            raise AssertionError(f"timed out after {timeout}s waiting for {message}; page: {self.probe()}") from None

    def wait_probe(self, predicate, timeout=10, message="condition"):
        """Waits until predicate(probe) holds and returns that probe, with "at": the local
        monotonic time (s, `local_s()`) of that probe, the middle of its round trip, and
        "uncertainty": how far "at" may be from when the page ran it (ms), half that round trip."""
        found = []

        def check():
            before = local_s()
            p = self.probe()
            after = local_s()
            p["at"] = (before + after) / 2
            p["uncertainty"] = (after - before) * 1000 / 2
            if predicate(p):
                found.append(p)
                return True
            return False
        self.wait(check, timeout=timeout, message=message)
        return found[-1]

    def remaining_now(self, samples=5):
        """(local time in s, remaining ms the page shows at that instant): the page's drawn
        value advanced by the frame's age, from the quickest of a few round trips."""
        at, remaining, _ = self.remaining_reading(samples)
        return at, remaining

    def remaining_reading(self, samples=5):
        """remaining_now(), and how far its local time may be from when the page was read (ms):
        half the round trip it came from, measured."""
        best = None
        for _ in range(samples):
            before = local_s()
            remaining, age = self.js(
                "var c = document.getElementById('countdown');"
                "return [parseFloat(c.getAttribute('data-remaining-ms')),"
                " performance.now() - parseFloat(c.getAttribute('data-rendered-at'))];")
            after = local_s()
            if best is None or after - before < best[0]:
                best = (after - before, (before + after) / 2, remaining - age)
        return best[1], best[2], best[0] * 1000 / 2

    def sync_uncertainty_ms(self):
        """How far the page's own reading of the server's clock may be off (ms): half the round
        trip of the ping its offset comes from (as it reports it), and 1.5 ms for the daemon's
        whole-ms stamps."""
        rtt = self.js("return Gavel.app.clock.rtt")
        assert rtt is not None, "the page has not synchronised its clock"
        return rtt / 2 + 1.5

    def drawn_next_frame(self, script):
        """Runs `script` (a function body) just after the page draws its next frame, and returns
        its value: what that frame shows. The page's own frame callback, registered first, runs
        before this one."""
        # The page draws only when what it shows can change, and sleeps between: ask it for a
        # frame first, so that its callback is registered, and runs, before ours.
        return self.driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "if (window.Gavel && Gavel.app && Gavel.app.requestFrame) Gavel.app.requestFrame();"
            "requestAnimationFrame(function () { done((function () {" + script + "})()); });")

    def start_timer_lateness(self, period_ms=10):
        """From now on, the page notes how late its timers fire (ms): a chain of setTimeout, each
        for `period_ms`, against performance.now(). A page timer set for an alert's instant waits
        in the same queue, behind the same work, so it is late by about as much."""
        self.js("""
            var period = arguments[0], probe = window.__gavelTimerLateness = {worst: 0};
            (function next() {
              var due = performance.now() + period;
              setTimeout(function () {
                probe.worst = Math.max(probe.worst, performance.now() - due);
                next();
              }, period);
            })();""", period_ms)

    def timer_lateness_ms(self):
        """The worst lateness of the page's timers since start_timer_lateness()."""
        return self.js("return window.__gavelTimerLateness.worst")

    def settle(self):
        """Returns after two animation frames: whatever a resize or a message changed is drawn."""
        self.driver.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            "requestAnimationFrame(function () { requestAnimationFrame(function () { done(true); }); });")

    def computed(self, selector, prop, pseudo=None):
        return self.js("var e = document.querySelector(arguments[0]);"
                       "return e ? getComputedStyle(e, arguments[2]).getPropertyValue(arguments[1]) : null;",
                       selector, prop, pseudo)

    def screenshot(self, path):
        self.driver.save_screenshot(path)
        return path

    def allow_console(self, substring):
        self.allowed.append(substring)

    def console_errors(self):
        try:
            entries = self.driver.get_log("browser")
        except Exception as error:  # the browser is gone: nothing to read
            return [f"could not read the console: {error}"]
        return [f"{e['level']}: {e['message']}" for e in entries
                if e["level"] == "SEVERE" and not any(a in e["message"] for a in self.allowed)]

    def quit(self):
        try:
            self.driver.quit()
        except Exception:
            pass


# The palette of gavel.css, as getComputedStyle reports it.
GREEN = "rgb(46, 230, 168)"
AMBER = "rgb(255, 194, 26)"
RED = "rgb(255, 92, 92)"
ORANGE = "rgb(255, 140, 26)"
BLACK = "rgb(0, 0, 0)"

# Everything a view shows must be inside the viewport (and the view's own elements inside the
# stage, above the message band); the document must not scroll; the texts that are fitted to
# their boxes must not overflow them. Returns a list of problems.
LAYOUT_SCRIPT = """
var vw = window.innerWidth, vh = window.innerHeight, problems = [];
var de = document.documentElement, body = document.body;
if (de.scrollHeight > vh || de.scrollWidth > vw || body.scrollHeight > vh || body.scrollWidth > vw)
  problems.push('document scrolls: ' + de.scrollWidth + 'x' + de.scrollHeight + ' in ' + vw + 'x' + vh);
function name(el) {
  return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.getAttribute('data-f') ? '[' + el.getAttribute('data-f') + ']' : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '');
}
var stage = document.getElementById('stage').getBoundingClientRect();
// Text cut on purpose (an ellipsis, a line clamp, the chair's agenda window) counts as what
// its clipping box shows; nothing else may be cut off by the edge of the screen or the stage.
function intended(el) {
  if (el.hasAttribute('data-clip')) return true;
  var style = getComputedStyle(el);
  return style.textOverflow === 'ellipsis' || (style.webkitLineClamp && style.webkitLineClamp !== 'none');
}
function visibleRect(el) {
  var r = el.getBoundingClientRect(), box = {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
  for (var a = el; a && a !== document.body; a = a.parentElement) {
    if (!intended(a)) continue;
    var c = a.getBoundingClientRect();
    box = {left: Math.max(box.left, c.left), top: Math.max(box.top, c.top),
           right: Math.min(box.right, c.right), bottom: Math.min(box.bottom, c.bottom)};
  }
  return box;
}
function inside(el, box, what) {
  var full = el.getBoundingClientRect();
  if (!full.width || !full.height) return;
  var r = visibleRect(el);
  if (r.right <= r.left || r.bottom <= r.top) return;
  if (r.left < box.left - 1 || r.top < box.top - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1)
    problems.push(name(el) + ' outside the ' + what + ': ' + [r.left, r.top, r.right, r.bottom].map(Math.round).join(','));
}
var viewport = {left: 0, top: 0, right: vw, bottom: vh};
Array.prototype.forEach.call(document.querySelectorAll('#stage *'), function (el) {
  inside(el, stage, 'stage');
});
Array.prototype.forEach.call(document.querySelectorAll('#message *, .corner *'), function (el) {
  inside(el, viewport, 'viewport');
});
Array.prototype.forEach.call(document.querySelectorAll(
    '[data-f=who], [data-f=item], [data-f=speaker], #message-text, .countdown-box, .clock-box'), function (el) {
  var r = el.getBoundingClientRect();
  if (!r.width || !r.height) return;
  if (el.scrollHeight > el.clientHeight + 2 || el.scrollWidth > el.clientWidth + 2)
    problems.push(name(el) + ' overflows: ' + el.scrollWidth + 'x' + el.scrollHeight + ' in ' + el.clientWidth + 'x' + el.clientHeight);
});
return problems;
"""


def layout_problems(page):
    return page.js(LAYOUT_SCRIPT)


def countdown_font_px(page):
    return page.js("return parseFloat(getComputedStyle(document.getElementById('countdown')).fontSize);")


def timer_colours(page):
    """(countdown colour, timer block background) as computed."""
    return page.js("""
        var c = document.getElementById('countdown'), t = c.closest('.timer');
        return [getComputedStyle(c).color, getComputedStyle(t).backgroundColor];""")


def local_s():
    """The tests' local time for readings of a page: monotonic, as the page's own clock and the
    daemon's timeline are. Against the wall clock, a step of it (a virtual machine paused by its
    host, then corrected: 8 s once, under load) made a right display look 8 s wrong."""
    return time.monotonic()


class ServerClock:
    """The daemon's time, as the test sees it: an NTP-style offset between `local_s()` and the
    daemon's timeline, from the harness's own WebSocket ping/pong (independent of the page), and
    how far that offset may be off (uncertainty_ms), measured."""

    def __init__(self, daemon, samples=10):
        subscriber = daemon.subscribe()
        subscriber.next(type="state")
        round_trip, self.offset = subscriber.clock_sample(samples, local_ms=lambda: local_s() * 1000)
        # Half the best round trip, and 1.5 ms for the daemon's whole-ms stamps (as
        # measured_slack.offset_uncertainty_ms).
        self.uncertainty_ms = max(0.0, round_trip) / 2 + 1.5
        subscriber.close()

    def now(self, at=None):
        return (local_s() if at is None else at) * 1000 + self.offset


def time_of_day_within(shown, earliest, latest, slack_s):
    """Whether the HH:MM:SS `shown` (a whole second, as a clock shows it) was the time at some
    instant between the datetimes `earliest` and `latest`, give or take `slack_s` seconds."""
    h, m, s = map(int, shown.split(":"))
    moment = earliest.hour * 3600 + earliest.minute * 60 + earliest.second + earliest.microsecond / 1e6
    first = math.floor(moment - slack_s)
    last = math.floor(moment + (latest - earliest).total_seconds() + slack_s)
    return (h * 3600 + m * 60 + s - first) % 86400 <= last - first
