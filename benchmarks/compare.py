"""Side-by-side comparison of our engine with its peers on one generated scenario.

    python benchmarks/compare.py --size region --seed 1 [--time-limit 30] [--gap 0]

Solves the same scenario with (a) our engine (decomposed, parts in parallel), (b) CP-SAT on
the monolithic model, (c) HiGHS on the same monolithic formulation and (d) the
first-come-first-served greedy baseline, each in a fresh process with the same time limit.
Every result becomes a proposal through `pooling.service.finish`, so both verifiers check it.
It prints a Markdown table (learners placed, cost, proven bound, gap, wall seconds, peak
memory, ratios against ours) and writes the table and the JSON beside each other in
`--out-dir`. Timings are not committed; this script is the way to reproduce them.
"""

from __future__ import annotations

import argparse
import json
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
    if method == "ours":
        report = solver.solve(
            instance, solver.SolveOptions(time_limit_s=time_limit, workers=2, gap_limit=gap)
        )
    elif method == "greedy":
        report = solver.solve(instance, solver.SolveOptions(method="greedy", workers=1))
    else:
        if method == "cpsat-monolithic":
            solution = solve_model(
                instance,
                SolveParameters(time_limit_s=time_limit, workers=8, gap_limit=gap),
                hint=solver.solve_greedy(instance),
            )
        else:
            from highs_model import solve_highs

            solution = solve_highs(instance, time_limit)
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
        "parts": proposal.parts,
        "verified": True,
    }


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


def table(results: list[dict]) -> str:
    ours = next((r for r in results if r["method"] == "ours" and "error" not in r), None)
    lines = [
        "| method | status | placed | cost DKK | bound DKK | gap | seconds | peak MB "
        "| placed vs ours | time vs ours |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['method']} | {r['error']} |  |  |  |  |  |  |  |  |")
            continue
        placed_ratio = time_ratio = ""
        if ours:
            placed_ratio = f"{r['learners_placed'] / max(1, ours['learners_placed']):.3f}"
            time_ratio = f"{r['seconds'] / max(1e-3, ours['seconds']):.2f}x"
        lines.append(
            f"| {r['method']} | {r['status']} | {r['learners_placed']} "
            f"| {r['cost_dkk']:,} | {r['cost_bound_dkk']:,} | {r['gap']:.2%} "
            f"| {r['seconds']:.2f} | {r.get('peak_mb', '')} | {placed_ratio} | {time_ratio} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=["small", "region", "national"], default="region")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--gap", type=float, default=0.0)
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--out-dir", type=Path, default=Path("out/compare"))
    parser.add_argument("--only", choices=METHODS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.only:
        print(json.dumps(run_one(args.only, args.size, args.seed, args.time_limit, args.gap)))
        return 0
    results = [run_isolated(m, args) for m in args.methods.split(",")]
    text = (
        f"Scenario {args.size}, seed {args.seed}, time limit {args.time_limit:g} s, "
        f"gap limit {args.gap:g}\n\n{table(results)}\n"
    )
    print(text)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    stem = args.out_dir / f"compare-{args.size}-{args.seed}"
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r.get("verified") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
