"""The solver's one entry point: decompose, solve the parts (in parallel), merge.

Parts are plain data, so they run on any `concurrent.futures` executor; by default a pool of
local processes, or in this process when there is little to gain. Progress is reported after
each finished batch of parts. This module does not build models (see `solver.cpsat`) and does
not know what the numbers mean.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace

from solver.bound import placement_bounds
from solver.decompose import Part, decompose, merge
from solver.fill import solve_fill
from solver.greedy import solve_greedy
from solver.instance import Instance
from solver.solution import Solution, Status

METHODS = ("cpsat", "greedy")
# Below this total model size, process start-up costs more than parallel solving gains.
_IN_PROCESS_SIZE = 20_000
# Parts at least this large are solved one at a time with CP-SAT's parallel portfolio.
_BIG_PART_SIZE = 1_500
# CP-SAT's portfolio of search strategies for a big part; they share the machine's cores.
_PORTFOLIO_WORKERS = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class SolveOptions:
    """How to solve: method, total wall-clock limit, seed, worker processes, cost gap."""

    method: str = "cpsat"
    time_limit_s: float = 30.0
    seed: int = 0
    workers: int = 2
    gap_limit: float = 0.0

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {self.method!r}")
        if self.time_limit_s <= 0:
            raise ValueError(f"time_limit_s must be > 0, got {self.time_limit_s}")
        if self.workers < 1:
            raise ValueError(f"workers must be >= 1, got {self.workers}")
        if not 0 <= self.gap_limit < 1:
            raise ValueError(f"gap_limit must be in [0, 1), got {self.gap_limit}")


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a solve stands: parts finished, learners placed so far, placement bound.

    `cost` and `cost_bound` add up the finished parts' results and the open parts' starts
    (their greedy plans, with a cost bound of 0).
    """

    parts_done: int
    parts_total: int
    placed_learners: int
    placed_value: int
    placed_bound: int
    cost: int = 0
    cost_bound: int = 0


@dataclass(frozen=True, slots=True)
class PartReport:
    """Status and size of one part, for the summary."""

    demands: int
    offers: int
    status: Status
    seconds: float


@dataclass(frozen=True, slots=True)
class SolveReport:
    """The merged solution, each part's report, wall seconds, and a bound on learners.

    `learners_bound` is an upper bound on the learners any plan could place (None when not
    computed, as with the greedy method).
    """

    solution: Solution
    parts: tuple[PartReport, ...]
    seconds: float
    learners_bound: int | None = None


def solve(
    instance: Instance,
    options: SolveOptions | None = None,
    progress: Callable[[Progress], None] | None = None,
    executor: Executor | None = None,
) -> SolveReport:
    """Solve `instance`; the status is OPTIMAL only when every part is proven optimal.

    Every part starts from the better of two heuristics (`solver.greedy`, `solver.fill`) and a
    Lagrangian bound (`solver.bound`); a part whose start meets that bound needs only its cost
    stage. Time goes to parts by
    their remaining placement gap and, less, by size. Big parts are solved here one after
    another with CP-SAT's parallel portfolio; small parts go in batches to worker processes
    (or run here when there is little to gain).
    """
    options = options or SolveOptions()
    started = time.perf_counter()
    deadline = time.monotonic() + options.time_limit_s
    parts = decompose(instance)
    starts = [solve_greedy(p.instance) for p in parts]
    learners_bound = None
    if options.method == "cpsat":
        starts = [
            _better_start(s, solve_fill(p.instance)) for p, s in zip(parts, starts, strict=True)
        ]
        starts = _with_bounds(parts, starts, options)
        learners_bound = _learners_bound(parts, starts, options)
    tracker = _Tracker(starts, progress)
    tracker.report()
    if options.method == "cpsat":
        _solve_parts(parts, starts, options, deadline, tracker, executor)
    final = tracker.solutions()
    if options.method == "cpsat":
        _use_time_left(parts, final, options, deadline, tracker)
    merged = merge(instance, parts, final)
    reports = tuple(
        PartReport(len(p.demand_ids), len(p.offer_ids), s.status, s.seconds)
        for p, s in zip(parts, final, strict=True)
    )
    if learners_bound is not None:
        learners_bound = max(learners_bound, merged.placed_learners)
    return SolveReport(merged, reports, time.perf_counter() - started, learners_bound)


def _better_start(first: Solution, second: Solution) -> Solution:
    """The start that places more (weighted), then costs less."""
    if (second.placed_value, -second.cost) > (first.placed_value, -first.cost):
        return second
    return first


# The Lagrangian bound may use this share of the time limit, and at most _BOUND_SECONDS.
_BOUND_SHARE = 0.05
_BOUND_SECONDS = 3.0


def _with_bounds(
    parts: list[Part], starts: list[Solution], options: SolveOptions
) -> list[Solution]:
    """The greedy solutions with the Lagrangian bound of their part as placement bound."""
    bounds = placement_bounds(
        [p.instance for p in parts],
        [s.placed_value for s in starts],
        seconds=min(_BOUND_SECONDS, _BOUND_SHARE * options.time_limit_s),
    )
    return [
        replace(s, placed_bound=max(s.placed_value, min(s.placed_bound, b)))
        for s, b in zip(starts, bounds, strict=True)
    ]


def _learners_bound(parts: list[Part], starts: list[Solution], options: SolveOptions) -> int:
    """An upper bound on the learners any plan places: the same bound with unit weights."""
    bounds = placement_bounds(
        [p.instance for p in parts],
        [s.placed_learners for s in starts],
        seconds=min(_BOUND_SECONDS, _BOUND_SHARE * options.time_limit_s),
        learners=True,
    )
    return sum(bounds)


def _weights(parts: list[Part], solutions: list[Solution]) -> list[float]:
    """Each part's share of the time: mostly by its placement gap, partly by its size."""
    sizes = [p.size for p in parts]
    gaps = [s.placed_bound - s.placed_value for s in solutions]
    total_size, total_gap = sum(sizes) or 1, sum(gaps)
    if total_gap == 0:
        return [size / total_size for size in sizes]
    return [
        _GAP_SHARE * gap / total_gap + (1 - _GAP_SHARE) * size / total_size
        for gap, size in zip(gaps, sizes, strict=True)
    ]


# The first pass over the parts (here) may use this share of the time.
_FIRST_PASS_SHARE = 0.5
# How much of the time goes by placement gap (the rest goes by size, for the cost stage).
_GAP_SHARE = 0.7


def _solve_parts(
    parts: list[Part],
    starts: list[Solution],
    options: SolveOptions,
    deadline: float,
    tracker: _Tracker,
    executor: Executor | None,
) -> None:
    """First pass over every part: big ones here one by one, small ones in worker processes."""
    weights = _weights(parts, starts)
    big = [i for i, p in enumerate(parts) if p.size >= _BIG_PART_SIZE and options.workers > 1]
    big_set = set(big)
    small = [i for i in range(len(parts)) if i not in big_set]
    small_size = sum(parts[i].size for i in small)
    use_pool = executor is not None or (options.workers > 1 and small_size >= _IN_PROCESS_SIZE)
    own_pool = None
    futures = {}
    if use_pool and small:
        pool = executor or ProcessPoolExecutor(max_workers=options.workers, mp_context=_context())
        own_pool = None if executor else pool
        for batch in _batches([parts[i] for i in small], options.workers):
            chosen = [small[j] for j in batch]
            # Parts in a pool run side by side: each may use its share of every worker.
            budgets = [options.time_limit_s * options.workers * weights[i] for i in chosen]
            work = [(parts[i].instance, starts[i]) for i in chosen]
            futures[pool.submit(_solve_batch, work, budgets, options, deadline, 1)] = chosen
    try:
        # Least weight first: what quick parts leave flows on to the hard ones.
        sequential = sorted(big + ([] if use_pool else small), key=lambda i: weights[i])
        left = sum(weights[i] for i in sequential)
        # The first pass may use part of the time; the rest goes where gaps are left.
        first_pass = time.monotonic() + _FIRST_PASS_SHARE * (deadline - time.monotonic())
        for i in sequential:
            # One after another, each part gets its share of what is left.
            budget = (first_pass - time.monotonic()) * weights[i] / max(1e-9, left)
            left -= weights[i]
            workers = _PORTFOLIO_WORKERS if i in big_set else min(options.workers, 2)
            solution = _solve_part(parts[i].instance, starts[i], options, budget, deadline, workers)
            tracker.done(i, solution)
        for future in as_completed(futures):
            for i, solution in zip(futures[future], future.result(), strict=True):
                tracker.done(i, solution)
    finally:
        if own_pool is not None:
            own_pool.shutdown()


class _Tracker:
    """Solutions of parts as they finish, and progress reports about them."""

    def __init__(self, starts: list[Solution], progress: Callable[[Progress], None] | None) -> None:
        self._solutions: list[Solution | None] = [None] * len(starts)
        self._start_bound = [s.placed_bound for s in starts]
        self._starts = starts
        self._progress = progress

    def done(self, i: int, solution: Solution) -> None:
        self._solutions[i] = solution
        self.report()

    def report(self) -> None:
        if self._progress is None:
            return
        done = [s for s in self._solutions if s is not None]
        open_bound = sum(
            b for b, s in zip(self._start_bound, self._solutions, strict=True) if s is None
        )
        self._progress(
            Progress(
                parts_done=len(done),
                parts_total=len(self._solutions),
                placed_learners=sum(s.placed_learners for s in done),
                placed_value=sum(s.placed_value for s in done),
                placed_bound=sum(s.placed_bound for s in done) + open_bound,
                cost=sum(s.cost for s in self.solutions()),
                cost_bound=sum(s.cost_bound for s in done),
            )
        )

    def solutions(self) -> list[Solution]:
        """The solution of every part: its start where no search has finished."""
        return [
            s if s is not None else start
            for s, start in zip(self._solutions, self._starts, strict=True)
        ]


def _solve_batch(
    work: list[tuple[Instance, Solution]],
    budgets: list[float],
    options: SolveOptions,
    deadline: float,
    cpsat_workers: int,
) -> list[Solution]:
    """Solve parts in order (in a worker process), each within its budget in seconds."""
    return [
        _solve_part(instance, start, options, budget, deadline, cpsat_workers)
        for (instance, start), budget in zip(work, budgets, strict=True)
    ]


# However small its share, a part gets this long (unless the deadline is nearer).
_MIN_PART_SECONDS = 0.5
# Closer than this to the deadline, a part keeps its start rather than begin a search.
_TOO_LATE_SECONDS = 0.05


def _solve_part(
    instance: Instance,
    start: Solution,
    options: SolveOptions,
    budget: float,
    deadline: float,
    workers: int,
) -> Solution:
    seconds = min(max(_MIN_PART_SECONDS, budget), deadline - time.monotonic())
    if seconds < _TOO_LATE_SECONDS:
        return start
    # CP-SAT (and the pandas it loads) is imported when first needed: greedy starts faster.
    from solver.cpsat import SolveParameters, solve_model

    parameters = SolveParameters(
        time_limit_s=seconds,
        seed=options.seed,
        workers=workers,
        gap_limit=options.gap_limit,
    )
    return solve_model(instance, parameters, hint=start, placed_upper=start.placed_bound)


def _use_time_left(
    parts: list[Part],
    solutions: list[Solution],
    options: SolveOptions,
    deadline: float,
    tracker: _Tracker,
) -> None:
    """Give time left over to parts not yet proven, largest first, warm-started.

    Parts get budgets by size, and most finish early: what they leave goes to the parts that
    need it. Each new search starts from the part's best solution and keeps the better one.
    """
    from solver.cpsat import SolveParameters, solve_model

    unproven = [i for i, s in enumerate(solutions) if s.status is not Status.OPTIMAL]
    unproven = [i for i in unproven if not _within_gap(solutions[i], options.gap_limit)]
    weights = _weights(parts, solutions)
    left = sum(weights[i] for i in unproven)
    for i in sorted(unproven, key=lambda i: -weights[i]):
        remaining = deadline - time.monotonic()
        if remaining < _MIN_PART_SECONDS:
            return
        budget = remaining * weights[i] / max(1e-9, left)
        left -= weights[i]
        parameters = SolveParameters(
            time_limit_s=min(max(_MIN_PART_SECONDS, budget), remaining),
            seed=options.seed,
            workers=_PORTFOLIO_WORKERS if options.workers > 1 else 1,
            gap_limit=options.gap_limit,
        )
        again = solve_model(
            parts[i].instance, parameters, hint=solutions[i], placed_upper=solutions[i].placed_bound
        )
        solutions[i] = _better(solutions[i], again)
        tracker.done(i, solutions[i])


def _within_gap(solution: Solution, gap_limit: float) -> bool:
    return solution.placed_gap == 0 and solution.cost_gap <= gap_limit


def _better(old: Solution, new: Solution) -> Solution:
    """The better of two solutions of one part, with the tightest bounds both prove."""
    placed_bound = min(old.placed_bound, new.placed_bound)
    if new.placed_value > old.placed_value:
        best, cost_bound = new, new.cost_bound
    elif new.placed_value == old.placed_value:
        # Both cost bounds hold for this placement value: keep the larger.
        best = new if new.cost < old.cost else old
        cost_bound = max(old.cost_bound, new.cost_bound)
    else:
        best, cost_bound = old, old.cost_bound
    proven = placed_bound == best.placed_value and cost_bound == best.cost
    return replace(
        best,
        status=Status.OPTIMAL if proven else Status.FEASIBLE,
        placed_bound=placed_bound,
        cost_bound=min(cost_bound, best.cost),
        seconds=old.seconds + new.seconds,
    )


def _batches(parts: list[Part], workers: int) -> list[list[int]]:
    """Group parts (largest first) so that small ones travel to workers together."""
    total = sum(p.size for p in parts)
    target = max(2_000, total // (workers * 8) if workers > 1 else total)
    batches: list[list[int]] = []
    current: list[int] = []
    current_size = 0
    for i, part in enumerate(parts):
        current.append(i)
        current_size += part.size
        if current_size >= target:
            batches.append(current)
            current, current_size = [], 0
    if current:
        batches.append(current)
    return batches


def _context() -> multiprocessing.context.BaseContext:
    # forkserver: safe with threads in the parent (a web server), start-up paid once.
    if "forkserver" in multiprocessing.get_all_start_methods() and os.name == "posix":
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["solver.cpsat", "solver.greedy"])
        return ctx
    return multiprocessing.get_context("spawn")
