"""Holmberg's single-source capacitated facility location instances as pooling instances.

Reads the p1..p71 files (Holmberg, Rönnqvist and Yuan 1999) and their published optima, and
turns one into a `solver.Instance`: a facility is an offer with one hold (opening cost =
fixed cost, maximum = capacity, minimum = a fraction of capacity, 0 by default); a customer is
an unsplittable demand of weight 1 with an arc to every facility whose fixed cost is the cost
of serving the whole customer there. When full service is feasible, stage 1 places every
customer and stage 2's cost is the facility-location objective. This module only converts
data; it does not solve anything.

File format (whitespace separated): n m; then n pairs (capacity, fixed cost); then m demands;
then n rows of m serving costs (row i: facility i to every customer). Many files are padded
with NUL bytes to a block size (p47 has stray numbers after the padding): the data ends at the
first NUL.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from solver import Arc, Demand, Instance, Offer

# The shared data folder sits beside the repository: ../shared/data/sscflp-holmberg.
_BESIDE_REPOSITORY = Path(__file__).resolve().parents[2] / "shared" / "data" / "sscflp-holmberg"
DATA_DIR = Path(os.environ.get("SSCFLP_HOLMBERG_DIR", str(_BESIDE_REPOSITORY)))
NAMES = tuple(f"p{i}" for i in range(1, 72))
# Largest power of ten tried to make non-integer costs integral.
_MAX_DECIMALS = 6


@dataclass(frozen=True, slots=True)
class Holmberg:
    """One SSCFLP instance with integer data; costs are the published ones times `scale`."""

    name: str
    capacities: tuple[int, ...]
    fixed_costs: tuple[int, ...]
    demands: tuple[int, ...]
    costs: tuple[tuple[int, ...], ...]  # costs[i][j]: facility i serves all of customer j
    scale: int = 1

    @property
    def facilities(self) -> int:
        return len(self.capacities)

    @property
    def customers(self) -> int:
        return len(self.demands)

    def objective(self, cost: int) -> int | float:
        """A pooling cost in published units (divided back by `scale`)."""
        return cost if self.scale == 1 else cost / self.scale


def read_holmberg(path: Path | str) -> Holmberg:
    """Read one instance file; costs are scaled by a power of ten if they are not integers."""
    path = Path(path)
    raw = path.read_bytes()
    text = raw[: raw.find(b"\0")] if b"\0" in raw else raw  # NUL padding ends the data
    tokens = [Decimal(t) for t in text.decode("ascii").split()]
    n, m = (_integer(t, "facility/customer count") for t in tokens[:2])
    expected = 2 + 2 * n + m + n * m
    if len(tokens) != expected:
        raise ValueError(f"{path}: expected {expected} numbers for {n} x {m}, got {len(tokens)}")
    pairs = tokens[2 : 2 + 2 * n]
    capacities = [_integer(t, "capacity") for t in pairs[0::2]]
    demands = [_integer(t, "demand") for t in tokens[2 + 2 * n : 2 + 2 * n + m]]
    fixed = pairs[1::2]
    serving = tokens[2 + 2 * n + m :]
    scale = _scale([*fixed, *serving])
    return Holmberg(
        name=path.name,
        capacities=tuple(capacities),
        fixed_costs=tuple(int(c * scale) for c in fixed),
        demands=tuple(demands),
        costs=tuple(tuple(int(c * scale) for c in serving[i * m : (i + 1) * m]) for i in range(n)),
        scale=scale,
    )


def _integer(value: Decimal, what: str) -> int:
    if value != value.to_integral_value() or value < 0:
        raise ValueError(f"{what} must be a non-negative integer, got {value}")
    return int(value)


def _scale(values: list[Decimal]) -> int:
    """The smallest power of ten that makes every value an integer."""
    for decimals in range(_MAX_DECIMALS + 1):
        scale = 10**decimals
        if all((v * scale) == (v * scale).to_integral_value() for v in values):
            return scale
    raise ValueError(f"costs need more than {_MAX_DECIMALS} decimals")


def to_instance(data: Holmberg, min_fraction: float = 0.0) -> Instance:
    """The pooling instance of `data`; each open facility must be filled to `min_fraction`."""
    if not 0 <= min_fraction <= 1:
        raise ValueError(f"min_fraction must be in [0, 1], got {min_fraction}")
    fraction = Fraction(str(min_fraction))  # exact: ceil(0.3 * 10) is 3, not 4
    offers = tuple(
        Offer(
            min_size=math.ceil(fraction * capacity),
            max_size=capacity,
            open_cost=fixed,
            max_parallel=1,
        )
        for capacity, fixed in zip(data.capacities, data.fixed_costs, strict=True)
    )
    demands = tuple(Demand(size=d, weight=1, splittable=False) for d in data.demands)
    arcs = tuple(
        Arc(demand=j, offer=i, cost=0, fixed_cost=data.costs[i][j])
        for j in range(data.customers)
        for i in range(data.facilities)
    )
    return Instance(demands=demands, offers=offers, arcs=arcs)


def read_optima(path: Path | str) -> dict[str, int | float]:
    """Published optimal objectives, one per line for p1, p2, ... in order."""
    values = [Decimal(t) for t in Path(path).read_text().split()]
    return {
        f"p{i}": int(v) if v == v.to_integral_value() else float(v)
        for i, v in enumerate(values, start=1)
    }


def load(name: str, data_dir: Path | str = DATA_DIR) -> Holmberg:
    """Instance `name` (p1..p71) from `data_dir`."""
    return read_holmberg(Path(data_dir) / name)


def published_optimum(name: str, data_dir: Path | str = DATA_DIR) -> int | float | None:
    """The published optimum of `name`, or None if there is none."""
    return read_optima(Path(data_dir) / "os").get(name)
