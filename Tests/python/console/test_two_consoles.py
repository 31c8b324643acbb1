"""Two consoles press "next" at once: the meeting advances one item, and the second console is
told why it did not (the daemon's staleState, in its words)."""
import json

from gavel_harness import seconds_agenda

# Holds what the daemon sends this console, as a slow link would, but for the clock's pongs (so
# that its heartbeat does not drop the link): the console keeps showing the state it had.
HOLD = """
var socket = Gavel.console.connection.socket, deliver = socket.onmessage;
window.__held = [];
socket.onmessage = function (event) {
  if (JSON.parse(event.data).type === 'pong') deliver.call(socket, event); else window.__held.push(event);
};
window.__release = function () {
  socket.onmessage = deliver;
  window.__held.forEach(function (event) { deliver.call(socket, event); });
  window.__held = [];
};
"""


def test_two_consoles_pressing_next_at_once_advance_one_item(gaveld_factory, consoles):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600), ("Debate", 900), ("Closing", 300)]))
    first = consoles(daemon)
    second = consoles(daemon, size=(1024, 768))
    assert first.press("start")["answer"] == "ok", first.dump()
    for console in (first, second):
        console.synced_with(daemon)
        console.wait_for(lambda p: p["item"] == "Opening", message="both consoles on item 1")

    # The second console has not yet heard that the first pressed "next": it presses it too.
    second.js(HOLD)
    assert first.press("next")["answer"] == "ok", first.dump()
    advanced = daemon.state()
    assert advanced["item"]["index"] == 1
    assert second.probe()["item"] == "Opening", "the held console should still show item 1"
    second.allow_console("409 (Conflict)")
    answer = second.press("next")
    assert answer["answer"] == "error" and answer["code"] == "staleState", answer
    assert "moved on" in answer["text"] and "nothing was changed" in answer["text"], answer
    after = daemon.state()
    assert after["item"]["index"] == 1 and after["seq"] == advanced["seq"], "the refused next changed the meeting"

    # Its link back, it shows where the meeting is; and now "next" is its own.
    second.js("window.__release()")
    second.wait_for(lambda p: p["item"] == "Debate", message="the second console catching up")
    assert second.press("next")["answer"] == "ok", second.dump()
    assert daemon.state()["item"]["index"] == 2


# The first answer of a command is lost after the daemon received it, as when the link drops
# before the answer arrives: the console sends the very same request again.
LOSE_FIRST_ANSWER = """
var realFetch = window.fetch;
window.__commandBodies = [];
window.fetch = function (url, options) {
  if (String(url).indexOf('/api/v1/commands') < 0) return realFetch.apply(this, arguments);
  window.__commandBodies.push(options.body);
  var sent = realFetch.apply(this, arguments);
  if (window.__commandBodies.length > 1) return sent;
  return sent.then(function () { throw new TypeError('Failed to fetch (the test dropped the answer)'); });
};
"""


def test_an_answer_lost_on_the_way_is_asked_again_with_the_same_id_and_applied_once(gaveld_factory, consoles):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600), ("Debate", 900), ("Closing", 300)]))
    console = consoles(daemon)
    assert console.press("start")["answer"] == "ok"
    console.synced_with(daemon)
    console.js(LOSE_FIRST_ANSWER)
    answer = console.press("next")
    assert answer["answer"] == "ok" and "answered from the journal" in answer["text"], answer
    first, second = console.js("return window.__commandBodies")
    assert first == second, (first, second)
    sent = json.loads(first)
    assert sent["command"] == "next" and sent["expect"] == {"item": "1"} and sent["id"].startswith("console-"), sent
    assert daemon.state()["item"]["index"] == 1, "the retried next must advance once"
