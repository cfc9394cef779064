"""Checking fixes by the engine: apply the change to the instance, re-solve its part, look.

A fix passes when the part of the instance that holds the request (its connected component
once the change is applied) is solved again with the same engine and every learner of the
request is placed, with no lower priority-weighted placement for the others than the
proposal had in that part; a change that lets the proposal's plan take the request beside
everyone passes without a search, which is decided on the offers the request can use
without building the part; in a big part the offers near the request are solved again
first, with the rest of the plan held. Candidates are tried cheapest first, at most
`fix_checks_per_request` per request and `seconds` in all; when the time is used up
the cheapest remaining candidate is shown, marked unchecked with the reason. This module
changes no scenario and writes nothing; `pooling.fixes` makes the candidates.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, replace

import solver
from pooling.candidates import Candidates
from pooling.domain import Fix, FixKind, Scenario
from pooling.fixes import placed_at
from pooling.i18n import _
from pooling.settings import Settings
from solver.cpsat import SolveParameters, solve_model
from solver.decompose import model_size
from solver.lns import solve_around

# Seconds one re-solve may take, the share of them for placement, and the cost gap it stops
# at: only placement matters here.
_CHECK_SECONDS = 1.0
_PLACEMENT_SHARE = 0.8
_CHECK_GAP = 0.9
# In a part larger than this (model size, as `solver.decompose.model_size`), a fix is first
# checked on the offers near the request, about this large, with the rest of the plan held,
# for at most this long; in one larger than _WHOLE_SIZE only so: a whole re-solve would not
# finish in its time (national scenarios: parts of size 25,000). National seed 1, 10 s of
# checks: 211 fixes checked, against 85 with neighbourhoods of 1,500 for 0.3 s and 69-74
# with whole re-solves only.
_AROUND_SIZE = 600
_AROUND_SECONDS = 0.2
_WHOLE_SIZE = 10_000
# Parts kept with their local numbering, the most recently used.
_PARTS_KEPT = 32


@dataclass(frozen=True, slots=True)
class Verdict:
    """The fix that passed (or the best unchecked one), and what was tried."""

    fix: Fix | None
    tried: int


class FixChecker:
    """Re-solves parts of one instance with single changes applied."""

    def __init__(
        self,
        scenario: Scenario,
        candidates: Candidates,
        instance: solver.Instance,
        solution: solver.Solution,
        settings: Settings,
        seed: int = 0,
        seconds: float = 60.0,
    ) -> None:
        self.scenario = scenario
        self.candidates = candidates
        self.instance = instance
        self.settings = settings
        self.seed = seed
        self.solution = solution
        self.offer_index = {o.offer_id: j for j, o in enumerate(scenario.offers)}
        self.offers_of: dict[int, list[int]] = defaultdict(list)
        self.demands_of: dict[int, list[int]] = defaultdict(list)
        self.arcs_of: dict[int, list[solver.Arc]] = defaultdict(list)
        for arc in instance.arcs:
            self.offers_of[arc.demand].append(arc.offer)
            self.demands_of[arc.offer].append(arc.demand)
            self.arcs_of[arc.demand].append(arc)
        self.placed_value: dict[int, int] = defaultdict(int)
        # The proposal's assignments by demand and open holds by offer, as positions.
        self.assignments_of: dict[int, list[int]] = defaultdict(list)
        for n, a in enumerate(solution.assignments):
            self.placed_value[a.demand] += a.learners * instance.demands[a.demand].weight
            self.assignments_of[a.demand].append(n)
        self.assigned_to: dict[int, list[int]] = defaultdict(list)
        for n, a in enumerate(solution.assignments):
            self.assigned_to[a.offer].append(n)
        self.holds_of: dict[int, list[int]] = defaultdict(list)
        for n, h in enumerate(solution.open_holds):
            self.holds_of[h.offer].append(n)
        self._component_of: dict[int, tuple[list[int], list[int]]] = {}
        self._parts: dict[tuple[tuple[int, ...], tuple[int, ...]], _Part] = {}
        self.deadline = time.monotonic() + seconds

    def best(self, i: int, options: list[Fix]) -> Verdict:
        """The cheapest of `options` that places request `i` in full when re-solved."""
        tried = 0
        for fix in options[: self.settings.fix_checks_per_request]:
            if time.monotonic() >= self.deadline:
                note = _("the time for checking fixes was used up")
                return Verdict(replace(fix, checked=False, note=note), tried)
            tried += 1
            passed = self.check(i, fix)
            if passed is not None:
                return Verdict(passed, tried)
        return Verdict(None, tried)

    def check(self, i: int, fix: Fix) -> Fix | None:
        """`fix` marked checked (naming the hold the request joined), or None if it fails."""
        changed: dict[int, solver.Offer] = {}  # the offer the change applies to
        own = self._arcs_of_request(i, fix)
        arcs_of = _Overlay(self.arcs_of, i, own)
        extra: list[solver.Arc] = []
        target = None
        if fix.kind not in (FixKind.MORE_TRAVEL, FixKind.WIDER_WINDOW):
            target = self.offer_index[f"{fix.school_id}/{fix.course_code}/{fix.start_date}"]
            o = self.instance.offers[target]
            if fix.kind is FixKind.LARGER_HOLD:
                changed[target] = replace(o, max_size=fix.new_value)
            elif fix.kind is FixKind.SECOND_HOLD:
                changed[target] = replace(o, max_parallel=fix.new_value)
            elif fix.kind is FixKind.EMPTY_SEATS:
                changed[target] = replace(o, seats_taken=o.seats_taken + fix.new_value)
            elif fix.kind is FixKind.GUARANTEE:
                changed[target] = replace(o, guaranteed=True)
            else:  # more learners, who can only go to that hold
                extra.append(solver.Arc(demand=-1, offer=target, cost=0))
        # The proposal's plan with the request added, where it is still a plan after the
        # change and places everyone else as before: the fix holds, no search needed.
        passed, plan_holds = self._beside_plan(i, fix, own, changed, target, extra)
        if passed is not None:
            return passed
        part, arcs = self._part(i, arcs_of, target, own is not self.arcs_of.get(i))
        demand_ids, offer_ids = part.demand_ids, part.offer_ids
        local_demand, local_offer = part.local_demand, part.local_offer
        demands, offers = list(part.demands), list(part.offers)
        for arc in extra:
            weight = self.instance.demands[i].weight
            demands.append(solver.Demand(size=fix.new_value, weight=weight, splittable=True))
            arcs.append(replace(arc, demand=len(demands) - 1, offer=local_offer[arc.offer]))
        for o, offer in changed.items():
            offers[local_offer[o]] = offer
        sub = solver.Instance(demands=tuple(demands), offers=tuple(offers), arcs=tuple(arcs))
        hint = self._hint(sub, part) if plan_holds else None
        me = local_demand[i]
        size = model_size(sub)
        if hint is not None and size > _AROUND_SIZE:
            around = self._around(sub, hint, i, me, demands, demand_ids)
            if around is not None:
                return self._passed(fix, around, me, offer_ids)
        if size > _WHOLE_SIZE:
            return None
        seconds = min(_CHECK_SECONDS, max(0.1, self.deadline - time.monotonic()))
        result = solve_model(sub, self._parameters(seconds), hint=hint)
        if not self._places_all(result, i, me, demands, demand_ids):
            return None
        return self._passed(fix, result, me, offer_ids)

    def _parameters(self, seconds: float, from_hint: bool = False) -> SolveParameters:
        """A check's search: placement first, cost only roughly."""
        return SolveParameters(
            time_limit_s=seconds,
            seed=self.seed,
            workers=1,
            gap_limit=_CHECK_GAP,
            stage1_share=_PLACEMENT_SHARE,
            placement_from_hint=from_hint,
        )

    def _places_all(
        self,
        plan: solver.Solution,
        i: int,
        me: int,
        demands: list[solver.Demand],
        demand_ids: list[int],
    ) -> bool:
        """Whether `plan` of request i's part places it (`me` there) in full and the part's
        others (its first len(demand_ids) demands) no worse than the proposal."""
        if sum(a.learners for a in plan.assignments if a.demand == me) < demands[me].size:
            return False
        others = sum(
            a.learners * demands[a.demand].weight
            for a in plan.assignments
            if a.demand != me and a.demand < len(demand_ids)
        )
        return others >= sum(self.placed_value[d] for d in demand_ids if d != i)

    def _around(
        self,
        sub: solver.Instance,
        plan: solver.Solution,
        i: int,
        me: int,
        demands: list[solver.Demand],
        demand_ids: list[int],
    ) -> solver.Solution | None:
        """A plan of part `sub` placing request i (`me` there) in full and the others no
        worse, found by solving again only the offers near it with the rest of `plan` held."""
        seconds = min(_AROUND_SECONDS, max(0.05, self.deadline - time.monotonic()))
        near = [a.offer for a in sub.arcs if a.demand == me]
        found = solve_around(sub, plan, near, _AROUND_SIZE, self._parameters(seconds, True))
        if found is None or solver.verify_solution(sub, found):
            return None
        return found if self._places_all(found, i, me, demands, demand_ids) else None

    def _beside_plan(
        self,
        i: int,
        fix: Fix,
        own: list[solver.Arc],
        changed: dict[int, solver.Offer],
        target: int | None,
        extra: list[solver.Arc],
    ) -> tuple[Fix | None, bool]:
        """`fix` checked if the plan takes request i beside everyone; whether the plan holds.

        Both are decided on the offers the request can use once changed (and the changed
        offer), with the plan's holds and learners there, by the solver's own verifier and
        `_place_one`: the rest of the part is the proposal's plan, verified and unchanged,
        so the answers are those of the whole part, found without building it.
        """
        proposed = self.solution.assignments
        touched = {a.offer for a in own}
        touched |= {proposed[n].offer for n in self.assignments_of.get(i, ())}
        if target is not None:
            touched.add(target)
        offer_ids = sorted(touched)
        local_offer = {o: n for n, o in enumerate(offer_ids)}
        there = [proposed[n] for o in offer_ids for n in self.assigned_to.get(o, ())]
        demand_ids = sorted({a.demand for a in there} | {i})
        local_demand = {d: n for n, d in enumerate(demand_ids)}
        me = local_demand[i]
        demands = [self.instance.demands[d] for d in demand_ids]
        arcs = [replace(a, demand=me, offer=local_offer[a.offer]) for a in own]
        linked = {(a.demand, a.offer) for a in there if a.demand != i}
        for d, o in sorted(linked):
            arc = self.instance.arc_between(d, o)
            if arc is not None:
                arcs.append(replace(arc, demand=local_demand[d], offer=local_offer[o]))
        for arc in extra:
            weight = self.instance.demands[i].weight
            demands.append(solver.Demand(size=fix.new_value, weight=weight, splittable=True))
            arcs.append(replace(arc, demand=len(demands) - 1, offer=local_offer[arc.offer]))
        sub = solver.Instance(
            demands=tuple(demands),
            offers=tuple(changed.get(o, self.instance.offers[o]) for o in offer_ids),
            arcs=tuple(arcs),
        )
        holds = [
            solver.OpenHold(local_offer[h.offer], h.slot)
            for h in (self.solution.open_holds[n] for n in _positions(self.holds_of, local_offer))
        ]
        assignments = [
            solver.Assignment(local_demand[a.demand], local_offer[a.offer], a.slot, a.learners)
            for a in there
        ]
        hint = solver.Solution.of(sub, holds, assignments, placed_bound=0, cost_bound=0)
        if solver.verify_solution(sub, hint):
            return None, False
        placed = _place_one(sub, hint, me)
        return (None if placed is None else self._passed(fix, placed, me, offer_ids)), True

    def _passed(self, fix: Fix, plan: solver.Solution, me: int, offer_ids: list[int]) -> Fix:
        """`fix` marked checked, naming the hold where `plan` puts request `me`."""
        mine = [a for a in plan.assignments if a.demand == me]
        joined = self.scenario.offers[offer_ids[mine[0].offer]]
        return placed_at(fix, joined.school_id, joined.start_date)

    def _hint(self, sub: solver.Instance, part: _Part) -> solver.Solution:
        """The proposal's own solution of the part, where `_beside_plan` found it still holds.

        The solver's verifier has seen it there: on the offers the change touches, and the
        rest of the part is the proposal's plan, verified and unchanged.
        """
        if part.plan is None:
            local_demand, local_offer = part.local_demand, part.local_offer
            open_holds, proposed = self.solution.open_holds, self.solution.assignments
            holds = [
                solver.OpenHold(local_offer[h.offer], h.slot)
                for h in (open_holds[n] for n in _positions(self.holds_of, local_offer))
            ]
            assignments = [
                solver.Assignment(local_demand[a.demand], local_offer[a.offer], a.slot, a.learners)
                for a in (proposed[n] for n in _positions(self.assignments_of, local_demand))
            ]
            part.plan = holds, assignments
        return solver.Solution.of(sub, *part.plan, placed_bound=0, cost_bound=0)

    def _arcs_of_request(self, i: int, fix: Fix) -> list[solver.Arc]:
        """Request i's arcs once its own limits change (its old arcs otherwise)."""
        if fix.kind not in (FixKind.MORE_TRAVEL, FixKind.WIDER_WINDOW):
            return self.arcs_of.get(i, [])
        request = self.scenario.requests[i]
        earliest = fix.earliest_start or request.earliest_start
        latest = fix.latest_start or request.latest_start
        max_km = fix.max_travel_km if fix.max_travel_km is not None else request.max_travel_km
        max_minutes = fix.max_travel_minutes
        if fix.kind is FixKind.WIDER_WINDOW:
            max_minutes = request.max_travel_minutes
        duration = self.scenario.course_by_code[request.course_code].duration_days
        arcs = []
        for r in self.candidates.reach(i):
            start = self.scenario.offers[r.offer].start_date
            if not earliest <= start <= latest or r.km > max_km:
                continue
            if max_minutes is not None and r.minutes > max_minutes:
                continue
            waiting = (start - earliest).days
            cost = self.settings.learner_cost_dkk(r.km, duration, waiting)
            arcs.append(solver.Arc(demand=i, offer=r.offer, cost=cost))
        return arcs

    def _part(
        self, i: int, arcs_of: _Overlay, target: int | None, own_changed: bool
    ) -> tuple[_Part, list[solver.Arc]]:
        """The part holding request i (and the changed offer), numbered locally, and its arcs.

        Where request i keeps its arcs, its part is its connected component in the instance,
        found once for every demand in it; a part's numbering and the arcs of each demand
        other than a changed request are made once and kept.
        """
        base = None if own_changed else self._component_of.get(i)
        if base is None:
            base = self._component(i, arcs_of, None)
            if not own_changed:
                self._component_of.update(dict.fromkeys(base[0], base))
        if target is None or target in base[1]:
            demand_ids, offer_ids = base
        else:
            demand_ids, offer_ids = self._component(i, arcs_of, target)
        key = (tuple(demand_ids), tuple(offer_ids))
        part = self._parts.pop(key, None)
        if part is None:
            part = _Part(self.instance, self.arcs_of, demand_ids, offer_ids)
            if len(self._parts) >= _PARTS_KEPT:
                del self._parts[next(iter(self._parts))]  # the one used longest ago
        self._parts[key] = part
        arcs = []
        for d in demand_ids:
            arcs += part.numbered(arcs_of[d]) if d == i and own_changed else part.arcs_of(d)
        return part, arcs

    def _component(
        self, i: int, arcs_of: _Overlay, target: int | None
    ) -> tuple[list[int], list[int]]:
        """Demands and offers linked to request i (and to the changed offer), sorted."""
        demands, offers = {i}, set()
        todo_demands, todo_offers = [i], [] if target is None else [target]
        if target is not None:
            offers.add(target)
        while todo_demands or todo_offers:
            if todo_demands:
                d = todo_demands.pop()
                for arc in arcs_of.get(d, []):
                    if arc.offer not in offers:
                        offers.add(arc.offer)
                        todo_offers.append(arc.offer)
            else:
                o = todo_offers.pop()
                for d in self.demands_of.get(o, []):
                    if d not in demands and (d != i):
                        demands.add(d)
                        todo_demands.append(d)
        return sorted(demands), sorted(offers)


class _Part:
    """Demands and offers of one part with their local numbers, as the instance has them."""

    def __init__(
        self,
        instance: solver.Instance,
        arcs_of: dict[int, list[solver.Arc]],
        demand_ids: list[int],
        offer_ids: list[int],
    ) -> None:
        self.demand_ids, self.offer_ids = demand_ids, offer_ids
        self.local_demand = {d: n for n, d in enumerate(demand_ids)}
        self.local_offer = {o: n for n, o in enumerate(offer_ids)}
        self.demands = tuple(instance.demands[d] for d in demand_ids)
        self.offers = tuple(instance.offers[o] for o in offer_ids)
        self._instance_arcs = arcs_of
        self._arcs: dict[int, list[solver.Arc]] = {}
        # The proposal's open holds and assignments here, numbered locally.
        self.plan: tuple[list[solver.OpenHold], list[solver.Assignment]] | None = None

    def arcs_of(self, demand: int) -> list[solver.Arc]:
        """The instance's arcs of `demand`, numbered locally."""
        arcs = self._arcs.get(demand)
        if arcs is None:
            arcs = self._arcs[demand] = self.numbered(self._instance_arcs.get(demand, []))
        return arcs

    def numbered(self, arcs: list[solver.Arc]) -> list[solver.Arc]:
        """`arcs` with local numbers."""
        return [
            solver.Arc(
                demand=self.local_demand[a.demand],
                offer=self.local_offer[a.offer],
                cost=a.cost,
                fixed_cost=a.fixed_cost,
            )
            for a in arcs
        ]


class _Overlay:
    """The arcs of every demand, with those of demand `i` replaced (nothing is copied)."""

    def __init__(
        self, arcs_of: dict[int, list[solver.Arc]], i: int, arcs: list[solver.Arc]
    ) -> None:
        self.arcs_of, self.i, self.arcs = arcs_of, i, arcs

    def __getitem__(self, demand: int) -> list[solver.Arc]:
        return self.arcs if demand == self.i else self.arcs_of[demand]

    def get(self, demand: int, default: list[solver.Arc]) -> list[solver.Arc]:
        return self.arcs if demand == self.i else self.arcs_of.get(demand, default)


def _positions(of: dict[int, list[int]], keys: dict[int, int]) -> list[int]:
    """Positions listed under any of `keys` (`Solution.of` puts them in order)."""
    return [n for key in keys for n in of.get(key, ())]


def _place_one(sub: solver.Instance, hint: solver.Solution, me: int) -> solver.Solution | None:
    """`hint` with demand `me` placed in full beside everyone else, if that fits, else None.

    Fills open holds with room first, then opens the next hold of an offer if `me` (with the
    seats taken and any learners added by the change) reaches its minimum; the solver's own
    verifier decides whether the result is a solution.
    """
    demand = sub.demands[me]
    left = demand.size - sum(a.learners for a in hint.assignments if a.demand == me)
    if left <= 0:
        return hint
    holds = {(h.offer, h.slot) for h in hint.open_holds}
    used: dict[tuple[int, int], int] = defaultdict(int)
    for a in hint.assignments:
        used[a.offer, a.slot] += a.learners
    extra = []
    for arc in sorted((a for a in sub.arcs if a.demand == me), key=lambda a: a.cost):
        offer = sub.offers[arc.offer]
        for slot in range(offer.max_parallel):
            key = (arc.offer, slot)
            room = offer.max_size - offer.hold_seats_taken(slot) - used[key]
            if key not in holds:
                if slot and (arc.offer, slot - 1) not in holds:
                    break
                need = offer.hold_min(slot) - offer.hold_seats_taken(slot)
                if min(left, room) < need:
                    continue
            take = min(left, room)
            if take <= 0 or (not demand.splittable and take < left):
                continue
            holds.add(key)
            used[key] += take
            extra.append(solver.Assignment(me, arc.offer, slot, take))
            left -= take
            if left == 0:
                break
        if left == 0:
            break
    if left:
        return None
    merged: dict[tuple[int, int, int], int] = defaultdict(int)
    for a in (*hint.assignments, *extra):
        merged[a.demand, a.offer, a.slot] += a.learners
    assignments = [solver.Assignment(d, o, k, n) for (d, o, k), n in merged.items()]
    opened = [solver.OpenHold(o, k) for o, k in holds]
    found = solver.Solution.of(sub, opened, assignments, placed_bound=0, cost_bound=0)
    return None if solver.verify_solution(sub, found) else found
