"""Tests that checking a fix on the offers the request can use answers as the whole part does.

`FixChecker` decides whether the proposal's plan takes a request beside everyone on the few
offers the request can use once changed, and keeps each part's numbering between checks.
Here every candidate fix of every unplaced request is also checked the plain way: the whole
part built afresh, the plan verified on it and the request added by `_place_one`; both must
give the same answer, and the part handed to the solver must be the one built afresh.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import pytest

import solver
from pooling.domain import Fix, FixKind
from pooling.fix_check import FixChecker, _Overlay, _place_one
from pooling.fixes import FixFinder
from pooling.generate import generate_tables
from pooling.reading import tables_from_records
from pooling.service import ProposeOptions, prepare
from pooling.translate import to_cohorts
from pooling.validation import load_scenario, validate_tables
from tests.pooling.test_fixes import SAMPLE

OPTIONS = ProposeOptions(time_limit_s=5, workers=1)


def whole_part(checker: FixChecker, i: int, fix: Fix):
    """The changed part of request i built afresh, its plan (None if broken), request i there,
    and the part's offers and demands in the instance."""
    instance = checker.instance
    own = checker._arcs_of_request(i, fix)
    arcs_of = {d: list(arcs) for d, arcs in checker.arcs_of.items()}
    arcs_of[i] = own
    offers = list(instance.offers)
    extra = []
    target = None
    if fix.kind not in (FixKind.MORE_TRAVEL, FixKind.WIDER_WINDOW):
        target = checker.offer_index[f"{fix.school_id}/{fix.course_code}/{fix.start_date}"]
        o = offers[target]
        if fix.kind is FixKind.LARGER_HOLD:
            offers[target] = replace(o, max_size=fix.new_value)
        elif fix.kind is FixKind.SECOND_HOLD:
            offers[target] = replace(o, max_parallel=fix.new_value)
        elif fix.kind is FixKind.EMPTY_SEATS:
            offers[target] = replace(o, seats_taken=o.seats_taken + fix.new_value)
        elif fix.kind is FixKind.GUARANTEE:
            offers[target] = replace(o, guaranteed=True)
        else:
            extra.append(solver.Arc(demand=-1, offer=target, cost=0))
    demand_ids, offer_ids = checker._component(i, _Overlay(checker.arcs_of, i, own), target)
    local_demand = {d: n for n, d in enumerate(demand_ids)}
    local_offer = {o: n for n, o in enumerate(offer_ids)}
    demands = [instance.demands[d] for d in demand_ids]
    arcs = [
        solver.Arc(
            demand=local_demand[d], offer=local_offer[a.offer], cost=a.cost, fixed_cost=a.fixed_cost
        )
        for d in demand_ids
        for a in arcs_of.get(d, [])
    ]
    for arc in extra:
        demands.append(
            solver.Demand(size=fix.new_value, weight=instance.demands[i].weight, splittable=True)
        )
        arcs.append(replace(arc, demand=len(demands) - 1, offer=local_offer[arc.offer]))
    sub = solver.Instance(
        demands=tuple(demands), offers=tuple(offers[o] for o in offer_ids), arcs=tuple(arcs)
    )
    plan = checker.solution
    holds = [
        solver.OpenHold(local_offer[h.offer], h.slot)
        for h in plan.open_holds
        if h.offer in local_offer
    ]
    assignments = [
        solver.Assignment(local_demand[a.demand], local_offer[a.offer], a.slot, a.learners)
        for a in plan.assignments
        if a.demand in local_demand
    ]
    hint = solver.Solution.of(sub, holds, assignments, placed_bound=0, cost_bound=0)
    hint = None if solver.verify_solution(sub, hint) else hint
    return sub, hint, local_demand[i], offer_ids, demand_ids


def scenario_named(name: str):
    if name == "sample":
        return load_scenario(SAMPLE)
    size, seed = name.split("-")
    return validate_tables(tables_from_records(generate_tables(size, int(seed))))


def candidate_fixes(name: str) -> tuple[FixChecker, list[tuple[int, Fix]]]:
    """A checker of the solved scenario `name`, and every candidate fix of every unplaced
    request (request index, fix)."""
    sc = scenario_named(name)
    prepared = prepare(sc, OPTIONS)
    solution = solver.solve(prepared.instance, solver.SolveOptions(time_limit_s=5)).solution
    cohorts = to_cohorts(sc, prepared.candidates, solution, OPTIONS.settings)
    placed: dict[str, int] = defaultdict(int)
    for cohort in cohorts:
        for member in cohort.members:
            placed[member.request_id] += member.learners
    finder = FixFinder(sc, prepared.candidates, cohorts, placed, OPTIONS.settings)
    checker = FixChecker(sc, prepared.candidates, prepared.instance, solution, OPTIONS.settings)
    fixes = []
    for i, request in enumerate(sc.requests):
        left = request.learners - placed.get(request.request_id, 0)
        if left > 0:
            fixes += [(i, fix) for fix in finder.options(i, left)]
    return checker, fixes


@pytest.mark.parametrize("name", ["sample", "small-1", "small-3"])
def test_fix_checks_beside_the_plan_answer_as_the_whole_part(name):
    """Tests every candidate fix: the answer beside the plan, and the part and plan solved."""
    checker, fixes = candidate_fixes(name)
    answers = defaultdict(int)
    for i, fix in fixes:
        sub, hint, me, offer_ids, _ = whole_part(checker, i, fix)
        found = None if hint is None else _place_one(sub, hint, me)
        expected = None if found is None else checker._passed(fix, found, me, offer_ids)
        own = checker._arcs_of_request(i, fix)
        target = None
        changed, extra = {}, []
        if fix.kind not in (FixKind.MORE_TRAVEL, FixKind.WIDER_WINDOW):
            target = checker.offer_index[f"{fix.school_id}/{fix.course_code}/{fix.start_date}"]
            changed = {target: sub.offers[offer_ids.index(target)]}
            if fix.kind is FixKind.MORE_LEARNERS:
                extra = [solver.Arc(demand=-1, offer=target, cost=0)]
        passed, plan_holds = checker._beside_plan(i, fix, own, changed, target, extra)
        assert passed == expected
        assert plan_holds == (hint is not None)
        overlay = _Overlay(checker.arcs_of, i, own)
        part, arcs = checker._part(i, overlay, target, own is not checker.arcs_of.get(i))
        assert part.offer_ids == offer_ids
        assert tuple(arcs) + tuple(sub.arcs[len(arcs) :]) == sub.arcs
        assert len(sub.arcs) - len(arcs) == len(extra)
        if hint is not None:
            assert checker._hint(sub, part) == hint
        answers[passed is not None, plan_holds] += 1
    assert answers[True, True] and answers[False, True]


def test_fixes_checked_near_the_request_hold_for_the_whole_part(monkeypatch):
    """Tests that a fix checked on the offers near the request (the rest of the plan held)
    gives a plan of the whole changed part, built afresh, that verifies, places the request
    in full and everyone else no worse than the proposal; and that such checks do pass."""
    monkeypatch.setattr("pooling.fix_check._AROUND_SIZE", 20)
    checker, fixes = candidate_fixes("small-1")
    value = defaultdict(int)
    for a in checker.solution.assignments:
        value[a.demand] += a.learners * checker.instance.demands[a.demand].weight
    passed = 0
    for i, fix in fixes:
        sub, hint, me, _, ids = whole_part(checker, i, fix)
        if hint is None or _place_one(sub, hint, me) is not None:
            continue  # no plan to hold, or passed beside the plan without a search
        found = checker._around(sub, hint, i, me, list(sub.demands), ids)
        if found is None:
            continue
        passed += 1
        assert solver.verify_solution(sub, found) == []
        assert sum(a.learners for a in found.assignments if a.demand == me) == sub.demands[me].size
        others = sum(
            a.learners * sub.demands[a.demand].weight
            for a in found.assignments
            if a.demand != me and a.demand < len(ids)
        )
        assert others >= sum(value[d] for d in ids if d != i)
    assert passed
