"""Which offers each request could use: same course, start date in its window, within reach.

For every request and every offer of its course, `Reach` records the date fit and the travel
(km and minutes from the chosen `geo` travel model); the arcs are those that fit both. The
explanations reuse the full picture to say why a request has no arc. Travel is looked up
once per (postcode, school) pair. This module decides nothing about who goes where.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from geo import Place, TravelModel, load_places
from pooling.domain import Request, Scenario, School


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


@dataclass(frozen=True, slots=True)
class Candidates:
    """Per request (scenario order), the reach of every offer of its course."""

    reach: tuple[tuple[Reach, ...], ...]

    def arcs(self, request: int) -> list[Reach]:
        return [r for r in self.reach[request] if r.usable]


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


def find_candidates(scenario: Scenario, travel: TravelModel) -> Candidates:
    offers_of_course: dict[str, list[int]] = defaultdict(list)
    for i, offer in enumerate(scenario.offers):
        offers_of_course[offer.course_code].append(i)
    school_places = {s.school_id: school_place(s) for s in scenario.schools}
    reach = []
    for request in scenario.requests:
        origin = request_place(request)
        row = []
        for i in offers_of_course.get(request.course_code, []):
            offer = scenario.offers[i]
            leg = travel.leg(origin, school_places[offer.school_id])
            row.append(
                Reach(
                    offer=i,
                    in_window=request.earliest_start <= offer.start_date <= request.latest_start,
                    km=leg.km,
                    minutes=leg.minutes,
                    within_travel=within_travel(request, leg.km, leg.minutes),
                    waiting_days=(offer.start_date - request.earliest_start).days,
                )
            )
        reach.append(tuple(row))
    return Candidates(tuple(reach))
