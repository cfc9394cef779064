"""Tests of the cost stage on HiGHS in a child process: valid plans, valid bounds, no hang."""

from __future__ import annotations

import random

from solver import SolveOptions, solve, solve_greedy, verify_solution
from solver.highs_cost import HighsCost
from solver.highs_process import start_in_subprocess
from solver.mip import MipModel
from solver.polish import polish
from tests.solver.test_properties import random_instance


def test_highs_keeps_the_placement_and_bounds_the_cost_below_the_optimum():
    """Tests on random instances: HiGHS's plan verifies, places as much, bound <= optimum."""
    rng = random.Random(7)
    for _ in range(3):
        inst = random_instance(rng, 30, 30)
        best = solve(inst, SolveOptions(time_limit_s=20, workers=1)).solution
        start = polish(inst, solve_greedy(inst))
        found = HighsCost(inst, start, seconds=5, seed=0).result(timeout=30)
        assert found is not None
        assert verify_solution(inst, found) == []
        assert found.placed_value >= start.placed_value
        assert found.cost <= start.cost
        if best.status.value == "OPTIMAL" and best.placed_value == start.placed_value:
            assert found.cost_bound <= best.cost


def test_a_run_past_its_time_is_stopped_and_gives_nothing():
    """Tests that asking with no time to wait stops the child process and answers None."""
    inst = random_instance(random.Random(1), 40, 30)
    model = MipModel.build(inst)
    running = start_in_subprocess(model.problem(30, 1, 0))
    assert running.result(timeout=0) is None
    assert running._process.poll() is not None


def test_the_relaxation_alone_gives_a_bound_below_branch_and_cut_and_the_same_plan():
    """Tests that HiGHS's LP gives the plan it was given back, with a bound above zero that
    is no stronger than branch and cut's and no higher than the proven optimum."""
    rng = random.Random(11)
    for _ in range(3):
        inst = random_instance(rng, 30, 30)
        best = solve(inst, SolveOptions(time_limit_s=20, workers=1)).solution
        start = polish(inst, best)
        relaxed = HighsCost(inst, start, seconds=5, seed=0, relax=True).result(timeout=30)
        branched = HighsCost(inst, start, seconds=5, seed=0).result(timeout=30)
        assert relaxed is not None and branched is not None
        assert relaxed.assignments == start.assignments
        assert 0 < relaxed.cost_bound <= branched.cost_bound <= best.cost
