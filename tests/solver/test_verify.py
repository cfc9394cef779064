"""Tests that the solver's verifier catches every kind of broken solution."""

from __future__ import annotations

from dataclasses import replace

import pytest

from solver import Assignment, Offer, OpenHold, Status, verify_solution
from tests.solver.helpers import instance, optimum


@pytest.fixture
def ok_small():
    offers = [Offer(min_size=4, max_size=8, open_cost=100, max_parallel=2)]
    inst = instance([(5, 2, True), (3, 1, False)], offers, [(0, 0, 10), (1, 0, 20)])
    solution = optimum(inst)
    assert verify_solution(inst, solution) == []
    assert solution.placed_learners == 8
    return inst, solution


def broken(solution, **changes):
    return replace(solution, **changes)


def test_catches_too_many_participants(ok_small):
    """Tests that a hold above its maximum is reported."""
    inst, sol = ok_small
    bad = broken(
        sol, assignments=(Assignment(0, 0, 0, 5), Assignment(1, 0, 0, 3), Assignment(0, 0, 0, 1))
    )
    assert any("> max" in p for p in verify_solution(inst, bad))


def test_catches_too_few_participants(ok_small):
    """Tests that a hold below its minimum is reported."""
    inst, sol = ok_small
    bad = broken(
        sol, assignments=(Assignment(1, 0, 0, 3),), placed_value=3, placed_learners=3, cost=100 + 60
    )
    assert any("< min" in p for p in verify_solution(inst, bad))


def test_catches_assignment_to_a_closed_hold(ok_small):
    """Tests that learners in a hold that is not open are reported."""
    inst, sol = ok_small
    bad = broken(sol, open_holds=())
    assert any("closed hold" in p for p in verify_solution(inst, bad))


def test_catches_a_split_keep_together_group(ok_small):
    """Tests that an unsplittable demand placed in parts is reported."""
    inst, sol = ok_small
    bad = broken(
        sol,
        open_holds=(OpenHold(0, 0), OpenHold(0, 1)),
        assignments=(Assignment(0, 0, 0, 5), Assignment(1, 0, 0, 1), Assignment(1, 0, 1, 2)),
    )
    assert any("split" in p for p in verify_solution(inst, bad))


def test_catches_assignment_without_arc():
    """Tests that a demand sent to an offer it has no arc to is reported."""
    inst = instance([(2, 1, True)], [Offer(min_size=1, max_size=4)], [])
    sol = optimum(inst)
    bad = broken(
        sol,
        open_holds=(OpenHold(0, 0),),
        assignments=(Assignment(0, 0, 0, 2),),
        placed_value=2,
        placed_learners=2,
        placed_bound=2,
    )
    assert any("without an arc" in p for p in verify_solution(inst, bad))


def test_catches_a_wrong_objective(ok_small):
    """Tests that a solution claiming another cost or placement is reported."""
    inst, sol = ok_small
    assert any("cost" in p for p in verify_solution(inst, broken(sol, cost=sol.cost - 1)))
    assert any(
        "placed value" in p
        for p in verify_solution(inst, broken(sol, placed_value=sol.placed_value + 1))
    )


def test_catches_second_hold_without_first(ok_small):
    """Tests that opening hold 2 of an offer without hold 1 is reported."""
    inst, sol = ok_small
    bad = broken(
        sol,
        open_holds=(OpenHold(0, 1),),
        assignments=tuple(replace(a, slot=1) for a in sol.assignments),
    )
    assert any("without hold 0" in p for p in verify_solution(inst, bad))


def test_catches_optimal_claim_with_a_gap(ok_small):
    """Tests that OPTIMAL with a bound that does not meet the objective is reported."""
    inst, sol = ok_small
    bad = broken(sol, status=Status.OPTIMAL, cost_bound=sol.cost - 5)
    assert any("OPTIMAL" in p for p in verify_solution(inst, bad))


def test_reports_an_unknown_demand_instead_of_raising(ok_small):
    """Tests that an assignment naming a demand outside the instance is a reported violation."""
    inst, sol = ok_small
    bad = broken(sol, assignments=(*sol.assignments, Assignment(7, 0, 0, 1)))
    assert "assignment names unknown demand 7" in verify_solution(inst, bad)
