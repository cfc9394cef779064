"""Tests of the Lagrangian placement bound (solver.bound)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import HealthCheck, given, settings

from solver import Offer, SolveOptions, solve
from solver.bound import placement_bound, placement_bounds
from tests.solver.helpers import brute_force, instance
from tests.solver.test_properties import instances


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_demands=3, max_offers=2, max_size=3, max_parallel=2))
def test_bound_is_never_below_the_brute_force_optimum(inst):
    """Tests that the bound holds on tiny instances, and never exceeds everyone placed."""
    best, _ = brute_force(inst)
    bound = placement_bound(inst)
    assert best <= bound <= sum(d.size * d.weight for d in inst.demands)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_demands=10, max_offers=5))
def test_bound_is_never_below_the_proven_optimum(inst):
    """Tests that the bound holds against CP-SAT's proven optimum on random instances."""
    best = solve(inst, SolveOptions(time_limit_s=10, workers=1)).solution
    assert best.status.value == "OPTIMAL"
    assert placement_bound(inst) >= best.placed_value


def test_minimum_sizes_make_the_bound_stronger_than_everyone_placed():
    """Tests that two offers with a minimum of 4 and 3 learners each give a bound of 0.

    Each demand of 3 learners reaches one offer only: neither offer can open, yet "everyone
    placed" would say 6; the LP would also say 6/8 of a hold opens.
    """
    inst = instance(
        demands=[(3, 1, True), (3, 1, True)],
        offers=[Offer(min_size=4, max_size=8), Offer(min_size=4, max_size=8)],
        arcs=[(0, 0, 0), (1, 1, 0)],
    )
    assert placement_bound(inst) == 0


def test_shared_demand_is_counted_once():
    """Tests that a demand reaching two holds cannot be placed twice over in the bound.

    Five learners reach two holds of room 5: the bound must come down from 10 (both holds
    full of the same learners) to 5.
    """
    inst = instance(
        demands=[(5, 1, True)],
        offers=[Offer(min_size=1, max_size=5), Offer(min_size=1, max_size=5)],
        arcs=[(0, 0, 0), (0, 1, 0)],
    )
    assert placement_bound(inst) == 5


def test_bounds_of_many_parts_at_once_match_one_at_a_time():
    """Tests that solving parts together gives each part the bound it gets alone."""
    first = instance(
        demands=[(3, 2, True), (2, 1, False)],
        offers=[Offer(min_size=4, max_size=4)],
        arcs=[(0, 0, 0), (1, 0, 0)],
    )
    second = instance(
        demands=[(6, 1, True)],
        offers=[Offer(min_size=2, max_size=4, max_parallel=2)],
        arcs=[(0, 0, 0)],
    )
    together = placement_bounds([first, second], [0, 0])
    assert together == [placement_bound(first), placement_bound(second)]
    assert together[1] == 6


def test_no_parts_no_bounds():
    """Tests that an empty list of parts has an empty list of bounds."""
    assert placement_bounds([], []) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_demands=3, max_offers=2, max_size=3, max_parallel=2))
def test_learner_bound_is_never_below_the_most_learners_any_plan_places(inst):
    """Tests that the unit-weight bound holds against brute force with every weight 1."""
    unit = replace(inst, demands=tuple(replace(d, weight=1) for d in inst.demands))
    most, _ = brute_force(unit)
    assert most <= placement_bound(inst, learners=True) <= inst.total_learners
    report = solve(inst, SolveOptions(time_limit_s=5, workers=1))
    assert report.solution.placed_learners <= report.learners_bound <= inst.total_learners
