import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from conftest_shared import *  # noqa: E402,F401,F403
