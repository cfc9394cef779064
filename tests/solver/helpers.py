"""Small builders and a brute-force optimum for solver tests."""

from __future__ import annotations

import itertools

from solver import Arc, Demand, Instance, Solution, SolveOptions, solve


def instance(demands, offers, arcs) -> Instance:
    """Build an Instance from tuples: demands (size, weight, splittable), arcs (d, o, cost)."""
    return Instance(
        demands=tuple(Demand(size=s, weight=w, splittable=sp) for s, w, sp in demands),
        offers=tuple(offers),
        arcs=tuple(Arc(demand=d, offer=o, cost=c) for d, o, c in arcs),
    )


def optimum(inst: Instance, workers: int = 1) -> Solution:
    return solve(inst, SolveOptions(time_limit_s=10, seed=0, workers=workers)).solution


def brute_force(inst: Instance) -> tuple[int, int]:
    """(best placed value, least cost at that value) by enumerating every plan."""
    holds = [(o, k) for o, offer in enumerate(inst.offers) for k in range(offer.max_parallel)]
    choices_per_demand = []
    for d, demand in enumerate(inst.demands):
        reachable = [i for i, (o, _) in enumerate(holds) if inst.arc_between(d, o) is not None]
        if demand.splittable:
            options = [
                amounts
                for amounts in itertools.product(range(demand.size + 1), repeat=len(reachable))
                if sum(amounts) <= demand.size
            ]
            choices_per_demand.append([dict(zip(reachable, a, strict=True)) for a in options])
        else:
            choices_per_demand.append([{}] + [{i: demand.size} for i in reachable])
    best = (-1, 0)
    for plan in itertools.product(*choices_per_demand):
        for opened in itertools.product((False, True), repeat=len(holds)):
            value = _value(inst, holds, plan, opened)
            if value is not None and (
                value[0] > best[0] or (value[0] == best[0] and value[1] < best[1])
            ):
                best = value
    return best


def _value(inst, holds, plan, opened):
    load = [0] * len(holds)
    placed = cost = 0
    for d, amounts in enumerate(plan):
        for i, n in amounts.items():
            if n == 0:
                continue
            if not opened[i]:
                return None
            o = holds[i][0]
            load[i] += n
            placed += inst.demands[d].weight * n
            cost += inst.arc_between(d, o).cost * n
    for i, (o, k) in enumerate(holds):
        if not opened[i]:
            continue
        offer = inst.offers[o]
        if k > 0 and not opened[holds.index((o, k - 1))]:
            return None
        size = load[i] + offer.hold_seats_taken(k)
        if not offer.hold_min(k) <= size <= offer.max_size:
            return None
        cost += offer.hold_open_cost(k)
    return placed, cost
