import os

import pytest

from gavel_harness import GAVEL


def pytest_configure(config):
    if not os.access(GAVEL, os.X_OK):
        raise pytest.UsageError(f"{GAVEL} is not built: run Scripts/test (or swift build) first")
