"""Tests that the LP's cost bound never exceeds the least cost of a plan, and is tight enough."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from solver import Offer, SolveOptions, solve
from solver.lp_bound import cost_bound
from tests.solver.helpers import brute_force, instance
from tests.solver.test_properties import instances


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_demands=3, max_offers=2, max_size=3, max_parallel=2))
def test_the_bound_is_at_most_the_least_cost_at_the_best_placement(inst):
    """Tests validity against an exhaustive search (covers included when all are placed)."""
    value, least_cost = brute_force(inst)
    bound = cost_bound(inst, value)
    assert bound is not None and 0 <= bound <= least_cost


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_demands=8, max_offers=4))
def test_the_bound_is_at_most_the_proven_optimum(inst):
    """Tests validity against CP-SAT's proven optimum on larger random instances."""
    best = solve(inst, SolveOptions(time_limit_s=10, workers=1)).solution
    if best.status.value == "OPTIMAL":
        bound = cost_bound(inst, best.placed_value)
        assert bound is not None and bound <= best.cost


def test_the_covers_count_the_holds_every_learner_needs():
    """Tests that when everyone is placed, a whole hold's price is counted, not a share."""
    # Two groups of 5 that can only go to holds of at most 6: two holds must open.
    inst = instance(
        [(5, 1, True), (5, 1, True)],
        [Offer(min_size=1, max_size=6, open_cost=600, max_parallel=2)],
        [(0, 0, 0), (1, 0, 0)],
    )
    assert cost_bound(inst, 10) == 1200
    # Placing fewer needs only what their seats cost in the relaxation.
    assert cost_bound(inst, 6) == 600


def test_an_unreachable_placement_has_no_bound():
    """Tests that asking for more than any plan places gives None, not a number."""
    inst = instance([(2, 1, True)], [Offer(min_size=1, max_size=6, open_cost=10)], [(0, 0, 1)])
    assert cost_bound(inst, 3) is None
