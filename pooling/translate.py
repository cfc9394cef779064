"""Translation between the scenario and the solver's integer instance, both ways.

Request i becomes demand i and offer j becomes offer j, so indices map back directly. Costs
become whole DKK (see `pooling.settings`). Going back, open holds become cohorts with their
rosters. No dates, km or codes cross into `solver`; no solver internals leak out.
"""

from __future__ import annotations

from collections import defaultdict

import solver
from pooling.candidates import Candidates
from pooling.domain import Cohort, Member, Scenario
from pooling.settings import Settings
from pooling.workdays import end_date


def to_instance(scenario: Scenario, candidates: Candidates, settings: Settings) -> solver.Instance:
    demands = tuple(
        solver.Demand(
            size=r.learners, weight=settings.weight(r.priority), splittable=not r.keep_together
        )
        for r in scenario.requests
    )
    offers = tuple(
        solver.Offer(
            min_size=scenario.offer_min(o),
            max_size=scenario.offer_max(o),
            open_cost=hold_price_dkk(o.price_dkk, settings),
            max_parallel=o.max_parallel,
            seats_taken=o.seats_taken,
            guaranteed=o.guaranteed,
        )
        for o in scenario.offers
    )
    arcs = []
    for i, request in enumerate(scenario.requests):
        duration = scenario.course_by_code[request.course_code].duration_days
        for reach in candidates.arcs(i):
            cost = settings.learner_cost_dkk(reach.km, duration, reach.waiting_days)
            arcs.append(solver.Arc(demand=i, offer=reach.offer, cost=cost))
    return solver.Instance(demands=demands, offers=offers, arcs=tuple(arcs))


def hold_price_dkk(price_dkk: int | None, settings: Settings) -> int:
    return settings.default_hold_price_dkk if price_dkk is None else price_dkk


def to_cohorts(
    scenario: Scenario, candidates: Candidates, solution: solver.Solution, settings: Settings
) -> tuple[Cohort, ...]:
    """The cohorts of a solution, ordered by school, start date and course."""
    members = defaultdict(list)
    for s in solution.assignments:
        reach = next(r for r in candidates.arcs(s.demand) if r.offer == s.offer)
        request = scenario.requests[s.demand]
        members[s.offer, s.slot].append(
            Member(
                request_id=request.request_id,
                learners=s.learners,
                travel_km=round(reach.km, 1),
                travel_minutes=round(reach.minutes),
            )
        )
    cohorts = []
    for hold in solution.open_holds:
        offer = scenario.offers[hold.offer]
        roster = tuple(sorted(members[hold.offer, hold.slot], key=lambda m: m.request_id))
        seats = offer.seats_taken if hold.slot == 0 else 0
        guaranteed = offer.guaranteed and hold.slot == 0
        cohorts.append(
            Cohort(
                cohort_id=f"{offer.offer_id}/{hold.slot + 1}",
                school_id=offer.school_id,
                course_code=offer.course_code,
                start_date=offer.start_date,
                hold_number=hold.slot + 1,
                participants=seats + sum(m.learners for m in roster),
                seats_taken=seats,
                min_participants=scenario.offer_min(offer),
                max_participants=scenario.offer_max(offer),
                guaranteed=guaranteed,
                price_dkk=hold_price_dkk(offer.price_dkk, settings),
                members=roster,
                end_date=end_date(
                    offer.start_date,
                    scenario.course_by_code[offer.course_code].duration_days,
                    scenario.closed_at(offer.school_id),
                ),
            )
        )
    cohorts.sort(key=lambda c: (c.school_id, c.start_date, c.course_code, c.hold_number))
    return tuple(cohorts)
