"""Property tests: random instances solve to verified solutions that match brute force."""

from __future__ import annotations

import random
from concurrent.futures import ProcessPoolExecutor

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver import Arc, Demand, Instance, Offer, SolveOptions, solve, solve_greedy, verify_solution
from tests.solver.helpers import brute_force


@st.composite
def instances(draw, max_demands=10, max_offers=5, max_size=6, max_parallel=2):
    n_demands = draw(st.integers(1, max_demands))
    n_offers = draw(st.integers(1, max_offers))
    demands = tuple(
        Demand(
            size=draw(st.integers(1, max_size)),
            weight=draw(st.integers(1, 3)),
            splittable=draw(st.booleans()),
        )
        for _ in range(n_demands)
    )
    offers = []
    for _ in range(n_offers):
        high = draw(st.integers(1, 10))
        offers.append(
            Offer(
                min_size=draw(st.integers(0, high)),
                max_size=high,
                open_cost=draw(st.integers(0, 50)),
                max_parallel=draw(st.integers(1, max_parallel)),
                seats_taken=draw(st.integers(0, high)) if draw(st.booleans()) else 0,
                guaranteed=draw(st.booleans()),
            )
        )
    arcs = tuple(
        Arc(demand=d, offer=o, cost=draw(st.integers(0, 20)))
        for d in range(n_demands)
        for o in range(n_offers)
        if draw(st.booleans())
    )
    return Instance(demands=demands, offers=tuple(offers), arcs=arcs)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_random_instances_verify_and_beat_greedy(inst):
    """Tests that CP-SAT and greedy solutions verify and CP-SAT places at least as much."""
    greedy = solve_greedy(inst)
    assert verify_solution(inst, greedy) == []
    best = solve(inst, SolveOptions(time_limit_s=10, workers=1)).solution
    assert verify_solution(inst, best) == []
    assert best.placed_value >= greedy.placed_value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_demands=3, max_offers=2, max_size=3, max_parallel=2))
def test_tiny_instances_reach_the_brute_force_optimum(inst):
    """Tests that both lexicographic objectives equal an exhaustive search on tiny instances."""
    best = solve(inst, SolveOptions(time_limit_s=10, workers=1)).solution
    assert (best.placed_value, best.cost) == brute_force(inst)
    assert best.status.value == "OPTIMAL"


def random_instance(rng: random.Random, n_demands: int, n_offers: int) -> Instance:
    demands = tuple(
        Demand(size=rng.randint(1, 6), weight=rng.randint(1, 3), splittable=rng.random() < 0.6)
        for _ in range(n_demands)
    )
    offers = tuple(
        Offer(
            min_size=rng.randint(2, 8),
            max_size=rng.randint(8, 12),
            open_cost=rng.randint(0, 50),
            max_parallel=rng.randint(1, 2),
        )
        for _ in range(n_offers)
    )
    arcs = tuple(
        Arc(demand=d, offer=o, cost=rng.randint(0, 20))
        for d in range(n_demands)
        # Ten clusters of three offers each: the instance falls apart into parts.
        for o in rng.sample(range(3 * (d % 10), 3 * (d % 10) + 3), 2)
    )
    return Instance(demands=demands, offers=offers, arcs=arcs)


def test_parts_solved_in_worker_processes_agree_with_one_process():
    """Tests that parts sent to a process pool give the same optimum as solving in-process."""
    rng = random.Random(3)
    with ProcessPoolExecutor(max_workers=2) as pool:
        for _ in range(5):
            inst = random_instance(rng, 40, 30)
            one = solve(inst, SolveOptions(time_limit_s=20, workers=1)).solution
            report = solve(inst, SolveOptions(time_limit_s=20, workers=2), executor=pool)
            assert verify_solution(inst, report.solution) == []
            assert len(report.parts) > 1
            assert (one.placed_value, one.cost) == (
                report.solution.placed_value,
                report.solution.cost,
            )
