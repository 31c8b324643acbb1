"""Driving the meeting, and where the page under test comes from."""
import json
import os
import subprocess

from gavel_harness import GAVEL, ROOT

# The page under test: the source folder itself (gaveld --web-root), so a test run never sees a
# stale copy; SwiftPM ships the same folder as the daemon's resource (test_page_rules checks).
WEB_ROOT = os.path.join(ROOT, "Sources", "GavelServer", "Resources", "Web")
SCREENSHOTS = os.path.join(ROOT, ".build", "display-screenshots")


def gavel_arguments(command, **fields):
    """The `gavel` command line a chair would type for a wire command."""
    duration = fields.get("duration")
    simple = {"start": ["start"], "next": ["next"], "previous": ["previous"], "pause": ["pause"],
              "resume": ["resume"], "endItem": ["end"], "endMeeting": ["end-meeting"],
              "floorPause": ["floor", "pause"], "floorResume": ["floor", "resume"], "floorYield": ["floor", "yield"],
              "queueNext": ["queue", "next"], "clearMessage": ["say", "--clear"]}
    if command in simple:
        return simple[command]
    if command == "goto":
        return ["goto", str(fields["item"])]
    if command in ("extend", "trim"):
        return [command, duration]
    if command == "floorExtend":
        return ["floor", "extend", duration]
    if command == "floorGrant":
        delegation = ["--delegation", fields["delegation"]] if "delegation" in fields else []
        return ["floor", "grant", fields["speaker"]] + ([duration] if duration else []) + delegation
    if command == "queueAdd":
        return ["queue", "add", fields["speaker"]] + (["--time", duration] if duration else [])
    if command == "showMessage":
        to = ["--to", fields["audience"]] if "audience" in fields else []
        return ["say", *to] + (["--preset", fields["preset"]] if "preset" in fields else [fields["text"]])
    if command in ("blackout", "flash"):
        to = ["--to", fields["audience"]] if "audience" in fields else []
        return [command] + (["on"] if command == "blackout" else []) + to
    if command == "endBlackout":
        return ["blackout", "off"]
    raise AssertionError(f"no gavel command for {command}")


def drive(daemon, command, **fields):
    """Applies a meeting command with the `gavel` CLI, as the chair would, and returns the new state."""
    arguments = gavel_arguments(command, **fields)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GAVEL_")}
    environment.update(GAVEL_SERVER=f"127.0.0.1:{daemon.port}", GAVEL_STATE_DIR=daemon.state_dir)
    result = subprocess.run([GAVEL, *arguments, "--json"], capture_output=True, text=True, timeout=30,
                            env=environment)
    assert result.returncode == 0, f"gavel {' '.join(arguments)}: exit {result.returncode}: {result.stderr}"
    return json.loads(result.stdout)["state"]
