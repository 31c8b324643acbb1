"""The release `gavel` and `gaveld` as a venue runs them: `gavel`'s start-up is most of what
`gavel next` costs, and gaveld's loaded runtime most of its memory with few displays.

Run by Scripts/test against .build/release (the release smoke). Against a debug build there is
nothing to check: the static link is a release setting (Package.swift)."""
import os
import subprocess

import pytest

from gavel_harness import GAVEL, GAVELD

RELEASE = os.path.basename(os.path.dirname(GAVEL)) == "release" or "/release/" in os.path.realpath(GAVEL)


@pytest.mark.skipif(not RELEASE, reason="the static Swift runtime is a release-build setting")
@pytest.mark.parametrize("binary", [GAVEL, GAVELD], ids=["gavel", "gaveld"])
def test_release_binaries_carry_the_swift_runtime_and_foundation_inside(binary):
    """Loading libswiftCore, Foundation and ICU as shared libraries cost about 6 ms of every `gavel`
    command and about 8 MB of gaveld's memory (Benchmarks/analysis.md); Package.swift links them
    into the release binaries instead."""
    linked = subprocess.run(["ldd", binary], capture_output=True, text=True, check=True).stdout
    dynamic_swift = [line.strip() for line in linked.splitlines()
                     if "libswift" in line or "Foundation" in line or "ICU" in line]
    assert dynamic_swift == [], f"{binary} loads the Swift runtime dynamically: {dynamic_swift}"
    assert "libwebsockets" in linked  # the system libraries stay shared


@pytest.mark.skipif(not RELEASE, reason="the static Swift runtime is a release-build setting")
@pytest.mark.parametrize("binary", [GAVEL, GAVELD], ids=["gavel", "gaveld"])
def test_release_binaries_stay_position_independent_with_packed_relocations(binary):
    """The static runtime must not cost the binaries their address randomisation: they stay
    position-independent (ELF type DYN), with their relocations packed (DT_RELR), and export none
    of the runtime's symbols, whose tables the dynamic loader would otherwise search and keep
    resident (Package.swift)."""
    header = subprocess.run(["readelf", "-h", binary], capture_output=True, text=True, check=True).stdout
    assert "DYN (Position-Independent Executable file)" in header, header
    dynamic = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True, check=True).stdout
    assert "(RELR)" in dynamic, f"{binary} has no packed relocations (DT_RELR)"
    symbols = subprocess.run(["readelf", "--dyn-syms", "-W", binary], capture_output=True, text=True,
                             check=True).stdout.splitlines()
    # Num: Value Size Type Bind Vis Ndx Name; a symbol the binary defines has a section, not UND.
    rows = [line.split() for line in symbols]
    exported = [row[7] for row in rows if len(row) >= 8 and row[0].endswith(":") and row[6] != "UND"]
    assert len(exported) < 50, f"{binary} exports {len(exported)} symbols, e.g. {exported[:5]}"


@pytest.mark.skipif(not RELEASE, reason="the static Swift runtime is a release-build setting")
def test_release_gavel_runs_and_knows_every_command_by_its_name():
    """The command names are spelled out in each CommandConfiguration (deriving them from the type
    name costs a scan of every protocol conformance at start-up); the names must not change."""
    shown = subprocess.run([GAVEL, "--help"], capture_output=True, text=True, timeout=30)
    assert shown.returncode == 0, shown.stderr
    listed = shown.stdout.split("SUBCOMMANDS:", 1)[1]
    names = [line.split()[0] for line in listed.splitlines() if line.startswith("  ") and line.split()
             and not line.startswith("   ")]
    assert names[:8] == ["status", "start", "next", "previous", "goto", "pause", "resume", "extend"], names
    for group, sub in [("floor", "grant"), ("floor", "yield"), ("queue", "add"), ("queue", "list"),
                       ("queue", "remove"), ("queue", "move"), ("agenda", "check"), ("say", None),
                       ("meetings", None), ("report", None), ("watch", None), ("trim", None)]:
        args = [group] + ([sub] if sub else []) + ["--help"]
        result = subprocess.run([GAVEL] + args, capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, (args, result.stderr)
        usage = " ".join(["gavel", group] + ([sub] if sub else []))
        assert usage in result.stdout, (args, result.stdout[:300])
