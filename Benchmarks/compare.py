"""Two builds of gaveld and gavel side by side, in one run on one machine: before and after a
change. Each round measures both builds back to back (the order alternates, A B then B A, so a
drift of the machine's load falls on both), with bench.py's own measurements:

  fan-out    command -> the state on the last of N displays (p50, p99 over --commands commands)
  next       `gavel next`: process start -> printed acknowledgement, no displays (p50 over --cli-runs)

and prints, per build, the median over rounds of each figure and the ratio after/before.

    Scripts/bench --compare REV     builds REV (release) beside the working tree and runs this

One build under two settings works the same way: --before-env and --after-env give each side its
gaveld environment (NAME=VALUE, repeatable), --before defaults to --after's folder, and --sizes
measures several N in each round (issue 17: GAVEL_SERVICE_THREADS=1 against 2). --cli-runs 0 skips
`gavel next`.

--against-floor measures one build against the floor peer on two threads instead, alternated the
same way, each at gaveld's own message size (what Scripts/bench does for docs/benchmarks.md's ratio
rows): gaveld's fan-out from the snapshot and CPU per message against the floor's, and the median
of the rounds' ratios.
"""
import argparse
import json
import math
import os
import shutil
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402
import report  # noqa: E402

FIGURES = (
    ("fan-out p50 (ms)", lambda r: r["gavel"]["fanout_ms"]["p50"]),
    ("fan-out p99 (ms)", lambda r: r["gavel"]["fanout_ms"]["p99"]),
    ("gaveld CPU/message (us)", lambda r: r["gavel"]["fanout_cpu_us_per_message"]["server"]),
    ("clients CPU/message (us)", lambda r: r["gavel"]["fanout_cpu_us_per_message"]["clients"]),
    ("command -> ack p50 (ms)", lambda r: r["gavel"]["ack_ms"]["p50"]),
)
CLI_FIGURES = (
    ("gavel next p50 (ms)", lambda r: r["cli"]["ms"]["p50"]),
    ("gavel next p99 (ms)", lambda r: r["cli"]["ms"]["p99"]),
)


def measure(directory, options, size, env):
    """One build, once: N displays' fan-out, then `gavel next` alone."""
    args = bench.parser().parse_args([
        "--gaveld", os.path.join(directory, "gaveld"), "--gavel", os.path.join(directory, "gavel"),
        "--sizes", str(size), "--commands", str(options.commands), "--alert-rounds", "0",
        "--cpu-seconds", "0", "--cli-runs", str(options.cli_runs), "--cli-loaded-runs", "0", "--no-peers",
        "--plenary-sizes", "", "--protocol", options.protocol,
    ] + [f"--gaveld-env={item}" for item in env])
    return with_runner(args, lambda runner: {
        "gavel": runner.run_gavel(size), "cli": runner.run_cli() if options.cli_runs else None})


def with_runner(args, work):
    """`work(runner)` with a bench.Bench of `args`, its working folder removed afterwards."""
    runner = bench.Bench(args)
    try:
        return work(runner)
    finally:
        shutil.rmtree(runner.workdir, ignore_errors=True)


def write_json(options, results):
    """The raw results with the options and the machine, if --json asks for them."""
    if options.json:
        with open(options.json, "w") as f:
            json.dump({"options": vars(options), "machine": bench.machine(), "results": results}, f, indent=1)


# gaveld from the snapshot against the floor's own fan-out, as docs/benchmarks.md's ratio rows.
FLOOR_FIGURES = (
    ("fan-out p50 (ms)", report.PAIR_FIGURES["p50"]),
    ("fan-out p99 (ms)", report.PAIR_FIGURES["p99"]),
    ("CPU/message (us)", report.PAIR_FIGURES["cpu"]),
)


def against_floor(options, sizes):
    """gaveld (--after) and the two-thread floor alternated, round after round, each N measured
    by both within a minute (bench.Bench.run_floor_pairs, what Scripts/bench's ratio rows use)."""
    args = bench.parser().parse_args([
        "--gaveld", os.path.join(options.after, "gaveld"), "--sizes", ",".join(str(n) for n in sizes),
        "--commands", str(options.commands), "--alert-rounds", "0", "--cpu-seconds", "0",
        "--cli-loaded-runs", "0", "--plenary-sizes", "", "--protocol", options.protocol,
    ] + [f"--gaveld-env={item}" for item in options.after_env])
    pairs = with_runner(args, lambda runner: runner.run_floor_pairs(sizes, options.rounds))
    return {int(n): sides for n, sides in pairs.items()}


def print_against_floor(options, results):
    for size, sides in results.items():
        print_table(f"{options.rounds} rounds, N = {size} displays, {options.commands} commands; gaveld from the "
                    f"snapshot against the floor (2 threads)", ("floor", "gaveld"), FLOOR_FIGURES,
                    sides["floor"], sides["gaveld"])


def print_table(heading, labels, figures, first, second):
    """Each figure's median over the rounds for both sides, the ratio of the medians (second ÷
    first), the median of the rounds' own ratios, and each round's figure."""
    print(f"\n{heading}; medians over rounds [each round's figure]")
    print(f"{'':25} {labels[0]:>14} {labels[1]:>14} {'ratio':>8} {'median of ratios':>17}")
    for title, figure in figures:
        a = [figure(r) for r in first]
        b = [figure(r) for r in second]
        # A figure of 0 (CPU in clock ticks over a short run) has no ratio.
        ratios = [y / x for x, y in zip(a, b) if x]
        ratio = statistics.median(b) / statistics.median(a) if statistics.median(a) else math.nan
        print(f"{title:25} {statistics.median(a):14.2f} {statistics.median(b):14.2f} "
              f"{ratio:8.3f} {statistics.median(ratios) if ratios else math.nan:17.3f}"
              f"   [{' '.join(f'{x:.1f}' for x in a)}] [{' '.join(f'{x:.1f}' for x in b)}]")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", help="folder with the baseline's release gaveld and gavel (default: --after)")
    parser.add_argument("--after", default=os.path.join(bench.ROOT, ".build", "release"),
                        help="folder with the changed build's (default: .build/release)")
    parser.add_argument("--label-before", default="before")
    parser.add_argument("--label-after", default="after")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--size", type=int, default=1000, help="display subscribers for the fan-out")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                        help="several N, each measured in every round (instead of --size)")
    parser.add_argument("--before-env", action="append", default=[], metavar="NAME=VALUE",
                        help="gaveld's environment for the baseline")
    parser.add_argument("--after-env", action="append", default=[], metavar="NAME=VALUE",
                        help="gaveld's environment for the change")
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--cli-runs", type=int, default=100)
    parser.add_argument("--protocol", choices=("gavel.v2", "gavel.v1"), default="gavel.v2",
                        help="what the displays speak (gavel.v1 to compare with a build from before gavel.v2)")
    parser.add_argument("--json", help="write the raw results here")
    parser.add_argument("--against-floor", action="store_true",
                        help="--after's gaveld against the floor peer (two threads), alternated (issue 17's ratios)")
    options = parser.parse_args()
    bench.LOAD_CLIENT.update(kind="c", binary=os.path.join(bench.BENCH, ".build", "loadclient"))
    if options.against_floor:
        # Written before anything is printed: a finished run is not lost to a table.
        results = against_floor(options, options.sizes or [options.size])
        write_json(options, results)
        print_against_floor(options, results)
        return

    builds = {"before": options.before or options.after, "after": options.after}
    envs = {"before": options.before_env, "after": options.after_env}
    sizes = options.sizes or [options.size]
    results = {size: {"before": [], "after": []} for size in sizes}
    for round_number in range(options.rounds):
        order = ("before", "after") if round_number % 2 == 0 else ("after", "before")
        for size in sizes:
            for name in order:
                bench.log(f"round {round_number + 1}/{options.rounds}, N={size}: {name} ({builds[name]} "
                          f"{' '.join(envs[name])})")
                results[size][name].append(measure(builds[name], options, size, envs[name]))

    write_json(options, results)
    labels = {"before": options.label_before, "after": options.label_after}
    figures = FIGURES + (CLI_FIGURES if options.cli_runs else ())
    for size in sizes:
        print_table(f"{options.rounds} rounds, N = {size} displays, {options.commands} commands, "
                    f"{options.cli_runs} CLI runs per build and round (ratio: after/before)",
                    (labels["before"], labels["after"]), figures, results[size]["before"], results[size]["after"])


if __name__ == "__main__":
    main()
