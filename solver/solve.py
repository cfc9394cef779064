"""The solver's one entry point: decompose, solve the parts (in parallel), merge.

Parts are plain data, so they run on any `concurrent.futures` executor; by default a pool of
local processes, or in this process when there is little to gain. Progress is reported after
each finished batch of parts. This module does not build models (see `solver.cpsat`) and does
not know what the numbers mean.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from solver.bound import placement_bounds
from solver.decompose import Part, decompose, merge, model_size
from solver.fill import solve_fill
from solver.greedy import solve_greedy
from solver.instance import Instance
from solver.polish import polish
from solver.solution import Solution, Status

if TYPE_CHECKING:
    from solver.cpsat import SolveParameters

METHODS = ("cpsat", "greedy")
# Below this total model size, process start-up costs more than parallel solving gains.
_IN_PROCESS_SIZE = 20_000
# Parts at least this large are solved one at a time with CP-SAT's parallel portfolio.
_BIG_PART_SIZE = 1_500
# CP-SAT's portfolio of search strategies for a big part; they share the machine's cores.
_PORTFOLIO_WORKERS = 8
# Parts at least this large search by neighbourhoods (`solver.lns`) alone: as a whole they
# are too large for CP-SAT to improve in their share (national scenarios, 2 cores, the
# largest part, 20 s from a start of 8,537: CP-SAT from the start reached 8,837;
# neighbourhoods reached the bound, 9,046, in 6.0-6.5 s).
_HUGE_PART_SIZE = 10_000
# Each neighbourhood step runs CP-SAT with this many workers.
_STEP_WORKERS = 2
# The placement search of a big part runs these of CP-SAT's subsolvers, one worker each: the
# LP-guided ones find and prove the best placement first (2 cores, three seeds each, seconds
# to a proven placement: a region's largest parts 0.46-0.51 s and 0.22-0.32 s, against
# 1.04-1.51 s and 0.28-0.62 s with max_lp_sym, core, default_lp and quick_restart, and 1.5-2.2 s
# with the default eight; national parts of size 7,100 / 2,400 / 2,000: 2.8-3.8 s / 0.6-1.2 s /
# 0.4-0.7 s, against 3.5-8.2 s, 1.6-2.3 s, 1.1-1.5 s).
_PLACEMENT_SUBSOLVERS = ("max_lp", "max_lp_sym")


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
    stage. Placement is searched first, with time by each part's remaining gap, then cost,
    with time by size (see `_search`). Big parts are solved here one after another with
    CP-SAT's parallel portfolio; small parts go in batches to worker processes (or run here
    when there is little to gain).
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
        starts = [_settled(s) for s in starts]
    tracker = _Tracker(starts, progress)
    tracker.report(force=True)
    if options.method == "cpsat":
        _search(parts, starts, options, deadline, tracker, executor)
        tracker.report(force=True)
    final = tracker.solutions()
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


# Progress is reported at most this often (the first and the last report always go): a
# national scenario's 2,000 parts finish in bursts, and each report may be a database write.
_REPORT_SECONDS = 0.25


class _Tracker:
    """Solutions of parts as they finish, and progress reports about them.

    The totals are kept up to date part by part, so a report costs the same however many
    parts there are.
    """

    def __init__(self, starts: list[Solution], progress: Callable[[Progress], None] | None) -> None:
        # A start proven optimal as it is (a part that places nobody) is done from the start.
        self._solutions: list[Solution | None] = [
            s if s.status is Status.OPTIMAL else None for s in starts
        ]
        self._starts = starts
        self._progress = progress
        self._totals = [0] * 6
        for i in range(len(starts)):
            self._add(i, 1)
        self._reported = -math.inf

    def _share(self, i: int) -> tuple[int, int, int, int, int, int]:
        """Part i's share of (parts done, learners, value, placement bound, cost, cost bound)."""
        found = self._solutions[i]
        if found is None:  # open: its start's bound and cost count, nothing else
            start = self._starts[i]
            return (0, 0, 0, start.placed_bound, start.cost, 0)
        return (
            1,
            found.placed_learners,
            found.placed_value,
            found.placed_bound,
            found.cost,
            found.cost_bound,
        )

    def _add(self, i: int, sign: int) -> None:
        for k, value in enumerate(self._share(i)):
            self._totals[k] += sign * value

    def done(self, i: int, solution: Solution) -> None:
        self._add(i, -1)
        self._solutions[i] = solution
        self._add(i, 1)
        self.report()

    def report(self, force: bool = False) -> None:
        """Tell `progress` where the solve stands, unless it was told a moment ago."""
        now = time.monotonic()
        if self._progress is None or (not force and now - self._reported < _REPORT_SECONDS):
            return
        self._reported = now
        done, learners, value, bound, cost, cost_bound = self._totals
        self._progress(
            Progress(
                parts_done=done,
                parts_total=len(self._solutions),
                placed_learners=learners,
                placed_value=value,
                placed_bound=bound,
                cost=cost,
                cost_bound=cost_bound,
            )
        )

    def solutions(self) -> list[Solution]:
        """The solution of every part: its start where no search has finished."""
        return [
            s if s is not None else start
            for s, start in zip(self._solutions, self._starts, strict=True)
        ]


# Shares of the time left: the placement phase may use up to this much of it, then the cost
# phase up to this much of what is left after placement; the rest goes where gaps remain.
# Placement comes first: where it is proven early (regions), its time flows on to cost.
_PLACEMENT_SHARE = 0.8
_COST_SHARE = 0.8


def _search(
    parts: list[Part],
    starts: list[Solution],
    options: SolveOptions,
    deadline: float,
    tracker: _Tracker,
    executor: Executor | None,
) -> None:
    """Placement first, then cost, then whatever is left where gaps remain.

    1. Parts whose start does not meet their placement bound search for placement only, with
       time by their remaining gap: a part that proves its placement early leaves its time
       to the next.
    2. Every part minimises cost with its best placement fixed, with time by its size, from
       its placement after local moves that lower the cost (`solver.polish`); mid-size parts
       get the LP's cost bound first (`solver.lp_bound`), big ones run HiGHS beside CP-SAT
       (`solver.highs_cost`).
    3. Time left over goes to parts still short of a proven placement, then to parts whose
       cost is not within the gap limit, each search starting from the part's best so far.
    """
    best = list(starts)
    small_size = sum(p.size for p in parts if not _is_big(p, options))
    use_pool = executor is not None or (options.workers > 1 and small_size >= _IN_PROCESS_SIZE)
    own_pool = None
    if use_pool and executor is None:
        executor = own_pool = ProcessPoolExecutor(
            max_workers=options.workers, mp_context=_context()
        )
    phase = _Phase(parts, best, options, deadline, tracker, executor if use_pool else None)
    try:
        phase.run("placement", _short(best), _PLACEMENT_SHARE)
        phase.polish()
        phase.run("cost", _costly(parts, best, options), _COST_SHARE)
        phase.run("placement", _short(best), 1.0 - _COST_SHARE)
        phase.run("cost", _costly(parts, best, options), 1.0)
        phase.polish()
    finally:
        if own_pool is not None:
            own_pool.shutdown()


def _settled(start: Solution) -> Solution:
    """`start`, marked OPTIMAL when it meets both its bounds (a part that places nobody)."""
    if start.placed_value == start.placed_bound and start.cost <= start.cost_bound:
        return replace(start, status=Status.OPTIMAL)
    return start


def _short(best: list[Solution]) -> dict[int, float]:
    """Parts whose placement is not proven, weighed by their gap."""
    return {i: s.placed_bound - s.placed_value for i, s in enumerate(best) if s.placed_gap > 0}


def _costly(parts: list[Part], best: list[Solution], options: SolveOptions) -> dict[int, float]:
    """Parts whose cost is not yet within the gap limit, weighed by size."""
    return {
        i: parts[i].size
        for i, s in enumerate(best)
        if s.status is not Status.OPTIMAL and s.cost_gap > options.gap_limit
    }


def _is_big(part: Part, options: SolveOptions) -> bool:
    """Big parts run here one at a time with CP-SAT's portfolio of search workers."""
    return _big_size(part.size, options)


def _big_size(size: int, options: SolveOptions) -> bool:
    return size >= _BIG_PART_SIZE and options.workers > 1


class _Phase:
    """Runs one stage over chosen parts, each with its share of a slice of the time left."""

    def __init__(
        self,
        parts: list[Part],
        best: list[Solution],
        options: SolveOptions,
        deadline: float,
        tracker: _Tracker,
        pool: Executor | None,
    ) -> None:
        self.parts, self.best, self.options = parts, best, options
        self.deadline, self.tracker, self.pool = deadline, tracker, pool

    def run(self, stages: str, weights: dict[int, float], share: float) -> None:
        """Stage(s) `stages` on the parts in `weights`, within `share` of the time left."""
        remaining = self.deadline - time.monotonic()
        if not weights or remaining < _TOO_LATE_SECONDS:
            return
        until = time.monotonic() + share * remaining
        total = sum(weights.values()) or 1.0
        here = [i for i in weights if self.pool is None or _is_big(self.parts[i], self.options)]
        stays = set(here)
        away = [i for i in weights if i not in stays]
        futures = {}
        for batch in _batches([self.parts[i] for i in away], self.options.workers):
            chosen = [away[j] for j in batch]
            # Parts in a pool run side by side: each may use its share of every worker.
            scale = share * remaining * self.options.workers / total
            budgets = [scale * weights[i] for i in chosen]
            work = [(self.parts[i].instance, self.best[i]) for i in chosen]
            future = self.pool.submit(_solve_batch, work, budgets, self.options, stages, until, 1)
            futures[future] = chosen
        # Smallest parts first: what quick parts leave flows on to the large ones.
        left = sum(weights[i] for i in here)

        def collect() -> None:
            """Keep what the pool has finished meanwhile, so progress shows it."""
            for future in [f for f in futures if f.done()]:
                self._keep_batch(futures.pop(future), future)

        for i in sorted(here, key=lambda i: (self.parts[i].size, weights[i])):
            budget = (until - time.monotonic()) * weights[i] / max(1e-9, left)
            left -= weights[i]
            found = _solve_part(
                self.parts[i].instance,
                self.best[i],
                self.options,
                stages,
                budget,
                until,
                None,
                between=collect if futures else None,
            )
            self._keep(i, found)
            collect()
        for future in as_completed(list(futures)):
            self._keep_batch(futures.pop(future), future)

    def polish(self) -> None:
        """Lower each unproven part's cost by local moves (`solver.polish`), in milliseconds."""
        for i, solution in enumerate(self.best):
            if solution.status is not Status.OPTIMAL and solution.assignments:
                polished = polish(self.parts[i].instance, solution)
                if polished is not solution:
                    self._keep(i, polished)

    def _keep_batch(self, chosen: list[int], future: Future) -> None:
        for i, found in zip(chosen, future.result(), strict=True):
            self._keep(i, found)

    def _keep(self, i: int, found: Solution) -> None:
        self.best[i] = _better(self.best[i], found)
        self.tracker.done(i, self.best[i])


def _solve_batch(
    work: list[tuple[Instance, Solution]],
    budgets: list[float],
    options: SolveOptions,
    stages: str,
    until: float,
    cpsat_workers: int,
) -> list[Solution]:
    """Solve parts in order (in a worker process), each within its budget in seconds."""
    return [
        _solve_part(instance, start, options, stages, budget, until, cpsat_workers)
        for (instance, start), budget in zip(work, budgets, strict=True)
    ]


# However small its share, a part gets this long (unless the phase ends sooner).
_MIN_PART_SECONDS = 0.05
# Closer than this to the end, a part keeps what it has rather than begin a search.
_TOO_LATE_SECONDS = 0.05


def _solve_part(
    instance: Instance,
    best: Solution,
    options: SolveOptions,
    stages: str,
    budget: float,
    until: float,
    workers: int | None,
    between: Callable[[], None] | None = None,
) -> Solution:
    """One search on one part from its best solution so far (which it never makes worse).

    `between` is called between the steps of a neighbourhood search (to hear of other work).
    """
    seconds = min(max(_MIN_PART_SECONDS, budget), until - time.monotonic())
    if seconds < _TOO_LATE_SECONDS:
        return best
    # CP-SAT is imported when first needed: greedy starts faster.
    from solver.cpsat import SolveParameters, solve_model

    size = model_size(instance)
    huge = size >= _HUGE_PART_SIZE and options.workers > 1
    big = workers is None and _big_size(size, options)  # in this process, one at a time
    if workers is None:
        workers = _PORTFOLIO_WORKERS if big else min(options.workers, 2)
    focused = workers == _PORTFOLIO_WORKERS and not huge and stages == "placement"
    if focused:
        workers = len(_PLACEMENT_SUBSOLVERS)
    parameters = SolveParameters(
        time_limit_s=seconds,
        seed=options.seed,
        workers=workers,
        gap_limit=options.gap_limit,
        stages=stages,
        placement_subsolvers=_PLACEMENT_SUBSOLVERS if focused else (),
    )
    with_highs = (
        stages == "cost" and big and size <= _HIGHS_MAX_SIZE and seconds >= _HIGHS_MIN_SECONDS
    )
    if stages == "cost" and not with_highs and _LP_BOUND_SIZES[0] <= size <= _LP_BOUND_SIZES[1]:
        lp_seconds = min(_LP_BOUND_SECONDS, max(_LP_MIN_SECONDS, seconds / 3))
        best = _with_lp_bound(instance, best, min(lp_seconds, until - time.monotonic()))
        if best.status is Status.OPTIMAL or best.cost_gap <= options.gap_limit:
            return best
        parameters = replace(parameters, time_limit_s=min(seconds, until - time.monotonic()))
        if parameters.time_limit_s < _TOO_LATE_SECONDS:
            return best
    if huge:
        return _huge_part(instance, best, parameters, stages, between)
    if not with_highs:
        if big and stages == "placement":
            return _placement_then_lns(instance, best, parameters, between)
        if big and stages == "cost" and parameters.time_limit_s < _LNS_COST_SECONDS:
            return _steps(instance, best, parameters.time_limit_s, "cost", options.seed, between)
        found = solve_model(instance, parameters, hint=best, placed_upper=best.placed_bound)
        return _better(best, found)
    from solver.highs_cost import HighsCost

    highs = HighsCost(instance, best, seconds - _HIGHS_START_SECONDS, options.seed)
    try:
        found = solve_model(instance, parameters, hint=best, placed_upper=best.placed_bound)
    finally:
        other = highs.result(timeout=until - time.monotonic() + _HIGHS_GRACE_SECONDS)
    found = _better(best, found)
    return found if other is None else _better(found, other)


# A big part searches for placement with CP-SAT for this share of its time (which proves
# its bound), then, when not proven, improves the plan by neighbourhoods (`solver.lns`) for
# the rest (national scenarios, 2 cores, a part of size 7,132 in 5 s: CP-SAT alone 4,000
# with a bound of 4,028, both 4,028 in 3.6 s; a region's largest part in 1.5 s: 1,112-1,126
# against 1,136).
_CPSAT_SHARE = 0.6
# A big part's cost stage shorter than this improves by neighbourhoods: CP-SAT's portfolio
# finds its first cheaper plans only after a second or two (regions, 2 cores, the largest
# part from its polished plan: 0.5 s, 1.43 M DKK -> 1.36 M by neighbourhoods, none cheaper
# by CP-SAT; 2 s, 1.35 M against 1.25 M by CP-SAT).
_LNS_COST_SECONDS = 1.0
# A huge part's cost stage improves by neighbourhoods while HiGHS solves its linear
# relaxation for a bound (national seed 2's largest part: 8,034,227 DKK in 2.8 s by HiGHS's
# interior point method, in 10.7 s by GLOP; HiGHS's branch and cut 8,078,934 after 8 s alone
# but none in 13 s beside the search on 2 cores; CP-SAT's after 4 s 1,386,354 or none).
# Neighbourhoods lowered seed 1's cost 4.66 M -> 4.41 M in 10 s, CP-SAT 4.68 M -> 4.68 M.


def _placement_then_lns(
    instance: Instance,
    best: Solution,
    parameters: SolveParameters,
    between: Callable[[], None] | None,
) -> Solution:
    """CP-SAT's placement search for its share of the time, then neighbourhood steps."""
    from solver.cpsat import solve_model

    began = time.monotonic()
    share = replace(parameters, time_limit_s=parameters.time_limit_s * _CPSAT_SHARE)
    found = _better(best, solve_model(instance, share, hint=best, placed_upper=best.placed_bound))
    left = parameters.time_limit_s - (time.monotonic() - began)
    if found.placed_value >= found.placed_bound or left < _TOO_LATE_SECONDS:
        return found
    return _steps(instance, found, left, "placement", parameters.seed, between)


def _huge_part(
    instance: Instance,
    best: Solution,
    parameters: SolveParameters,
    stages: str,
    between: Callable[[], None] | None,
) -> Solution:
    """A huge part's stage by neighbourhoods; HiGHS's LP bounds its cost in a child process."""
    seconds = parameters.time_limit_s
    if stages != "cost":
        return _steps(instance, best, seconds, stages, parameters.seed, between)
    highs = None
    began = time.monotonic()
    # The LP's bound depends only on the placement value, so one is enough.
    if seconds >= _HIGHS_MIN_SECONDS and best.cost_bound == 0:
        from solver.highs_cost import HighsCost

        highs = HighsCost(
            instance, best, seconds - _HIGHS_START_SECONDS, parameters.seed, relax=True
        )
    try:
        left = seconds - (time.monotonic() - began)
        found = _steps(instance, best, left, "cost", parameters.seed, between)
    finally:
        left = seconds - (time.monotonic() - began)
        other = None if highs is None else highs.result(left + _HIGHS_GRACE_SECONDS)
    return found if other is None else _better(found, other)


def _steps(
    instance: Instance,
    best: Solution,
    seconds: float,
    stages: str,
    seed: int,
    between: Callable[[], None] | None,
) -> Solution:
    """`best`, improved by neighbourhood steps (`solver.lns`) for `seconds` where they can."""
    from solver.lns import improve

    found = improve(
        instance, best, seconds, seed=seed, workers=_STEP_WORKERS, stages=stages, between=between
    )
    return _better(best, found)


# A big part's cost stage also runs on HiGHS in a child process (`solver.highs_cost`), whose
# bound replaces the LP's, when it has at least this long and is at most this large; HiGHS's
# own clock starts about this much after the process (interpreter, numpy and highspy).
_HIGHS_MIN_SECONDS = 2.0
_HIGHS_MAX_SIZE = 8_000
_HIGHS_START_SECONDS = 0.6
# How long past the part's end HiGHS may take to stop and hand over (a busy machine starts
# processes slowly); later than that its answer is not waited for.
_HIGHS_GRACE_SECONDS = 0.5


# Parts of these sizes get the LP's cost bound before their cost search, in about a third
# of its time (see `solver.lp_bound`): smaller ones prove their cost quickly, larger ones'
# LP takes long (national: 2.3 s for a part of size 7,000, a minute for one of 25,000).
_LP_BOUND_SIZES = (300, 8_000)
_LP_BOUND_SECONDS = 3.0
# The LP may take this long even from a shorter budget (a region's largest part: 0.15-0.3 s).
_LP_MIN_SECONDS = 0.4


def _with_lp_bound(instance: Instance, found: Solution, seconds: float) -> Solution:
    """`found` with the LP's cost bound, unless it has a bound already (an earlier phase's)."""
    if found.status is Status.OPTIMAL or found.cost_bound > 0:
        return found
    from solver.lp_bound import cost_bound

    bound = cost_bound(instance, found.placed_value, seconds)
    if bound is None or bound <= found.cost_bound:
        return found
    bound = min(bound, found.cost)
    proven = found.placed_value == found.placed_bound and bound == found.cost
    return replace(found, cost_bound=bound, status=Status.OPTIMAL if proven else found.status)


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
