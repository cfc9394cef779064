"""Changes a coordinator can ask for to place an unplaced request, ranked by what they cost.

Kinds (`pooling.domain.FixKind`): more km or minutes of travel (within the ceilings of
`pooling.settings`, minutes always considered), a wider start window (at most the ceiling's
days), a larger hold (never above the course's own maximum), a second hold of a running offer
(where the request and others still unplaced could fill it), empty seats paid for to reach a
hold's minimum (tompladsordning, at the seat price), a guaranteed hold (at its price), or more
learners for a hold. Each change is ranked by its effort (`fix_effort_dkk`) plus the DKK it
adds by the settings' own prices: extra travel (a minute counted as a km) or waiting of the
request's learners, the seats or the hold paid for. Only the ranked candidates are made here;
`pooling.fix_check` re-solves the part with each change to see whether it places the request
in full, and `fix_text` says a fix in words. This module solves nothing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

from pooling.candidates import Candidates, Reach
from pooling.domain import Cohort, Fix, FixKind, Request, Scenario
from pooling.i18n import _
from pooling.settings import FIX_KINDS, Settings
from pooling.translate import hold_price_dkk
from pooling.words import day, dkk, km


class FixFinder:
    """Candidate fixes for the unplaced requests of one proposal."""

    def __init__(
        self,
        scenario: Scenario,
        candidates: Candidates,
        cohorts: tuple[Cohort, ...],
        placed: dict[str, int],
        settings: Settings,
    ) -> None:
        self.scenario = scenario
        self.candidates = candidates
        self.settings = settings
        offer_index = {o.offer_id: i for i, o in enumerate(scenario.offers)}
        self.cohorts_of: dict[int, list[Cohort]] = defaultdict(list)
        for cohort in cohorts:
            key = f"{cohort.school_id}/{cohort.course_code}/{cohort.start_date.isoformat()}"
            self.cohorts_of[offer_index[key]].append(cohort)
        # Unplaced learners who could use each offer (this request's own among them).
        self.free_at: dict[int, int] = defaultdict(int)
        for i, request in enumerate(scenario.requests):
            left = request.learners - placed.get(request.request_id, 0)
            if left > 0:
                for reach in candidates.arcs(i):
                    self.free_at[reach.offer] += left

    def options(self, i: int, left: int) -> list[Fix]:
        """The candidate fixes of request `i` with `left` learners unplaced, cheapest first."""
        request = self.scenario.requests[i]
        reach = self.candidates.reach
        found = self._travel(request, left, reach(i, in_window=True, within_travel=False))
        found += self._window(request, left, reach(i, in_window=False, within_travel=True))
        for r in reach(i, in_window=True, within_travel=True):
            found += self._offer_changes(request, left, r)
        unique: dict[tuple, Fix] = {}
        for fix in found:
            key = (fix.kind, fix.max_travel_km, fix.max_travel_minutes, fix.earliest_start)
            key += (fix.latest_start, fix.school_id, fix.start_date, fix.new_value)
            unique.setdefault(key, fix)
        order = {kind: n for n, kind in enumerate(FIX_KINDS)}
        return sorted(
            unique.values(),
            key=lambda f: (f.rank_dkk, order[f.kind.value], f.start_date, f.school_id or ""),
        )

    # -- the request's own limits ---------------------------------------------------------------

    def _travel(self, request: Request, left: int, reach: tuple[Reach, ...]) -> list[Fix]:
        s = self.settings
        days = math.ceil(self.scenario.course_by_code[request.course_code].duration_days)
        found = []
        for r in reach:
            if not r.in_window or r.within_travel:
                continue
            new_km = max(request.max_travel_km, math.ceil(r.km))
            extra_km = new_km - request.max_travel_km
            new_minutes = request.max_travel_minutes
            extra_minutes = 0.0
            if new_minutes is not None and r.minutes > new_minutes:
                new_minutes = float(math.ceil(r.minutes))
                extra_minutes = new_minutes - (request.max_travel_minutes or 0.0)
            if (
                extra_km > s.fix_max_extra_km
                or extra_minutes > s.fix_max_extra_minutes
                or r.minutes > s.fix_max_travel_minutes
            ):
                continue
            extra = (extra_km + extra_minutes) * 2 * days * s.dkk_per_km * left
            found.append(
                self._at(
                    r.offer,
                    kind=FixKind.MORE_TRAVEL,
                    max_travel_km=float(new_km),
                    max_travel_minutes=new_minutes,
                    travel_km=round(r.km, 1),
                    travel_minutes=round(r.minutes),
                    rank_dkk=s.fix_effort_dkk["more_travel"] + round(extra),
                )
            )
        return found

    def _window(self, request: Request, left: int, reach: tuple[Reach, ...]) -> list[Fix]:
        s = self.settings
        found = []
        for r in reach:
            if r.in_window or not r.within_travel:
                continue
            start = self.scenario.offers[r.offer].start_date
            earliest, latest = request.earliest_start, request.latest_start
            if start < earliest:
                days, earliest = (earliest - start).days, start
            else:
                days, latest = (start - latest).days, start
            if days > s.fix_max_extra_days:
                continue
            found.append(
                self._at(
                    r.offer,
                    kind=FixKind.WIDER_WINDOW,
                    earliest_start=earliest,
                    latest_start=latest,
                    rank_dkk=s.fix_effort_dkk["wider_window"]
                    + round(days * s.dkk_per_waiting_day * left),
                )
            )
        return found

    # -- changes to one offer the request can use -------------------------------------------------

    def _offer_changes(self, request: Request, left: int, r: Reach) -> list[Fix]:
        s, sc = self.settings, self.scenario
        offer = sc.offers[r.offer]
        low, high = sc.offer_min(offer), sc.offer_max(offer)
        course_max = sc.course_by_code[offer.course_code].max_participants
        price = hold_price_dkk(offer.price_dkk, s)
        effort = s.fix_effort_dkk
        running = self.cohorts_of.get(r.offer, [])
        found = []
        if high < course_max:
            taken = sum(c.participants for c in running) if running else offer.seats_taken
            room = len(running) * high - taken if running else high - taken
            new = min(course_max, high + max(1, left - max(0, room)))
            found.append(
                self._at(
                    r.offer,
                    kind=FixKind.LARGER_HOLD,
                    new_value=new,
                    old_value=high,
                    rank_dkk=effort["larger_hold"],
                )
            )
        if running:
            if len(running) == offer.max_parallel and left <= high and self.free_at[r.offer] >= low:
                found.append(
                    self._at(
                        r.offer,
                        kind=FixKind.SECOND_HOLD,
                        new_value=offer.max_parallel + 1,
                        old_value=offer.max_parallel,
                        price_dkk=price,
                        rank_dkk=effort["second_hold"] + price,
                    )
                )
            return found
        if offer.guaranteed or offer.seats_taken + left > high:
            return found
        found.append(
            self._at(
                r.offer,
                kind=FixKind.GUARANTEE,
                price_dkk=price,
                rank_dkk=effort["guarantee"] + price,
            )
        )
        seat = s.seat_price_dkk(price, low)
        # Seats missing if the other unplaced learners who could come do come, and if not.
        with_others = low - offer.seats_taken - self.free_at[r.offer]
        alone = low - offer.seats_taken - left
        for seats in sorted({max(1, with_others), max(1, alone)}):
            if offer.seats_taken + seats + left > high:
                continue
            found.append(
                self._at(
                    r.offer,
                    kind=FixKind.EMPTY_SEATS,
                    new_value=seats,
                    price_dkk=seats * seat,
                    rank_dkk=effort["empty_seats"] + seats * seat,
                )
            )
            found.append(
                self._at(
                    r.offer,
                    kind=FixKind.MORE_LEARNERS,
                    new_value=seats,
                    rank_dkk=effort["more_learners"] * seats,
                )
            )
        return found

    def _at(self, offer: int, **values) -> Fix:
        o = self.scenario.offers[offer]
        return Fix(
            school_id=o.school_id, course_code=o.course_code, start_date=o.start_date, **values
        )


def placed_at(fix: Fix, school_id: str, start_date) -> Fix:
    """`fix`, checked, naming the hold the request joined when the change was applied."""
    if fix.kind in (FixKind.MORE_TRAVEL, FixKind.WIDER_WINDOW):
        return replace(fix, school_id=school_id, start_date=start_date, checked=True)
    return replace(fix, checked=True)


def fix_text(fix: Fix, scenario: Scenario, request: Request, left: int) -> str:
    """The fix in words, in the current language."""
    school = scenario.school_by_id[fix.school_id].name if fix.school_id else ""
    where = _("{school}, starting {date}").format(school=school, date=day(fix.start_date))
    values = {"n": left, "where": where, "school": school, "price": dkk(fix.price_dkk)}
    if fix.kind is FixKind.MORE_TRAVEL:
        text = _travel_text(fix, request).format(**values)
    elif fix.kind is FixKind.WIDER_WINDOW:
        if fix.earliest_start != request.earliest_start:
            days = (request.earliest_start - fix.earliest_start).days
            text = _(
                "Move the earliest start from {old} to {new} ({days} days earlier); then all "
                "{n} can join the hold at {where}."
            )
            old, new = request.earliest_start, fix.earliest_start
        else:
            days = (fix.latest_start - request.latest_start).days
            text = _(
                "Move the latest start from {old} to {new} ({days} days later); then all {n} "
                "can join the hold at {where}."
            )
            old, new = request.latest_start, fix.latest_start
        text = text.format(old=day(old), new=day(new), days=days, **values)
    elif fix.kind is FixKind.LARGER_HOLD:
        course = scenario.course_by_code[request.course_code]
        text = _(
            "Ask {school} to take up to {new} participants on the hold starting {date} (now "
            "{old}; the course allows {most}); then all {n} get a place."
        ).format(
            new=fix.new_value,
            old=fix.old_value,
            most=course.max_participants,
            date=day(fix.start_date),
            **values,
        )
    elif fix.kind is FixKind.SECOND_HOLD:
        text = _(
            "Ask {school} to run one more hold starting {date} (price {price}); then all {n} "
            "get a place."
        ).format(date=day(fix.start_date), **values)
    elif fix.kind is FixKind.EMPTY_SEATS:
        text = _(
            "Pay for {seats} empty seats on the hold at {where} (tompladsordning, {price}), "
            "so that it reaches its minimum with all {n}."
        ).format(seats=fix.new_value, **values)
    elif fix.kind is FixKind.GUARANTEE:
        text = _(
            "Ask {school} to guarantee the hold starting {date} (price {price}; it runs "
            "whatever its size); then all {n} get a place."
        ).format(date=day(fix.start_date), **values)
    else:
        text = _(
            "Find {more} more learners for the hold at {where}; with them it reaches its "
            "minimum and all {n} get a place."
        ).format(more=fix.new_value, **values)
    if not fix.checked:
        text += " " + _("(Not checked: {why}.)").format(why=fix.note or "")
    return text


def _travel_text(fix: Fix, request: Request) -> str:
    """The travel sentence, naming only the limits that change; {n} and {where} left open."""
    trip = _("the trip is {km} and {minutes} minutes each way").format(
        km=km(fix.travel_km or 0), minutes=fix.travel_minutes
    )
    more_km = (fix.max_travel_km or 0) > request.max_travel_km
    old_minutes = request.max_travel_minutes
    more_minutes = old_minutes is not None and (fix.max_travel_minutes or 0) > old_minutes
    limits = {
        "km": km(fix.max_travel_km or 0),
        "old_km": km(request.max_travel_km),
        "minutes": f"{fix.max_travel_minutes or 0:g}",
        "old_minutes": f"{old_minutes or 0:g}",
        "trip": trip,
    }
    if more_km and more_minutes:
        text = _(
            "Allow up to {km} and {minutes} minutes each way (now {old_km} and {old_minutes} "
            "minutes; {trip}); then all {n} can join the hold at {where}."
        )
    elif more_minutes:
        text = _(
            "Allow up to {minutes} minutes each way (now {old_minutes} minutes; {trip}); then "
            "all {n} can join the hold at {where}."
        )
    else:
        text = _(
            "Allow up to {km} each way (now {old_km}; {trip}); then all {n} can join the hold "
            "at {where}."
        )
    return text.format(n="{n}", where="{where}", **limits)
