"""Tests that neighbourhood steps keep plans valid, never lose ground, and find the optimum."""

from __future__ import annotations

import importlib
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver import (
    Arc,
    Demand,
    Instance,
    Solution,
    SolveOptions,
    solve,
    solve_greedy,
    verify_solution,
)
from solver.cpsat import SolveParameters, solve_model
from solver.instance import Offer
from solver.lns import _Graph, _neighbourhood, _splice, improve
from tests.solver.test_properties import instances


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_demands=10, max_offers=6), st.data())
def test_a_neighbourhood_solved_and_spliced_back_is_a_valid_plan(inst, data):
    """Tests on random instances: the plan inside a group of offers is valid there, and the
    group's optimum put back into the whole plan verifies and places no less."""
    start = solve_greedy(inst)
    offers = data.draw(st.sets(st.integers(0, len(inst.offers) - 1), min_size=1))
    hood = _neighbourhood(_Graph(inst), start, offers)
    if hood is None:
        return
    assert verify_solution(hood.instance, hood.hint) == []
    found = solve_model(hood.instance, SolveParameters(time_limit_s=5), hint=hood.hint)
    assert found.placed_value >= hood.hint.placed_value
    spliced = _splice(inst, start, hood, found)
    assert verify_solution(inst, spliced) == []
    assert spliced.placed_value == start.placed_value + found.placed_value - hood.hint.placed_value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_demands=10, max_offers=6))
def test_improve_never_makes_a_plan_worse(inst):
    """Tests that the result verifies and places at least as much, or as much for no more."""
    start = solve_greedy(inst)
    found = improve(inst, start, 0.3, seed=1)
    assert verify_solution(inst, found) == []
    assert (found.placed_value, -found.cost) >= (start.placed_value, -start.cost)


def _chain(n_offers: int, seed: int) -> Instance:
    """Offers along a line; each demand reaches two or three neighbouring offers."""
    rng = random.Random(seed)
    offers = tuple(
        Offer(min_size=5, max_size=8, open_cost=rng.randint(50, 150), max_parallel=2)
        for _ in range(n_offers)
    )
    demands, arcs = [], []
    for d in range(n_offers * 4):
        demands.append(Demand(size=rng.randint(1, 4), weight=rng.randint(1, 2)))
        first = rng.randrange(n_offers)
        for o in range(first, min(n_offers, first + rng.randint(2, 3))):
            arcs.append(Arc(demand=d, offer=o, cost=rng.randint(0, 20)))
    return Instance(demands=tuple(demands), offers=offers, arcs=tuple(arcs))


def test_small_neighbourhoods_reach_the_proven_optimum_of_a_larger_instance(monkeypatch):
    """Tests that steps over a few offers each lift the greedy plan to CP-SAT's proven best
    placement of the whole instance (the search stops as soon as it meets the bound)."""
    monkeypatch.setattr("solver.lns._START_SIZE", 60)
    monkeypatch.setattr("solver.lns._LEAST_SIZE", 30)
    inst = _chain(40, seed=3)
    best = solve(inst, SolveOptions(time_limit_s=20, workers=1)).solution
    assert best.placed_value == best.placed_bound  # proven, so a fair target
    start = solve_greedy(inst)
    assert start.placed_value < best.placed_value
    graph = _Graph(inst)
    assert sum(graph.offer_size) > 10 * 60  # every step sees a small share of the instance
    # The start knows the bound, as the solve's starts know their Lagrangian bound.
    start = Solution.of(inst, start.open_holds, start.assignments, best.placed_value, 0)
    found = improve(inst, start, 20)
    assert verify_solution(inst, found) == []
    assert found.placed_value == best.placed_value


def test_the_cost_stage_keeps_the_placement_and_lowers_the_cost(monkeypatch):
    """Tests that cost steps never change the placement value and end no dearer."""
    monkeypatch.setattr("solver.lns._START_SIZE", 60)
    inst = _chain(30, seed=5)
    placed = improve(inst, solve_greedy(inst), 5)
    cheaper = improve(inst, placed, 3, stages="cost")
    assert verify_solution(inst, cheaper) == []
    assert cheaper.placed_value == placed.placed_value
    assert cheaper.cost < placed.cost


def test_a_huge_part_is_solved_by_neighbourhoods_with_a_cost_bound_from_highs(monkeypatch):
    """Tests the solve's path for huge parts on an instance made to count as huge: the plan
    verifies, places as much as CP-SAT's proven optimum, and carries HiGHS's cost bound."""
    inst = _chain(40, seed=3)
    best = solve(inst, SolveOptions(time_limit_s=20, workers=1)).solution
    solve_module = importlib.import_module("solver.solve")
    monkeypatch.setattr(solve_module, "_HUGE_PART_SIZE", 100)
    monkeypatch.setattr(solve_module, "_LP_BOUND_SIZES", (10**9, 10**9))  # bound by HiGHS
    monkeypatch.setattr("solver.lns._START_SIZE", 60)
    report = solve(inst, SolveOptions(time_limit_s=8, workers=2))
    found = report.solution
    assert verify_solution(inst, found) == []
    assert found.placed_value == best.placed_value
    assert 0 < found.cost_bound <= best.cost_bound <= best.cost <= found.cost
