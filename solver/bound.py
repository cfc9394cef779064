"""An upper bound on the placement value of each part, computed before any search.

Lagrangian relaxation of the demand rows (a demand places at most its size): with a price
`lam[d]` per learner of demand d, the model falls apart into one small problem per hold:
open it or not, and if open fill it with between its minimum and maximum learners, each worth
`weight - lam`. That problem is solved exactly by taking the most valuable learners first and
topping up to the minimum with the least costly ones. For any prices >= 0,

    L(lam) = sum over demands of lam[d] * size[d] + sum over holds of max(0, best fill)

bounds the placement value from above; subgradient steps (Polyak, per part) lower it. The
prices start at the weights, where L is "everyone placed", so the bound is never weaker than
that. The holds' minimum sizes stay in the subproblem, which is what makes the bound stronger
than the LP's. Relaxed, and so still valid: a keep-together group may be split within a hold,
and parallel holds need not open in order.

All parts are handled together in numpy arrays, each with its own step size. This module does
not build a solver model and does not decide time budgets (see `solver.solve`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from solver.instance import Instance

# Subgradient iterations at most, and the step factor's halving after this many iterations
# without improvement.
_ITERATIONS = 300
_PATIENCE = 8


@dataclass(frozen=True, slots=True)
class _Relaxation:
    """Items (learners of a demand in a hold, up to `cap`) of all parts, as flat arrays."""

    item_hold: np.ndarray
    item_demand: np.ndarray
    item_cap: np.ndarray
    hold_lo: np.ndarray
    hold_hi: np.ndarray
    hold_part: np.ndarray
    demand_size: np.ndarray
    demand_weight: np.ndarray
    demand_part: np.ndarray
    parts: int


def _relaxation(parts: list[Instance], unit: bool) -> _Relaxation:
    item_hold, item_demand, item_cap = [], [], []
    hold_lo, hold_hi, hold_part = [], [], []
    sizes, weights, demand_part = [], [], []
    for p, inst in enumerate(parts):
        first_demand = len(sizes)
        sizes += [d.size for d in inst.demands]
        weights += [1 if unit else d.weight for d in inst.demands]
        demand_part += [p] * len(inst.demands)
        hold_of: dict[tuple[int, int], int] = {}
        for o, offer in enumerate(inst.offers):
            for k in range(offer.max_parallel):
                hold_of[o, k] = len(hold_lo)
                seats = offer.hold_seats_taken(k)
                hold_lo.append(max(0, offer.hold_min(k) - seats))
                hold_hi.append(offer.max_size - seats)
                hold_part.append(p)
        for arc in inst.arcs:
            demand = inst.demands[arc.demand]
            offer = inst.offers[arc.offer]
            for k in range(offer.max_parallel):
                room = offer.max_size - offer.hold_seats_taken(k)
                cap = min(demand.size, room)
                if cap <= 0 or (not demand.splittable and demand.size > room):
                    continue
                item_hold.append(hold_of[arc.offer, k])
                item_demand.append(first_demand + arc.demand)
                item_cap.append(cap)
    item_hold_a = np.array(item_hold, dtype=np.int64)
    item_cap_a = np.array(item_cap, dtype=np.float64)
    lo = np.array(hold_lo, dtype=np.float64)
    # A hold that all its items together cannot bring to its minimum never opens.
    reachable = np.bincount(item_hold_a, weights=item_cap_a, minlength=len(lo))
    keep = reachable[item_hold_a] >= lo[item_hold_a]
    return _Relaxation(
        item_hold=item_hold_a[keep],
        item_demand=np.array(item_demand, dtype=np.int64)[keep],
        item_cap=item_cap_a[keep],
        hold_lo=lo,
        hold_hi=np.array(hold_hi, dtype=np.float64),
        hold_part=np.array(hold_part, dtype=np.int64),
        demand_size=np.array(sizes, dtype=np.float64),
        demand_weight=np.array(weights, dtype=np.float64),
        demand_part=np.array(demand_part, dtype=np.int64),
        parts=len(parts),
    )


def _evaluate(r: _Relaxation, lam: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """L(lam) per part, and the subgradient per demand (size minus learners taken)."""
    profit = r.demand_weight[r.item_demand] - lam[r.item_demand]
    order = np.lexsort((-profit, r.item_hold))
    hold, cap, value = r.item_hold[order], r.item_cap[order], profit[order]
    holds = len(r.hold_lo)
    cum = np.cumsum(cap)
    group_start = np.zeros(holds)
    if len(hold):
        firsts = np.flatnonzero(np.r_[True, hold[1:] != hold[:-1]])
        group_start[hold[firsts]] = cum[firsts] - cap[firsts]
    before = cum - cap - group_start[hold]
    positive = np.bincount(hold, weights=cap * (value > 0), minlength=holds)
    target = np.clip(positive, r.hold_lo, r.hold_hi)
    take = np.clip(target[hold] - before, 0, cap)
    fill = np.bincount(hold, weights=value * take, minlength=holds)
    opened = fill > 0
    take *= opened[hold]
    per_part = np.bincount(r.demand_part, weights=lam * r.demand_size, minlength=r.parts)
    per_part += np.bincount(r.hold_part, weights=np.maximum(fill, 0), minlength=r.parts)
    taken = np.bincount(r.item_demand[order], weights=take, minlength=len(lam))
    return per_part, r.demand_size - taken


def placement_bounds(
    parts: list[Instance],
    lower: list[int],
    iterations: int = _ITERATIONS,
    seconds: float = 5.0,
    learners: bool = False,
) -> list[int]:
    """An upper bound on the placement value of each part, never above "everyone placed".

    `lower` is a known feasible value per part (e.g. the greedy's): it sets the step sizes,
    and a part whose bound meets it is proven and stops moving. With `learners`, every
    weight counts as 1: the bound is on the number of learners any plan can place.
    """
    if not parts:
        return []
    deadline = time.monotonic() + seconds
    r = _relaxation(parts, unit=learners)
    lam = r.demand_weight.copy()
    everyone = np.bincount(
        r.demand_part, weights=r.demand_weight * r.demand_size, minlength=r.parts
    )
    best = everyone.copy()
    low = np.array(lower, dtype=np.float64)
    factor = np.full(r.parts, 2.0)
    stale = np.zeros(r.parts, dtype=np.int64)
    for _ in range(iterations):
        value, gradient = _evaluate(r, lam)
        improved = value < best - 1e-9
        best = np.minimum(best, value)
        stale = np.where(improved, 0, stale + 1)
        halve = stale >= _PATIENCE
        factor = np.where(halve, factor / 2, factor)
        stale[halve] = 0
        open_gap = np.floor(best + 1e-6) > low
        if not open_gap.any() or time.monotonic() > deadline:
            break
        norm = np.bincount(r.demand_part, weights=gradient**2, minlength=r.parts)
        step = np.where(
            open_gap & (norm > 0), factor * (value - low) / np.maximum(norm, 1e-12), 0.0
        )
        lam = np.clip(lam - step[r.demand_part] * gradient, 0.0, r.demand_weight)
    return [int(b) for b in np.floor(np.minimum(best, everyone) + 1e-6)]


def placement_bound(instance: Instance, lower: int = 0, learners: bool = False) -> int:
    """The bound of one instance (see `placement_bounds`)."""
    return placement_bounds([instance], [lower], learners=learners)[0]
