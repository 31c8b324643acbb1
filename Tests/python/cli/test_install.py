"""Scripts/install into a temporary prefix: every file where it belongs, and the installed
binaries working from there. Uses the debug build (--configuration debug) to spare the test a
release build; the script runs exactly as it does for a release."""
import os
import re
import shutil
import subprocess

import pytest
from gavel_cli import clean_env
from gavel_harness import ROOT

INSTALL = os.path.join(ROOT, "Scripts", "install")


def install(prefix, *args, env=None):
    # --no-build: the debug binaries are built (Scripts/test builds generate-manual with them); the
    # test is about where the files land, not about building them again.
    return subprocess.run([INSTALL, "--prefix", str(prefix), "--configuration", "debug", "--no-build", *args],
                          capture_output=True, text=True, timeout=900, env=clean_env(env), cwd=ROOT)


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    prefix = tmp_path_factory.mktemp("install") / "usr"
    result = install(prefix)
    assert result.returncode == 0, f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return prefix


FILES = [
    ("bin/gaveld", 0o755), ("bin/gavel", 0o755),
    ("share/gavel/web/index.html", 0o644),
    ("lib/systemd/system/gaveld.service", 0o644), ("lib/systemd/system/gaveld@.service", 0o644),
    ("share/bash-completion/completions/gavel", 0o644), ("share/zsh/site-functions/_gavel", 0o644),
    ("share/fish/vendor_completions.d/gavel.fish", 0o644),
    ("share/man/man1/gavel.1", 0o644), ("share/man/man8/gaveld.8", 0o644),
    ("share/doc/gavel/README.md", 0o644), ("share/doc/gavel/protocol.md", 0o644),
]


@pytest.mark.parametrize("path,mode", FILES)
def test_every_file_is_installed_with_its_mode(prefix, path, mode):
    full = prefix / path
    assert full.is_file(), f"{full} is missing"
    assert full.stat().st_mode & 0o777 == mode
    assert full.stat().st_size > 0


def test_installed_gavel_runs_and_documents_its_exit_codes(prefix):
    result = subprocess.run([str(prefix / "bin" / "gavel"), "--help"], capture_output=True, text=True)

    assert result.returncode == 0
    assert "EXIT CODES" in result.stdout and "77  no control token" in result.stdout


def test_installed_gaveld_finds_its_display_files_under_the_prefix(prefix, tmp_path):
    result = subprocess.run([str(prefix / "bin" / "gaveld"), "--check", "--state-dir", str(tmp_path / "state")],
                            capture_output=True, text=True, env=clean_env())

    assert result.returncode == 0, result.stderr
    assert f"display      {prefix}/share/gavel/web (" in result.stdout, result.stdout


def test_units_name_the_installed_binary(prefix):
    for unit in ("gaveld.service", "gaveld@.service"):
        text = (prefix / "lib" / "systemd" / "system" / unit).read_text()
        assert f"ExecStart={prefix}/bin/gaveld" in text
        assert "/usr/local/" not in text


def test_units_verify_cleanly_against_the_installed_binary(prefix):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", str(prefix / "lib/systemd/system/gaveld.service")],
                            capture_output=True, text=True)
    assert result.stdout + result.stderr == ""


def test_completions_come_from_the_command_definitions(prefix):
    bash = (prefix / "share/bash-completion/completions/gavel").read_text()
    zsh = (prefix / "share/zsh/site-functions/_gavel").read_text()
    fish = (prefix / "share/fish/vendor_completions.d/gavel.fish").read_text()
    for script in (bash, zsh, fish):
        for word in ("floor", "queue", "watch", "end-meeting", "token-file"):
            assert word in script, f"{word} missing from a completion script"
    assert zsh.startswith("#compdef gavel")


def test_man_pages_render(prefix):
    if shutil.which("man") is None:
        pytest.skip("man is not installed")
    for page, words in (("man1/gavel.1", ["EXIT CODES", "floor", "watch"]), ("man8/gaveld.8", ["--state-dir"])):
        result = subprocess.run(["man", "-l", str(prefix / "share" / "man" / page)], capture_output=True, text=True,
                                env=clean_env({"MANWIDTH": "100", "MAN_KEEP_FORMATTING": "0"}))
        assert result.returncode == 0
        assert "warning" not in result.stderr.lower(), result.stderr
        text = re.sub(".\x08", "", result.stdout)  # overstrike bold and underline
        for word in words:
            assert word in text


def test_installing_again_is_idempotent_and_removes_stale_display_files(prefix):
    stale = prefix / "share/gavel/web/removed-from-the-sources.js"
    stale.write_text("old")

    result = install(prefix)

    assert result.returncode == 0, result.stderr
    assert not stale.exists()
    assert (prefix / "share/gavel/web/index.html").is_file()


def test_destdir_stages_the_files_while_the_units_name_the_final_prefix(tmp_path):
    stage = tmp_path / "stage"

    result = install("/opt/gavel", env={"DESTDIR": str(stage)})

    assert result.returncode == 0, result.stderr
    assert (stage / "opt/gavel/bin/gavel").is_file()
    assert "ExecStart=/opt/gavel/bin/gaveld" in (stage / "opt/gavel/lib/systemd/system/gaveld.service").read_text()
    assert not os.path.exists("/opt/gavel/bin/gavel")


def test_bad_arguments_are_usage_errors(tmp_path):
    assert subprocess.run([INSTALL, "--prefix", "relative/path"], capture_output=True).returncode == 64
    assert subprocess.run([INSTALL, "--frobnicate"], capture_output=True).returncode == 64
