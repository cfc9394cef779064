"""The cost stage of one part on HiGHS, in a child process, while CP-SAT searches here.

HiGHS' branch and cut proves much stronger cost bounds on the pooling MIP (`solver.mip`) than
CP-SAT does in the same time (a region's largest part: within 1.1 % of the best plan known
after 3 s, where CP-SAT's bound needs 20 s or more), while CP-SAT finds cheaper plans sooner.
`HighsCost` starts HiGHS on a part with its placement held and, when asked, gives back the
best of what HiGHS found: its plan (checked by `solver.verify_solution`) with its bound, or
the plan it was given with that bound. This module does not decide which parts get it.
"""

from __future__ import annotations

import math
from dataclasses import replace

from solver.highs_process import start_in_subprocess
from solver.instance import Instance
from solver.mip import MipModel
from solver.solution import Solution, Status, without_empty_holds
from solver.verify import verify_solution

# HiGHS's dual bound is exact to about this relative tolerance: it is lowered by as much.
_TOLERANCE = 1e-6


class HighsCost:
    """HiGHS minimising the cost of `placed`'s placement (or more) for `seconds`, under way.

    With `relax`, HiGHS solves only the linear relaxation (interior point): a bound within
    seconds on parts whose branch and cut would not finish its root in time.
    """

    def __init__(
        self, instance: Instance, placed: Solution, seconds: float, seed: int, relax: bool = False
    ) -> None:
        self.instance, self.placed = instance, placed
        self.model = MipModel.build(instance)
        problem = self.model.problem(seconds, 1, seed)
        problem.update(reached=placed.placed_value, start=self.model.start(placed), relax=relax)
        self._running = start_in_subprocess(problem)

    def result(self, timeout: float) -> Solution | None:
        """HiGHS's plan with its cost bound, or `placed` with it; None if HiGHS failed."""
        out = self._running.result(timeout)
        if out is None or out.get("second") is None:
            return None
        second = out["second"]
        bound = second["bound"]
        if not math.isfinite(bound):
            return None
        bound = max(0, math.ceil(bound - _TOLERANCE * max(1.0, abs(bound))))
        found = None
        if second["values"] is not None:
            holds, assignments = self.model.read_solution(second["values"])
            holds = without_empty_holds(holds, assignments)
            found = Solution.of(self.instance, holds, assignments, self.placed.placed_bound, 0)
            fewer = found.placed_value < self.placed.placed_value
            if fewer or verify_solution(self.instance, found):
                found = None
        base = found if found is not None and found.cost < self.placed.cost else self.placed
        bound = min(bound, base.cost)
        proven = base.placed_value == base.placed_bound and bound >= base.cost
        return replace(base, cost_bound=bound, status=Status.OPTIMAL if proven else Status.FEASIBLE)
