"""Benchmark: the pooling solver on Holmberg's single-source facility location instances.

    python benchmarks/sscflp.py --instance p1 [--min-fraction F] [--time-limit S]
                                [--solver cpsat|highs]
    python benchmarks/sscflp.py --all [--solver cpsat|highs] [--time-limit S]

Prints one JSON line per instance (objective in published units, status, lower bound,
seconds, published optimum and whether it was reached) and, with --all, a summary line.
Every solution is checked with `solver.verify_solution`; the exit code is 1 if any check
fails. `objective` and `bound` are null unless every customer is served (only then is the
pooling cost a facility-location objective). This is a measuring tool, not a test: it
asserts nothing about speed or optimality.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import holmberg
from highs_model import solve_highs

from solver import Instance, Solution, SolveOptions, solve, verify_solution

SOLVERS = ("cpsat", "highs")


def run_one(
    name: str,
    solver_name: str,
    time_limit_s: float,
    min_fraction: float = 0.0,
    data_dir: Path = holmberg.DATA_DIR,
) -> tuple[dict, list[str]]:
    """Solve instance `name`; the JSON record and the verifier's complaints."""
    data = holmberg.load(name, data_dir)
    instance = holmberg.to_instance(data, min_fraction)
    started = time.perf_counter()
    solution = _solve(instance, solver_name, time_limit_s)
    seconds = time.perf_counter() - started
    problems = verify_solution(instance, solution)
    everyone = solution.placed_learners == instance.total_learners
    optimum = holmberg.published_optimum(name, data_dir) if min_fraction == 0 else None
    objective = data.objective(solution.cost) if everyone else None
    record = {
        "instance": name,
        "solver": solver_name,
        "objective": objective,
        "status": str(solution.status),
        "bound": data.objective(solution.cost_bound) if everyone else None,
        "seconds": round(seconds, 3),
        "optimum": optimum,
        "at_optimum": optimum is not None and objective == optimum,
        "served": len({s.demand for s in solution.assignments}),
        "customers": data.customers,
        "min_fraction": min_fraction,
        "verified": not problems,
    }
    return record, problems


def _solve(instance: Instance, solver_name: str, time_limit_s: float) -> Solution:
    if solver_name == "highs":
        return solve_highs(instance, time_limit_s, threads=2)
    return solve(instance, SolveOptions(time_limit_s=time_limit_s, workers=2)).solution


def summary(records: list[dict], solver_name: str, time_limit_s: float) -> dict:
    """How many reached the published optimum, median and total seconds, which missed."""
    seconds = [r["seconds"] for r in records]
    return {
        "summary": True,
        "solver": solver_name,
        "time_limit_s": time_limit_s,
        "instances": len(records),
        "at_optimum": sum(r["at_optimum"] for r in records),
        "proven_optimal": sum(r["status"] == "OPTIMAL" for r in records),
        "median_seconds": round(statistics.median(seconds), 3) if seconds else None,
        "total_seconds": round(sum(seconds), 3),
        "missed": [
            {k: r[k] for k in ("instance", "objective", "bound", "optimum", "status")}
            for r in records
            if not r["at_optimum"]
        ],
        "failed_verification": [r["instance"] for r in records if not r["verified"]],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--instance", help="one instance, p1 .. p71")
    which.add_argument("--all", action="store_true", help="every instance p1 .. p71")
    parser.add_argument("--solver", choices=SOLVERS, default="cpsat")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance")
    parser.add_argument(
        "--min-fraction",
        type=float,
        default=0.0,
        help="an open facility holds at least this fraction of its capacity",
    )
    parser.add_argument("--data-dir", type=Path, default=holmberg.DATA_DIR)
    args = parser.parse_args(argv)

    names = holmberg.NAMES if args.all else (args.instance,)
    records = []
    failed = False
    for name in names:
        record, problems = run_one(
            name, args.solver, args.time_limit, args.min_fraction, args.data_dir
        )
        for problem in problems:
            print(f"{name}: {problem}", file=sys.stderr)
        failed |= bool(problems)
        records.append(record)
        print(json.dumps(record), flush=True)
    if args.all:
        print(json.dumps(summary(records, args.solver, args.time_limit)), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
