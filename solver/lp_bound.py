"""A lower bound on a part's cost at a given placement value, from a linear relaxation.

The relaxation of the pooling MIP of `solver.mip` (the CP-SAT model's rows: holds open
between 0 and 1, learners fractional, each learner linked to its hold being open), with the
placement value held at least at a known value, solved by GLOP, OR-Tools' simplex, in this
process. When everyone is placed, each demand's row holds with equality and rows the model
does not state are added: for the demands whose offers all lie among one demand's offers,
those offers must open at least as many holds as it takes to seat them. CP-SAT's own bound
after a short cost stage is often far weaker (a region's largest part: the LP's bound in
tenths of a second, where CP-SAT needs seconds). This module does not
search for solutions and decides no time budgets.
"""

from __future__ import annotations

import math

from ortools.linear_solver import pywraplp

from solver.instance import Instance
from solver.mip import MipModel

_INF = math.inf
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
    model = MipModel.build(instance)
    everyone = placed_value >= sum(d.weight * d.size for d in instance.demands)
    lower = list(model.row_lower)
    if everyone:  # each demand placed whole: its row holds with equality
        for row in model.demand_rows.values():
            lower[row] = model.row_upper[row]
    columns = [
        lp.NumVar(lo, hi, "") for lo, hi in zip(model.col_lower, model.col_upper, strict=True)
    ]
    for low, high, terms in zip(lower, model.row_upper, model.row_terms, strict=True):
        row = lp.Constraint(
            -lp.infinity() if low == -_INF else low, lp.infinity() if high == _INF else high
        )
        for column, coefficient in terms:
            row.SetCoefficient(columns[column], coefficient)
    placed = lp.Constraint(placed_value, lp.infinity())
    for column, weight in enumerate(model.placed_costs()):
        if weight:
            placed.SetCoefficient(columns[column], weight)
    if everyone:
        _add_covers(lp, instance, {hold: columns[c] for hold, c in model.open.items()})
    objective = lp.Objective()
    for column, cost in enumerate(model.cost_costs()):
        if cost:
            objective.SetCoefficient(columns[column], cost)
    objective.SetMinimization()
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    value = objective.Value()
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
