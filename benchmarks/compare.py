"""Side-by-side comparison of our engine with its peers on one generated scenario.

    python benchmarks/compare.py --size region --seed 1 [--time-limit 30] [--gap 0] [--bound]

Solves the same scenario with (a) our engine (decomposed, parts in parallel), (b) CP-SAT on
the monolithic model, (c) HiGHS on the same monolithic formulation and (d) the
first-come-first-served greedy baseline, each in a fresh process with the same time limit.
Every result becomes a proposal through `pooling.service.finish`, so both verifiers check it.
It prints a Markdown table (learners placed, cost, proven bound, gap, wall seconds, peak
memory, ratios against ours) and writes the table and the JSON beside each other in
`--out-dir`. Beside the figures at the limit it gives each method's time to a proven
placement and to a cost within 1 % of its own bound (from the searches' progress; HiGHS
counts from its own start, after the model is built). `--bound` adds the strongest placement
bound any method proved and each method's distance from it. Timings are not committed; this
script is the way to reproduce them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
METHODS = ("ours", "cpsat-monolithic", "highs-monolithic", "greedy")


def run_one(method: str, size: str, seed: int, time_limit: float, gap: float) -> dict:
    """Solve in this process with one method; return the figures (called in a child)."""
    sys.path.insert(0, str(HERE))
    from scenarios import scenario

    import solver
    from pooling.service import ProposeOptions, finish, prepare
    from solver.cpsat import SolveParameters, solve_model

    sc = scenario(size, seed)
    options = ProposeOptions(
        time_limit_s=time_limit,
        gap_limit=gap,
        workers=2,
        method="greedy" if method == "greedy" else "cpsat",
    )
    prepared = prepare(sc, options)
    instance = prepared.instance
    started = time.perf_counter()
    # (seconds, placement value, placement bound, cost, cost bound); cost only once placed.
    timeline: list[tuple[float, float, float, float | None, float | None]] = []
    if method == "ours":

        def progress(p: solver.Progress) -> None:
            done = p.parts_done == p.parts_total
            cost = (p.cost, p.cost_bound) if done else (None, None)
            timeline.append((time.perf_counter() - started, p.placed_value, p.placed_bound, *cost))

        report = solver.solve(
            instance,
            solver.SolveOptions(time_limit_s=time_limit, workers=2, gap_limit=gap),
            progress=progress,
        )
    elif method == "greedy":
        report = solver.solve(instance, solver.SolveOptions(method="greedy", workers=1))
    else:
        stages = _Stages(timeline, started)
        if method == "cpsat-monolithic":
            solution = solve_model(
                instance,
                SolveParameters(time_limit_s=time_limit, workers=8, gap_limit=gap),
                hint=solver.solve_greedy(instance),
                trace=stages.event,
            )
        else:
            from highs_model import solve_highs

            trace: list[tuple[int, float, float, float]] = []
            solution = solve_highs(instance, time_limit, trace=trace)
            for stage, seconds, best, bound in trace:
                stages.event(stage, best, bound, seconds)
        part = solver.PartReport(
            len(instance.demands), len(instance.offers), solution.status, solution.seconds
        )
        report = solver.SolveReport(solution, (part,), time.perf_counter() - started)
    seconds = time.perf_counter() - started
    proposal = finish(prepared, report, options)  # raises if either verifier objects
    return {
        "method": method,
        "status": proposal.status,
        "learners_requested": proposal.learners_requested,
        "learners_placed": proposal.learners_placed,
        "placed_value": proposal.placed_value,
        "placed_bound": proposal.placed_bound,
        "cost_dkk": proposal.cost_dkk,
        "cost_bound_dkk": proposal.cost_bound_dkk,
        "gap": round(proposal.cost_gap, 5),
        "seconds": round(seconds, 3),
        "seconds_to_proven_placement": _to_proven_placement(timeline),
        "seconds_to_1pct_cost": _to_cost_within(timeline, 0.01),
        "parts": proposal.parts,
        "verified": True,
    }


class _Stages:
    """Turns a two-stage search's (stage, objective, bound) events into timeline points."""

    def __init__(self, timeline: list, started: float) -> None:
        self.timeline, self.started = timeline, started
        self.placed: tuple[float, float] = (0.0, float("inf"))

    def event(self, stage: int, objective: float, bound: float, at: float | None = None) -> None:
        seconds = time.perf_counter() - self.started if at is None else at
        if stage == 1:
            self.placed = (objective, bound)
            self.timeline.append((seconds, objective, bound, None, None))
        else:
            self.timeline.append((seconds, *self.placed, objective, bound))


def _proven(value: float, bound: float) -> bool:
    finite = math.isfinite(value) and math.isfinite(bound)
    return finite and math.floor(bound + 1e-6) <= round(value)


def _to_proven_placement(timeline: list) -> float | None:
    """Seconds until the placement value met its bound (None if it never did)."""
    return next((round(t, 2) for t, v, b, *_ in timeline if _proven(v, b)), None)


def _to_cost_within(timeline: list, gap: float) -> float | None:
    """Seconds until placement was proven and cost within `gap` of its bound."""
    for t, v, b, cost, cost_bound in timeline:
        if cost is None or not _proven(v, b):
            continue
        if not (math.isfinite(cost) and math.isfinite(cost_bound)):
            continue
        if cost <= 0 or (cost - math.ceil(cost_bound - 1e-6)) / cost <= gap + 1e-12:
            return round(t, 2)
    return None


def run_isolated(method: str, args: argparse.Namespace) -> dict:
    """Run one method in a fresh Python process; add its peak memory (children included)."""
    command = [
        sys.executable,
        __file__,
        "--only",
        method,
        "--size",
        args.size,
        "--seed",
        str(args.seed),
        "--time-limit",
        str(args.time_limit),
        "--gap",
        str(args.gap),
    ]
    child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        return {"method": method, "error": f"exit code {child.returncode}", "verified": False}
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_mb"] = round(usage.ru_maxrss / 1024)  # kilobytes on Linux
    return result


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def table(results: list[dict], with_bound: bool = False) -> str:
    ours = next((r for r in results if r["method"] == "ours" and "error" not in r), None)
    solved = [r for r in results if "error" not in r]
    best_bound = min((r["placed_bound"] for r in solved), default=0)
    bound_head = " value | value bound | below best bound |" if with_bound else ""
    lines = [
        f"| method | status | placed |{bound_head} cost DKK | bound DKK | gap "
        "| proven placement s | 1 % cost s | seconds | peak MB | placed vs ours | time vs ours |",
        "|---|---|---|"
        + ("---|---|---|" if with_bound else "")
        + "---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['method']} | {r['error']} |" + " |" * (11 + 3 * with_bound))
            continue
        placed_ratio = time_ratio = ""
        if ours:
            placed_ratio = f"{r['learners_placed'] / max(1, ours['learners_placed']):.3f}"
            time_ratio = f"{r['seconds'] / max(1e-3, ours['seconds']):.2f}x"
        bound_cells = ""
        if with_bound:
            below = (best_bound - r["placed_value"]) / max(1, best_bound)
            bound_cells = f" {r['placed_value']:,} | {r['placed_bound']:,} | {below:.2%} |"
        lines.append(
            f"| {r['method']} | {r['status']} | {r['learners_placed']} |{bound_cells} "
            f"{r['cost_dkk']:,} | {r['cost_bound_dkk']:,} | {r['gap']:.2%} "
            f"| {_seconds(r.get('seconds_to_proven_placement'))} "
            f"| {_seconds(r.get('seconds_to_1pct_cost'))} "
            f"| {r['seconds']:.2f} | {r.get('peak_mb', '')} | {placed_ratio} | {time_ratio} |"
        )
    if with_bound:
        lines.append(
            f"\nStrongest placement bound (weighted value): {best_bound:,}; "
            "'below best bound' is each method's value's distance from it."
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=["small", "region", "national"], default="region")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--gap", type=float, default=0.0)
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--bound", action="store_true", help="show the strongest bound column")
    parser.add_argument("--out-dir", type=Path, default=Path("out/compare"))
    parser.add_argument("--only", choices=METHODS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        print(json.dumps(run_one(args.only, args.size, args.seed, args.time_limit, args.gap)))
        return 0
    results = [run_isolated(m, args) for m in args.methods.split(",")]
    text = (
        f"Scenario {args.size}, seed {args.seed}, time limit {args.time_limit:g} s, "
        f"gap limit {args.gap:g}\n\n{table(results, args.bound)}\n"
    )
    print(text)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    stem = args.out_dir / f"compare-{args.size}-{args.seed}"
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r.get("verified") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
