"""Tests that local moves lower the cost, keep everyone placed as before, and break no rule."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from solver import Assignment, OpenHold, Solution, solve_greedy, verify_solution
from solver.instance import Offer
from solver.polish import _Plan, polish
from tests.solver.helpers import instance
from tests.solver.test_properties import instances


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_demands=10, max_offers=5))
def test_polish_keeps_the_placement_and_never_costs_more(inst):
    """Tests on random instances from the greedy plan: valid, same placement, no dearer."""
    start = solve_greedy(inst)
    polished = polish(inst, start)
    assert verify_solution(inst, polished) == []
    assert polished.placed_value == start.placed_value
    assert polished.placed_learners == start.placed_learners
    assert polished.cost <= start.cost


def test_learners_move_to_a_cheaper_open_hold_and_an_empty_hold_closes():
    """Tests that a group in a dear hold joins a cheap one with room; the dear one closes."""
    inst = instance(
        [(4, 1, True), (3, 1, True)],
        [
            Offer(min_size=2, max_size=10, open_cost=100),
            Offer(min_size=2, max_size=10, open_cost=100),
        ],
        [(0, 0, 1), (1, 0, 9), (1, 1, 1)],
    )
    start = Solution.of(
        inst,
        [OpenHold(0, 0), OpenHold(1, 0)],
        [Assignment(0, 0, 0, 4), Assignment(1, 1, 0, 3)],
        placed_bound=7,
        cost_bound=0,
    )
    assert start.cost == 100 + 100 + 4 + 3
    # Here moving costs more per learner (9 > 1), but closing the hold saves its price.
    polished = polish(inst, start)
    assert verify_solution(inst, polished) == []
    assert polished.cost == 100 + 4 + 27
    assert [(h.offer, h.slot) for h in polished.open_holds] == [(0, 0)]


def test_a_hold_is_not_left_below_its_minimum():
    """Tests that learners stay where leaving would take a hold below its minimum."""
    inst = instance(
        [(3, 1, True), (1, 1, True), (1, 1, True)],
        [Offer(min_size=4, max_size=10, open_cost=0), Offer(min_size=1, max_size=10, open_cost=0)],
        [(0, 0, 5), (0, 1, 1), (1, 0, 1), (2, 1, 1)],
    )
    start = Solution.of(
        inst,
        [OpenHold(0, 0), OpenHold(1, 0)],
        [Assignment(0, 0, 0, 3), Assignment(1, 0, 0, 1), Assignment(2, 1, 0, 1)],
        placed_bound=5,
        cost_bound=0,
    )
    assert verify_solution(inst, start) == []
    # The moves themselves respect the minimum (not only the final check that undoes them).
    plan = _Plan(inst, start)
    plan.cheaper_moves()
    plan.close_holds()
    assert verify_solution(inst, plan.solution(5, 0)) == []
    assert polish(inst, start).cost == start.cost == 15 + 1 + 1


def test_a_hold_kept_open_only_for_a_later_one_closes_with_it():
    """Tests that when the learners of an offer's second hold move away, its first hold (a
    guaranteed one with none of ours) closes too, not left open and empty."""
    inst = instance(
        [(3, 1, True), (3, 1, True)],
        [
            Offer(min_size=2, max_size=3, open_cost=50, max_parallel=2, guaranteed=True),
            Offer(min_size=1, max_size=10, open_cost=0),
        ],
        [(0, 0, 9), (1, 1, 1), (0, 1, 1)],
    )
    start = Solution.of(
        inst,
        [OpenHold(0, 0), OpenHold(0, 1), OpenHold(1, 0)],
        [Assignment(0, 0, 1, 3), Assignment(1, 1, 0, 3)],
        placed_bound=6,
        cost_bound=0,
    )
    assert verify_solution(inst, start) == []
    polished = polish(inst, start)
    assert polished.cost < start.cost
    assert [(h.offer, h.slot) for h in polished.open_holds] == [(1, 0)]
