"""What the network-abuse tests share: a live display that must stay on time, process figures, and
bare sockets that misbehave on purpose."""
import base64
import json
import os
import socket
import struct
import threading
import time

from websockets.sync.client import connect

from measured_slack import SchedulingDelay


class LiveWatch:
    """A display that must keep receiving every state change on time while the daemon is abused.

    A control connection (authenticated before the abuse begins) changes the meeting's message every
    `interval`; a display connection notes when each change arrives. `stop()` checks that every change
    arrived, each within `bound` seconds of being sent, and that the driver could keep its pace (a
    blocked daemon would slow its acknowledgements). The bound is far below what a daemon blocked by the
    abuse would show (seconds for each abuser it waited for), and is widened only by the scheduling
    delays measured meanwhile (the abuse runs on the same cores, much of it in this process).
    """

    def __init__(self, daemon, interval=0.2, bound=2.0, source=None):
        self.interval = interval
        self.bound = bound
        token = daemon.token
        options = dict(subprotocols=["gavel.v1"], open_timeout=10, max_size=None)
        if source:
            options["sock"] = socket.create_connection(("127.0.0.1", daemon.port), source_address=(source, 0))
        self.display = connect(daemon.ws_url, **options)
        if source:
            options["sock"] = socket.create_connection(("127.0.0.1", daemon.port), source_address=(source, 0))
        self.control = connect(daemon.ws_url, additional_headers={"Authorization": f"Bearer {token}"}, **options)
        for ws in (self.display, self.control):
            hello = json.loads(ws.recv(timeout=10))
            assert hello["type"] == "hello"
        assert json.loads(self.control.recv(timeout=10))["type"] == "state"
        self.sent = {}
        self.arrived = {}
        self.acked = {}
        self.errors = []
        self.running = True
        self.delay = SchedulingDelay().start()
        self.started = time.time()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.driver = threading.Thread(target=self._drive, daemon=True)
        self.reader.start()
        self.driver.start()

    def _drive(self):
        n = 0
        try:
            while self.running:
                n += 1
                began = time.time()
                self.sent[n] = began
                self.control.send(json.dumps({"type": "command", "id": f"live-{n}-{began}",
                                              "command": "showMessage", "text": f"live {n}"}))
                while True:
                    reply = json.loads(self.control.recv(timeout=10))
                    if reply["type"] in ("ack", "error") and reply.get("id", "").startswith(f"live-{n}-"):
                        if reply["type"] == "error":
                            self.errors.append(reply)
                        self.acked[n] = time.time()
                        break
                time.sleep(max(0.0, self.interval - (time.time() - began)))
        except Exception as error:  # reported by stop()
            if self.running:
                self.errors.append(repr(error))

    def _read(self):
        try:
            while True:
                message = json.loads(self.display.recv(timeout=30))
                if message["type"] == "state" and message["message"] and message["message"]["text"].startswith("live "):
                    n = int(message["message"]["text"].split()[1])
                    self.arrived.setdefault(n, time.time())
        except Exception as error:
            if self.running:
                self.errors.append(repr(error))

    def stop(self):
        """Stops driving; asserts every change arrived on time. Returns the figures."""
        duration = time.time() - self.started
        self.running = False
        self.driver.join(timeout=15)
        # The daemon's budget, plus what this machine's load added while the abuse went on: a
        # change goes through a few wake-ups (the driver, the daemon, the reader).
        bound = self.bound + self.delay.allowance_ms() / 1000
        deadline = time.time() + bound + 1
        last = max(self.sent) if self.sent else 0
        while time.time() < deadline and any(n not in self.arrived for n in self.acked):
            time.sleep(0.05)
        self.delay.stop()
        for ws in (self.control, self.display):
            try:
                ws.close()
            except Exception:
                pass
        assert not self.errors, f"the live display or its driver failed: {self.errors[:3]}"
        missing = [n for n in self.acked if n not in self.arrived]
        assert not missing, f"changes {missing[:10]} never reached the live display"
        delays = sorted(self.arrived[n] - self.sent[n] for n in self.acked)
        assert delays, "no change was driven"
        assert delays[-1] < bound, \
            f"slowest change took {delays[-1]:.2f} s to reach the live display (bound {bound:.2f} s)"
        # An average over the whole abuse, with half the pace to spare: a daemon blocked by it
        # would answer at the abusers' timeouts (seconds), not in twice the interval.
        expected = duration / self.interval
        assert len(self.acked) >= expected * 0.5, \
            f"only {len(self.acked)} changes in {duration:.1f} s (expected about {expected:.0f}): the daemon was slow"
        return dict(changes=len(self.acked), last=last, median_ms=round(delays[len(delays) // 2] * 1000, 1),
                    max_ms=round(delays[-1] * 1000, 1), scheduling_delay_max_ms=round(self.delay.worst_ms, 1))


def process_figures(pid):
    """(RSS in KiB, open file descriptors) of a process, from /proc."""
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def metric(daemon, name):
    """One sample of gaveld's /metrics, as a number."""
    status, body = daemon.http("GET", "/metrics")
    assert status == 200, body
    for line in body.decode().splitlines():
        if line.startswith(name + " ") or line.startswith(name + "{"):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no {name} in /metrics")


def wait_for(condition, timeout, what, interval=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def upgrade_request(port, path="/ws", headers=None):
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket", "Connection: Upgrade",
             f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Protocol: gavel.v1"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def reset(sock):
    """Closes with RST instead of FIN: the peer vanished."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


def read_until_closed(sock, timeout):
    """Reads until EOF or reset; returns (closed, seconds waited)."""
    began = time.time()
    sock.settimeout(0.2)
    while time.time() - began < timeout:
        try:
            if not sock.recv(65536):
                return True, time.time() - began
        except socket.timeout:
            continue
        except OSError:
            return True, time.time() - began
    return False, time.time() - began
