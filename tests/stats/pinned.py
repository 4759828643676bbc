"""Exit 0 when the packages in requirements.txt are installed at their pinned versions."""
import os
import sys
from importlib.metadata import PackageNotFoundError, version

here = os.path.dirname(os.path.abspath(__file__))
for line in open(os.path.join(here, "requirements.txt")):
    name, _, want = line.strip().partition("==")
    try:
        if version(name) != want:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
