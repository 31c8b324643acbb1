"""The console at tablet and laptop sizes, busy (an item, a speaker interrupted, a list, a
message): nothing outside the viewport's width, every control a finger can hit (44 px at least),
the speaker's display in the preview; screenshots to look at, in English and in Arabic (right to
left)."""
import os

import pytest

from gavel_harness import seconds_agenda

SIZES = {"tablet-1024x768": (1024, 768), "tablet-1280x800": (1280, 800), "laptop-1440x900": (1440, 900),
         "tablet-portrait-800x1280": (800, 1280)}

# Problems a chair would see: a horizontal scroll, a control under 44 px, text that runs out of its
# box without an ellipsis, a card outside the page.
LAYOUT = """
var problems = [], vw = window.innerWidth;
if (document.documentElement.scrollWidth > vw) problems.push('scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + vw);
document.querySelectorAll('#desk button, #desk input, #desk select, .top button').forEach(function (el) {
  if (!el.offsetParent) return;
  var r = el.getBoundingClientRect();
  if (r.width < 44 || r.height < 44) problems.push((el.id || el.getAttribute('data-action') || el.textContent.trim()) + ' is ' + Math.round(r.width) + 'x' + Math.round(r.height));
  if (r.left < 0 || r.right > vw + 1) problems.push((el.id || el.textContent.trim()) + ' outside the page: ' + Math.round(r.left) + '..' + Math.round(r.right));
});
document.querySelectorAll('#desk button').forEach(function (el) {
  if (el.offsetParent && el.scrollWidth > el.clientWidth + 1) problems.push('button text cut: ' + el.textContent.trim());
});
return problems;
"""


def busy(daemon):
    for command, fields in (("start", {}), ("listAdd", {"speaker": "H.E. Ms. Ana Ruiz", "delegation": "Chile"}),
                            ("listAdd", {"speaker": "Mr. Ahmed Al-Mansouri", "delegation": "United Arab Emirates"}),
                            ("listAdd", {"speaker": "France", "delegation": "France", "speech": "reply"}),
                            ("floorGrant", {"speaker": "Ms. Louise Arbour", "duration": "3m"}),
                            ("interrupt", {"speaker": "Egypt", "delegation": "Egypt", "speech": "point-of-order"}),
                            ("showMessage", {"preset": "wrap-up", "audience": "speaker"})):
        status, body = daemon.command(command, **fields)
        assert status == 200, (command, body)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_console_at_tablet_and_laptop_sizes(gaveld_factory, consoles, screenshot_dir, lang):
    daemon = gaveld_factory(agenda=seconds_agenda(
        [("Opening of the multi-stakeholder hearing", 600),
         ("Panel Discussion: Best practices to support safe, orderly and regular migration", 900)],
        title="Fifth informal interactive multi-stakeholder hearing"))
    busy(daemon)
    console = consoles(daemon, size=(1280, 800), query=f"lang={lang}")
    console.synced_with(daemon)
    console.wait_for(lambda p: p["floor"].startswith("Egypt") and len(p["list"]) == 3, message="the busy meeting")
    assert console.js("return document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")
    for name, (width, height) in SIZES.items():
        console.resize(width, height)
        console.settle()
        # The speaker's display in the preview shows the speaker and the countdown, and has
        # stopped showing its pointer help (it does once nobody moves a mouse over it).
        console.wait(lambda: console.js(
            "var d = document.getElementById('preview').contentDocument;"
            "return d && d.body.classList.contains('idle') && /\\d:\\d\\d/.test(d.getElementById('countdown').textContent)"
            " && d.querySelector('[data-f=who]').textContent.indexOf('Egypt') >= 0;"),
            timeout=15, message="the speaker's display in the preview")
        problems = console.js(LAYOUT)
        console.screenshot(os.path.join(screenshot_dir, f"console-{lang}-{name}.png"))
        assert not problems, (name, problems)
        # The lower cards (the plan and budgets, the agenda), scrolled to.
        for card in ("plan-card", "agenda-card"):
            console.js("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", card)
            console.settle()
            console.screenshot(os.path.join(screenshot_dir, f"console-{lang}-{name}-{card}.png"))
        console.js("window.scrollTo(0, 0)")
    # The message reaches the preview (the speaker's display only).
    assert console.js("return document.getElementById('preview').contentDocument"
                      ".getElementById('message-text').textContent") == "Please wrap up"
