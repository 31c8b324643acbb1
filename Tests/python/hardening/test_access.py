"""Access: the token compared in constant time and never logged, read-only displays, the origin policy
for browser pages, and TLS with a self-signed certificate."""
import json
import os
import shutil
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from websockets.sync.client import connect

from gavel_harness import GAVELD, free_port, seconds_agenda
from raw_ws import RawWebSocket

AGENDA = seconds_agenda([("One", 600), ("Two", 600)])


def auth_reply(daemon, token, headers=None):
    with connect(daemon.ws_url, subprotocols=["gavel.v1"], additional_headers=headers, open_timeout=10) as ws:
        hello = json.loads(ws.recv(timeout=10))
        ws.send(json.dumps({"type": "auth", "token": token}))
        while True:
            reply = json.loads(ws.recv(timeout=10))
            if reply.get("id") == "auth":
                return hello, reply


def test_a_token_with_anything_appended_is_not_the_token(gaveld_factory):
    # The comparison once folded the length difference into a byte: the token followed by 256
    # more bytes compared equal.
    daemon = gaveld_factory(agenda=AGENDA)
    for suffix in ("x" * 256, "x" * 512, "x", " x"):
        status, body = daemon.http("POST", "/api/v1/commands", {"command": "start"}, token=daemon.token + suffix)
        assert status == 401, (len(suffix), body)
        assert auth_reply(daemon, daemon.token + suffix)[1]["code"] == "unauthorized"
    assert daemon.state()["meeting"]["phase"] == "notStarted"
    assert daemon.command("start")[0] == 200


def test_the_token_is_never_logged(gaveld_factory):
    daemon = gaveld_factory(agenda=AGENDA, extra_args=["--log-level", "trace"],
                            env={"GAVEL_CONTROL_FAILURE_LIMIT": "100"})
    token = daemon.token
    # Wrong tokens, a near miss, HTTP 401s, the right token over both transports, commands.
    near_miss = token[:-1] + ("0" if token[-1] != "0" else "1")
    for wrong in ("guess-guess-guess-guess", near_miss, token + "x" * 256):
        daemon.http("POST", "/api/v1/commands", {"command": "start"}, token=wrong)
        auth_reply(daemon, wrong)
        daemon.http("POST", "/api/v1/commands", {"command": "start"}, headers={"Authorization": f"bearer {wrong}"})
    daemon.http("POST", "/api/v1/commands", {"command": "start"})
    with connect(daemon.ws_url, subprotocols=["gavel.v1"], open_timeout=10,
                 additional_headers={"Authorization": f"Bearer {near_miss}"}) as ws:
        ws.recv(timeout=10)
    assert daemon.command("start")[0] == 200
    control = daemon.subscribe(control=True)
    control.next(type="state")
    assert control.request({"type": "command", "id": "c1", "command": "next"})["type"] == "ack"
    assert auth_reply(daemon, token)[1]["type"] == "ack"
    control.send('{"type":"auth","token":5}')
    control.next(type="error")
    daemon.terminate()
    output = daemon.output()
    assert "trace" in output or "debug" in output, "the log level did not take"
    for secret in (token, near_miss, token[:16], token[-16:]):
        assert secret not in output, "the token (or most of it) is in the log"
    assert "bearer" not in output.lower(), "an Authorization header is in the log"


def test_displays_are_read_only(gaveld_factory):
    daemon = gaveld_factory(agenda=AGENDA)
    assert daemon.command("start")[0] == 200
    display = daemon.subscribe()
    hello = display.next(type="hello")
    assert hello["control"] is False
    display.next(type="state")
    for command in ("next", "endMeeting", "pause"):
        reply = display.request({"type": "command", "id": f"d-{command}", "command": command})
        assert reply["type"] == "error" and reply["code"] == "unauthorized"
        assert "read-only" in reply["message"]
    assert daemon.state()["item"]["id"] == "1"
    # The page displays load never carries the token.
    for path in ("/", "/js/app.js", "/js/connection.js", "/api/v1/state", "/api/v1/agenda", "/healthz", "/metrics"):
        status, body = daemon.http("GET", path)
        assert status == 200, path
        assert daemon.token.encode() not in body, path


# -- the origin policy --------------------------------------------------------------------------------


def test_browser_pages_from_other_origins_may_read_but_not_control(gaveld_factory):
    daemon = gaveld_factory(agenda=AGENDA)
    evil = {"Origin": "https://evil.example"}
    # Reading: a display page served elsewhere subscribes, and the API answers with CORS for it.
    display = connect(daemon.ws_url, subprotocols=["gavel.v1"], additional_headers=evil, open_timeout=10)
    assert json.loads(display.recv(timeout=10))["type"] == "hello"
    assert json.loads(display.recv(timeout=10))["type"] == "state"
    display.close()
    request = urllib.request.Request(daemon.url("/api/v1/state"), headers=evil)
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    # Control: refused before the token is looked at, even the right one, and not counted as a guess.
    hello, reply = auth_reply(daemon, daemon.token, headers=evil)
    assert reply["code"] == "unauthorized" and "https://evil.example" in reply["message"]
    assert "--allowed-origin" in reply["message"]
    with connect(daemon.ws_url, subprotocols=["gavel.v1"], open_timeout=10,
                 additional_headers=dict(evil, Authorization=f"Bearer {daemon.token}")) as ws:
        assert json.loads(ws.recv(timeout=10))["control"] is False
    status, body = daemon.http("POST", "/api/v1/commands", {"command": "start"}, token=daemon.token, headers=evil)
    assert status == 403, body
    status, body = daemon.http("OPTIONS", "/api/v1/commands", headers=dict(
        evil, **{"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "authorization"}))
    assert status == 403
    assert daemon.state()["meeting"]["phase"] == "notStarted"
    assert "failed control attempt" not in daemon.output()


def preflight(daemon, origin, host=None):
    request = urllib.request.Request(daemon.url("/api/v1/commands"), method="OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})
    if host:
        request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def test_pages_from_gaveld_itself_and_listed_origins_may_control(gaveld_factory):
    daemon = gaveld_factory(agenda=AGENDA, extra_args=["--allowed-origin", "https://chair.example.org"],
                            env={"GAVEL_ALLOWED_ORIGINS": "http://desk.local:8080"})
    own = f"http://127.0.0.1:{daemon.port}"
    for origin in (own, "https://chair.example.org", "HTTPS://Chair.Example.org:443", "http://desk.local:8080"):
        status, headers = preflight(daemon, origin)
        assert status == 204, origin
        assert headers["Access-Control-Allow-Origin"] == origin
        assert "POST" in headers["Access-Control-Allow-Methods"]
        assert "authorization" in headers["Access-Control-Allow-Headers"].lower()
        _, reply = auth_reply(daemon, daemon.token, headers={"Origin": origin})
        assert reply["type"] == "ack", (origin, reply)
    assert preflight(daemon, "http://desk.local:9090")[0] == 403  # another port is another origin
    assert preflight(daemon, "null")[0] == 403
    request = urllib.request.Request(daemon.url("/api/v1/commands"), data=b'{"command":"start"}', method="POST",
                                     headers={"Origin": "https://chair.example.org",
                                              "Authorization": f"Bearer {daemon.token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Access-Control-Allow-Origin"] == "https://chair.example.org"
    # Clients that are not browsers send no Origin (curl) or one that is not a browser's (lws' "host:port").
    assert daemon.command("next")[0] == 200
    status, _ = daemon.http("POST", "/api/v1/commands", {"command": "previous"}, token=daemon.token,
                            headers={"Origin": f"127.0.0.1:{daemon.port}"})
    assert status == 200


def post_from(daemon, origin, host):
    request = urllib.request.Request(daemon.url("/api/v1/commands"), data=b'{"command":"start"}', method="POST",
                                     headers={"Origin": origin, "Host": host,
                                              "Authorization": f"Bearer {daemon.token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_host_a_request_claims_does_not_make_its_origin_gavelds(gaveld_factory):
    # DNS rebinding: a page of evil.example, whose name was made to resolve to gaveld's address,
    # sends Host: evil.example:PORT with Origin: http://evil.example:PORT. Once that passed, and
    # a Host without a port let an Origin of any port pass.
    daemon = gaveld_factory(agenda=AGENDA)
    port = daemon.port
    for origin, host in ((f"http://evil.example:{port}", f"evil.example:{port}"),
                         ("http://evil.example", "evil.example"),
                         ("http://127.0.0.1:9999", "127.0.0.1"),
                         (f"http://evil.example:{port}", f"127.0.0.1:{port}")):
        assert preflight(daemon, origin, host=host)[0] == 403, (origin, host)
        assert post_from(daemon, origin, host) == 403, (origin, host)
    assert daemon.state()["meeting"]["phase"] == "notStarted"
    # The origins gaveld serves may, whatever Host says.
    for origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
        assert preflight(daemon, origin, host="whatever.example")[0] == 204, origin
    assert post_from(daemon, f"http://localhost:{port}", "whatever.example") == 200


def test_healthz_tells_anonymous_readers_no_path(gaveld_factory):
    daemon = gaveld_factory(agenda=AGENDA)
    status, body = daemon.http("GET", "/healthz")
    assert status == 200
    health = json.loads(body)
    assert "journal" not in health and health["journalStatus"] == "writable"
    assert daemon.state_dir.encode() not in body and daemon.tmp.encode() not in body
    assert b"journal.sqlite" not in body


def test_a_token_file_others_can_read_is_warned_about(gaveld_factory, tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("0123456789abcdef0123456789abcdef\n")
    token_file.chmod(0o644)
    daemon = gaveld_factory(agenda=AGENDA, extra_args=["--token-file", str(token_file)])
    assert "the token file is readable by everyone" in daemon.output()
    assert "chmod 600" in daemon.output()
    check = subprocess.run([GAVELD, "--check", "--state-dir", str(tmp_path / "state"), "--token-file", str(token_file)],
                           capture_output=True, text=True, timeout=30)
    assert check.returncode == 0 and "WARNING: readable by everyone" in check.stdout, check
    token_file.chmod(0o600)
    quiet = gaveld_factory(agenda=AGENDA, extra_args=["--token-file", str(token_file)])
    assert "readable by" not in quiet.output()


def journal_modes(daemon):
    return {name: os.stat(os.path.join(daemon.state_dir, name)).st_mode & 0o777
            for name in os.listdir(daemon.state_dir)}


def test_journal_files_are_the_daemon_users_alone_whatever_the_umask(gaveld_factory):
    # Outside systemd (UMask=0077) the journal took the shell's umask: 0644, every timing and
    # name readable by every local user.
    previous = os.umask(0o022)
    try:
        daemon = gaveld_factory(agenda=AGENDA)
        assert daemon.command("start")[0] == 200
        modes = journal_modes(daemon)
        assert {"journal.sqlite", "journal.sqlite-wal", "token"} <= set(modes), modes
        assert all(mode & 0o077 == 0 for mode in modes.values()), modes
        # Files an older gaveld left readable are made the user's alone at the next start.
        daemon.terminate()
        for name in os.listdir(daemon.state_dir):  # a clean stop leaves no -wal or -shm
            os.chmod(os.path.join(daemon.state_dir, name), 0o644)
        daemon.start()
        # The journal's files are tightened; a token file is the operator's, so gaveld warns
        # about each level's instead of changing it (Launch.swift).
        modes = journal_modes(daemon)
        assert all(mode & 0o077 == 0 for name, mode in modes.items() if not name.startswith("token")), modes
        assert "made the journal's files readable by the daemon's user only" in daemon.output()
        for level in ("secretariat", "read"):
            assert f"the {level} token file is readable by" in daemon.output(), daemon.output()
    finally:
        os.umask(previous)


def test_a_bad_allowed_origin_is_a_usage_error(tmp_path):
    result = subprocess.run([GAVELD, "--check", "--state-dir", str(tmp_path), "--allowed-origin", "chair.example.org"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 64, result
    assert "scheme://host[:port]" in result.stderr


def test_max_connections_beyond_the_open_file_limit_is_a_usage_error(tmp_path):
    result = subprocess.run([GAVELD, "--check", "--state-dir", str(tmp_path), "--max-connections", "10000000"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 64, result
    assert "open-file limit" in result.stderr


# -- TLS ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for localhost and 127.0.0.1, made with openssl."""
    if shutil.which("openssl") is None:
        subprocess.run(["apt-get", "install", "-y", "-qq", "openssl"], capture_output=True)
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed and cannot be")
    directory = tmp_path_factory.mktemp("tls")
    cert, key = str(directory / "cert.pem"), str(directory / "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                    "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


def wait_tls_ready(daemon, context, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if daemon.process.poll() is not None:
            raise AssertionError(f"gaveld exited with {daemon.process.returncode}:\n{daemon.output()}")
        try:
            with urllib.request.urlopen(f"https://127.0.0.1:{daemon.port}/healthz", context=context, timeout=2) as r:
                return json.loads(r.read())
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise AssertionError("gaveld did not answer over HTTPS")


def test_tls_serves_https_and_wss_and_refuses_plain_http(gaveld_factory, certificate):
    cert, key = certificate
    context = ssl.create_default_context(cafile=cert)
    daemon = gaveld_factory(agenda=AGENDA, extra_args=["--tls-certificate", cert, "--tls-key", key], start=False)
    daemon.start(wait=False)
    health = wait_tls_ready(daemon, context)
    assert health["status"] == "ok"
    with connect(f"wss://127.0.0.1:{daemon.port}/ws", ssl=context, subprotocols=["gavel.v1"], open_timeout=10,
                 additional_headers={"Authorization": f"Bearer {daemon.token}"}) as ws:
        hello = json.loads(ws.recv(timeout=10))
        assert hello["type"] == "hello" and hello["control"] is True
        assert json.loads(ws.recv(timeout=10))["type"] == "state"
        ws.send(json.dumps({"type": "command", "id": "tls-1", "command": "start"}))
        while (reply := json.loads(ws.recv(timeout=10)))["type"] != "ack":
            pass
    # Plain HTTP to the TLS port: refused at once, not left hanging; the daemon carries on.
    began = time.time()
    with socket.create_connection(("127.0.0.1", daemon.port), timeout=10) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        try:
            data = sock.recv(4096)
        except ConnectionResetError:
            data = b""
    assert b"200 OK" not in data and b'"status"' not in data
    # Refused in milliseconds; left hanging, it would wait for the 10-s header timeout: 5 s is far
    # from both, whatever the machine's load.
    assert time.time() - began < 5
    # A client that does not trust the certificate is refused by its own check, and nothing breaks.
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(f"https://127.0.0.1:{daemon.port}/healthz", timeout=5)
    assert wait_tls_ready(daemon, context)["phase"] == "running"
    assert f"https://127.0.0.1:{daemon.port}/" in daemon.output()


def run_gaveld(*args, tmp_path):
    return subprocess.run([GAVELD, "--listen", f"127.0.0.1:{free_port()}", "--state-dir", str(tmp_path / "state"),
                           *args], capture_output=True, text=True, timeout=30)


def test_a_missing_or_unusable_certificate_stops_gaveld_with_78(tmp_path, certificate):
    cert, key = certificate
    result = run_gaveld("--tls-certificate", str(tmp_path / "nope.pem"), "--tls-key", key, tmp_path=tmp_path)
    assert result.returncode == 78, result
    assert "cannot read the TLS certificate" in result.stderr and "no such file" in result.stderr
    unreadable = tmp_path / "unreadable.pem"
    shutil.copy(key, unreadable)
    os.chmod(unreadable, 0)
    if os.access(unreadable, os.R_OK):  # root reads anything: use a PEM that is not a certificate instead
        result = run_gaveld("--tls-certificate", key, "--tls-key", key, tmp_path=tmp_path)
        assert result.returncode == 78, result
        assert "cannot serve TLS with the certificate" in result.stderr
    else:
        result = run_gaveld("--tls-certificate", cert, "--tls-key", str(unreadable), tmp_path=tmp_path)
        assert result.returncode == 78, result
        assert "permission denied" in result.stderr
    result = run_gaveld("--tls-certificate", cert, tmp_path=tmp_path)
    assert result.returncode == 64 and "--tls-key" in result.stderr
