"""Shared fixtures of the benchmarks: generated scenarios (seeded, cached per session).

Benchmarks live outside the normal test run: `pytest benchmarks` (or `make bench`). With
`--benchmark-disable` (as CI runs them, once, as a smoke test) every solve gets a short time
limit. The benchmark scripts in this folder import each other as top-level modules.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

# Seconds per solve when measuring; a smoke run uses SMOKE_SECONDS.
TIME_LIMIT_S = {"small": 10.0, "region": 30.0, "national": 60.0}
SMOKE_SECONDS = 5.0


@pytest.fixture
def time_limit(request, benchmark):
    """Time limit for a solve of the test's size (short when benchmarks are disabled)."""
    size = request.node.callspec.params["size"]
    return SMOKE_SECONDS if benchmark.disabled else TIME_LIMIT_S[size]
