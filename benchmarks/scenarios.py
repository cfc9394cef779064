"""Generated scenarios for benchmarks, validated like any upload and cached per process."""

from __future__ import annotations

from functools import cache

from pooling.domain import Scenario
from pooling.generate import generate_tables
from pooling.reading import tables_from_records
from pooling.validation import validate_tables


@cache
def scenario(size: str, seed: int = 1) -> Scenario:
    """The generated scenario of `size` and `seed`, validated like any upload."""
    return validate_tables(tables_from_records(generate_tables(size, seed)))
