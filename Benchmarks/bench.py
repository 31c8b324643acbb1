"""Gavel's benchmarks: fan-out, latency and memory, side by side with peers (Scripts/bench).

Run through Scripts/bench, which builds the binaries and the venv first. Everything runs on this
machine, load client included: the daemon or peer under test, and several load-client
processes (Benchmarks/loadclient.c, or loadclient.py with picows on uvloop) holding the subscribers.

For N in (1,000, 5,000, 10,000) display subscribers, against gaveld:
  fan-out latency   a command sent on a control WebSocket -> the last subscriber holding the new
                    state (matched by seq): p50, p99, max over --commands commands (next/previous)
  memory            VmRSS and VmHWM of gaveld; RSS per connection = (RSS with N - RSS idle) / N
  CPU               utime+stime of gaveld over 60 s, all connected, the item's countdown running,
                    no tick subscribers, as % of one core
  alert punctuality arrival at each subscriber (client clock, mapped onto the daemon's timeline
                    by ping/pong) - the alert's `at`: p50, p99, max over every subscriber and alert;
                    negative when it came ahead (gaveld sends alerts hello.alertLeadMs early and
                    displays show them at `at`)
and the same fan-out, memory and CPU against the peers (a Python `websockets` broadcast server,
a minimal Hummingbird one, and the floor: a C epoll loop that only frames the message once and
send()s it to each subscriber), with the same load client and a message of the same size as Gavel's
state message. Then `gavel next` (process start to printed ack), commands per second with the
durable journal, and journal replay at 10,000 and 100,000 events.

--quick is the smoke CI may run: N=200, a few commands, one alert round, no peers, no 60-s window.
"""
import argparse
import asyncio
import datetime
import json
import os
import platform
import queue
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid

from websockets.sync.client import connect

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BENCH = os.path.join(ROOT, "Benchmarks")
PYTHON = sys.executable
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
# gaveld's service threads when GAVEL_SERVICE_THREADS is not set (Sources/gaveld/Settings+Table.swift).
GAVELD_DEFAULT_THREADS = 2


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values, p):
    """Linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(values):
    return {"n": len(values), "p50": percentile(values, 50), "p99": percentile(values, 99),
            "max": max(values) if values else float("nan"), "min": min(values) if values else float("nan"),
            "mean": statistics.fmean(values) if values else float("nan")}


# MARK: - Processes

def cpu_seconds(pid):
    """utime + stime of the process (all threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory(pid):
    """VmRSS and VmHWM in bytes."""
    values = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                name, amount, _ = line.split()
                values[name[:-1]] = int(amount) * 1024
    return values


def wait_http(port, path="/healthz", timeout=30, process=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.02)
    raise RuntimeError(f"no answer on :{port}{path} within {timeout}s")


class Server:
    """A server under test: gaveld or a peer."""

    def __init__(self, name, args, port, workdir, env=None):
        self.name = name
        self.args = args
        self.port = port
        self.workdir = workdir
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.env = dict(os.environ, **(env or {}))
        self.process = None

    def start(self):
        self.log = open(self.log_path, "ab")
        self.process = subprocess.Popen(self.args, stdout=self.log, stderr=subprocess.STDOUT, env=self.env,
                                        cwd=self.workdir)
        wait_http(self.port, process=self.process)
        return self

    @property
    def pid(self):
        return self.process.pid

    def stop(self):
        if self.process and self.process.poll() is None:
            # A SIGTERM in gaveld's first moments is sometimes lost (seen here: the daemon logs no
            # "signal received" and runs on), so it is repeated each second for a while.
            for attempt in range(15):
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout=1)
                    break
                except subprocess.TimeoutExpired:
                    continue
            else:
                log(f"{self.name} did not stop within 15 s of SIGTERM: killed")
                self.process.kill()
                self.process.wait()
            self.sigterms = attempt + 1
        if getattr(self, "log", None):
            self.log.close()


class Profile:
    """`perf record` (cpu-clock sampling, call graphs) of one process while a phase runs, when
    --perf DIR was given; `perf report -i FILE` reads it afterwards."""

    syscalls = False  # --syscalls

    def __init__(self, directory, name, pid):
        self.process = None
        if not directory or not shutil.which("perf"):
            return
        os.makedirs(directory, exist_ok=True)
        if Profile.syscalls:
            # --syscalls: strace's count of each system call (all threads) instead of samples.
            self.path = os.path.join(directory, f"{name}.strace")
            self.process = subprocess.Popen(["strace", "-c", "-f", "-p", str(pid), "-o", self.path],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(0.5)
            return
        self.path = os.path.join(directory, f"{name}.perf.data")
        self.process = subprocess.Popen(
            ["perf", "record", "-e", "cpu-clock", "-F", "2999", "--call-graph", "dwarf,16384", "-p", str(pid),
             "-o", self.path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.process:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=120)
            log(f"  profile: {self.path}")


# MARK: - The load client

# Which load client: "c" (Benchmarks/loadclient.c, built by Scripts/bench) or "picows"
# (Benchmarks/loadclient.py); set by main().
LOAD_CLIENT = {"kind": "picows", "binary": None}


class LoadClients:
    """Several load-client processes holding N subscribers between them."""

    def __init__(self, url, count, processes, subprotocol=None, initial_seq=None):
        self.count = count
        self.workers = []
        self.events = []
        self.held = []
        self.condition = threading.Condition()
        shares = [count // processes + (1 if i < count % processes else 0) for i in range(processes)]
        for index, share in enumerate(s for s in shares if s > 0):
            if LOAD_CLIENT["kind"] == "c":
                port = url.rsplit(":", 1)[1].split("/")[0]
                args = [LOAD_CLIENT["binary"], "--host", "127.0.0.1", "--port", port, "--path", "/ws",
                        "--count", str(share)]
            else:
                args = [PYTHON, os.path.join(BENCH, "loadclient.py"), "--url", url, "--count", str(share)]
            if subprotocol:
                args += ["--subprotocol", subprotocol]
            if initial_seq is not None:
                args += ["--initial-seq", str(initial_seq)]
            process = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
            self.workers.append(process)
            self.events.append(queue.Queue())
            self.held.append({})
            threading.Thread(target=self._read, args=(index, process), daemon=True).start()

    def _read(self, index, process):
        for line in process.stdout:
            event = json.loads(line)
            if event["event"] == "held":
                with self.condition:
                    self.held[index][event["seq"]] = event
                    self.condition.notify_all()
            else:
                self.events[index].put(event)
        self.events[index].put({"event": "exited"})

    def _each(self, name, timeout):
        results = []
        for index, events in enumerate(self.events):
            deadline = time.time() + timeout
            while True:
                event = events.get(timeout=max(0.01, deadline - time.time()))
                if event["event"] == name:
                    results.append(event)
                    break
                if event["event"] == "exited":
                    raise RuntimeError(f"load client {index} exited")
        return results

    def wait_connected(self, timeout=300):
        results = self._each("connected", timeout)
        return {"open": sum(r["open"] for r in results), "failed": sum(r["failed"] for r in results),
                "seconds": max(r["seconds"] for r in results),
                "errors": sorted({e for r in results for e in r.get("errors", [])})[:5]}

    def wait_held(self, seq, timeout=60):
        """When the first and the last subscriber held `seq` (or newer): (first_ns, last_ns, count)."""
        deadline = time.time() + timeout
        with self.condition:
            while not all(seq in held for held in self.held):
                remaining = deadline - time.time()
                if remaining <= 0:
                    missing = [i for i, held in enumerate(self.held) if seq not in held]
                    raise RuntimeError(f"seq {seq} not held by every subscriber within {timeout}s (workers {missing})")
                self.condition.wait(remaining)
            events = [held.pop(seq) for held in self.held]
            for held in self.held:  # older entries are of no more use
                for old in [s for s in held if s < seq]:
                    del held[old]
        return min(e["first_ns"] for e in events), max(e["last_ns"] for e in events), sum(e["count"] for e in events)

    def _ask(self, command, answer, timeout=60):
        for process in self.workers:
            process.stdin.write(json.dumps(command) + "\n")
            process.stdin.flush()
        return self._each(answer, timeout)

    def alerts(self):
        return [tuple(a) for r in self._ask({"cmd": "alerts"}, "alerts") for a in r["arrivals"]]

    def stats(self):
        results = self._ask({"cmd": "stats"}, "stats")
        return {key: sum(r.get(key, 0) for r in results) for key in ("open", "closed", "messages", "bytes", "pings")}

    def cpu_seconds(self):
        total = 0.0
        for process in self.workers:
            try:
                total += cpu_seconds(process.pid)
            except OSError:
                pass
        return total

    def close(self):
        try:
            self._ask({"cmd": "close"}, "closed", timeout=60)
        except Exception as error:
            log(f"load clients did not close cleanly: {error}")
        for process in self.workers:
            try:
                process.stdin.close()
            except OSError:
                pass
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


# MARK: - Control connections

class GavelControl:
    """The chair's WebSocket (with the token): commands, and ping/pong for the clock offset."""

    def __init__(self, port, token, protocol="gavel.v2"):
        # max_queue=None: the states of commands sent by others (gavel next) pile up unread here;
        # with a bounded queue the client stops reading, misses its keepalive pong and logs a
        # "keepalive ping timeout" traceback in the idle window.
        self.ws = connect(f"ws://127.0.0.1:{port}/ws", subprotocols=[protocol],
                          additional_headers={"Authorization": f"Bearer {token}"}, max_size=None, max_queue=None,
                          open_timeout=30)
        self.state_sizes = []
        # seq -> serverTime of the states received: when the daemon took the snapshot, after the
        # journal had the command.
        self.state_times = {}
        self.alert_lead_ms = None

    def _next(self, accept, timeout=30):
        deadline = time.time() + timeout
        while True:
            raw = self.ws.recv(timeout=max(0.01, deadline - time.time()))
            message = json.loads(raw)
            if message["type"] == "hello":
                self.alert_lead_ms = message.get("alertLeadMs", 0)
            if message["type"] == "state":
                self.state_sizes.append(len(raw.encode()))
                self.state_times[message["seq"]] = message["serverTime"]
            if accept(message):
                return message

    def command(self, name, **fields):
        """Sends a command; returns (send_ns, reply)."""
        identifier = str(uuid.uuid4())
        payload = json.dumps({"type": "command", "id": identifier, "command": name, **fields})
        sent = time.time_ns()
        self.ws.send(payload)
        reply = self._next(lambda m: m["type"] in ("ack", "error") and m.get("id") == identifier)
        if reply["type"] == "error":
            raise RuntimeError(f"{name} refused: {reply}")
        return sent, reply

    def state_time(self, seq, timeout=30):
        """The serverTime of state `seq` (read on until it comes)."""
        if seq not in self.state_times:
            self._next(lambda m: m["type"] == "state" and m["seq"] >= seq, timeout)
        return self.state_times.get(seq)

    def clock_offset(self, samples=40):
        """daemon timeline - client clock (ms), from the pings with the smallest round trips."""
        results = []
        for _ in range(samples):
            t0 = time.time_ns() / 1e6
            self.ws.send(json.dumps({"type": "ping", "t0": t0}))
            pong = self._next(lambda m: m["type"] == "pong")
            t3 = time.time_ns() / 1e6
            rtt = (t3 - t0) - (pong["t2"] - pong["t1"])
            results.append((rtt, ((pong["t1"] - t0) + (pong["t2"] - t3)) / 2))
            time.sleep(0.01)
        results.sort()
        best = results[: max(3, samples // 4)]
        # The daemon's instants are whole milliseconds: averaging the best samples takes the
        # rounding out; the uncertainty is half the round trip plus that millisecond.
        return statistics.fmean(o for _, o in best), results[0][0] / 2 + 0.5, results[0][0]

    def close(self):
        self.ws.close()


class PeerControl:
    """The orchestrator's connection to a peer: what it sends is broadcast to every other one."""

    def __init__(self, port):
        self.ws = connect(f"ws://127.0.0.1:{port}/ws", max_size=None, max_queue=None, open_timeout=30)

    def broadcast(self, message):
        sent = time.time_ns()
        self.ws.send(message)
        return sent

    def close(self):
        self.ws.close()


def stand_in(seq, size):
    """A message of exactly `size` bytes that the load client reads as state `seq`."""
    head = '{"type":"state","seq":%d,"pad":"' % seq
    return head + "x" * max(0, size - len(head) - 2) + '"}'


# MARK: - The agenda

def bench_agenda(items=11):
    """Two-hour items for today (UTC): long enough that no item alert fires during the run. Short
    floor thresholds, so a 3-second floor grant crosses warning, wrap-up and time-up."""
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    return {
        "title": "Benchmark sitting", "date": today, "timeZone": "UTC",
        "items": [{
            "id": str(i + 1), "title": f"Agenda item {i + 1}", "kind": "session", "date": today,
            "start": f"{1 + 2 * i:02d}:00", "end": f"{3 + 2 * i:02d}:00", "people": [],
            "floorAlerts": {"warning": "2s", "wrapUp": "1s", "reminderEvery": "60s"},
        } for i in range(items)],
    }


def plenary_agenda(items=60):
    """A plenary day: `items` twenty-minute items from 01:00 (UTC), one inscribed speaker each, with
    the titles and names of a real list of speakers. gavel.v1's state message grows with it (every
    item and its projections go in every state); gavel.v2's does not."""
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()

    def time(minutes):
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    return {
        "title": "Benchmark plenary: general debate", "date": today, "timeZone": "UTC",
        "items": [{
            "id": str(i + 1), "title": f"General debate: statement {i + 1} of {items}", "kind": "session",
            "date": today, "start": time(60 + 20 * i), "end": time(80 + 20 * i),
            "people": [{"name": f"H.E. Ms. Representative {i + 1}", "role": "speaker",
                        "position": f"Permanent Representative of Member State {i + 1}"}],
            "floorAlerts": {"warning": "2s", "wrapUp": "1s", "reminderEvery": "60s"},
        } for i in range(items)],
    }


# The agendas a run measures gaveld with: the eleven-item sitting (everything), and the plenary
# (fan-out only, beside the floor peer at its own message size).
AGENDAS = {"sitting": bench_agenda, "plenary": plenary_agenda}


class Bench:
    def __init__(self, args):
        self.args = args
        self.workdir = tempfile.mkdtemp(prefix="gavel-bench-")
        self.gaveld = args.gaveld
        self.gavel = args.gavel
        self.results = {"started": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                        "quick": args.quick, "config": {}, "gavel": {}, "peers": {}, "plenary": {},
                        "other": {}}
        for name, make in AGENDAS.items():
            with open(self.agenda_path(name), "w") as f:
                json.dump(make(), f)

    def agenda_path(self, name):
        return os.path.join(self.workdir, "agenda.json" if name == "sitting" else f"{name}-agenda.json")

    def gaveld_server(self, name, env=None, state_dir=None, port=None, agenda="sitting"):
        port = port or free_port()
        state = state_dir or os.path.join(self.workdir, f"{name}-state")
        args = [self.gaveld, "--listen", f"127.0.0.1:{port}", "--state-dir", state,
                "--agenda", self.agenda_path(agenda), "--stall-timeout", "3600",
                "--max-connections", str(max(self.args.sizes + self.args.plenary_sizes) + 500)]
        extra = dict(item.split("=", 1) for item in self.args.gaveld_env)
        server = Server(name, args, port, self.workdir, env={**extra, **(env or {})})
        server.state_dir = state
        return server

    # MARK: Gavel at N subscribers

    def run_gavel(self, n, agenda="sitting", protocol=None, threads=None, writes=None, pair=None):
        """gaveld at N displays speaking `protocol` (--protocol: gavel.v2, what the display page
        speaks). With the sitting's agenda, everything; with another (the plenary), or gavel.v1,
        or as round `pair` of `run_floor_pairs`, the fan-out, the ack and memory only."""
        a = self.args
        protocol = protocol or a.protocol
        full = (agenda == "sitting" and protocol == a.protocol and threads is None and writes is None
                and pair is None)
        name = f"gaveld-{n}" if agenda == "sitting" else f"gaveld-{agenda}-{n}"
        if pair is not None:
            name += f"-pair{pair}"
        if protocol != a.protocol:
            name += "-" + protocol.replace("gavel.", "")
        if threads is not None:
            name += f"-{threads}t"
        if writes:
            name += f"-{writes}"
        log(f"gaveld, N={n}" + ("" if agenda == "sitting" else f", the {agenda} agenda") + f", {protocol}"
            + (f", {threads} service thread(s)" if threads is not None else "")
            + (f", {writes} writes" if writes else ""))
        # The main tables measure gaveld as it starts by default (two service threads, direct
        # writes); the extra runs change one setting each (--compare-threads, --compare-writes).
        env = {}
        if threads is not None:
            env["GAVEL_SERVICE_THREADS"] = str(threads)
        if writes:
            env["GAVEL_FANOUT_WRITES"] = writes
        server = self.gaveld_server(name, agenda=agenda, env=env).start()
        result = {"n": n, "agenda_items": len(AGENDAS[agenda]()["items"]), "protocol": protocol,
                  "service_threads": GAVELD_DEFAULT_THREADS if threads is None else threads,
                  "fanout_writes": writes or "direct"}
        clients = None
        control = None
        try:
            time.sleep(0.5)
            idle = memory(server.pid)
            token = open(os.path.join(server.state_dir, "token")).read().strip()
            control = GavelControl(server.port, token, protocol)
            control.command("start")
            clients = LoadClients(f"ws://127.0.0.1:{server.port}/ws", n, a.processes, subprotocol=protocol)
            connected = clients.wait_connected()
            result["connect"] = connected
            log(f"  {connected['open']} connected in {connected['seconds']:.1f}s ({connected['failed']} failed)")
            time.sleep(2)
            held = memory(server.pid)

            acks = []

            # The daemon's clock against ours, so that the fan-out can also be timed from the
            # snapshot (after the journal's fsync), as the floor's is from its broadcast.
            offset, _, _ = control.clock_offset(samples=20)

            def command(i):
                sent, reply = control.command("next" if i % 2 == 0 else "previous")
                acks.append((time.time_ns() - sent) / 1e6)
                return sent, reply["seq"]

            def snapshot_ns(seq):
                server_time = control.state_time(seq)
                return None if server_time is None else (server_time - offset) * 1e6

            self.fanout(server, clients, n, f"{name}-fanout", command, result, snapshot_ns)
            result["ack_ms"] = summary(acks)
            result["state_bytes"] = int(statistics.median(control.state_sizes)) if control.state_sizes else None
            log(f"  state message {result['state_bytes']} bytes; command -> ack p50 {result['ack_ms']['p50']:.1f} ms")

            if not full:
                final = memory(server.pid)
                result["memory"] = {"idle_rss": idle["VmRSS"], "rss": final["VmRSS"], "hwm": final["VmHWM"],
                                    "per_connection": (final["VmRSS"] - idle["VmRSS"]) / n}
                result["client_stats"] = clients.stats()
                return result
            offset, uncertainty, rtt = control.clock_offset()
            result["clock"] = {"offset_ms": offset, "uncertainty_ms": uncertainty, "min_rtt_ms": rtt}
            clients.alerts()  # drop anything before the alert rounds
            for _ in range(a.alert_rounds):
                control.command("floorGrant", speaker="Benchmark Speaker", duration="3s")
                time.sleep(3.6)
                control.command("floorYield")
                time.sleep(0.4)
            arrivals = clients.alerts()
            # Arrival - instant: negative when the alert came ahead of its threshold (gaveld sends
            # it hello.alertLeadMs ahead); a display shows it at max(arrival, at).
            lateness = [(recv / 1e6 + offset) - at for at, _, recv in arrivals]
            result["alerts"] = {"count": len(arrivals), "alerts": len({at for at, _, _ in arrivals}),
                                "levels": sorted({level for _, level, _ in arrivals}),
                                "after_instant": sum(1 for x in lateness if x > 0),
                                "lead_ms": control.alert_lead_ms}
            result["alert_ms"] = summary(lateness)
            result["alert_shown_ms"] = summary([max(0.0, x) for x in lateness])
            result["alert_fired_late_ms"] = self.alert_firing_lateness(server.log_path)
            log(f"  alerts (sent {control.alert_lead_ms} ms ahead): {len(arrivals)} arrivals, arrival - instant "
                f"p50 {result['alert_ms']['p50']:.1f} p99 {result['alert_ms']['p99']:.1f} "
                f"max {result['alert_ms']['max']:.1f} ms, {result['alerts']['after_instant']} after the instant "
                f"(offset +/- {uncertainty:.2f} ms)")

            # The chair's remote in a room full of displays: its ack and state go out before the
            # displays' copies (Transport.writeAnswersFirst), not after them.
            if self.gavel and os.access(self.gavel, os.X_OK) and a.cli_loaded_runs:
                pause = 0.1 + 2 * result["fanout_ms"]["max"] / 1000
                result["cli_loaded"] = self.time_cli(server, a.cli_loaded_runs, pause=pause)
                time.sleep(1)  # the last command's fan-out ends before the idle window
                log(f"  gavel next with {n} displays: p50 {result['cli_loaded']['ms']['p50']:.1f} "
                    f"p99 {result['cli_loaded']['ms']['p99']:.1f} ms")

            self.idle_and_memory(server, clients, n, idle, held, result)
        finally:
            self.shut_down(clients, control, server)
        return result

    @staticmethod
    def shut_down(clients, control, server):
        """Closes the load clients, the control connection and the server under test."""
        if clients:
            clients.close()
        if control:
            control.close()
        server.stop()

    def fanout(self, server, clients, n, profile_name, send, result, snapshot_ns=None):
        """--commands broadcasts, one at a time: `send(i)` makes one and returns (sent_ns, seq);
        each waits until every subscriber holds `seq`. Fan-out latency = the last subscriber's
        arrival - sent; CPU per delivered message of the server and of the load clients. With
        `snapshot_ns(seq)` (gaveld: when it took the state's snapshot, on our clock), also the
        fan-out from the snapshot: the journal's fsync left out, as the peers have none."""
        a = self.args
        latencies, firsts, after_journal = [], [], []
        short = 0  # subscribers missing from a "held" (closed meanwhile): should stay 0
        profile = Profile(a.perf, profile_name, server.pid)
        cpu_before, clients_before = cpu_seconds(server.pid), clients.cpu_seconds()
        for i in range(a.commands):
            sent, seq = send(i)
            first, last, count = clients.wait_held(seq)
            short = max(short, n - count)
            latencies.append((last - sent) / 1e6)
            firsts.append((first - sent) / 1e6)
            snapshot = snapshot_ns(seq) if snapshot_ns else None
            if snapshot is not None:
                after_journal.append((last - snapshot) / 1e6)
            time.sleep(a.gap)
        result["fanout_cpu_us_per_message"] = {
            "server": 1e6 * (cpu_seconds(server.pid) - cpu_before) / (a.commands * n),
            "clients": 1e6 * (clients.cpu_seconds() - clients_before) / (a.commands * n)}
        profile.__exit__()
        result["fanout_ms"] = summary(latencies)
        result["fanout_first_ms"] = summary(firsts)
        if after_journal:
            result["fanout_after_journal_ms"] = summary(after_journal)
        result["fanout_missing_subscribers"] = short
        journal_out = ""
        if after_journal:
            journal_out = (f" (from the snapshot: p50 {result['fanout_after_journal_ms']['p50']:.1f} "
                           f"p99 {result['fanout_after_journal_ms']['p99']:.1f})")
        log(f"  fan-out p50 {result['fanout_ms']['p50']:.1f} p99 {result['fanout_ms']['p99']:.1f} "
            f"max {result['fanout_ms']['max']:.1f} ms{journal_out}; CPU per message: "
            f"server {result['fanout_cpu_us_per_message']['server']:.1f} us, "
            f"clients {result['fanout_cpu_us_per_message']['clients']:.1f} us")

    def idle_and_memory(self, server, clients, n, idle, held, result, window=True):
        """The idle CPU window (unless not `window`), then memory: RSS before any connection
        (`idle`), with all connected (`held`), after the fan-outs and at the end; per connection
        from the end."""
        after = memory(server.pid)
        result["cpu"] = self.cpu_window(server, clients) if window else None
        final = memory(server.pid)
        result["memory"] = {"idle_rss": idle["VmRSS"], "connected_rss": held["VmRSS"],
                            "after_fanout_rss": after["VmRSS"], "rss": final["VmRSS"], "hwm": final["VmHWM"],
                            "per_connection": (final["VmRSS"] - idle["VmRSS"]) / n}
        result["client_stats"] = clients.stats()
        log(f"  RSS {final['VmRSS'] / 1e6:.1f} MB (peak {final['VmHWM'] / 1e6:.1f}), "
            f"{result['memory']['per_connection'] / 1024:.1f} KiB/connection")

    @staticmethod
    def alert_firing_lateness(log_path):
        """gaveld logs how late each alert went out after it was due (gavel.late_ms; due = its instant
        less the alert lead): the timer's share."""
        values = []
        with open(log_path, errors="replace") as f:
            for line in f:
                if " alert " in line or "gaveld: alert" in line:
                    match = re.search(r"gavel\.late_ms=(-?\d+)", line)
                    if match:
                        values.append(int(match.group(1)))
        return summary(values) if values else None

    def cpu_window(self, server, clients):
        seconds = self.args.cpu_seconds
        if seconds <= 0:
            return None
        log(f"  CPU window: {seconds}s, idle")
        with Profile(self.args.perf, f"{server.name}-idle", server.pid):
            start_server, start_clients = cpu_seconds(server.pid), clients.cpu_seconds()
            started = time.monotonic()
            time.sleep(seconds)
            elapsed = time.monotonic() - started
            server_cpu = cpu_seconds(server.pid) - start_server
            client_cpu = clients.cpu_seconds() - start_clients
        result = {"seconds": elapsed, "server_cpu_s": server_cpu, "percent": 100 * server_cpu / elapsed,
                  "clients_percent": 100 * client_cpu / elapsed}
        pings = clients.stats()["pings"]
        result["pings_before_end"] = pings
        log(f"  CPU {result['percent']:.3f}% of a core over {elapsed:.0f}s (load clients {result['clients_percent']:.2f}%); "
            f"{pings} keepalive pings received so far")
        return result

    # MARK: Peers at N subscribers

    def peer_server(self, name, n):
        port = free_port()
        if name == "python-websockets":
            args = [PYTHON, os.path.join(BENCH, "peers", "websockets_peer.py"), str(port)]
        elif name in ("c-floor", "c-floor-2"):
            args = [self.args.floor, str(port), "2" if name == "c-floor-2" else "1"]
        else:
            args = [self.args.hummingbird, str(port)]
        return Server(f"{name}-{n}", args, port, self.workdir)

    def run_floor_pairs(self, sizes, rounds, plenary_sizes=()):
        """gaveld and the two-thread floor alternated, round after round (gaveld first in odd
        rounds, the floor first in even ones), each N measured by both within a minute, the floor
        at gaveld's own message size. The floor's speed drifts by a third within one run, and its
        main runs come half an hour after gaveld's: the rounds' ratios are the side-by-side ones.
        At `plenary_sizes`, each round also measures gaveld with the plenary agenda, between the
        two: its ratio to the floor, and to the eleven-item agenda, are side by side too (over
        gavel.v2 both agendas' state messages are the same size, so one floor serves both)."""
        pairs = {str(n): {"gaveld": [], "floor": []} for n in sizes}
        for n in plenary_sizes:
            if str(n) in pairs:
                pairs[str(n)]["plenary"] = []
        for number in range(rounds):
            for n in sizes:
                sides = pairs[str(n)]
                order = [side for side in ("gaveld", "plenary", "floor") if side in sides]
                for side in order if number % 2 == 0 else reversed(order):
                    log(f"gaveld against the floor, round {number + 1}/{rounds}, N={n}: {side}")
                    if side == "gaveld":
                        sides["gaveld"].append(self.run_gavel(n, pair=number + 1))
                    elif side == "plenary":
                        sides["plenary"].append(self.run_gavel(n, agenda="plenary", pair=number + 1))
                    else:
                        # The bytes of gaveld's state message: this round's, or the main table's.
                        seen = [r["state_bytes"] for r in sides["gaveld"] if r.get("state_bytes")]
                        size = seen[-1] if seen else self.results["gavel"].get(str(n), {}).get("state_bytes")
                        # The fan-out only, as gaveld's side: the idle window is the main table's.
                        sides["floor"].append(self.run_peer("c-floor-2", n, size or 860, window=False))
        return pairs

    def run_peer(self, name, n, size, window=True):
        a = self.args
        log(f"{name}, N={n}, {size}-byte messages")
        server = self.peer_server(name, n).start()
        result = {"n": n, "message_bytes": size}
        clients = None
        control = None
        try:
            time.sleep(0.5)
            idle = memory(server.pid)
            control = PeerControl(server.port)
            clients = LoadClients(f"ws://127.0.0.1:{server.port}/ws", n, a.processes, initial_seq=0)
            connected = clients.wait_connected()
            result["connect"] = connected
            log(f"  {connected['open']} connected in {connected['seconds']:.1f}s ({connected['failed']} failed)")
            time.sleep(2)
            held = memory(server.pid)

            def broadcast(i):
                return control.broadcast(stand_in(i + 1, size)), i + 1

            self.fanout(server, clients, n, f"{name}-{n}-fanout", broadcast, result)
            self.idle_and_memory(server, clients, n, idle, held, result, window)
        finally:
            self.shut_down(clients, control, server)
        return result

    # MARK: gavel next

    def run_cli(self):
        a = self.args
        if not self.gavel or not os.access(self.gavel, os.X_OK):
            log("gavel (the CLI) is not built: its row stays TODO")
            return {"todo": "gavel was not built"}
        log(f"gavel next/previous x{a.cli_runs}")
        server = self.gaveld_server("gaveld-cli").start()
        try:
            token_file = os.path.join(server.state_dir, "token")
            subprocess.run([self.gavel, "start", "--server", f"127.0.0.1:{server.port}", "--token-file", token_file],
                           check=True, capture_output=True, timeout=30)
            result = self.time_cli(server, a.cli_runs)
            log(f"  p50 {result['ms']['p50']:.1f} p99 {result['ms']['p99']:.1f} ms ({result['failures']} failed)")
            return result
        finally:
            server.stop()

    def time_cli(self, server, runs, pause=0.0):
        """`gavel next` / `previous` alternately, `runs` times: process start -> the printed
        acknowledgement (its line on standard output), and -> the process's exit (after it closed
        the WebSocket). `pause` seconds between runs (with displays connected: until the last
        fan-out is over, as a chair's presses are; one started during a fan-out waits for it to
        finish its round)."""
        common = ["--server", f"127.0.0.1:{server.port}", "--token-file", os.path.join(server.state_dir, "token")]
        printed, exited, failures, output = [], [], 0, None
        for i in range(runs):
            command = "next" if i % 2 == 0 else "previous"
            started = time.perf_counter_ns()
            process = subprocess.Popen([self.gavel, command] + common, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, text=True)
            line = process.stdout.readline()
            shown = time.perf_counter_ns()
            rest, errors = process.communicate(timeout=30)
            ended = time.perf_counter_ns()
            if process.returncode != 0:
                failures += 1
                output = errors.strip() or (line + rest).strip()
                continue
            output = output or line.strip()
            printed.append((shown - started) / 1e6)
            exited.append((ended - started) / 1e6)
            time.sleep(pause)
        return {"ms": summary(printed), "exit_ms": summary(exited), "failures": failures, "example_output": output}

    # MARK: Commands per second

    def run_commands_per_second(self):
        a = self.args
        log(f"commands per second, {a.cps_seconds}s sequential and {a.cps_seconds}s with {a.cps_clients} clients")
        # The per-connection inbound limit (50 messages/s, burst 200, for hostile clients) would
        # close a client that sends faster: lifted for this measurement only.
        env = {"GAVEL_MESSAGE_RATE": "1000000", "GAVEL_MESSAGE_BURST": "1000000"}
        server = self.gaveld_server("gaveld-cps", env=env).start()
        try:
            token = open(os.path.join(server.state_dir, "token")).read().strip()
            control = GavelControl(server.port, token)
            control.command("start")
            control.close()
            result = {}
            for label, clients in (("sequential", 1), ("concurrent", a.cps_clients)):
                start_cpu = cpu_seconds(server.pid)
                count, latencies, elapsed = asyncio.run(
                    command_load(server.port, token, clients, a.cps_seconds))
                result[label] = {"clients": clients, "commands": count, "seconds": elapsed,
                                 "per_second": count / elapsed, "latency_ms": summary(latencies),
                                 "server_cpu_percent": 100 * (cpu_seconds(server.pid) - start_cpu) / elapsed}
                log(f"  {label}: {count / elapsed:.0f} commands/s "
                    f"(p50 {result[label]['latency_ms']['p50']:.2f} ms, "
                    f"server CPU {result[label]['server_cpu_percent']:.0f}%)")
            result["journal_bytes"] = journal_size(server.state_dir)
            return result
        finally:
            server.stop()

    # MARK: Journal replay

    def run_replay(self):
        a = self.args
        result = {}
        base = None
        for events in [0] + a.replay_events:
            log(f"journal replay, {events} events")
            state = os.path.join(self.workdir, f"replay-{events}")
            port = free_port()
            server = self.gaveld_server(f"gaveld-replay-{events}", state_dir=state, port=port).start()
            server.stop()
            written = write_journal(os.path.join(state, "journal.sqlite"), events) if events else 0
            times = []
            expected = None
            for _ in range(a.replay_runs):
                server = self.gaveld_server(f"gaveld-replay-{events}", state_dir=state, port=port)
                started = time.perf_counter_ns()
                server.start_time = started
                server.log = open(server.log_path, "ab")
                server.process = subprocess.Popen(server.args, stdout=server.log, stderr=subprocess.STDOUT,
                                                  env=server.env, cwd=self.workdir)
                poll_ready(port, server.process)
                times.append((time.perf_counter_ns() - started) / 1e6)
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/state", timeout=30) as response:
                    state_message = json.loads(response.read())
                server.stop()
                expected = {"seq": state_message["seq"], "phase": state_message["meeting"]["phase"],
                            "item": (state_message.get("item") or {}).get("id")}
            entry = {"events": events, "written": written, "ready_ms": summary(times), "state": expected,
                     "journal_bytes": journal_size(state)}
            if events == 0:
                base = entry
                result["baseline"] = entry
            else:
                entry["replay_ms"] = entry["ready_ms"]["p50"] - base["ready_ms"]["p50"]
                result[str(events)] = entry
            log(f"  ready in {entry['ready_ms']['p50']:.0f} ms (median of {a.replay_runs}); "
                f"state seq {expected['seq']}, {expected['phase']}")
        return result

    # MARK: The whole run

    def run(self):
        a = self.args
        self.results["machine"] = machine()
        self.results["config"] = {k: v for k, v in vars(a).items()}
        self.results["load_at_start"] = os.getloadavg()
        try:
            for n in a.sizes:
                self.results["gavel"][str(n)] = self.run_gavel(n)
            # gaveld with another number of service threads (one: how every run before stop 32
            # measured the main tables), the same fan-out, the same run.
            if a.compare_threads:
                for n in a.sizes:
                    self.results.setdefault("gavel-threads", {})[str(n)] = self.run_gavel(n, threads=a.compare_threads)
            # Direct fan-out writes against gaveld writing every copy from lws's WRITEABLE callback,
            # as it did until stop 32, in the same run.
            if a.compare_writes:
                for n in a.sizes:
                    self.results.setdefault("gavel-polled", {})[str(n)] = self.run_gavel(n, writes="polled")
            for n in a.plenary_sizes:
                plenary = self.run_gavel(n, agenda="plenary")
                self.results["plenary"].setdefault("gavel", {})[str(n)] = plenary
                # Before and after gavel.v2, in the same run: the plenary over gavel.v1.
                if a.protocol != "gavel.v1" and not a.quick:
                    self.results["plenary"].setdefault("gavel-v1", {})[str(n)] = self.run_gavel(
                        n, agenda="plenary", protocol="gavel.v1")
                # The floor at the plenary's own message size: what those bytes cost at the least.
                if not a.no_peers and a.floor and os.access(a.floor, os.X_OK) and plenary.get("state_bytes"):
                    for floor in ("c-floor", "c-floor-2"):
                        self.results["plenary"].setdefault(floor, {})[str(n)] = self.run_peer(
                            floor, n, plenary["state_bytes"])
            if not a.quick and not a.no_peers:
                for n in a.sizes:
                    size = self.results["gavel"][str(n)]["state_bytes"]
                    for peer in ("python-websockets", "hummingbird", "c-floor", "c-floor-2"):
                        binary = {"hummingbird": a.hummingbird, "c-floor": a.floor, "c-floor-2": a.floor}.get(peer)
                        if peer != "python-websockets" and not (binary and os.access(binary, os.X_OK)):
                            continue
                        self.results["peers"].setdefault(peer, {})[str(n)] = self.run_peer(peer, n, size)
                if a.floor_rounds and a.floor and os.access(a.floor, os.X_OK):
                    self.results["floor_pairs"] = self.run_floor_pairs(a.sizes, a.floor_rounds, a.plenary_sizes)
            self.results["other"]["cli"] = self.run_cli()
            self.results["other"]["commands"] = self.run_commands_per_second()
            if a.replay_runs > 0:
                self.results["other"]["replay"] = self.run_replay()
        finally:
            self.results["finished"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
            self.results["load_at_end"] = os.getloadavg()
            if not a.keep:
                shutil.rmtree(self.workdir, ignore_errors=True)
        return self.results


async def command_load(port, token, clients, seconds):
    """`clients` WebSockets each sending commands back to back (send -> ack) for `seconds`:
    extend 1s / trim 1s alternately, which are always valid while the item runs."""
    from websockets.asyncio.client import connect as aconnect

    latencies = []
    count = 0
    deadline = time.monotonic() + seconds

    async def one(index):
        nonlocal count
        async with aconnect(f"ws://127.0.0.1:{port}/ws", subprotocols=["gavel.v2"], max_size=None,
                            additional_headers={"Authorization": f"Bearer {token}"}) as ws:
            i = 0
            while time.monotonic() < deadline:
                identifier = f"c{index}-{i}"
                command = {"type": "command", "id": identifier,
                           "command": "extend" if i % 2 == 0 else "trim", "duration": "1s"}
                started = time.perf_counter_ns()
                await ws.send(json.dumps(command))
                while True:
                    message = json.loads(await ws.recv())
                    if message.get("id") == identifier and message["type"] in ("ack", "error"):
                        break
                if message["type"] != "ack":
                    raise RuntimeError(f"command refused: {message}")
                latencies.append((time.perf_counter_ns() - started) / 1e6)
                count += 1
                i += 1

    started = time.monotonic()
    await asyncio.gather(*(one(i) for i in range(clients)))
    return count, latencies, time.monotonic() - started


def journal_size(state_dir):
    return sum(os.path.getsize(os.path.join(state_dir, f)) for f in os.listdir(state_dir)
               if f.startswith("journal"))


def poll_ready(port, process, timeout=120):
    """GET /healthz over a raw socket every millisecond until it answers 200."""
    request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gaveld exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(request)
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.001)
    raise RuntimeError("gaveld did not become ready")


def write_journal(path, total_events):
    """Appends commands to the (started-less) meeting gaveld created, as gaveld itself writes them
    (Sources/GavelJournal: events with typed columns, one commands row per command), until the
    meeting has `total_events` events. The meeting starts an hour ago, one event per 10 ms, cycling
    through a chair's usual commands: floor grant, extend, yield, item extend, message, next and
    previous."""
    db = sqlite3.connect(path)
    meeting, created = db.execute("SELECT id, created_at_ms FROM meetings ORDER BY id DESC LIMIT 1").fetchone()
    existing = db.execute("SELECT count(*) FROM events WHERE meeting_id = ?", (meeting,)).fetchone()[0]
    if existing:
        raise RuntimeError("write_journal expects a meeting with no events")
    start = created - 3_600_000
    plan_date = datetime.datetime.fromtimestamp(start / 1000, datetime.timezone.utc).date().isoformat()
    wall = int(time.time() * 1000)
    mono = time.clock_gettime_ns(time.CLOCK_BOOTTIME)
    columns = ("meeting_id, command_id, kind, at_ms, wall_ms, mono_ns, item, amount_ms, name, entry_id, "
               "to_index, text, plan_date, agenda")
    insert = f"INSERT INTO events ({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    at = start
    item = 0
    count = 0

    def event(command, kind, item_index=None, amount=None, name=None, text=None, plan=None):
        nonlocal count, at
        db.execute(insert, (meeting, command, kind, at, wall, mono, item_index, amount, name, None, None,
                            text, plan, None))
        count += 1
        at += 10

    cycle = ["floorGrant", "floorExtend", "floorYield", "extend", "showMessage", "clearMessage", "next", "previous"]
    db.execute("BEGIN")
    command_index = 0
    first = str(uuid.uuid4())
    event(first, "meetingStarted", plan=plan_date)
    event(first, "itemStarted", item_index=0)
    db.execute("UPDATE meetings SET started_at_ms = ? WHERE id = ?", (start, meeting))
    db.execute("INSERT INTO commands (id, meeting_id, received_at_ms, last_seq) VALUES (?, ?, ?, last_insert_rowid())",
               (first, meeting, start))
    while count < total_events:
        name = cycle[command_index % len(cycle)]
        command_index += 1
        command = str(uuid.uuid4())
        received = at
        if name == "floorGrant":
            event(command, "floorGranted", amount=180_000, name=f"Speaker {command_index % 97}")
        elif name == "floorExtend":
            event(command, "floorAdjusted", amount=30_000)
        elif name == "floorYield":
            event(command, "floorYielded")
        elif name == "extend":
            event(command, "itemAdjusted", item_index=item, amount=60_000)
        elif name == "showMessage":
            event(command, "messageShown", text="Please silence your phones")
        elif name == "clearMessage":
            event(command, "messageCleared")
        elif name in ("next", "previous"):
            if count + 2 > total_events:
                event(command, "floorGranted", amount=180_000, name="Last speaker")
            else:
                event(command, "itemEnded", item_index=item)
                item = item + 1 if name == "next" else item - 1
                event(command, "itemStarted", item_index=item)
        db.execute("INSERT INTO commands (id, meeting_id, received_at_ms, last_seq) "
                   "VALUES (?, ?, ?, last_insert_rowid())", (command, meeting, received))
    db.execute("COMMIT")
    db.close()
    return count


# MARK: - The machine

def machine():
    def run(*args):
        try:
            return subprocess.run(args, capture_output=True, text=True, timeout=20).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""

    lscpu = run("lscpu")
    fields = dict(line.split(":", 1) for line in lscpu.splitlines() if ":" in line)
    memory_total = ""
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                memory_total = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    os_release = ""
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as f:
            os_release = dict(line.rstrip().split("=", 1) for line in f if "=" in line).get("PRETTY_NAME", "").strip('"')
    def version(module):
        # picows and uvloop serve only the Python load client: a run with the C one (compare.py
        # by hand, without Scripts/bench's set-up) may not have them.
        try:
            return getattr(__import__(module), "__version__", "")
        except ImportError:
            return "not installed"

    return {
        "cpu": fields.get("Model name", "").strip(),
        "cpus": fields.get("CPU(s)", "").strip(),
        "threads_per_core": fields.get("Thread(s) per core", "").strip(),
        "mhz": fields.get("CPU MHz", fields.get("CPU max MHz", "")).strip(),
        "hypervisor": fields.get("Hypervisor vendor", "").strip(),
        "kernel": platform.release(),
        "os": os_release,
        "memory": memory_total,
        "swift": run("swift", "--version").splitlines()[0] if run("swift", "--version") else "",
        "libwebsockets": run("dpkg-query", "-W", "-f=${Version}", "libwebsockets-dev"),
        "python": platform.python_version(),
        "picows": version("picows"),
        "uvloop": version("uvloop"),
        "websockets": version("websockets"),
        "open_files": run("bash", "-c", "ulimit -n"),
        "somaxconn": open("/proc/sys/net/core/somaxconn").read().strip(),
    }


def parser():
    """Bench's options (Benchmarks/compare.py takes its defaults from here too)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="the 10-second smoke: N=200, no peers, no CPU window")
    parser.add_argument("--gaveld", default=os.path.join(ROOT, ".build", "release", "gaveld"))
    parser.add_argument("--gavel", default=os.path.join(ROOT, ".build", "release", "gavel"))
    parser.add_argument("--hummingbird", default=os.path.join(
        BENCH, "peers", "hummingbird-peer", ".build", "release", "HummingbirdPeer"))
    parser.add_argument("--floor", default=os.path.join(BENCH, ".build", "floor_peer"),
                        help="the floor: Benchmarks/peers/floor_peer.c, one send() per subscriber")
    parser.add_argument("--protocol", choices=("gavel.v2", "gavel.v1"), default="gavel.v2",
                        help="what the subscribers and the chair speak (the plenary is also measured over gavel.v1)")
    parser.add_argument("--compare-threads", type=int, default=None,
                        help="also measure gaveld's fan-out with this many service threads (default: 1, "
                             "none with --quick; 0: not)")
    parser.add_argument("--compare-writes", action=argparse.BooleanOptionalAction, default=None,
                        help="also measure gaveld writing every copy from lws's WRITEABLE callback "
                             "(GAVEL_FANOUT_WRITES=polled), the same run (default: on, off with --quick)")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[1000, 5000, 10000])
    parser.add_argument("--plenary-sizes", type=lambda s: [int(x) for x in s.split(",") if x],
                        help="N for the plenary agenda's fan-out (60 items, a speaker each; default: --sizes; "
                             "'' skips it)")
    parser.add_argument("--client", choices=("c", "picows"), default="c",
                        help="load client: c (Benchmarks/loadclient.c, epoll) or picows (loadclient.py)")
    parser.add_argument("--client-binary", default=os.path.join(BENCH, ".build", "loadclient"))
    parser.add_argument("--processes", type=int, default=2, help="load-client processes")
    # 200: a p99 of 60 samples is the largest but one, so one hiccup of the shared machine decides it.
    parser.add_argument("--commands", type=int, default=200, help="commands (broadcasts) per fan-out measurement")
    parser.add_argument("--gap", type=float, default=0.05, help="pause between commands, seconds")
    parser.add_argument("--alert-rounds", type=int, default=3, help="3-second floor grants (3 alerts each)")
    parser.add_argument("--cpu-seconds", type=float, default=60)
    parser.add_argument("--cli-runs", type=int, default=200)
    parser.add_argument("--cli-loaded-runs", type=int, default=100,
                        help="gavel next runs with the N subscribers connected (0: none)")
    parser.add_argument("--cps-seconds", type=float, default=10)
    parser.add_argument("--cps-clients", type=int, default=4)
    parser.add_argument("--replay-events", type=lambda s: [int(x) for x in s.split(",")], default=[10_000, 100_000])
    parser.add_argument("--replay-runs", type=int, default=5)
    parser.add_argument("--no-peers", action="store_true")
    # Five: with three, the median of the rounds' ratios moved by a fifth from one run to the next
    # at the same N (stop 38), as much as was left between gaveld and the 1.15 target. Each round
    # adds about 3.5 minutes.
    parser.add_argument("--floor-rounds", type=int, default=5,
                        help="rounds of gaveld and the two-thread floor alternated at each N, for the "
                             "ratios to the floor (0: none; none with --quick or --no-peers)")
    parser.add_argument("--json", help="write the raw results here")
    parser.add_argument("--markdown", help="write the report here (default: docs/benchmarks.md; --quick: none)")
    parser.add_argument("--gaveld-env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment for gaveld (experiments, e.g. GAVEL_PING_INTERVAL=3600)")
    parser.add_argument("--syscalls", action="store_true",
                        help="with --perf: count each server's system calls (strace -c) instead of sampling")
    parser.add_argument("--perf", help="record a perf profile of each server's fan-out into this folder")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs, journals)")
    return parser


def main():
    args = parser().parse_args()
    if args.compare_writes is None:
        args.compare_writes = not args.quick
    Profile.syscalls = args.syscalls
    if args.compare_threads is None:
        args.compare_threads = 0 if args.quick else 1
    if args.plenary_sizes is None:
        args.plenary_sizes = [200] if args.quick else list(args.sizes)
    if args.quick:
        args.sizes = [200]
        args.commands = 5
        args.alert_rounds = 1
        args.cpu_seconds = 0
        args.cli_runs = 10
        args.cli_loaded_runs = 5
        args.cps_seconds = 1
        args.cps_clients = 2
        args.replay_events = [1000]
        args.replay_runs = 1
        args.processes = min(args.processes, 2)

    if args.client == "c" and not os.access(args.client_binary, os.X_OK):
        log(f"{args.client_binary} is not built: using the picows load client")
        args.client = "picows"
    LOAD_CLIENT.update(kind=args.client, binary=args.client_binary)
    import report

    results = Bench(args).run()
    os.makedirs(os.path.join(BENCH, "results"), exist_ok=True)
    json_path = args.json or os.path.join(
        BENCH, "results", ("quick" if args.quick else "full") + "-" + time.strftime("%Y%m%d-%H%M%S") + ".json")
    with open(json_path, "w") as f:
        json.dump(results, f, indent=1)
    log(f"raw results: {json_path}")
    text = report.render(results, command=" ".join(["Scripts/bench"] + sys.argv[1:]))
    print(text)
    markdown = args.markdown or (None if args.quick else os.path.join(ROOT, "docs", "benchmarks.md"))
    if markdown:
        with open(markdown, "w") as f:
            f.write(text)
        log(f"wrote {markdown}")


if __name__ == "__main__":
    main()
