"""The console given a room's servers (?servers=a,b): when its own is killed it moves to the next,
and the chair's commands go there (HTTP, across origins, which that server allows)."""
import os

from gavel_harness import seconds_agenda


def test_the_console_moves_to_the_next_server_and_commands_follow(gaveld_factory, consoles):
    agenda = seconds_agenda([("Opening", 600), ("Debate", 600)])
    first = gaveld_factory(agenda=agenda)
    # The room's other server: the same token, and the first's pages allowed to control it.
    second = gaveld_factory(agenda=agenda, extra_args=[
        "--token-file", os.path.join(first.state_dir, "token"),
        "--allowed-origin", f"http://127.0.0.1:{first.port}"])
    servers = f"127.0.0.1:{first.port},127.0.0.1:{second.port}"
    console = consoles(first, query="servers=" + servers)
    console.allow_console("WebSocket connection to")
    console.allow_console("Failed to load resource")
    console.allow_console("/api/v1/leader")
    assert console.press("start")["answer"] == "ok", console.dump()
    assert first.state()["meeting"]["phase"] == "running"
    assert second.state()["meeting"]["phase"] == "notStarted"

    first.kill()
    console.wait(lambda: console.js("return Gavel.console.connection.base()") == f"http://127.0.0.1:{second.port}"
                 and console.probe()["connection"] == "connected", timeout=30, message="the console on the second server")
    console.synced_with(second)
    assert console.press("start")["answer"] == "ok", console.dump()
    assert second.state()["meeting"]["phase"] == "running"
