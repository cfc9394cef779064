"""Makes the benchmark scripts in `benchmarks/` importable by their module names.

`benchmarks/` is a folder of scripts, not a package (the scripts import each other as
top-level modules, as they do when run with `python benchmarks/sscflp.py`), so its folder
goes on `sys.path` for these tests. Nothing else is configured here.
"""

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))
