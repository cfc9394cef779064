"""The CP-SAT model of one (part of an) instance, solved in two lexicographic stages.

Stage 1 maximises the priority-weighted number of learners placed; stage 2 fixes that value
and minimises cost (hold prices plus per-learner arc costs). `PoolingModel` owns every
decision variable; one method per constraint family. This module does not decompose an
instance or run processes; see `solver.solve`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from solver.instance import Instance
from solver.solution import Assignment, OpenHold, Solution, Status, without_empty_holds

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.MODEL_INVALID: Status.UNKNOWN,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class SolveParameters:
    """Search settings for one model.

    `time_limit_s` covers both stages; stage 1 may use at most `stage1_share` of it.
    `gap_limit` stops stage 2 once its cost is proven within that relative gap (0: optimal).
    `stages` says which stages run: "both", "placement" (stage 1 only) or "cost" (stage 2
    only, keeping the hint's placement value and bound). `placement_from_hint` lets stage 1
    start from the hint (on very large parts a search from scratch takes long to find as much).
    `placement_subsolvers` names CP-SAT's full-problem subsolvers for stage 1 (its default
    portfolio when empty).
    """

    time_limit_s: float = 30.0
    seed: int = 0
    workers: int = 1
    gap_limit: float = 0.0
    stage1_share: float = 0.4
    stages: str = "both"
    placement_from_hint: bool = False
    placement_subsolvers: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.stages not in STAGES:
            raise ValueError(f"stages must be one of {', '.join(STAGES)}, got {self.stages!r}")


STAGES = ("both", "placement", "cost")


class PoolingModel:
    """All decision variables of the pooling model and the constraints between them.

    y[o, k]  hold k of offer o opens (holds of an offer open in order: k=0 first);
    x[a, k]  learners of arc a's demand in hold k of arc a's offer; for an unsplittable
             demand x = size * z[a, k] with z boolean.
    """

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.model = cp_model.CpModel()
        self.open: dict[tuple[int, int], cp_model.IntVar] = {}
        self.learners: dict[tuple[int, int], cp_model.LinearExprT] = {}
        self.use: dict[tuple[int, int], cp_model.IntVar] = {}
        self._add_holds()
        self._add_assignments()
        self._add_demand_limits()
        self._add_hold_sizes()
        self.placed = self._placed_expression()
        self.cost = self._cost_expression()

    def _add_holds(self) -> None:
        """One boolean per possible hold; later holds of an offer open only after earlier."""
        for o, offer in enumerate(self.instance.offers):
            for k in range(offer.max_parallel):
                self.open[o, k] = self.model.new_bool_var(f"open_o{o}_k{k}")
                if k > 0:
                    self.model.add_implication(self.open[o, k], self.open[o, k - 1])

    def _add_assignments(self) -> None:
        """Learners per arc and hold, linked strongly to the hold being open (x <= n * y)."""
        for a, arc in enumerate(self.instance.arcs):
            demand = self.instance.demands[arc.demand]
            offer = self.instance.offers[arc.offer]
            for k in range(offer.max_parallel):
                room = offer.max_size - offer.hold_seats_taken(k)
                y = self.open[arc.offer, k]
                if demand.splittable:
                    upper = min(demand.size, room)
                    if upper <= 0:
                        continue
                    x = self.model.new_int_var(0, upper, f"x_a{a}_k{k}")
                    self.model.add(x <= upper * y)
                    self.learners[a, k] = x
                else:
                    if demand.size > room:
                        continue  # the whole group can never fit in this hold
                    z = self.model.new_bool_var(f"z_a{a}_k{k}")
                    self.model.add_implication(z, y)
                    self.use[a, k] = z
                    self.learners[a, k] = demand.size * z

    def _arcs_by_demand(self) -> dict[int, list[tuple[int, int]]]:
        by_demand: dict[int, list[tuple[int, int]]] = {}
        for a, k in self.learners:
            by_demand.setdefault(self.instance.arcs[a].demand, []).append((a, k))
        return by_demand

    def _add_demand_limits(self) -> None:
        """A demand places at most its size; an unsplittable one goes to one hold at most."""
        for d, keys in self._arcs_by_demand().items():
            demand = self.instance.demands[d]
            if demand.splittable:
                self.model.add(sum(self.learners[key] for key in keys) <= demand.size)
            else:
                self.model.add_at_most_one(self.use[key] for key in keys)

    def _add_hold_sizes(self) -> None:
        """min <= participants <= max for every open hold, seats already taken included."""
        by_hold: dict[tuple[int, int], list[cp_model.LinearExprT]] = {h: [] for h in self.open}
        for (a, k), learners in self.learners.items():
            by_hold[self.instance.arcs[a].offer, k].append(learners)
        for (o, k), members in by_hold.items():
            offer = self.instance.offers[o]
            y = self.open[o, k]
            size = sum(members) + offer.hold_seats_taken(k) * y
            self.model.add(size <= offer.max_size * y)
            minimum = offer.hold_min(k)
            if minimum > 0:
                self.model.add(size >= minimum * y)
            if not members and minimum > offer.hold_seats_taken(k):
                self.model.add(y == 0)
            # Parallel holds after the first are identical: order them by size.
            if k >= 2:
                self.model.add(size <= self._hold_size_expr(o, k - 1, by_hold))

    def _hold_size_expr(self, o: int, k: int, by_hold: dict) -> cp_model.LinearExprT:
        return sum(by_hold[o, k]) + self.instance.offers[o].hold_seats_taken(k) * self.open[o, k]

    def _placed_expression(self) -> cp_model.LinearExprT:
        return sum(
            self.instance.demands[self.instance.arcs[a].demand].weight * learners
            for (a, _), learners in self.learners.items()
        )

    def _cost_expression(self) -> cp_model.LinearExprT:
        holds = sum(
            self.instance.offers[o].hold_open_cost(k) * y for (o, k), y in self.open.items()
        )
        arcs = sum(self.instance.arcs[a].cost * x for (a, _), x in self.learners.items())
        fixed = sum(self.instance.arcs[a].fixed_cost * z for (a, _), z in self.use.items())
        return holds + arcs + fixed

    def add_stage2_cuts(self, placed_value: int, everyone_placed: bool) -> None:
        """Redundant constraints that tighten the cost stage once placement is fixed.

        Holds must offer room for at least the learners that the placement value implies;
        when every learner is placed, each demand is placed whole (one row per demand is a
        far tighter relaxation than the single weighted sum).
        """
        heaviest = max((d.weight for d in self.instance.demands), default=1)
        room = sum(
            (self.instance.offers[o].max_size - self.instance.offers[o].hold_seats_taken(k)) * y
            for (o, k), y in self.open.items()
        )
        self.model.add(room >= -(-placed_value // heaviest))
        if not everyone_placed:
            return
        for d, keys in self._arcs_by_demand().items():
            demand = self.instance.demands[d]
            if demand.splittable:
                self.model.add(sum(self.learners[key] for key in keys) == demand.size)
            else:
                self.model.add_exactly_one(self.use[key] for key in keys)

    def add_hint(self, solution: Solution) -> None:
        """Hint a complete known solution (e.g. the greedy one) to the search."""
        self.model.clear_hints()
        opened = {(h.offer, h.slot) for h in solution.open_holds}
        for (o, k), y in self.open.items():
            self.model.add_hint(y, (o, k) in opened)
        amount = {(s.demand, s.offer, s.slot): s.learners for s in solution.assignments}
        for (a, k), x in self.learners.items():
            arc = self.instance.arcs[a]
            value = amount.get((arc.demand, arc.offer, k), 0)
            if (a, k) in self.use:
                self.model.add_hint(self.use[a, k], value > 0)
            else:
                self.model.add_hint(x, value)

    def read_solution(self, solver: cp_model.CpSolver) -> tuple[list[OpenHold], list[Assignment]]:
        """Open holds and assignments of the solver's current solution."""
        holds = [OpenHold(o, k) for (o, k), y in self.open.items() if solver.boolean_value(y)]
        assignments = []
        for (a, k), x in self.learners.items():
            value = int(solver.value(x))
            if value > 0:
                arc = self.instance.arcs[a]
                assignments.append(Assignment(arc.demand, arc.offer, k, value))
        return holds, assignments


def solve_model(
    instance: Instance,
    parameters: SolveParameters,
    hint: Solution | None = None,
    placed_upper: int | None = None,
    trace: Callable[[int, float, float], None] | None = None,
) -> Solution:
    """Solve `instance` in two lexicographic stages; fall back to `hint` if CP-SAT finds less.

    `placed_upper` is a known upper bound on the placement value (see `solver.bound`): stage 1
    stops as soon as a solution meets it, and when the hint already meets it stage 1 is
    skipped. Stage 1 searches without the hint (measured: a hint, greedy or fill, slows
    CP-SAT's way to the best placement two- to fourfold); the hint is kept when the search
    finds less. Stage 2 starts from stage 1's solution (or, with `stages="cost"`, from the
    hint, which must be given). The status is OPTIMAL only when both objectives meet their
    bounds; after stage 1 alone (`stages="placement"`) the cost bound is 0.
    `trace(stage, objective, bound)` hears of every solution found and of each stage's end
    (for benchmarks that time how fast a proof comes).
    """
    started = time.perf_counter()
    deadline = time.monotonic() + parameters.time_limit_s
    pooling = PoolingModel(instance)
    if parameters.stages == "cost":
        if hint is None:
            raise ValueError('stages="cost" needs a hint whose placement it keeps')
        placed = hint
    elif placed_upper is not None and hint is not None and hint.placed_value >= placed_upper:
        placed = replace(hint, placed_bound=hint.placed_value)
    else:
        placed, go_on = _stage1(instance, pooling, parameters, hint, trace, placed_upper)
        # CP-SAT's bound may come from variable domains alone when stopped early: clip it.
        everyone = sum(d.weight * d.size for d in instance.demands)
        upper = min(everyone, everyone if placed_upper is None else placed_upper)
        placed = replace(
            placed, placed_bound=max(placed.placed_value, min(placed.placed_bound, upper))
        )
        if not go_on:
            return _replace_status(placed, placed.status, started)
    if parameters.stages == "placement":
        return _replace_status(placed, placed.status, started)

    pooling.model.add(pooling.placed >= placed.placed_value)
    everyone = sum(d.weight * d.size for d in instance.demands)
    pooling.add_stage2_cuts(placed.placed_value, everyone_placed=placed.placed_value == everyone)
    pooling.add_hint(placed)
    pooling.model.minimize(pooling.cost)
    solver = _solver(parameters, deadline - time.monotonic(), gap=parameters.gap_limit)
    stage2 = _STATUS[_run(solver, pooling.model, 2, trace)]
    result = _solution(instance, placed.open_holds, placed.assignments, placed.placed_bound, 0)
    if stage2 in (Status.OPTIMAL, Status.FEASIBLE):
        holds, assignments = pooling.read_solution(solver)
        cost_bound = int(-(-solver.best_objective_bound // 1))
        result = _solution(instance, holds, assignments, placed.placed_bound, cost_bound)
    return _replace_status(result, result.status, started)


def _stage1(
    instance: Instance,
    pooling: PoolingModel,
    parameters: SolveParameters,
    hint: Solution | None,
    trace: Callable[[int, float, float], None] | None,
    placed_upper: int | None,
) -> tuple[Solution, bool]:
    """Stage 1, most placed, in its share of the time: (solution, whether to go on to cost).

    When the search finds nothing, or less than the hint, the hint (or nothing) is the end.
    """
    pooling.model.maximize(pooling.placed)
    if hint is not None and parameters.placement_from_hint:
        pooling.add_hint(hint)
    share = 1.0 if parameters.stages == "placement" else parameters.stage1_share
    solver = _solver(parameters, parameters.time_limit_s * share, gap=0.0)
    solver.parameters.subsolvers.extend(parameters.placement_subsolvers)
    stage1 = _STATUS[_run(solver, pooling.model, 1, trace, placed_upper)]
    if stage1 not in (Status.OPTIMAL, Status.FEASIBLE):
        return (
            Solution.empty(stage1) if hint is None else replace(hint, status=Status.FEASIBLE)
        ), False
    placed_value = round(solver.objective_value)
    placed_bound = int(solver.best_objective_bound + 1e-6)
    if hint is not None and hint.placed_value > placed_value:
        # The search did not even reach the hint in time: keep the better known solution.
        bound = min(hint.placed_bound, placed_bound)
        return replace(hint, status=Status.FEASIBLE, placed_bound=bound), False
    holds, assignments = pooling.read_solution(solver)
    return _solution(instance, holds, assignments, placed_bound, 0), True


class _Watch(cp_model.CpSolverSolutionCallback):
    """Tells `trace` of each solution; stops the search once a solution reaches `enough`."""

    def __init__(
        self, stage: int, trace: Callable[[int, float, float], None] | None, enough: int | None
    ) -> None:
        super().__init__()
        self._stage, self._trace, self._enough = stage, trace, enough
        self.reached = False

    def on_solution_callback(self) -> None:
        if self._trace is not None:
            self._trace(self._stage, self.objective_value, self.best_objective_bound)
        if self._enough is not None and self.objective_value >= self._enough - 1e-6:
            self.reached = True
            self.stop_search()


def _run(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    stage: int,
    trace: Callable[[int, float, float], None] | None,
    enough: int | None = None,
) -> int:
    """Solve, telling `trace` of each solution and of the end; stop at `enough` (maximising).

    A search stopped at `enough` is OPTIMAL: `enough` is a proven upper bound.
    """
    if trace is None and enough is None:
        return solver.solve(model)
    watch = _Watch(stage, trace, enough)
    status = solver.solve(model, watch)
    if watch.reached:
        status = cp_model.OPTIMAL
    if trace is not None and status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        bound = solver.objective_value if watch.reached else solver.best_objective_bound
        trace(stage, solver.objective_value, bound)
    return status


def _solver(parameters: SolveParameters, seconds: float, gap: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.random_seed = parameters.seed
    solver.parameters.num_workers = max(1, parameters.workers)
    solver.parameters.relative_gap_limit = gap
    return solver


def _solution(
    instance: Instance,
    holds: list[OpenHold],
    assignments: list[Assignment],
    placed_bound: int,
    cost_bound: int,
) -> Solution:
    """A Solution of the model's values, without holds that hold none of our learners."""
    holds = without_empty_holds(holds, assignments)
    return Solution.of(instance, holds, assignments, placed_bound, cost_bound)


def _replace_status(solution: Solution, status: Status, started: float) -> Solution:
    return Solution(
        status=status,
        open_holds=solution.open_holds,
        assignments=solution.assignments,
        placed_value=solution.placed_value,
        placed_learners=solution.placed_learners,
        cost=solution.cost,
        placed_bound=solution.placed_bound,
        cost_bound=solution.cost_bound,
        seconds=time.perf_counter() - started,
    )
