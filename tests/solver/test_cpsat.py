"""Tests that each constraint family of the CP-SAT model holds, on instances solvable by hand."""

from __future__ import annotations

import random
from dataclasses import replace

from solver import (
    Assignment,
    Offer,
    OpenHold,
    Solution,
    SolveOptions,
    Status,
    solve,
    verify_solution,
)
from tests.solver.helpers import instance, optimum


def checked(inst):
    solution = optimum(inst)
    assert verify_solution(inst, solution) == []
    return solution


def test_minimum_not_reached_opens_nothing():
    """Tests that two groups of 3 cannot open a hold that needs 8."""
    inst = instance(
        [(3, 1, True), (3, 1, True)], [Offer(min_size=8, max_size=16)], [(0, 0, 10), (1, 0, 10)]
    )
    solution = checked(inst)
    assert solution.placed_learners == 0
    assert solution.open_holds == ()
    assert solution.status is Status.OPTIMAL


def test_minimum_reached_together():
    """Tests that two groups of 4 pool into one hold that needs 8."""
    inst = instance(
        [(4, 1, True), (4, 1, True)], [Offer(min_size=8, max_size=16)], [(0, 0, 10), (1, 0, 10)]
    )
    solution = checked(inst)
    assert solution.placed_learners == 8
    assert len(solution.open_holds) == 1


def test_maximum_caps_a_splittable_demand():
    """Tests that a hold of at most 16 takes 16 of 20 splittable learners."""
    inst = instance(
        [(10, 1, True), (10, 1, True)], [Offer(min_size=1, max_size=16)], [(0, 0, 0), (1, 0, 0)]
    )
    assert checked(inst).placed_learners == 16


def test_keep_together_is_never_split():
    """Tests that two unsplittable groups of 10 do not share a hold of 16."""
    inst = instance(
        [(10, 1, False), (10, 1, False)], [Offer(min_size=1, max_size=16)], [(0, 0, 0), (1, 0, 0)]
    )
    solution = checked(inst)
    assert solution.placed_learners == 10
    assert [a.learners for a in solution.assignments] == [10]


def test_keep_together_group_larger_than_any_hold_stays_unplaced():
    """Tests that a group of 6 stays out of two holds of 4, while a splittable one fills them."""
    offers = [Offer(min_size=1, max_size=4), Offer(min_size=1, max_size=4)]
    together = instance([(6, 1, False)], offers, [(0, 0, 0), (0, 1, 0)])
    assert checked(together).placed_learners == 0
    split = instance([(6, 1, True)], offers, [(0, 0, 0), (0, 1, 0)])
    assert checked(split).placed_learners == 6


def test_seats_taken_count_toward_the_minimum():
    """Tests that 5 seats already taken plus 3 learners open a hold that needs 8."""
    offers = [Offer(min_size=8, max_size=16, seats_taken=5)]
    assert checked(instance([(3, 1, True)], offers, [(0, 0, 0)])).placed_learners == 3
    without = [Offer(min_size=8, max_size=16)]
    assert checked(instance([(3, 1, True)], without, [(0, 0, 0)])).placed_learners == 0


def test_seats_taken_count_toward_the_maximum():
    """Tests that 14 seats taken leave room for only 2 of 5 learners."""
    offers = [Offer(min_size=1, max_size=16, seats_taken=14)]
    assert checked(instance([(5, 1, True)], offers, [(0, 0, 0)])).placed_learners == 2


def test_guaranteed_hold_has_no_minimum():
    """Tests that a guaranteed hold takes 2 learners although its minimum is 8."""
    offers = [Offer(min_size=8, max_size=16, guaranteed=True, open_cost=5000)]
    solution = checked(instance([(2, 1, True)], offers, [(0, 0, 0)]))
    assert solution.placed_learners == 2
    assert solution.cost == 0  # a guaranteed hold runs anyway: its price is not ours


def test_parallel_holds_share_a_large_demand():
    """Tests that 30 learners fill two parallel holds of 16, and only 16 with one hold."""
    two = [Offer(min_size=8, max_size=16, max_parallel=2)]
    solution = checked(instance([(30, 1, True)], two, [(0, 0, 0)]))
    assert solution.placed_learners == 30
    assert len(solution.open_holds) == 2
    one = [Offer(min_size=8, max_size=16, max_parallel=1)]
    assert checked(instance([(30, 1, True)], one, [(0, 0, 0)])).placed_learners == 16


def test_seats_taken_belong_to_the_first_parallel_hold():
    """Tests that with 10 seats taken in two holds of 16, 22 learners split as 6 + 16."""
    offers = [Offer(min_size=8, max_size=16, max_parallel=2, seats_taken=10)]
    solution = checked(instance([(25, 1, True)], offers, [(0, 0, 0)]))
    assert solution.placed_learners == 22
    assert sorted((a.slot, a.learners) for a in solution.assignments) == [(0, 6), (1, 16)]


def test_no_arc_no_placement():
    """Tests that a demand without an arc is never placed."""
    inst = instance([(4, 1, True), (4, 1, True)], [Offer(min_size=1, max_size=16)], [(0, 0, 0)])
    solution = checked(inst)
    assert {a.demand for a in solution.assignments} == {0}


def test_priority_weight_decides_who_gets_the_last_seats():
    """Tests that of two groups of 10 for 10 seats, the higher weight is placed."""
    inst = instance(
        [(10, 1, False), (10, 3, False)], [Offer(min_size=1, max_size=10)], [(0, 0, 0), (1, 0, 0)]
    )
    solution = checked(inst)
    assert [a.demand for a in solution.assignments] == [1]
    assert solution.placed_value == 30


def test_cost_prefers_the_cheaper_arc_at_equal_placement():
    """Tests that the second stage picks the cheaper of two equally placing holds."""
    offers = [
        Offer(min_size=1, max_size=16, open_cost=100),
        Offer(min_size=1, max_size=16, open_cost=100),
    ]
    inst = instance([(5, 1, True)], offers, [(0, 0, 50), (0, 1, 20)])
    solution = checked(inst)
    assert {a.offer for a in solution.assignments} == {1}
    assert solution.cost == 100 + 5 * 20


def test_cost_pools_into_one_hold_rather_than_two():
    """Tests that two groups share one hold when opening a second would only cost more."""
    offers = [
        Offer(min_size=4, max_size=16, open_cost=1000),
        Offer(min_size=4, max_size=16, open_cost=1000),
    ]
    inst = instance([(4, 1, True), (4, 1, True)], offers, [(0, 0, 10), (1, 1, 10), (1, 0, 30)])
    solution = checked(inst)
    assert len(solution.open_holds) == 1
    assert solution.cost == 1000 + 4 * 10 + 4 * 30


def test_placement_comes_before_cost():
    """Tests that an expensive hold still opens when it places more learners."""
    offers = [Offer(min_size=1, max_size=16, open_cost=1_000_000)]
    assert checked(instance([(1, 1, True)], offers, [(0, 0, 0)])).placed_learners == 1


def test_empty_instance_is_optimal():
    """Tests that an instance without arcs solves to an empty, optimal solution."""
    inst = instance([(3, 1, True)], [Offer(min_size=1, max_size=4)], [])
    solution = solve(inst, SolveOptions(time_limit_s=1)).solution
    assert solution.status is Status.OPTIMAL
    assert solution.placed_learners == 0


def test_same_seed_same_result():
    """Tests that one worker and a fixed seed give the same solution twice."""
    offers = [
        Offer(min_size=3, max_size=6, open_cost=100 + 10 * o, max_parallel=2) for o in range(5)
    ]
    demands = [(1 + d % 4, 1 + d % 3, d % 3 != 0) for d in range(12)]
    arcs = [(d, o, (7 * d + 3 * o) % 17) for d in range(12) for o in range(5) if (d + o) % 3]
    inst = instance(demands, offers, arcs)
    first = solve(inst, SolveOptions(time_limit_s=10, seed=7, workers=1)).solution
    second = solve(inst, SolveOptions(time_limit_s=10, seed=7, workers=1)).solution
    assert first.assignments == second.assignments
    assert first.open_holds == second.open_holds
    assert first.cost == second.cost


def test_better_of_two_keeps_the_best_solution_and_tightest_bounds():
    """Tests that re-solving a part keeps the better result and the tighter proven bounds."""
    from dataclasses import replace

    from solver.solve import _better

    inst = instance(
        [(4, 1, True), (4, 1, True)], [Offer(min_size=8, max_size=16)], [(0, 0, 10), (1, 0, 10)]
    )
    best = optimum(inst)
    worse = replace(
        best,
        cost=best.cost + 50,
        cost_bound=best.cost - 100,
        placed_bound=best.placed_value + 3,
        status=Status.FEASIBLE,
    )
    proven = replace(worse, cost_bound=best.cost)
    merged = _better(
        worse,
        replace(
            best,
            placed_bound=best.placed_value + 1,
            cost_bound=best.cost - 10,
            status=Status.FEASIBLE,
        ),
    )
    assert (merged.cost, merged.cost_bound, merged.placed_bound) == (
        best.cost,
        best.cost - 10,
        best.placed_value + 1,
    )
    assert merged.status is Status.FEASIBLE
    done = _better(proven, replace(best, placed_bound=best.placed_value))
    assert done.status is Status.OPTIMAL


def test_hint_that_meets_the_known_bound_skips_to_the_cost_stage():
    """Tests that a greedy plan meeting the placement bound is proven and then costed.

    The greedy sends each demand to its cheapest hold and places everyone, but opens two holds
    where one is cheaper: the cost stage alone must find the single hold.
    """
    from solver import solve_greedy
    from solver.cpsat import SolveParameters, solve_model

    inst = instance(
        [(3, 1, True), (3, 1, True)],
        [
            Offer(min_size=2, max_size=6, open_cost=500),
            Offer(min_size=2, max_size=6, open_cost=500),
        ],
        [(0, 0, 1), (0, 1, 5), (1, 1, 1), (1, 0, 5)],
    )
    greedy = solve_greedy(inst)
    assert greedy.placed_value == 6 and len(greedy.open_holds) == 2
    solution = solve_model(inst, SolveParameters(time_limit_s=5), hint=greedy, placed_upper=6)
    assert verify_solution(inst, solution) == []
    assert solution.status is Status.OPTIMAL
    assert (solution.placed_value, solution.placed_bound, len(solution.open_holds)) == (6, 6, 1)


def test_placement_bound_never_above_everyone_placed():
    """Tests that a solve stopped at once still reports a bound of at most everyone placed."""
    from solver.cpsat import SolveParameters, solve_model

    offers = [Offer(min_size=3, max_size=6, max_parallel=3) for _ in range(20)]
    demands = [(1 + d % 5, 1 + d % 3, True) for d in range(60)]
    arcs = [(d, o, (d * o) % 13) for d in range(60) for o in range(20) if (d + o) % 4 == 0]
    inst = instance(demands, offers, arcs)
    solution = solve_model(inst, SolveParameters(time_limit_s=0.01))
    assert solution.placed_bound <= sum(d.size * d.weight for d in inst.demands)


def test_trace_hears_both_stages_end_with_their_proofs():
    """Tests that the trace ends stage 1 at the proven placement and stage 2 at the cost."""
    from solver.cpsat import SolveParameters, solve_model

    inst = instance(
        [(3, 1, True), (3, 1, True)],
        [
            Offer(min_size=2, max_size=6, open_cost=500),
            Offer(min_size=2, max_size=6, open_cost=500),
        ],
        [(0, 0, 1), (0, 1, 5), (1, 1, 1), (1, 0, 5)],
    )
    events = []
    solution = solve_model(inst, SolveParameters(time_limit_s=5), trace=lambda *e: events.append(e))
    last_of = {stage: (value, bound) for stage, value, bound in events}
    assert last_of[1] == (6, 6)
    assert last_of[2] == (solution.cost, solution.cost)


def test_stages_run_alone_and_together_reach_the_same_plan():
    """Tests that placement alone, then cost alone from it, ends where both stages end."""
    import pytest

    from solver.cpsat import SolveParameters, solve_model

    inst = instance(
        [(3, 1, True), (3, 1, True), (2, 2, False)],
        [
            Offer(min_size=2, max_size=6, open_cost=500),
            Offer(min_size=2, max_size=6, open_cost=500),
        ],
        [(0, 0, 1), (0, 1, 5), (1, 1, 1), (1, 0, 5), (2, 0, 3), (2, 1, 3)],
    )
    both = solve_model(inst, SolveParameters(time_limit_s=5))
    placed = solve_model(inst, SolveParameters(time_limit_s=5, stages="placement"))
    assert verify_solution(inst, placed) == []
    assert (placed.placed_value, placed.placed_bound) == (both.placed_value, both.placed_value)
    assert placed.cost_bound == 0 and placed.status is Status.FEASIBLE
    cost = solve_model(inst, SolveParameters(time_limit_s=5, stages="cost"), hint=placed)
    assert verify_solution(inst, cost) == []
    assert cost.status is Status.OPTIMAL
    assert (cost.placed_value, cost.cost) == (both.placed_value, both.cost)
    with pytest.raises(ValueError, match="hint"):
        solve_model(inst, SolveParameters(time_limit_s=5, stages="cost"))
    with pytest.raises(ValueError, match="stages"):
        SolveParameters(stages="all")


def test_placement_with_named_subsolvers_and_from_the_hint_finds_the_optimum():
    """Tests that stage 1 with a chosen portfolio, or from the hint, still proves the optimum."""
    from solver.cpsat import SolveParameters, solve_model
    from solver.greedy import solve_greedy

    offers = [Offer(min_size=3, max_size=6, max_parallel=2) for _ in range(4)]
    demands = [(1 + d % 4, 1 + d % 3, d % 2 == 0) for d in range(14)]
    arcs = [(d, o, (d * o) % 7) for d in range(14) for o in range(4) if (d + o) % 3 != 0]
    inst = instance(demands, offers, arcs)
    best = optimum(inst)
    for parameters in (
        SolveParameters(
            time_limit_s=10,
            workers=4,
            stages="placement",
            placement_subsolvers=("max_lp_sym", "core", "default_lp", "quick_restart"),
        ),
        SolveParameters(time_limit_s=10, workers=2, stages="placement", placement_from_hint=True),
    ):
        found = solve_model(inst, parameters, hint=solve_greedy(inst))
        assert verify_solution(inst, found) == []
        assert found.placed_value == found.placed_bound == best.placed_value


def test_progress_ends_with_every_part_done():
    """Tests that the last progress report counts every part, those settled at the start too."""
    # Part 1 can place nobody (3 learners, minimum 8): settled before any search.
    inst = instance(
        [(4, 1, True), (4, 1, True), (3, 1, True)],
        [Offer(min_size=8, max_size=16), Offer(min_size=8, max_size=16)],
        [(0, 0, 10), (1, 0, 10), (2, 1, 10)],
    )
    reports = []
    result = solve(inst, SolveOptions(time_limit_s=5, workers=1), progress=reports.append)
    assert len(result.parts) == 2
    last = reports[-1]
    assert last.parts_done == last.parts_total == 2
    assert last.placed_learners == result.solution.placed_learners == 8


def test_progress_totals_follow_every_part_and_reports_are_spaced():
    """Tests that the running totals equal sums over the parts after many updates, and that
    a burst of finished parts gives one report, not one each."""
    from solver.solve import _Tracker

    rng = random.Random(3)
    inst = instance([(4, 1, True), (3, 2, True)], [Offer(min_size=1, max_size=8)], [(0, 0, 5)])
    plans = [
        Solution.of(
            inst, [OpenHold(0, 0)], [Assignment(0, 0, 0, n)], placed_bound=4 + n, cost_bound=n
        )
        for n in range(1, 5)
    ]
    starts = [replace(rng.choice(plans), status=Status.FEASIBLE) for _ in range(20)]
    reports = []
    tracker = _Tracker(starts, reports.append)
    tracker.report(force=True)
    solutions = list(starts)
    done = set()
    for _ in range(200):
        i = rng.randrange(20)
        solutions[i] = rng.choice(plans)
        done.add(i)
        tracker.done(i, solutions[i])
    assert len(reports) == 1  # the burst came within a moment of the first report
    tracker.report(force=True)
    last = reports[-1]
    assert last.parts_done == len(done)
    assert last.placed_value == sum(solutions[i].placed_value for i in done)
    assert last.placed_bound == sum(s.placed_bound for s in solutions)
    assert last.cost == sum(s.cost for s in solutions)
    assert last.cost_bound == sum(solutions[i].cost_bound for i in done)
