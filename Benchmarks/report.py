"""Renders bench.py's results as docs/benchmarks.md: machine, commands, every figure with its
unit, the targets and whether each is met, Gavel's ratio to each peer. The hand-written part
(what the profiles show, and why) comes from Benchmarks/analysis.md."""
import math
import os
import statistics

BENCH = os.path.dirname(os.path.abspath(__file__))
PEERS = {"python-websockets": "Python websockets", "hummingbird": "Hummingbird",
         "c-floor": "Floor, 1 thread", "c-floor-2": "Floor, 2 threads"}
# Not peers to beat: the least a fan-out costs on this machine, a C epoll loop that frames the
# message once and send()s it to each subscriber, on one thread or two (Benchmarks/peers/floor_peer.c).
REFERENCES = {"c-floor", "c-floor-2"}


def same_threads_floor(results):
    """The floor run with as many threads as the main tables' gaveld (two, its default, since
    stop 32; one before), so that Gavel ÷ floor compares the same use of the cores."""
    threads = next(iter((results.get("gavel") or {}).values()), {}).get("service_threads", 1)
    return "c-floor-2" if threads >= 2 else "c-floor"


# gaveld against the floor: gaveld's fan-out from the snapshot (the floor journals nothing, and
# has no such figure: its own fan-out is used).
PAIR_FIGURES = {
    "p50": lambda r: get(r, "fanout_after_journal_ms", "p50") or get(r, "fanout_ms", "p50"),
    "p99": lambda r: get(r, "fanout_after_journal_ms", "p99") or get(r, "fanout_ms", "p99"),
    "cpu": lambda r: get(r, "fanout_cpu_us_per_message", "server"),
}


def paired(results, n, figure, side="gaveld", against="floor"):
    """Two sides of the alternated rounds (bench.run_floor_pairs) at N = n: gaveld (or its
    "plenary" agenda) against the two-thread floor (or gaveld's eleven-item agenda). The medians
    of `figure` over the rounds, and the median of the rounds' own ratios; None without them."""
    sides = get(results, "floor_pairs", str(n))
    if not sides or side not in sides or against not in sides:
        return None
    mine = [PAIR_FIGURES[figure](r) for r in sides[side]]
    other = [PAIR_FIGURES[figure](r) for r in sides[against]]
    ratios = [g / f for g, f in zip(mine, other) if g is not None and f]
    if not ratios:
        return None
    return (statistics.median(x for x in mine if x is not None), statistics.median(x for x in other if x),
            statistics.median(ratios))


def ms(value, digits=1):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:,.{digits}f} ms"


def mb(value):
    return "–" if value is None else f"{value / 1e6:,.1f} MB"


def kib(value):
    return "–" if value is None else f"{value / 1024:,.1f} KiB"


def us(value):
    return "–" if value is None else f"{value:.1f} µs"


def pct(value, digits=2):
    return "–" if value is None else f"{value:.{digits}f} %"


def count(n):
    return f"{int(n):,}"


def get(d, *keys):
    for key in keys:
        if d is None:
            return None
        d = d.get(key) if isinstance(d, dict) else None
    return d


def table(header, rows, align=None):
    align = align or ["---"] + ["---:"] * (len(header) - 1)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def targets(results):
    """(target, measured, met, margin) rows."""
    gavel = results["gavel"]
    sizes = sorted(int(n) for n in gavel)
    top = str(max(sizes))
    g = gavel[top]
    rows = []

    def row(name, measured, ok, detail=""):
        rows.append((name, measured, "met" if ok else ("**missed**" if ok is not None else "not measured"), detail))

    held = get(g, "connect", "open")
    dropped = get(g, "client_stats", "closed") or 0
    row(f"{count(top)} subscribers held", f"{count(held or 0)} open, {count(get(g, 'connect', 'failed') or 0)} failed, "
        f"{count(dropped)} dropped", held == int(top) and dropped == 0)

    p99 = get(g, "fanout_ms", "p99")
    floors = [get(results, "peers", name, top, "fanout_ms", "p99") for name in ("c-floor", "c-floor-2")]
    floors = [f for f in floors if f is not None]
    floor_note = "" if not floors else f" (the floor, a bare C send() loop: {ms(min(floors))})"
    row(f"fan-out p99 ≤ 50 ms at {count(top)}", ms(p99) + floor_note, p99 is not None and p99 <= 50,
        "" if p99 is None or p99 <= 50 else f"{p99 - 50:.1f} ms over ({p99 / 50:.1f}×)")

    hwm = get(g, "memory", "hwm")
    rss = get(g, "memory", "rss")
    row(f"RSS ≤ 110 MB at {count(top)}", f"{mb(rss)} (peak {mb(hwm)})", hwm is not None and hwm <= 110e6,
        "" if hwm is None or hwm <= 110e6 else f"{(hwm - 110e6) / 1e6:.1f} MB over")

    # What a display receives per change must not grow with the agenda (issue 17).
    plenary = get(results, "plenary", "gavel") or {}
    alternated = paired(results, top, "p99", side="plenary", against="gaveld")
    if alternated:
        big, small, ratio = alternated
        row(f"fan-out p99 with the 60-item agenda ≤ 1.1× the 11-item one at {count(top)}",
            f"{ms(big)} against {ms(small)} from the snapshot, alternated: {ratio:.2f}× (median of the rounds' ratios)",
            ratio <= 1.1, "" if ratio <= 1.1 else f"{ratio - 1.1:.2f} over")
    elif top in plenary:
        big, small = get(plenary, top, "fanout_ms", "p99"), p99
        ratio = None if big is None or not small else big / small
        row(f"fan-out p99 with the 60-item agenda ≤ 1.1× the 11-item one at {count(top)}",
            f"{ms(big)} against {ms(small)} ({count(get(plenary, top, 'state_bytes') or 0)} against "
            f"{count(get(g, 'state_bytes') or 0)} bytes)" + ("" if ratio is None else f": {ratio:.2f}×"),
            None if ratio is None else ratio <= 1.1, "" if ratio is None or ratio <= 1.1 else f"{ratio - 1.1:.2f} over")

    # Gavel against the floor (a bare C send() loop), same bytes, same run, on as many threads as
    # gaveld serves with.
    worst = []
    cpu_worst = []
    floor_name = same_threads_floor(results)
    pairs = get(results, "floor_pairs") or {}
    for n in sorted(pairs, key=int):
        for side, label in (("gaveld", "11 items"), ("plenary", "60 items")):
            for q in ("p50", "p99"):
                pair = paired(results, n, q, side=side)
                if pair:
                    worst.append((pair[2], f"{q} at {count(n)}, {label}, alternated"))
            pair = paired(results, n, "cpu", side=side)
            if pair:
                cpu_worst.append((pair[2], f"at {count(n)}, {label}, alternated"))
    # Single runs of each where no alternated rounds were measured (older runs).
    for label, side, mine, floor in (("11 items", "gaveld", gavel, get(results, "peers", floor_name) or {}),
                                     ("60 items", "plenary", plenary, get(results, "plenary", floor_name) or {})):
        for n in sorted(set(mine) & set(floor), key=int):
            if side in (pairs.get(n) or {}):
                continue
            for q in ("p50", "p99"):
                # From the snapshot: the floor journals nothing (see the method).
                gv = get(mine, n, "fanout_after_journal_ms", q) or get(mine, n, "fanout_ms", q)
                fv = get(floor, n, "fanout_ms", q)
                if gv is not None and fv:
                    worst.append((gv / fv, f"{q} at {count(n)}, {label}"))
            gc = get(mine, n, "fanout_cpu_us_per_message", "server")
            fc = get(floor, n, "fanout_cpu_us_per_message", "server")
            if gc is not None and fc:
                cpu_worst.append((gc / fc, f"at {count(n)}, {label}"))
    if worst:
        ratio, where = max(worst)
        row("fan-out from the snapshot ≤ 1.15× the floor (same bytes, same threads), p50 and p99, every N",
            f"worst {ratio:.2f}× ({where}; {PEERS[floor_name].lower()})",
            ratio <= 1.15, "" if ratio <= 1.15 else f"{ratio - 1.15:.2f} over")
    else:
        row("fan-out from the snapshot ≤ 1.15× the floor (same bytes, same threads), p50 and p99, every N",
            "floor not run", None)
    if cpu_worst:
        ratio, where = max(cpu_worst)
        row("gaveld CPU per delivered message ≤ 1.3× the floor's", f"worst {ratio:.2f}× ({where})", ratio <= 1.3,
            "" if ratio <= 1.3 else f"{ratio - 1.3:.2f} over")

    cpus = [(n, get(gavel[str(n)], "cpu", "percent")) for n in sizes]
    cpus = [(n, c) for n, c in cpus if c is not None]
    if cpus:
        worst_n, worst = max(cpus, key=lambda x: x[1])
        row("idle CPU < 1 % of a core", f"{pct(worst, 3)} at {count(worst_n)}", worst < 1,
            "" if worst < 1 else f"{worst - 1:.2f} points over")
    else:
        row("idle CPU < 1 % of a core", "–", None)

    alerts = [(n, get(gavel[str(n)], "alert_ms", "p99")) for n in sizes]
    alerts = [(n, a) for n, a in alerts if a is not None and not math.isnan(a)]
    if alerts:
        worst_n, worst = max(alerts, key=lambda x: x[1])
        lead = get(gavel[str(worst_n)], "alerts", "lead_ms")
        late = sum(get(gavel[str(n)], "alerts", "after_instant") or 0 for n in sizes)
        note = ""
        if lead:
            note = (f" (arrival − instant; sent {lead:,} ms ahead, shown at the instant; "
                    f"{count(late)} arrivals after their instant, all N)")
        row("alert punctuality p99 ≤ 20 ms", f"{ms(worst)} at {count(worst_n)}{note}", worst <= 20,
            "" if worst <= 20 else f"{worst - 20:.1f} ms over ({worst / 20:.1f}×)")

    cli = get(results, "other", "cli", "ms", "p99")
    loaded = get(g, "cli_loaded", "ms", "p99")
    worst = max((v for v in (cli, loaded) if v is not None), default=None)
    exits = [get(results, "other", "cli", "exit_ms", "p99"), get(g, "cli_loaded", "exit_ms", "p99")]
    exit_note = "" if None in exits else f" (to the printed ack; to the process's exit {ms(exits[0])} and {ms(exits[1])})"
    row("`gavel next` p99 ≤ 50 ms", ms(cli) + ("" if loaded is None else f"; {ms(loaded)} with {count(top)} displays")
        + exit_note,
        None if worst is None else worst <= 50, "" if worst is None or worst <= 50 else f"{worst - 50:.1f} ms over")

    replay = get(results, "other", "replay")
    if replay:
        largest = max((k for k in replay if k != "baseline"), key=int, default=None)
        if largest:
            ready = get(replay, largest, "ready_ms", "p50")
            row(f"replay of {count(largest)} events ≤ 1 s", f"{ms(ready, 0)} start to ready "
                f"({ms(get(replay, largest, 'replay_ms'), 0)} over an empty journal)",
                ready is not None and ready <= 1000, "" if ready is None or ready <= 1000 else f"{ready - 1000:.0f} ms over")

    peers = {k: v for k, v in (results.get("peers") or {}).items() if k not in REFERENCES}
    for peer, by_n in peers.items():
        behind = []
        for n, p in sorted(by_n.items(), key=lambda x: int(x[0])):
            gp, pp = get(gavel, n, "fanout_ms", "p99"), get(p, "fanout_ms", "p99")
            gm, pm = get(gavel, n, "memory", "rss"), get(p, "memory", "rss")
            if gp is not None and pp is not None and gp >= pp:
                behind.append(f"p99 at {count(n)}")
            if gm is not None and pm is not None and gm >= pm:
                behind.append(f"memory at {count(n)}")
        row(f"ahead of {PEERS.get(peer, peer)} on p99 and memory", "behind on " + ", ".join(behind) if behind
            else "ahead at every N", not behind)
    if not peers:
        row("ahead of both peers on p99 and memory", "peers not run", None)
    return rows


def render(results, command="Scripts/bench"):
    m = results.get("machine", {})
    gavel = results["gavel"]
    sizes = sorted(gavel, key=int)
    out = []
    quick = results.get("quick")
    out.append("# Benchmarks" + (" (quick smoke)" if quick else ""))
    out.append("")
    out.append("Written by `Scripts/bench` (Benchmarks/bench.py, Benchmarks/report.py); do not edit the figures by "
               "hand. Performance is claimed only from these numbers, measured on the machine below in one run, "
               "load client included: everything (the server under test and the load-client processes) shares "
               "the same cores.")
    out.append("")
    out.append("## Machine and run")
    out.append("")
    out.append(table(["", ""], [
        ("date (UTC)", f"{results.get('started')} to {results.get('finished')}"),
        ("CPU", f"{m.get('cpu')} — {m.get('cpus')} CPUs, {m.get('threads_per_core')} thread(s) per core"
                + (f", {m.get('hypervisor')} guest" if m.get("hypervisor") else "")),
        ("memory", m.get("memory")),
        ("system", f"{m.get('os')}, Linux {m.get('kernel')}"),
        ("toolchain", f"{m.get('swift')}; libwebsockets {m.get('libwebsockets')}"),
        ("load client", (f"Benchmarks/loadclient.c (C, epoll, gcc -O2)" if results["config"].get("client") == "c"
                         else f"Benchmarks/loadclient.py (Python {m.get('python')}, picows {m.get('picows')}, "
                              f"uvloop {m.get('uvloop')})") + f", {results['config'].get('processes')} processes"),
        ("limits", f"open files {m.get('open_files')} per process, somaxconn {m.get('somaxconn')}"),
        ("load average at start / end", " / ".join(", ".join(f"{x:.2f}" for x in results.get(k, []))
                                                   for k in ("load_at_start", "load_at_end"))),
        ("command", f"`{command}`"),
    ], align=["---", "---"]))
    out.append("")

    out.append("## Targets")
    out.append("")
    out.append(table(["target (this machine, load client included)", "measured", "", "by how much"], targets(results),
                     align=["---", "---", "---", "---"]))
    out.append("")

    out.append("## Gavel (gaveld)")
    out.append("")
    header = ["display subscribers"] + [count(n) for n in sizes]
    rows = []

    def line(label, fn):
        rows.append([label] + [fn(gavel[n]) for n in sizes])

    line("connected (open / failed)", lambda g: f"{count(get(g, 'connect', 'open'))} / {count(get(g, 'connect', 'failed'))}")
    line("time to connect all", lambda g: f"{get(g, 'connect', 'seconds'):.1f} s")
    line("state message", lambda g: f"{count(g.get('state_bytes') or 0)} bytes")
    line("commands measured", lambda g: count(get(g, "fanout_ms", "n")))
    line("fan-out p50 (command → last subscriber)", lambda g: ms(get(g, "fanout_ms", "p50")))
    line("fan-out p99", lambda g: ms(get(g, "fanout_ms", "p99")))
    line("fan-out max", lambda g: ms(get(g, "fanout_ms", "max")))
    line("first subscriber p50", lambda g: ms(get(g, "fanout_first_ms", "p50")))
    line("fan-out from the snapshot (after the journal's fsync), p50 / p99",
         lambda g: f"{ms(get(g, 'fanout_after_journal_ms', 'p50'))} / {ms(get(g, 'fanout_after_journal_ms', 'p99'))}")
    line("command → ack p50 (journal synced)", lambda g: ms(get(g, "ack_ms", "p50")))
    line("gaveld CPU per delivered message, fan-out", lambda g: us(get(g, "fanout_cpu_us_per_message", "server")))
    line("load clients' CPU per delivered message", lambda g: us(get(g, "fanout_cpu_us_per_message", "clients")))
    line("RSS idle (before connections)", lambda g: mb(get(g, "memory", "idle_rss")))
    line("RSS with all connected (end of run)", lambda g: mb(get(g, "memory", "rss")))
    line("peak RSS (VmHWM)", lambda g: mb(get(g, "memory", "hwm")))
    line("RSS per connection", lambda g: kib(get(g, "memory", "per_connection")))
    line("CPU over the idle window (% of one core)", lambda g: pct(get(g, "cpu", "percent"), 3)
         + (f" over {get(g, 'cpu', 'seconds'):.0f} s" if get(g, "cpu") else ""))
    line("load clients' CPU, same window", lambda g: pct(get(g, "cpu", "clients_percent")))
    line("alert arrivals measured (alerts × subscribers)", lambda g: f"{count(get(g, 'alerts', 'count') or 0)} "
         f"({get(g, 'alerts', 'alerts') or 0} alerts)")
    line("alerts sent ahead of their instant by (`hello.alertLeadMs`)",
         lambda g: ms(get(g, "alerts", "lead_ms"), 0))
    line("alert punctuality p50 (arrival − instant; negative: ahead)", lambda g: ms(get(g, "alert_ms", "p50")))
    line("alert punctuality p99", lambda g: ms(get(g, "alert_ms", "p99")))
    line("alert punctuality max", lambda g: ms(get(g, "alert_ms", "max")))
    line("alert arrivals after their instant", lambda g: count(get(g, "alerts", "after_instant") or 0))
    line("alert shown late (max(arrival, instant) − instant), p99",
         lambda g: ms(get(g, "alert_shown_ms", "p99")))
    line("`gavel next` with these displays connected, p50", lambda g: ms(get(g, "cli_loaded", "ms", "p50")))
    line("`gavel next` with these displays connected, p99", lambda g: ms(get(g, "cli_loaded", "ms", "p99")))
    line("`gavel next` with these displays connected, to its exit, p50 / p99",
         lambda g: f"{ms(get(g, 'cli_loaded', 'exit_ms', 'p50'))} / {ms(get(g, 'cli_loaded', 'exit_ms', 'p99'))}")
    line("alert timer lateness in gaveld, max", lambda g: ms(get(g, "alert_fired_late_ms", "max"), 0))
    line("clock offset uncertainty (± half min RTT + 0.5 ms)", lambda g: ms(get(g, "clock", "uncertainty_ms"), 2))
    out.append(table(header, rows))
    out.append("")

    peers = results.get("peers") or {}
    if peers:
        out.append("## Peers, same run, same load client, same message size")
        out.append("")
        header = ["", *[count(n) for n in sizes]]
        rows = []
        for peer, by_n in peers.items():
            name = PEERS.get(peer, peer)

            def pline(label, fn):
                rows.append([f"{name}: {label}"] + [fn(by_n[n]) if n in by_n else "–" for n in sizes])

            pline("fan-out p50", lambda p: ms(get(p, "fanout_ms", "p50")))
            pline("fan-out p99", lambda p: ms(get(p, "fanout_ms", "p99")))
            pline("fan-out max", lambda p: ms(get(p, "fanout_ms", "max")))
            pline("server CPU per delivered message", lambda p: us(get(p, "fanout_cpu_us_per_message", "server")))
            pline("RSS with all connected", lambda p: mb(get(p, "memory", "rss")))
            pline("peak RSS (VmHWM)", lambda p: mb(get(p, "memory", "hwm")))
            pline("RSS per connection", lambda p: kib(get(p, "memory", "per_connection")))
            pline("CPU over the idle window", lambda p: pct(get(p, "cpu", "percent"), 3))
        out.append(table(header, rows))
        out.append("")
        out.append("Gavel's ratio to each peer (Gavel ÷ peer: below 1 is Gavel ahead):")
        out.append("")
        rows = []
        for peer, by_n in peers.items():
            name = PEERS.get(peer, peer)
            # Gavel's fan-out from the command includes the journal's fsync, which no peer does;
            # "from the snapshot" leaves it out (bench.py times it from the state's serverTime).
            for label, keys, mine in (
                    ("fan-out p99", ("fanout_ms", "p99"), None), ("fan-out p50", ("fanout_ms", "p50"), None),
                    ("fan-out p99, from the snapshot", ("fanout_ms", "p99"), ("fanout_after_journal_ms", "p99")),
                    ("fan-out p50, from the snapshot", ("fanout_ms", "p50"), ("fanout_after_journal_ms", "p50")),
                    ("RSS", ("memory", "rss"), None), ("RSS per connection", ("memory", "per_connection"), None),
                    ("idle CPU", ("cpu", "percent"), None)):
                cells = []
                for n in sizes:
                    gv, pv = get(gavel, n, *(mine or keys)), get(by_n, n, *keys)
                    cells.append("–" if gv is None or pv in (None, 0) else f"{gv / pv:.2f}")
                rows.append([f"Gavel ÷ {name}: {label}"] + cells)
        out.append(table(["", *[count(n) for n in sizes]], rows))
        out.append("")

    threads = results.get("gavel-threads") or {}
    if threads:
        tsizes = sorted(threads, key=int)
        count_threads = next(iter(threads.values())).get("service_threads", 2)
        plural = "s" if count_threads != 1 else ""
        out.append(f"## gaveld with {count_threads} service thread{plural} (`--service-threads {count_threads}`)")
        out.append("")
        out.append(f"The same fan-out, the same run, with {count_threads} libwebsockets service thread{plural} "
                   "(Benchmarks/analysis.md). Gavel's other tables are gaveld's defaults: two service threads "
                   "(the daemon stays on the first) and direct writes. Runs before 3 December 2026 measured "
                   "their main tables with one thread: this table is the one to compare with them.")
        out.append("")
        rows = []

        def tline(label, fn):
            rows.append([label] + [fn(n) for n in tsizes])

        def tratio(a, b):
            return "–" if a is None or not b else f"{a / b:.2f}"

        tline("fan-out p50 / p99", lambda n: f"{ms(get(threads, n, 'fanout_ms', 'p50'))} / "
              f"{ms(get(threads, n, 'fanout_ms', 'p99'))}")
        tline("fan-out from the snapshot, p50 / p99", lambda n: f"{ms(get(threads, n, 'fanout_after_journal_ms', 'p50'))} / "
              f"{ms(get(threads, n, 'fanout_after_journal_ms', 'p99'))}")
        tline("command → ack p50", lambda n: ms(get(threads, n, "ack_ms", "p50")))
        tline("gaveld CPU per delivered message", lambda n: us(get(threads, n, "fanout_cpu_us_per_message", "server")))
        tline("RSS with all connected", lambda n: mb(get(threads, n, "memory", "rss")))
        tline("÷ the default: fan-out p50 / p99", lambda n: f"{tratio(get(threads, n, 'fanout_ms', 'p50'), get(gavel, n, 'fanout_ms', 'p50'))} / "
              f"{tratio(get(threads, n, 'fanout_ms', 'p99'), get(gavel, n, 'fanout_ms', 'p99'))}")
        floor = get(results, "peers", "c-floor" if count_threads == 1 else "c-floor-2") or {}
        if floor:
            tline(f"÷ the floor ({count_threads} thread{plural}, same bytes), from the snapshot, p50 / p99",
                  lambda n: f"{tratio(get(threads, n, 'fanout_after_journal_ms', 'p50'), get(floor, n, 'fanout_ms', 'p50'))} / "
                  f"{tratio(get(threads, n, 'fanout_after_journal_ms', 'p99'), get(floor, n, 'fanout_ms', 'p99'))}"
                  if n in floor else "–")
        out.append(table(["display subscribers", *[count(n) for n in tsizes]], rows))
        out.append("")

    pairs = results.get("floor_pairs") or {}
    if pairs:
        psizes = sorted(pairs, key=int)
        rounds = max(len(sides["gaveld"]) for sides in pairs.values())
        with_plenary = any("plenary" in sides for sides in pairs.values())
        out.append("## gaveld against the floor, alternated")
        out.append("")
        out.append(f"The target rows' ratios to the floor: gaveld and the two-thread floor measured alternately, "
                   f"{rounds} rounds at each N (gaveld first in odd rounds, the floor first in even ones), each N by "
                   "both within a minute, the floor at gaveld's own message size. gaveld's fan-out is from the snapshot "
                   "(the floor journals nothing). Ratio: the median of the rounds' own ratios. The main tables' single "
                   "runs of each are half an hour apart, and the floor's speed drifts within a run."
                   + (" Each round also measures gaveld with the 60-item plenary agenda, between the two: over gavel.v2 "
                      "its state message is the 11-item one's size, so the same floor runs serve both, and the 60-item "
                      "agenda's ratio to the 11-item one is side by side too." if with_plenary else ""))
        out.append("")
        rows = []
        for side, prefix in [("gaveld", "")] + ([("plenary", "60 items: ")] if with_plenary else []):
            for label, figure, fmt in (("fan-out p50", "p50", ms), ("fan-out p99", "p99", ms),
                                       ("CPU per delivered message", "cpu", us)):
                values = [paired(results, n, figure, side=side) for n in psizes]
                rows.append([f"{prefix}{label}, gaveld / floor"] + [f"{fmt(v[0])} / {fmt(v[1])}" if v else "–"
                                                                   for v in values])
                rows.append([f"{prefix}÷ the floor ({label})"] + [f"{v[2]:.2f}" if v else "–" for v in values])
        if with_plenary:
            for q in ("p50", "p99"):
                values = [paired(results, n, q, side="plenary", against="gaveld") for n in psizes]
                rows.append([f"fan-out {q}, 60 items ÷ 11 items"] + [f"{v[2]:.2f}" if v else "–" for v in values])
        out.append(table(["display subscribers", *[count(n) for n in psizes]], rows))
        out.append("")

    polled = results.get("gavel-polled") or {}
    if polled:
        psizes = sorted(polled, key=int)
        out.append("## Direct writes against polled writes")
        out.append("")
        out.append("The same fan-out, the same run, gaveld's defaults otherwise: direct writes, the default, "
                   "which write a message to an idle display as soon as it is queued (one send each), against gaveld "
                   "writing every copy from lws's WRITEABLE callback in the next round of its event loop "
                   "(`GAVEL_FANOUT_WRITES=polled`, what it did before; Benchmarks/analysis.md).")
        out.append("")
        rows = []

        def pline(label, fn):
            rows.append([label] + [fn(n) for n in psizes])

        def pratio(a, b):
            return "–" if a is None or not b else f"{a / b:.2f}"

        for label, key in (("fan-out p50 / p99, polled", "fanout_ms"),
                           ("fan-out from the snapshot p50 / p99, polled", "fanout_after_journal_ms")):
            pline(label, lambda n, key=key: f"{ms(get(polled, n, key, 'p50'))} / {ms(get(polled, n, key, 'p99'))}")
        pline("gaveld CPU per delivered message, polled",
              lambda n: us(get(polled, n, "fanout_cpu_us_per_message", "server")))
        pline("direct ÷ polled: fan-out p50 / p99",
              lambda n: f"{pratio(get(gavel, n, 'fanout_ms', 'p50'), get(polled, n, 'fanout_ms', 'p50'))} / "
              f"{pratio(get(gavel, n, 'fanout_ms', 'p99'), get(polled, n, 'fanout_ms', 'p99'))}")
        pline("direct ÷ polled: from the snapshot p50 / p99",
              lambda n: f"{pratio(get(gavel, n, 'fanout_after_journal_ms', 'p50'), get(polled, n, 'fanout_after_journal_ms', 'p50'))} / "
              f"{pratio(get(gavel, n, 'fanout_after_journal_ms', 'p99'), get(polled, n, 'fanout_after_journal_ms', 'p99'))}")
        pline("direct ÷ polled: gaveld CPU per message",
              lambda n: pratio(get(gavel, n, "fanout_cpu_us_per_message", "server"),
                               get(polled, n, "fanout_cpu_us_per_message", "server")))
        out.append(table(["display subscribers", *[count(n) for n in psizes]], rows))
        out.append("")

    plenary = get(results, "plenary", "gavel") or {}
    if plenary:
        floor_name = same_threads_floor(results)
        floor = get(results, "plenary", floor_name) or {}
        psizes = sorted(plenary, key=int)
        items = next(iter(plenary.values())).get("agenda_items", 60)
        out.append(f"## Gavel with a plenary agenda ({items} items, a speaker each)")
        out.append("")
        v1 = get(results, "plenary", "gavel-v1") or {}
        out.append("The same measurement of the fan-out with an agenda of a plenary day. Over gavel.v2 what a display "
                   "receives per change does not depend on the agenda (the agenda goes on connect and when it "
                   "changes); over gavel.v1, measured in the same run, every state carries every item. "
                   "The floor runs at the plenary's own gavel.v2 message size.")
        out.append("")
        rows = []

        def pline(label, fn):
            rows.append([label] + [fn(n) for n in psizes])

        def ratio(a, b):
            return "–" if a is None or not b else f"{a / b:.2f}"

        pline("state message, 11 items / plenary", lambda n: f"{count(get(gavel, n, 'state_bytes') or 0)} / "
              f"{count(get(plenary, n, 'state_bytes') or 0)} bytes")
        if v1:
            pline("gavel.v1: state message, plenary", lambda n: f"{count(get(v1, n, 'state_bytes') or 0)} bytes")
            pline("gavel.v1: fan-out p50 / p99", lambda n: f"{ms(get(v1, n, 'fanout_ms', 'p50'))} / "
                  f"{ms(get(v1, n, 'fanout_ms', 'p99'))}" if n in v1 else "–")
        pline("fan-out p50", lambda n: ms(get(plenary, n, "fanout_ms", "p50")))
        pline("fan-out p99", lambda n: ms(get(plenary, n, "fanout_ms", "p99")))
        if v1:
            pline("fan-out p99, gavel.v2 ÷ gavel.v1", lambda n: ratio(get(plenary, n, "fanout_ms", "p99"),
                                                                     get(v1, n, "fanout_ms", "p99")))

        pline("fan-out p99, plenary ÷ 11 items", lambda n: ratio(get(plenary, n, "fanout_ms", "p99"),
                                                                  get(gavel, n, "fanout_ms", "p99")))
        pline("command → ack p50", lambda n: ms(get(plenary, n, "ack_ms", "p50")))
        pline("gaveld CPU per delivered message", lambda n: us(get(plenary, n, "fanout_cpu_us_per_message", "server")))
        pline("load clients' CPU per delivered message",
              lambda n: us(get(plenary, n, "fanout_cpu_us_per_message", "clients")))
        pline("RSS with all connected (end of run)", lambda n: mb(get(plenary, n, "memory", "rss")))
        if floor:
            pline(f"{PEERS[floor_name].lower()}, same bytes: fan-out p50 / p99", lambda n: f"{ms(get(floor, n, 'fanout_ms', 'p50'))} / "
                  f"{ms(get(floor, n, 'fanout_ms', 'p99'))}" if n in floor else "–")
            pline("Gavel ÷ the floor, p50 / p99", lambda n: f"{ratio(get(plenary, n, 'fanout_ms', 'p50'), get(floor, n, 'fanout_ms', 'p50'))} / "
                  f"{ratio(get(plenary, n, 'fanout_ms', 'p99'), get(floor, n, 'fanout_ms', 'p99'))}")
            pline("Gavel ÷ the floor, from the snapshot, p50 / p99",
                  lambda n: f"{ratio(get(plenary, n, 'fanout_after_journal_ms', 'p50'), get(floor, n, 'fanout_ms', 'p50'))} / "
                  f"{ratio(get(plenary, n, 'fanout_after_journal_ms', 'p99'), get(floor, n, 'fanout_ms', 'p99'))}")
        out.append(table(["display subscribers", *[count(n) for n in psizes]], rows))
        out.append("")

    other = results.get("other", {})
    out.append("## CLI, commands and journal")
    out.append("")
    rows = []
    cli = other.get("cli") or {}
    if cli.get("todo"):
        rows.append(("`gavel next`, process start → printed ack", f"TODO: {cli['todo']}"))
    elif cli:
        rows.append(("`gavel next` / `previous`, process start → printed ack",
                     f"p50 {ms(get(cli, 'ms', 'p50'))}, p99 {ms(get(cli, 'ms', 'p99'))}, max {ms(get(cli, 'ms', 'max'))} "
                     f"over {count(get(cli, 'ms', 'n'))} runs ({cli.get('failures', 0)} failed)"))
        if get(cli, "exit_ms"):
            rows.append(("`gavel next` / `previous`, process start → exit (after closing the WebSocket)",
                         f"p50 {ms(get(cli, 'exit_ms', 'p50'))}, p99 {ms(get(cli, 'exit_ms', 'p99'))}, "
                         f"max {ms(get(cli, 'exit_ms', 'max'))}"))
    commands = other.get("commands") or {}
    for label in ("sequential", "concurrent"):
        c = commands.get(label)
        if c:
            rows.append((f"commands per second, durable journal, {label} ({c['clients']} WebSocket client"
                         f"{'s' if c['clients'] > 1 else ''}, send → ack)",
                         f"{c['per_second']:,.0f} /s ({count(c['commands'])} in {c['seconds']:.1f} s; latency p50 "
                         f"{ms(get(c, 'latency_ms', 'p50'), 2)}, p99 {ms(get(c, 'latency_ms', 'p99'), 2)}; "
                         f"gaveld CPU {c['server_cpu_percent']:.0f} %)"))
    replay = other.get("replay") or {}
    base = replay.get("baseline")
    if base:
        rows.append(("gaveld start → /healthz ready, fresh journal (meeting not started, no events)",
                     f"{ms(get(base, 'ready_ms', 'p50'), 0)} (median of {get(base, 'ready_ms', 'n')})"))
    for key in sorted((k for k in replay if k != "baseline"), key=int):
        r = replay[key]
        rows.append((f"journal replay, {count(key)} events ({r['journal_bytes'] / 1e6:.1f} MB journal): start → ready",
                     f"{ms(get(r, 'ready_ms', 'p50'), 0)} (median of {get(r, 'ready_ms', 'n')}, max "
                     f"{ms(get(r, 'ready_ms', 'max'), 0)}); {ms(r.get('replay_ms'), 0)} more than a fresh journal; "
                     f"resumed at seq {r['state']['seq']}, {r['state']['phase']}"))
    out.append(table(["", "measured"], rows, align=["---", "---"]))
    out.append("")

    out.append("## How it is measured")
    out.append("")
    out.append(METHOD.strip())
    out.append("")
    analysis = os.path.join(BENCH, "analysis.md")
    if os.path.exists(analysis) and not quick:
        with open(analysis) as f:
            out.append(f.read().strip())
        out.append("")
    return "\n".join(out)


METHOD = """
- **Servers.** `gaveld` is the release build (`swift build -c release`), started with a fresh state
  directory in a temporary folder, an agenda of eleven two-hour items (no item alert falls in the
  run), `--stall-timeout 3600` and `--max-connections` above N; everything else is the default
  (two service threads, direct fan-out writes, log level info, ping every 30 s, inbound limit 50
  messages/s per connection; until 3 December 2026 the main tables ran one service thread). The meeting is
  started and its first item runs throughout, with no tick subscriber.
- **Plenary agenda.** The fan-out is measured again with an agenda of sixty twenty-minute items, one
  inscribed speaker each (name, role, position), as a plenary day's general debate has: its state
  gavel.v1 state message is several times the eleven-item one's, because every v1 state carries
  every item and its projections; gavel.v2's is not (the table gives all three). The plenary is
  measured over both protocols in the same run. Fan-out, ack and memory only; the floor peer runs
  at the gavel.v2 message size.
- **Load client.** `Benchmarks/loadclient.c`: N subscribers spread over two processes, each one
  epoll loop in C, connecting 100 at a time per process. Each subscriber timestamps every message
  with `CLOCK_REALTIME` as the frame is complete, and finds its `type`, `seq` (state) or `at`
  (alert) with a byte search rather than a JSON parse; it answers pings. Its CPU per delivered message
  is in the tables ("load clients' CPU"): about half the server's, so on two cores it takes as little
  as it can from the server under test. `Benchmarks/loadclient.py` (picows on uvloop) does the same
  job with the same protocol (`--client picows`); in trial runs it needed 12 µs per message against
  the C client's 7 µs, which is why C is the default.
- **Fan-out latency.** The orchestrator sends `next` / `previous` alternately on a control WebSocket
  that carries the token, timestamps the send, and waits until every subscriber holds the state with
  the acknowledged `seq` (or newer); latency = the last subscriber's arrival − the send. The command
  is journaled and synced (SQLite, FULL) before the state goes out, so the figure includes the fsync.
  "From the snapshot" times the same arrivals from the state's `serverTime` (when gaveld took the
  snapshot, once the journal had the command), moved onto the orchestrator's clock with the offset
  from 20 ping/pongs: the fan-out alone, which is what the peers and the floor, journaling nothing,
  are compared with; the journal's own cost is the "command → ack" row.
  The next command follows 50 ms after the last subscriber had the state; 200 commands per N and
  server (a p99 of 60 would be the largest but one, decided by one hiccup of the shared machine).
- **Memory.** VmRSS and VmHWM from `/proc/PID/status`; per connection = (VmRSS with N connected at
  the end of the run − VmRSS before any connection) / N.
- **CPU.** utime + stime from `/proc/PID/stat` (all threads) over a 60-s window with everyone
  connected and the countdown running, nothing sent, as % of one core.
- **Alert punctuality.** A floor grant of 3 s with thresholds warning 2 s, wrap-up 1 s crosses three
  thresholds (warning, wrapUp, timeUp); three grants per N. The control connection measures the
  offset between the client clock and the daemon's timeline with 40 ping/pong exchanges (mean of the
  quarter with the smallest round trips); for every subscriber and alert, punctuality = arrival
  (mapped onto the daemon's timeline) − the alert's `at`. gaveld sends each alert `alertLeadMs`
  (default 2 s) before its instant and displays show it at `at` (docs/protocol.md), so punctuality
  is negative when it arrived ahead; "shown late" is what a display shows: max(arrival, `at`) − `at`.
  The grant's warning and wrap-up (1 and 2 s away) go out with the grant's state, its time-up on the
  lead timer. "Alert timer lateness in gaveld" is what gaveld itself logs (`gavel.late_ms`): how long
  after it was due (its instant less the lead, or the moment its state became current if that is
  later) each alert went out, before any fan-out.
- **Peers.** The same load client and the same number of subscribers. Each peer broadcasts, to every
  other connection, the text message the orchestrator sends it on a connection of its own: a stand-in
  of exactly the size of Gavel's state message at that N (`{"type":"state","seq":S,"pad":"xxx…"}`),
  which the load client reads the same way. The peers do no journal write, so their path is shorter
  than Gavel's by the fsync. Python: `websockets` 15 (`websockets.broadcast`, asyncio on uvloop,
  `Benchmarks/peers/websockets_peer.py`). Hummingbird 2.28.1 with hummingbird-websocket 2.8.1, release
  build, defaults (NIO's event loop group: one thread per core), one writer task per connection fed
  by an AsyncStream, the broadcast sharing one ByteBuffer (`Benchmarks/peers/hummingbird-peer`).
  The floor, not a peer to beat but the least a fan-out costs here: `Benchmarks/peers/floor_peer.c`,
  one epoll loop in C that frames the message once and `send()`s it to each subscriber in turn,
  nothing else (no queue, no parse, no journal); "2 threads" splits each fan-out's sends over a
  second thread. Gavel ÷ floor is what gaveld adds to the kernel's and the load client's share.
- **`gavel next`.** The release `gavel` binary run as a process (`--server 127.0.0.1:PORT
  --token-file FILE`), `next` and `previous` alternately; time from spawning the process to its
  printed acknowledgement (the line it writes to standard output once the daemon's ack and the new
  state are in, read from a pipe; `time.perf_counter_ns`), and to its exit (after closing the
  WebSocket, which waits for the daemon's close frame): 200 runs with
  no other subscriber connected, and 100 runs at each N with the N display subscribers connected
  (each command also fans out to them), each run starting 0.1 s plus twice the largest fan-out
  time after the previous one ended, so that it does not start in the middle of the last fan-out
  (a chair presses seconds apart; one that starts during a fan-out waits for that round).
- **Commands per second.** `extend 1s` / `trim 1s` alternately (one journal event each, always valid),
  each client sending the next command when the previous one's ack arrived, over one WebSocket for
  10 s, then from four WebSockets at once for 10 s. The per-connection inbound limit is lifted for this
  measurement (`GAVEL_MESSAGE_RATE`, `GAVEL_MESSAGE_BURST`); at the default limit one connection may send
  50 messages a second.
- **Journal replay.** gaveld creates the journal, then `bench.py` appends to its meeting the rows gaveld
  itself would write (Sources/GavelJournal: typed event columns, one `commands` row per command) for a
  chair's usual commands (floor grant, extend and yield, item extend, message shown and cleared, next,
  previous) until the meeting has 10,000 or 100,000 events. Figure: from spawning gaveld to the first
  200 from `/healthz` (polled every millisecond), median of five starts; the resumed state's `seq` is
  checked. A fresh journal's start-up is given alongside, so the replay's own share shows.
"""
