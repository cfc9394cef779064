"""Checks a proposal against the raw scenario, sharing no code with the way it was made.

Course, start window, travel (recomputed with `geo`), hold sizes, parallel holds,
keep-together, a start on a working day, and that every learner is exactly once placed or
unplaced; then the summary and the cost are recounted. It uses only the scenario, `geo` and
the proposal, never the candidate search, the translation or the solver, so their bugs cannot
hide here. Returns the violations in words; empty means the proposal is valid.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta

from geo import Place, TravelModel, load_places
from pooling.domain import Proposal, Reason, Scenario

# Members' travel is reported to one decimal (km) and in whole minutes.
_KM_TOLERANCE = 0.051
_MINUTES_TOLERANCE = 0.501
_STATUSES = ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN")
_SETTINGS = ("default_hold_price_dkk", "dkk_per_km", "dkk_per_waiting_day", "priority_weights")


def verify_proposal(scenario: Scenario, proposal: Proposal, travel: TravelModel) -> list[str]:
    """Every rule the proposal breaks, in words. Empty when it is valid."""
    problems: list[str] = []
    places = load_places()
    offers = {(o.school_id, o.course_code, o.start_date): o for o in scenario.offers}
    requests = {r.request_id: r for r in scenario.requests}
    placed: dict[str, int] = defaultdict(int)
    cohorts_of_request: dict[str, list[str]] = defaultdict(list)
    holds_of_offer: dict[tuple, list[int]] = defaultdict(list)
    cost = 0.0
    placed_value = 0
    prices = proposal.settings
    missing = [key for key in _SETTINGS if key not in prices]
    if missing:
        return [f"settings: {', '.join(missing)} missing"]

    for cohort in proposal.cohorts:
        name = cohort.cohort_id
        key = (cohort.school_id, cohort.course_code, cohort.start_date)
        offer = offers.get(key)
        if offer is None:
            problems.append(f"{name}: no such offer (school, course, start date) in the scenario")
            continue
        holds_of_offer[key].append(cohort.hold_number)
        course = scenario.course_by_code[offer.course_code]
        low = (
            offer.min_participants
            if offer.min_participants is not None
            else course.min_participants
        )
        high = (
            offer.max_participants
            if offer.max_participants is not None
            else course.max_participants
        )
        first = cohort.hold_number == 1
        seats = offer.seats_taken if first else 0
        guaranteed = offer.guaranteed and first
        size = seats + sum(m.learners for m in cohort.members)
        if cohort.participants != size:
            problems.append(f"{name}: participants {cohort.participants}, members and seats {size}")
        if cohort.seats_taken != seats or cohort.guaranteed != guaranteed:
            problems.append(f"{name}: seats taken or guarantee differ from the offer")
        if (cohort.min_participants, cohort.max_participants) != (low, high):
            problems.append(f"{name}: min/max differ from the offer's {low}/{high}")
        if size > high:
            problems.append(f"{name}: {size} participants > maximum {high}")
        if size < low and not guaranteed:
            problems.append(f"{name}: {size} participants < minimum {low}")
        school = scenario.school_by_id[offer.school_id]
        if school.lat is not None and school.lon is not None:
            destination = Place(f"school:{school.school_id}", school.lat, school.lon)
        else:
            destination = places.postcode(school.postcode).place
        price = prices["default_hold_price_dkk"] if offer.price_dkk is None else offer.price_dkk
        if cohort.price_dkk != price:
            problems.append(f"{name}: price {cohort.price_dkk} DKK, the offer's is {price} DKK")
        if not guaranteed:
            # A guaranteed hold runs anyway: its price is paid whatever the proposal says.
            cost += price
        closed = scenario.closed_at(offer.school_id)
        if cohort.start_date.weekday() >= 5 or cohort.start_date in closed:
            problems.append(f"{name}: starts on {cohort.start_date}, a day the school is closed")
        if cohort.start_date in danish_holidays(cohort.start_date.year):
            problems.append(f"{name}: starts on {cohort.start_date}, a public holiday")
        for member in cohort.members:
            request = requests.get(member.request_id)
            if request is None:
                problems.append(f"{name}: unknown request {member.request_id}")
                continue
            who = f"{name}, request {request.request_id}"
            placed[request.request_id] += member.learners
            cohorts_of_request[request.request_id].append(name)
            if member.learners < 1:
                problems.append(f"{who}: {member.learners} learners")
            if request.course_code != cohort.course_code:
                problems.append(f"{who}: asked for course {request.course_code}")
            if not request.earliest_start <= cohort.start_date <= request.latest_start:
                problems.append(f"{who}: start {cohort.start_date} outside the request's window")
            leg = travel.leg(places.postcode(request.postcode).place, destination)
            if leg.km > request.max_travel_km + 1e-9:
                problems.append(f"{who}: {leg.km:.1f} km > max {request.max_travel_km:g} km")
            limit_minutes = request.max_travel_minutes
            if limit_minutes is not None and leg.minutes > limit_minutes + 1e-9:
                problems.append(f"{who}: {leg.minutes:.0f} min > max {limit_minutes:g} min")
            if abs(member.travel_km - leg.km) > _KM_TOLERANCE:
                problems.append(f"{who}: travel {member.travel_km} km, recomputed {leg.km:.1f}")
            if abs(member.travel_minutes - leg.minutes) > _MINUTES_TOLERANCE:
                problems.append(
                    f"{who}: travel {member.travel_minutes} min, recomputed {leg.minutes:.0f}"
                )
            placed_value += prices["priority_weights"][request.priority - 1] * member.learners
            waiting = max(0, (cohort.start_date - request.earliest_start).days)
            per_learner = (
                2 * leg.km * math.ceil(course.duration_days) * prices["dkk_per_km"]
                + waiting * prices["dkk_per_waiting_day"]
            )
            cost += round(per_learner) * member.learners

    later_hold = {
        (c.school_id, c.course_code, c.start_date, c.hold_number - 1) for c in proposal.cohorts
    }
    for cohort in proposal.cohorts:
        key = (cohort.school_id, cohort.course_code, cohort.start_date, cohort.hold_number)
        if not cohort.members and key not in later_hold:
            problems.append(f"{cohort.cohort_id}: a cohort without members of any request")
    for key, numbers in holds_of_offer.items():
        offer = offers[key]
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            problems.append(f"offer {offer.offer_id}: holds numbered {sorted(numbers)}")
        if len(numbers) > offer.max_parallel:
            problems.append(f"offer {offer.offer_id}: {len(numbers)} holds > {offer.max_parallel}")

    unplaced: dict[str, int] = defaultdict(int)
    for item in proposal.unplaced:
        if item.request_id not in requests:
            problems.append(f"unplaced: unknown request {item.request_id}")
            continue
        if item.request_id in unplaced:
            problems.append(f"unplaced: request {item.request_id} listed twice")
        unplaced[item.request_id] += item.learners
        if item.learners < 1 or item.reason not in set(Reason) or not item.detail:
            problems.append(f"unplaced {item.request_id}: needs learners, a reason and a detail")

    for request in scenario.requests:
        rid = request.request_id
        total = placed[rid] + unplaced[rid]
        if total != request.learners:
            problems.append(
                f"request {rid}: {placed[rid]} placed + {unplaced[rid]} unplaced != "
                f"{request.learners} learners"
            )
        if request.keep_together and (
            len(cohorts_of_request[rid]) > 1 or 0 < unplaced[rid] < total
        ):
            problems.append(f"request {rid}: keep_together, but split")

    learners_placed = sum(placed.values())
    if proposal.learners_placed != learners_placed:
        problems.append(f"summary: {proposal.learners_placed} placed, counted {learners_placed}")
    if proposal.learners_requested != sum(r.learners for r in scenario.requests):
        problems.append("summary: learners requested differ from the scenario")
    if proposal.cost_dkk != round(cost):
        problems.append(f"summary: cost {proposal.cost_dkk} DKK, recounted {round(cost)} DKK")
    problems += _check_status(proposal, placed_value)
    return problems


def danish_holidays(year: int) -> set[date]:
    """Danish public holidays of `year`, written out here apart from `pooling.workdays`."""
    # Easter Sunday by Meeus/Jones/Butcher, a different form of the computus.
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    easter = date(year, (h + ell - 7 * m + 114) // 31, (h + ell - 7 * m + 114) % 31 + 1)
    offsets = [-3, -2, 0, 1, 39, 49, 50] + ([26] if year <= 2023 else [])
    days = {easter + timedelta(days=n) for n in offsets}
    return days | {date(year, 1, 1), date(year, 12, 25), date(year, 12, 26)}


def _check_status(proposal: Proposal, placed_value: int) -> list[str]:
    """The reported status and bounds agree with each other and with the recount."""
    problems = []
    if proposal.status not in _STATUSES:
        problems.append(f"summary: status {proposal.status!r} is not one of {_STATUSES}")
    if proposal.placed_value != placed_value:
        problems.append(f"summary: placed value {proposal.placed_value}, recounted {placed_value}")
    if proposal.placed_bound < proposal.placed_value:
        problems.append("summary: placement bound below the placement reached")
    if proposal.cost_bound_dkk > proposal.cost_dkk:
        problems.append("summary: cost bound above the cost reached")
    if not 0 <= proposal.parts_optimal <= proposal.parts:
        problems.append(f"summary: {proposal.parts_optimal} of {proposal.parts} parts optimal")
    proven = (
        proposal.placed_bound == proposal.placed_value
        and proposal.cost_bound_dkk == proposal.cost_dkk
    )
    if proposal.status == "OPTIMAL" and not proven:
        problems.append("summary: OPTIMAL, but the bounds do not meet the values")
    return problems
