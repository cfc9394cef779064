"""Which offers each request could use: same course, start date in its window, within reach.

Offers that start on a day the school is closed (a weekend, a Danish public holiday or one of
its own closed dates) are never candidates. For every request and every other offer of its
course, `Reach` records the date fit and the travel
(km and minutes from the chosen `geo` travel model); the arcs are those that fit both. The
explanations reuse the full picture to say why a request has no arc. Travel is looked up
once per (postcode, school) pair. This module decides nothing about who goes where.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from geo import Place, TravelModel, load_places
from pooling.domain import Request, Scenario, School
from pooling.workdays import why_closed


@dataclass(frozen=True, slots=True)
class Reach:
    """How request and offer `offer` fit: window, travel, and days after earliest start."""

    offer: int
    in_window: bool
    km: float
    minutes: float
    within_travel: bool
    waiting_days: int

    @property
    def usable(self) -> bool:
        return self.in_window and self.within_travel


def school_place(school: School) -> Place:
    """Where a school is: its own coordinates if given, else its postcode's centroid."""
    if school.lat is not None and school.lon is not None:
        return Place(f"school:{school.school_id}", school.lat, school.lon, school.name)
    postcode = load_places().postcode(school.postcode)
    assert postcode is not None, "validation guarantees known postcodes"
    return postcode.place


def request_place(request: Request) -> Place:
    postcode = load_places().postcode(request.postcode)
    assert postcode is not None, "validation guarantees known postcodes"
    return postcode.place


def within_travel(request: Request, km: float, minutes: float) -> bool:
    """The request's travel limits: km always, minutes where it gives them."""
    if km > request.max_travel_km:
        return False
    return request.max_travel_minutes is None or minutes <= request.max_travel_minutes


class Candidates:
    """The arcs of every request, found once; the full reach of a request on demand.

    Travel is computed once per (postcode, school) pair; offers of a school are looked up
    by start date, so a request only meets the offers in its window. The full picture of a
    request (every offer of its course, fitting or not) is built only when asked for, which
    explanations do for unplaced requests.
    """

    def __init__(self, scenario: Scenario, travel: TravelModel) -> None:
        self.scenario = scenario
        self._travel = travel
        self._school_places = {s.school_id: school_place(s) for s in scenario.schools}
        self._offers: dict[tuple[str, str], list[tuple[date, int]]] = defaultdict(list)
        # Offers starting on a day the school is closed (weekend, holiday, own closed date).
        self.closed_offers: dict[int, str] = {}
        for i, offer in enumerate(scenario.offers):
            closed = why_closed(offer.start_date, scenario.closed_at(offer.school_id))
            if closed is not None:
                self.closed_offers[i] = closed
                continue
            self._offers[offer.course_code, offer.school_id].append((offer.start_date, i))
        self._schools_of_course: dict[str, list[str]] = defaultdict(list)
        for course, school in sorted(self._offers):
            self._offers[course, school].sort()
            self._schools_of_course[course].append(school)
        self._arcs = [self._find_arcs(r) for r in scenario.requests]
        self._reach: dict[int, tuple[Reach, ...]] = {}

    def arcs(self, request: int) -> list[Reach]:
        """Offers the request can use: its course, a start in its window, within reach."""
        return self._arcs[request]

    def reach(self, request: int) -> tuple[Reach, ...]:
        """Every offer of the request's course and how it fits."""
        if request not in self._reach:
            self._reach[request] = self._full_reach(self.scenario.requests[request])
        return self._reach[request]

    def _leg(self, request: Request, school_id: str):
        return self._travel.leg(request_place(request), self._school_places[school_id])

    def _find_arcs(self, request: Request) -> list[Reach]:
        found = []
        for school_id in self._schools_of_course.get(request.course_code, []):
            dated = self._offers[request.course_code, school_id]
            low = bisect_left(dated, (request.earliest_start, -1))
            high = bisect_right(dated, (request.latest_start, len(self.scenario.offers)))
            if low == high:
                continue
            leg = self._leg(request, school_id)
            if not within_travel(request, leg.km, leg.minutes):
                continue
            for start, i in dated[low:high]:
                waiting = (start - request.earliest_start).days
                found.append(Reach(i, True, leg.km, leg.minutes, True, waiting))
        return found

    def _full_reach(self, request: Request) -> tuple[Reach, ...]:
        found = []
        for school_id in self._schools_of_course.get(request.course_code, []):
            leg = self._leg(request, school_id)
            near = within_travel(request, leg.km, leg.minutes)
            for start, i in self._offers[request.course_code, school_id]:
                in_window = request.earliest_start <= start <= request.latest_start
                waiting = (start - request.earliest_start).days
                found.append(Reach(i, in_window, leg.km, leg.minutes, near, waiting))
        return tuple(sorted(found, key=lambda r: r.offer))


def find_candidates(scenario: Scenario, travel: TravelModel) -> Candidates:
    """The candidate arcs of every request of `scenario` under `travel`."""
    return Candidates(scenario, travel)
