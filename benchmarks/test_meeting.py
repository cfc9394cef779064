"""Benchmarks of planning in a meeting: the whole `pooling solve` command on a region.

The command runs as a user runs it, in a fresh process (interpreter start, imports, reading
the files, the solve, explanations with fix checks, verification, writing the proposal), with
`--time-limit 3` and `--time-limit 1`. The wall time is what pytest-benchmark measures; the
proposal's placement value and bound, cost gap and checked fixes go into `extra_info`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pooling.generate import generate_tables, write_scenario

POOLING = Path(sys.executable).with_name("pooling")


@pytest.fixture(scope="module")
def region_folder(tmp_path_factory):
    """Region seed 1 written as CSV files, as a coordinator would keep them."""
    folder = tmp_path_factory.mktemp("region")
    write_scenario(generate_tables("region", 1), folder)
    return folder


@pytest.mark.parametrize("limit", [3.0, 1.0])
def test_region_command(benchmark, region_folder, tmp_path, limit):
    """`pooling solve REGION --time-limit LIMIT --gap 0.01`, start to finish."""
    out = tmp_path / "proposal.json"
    command = [
        str(POOLING),
        "solve",
        str(region_folder),
        "--time-limit",
        str(limit),
        "--gap",
        "0.01",
        "--quiet",
        "--out",
        str(out),
    ]
    benchmark.pedantic(
        lambda: subprocess.run(command, check=True, capture_output=True),
        rounds=1 if benchmark.disabled else 3,
        iterations=1,
    )
    proposal = json.loads(out.read_text(encoding="utf-8"))
    summary, unplaced = proposal["summary"], proposal["unplaced"]
    fixes = [u["fix_change"] for u in unplaced if u.get("fix_change")]
    benchmark.extra_info.update(
        placed_value=summary["placed_value"],
        placed_bound=summary["placed_bound"],
        cost_gap=summary["gap"],
        fixes=len(fixes),
        fixes_checked=sum(1 for f in fixes if f.get("checked")),
    )
    assert summary["learners_placed"] > 0
