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
from dataclasses import dataclass

from solver.cpsat import SolveParameters, solve_model
from solver.decompose import Part, decompose, merge
from solver.greedy import solve_greedy
from solver.instance import Instance
from solver.solution import Solution, Status

METHODS = ("cpsat", "greedy")
# Below this total model size, process start-up costs more than parallel solving gains.
_IN_PROCESS_SIZE = 20_000


@dataclass(frozen=True, slots=True, kw_only=True)
class SolveOptions:
    """How to solve: method, total wall-clock limit, seed and worker processes."""

    method: str = "cpsat"
    time_limit_s: float = 30.0
    seed: int = 0
    workers: int = 2

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, got {self.method!r}")
        if self.time_limit_s <= 0:
            raise ValueError(f"time_limit_s must be > 0, got {self.time_limit_s}")
        if self.workers < 1:
            raise ValueError(f"workers must be >= 1, got {self.workers}")


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a solve stands: parts finished, learners placed so far, placement bound."""

    parts_done: int
    parts_total: int
    placed_learners: int
    placed_value: int
    placed_bound: int


@dataclass(frozen=True, slots=True)
class PartReport:
    """Status and size of one part, for the summary."""

    demands: int
    offers: int
    status: Status
    seconds: float


@dataclass(frozen=True, slots=True)
class SolveReport:
    solution: Solution
    parts: tuple[PartReport, ...]
    seconds: float


def solve(
    instance: Instance,
    options: SolveOptions | None = None,
    progress: Callable[[Progress], None] | None = None,
    executor: Executor | None = None,
) -> SolveReport:
    """Solve `instance`; the status is OPTIMAL only when every part is proven optimal."""
    options = options or SolveOptions()
    started = time.perf_counter()
    parts = decompose(instance)
    deadline = time.monotonic() + options.time_limit_s
    solutions: list[Solution | None] = [None] * len(parts)
    bound_left = [sum(d.size * d.weight for d in p.instance.demands) for p in parts]

    def report() -> None:
        if progress is None:
            return
        done = [s for s in solutions if s is not None]
        progress(
            Progress(
                parts_done=len(done),
                parts_total=len(parts),
                placed_learners=sum(s.placed_learners for s in done),
                placed_value=sum(s.placed_value for s in done),
                placed_bound=sum(s.placed_bound for s in done)
                + sum(b for b, s in zip(bound_left, solutions, strict=True) if s is None),
            )
        )

    batches = _batches(parts, options.workers)
    total_size = sum(p.size for p in parts)
    in_process = executor is None and (options.workers == 1 or total_size < _IN_PROCESS_SIZE)
    # One big part alone gets every worker inside CP-SAT; parts in a pool get one each.
    cpsat_workers = options.workers if in_process or len(parts) == 1 else 1
    report()
    if in_process or (len(batches) <= 1 and executor is None):
        for batch in batches:
            batch_solutions = _solve_batch(parts, batch, options, deadline, cpsat_workers)
            for i, sol in zip(batch, batch_solutions, strict=True):
                solutions[i] = sol
            report()
    else:
        own = executor is None
        pool = executor or ProcessPoolExecutor(max_workers=options.workers, mp_context=_context())
        try:
            futures = {
                pool.submit(
                    _solve_batch, [parts[i] for i in batch], None, options, deadline, 1
                ): batch
                for batch in batches
            }
            for future in as_completed(futures):
                for i, sol in zip(futures[future], future.result(), strict=True):
                    solutions[i] = sol
                report()
        finally:
            if own:
                pool.shutdown()
    final = [s for s in solutions if s is not None]
    merged = merge(instance, parts, final)
    reports = tuple(
        PartReport(len(p.demand_ids), len(p.offer_ids), s.status, s.seconds)
        for p, s in zip(parts, final, strict=True)
    )
    return SolveReport(merged, reports, time.perf_counter() - started)


def _solve_batch(
    parts: list[Part],
    batch: list[int] | None,
    options: SolveOptions,
    deadline: float,
    cpsat_workers: int,
) -> list[Solution]:
    """Solve the parts named by `batch` (all of `parts` when None), in order."""
    chosen = parts if batch is None else [parts[i] for i in batch]
    return [_solve_part(p.instance, options, deadline, cpsat_workers) for p in chosen]


def _solve_part(
    instance: Instance, options: SolveOptions, deadline: float, cpsat_workers: int
) -> Solution:
    greedy = solve_greedy(instance)
    if options.method == "greedy":
        return greedy
    # Two stages share what is left of the wall-clock budget.
    per_stage = max(0.05, (deadline - time.monotonic()) / 2)
    parameters = SolveParameters(time_limit_s=per_stage, seed=options.seed, workers=cpsat_workers)
    return solve_model(instance, parameters, hint=greedy)


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
