import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "daemon"))
sys.path.insert(0, HERE)

from conftest_shared import *  # noqa: E402,F401,F403
import pytest  # noqa: E402
from gavel_harness import GAVEL  # noqa: E402


def pytest_configure(config):
    if not os.access(GAVEL, os.X_OK):
        raise pytest.UsageError(f"{GAVEL} is not built: run Scripts/test (or swift build) first")
