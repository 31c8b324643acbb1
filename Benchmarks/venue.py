"""A venue on one PostgreSQL (issue 24): R rooms, each with its own gaveld (`--room`) and N displays,
all journaling to one database, and the venue overview that every gaveld serves.

    Scripts/bench --venue                 20 rooms x 500 displays (10,000 in all), then the rest
    Scripts/bench --venue --rooms 4 --displays 50 --commands 40      a short run

Measures, in one run on this machine (the load clients and PostgreSQL share its cores):

  overview     a command in room k -> the `venue` topic, on a subscriber of another room's gaveld,
               shows room k's new summary (p50 / p99 over --commands commands, rooms in turn);
               the path is the journal's commit, the summary's upsert and NOTIFY, the other gaveld's
               LISTEN and read, and its fan-out of the topic
  fan-out      the same commands: command -> the state on the last of the room's N displays
  commands/s   one room's commands per second, back to back (one client, then --cps-clients), with
               its journal in PostgreSQL and, the same run, in SQLite; then every room at once on
               PostgreSQL (per room, and the venue's total)
  memory/CPU   each gaveld's RSS with its displays, and the rooms' CPU per delivered message

Writes the report to --markdown (default docs/benchmarks-venue.md) and the raw figures to --json.
Needs a PostgreSQL URL (--postgres, or GAVEL_TEST_POSTGRES_URL, which `Scripts/bench --venue` sets
by starting a throwaway cluster, Scripts/lib/postgres.sh).
"""
import argparse
import asyncio
import datetime
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
from bench import (GavelControl, LoadClients, Server, command_load, cpu_seconds, log, memory,  # noqa: E402
                   summary)

from websockets.sync.client import connect  # noqa: E402


class VenueWatcher:
    """A `venue` topic subscriber: for each room, when each summary seq arrived (our clock, ns)."""

    def __init__(self, port):
        self.ws = connect(f"ws://127.0.0.1:{port}/ws?topics=venue", subprotocols=["gavel.v2"],
                          max_size=None, max_queue=None, open_timeout=30)
        self.seen = {}  # room -> {seq: first arrival ns}
        self.messages = 0
        self.bytes = 0
        self.condition = threading.Condition()
        self.closed = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        try:
            for raw in self.ws:
                arrived = time.time_ns()
                message = json.loads(raw)
                if message.get("type") != "venue":
                    continue
                with self.condition:
                    self.messages += 1
                    self.bytes += len(raw if isinstance(raw, bytes) else raw.encode())
                    for room in message.get("rooms", []):
                        seq = (room.get("status") or {}).get("seq")
                        if seq is not None:
                            self.seen.setdefault(room["room"], {}).setdefault(seq, arrived)
                    self.condition.notify_all()
        except Exception:
            pass
        finally:
            with self.condition:
                self.closed = True
                self.condition.notify_all()

    def wait_for(self, room, seq, timeout=30):
        """When the overview first showed `room` at `seq` or later (ns), or None."""
        deadline = time.time() + timeout
        with self.condition:
            while True:
                times = [t for s, t in self.seen.get(room, {}).items() if s >= seq]
                if times:
                    return min(times)
                remaining = deadline - time.time()
                if remaining <= 0 or self.closed:
                    return None
                self.condition.wait(remaining)

    def rooms(self):
        with self.condition:
            return sorted(self.seen)

    def close(self):
        try:
            self.ws.close()
        except Exception:
            pass


class Venue:
    def __init__(self, args):
        self.args = args
        self.workdir = tempfile.mkdtemp(prefix="gavel-venue-bench-")
        self.agenda = os.path.join(self.workdir, "agenda.json")
        with open(self.agenda, "w") as f:
            json.dump(bench.bench_agenda(), f)
        self.results = {"started": now_iso(), "argv": sys.argv[1:],
                        "config": {k: v for k, v in vars(args).items() if k != "postgres"},
                        "machine": bench.machine(), "load_at_start": os.getloadavg()}

    def database(self, name):
        """A fresh database `name` beside the given URL's, and its URL."""
        import subprocess
        url = urllib.parse.urlsplit(self.args.postgres)
        host, port, user = url.hostname or "127.0.0.1", str(url.port or 5432), url.username or "postgres"
        env = dict(os.environ, PGPASSWORD=urllib.parse.unquote(url.password or ""))
        for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", "-h", host, "-p", port, "-U", user, "-d", url.path.lstrip("/") or user,
                            "-v", "ON_ERROR_STOP=1", "-q", "-c", statement], check=True, env=env)
        return urllib.parse.urlunsplit(url._replace(path="/" + name))

    def gaveld(self, name, journal=None, room=None, env=None):
        port = bench.free_port()
        state = os.path.join(self.workdir, f"{name}-state")
        args = [self.args.gaveld, "--listen", f"127.0.0.1:{port}", "--state-dir", state, "--agenda", self.agenda,
                "--stall-timeout", "3600", "--max-connections", str(self.args.displays + 500)]
        if journal:
            args += ["--journal", journal]
        if room:
            args += ["--room", room]
        server = Server(name, args, port, self.workdir, env=env)
        server.state_dir = state
        return server.start()

    @staticmethod
    def token(server):
        with open(os.path.join(server.state_dir, "token")) as f:
            return f.read().strip()

    # MARK: Rooms, displays, the overview

    def run_rooms(self):
        a = self.args
        url = self.database("gavel_venue_bench")
        names = [f"room-{i + 1:02d}" for i in range(a.rooms)]
        servers, clients, controls = [], [], []
        result = {"rooms": a.rooms, "displays_per_room": a.displays}
        watcher = None
        try:
            log(f"{a.rooms} rooms on PostgreSQL, one gaveld each")
            for name in names:
                servers.append(self.gaveld(name, journal=url, room=name))
            idle = [memory(s.pid)["VmRSS"] for s in servers]
            for server in servers:
                control = GavelControl(server.port, self.token(server))
                control.command("start")
                controls.append(control)
            log(f"{a.displays} displays on each ({a.rooms * a.displays} in all)")
            started = time.time()
            for server in servers:
                clients.append(LoadClients(f"ws://127.0.0.1:{server.port}/ws", a.displays, a.processes,
                                           subprotocol="gavel.v2"))
            connected = [c.wait_connected() for c in clients]
            result["connect"] = {"open": sum(c["open"] for c in connected),
                                 "failed": sum(c["failed"] for c in connected),
                                 "seconds": time.time() - started}
            log(f"  {result['connect']['open']} connected ({result['connect']['failed']} failed) "
                f"in {result['connect']['seconds']:.1f}s")
            # The overview is watched on the first room's gaveld; commands go to every other room in
            # turn, so each measured update crosses PostgreSQL from one gaveld to another.
            watcher = VenueWatcher(servers[0].port)
            deadline = time.time() + 30
            while len(watcher.rooms()) < a.rooms and time.time() < deadline:
                time.sleep(0.1)
            result["overview_rooms_seen"] = len(watcher.rooms())
            log(f"  the overview on {names[0]}'s gaveld shows {len(watcher.rooms())} rooms")
            time.sleep(1)
            targets = list(range(1, a.rooms)) or [0]
            overview, fanout, acks, missing = [], [], [], 0
            cpu_before = [cpu_seconds(s.pid) for s in servers]
            for i in range(a.commands):
                k = targets[i % len(targets)]
                sent, reply = controls[k].command("next" if (i // len(targets)) % 2 == 0 else "previous")
                acks.append((time.time_ns() - sent) / 1e6)
                seq = reply["seq"]
                _, last, _ = clients[k].wait_held(seq)
                fanout.append((last - sent) / 1e6)
                shown = watcher.wait_for(names[k], seq)
                if shown is None:
                    missing += 1
                else:
                    overview.append((shown - sent) / 1e6)
                time.sleep(a.gap)
            cpu = sum(cpu_seconds(s.pid) - b for s, b in zip(servers, cpu_before))
            result["overview_ms"] = summary(overview)
            result["overview_missing"] = missing
            result["fanout_ms"] = summary(fanout)
            result["ack_ms"] = summary(acks)
            result["venue_messages"] = watcher.messages
            result["venue_bytes_per_message"] = watcher.bytes / watcher.messages if watcher.messages else None
            result["cpu_us_per_delivered_message"] = 1e6 * cpu / (a.commands * a.displays)
            rss = [memory(s.pid)["VmRSS"] for s in servers]
            result["memory"] = {"idle_rss_median": statistics.median(idle), "rss_median": statistics.median(rss),
                                "rss_max": max(rss), "rss_total": sum(rss)}
            log(f"  command -> overview p50 {result['overview_ms']['p50']:.1f} p99 {result['overview_ms']['p99']:.1f} ms "
                f"({missing} not shown); fan-out to the room's {a.displays} p50 {result['fanout_ms']['p50']:.1f} "
                f"p99 {result['fanout_ms']['p99']:.1f} ms; ack p50 {result['ack_ms']['p50']:.1f} ms")

            # Every room's commands at once, on the shared database, displays still connected.
            log(f"commands per second, every room at once for {a.cps_seconds}s")
            for control in controls:
                control.close()
            controls = []
            env_note = "the inbound limit is lifted for this measurement (GAVEL_MESSAGE_RATE)"
            result["all_rooms_cps"] = self.all_rooms_at_once(servers)
            result["all_rooms_cps"]["note"] = env_note
        finally:
            if watcher:
                watcher.close()
            for control in controls:
                control.close()
            for c in clients:
                c.close()
            for s in servers:
                s.stop()
        return result

    def all_rooms_at_once(self, servers):
        a = self.args

        async def everyone():
            return await asyncio.gather(*(command_load(s.port, self.token(s), 1, a.cps_seconds) for s in servers))

        outcomes = asyncio.run(everyone())
        per_room = [count / elapsed for count, _, elapsed in outcomes]
        latencies = [x for _, lat, _ in outcomes for x in lat]
        result = {"per_room": summary(per_room), "total_per_second": sum(per_room), "latency_ms": summary(latencies)}
        log(f"  per room p50 {result['per_room']['p50']:.0f} commands/s, the venue {result['total_per_second']:.0f}/s, "
            f"command -> ack p50 {result['latency_ms']['p50']:.1f} p99 {result['latency_ms']['p99']:.1f} ms")
        return result

    # MARK: One room, PostgreSQL against SQLite

    def run_one_room(self):
        a = self.args
        url = self.database("gavel_venue_cps")
        # The per-connection inbound limit (50 messages/s) would close a client sending faster.
        env = {"GAVEL_MESSAGE_RATE": "1000000", "GAVEL_MESSAGE_BURST": "1000000"}
        result = {}
        for backend in ("postgresql", "sqlite"):
            log(f"commands per second, one room, journal in {backend}")
            server = self.gaveld(f"cps-{backend}", journal=url if backend == "postgresql" else None,
                                 room="cps" if backend == "postgresql" else None, env=env)
            try:
                control = GavelControl(server.port, self.token(server))
                control.command("start")
                control.close()
                result[backend] = {}
                for label, clients in (("sequential", 1), ("concurrent", a.cps_clients)):
                    count, latencies, elapsed = asyncio.run(command_load(server.port, self.token(server), clients,
                                                                         a.cps_seconds))
                    result[backend][label] = {"clients": clients, "per_second": count / elapsed,
                                              "latency_ms": summary(latencies)}
                    log(f"  {label}: {count / elapsed:.0f} commands/s (p50 "
                        f"{result[backend][label]['latency_ms']['p50']:.2f} ms, p99 "
                        f"{result[backend][label]['latency_ms']['p99']:.2f} ms)")
            finally:
                server.stop()
        return result

    def run(self):
        try:
            if self.args.rooms > 0:
                self.results["venue"] = self.run_rooms()
            self.results["one_room"] = self.run_one_room()
        finally:
            self.results["finished"] = now_iso()
            self.results["load_at_end"] = os.getloadavg()
            if not self.args.keep:
                shutil.rmtree(self.workdir, ignore_errors=True)
        return self.results


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def report(results):
    def ms(x):
        return "–" if x is None else f"{x:,.1f} ms"

    out = ["# Venue benchmark", "",
           "Written by `Scripts/bench --venue` (Benchmarks/venue.py); do not edit the figures by hand. One run on "
           "the machine below: every gaveld, PostgreSQL and the load clients share its cores.", ""]
    m = results.get("machine", {})
    out += ["|  |  |", "|---|---|",
            f"| date (UTC) | {results['started']} to {results.get('finished', '?')} |",
            f"| CPU | {m.get('cpu')} — {m.get('cpus')} CPUs |",
            f"| toolchain | {m.get('swift')}; libwebsockets {m.get('libwebsockets')} |",
            "| load average at start / end | " + ", ".join(f"{x:.2f}" for x in results["load_at_start"]) + " / "
            + ", ".join(f"{x:.2f}" for x in results.get("load_at_end", [])) + " |",
            f"| options | `{' '.join(results.get('argv') or []) or '(defaults)'}` |", ""]
    v = results.get("venue")
    if v:
        out += [f"## {v['rooms']} rooms × {v['displays_per_room']} displays on one PostgreSQL", "",
                "One gaveld per room (`--journal postgresql://… --room room-NN`), its displays on gavel.v2. The "
                "overview is watched on room-01's gaveld (`/ws?topics=venue`); commands (`next`, `previous`) go to "
                "the other rooms in turn, so each update crosses the database from one gaveld to another.", "",
                "| | p50 | p99 | max |", "|---|---:|---:|---:|"]
        for label, key in (("command → the overview on another room's gaveld", "overview_ms"),
                           ("command → the last of the room's displays", "fanout_ms"),
                           ("command → ack (PostgreSQL committed)", "ack_ms")):
            s = v.get(key) or {}
            out.append(f"| {label} | {ms(s.get('p50'))} | {ms(s.get('p99'))} | {ms(s.get('max'))} |")
        out += ["", "| | |", "|---|---:|",
                f"| displays connected (open / failed) | {v['connect']['open']:,} / {v['connect']['failed']:,} |",
                f"| rooms on the overview | {v['overview_rooms_seen']} of {v['rooms']} |",
                f"| updates not shown on the overview within 30 s | {v['overview_missing']} |",
                f"| overview message (all rooms), mean | {v['venue_bytes_per_message'] or 0:,.0f} bytes |",
                f"| gaveld CPU per delivered display message (all rooms) | {v['cpu_us_per_delivered_message']:.1f} µs |",
                f"| gaveld RSS, median / largest / all rooms | {v['memory']['rss_median'] / 1e6:.1f} / "
                f"{v['memory']['rss_max'] / 1e6:.1f} / {v['memory']['rss_total'] / 1e6:,.1f} MB |"]
        c = v.get("all_rooms_cps")
        if c:
            out.append(f"| every room at once: commands/s per room, p50 (the venue's total) | "
                       f"{c['per_room']['p50']:.0f} ({c['total_per_second']:.0f}) |")
            out.append(f"| every room at once: command → ack p50 / p99 | {ms(c['latency_ms']['p50'])} / "
                       f"{ms(c['latency_ms']['p99'])} |")
        out += ["", "\"Every room at once\" is every room sending commands back to back, one client each, with its "
                "displays connected: each command is also a fan-out to the room's displays and a new summary that "
                "every gaveld reads back for its overview, all on the same cores as the load clients and "
                "PostgreSQL. The CPU per delivered message counts all of it over the measured commands, the "
                "overview's refresh in every gaveld included."]
        out.append("")
    one = results.get("one_room")
    if one:
        out += ["## One room: commands per second, PostgreSQL against SQLite", "",
                "Commands back to back (send → ack), `extend 1s` and `trim 1s` alternately, the same build and "
                "run; a command is acknowledged once its journal transaction is durable (PostgreSQL's COMMIT with "
                "`synchronous_commit = on` on the same machine; SQLite's fsync in WAL mode).", "",
                "| clients | PostgreSQL commands/s | SQLite commands/s | PostgreSQL ÷ SQLite | ack p50 / p99, PostgreSQL "
                "| ack p50 / p99, SQLite |", "|---|---:|---:|---:|---:|---:|"]
        for label in ("sequential", "concurrent"):
            p, s = one["postgresql"][label], one["sqlite"][label]
            out.append(f"| {p['clients']} | {p['per_second']:.0f} | {s['per_second']:.0f} | "
                       f"{p['per_second'] / s['per_second']:.2f} | {ms(p['latency_ms']['p50'])} / "
                       f"{ms(p['latency_ms']['p99'])} | {ms(s['latency_ms']['p50'])} / {ms(s['latency_ms']['p99'])} |")
        out.append("")
    return "\n".join(out) + "\n"


def parser():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--postgres", default=os.environ.get("GAVEL_TEST_POSTGRES_URL"),
                   help="a PostgreSQL URL whose server the benchmark may create databases on")
    p.add_argument("--gaveld", default=os.path.join(bench.ROOT, ".build", "release", "gaveld"))
    p.add_argument("--rooms", type=int, default=20, help="rooms, one gaveld each (0: only the one-room figures)")
    p.add_argument("--displays", type=int, default=500, help="display subscribers per room")
    p.add_argument("--processes", type=int, default=1, help="load-client processes per room")
    p.add_argument("--commands", type=int, default=200, help="commands measured, spread over the rooms")
    p.add_argument("--gap", type=float, default=0.05, help="pause between commands, seconds")
    p.add_argument("--cps-seconds", type=float, default=10)
    p.add_argument("--cps-clients", type=int, default=4)
    p.add_argument("--client-binary", default=os.path.join(bench.BENCH, ".build", "loadclient"))
    p.add_argument("--json", help="write the raw results here")
    p.add_argument("--markdown", default=os.path.join(bench.ROOT, "docs", "benchmarks-venue.md"))
    p.add_argument("--keep", action="store_true", help="keep the work folder (logs)")
    p.add_argument("--report", metavar="JSON", help="only write the report of an earlier run's --json")
    return p


def main():
    args = parser().parse_args()
    if args.report:
        with open(args.report) as f:
            text = report(json.load(f))
        with open(args.markdown, "w") as f:
            f.write(text)
        print(text)
        return
    if not args.postgres:
        sys.exit("no PostgreSQL: pass --postgres URL or set GAVEL_TEST_POSTGRES_URL (Scripts/bench --venue does)")
    bench.LOAD_CLIENT.update({"kind": "c", "binary": args.client_binary})
    results = Venue(args).run()
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    text = report(results)
    with open(args.markdown, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
