"""Scripts/test's closing lines: one per suite, then the one summary line.

    python test_summary.py RESULTS_DIR STARTED_EPOCH SUITE=STATUS ...

Each SUITE is a test run of Scripts/test, in order; STATUS is its runner's exit status. Its
counts come from the JUnit XML files it wrote into RESULTS_DIR (SUITE.xml, and SUITE-swift-testing.xml
from swift test). A suite with no such file is one check (the benchmark smoke), passed or failed by
its status, so a runner that could not start never reads as green.
"""
import glob
import os
import sys
import time
import xml.etree.ElementTree as ElementTree


def counts(path):
    """(passed, failed, skipped) of one JUnit XML file."""
    passed = failed = skipped = 0
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def main(results, started, suites):
    total = [0, 0, 0]
    lines = []
    for suite in suites:
        name, _, status = suite.partition("=")
        files = sorted(glob.glob(os.path.join(results, name + ".xml")) +
                       glob.glob(os.path.join(results, name + "-swift-testing.xml")))
        passed = failed = skipped = 0
        for path in files:
            p, f, s = counts(path)
            passed, failed, skipped = passed + p, failed + f, skipped + s
        if not files:  # a suite that is one check (the benchmark smoke), or a runner that did not start
            passed, failed = (1, 0) if status == "0" else (0, 1)
        elif status != "0" and failed == 0:
            failed = 1  # the runner failed outside any test (a check after the tests)
        lines.append(f"  {name:<14} {passed:>5} passed, {failed} failed, {skipped} skipped")
        total = [total[0] + passed, total[1] + failed, total[2] + skipped]
    minutes = (time.time() - float(started)) / 60
    print("\n".join(lines))
    print(f"summary: {len(suites)} suites, {total[0]} passed, {total[1]} failed, {total[2]} skipped, "
          f"{minutes:.1f} minutes")
    return 1 if total[1] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
