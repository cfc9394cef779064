"""The monolithic peer: the whole pooling MIP (`solver.mip`) on HiGHS, for benchmarking.

Same variables, constraints and two lexicographic stages as the CP-SAT model (maximise the
priority-weighted learners placed; fix that and minimise cost), solved by
`solver.highs_process` in a separate process (OR-Tools and highspy bundle clashing copies of
libhighs). It does not decompose an instance and is not used by the application (which runs
HiGHS only for the cost stage of some parts, `solver.highs_cost`).
"""

from __future__ import annotations

import dataclasses
import math
import time

from solver import Assignment, Instance, OpenHold, Solution, Status
from solver.highs_process import solve_in_subprocess
from solver.mip import MipModel
from solver.solution import without_empty_holds

_INF = math.inf


def solve_highs(
    instance: Instance,
    time_limit_s: float,
    threads: int = 2,
    seed: int = 0,
    trace: list[tuple[int, float, float, float]] | None = None,
) -> Solution:
    """Solve `instance` in two lexicographic stages with HiGHS.

    As in `solver.cpsat`, stage 1 may use 40 % of `time_limit_s` and stage 2 the rest. The
    status is OPTIMAL only when both stages are proven optimal and the integer bounds meet the
    objective values. HiGHS' branch and bound is essentially sequential; `threads` is passed
    on all the same. `trace`, if given, receives (stage, seconds since HiGHS started, best
    objective, dual bound) as the search goes.
    """
    started = time.perf_counter()
    model = MipModel.build(instance)
    result = solve_in_subprocess(model.problem(time_limit_s, threads, seed))
    first, second = result["first"], result["second"]
    if trace is not None:
        trace.extend(result["trace"])
    most = sum(d.weight * d.size for d in instance.demands)
    placed_bound = _floor(first["bound"], most)
    if first["values"] is None:
        nothing = dataclasses.replace(Solution.empty(Status.UNKNOWN), placed_bound=placed_bound)
        return _finish(nothing, started)
    holds, assignments = model.read_solution(first["values"])
    solution = _solution(instance, holds, assignments, placed_bound, 0)
    if second is not None and second["values"] is not None:
        holds, assignments = model.read_solution(second["values"])
        cost_bound = _ceil(second["bound"], 0)
        solution = _solution(instance, holds, assignments, placed_bound, cost_bound)
    return _finish(solution, started)


def _floor(upper_bound: float, at_most: int) -> int:
    """An integer upper bound from HiGHS' dual bound (infinite before the root LP)."""
    if not math.isfinite(upper_bound):
        return at_most
    return min(at_most, math.floor(upper_bound + 1e-6 * max(1.0, abs(upper_bound))))


def _ceil(lower_bound: float, at_least: int) -> int:
    """An integer lower bound from HiGHS' dual bound (infinite before the root LP)."""
    if not math.isfinite(lower_bound):
        return at_least
    return max(at_least, math.ceil(lower_bound - 1e-6 * max(1.0, abs(lower_bound))))


def _solution(
    instance: Instance,
    holds: list[OpenHold],
    assignments: list[Assignment],
    placed_bound: int,
    cost_bound: int,
) -> Solution:
    """A Solution whose objective values are recounted from the instance.

    Holds with none of our learners are dropped, as in `solver.cpsat`; OPTIMAL when the
    bounds meet the recounted values.
    """
    holds = without_empty_holds(holds, assignments)
    # Bounds that meet the recounted values are a proof, whatever HiGHS' own status said.
    return Solution.of(instance, holds, assignments, placed_bound, cost_bound)


def _finish(solution: Solution, started: float) -> Solution:
    return dataclasses.replace(solution, seconds=time.perf_counter() - started)
