"""Which offers each request could use: same course, start date in its window, within reach.

Offers that start on a day the school is closed (a weekend, a Danish public holiday or one of
its own closed dates) are never candidates. For every request and every other offer of its
course, `Reach` records the date fit and the travel
(km and minutes from the chosen `geo` travel model); the arcs are those that fit both. The
explanations reuse the picture, or the part of it that fits or misses the window or the travel
limits, to say why a request has no arc. Travel is looked up once per (postcode, school) pair
and kept. This module decides nothing about who goes where.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

from geo import Leg, Place, TravelModel, load_places
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
    by start date, so a request only meets the offers in its window. The picture of a request
    (the offers of its course, fitting or not) is built only when asked for, which
    explanations do for unplaced requests, and only for the schools and dates asked for.
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
        self._legs: dict[tuple[str, str], Leg] = {}
        self._schools_of: dict[tuple, list] = {}
        self._arcs = [self._find_arcs(r) for r in scenario.requests]
        self._reach: dict[int, tuple[Reach, ...]] = {}

    def arcs(self, request: int) -> list[Reach]:
        """Offers the request can use: its course, a start in its window, within reach."""
        return self._arcs[request]

    def reach(
        self, request: int, in_window: bool | None = None, within_travel: bool | None = None
    ) -> tuple[Reach, ...]:
        """Every offer of the request's course and how it fits, in offer order.

        Given `in_window` or `within_travel`, only the offers whose start is (or is not) in
        the request's window, or whose school is (or is not) within its travel limits.
        """
        if in_window is None and within_travel is None:
            if request not in self._reach:
                self._reach[request] = self._select(self.scenario.requests[request], None, None)
            return self._reach[request]
        return self._select(self.scenario.requests[request], in_window, within_travel)

    def _leg(self, request: Request, school_id: str) -> Leg:
        key = (request.postcode, school_id)
        leg = self._legs.get(key)
        if leg is None:
            leg = self._travel.leg(request_place(request), self._school_places[school_id])
            self._legs[key] = leg
        return leg

    def _dates(self, request: Request, dated: list[tuple[date, int]]) -> tuple[int, int]:
        """The slice of a school's dated offers that starts in the request's window."""
        low = bisect_left(dated, (request.earliest_start, -1))
        high = bisect_right(dated, (request.latest_start, len(self.scenario.offers)))
        return low, high

    def _find_arcs(self, request: Request) -> list[Reach]:
        found = []
        for school_id in self._schools_of_course.get(request.course_code, []):
            dated = self._offers[request.course_code, school_id]
            low, high = self._dates(request, dated)
            if low == high:
                continue
            leg = self._leg(request, school_id)
            if not within_travel(request, leg.km, leg.minutes):
                continue
            for start, i in dated[low:high]:
                waiting = (start - request.earliest_start).days
                found.append(Reach(i, True, leg.km, leg.minutes, True, waiting))
        return found

    def _select(
        self, request: Request, in_window: bool | None, near: bool | None
    ) -> tuple[Reach, ...]:
        found = []
        earliest, latest = request.earliest_start, request.latest_start
        for dated, low, high, leg, within in self._schools(request):
            if near is not None and within is not near:
                continue
            if in_window is not None:
                dated = dated[low:high] if in_window else dated[:low] + dated[high:]
            for start, i in dated:
                waiting = (start - earliest).days
                found.append(
                    Reach(i, earliest <= start <= latest, leg.km, leg.minutes, within, waiting)
                )
        found.sort(key=attrgetter("offer"))
        return tuple(found)

    def _schools(
        self, request: Request
    ) -> list[tuple[list[tuple[date, int]], int, int, Leg, bool]]:
        """Per school of the course: its dated offers, the window's slice, travel, within."""
        key = (request.course_code, request.postcode, request.earliest_start)
        key += (request.latest_start, request.max_travel_km, request.max_travel_minutes)
        found = self._schools_of.get(key)
        if found is None:
            found = []
            for school_id in self._schools_of_course.get(request.course_code, []):
                dated = self._offers[request.course_code, school_id]
                leg = self._leg(request, school_id)
                within = within_travel(request, leg.km, leg.minutes)
                found.append((dated, *self._dates(request, dated), leg, within))
            self._schools_of[key] = found
        return found


def find_candidates(scenario: Scenario, travel: TravelModel) -> Candidates:
    """The candidate arcs of every request of `scenario` under `travel`."""
    return Candidates(scenario, travel)
