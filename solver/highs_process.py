"""Two lexicographic stages of an all-integer program on HiGHS, over plain arrays.

Stage 1 maximises one objective; stage 2 keeps at least the value found and minimises a second
one, starting from the stage-1 solution (or, given `reached` and `start`, stage 2 alone from
that start). It knows nothing of pooling (see `solver.mip`) and imports nothing from `solver`:
OR-Tools ships its own `libhighs.so.1` under the same soname, so `highspy` and `ortools`
cannot be loaded into one process. This file therefore runs as a separate Python process
(pickled problem in, pickled result out): `solve_in_subprocess` waits for it,
`start_in_subprocess` lets the caller work meanwhile.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# A gap below one unit proves optimality of an integer objective.
_ABS_GAP = 1.0 - 1e-4


def solve_in_subprocess(problem: dict[str, Any]) -> dict[str, Any]:
    """Run `solve_two_stages(problem)` in a fresh interpreter and return its result."""
    done = subprocess.run(
        [sys.executable, __file__],
        input=pickle.dumps(problem),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"HiGHS process failed: {done.stderr.decode(errors='replace')}")
    return pickle.loads(done.stdout)


class Running:
    """`solve_two_stages(problem)` under way in a fresh interpreter (files in and out)."""

    def __init__(self, problem: dict[str, Any]) -> None:
        folder = Path(tempfile.mkdtemp(prefix="highs-"))
        self._input, self._output = folder / "problem.pickle", folder / "result.pickle"
        self._input.write_bytes(pickle.dumps(problem))
        # The child has its own copies of these files once started: they close here at once.
        with self._input.open("rb") as given, self._output.open("wb") as taken:
            self._process = subprocess.Popen(
                [sys.executable, __file__], stdin=given, stdout=taken, stderr=subprocess.DEVNULL
            )

    def result(self, timeout: float) -> dict[str, Any] | None:
        """Its result, or None if it fails or is not done within `timeout` seconds."""
        try:
            code = self._process.wait(timeout=max(0.0, timeout))
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
            code = None
        try:
            return pickle.loads(self._output.read_bytes()) if code == 0 else None
        finally:
            shutil.rmtree(self._input.parent, ignore_errors=True)


def start_in_subprocess(problem: dict[str, Any]) -> Running:
    """Start `solve_two_stages(problem)` in a fresh interpreter; ask `.result()` later."""
    return Running(problem)


def solve_two_stages(problem: dict[str, Any]) -> dict[str, Any]:
    """Solve `problem` (keys below) in two stages within `time_limit_s` in all.

    As in `solver.cpsat`, stage 1 may use 40 % of the time and stage 2 what is left.

    problem: col_lower, col_upper (all columns integer); row_lower, row_upper, row_starts,
    row_indices, row_values (rows in compressed form); first (costs, maximised), second
    (costs, minimised); time_limit_s, threads, seed; optionally relax (solve the linear
    relaxation of stage 2 alone for its bound: no plan comes back).
    Returns {"first": stage, "second": stage or None, "trace": [(stage number, seconds,
    best objective, dual bound), ...]}; a stage is a dict with proven, bound (HiGHS' dual
    bound) and values (column values, rounded; None if none found).
    """
    import highspy
    import numpy as np

    highs = highspy.Highs()
    for option, value in (
        ("output_flag", False),
        ("threads", max(1, int(problem["threads"]))),
        ("random_seed", int(problem["seed"])),
        ("mip_rel_gap", 0.0),
        ("mip_abs_gap", _ABS_GAP),
    ):
        highs.setOptionValue(option, value)
    n = len(problem["col_lower"])
    columns = np.arange(n, dtype=np.int32)
    highs.addVars(
        n, np.asarray(problem["col_lower"], float), np.asarray(problem["col_upper"], float)
    )
    if problem.get("relax"):  # the linear relaxation, by the interior point method
        highs.setOptionValue("solver", "ipm")
    else:
        integer = highspy.HighsVarType.kInteger.value
        highs.changeColsIntegrality(n, columns, np.full(n, integer, dtype=np.uint8))
    highs.addRows(
        len(problem["row_lower"]),
        np.asarray(problem["row_lower"], float),
        np.asarray(problem["row_upper"], float),
        len(problem["row_indices"]),
        np.asarray(problem["row_starts"], np.int32),
        np.asarray(problem["row_indices"], np.int32),
        np.asarray(problem["row_values"], float),
    )

    began = time.monotonic()
    deadline = began + float(problem["time_limit_s"])
    # (stage, seconds since the start, best objective, dual bound), for time-to-proof figures.
    trace: list[tuple[int, float, float, float]] = []
    current = [1]

    def listen(event: Any) -> None:
        out = event.data_out
        point = (current[0], time.monotonic() - began, out.mip_primal_bound, out.mip_dual_bound)
        if not trace or point[2:] != trace[-1][2:]:
            trace.append(point)

    highs.cbMipInterrupt.subscribe(listen)
    highs.cbMipImprovingSolution.subscribe(listen)

    def stage(costs: Any, sense: Any, start: Any, seconds: float) -> dict[str, Any]:
        highs.changeColsCost(n, columns, np.asarray(costs, float))
        highs.changeObjectiveSense(sense)
        highs.setOptionValue("time_limit", max(0.01, seconds))
        if start is not None:
            highs.setSolution(n, columns, np.asarray(start, float))
        highs.run()
        info = highs.getInfo()
        if problem.get("relax"):  # the optimum of the relaxation is a bound, not a plan
            optimal = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
            bound = info.objective_function_value if optimal else -highspy.kHighsInf
            return {"proven": False, "bound": float(bound), "values": None}
        feasible = highspy.SolutionStatus.kSolutionStatusFeasible.value
        found = info.primal_solution_status == feasible
        trace.append(
            (
                current[0],
                time.monotonic() - began,
                info.objective_function_value,
                info.mip_dual_bound,
            )
        )
        return {
            "proven": highs.getModelStatus() == highspy.HighsModelStatus.kOptimal,
            "bound": float(info.mip_dual_bound),
            "values": np.round(highs.getSolution().col_value).tolist() if found else None,
        }

    if problem.get("start") is not None:  # stage 2 alone, from a known solution
        first = {"proven": False, "bound": float(problem["reached"]), "values": problem["start"]}
        reached = float(problem["reached"])
    else:
        first = stage(
            problem["first"],
            highspy.ObjSense.kMaximize,
            None,
            0.4 * float(problem["time_limit_s"]),
        )
        if first["values"] is None:
            return {"first": first, "second": None, "trace": trace}
        reached = float(np.dot(np.asarray(problem["first"], float), first["values"]))
    costs = np.asarray(problem["first"], float)
    used = np.flatnonzero(costs).astype(np.int32)
    highs.addRow(reached, highspy.kHighsInf, len(used), used, costs[used])
    current[0] = 2
    second = stage(
        problem["second"], highspy.ObjSense.kMinimize, first["values"], deadline - time.monotonic()
    )
    return {"first": first, "second": second, "trace": trace}


def main() -> None:
    """Read the problem from stdin and write the pickled result to stdout.

    HiGHS prints a banner from C when it starts, whatever its options say, so everything the
    process prints goes to stderr and only the result reaches the real stdout.
    """
    problem = pickle.loads(sys.stdin.buffer.read())
    result_fd = os.dup(1)
    sys.stdout.flush()
    os.dup2(2, 1)
    result = pickle.dumps(solve_two_stages(problem))
    with os.fdopen(result_fd, "wb") as out:
        out.write(result)


if __name__ == "__main__":
    main()
