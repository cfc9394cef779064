"""Tests of the first-come-first-served baseline."""

from __future__ import annotations

from solver import Offer, solve_greedy, verify_solution
from tests.solver.helpers import instance, optimum


def test_first_come_takes_the_nearest_hold_and_later_groups_are_cancelled():
    """Tests that greedy sends each group to its cheapest hold, and cancels the small ones.

    Demand 0 (4) prefers offer 0, demand 1 (4) prefers offer 1; both holds need 8, so both are
    cancelled and nobody is placed. Pooling both into either hold places all 8.
    """
    offers = [Offer(min_size=8, max_size=16), Offer(min_size=8, max_size=16)]
    inst = instance(
        [(4, 1, True), (4, 1, True)], offers, [(0, 0, 1), (0, 1, 5), (1, 1, 1), (1, 0, 5)]
    )
    greedy = solve_greedy(inst)
    assert verify_solution(inst, greedy) == []
    assert greedy.placed_learners == 0
    assert optimum(inst).placed_learners == 8


def test_cancelled_learners_join_a_hold_that_runs():
    """Tests that learners of a cancelled hold are moved into room left in a running hold."""
    offers = [Offer(min_size=4, max_size=16), Offer(min_size=8, max_size=16)]
    # Demand 0 opens offer 0 (runs with 5); demand 1 prefers offer 1, which is cancelled.
    inst = instance([(5, 1, True), (3, 1, True)], offers, [(0, 0, 1), (1, 1, 1), (1, 0, 9)])
    greedy = solve_greedy(inst)
    assert verify_solution(inst, greedy) == []
    assert greedy.placed_learners == 8


def test_parallel_hold_opens_when_the_first_is_full():
    """Tests that greedy opens the second parallel hold for learners who do not fit."""
    offers = [Offer(min_size=2, max_size=4, max_parallel=2)]
    inst = instance([(4, 1, True), (3, 1, False)], offers, [(0, 0, 0), (1, 0, 0)])
    greedy = solve_greedy(inst)
    assert verify_solution(inst, greedy) == []
    assert greedy.placed_learners == 7
    assert len(greedy.open_holds) == 2
