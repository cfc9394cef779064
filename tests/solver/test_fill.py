"""Tests of the fullest-hold-first start (solver.fill)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from solver import Offer, solve_greedy, verify_solution
from solver.fill import solve_fill
from tests.solver.helpers import instance
from tests.solver.test_properties import instances


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_fill_solutions_verify(inst):
    """Tests that every fill solution keeps every rule (sizes, order of holds, groups whole)."""
    assert verify_solution(inst, solve_fill(inst)) == []


def test_fill_pools_where_first_come_first_served_scatters():
    """Tests that fill opens the one hold everyone reaches, where arrival order opens none.

    Three requests of 2 learners each go first to their own nearby school (minimum 5, so
    none runs) in arrival order; all of them also reach a central school where together they
    make 6 of a minimum of 5.
    """
    inst = instance(
        demands=[(2, 1, True), (2, 1, True), (2, 1, True)],
        offers=[Offer(min_size=5, max_size=8) for _ in range(4)],
        arcs=[(0, 0, 1), (1, 1, 1), (2, 2, 1), (0, 3, 9), (1, 3, 9), (2, 3, 9)],
    )
    fill = solve_fill(inst)
    assert verify_solution(inst, fill) == []
    assert fill.placed_learners == 6 > solve_greedy(inst).placed_learners
