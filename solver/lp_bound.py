"""A lower bound on a part's cost at a given placement value, from a linear relaxation.

The relaxation of the CP-SAT model of `solver.cpsat` (holds open between 0 and 1, learners
fractional, each learner linked to its hold being open), with the placement value held at
least at a known value, solved by GLOP, OR-Tools' simplex, in this process. When everyone is
placed, each demand is placed whole and two kinds of rows the model does not state are added:
holds must offer room for every learner, and for the demands whose offers all lie among one
demand's offers, those offers must open at least as many holds as it takes to seat them.
CP-SAT's own bound after a short cost stage is often far weaker (a region's largest part:
the LP's bound in hundredths of a second, where CP-SAT needs seconds). This module does not
search for solutions and decides no time budgets.
"""

from __future__ import annotations

import math

from ortools.linear_solver import pywraplp

from solver.instance import Instance

# The simplex works to about this relative tolerance: the bound is lowered by as much
# before it is rounded up to the next whole krone.
_TOLERANCE = 1e-6


def cost_bound(instance: Instance, placed_value: int, seconds: float = 10.0) -> int | None:
    """A lower bound on the cost of any plan placing at least `placed_value`, or None.

    None when the LP solver does not reach its optimum within `seconds` (the bound is then
    unknown).
    """
    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None:
        return None
    lp.SetTimeLimit(max(1, int(seconds * 1000)))
    demands, offers = instance.demands, instance.offers
    everyone = placed_value >= sum(d.weight * d.size for d in demands)
    y = {}
    for o, offer in enumerate(offers):
        for k in range(offer.max_parallel):
            y[o, k] = lp.NumVar(0.0, 1.0, "")
            if k > 0:
                lp.Add(y[o, k] <= y[o, k - 1])
    by_demand: dict[int, list] = {}
    by_hold: dict[tuple[int, int], list] = {}
    placed, cost = [], []
    for arc in instance.arcs:
        demand, offer = demands[arc.demand], offers[arc.offer]
        for k in range(offer.max_parallel):
            room = offer.max_size - offer.hold_seats_taken(k)
            upper = min(demand.size, room)
            if upper <= 0 or (not demand.splittable and demand.size > room):
                continue
            x = lp.NumVar(0.0, upper, "")
            lp.Add(x <= upper * y[arc.offer, k])
            by_demand.setdefault(arc.demand, []).append(x)
            by_hold.setdefault((arc.offer, k), []).append(x)
            placed.append(demand.weight * x)
            per_learner = arc.cost + (arc.fixed_cost / demand.size if arc.fixed_cost else 0)
            cost.append(per_learner * x)
    for d, xs in by_demand.items():
        if everyone:
            lp.Add(lp.Sum(xs) == demands[d].size)
        else:
            lp.Add(lp.Sum(xs) <= demands[d].size)
    for (o, k), hold in y.items():
        offer = offers[o]
        members = lp.Sum(by_hold.get((o, k), [])) + offer.hold_seats_taken(k) * hold
        lp.Add(members <= offer.max_size * hold)
        if offer.hold_min(k) > 0:
            lp.Add(members >= offer.hold_min(k) * hold)
        cost.append(offer.hold_open_cost(k) * hold)
    lp.Add(lp.Sum(placed) >= placed_value)
    if everyone:
        _add_covers(lp, instance, y)
    lp.Minimize(lp.Sum(cost))
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    value = lp.Objective().Value()
    # Every plan's cost is a whole number: round up what the simplex's tolerance leaves.
    return max(0, math.ceil(value - _TOLERANCE * max(1.0, abs(value))))


def _add_covers(lp: pywraplp.Solver, instance: Instance, y: dict) -> None:
    """Rows that hold when every demand is placed whole: enough holds where demands can go."""
    reach: dict[int, set[int]] = {}
    for arc in instance.arcs:
        reach.setdefault(arc.demand, set()).add(arc.offer)
    seen: set[frozenset[int]] = set()
    for offers in reach.values():
        key = frozenset(offers)
        if key in seen:
            continue
        seen.add(key)
        need = sum(instance.demands[e].size for e, there in reach.items() if there <= offers)
        holds = [(o, k) for o in offers for k in range(instance.offers[o].max_parallel)]
        rooms = sorted(
            (
                instance.offers[o].max_size - instance.offers[o].hold_seats_taken(k)
                for o, k in holds
            ),
            reverse=True,
        )
        count, seated = 0, 0
        while seated < need and count < len(rooms):
            seated += rooms[count]
            count += 1
        if seated >= need:
            lp.Add(lp.Sum(y[h] for h in holds) >= count)
