"""A partition: the primary cut off from the database while clients still reach it. Proven from the
journal that no moment had two primaries accepting commands.

The primary and the standby run in two network namespaces (`ip netns`, a veth pair each), as two
hosts; the database (Scripts/test's throwaway cluster) is reached from each through a relay in the
root namespace, which the test turns into a black hole for the primary: its statements, and its
lease renewals, go unanswered, and its connections stay open, as behind a cut cable. Clients keep
sending commands to both daemons throughout. Skipped when namespaces cannot be made (not root, no
`ip`), and without GAVEL_TEST_POSTGRES_URL."""
import json
import os
import socket
import subprocess
import threading
import time
import urllib.parse

import pytest

from gavel_harness import Gaveld, free_port, seconds_agenda
from test_postgres import BASE_URL, database, sql  # noqa: F401 (database is a fixture)
from test_standby import post_command, wait_for

pytestmark = pytest.mark.skipif(BASE_URL is None, reason="GAVEL_TEST_POSTGRES_URL names no test database: "
                                "Scripts/test starts a throwaway PostgreSQL and sets it")


def run(*args):
    return subprocess.run(list(args), check=True, capture_output=True, text=True)


@pytest.fixture
def hosts():
    """Two namespaces, "a" and "b", each with a veth to the root namespace: {name: (ns, host ip, ns ip)}."""
    tag = os.getpid() % 10000
    made, result = [], {}
    try:
        for index, name in enumerate(("a", "b")):
            ns, outside, inside = f"gvp{tag}{name}", f"gvp{tag}{name}0", f"gvp{tag}{name}1"
            subnet = f"10.213.{(tag % 120) * 2 + index}"
            run("ip", "netns", "add", ns)
            made.append(ns)
            run("ip", "link", "add", outside, "type", "veth", "peer", "name", inside)
            run("ip", "link", "set", inside, "netns", ns)
            run("ip", "addr", "add", f"{subnet}.1/24", "dev", outside)
            run("ip", "link", "set", outside, "up")
            run("ip", "netns", "exec", ns, "ip", "addr", "add", f"{subnet}.2/24", "dev", inside)
            run("ip", "netns", "exec", ns, "ip", "link", "set", inside, "up")
            run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up")
            result[name] = (ns, f"{subnet}.1", f"{subnet}.2")
    except (OSError, subprocess.CalledProcessError) as error:
        for ns in made:
            subprocess.run(["ip", "netns", "del", ns], check=False)
        detail = getattr(error, "stderr", "") or str(error)
        pytest.skip(f"cannot make network namespaces here (root and iproute2 needed): {detail.strip()}")
    yield result
    for ns, _, _ in result.values():
        subprocess.run(["ip", "netns", "del", ns], check=False)


class Relay:
    """Forwards TCP from (host, a free port) to the database. `cut()` makes it a black hole: bytes
    are read and dropped both ways and connections stay open; `heal()` closes what was cut (as a
    peer's TCP would at last) and forwards again."""

    def __init__(self, host, target):
        self.target = target
        self.listener = socket.create_server((host, 0))
        self.port = self.listener.getsockname()[1]
        self.cut_at = None
        self.sockets = []
        threading.Thread(target=self.accept, daemon=True).start()

    def cut(self):
        self.cut_at = time.time()

    def heal(self):
        self.cut_at = None
        for end in list(self.sockets):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self):
        self.listener.close()
        self.heal()

    def accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            self.sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self.pump, args=(source, sink), daemon=True).start()

    def pump(self, source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if self.cut_at is None:
                    sink.sendall(data)
        except OSError:
            pass
        for end in (source, sink):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class HostGaveld(Gaveld):
    """A gaveld in a namespace, listening on the namespace's address."""

    def __init__(self, ns, ip, **kwargs):
        super().__init__(**kwargs)
        self.ns, self.ip = ns, ip

    def args(self):
        args = super().args()
        args[args.index("--listen") + 1] = f"{self.ip}:{self.port}"
        return ["ip", "netns", "exec", self.ns] + args + ["--advertise", f"http://{self.ip}:{self.port}"]

    def url(self, path):
        return f"http://{self.ip}:{self.port}{path}"


class Client(threading.Thread):
    """Sends showMessage commands with ids to one daemon until stopped; keeps every answer with the
    moments it was sent and received (this machine's wall clock, which gaveld's wall_ms also reads)."""

    def __init__(self, daemon, prefix):
        super().__init__(daemon=True)
        self.target, self.prefix = daemon, prefix
        self.answers = []
        self.stopping = threading.Event()

    def run(self):
        n = 0
        while not self.stopping.is_set():
            n += 1
            command_id = f"{self.prefix}-{n}"
            sent = time.time()
            status, reply = post_command(self.target, {"id": command_id, "command": "showMessage",
                                                       "text": f"{self.prefix} {n}"}, timeout=15)
            self.answers.append((command_id, sent, time.time(), status, reply))
            if status != 200:
                time.sleep(0.02)

    def acked(self):
        return [(i, sent, received, reply["seq"]) for i, sent, received, status, reply in self.answers
                if status == 200]


def test_a_primary_cut_off_from_the_database_stops_before_the_standby_starts(gaveld_factory, database, hosts):
    url = urllib.parse.urlsplit(database)
    target = (url.hostname, url.port or 5432)
    relays = {name: Relay(outside, target) for name, (_, outside, _) in hosts.items()}
    agenda = seconds_agenda([("One", 600)])
    daemons = {}
    for name in ("a", "b"):
        ns, outside, inside = hosts[name]
        journal = url._replace(netloc=f"{url.username}@{outside}:{relays[name].port}").geturl()
        daemon = HostGaveld(ns, inside, agenda=agenda,
                            extra_args=["--journal", journal, "--room", "hall", "--standby"])
        daemon.start()
        daemons[name] = daemon
    try:
        leaders = {name: json.loads(d.http("GET", "/api/v1/leader")[1]) for name, d in daemons.items()}
        assert leaders["a"]["role"] == "primary" and leaders["b"]["role"] == "standby", leaders
        clients = {name: Client(d, name) for name, d in daemons.items()}
        for client in clients.values():
            client.start()
        wait_for(lambda: len(clients["a"].acked()) >= 20, what="the primary acknowledging commands")

        cut_at = time.time()
        relays["a"].cut()
        wait_for(lambda: len(clients["b"].acked()) >= 20, timeout=60, what="the standby taking over")
        # Healed, the old primary learns that it was deposed at its next renewal, and stands by.
        relays["a"].heal()
        b_url = f"http://{hosts['b'][2]}:{daemons['b'].port}"
        wait_for(lambda: json.loads(daemons["a"].http("GET", "/api/v1/leader")[1]) == {
            "room": "hall", "role": "standby", "term": 2, "leader": b_url}, timeout=60,
            what="the old primary standing by, naming the new one")
        status, refused = post_command(daemons["a"], {"id": "after-heal", "command": "pause"})
        assert status == 503 and refused["code"] == "notLeader" and refused["leader"] == b_url, refused
        for client in clients.values():
            client.stopping.set()
        for client in clients.values():
            client.join(timeout=60)

        acked_a, acked_b = clients["a"].acked(), clients["b"].acked()
        terms = dict(line.split("|") for line in sql(
            database, "SELECT id, term FROM commands WHERE room = 'hall' AND last_seq IS NOT NULL").splitlines())
        first_b_event_ms = int(sql(
            database, "SELECT min(e.wall_ms) FROM events e JOIN meetings m ON m.id = e.meeting_id "
                      "WHERE m.room = 'hall' AND e.term = 2"))
        # Every acknowledged command is in the journal, with the term of the daemon that acked it.
        assert [i for i, *_ in acked_a if terms.get(i) != "1"] == []
        assert [i for i, *_ in acked_b if terms.get(i) != "2"] == []
        assert sql(database, "SELECT count(*) FROM events WHERE term IS NULL OR term NOT IN (1, 2)") == "0"
        # The old primary's last acknowledgement reached its client before the new primary wrote its
        # first event: there was no moment with two primaries accepting commands.
        last_a = max(received for _, _, received, _ in acked_a)
        assert last_a * 1000 < first_b_event_ms, (last_a, first_b_event_ms)
        assert max(seq for *_, seq in acked_a) < min(seq for *_, seq in acked_b)
        refused_a = [reply.get("code") for _, sent, _, status, reply in clients["a"].answers
                     if sent > cut_at and status != 200]
        print(f"\npartition: the primary acknowledged {len(acked_a)} commands, the last received "
              f"{(last_a - cut_at) * 1000:.0f} ms after the cut, then refused {len(refused_a)} "
              f"({', '.join(sorted(set(map(str, refused_a))))}); the standby wrote its first event "
              f"{first_b_event_ms - cut_at * 1000:.0f} ms after the cut and acknowledged {len(acked_b)}")
    finally:
        for daemon in daemons.values():
            daemon.stop()
        for relay in relays.values():
            relay.close()

