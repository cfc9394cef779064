"""Tests of the benchmark support code: the Holmberg reader and the HiGHS model.

They check that p1 reads into the right pooling instance, that CP-SAT and HiGHS both reach
its published optimum, and that HiGHS matches a brute-force optimum on tiny hand-built
instances. They do not measure speed; `benchmarks/sscflp.py --all` does that. The benchmark
modules are imported by name (see conftest.py); HiGHS runs in a child process, so highspy is
never imported here (it cannot share a process with OR-Tools).
"""

from __future__ import annotations

import importlib.util
import itertools

import holmberg
import pytest
from highs_model import solve_highs

from solver import (
    Arc,
    Demand,
    Instance,
    Offer,
    SolveOptions,
    Status,
    solve,
    verify_solution,
)

needs_data = pytest.mark.skipif(
    not (holmberg.DATA_DIR / "p1").exists(), reason="Holmberg instances not available"
)
needs_highs = pytest.mark.skipif(
    importlib.util.find_spec("highspy") is None, reason="highspy not installed"
)


@needs_data
def test_reading_p1_gives_the_right_counts() -> None:
    data = holmberg.load("p1")
    assert (data.facilities, data.customers, data.scale) == (10, 50, 1)
    assert sum(data.demands) == 1456
    assert sum(data.capacities) == 2533
    assert data.costs[0][:3] == (260, 239, 418)  # row of facility 0, first customers

    instance = holmberg.to_instance(data)
    assert (len(instance.offers), len(instance.demands), len(instance.arcs)) == (10, 50, 500)
    assert all(not d.splittable and d.weight == 1 for d in instance.demands)
    assert all(o.max_parallel == 1 and o.min_size == 0 for o in instance.offers)
    assert {a.cost for a in instance.arcs} == {0}
    assert instance.offers[0].open_cost == 366
    assert holmberg.published_optimum("p1") == 8848


@needs_data
def test_minimum_fraction_rounds_up_exactly() -> None:
    instance = holmberg.to_instance(holmberg.load("p1"), min_fraction=0.3)
    capacities = holmberg.load("p1").capacities
    assert [o.min_size for o in instance.offers] == [-(-3 * c // 10) for c in capacities]


@needs_data
def test_padded_file_reads_like_its_sibling() -> None:
    # p2 is NUL-padded; it shares capacities, demands and serving costs with p1.
    p1, p2 = holmberg.load("p1"), holmberg.load("p2")
    assert (p2.capacities, p2.demands, p2.costs) == (p1.capacities, p1.demands, p1.costs)
    assert set(p2.fixed_costs) == {300}


@needs_data
@pytest.mark.parametrize("method", ["cpsat", pytest.param("highs", marks=needs_highs)])
def test_p1_reaches_the_published_optimum(method: str) -> None:
    instance = holmberg.to_instance(holmberg.load("p1"))
    if method == "highs":
        solution = solve_highs(instance, time_limit_s=30)
    else:
        solution = solve(instance, SolveOptions(time_limit_s=30, workers=2)).solution
    assert verify_solution(instance, solution) == []
    assert solution.placed_learners == instance.total_learners
    assert solution.cost == holmberg.published_optimum("p1")
    assert solution.status is Status.OPTIMAL


def _tiny(guaranteed: bool) -> Instance:
    """3 demands (splittable, unsplittable with a fixed cost, priority) and 2 offers.

    12 weighted learners but room for 9 (2 of offer 0's first 4 seats are taken): not everyone
    fits, and the unsplittable group fits only in offer 0's second hold.
    """
    return Instance(
        demands=(
            Demand(size=4),
            Demand(size=4, splittable=False),
            Demand(size=2, weight=2),
        ),
        offers=(
            Offer(
                min_size=4,
                max_size=4,
                open_cost=10,
                max_parallel=2,
                seats_taken=2,
                guaranteed=guaranteed,
            ),
            Offer(min_size=3, max_size=3, open_cost=4),
        ),
        arcs=(
            Arc(demand=0, offer=0, cost=1),
            Arc(demand=0, offer=1, cost=2),
            Arc(demand=1, offer=0, fixed_cost=3),
            Arc(demand=2, offer=0, cost=2),
            Arc(demand=2, offer=1),
        ),
    )


def _brute_force(instance: Instance) -> tuple[int, int]:
    """Best (placed value, cost) over every assignment and set of open holds."""
    holds = [(o, k) for o, offer in enumerate(instance.offers) for k in range(offer.max_parallel)]
    choices = []  # per demand: every way to put some of it into holds it can reach
    for d, demand in enumerate(instance.demands):
        reach = [(o, k) for o, k in holds if instance.arc_between(d, o) is not None]
        if demand.splittable:
            ways = [
                dict(zip(reach, amounts, strict=True))
                for amounts in itertools.product(range(demand.size + 1), repeat=len(reach))
                if sum(amounts) <= demand.size
            ]
        else:
            ways = [{}] + [{hold: demand.size} for hold in reach]
        choices.append(ways)
    best = None
    for opened in itertools.product([False, True], repeat=len(holds)):
        is_open = dict(zip(holds, opened, strict=True))
        if any(k > 0 and is_open[o, k] and not is_open[o, k - 1] for o, k in holds):
            continue
        for ways in itertools.product(*choices):
            size = {(o, k): instance.offers[o].hold_seats_taken(k) for o, k in holds}
            placed = cost = 0
            for d, way in enumerate(ways):
                for (o, k), learners in way.items():
                    if learners == 0:
                        continue
                    arc = instance.arc_between(d, o)
                    assert arc is not None
                    size[o, k] += learners
                    placed += instance.demands[d].weight * learners
                    cost += arc.cost * learners + arc.fixed_cost
            feasible = all(
                (learners == 0 or is_open[h]) for way in ways for h, learners in way.items()
            ) and all(
                instance.offers[o].hold_min(k) <= size[o, k] <= instance.offers[o].max_size
                for o, k in holds
                if is_open[o, k]
            )
            if not feasible:
                continue
            cost += sum(instance.offers[o].hold_open_cost(k) for o, k in holds if is_open[o, k])
            if best is None or (placed, -cost) > (best[0], -best[1]):
                best = (placed, cost)
    assert best is not None
    return best


@needs_highs
@pytest.mark.parametrize("guaranteed", [False, True])
def test_highs_matches_brute_force_on_a_tiny_instance(guaranteed: bool) -> None:
    instance = _tiny(guaranteed)
    solution = solve_highs(instance, time_limit_s=10)
    assert verify_solution(instance, solution) == []
    assert (solution.placed_value, solution.cost) == _brute_force(instance)
    assert solution.status is Status.OPTIMAL
