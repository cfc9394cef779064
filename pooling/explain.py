"""Why each unplaced request part was not placed, in words with numbers, and what would help.

Reasons, checked in this order: NO_OFFER (no school offers the course), NO_DATE_IN_WINDOW /
TOO_FAR (offers exist but none both in the window and within reach), CAPACITY (holds within
reach run but are full), TOO_FEW_PARTICIPANTS (no hold within reach can gather its minimum
from everyone who could reach it), NOT_CHOSEN (a hold could have run, but its learners do more
good in other holds). A fix is the smallest single change to this request, or one more thing
at one school, that places it given the rest of the proposal; where no single change does,
there is no fix. This module does not solve anything.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from pooling.candidates import Candidates, Reach
from pooling.domain import Cohort, Reason, Request, Scenario, Unplaced


@dataclass(frozen=True, slots=True)
class _Option:
    """A possible fix, ranked: joins a running hold first, then one that could run, then size."""

    text: str
    joins_running_hold: bool
    could_run: bool
    amount: float

    def rank(self) -> tuple[bool, bool, float]:
        return (not self.joins_running_hold, not self.could_run, self.amount)


class _Explainer:
    def __init__(
        self,
        scenario: Scenario,
        candidates: Candidates,
        cohorts: tuple[Cohort, ...],
        placed: dict[str, int],
    ) -> None:
        self.scenario = scenario
        self.candidates = candidates
        self.placed = placed
        offer_index = {o.offer_id: i for i, o in enumerate(scenario.offers)}
        self.cohorts_of: dict[int, list[Cohort]] = defaultdict(list)
        for cohort in cohorts:
            key = f"{cohort.school_id}/{cohort.course_code}/{cohort.start_date.isoformat()}"
            self.cohorts_of[offer_index[key]].append(cohort)
        # Who could use each offer: everyone with an arc (all) and those still unplaced (free).
        self.potential_all: dict[int, int] = defaultdict(int)
        self.potential_free: dict[int, int] = defaultdict(int)
        for i, request in enumerate(scenario.requests):
            left = request.learners - placed.get(request.request_id, 0)
            for reach in candidates.arcs(i):
                self.potential_all[reach.offer] += request.learners
                self.potential_free[reach.offer] += left

    def explain(self, i: int) -> Unplaced | None:
        request = self.scenario.requests[i]
        left = request.learners - self.placed.get(request.request_id, 0)
        if left <= 0:
            return None
        reason, detail, fix = self._reason(i, request, left)
        return Unplaced(
            request_id=request.request_id, learners=left, reason=reason, detail=detail, fix=fix
        )

    # -- reasons -------------------------------------------------------------------------------

    def _reason(self, i: int, request: Request, left: int) -> tuple[Reason, str, str | None]:
        course = self.scenario.course_by_code[request.course_code]
        reach = self.candidates.reach(i)
        what = f"{course.course_code} {course.title}"
        window = f"between {request.earliest_start} and {request.latest_start}"
        limit = self._limit(request)
        if not reach:
            return Reason.NO_OFFER, f"No school in the scenario offers {what}.", None
        usable = [r for r in reach if r.usable]
        if not usable:
            return self._unreachable(request, left, reach, what, window, limit)
        running = [c for r in usable for c in self.cohorts_of.get(r.offer, [])]
        if running:
            return self._capacity(request, left, running, what, window, limit)
        best = max(usable, key=lambda r: (self._could_gather(r.offer), -r.km))
        offer = self.scenario.offers[best.offer]
        minimum = self.scenario.offer_min(offer)
        gather = self._could_gather(best.offer)
        where = self._where(best.offer)
        if gather < minimum and not offer.guaranteed:
            detail = (
                f"{left} learner(s) {limit} of a school offering {what} {window}; "
                f"at most {gather} participant(s) could gather for the best hold "
                f"({where}), which needs {minimum}."
            )
            # The hold that needs the fewest new learners, counting those still unplaced.
            more, target = min((self._shortfall(r.offer), r.km, r.offer) for r in usable)[::2]
            fix = f"{more} more learner(s) for {self._where(target)} would let that hold run."
            return Reason.TOO_FEW_PARTICIPANTS, detail, fix
        detail = (
            f"{left} learner(s) {limit} could join a hold of {what} {window} ({where}: up to "
            f"{gather} could gather, minimum {minimum}), but the learners who would make it run "
            "are placed in other holds where more learners get a course or it costs less."
        )
        option = self._best_option(self._travel_options(request, left, reach, running_only=True))
        day_option = self._best_option(self._date_options(request, left, reach, running_only=True))
        best_option = self._best_option([o for o in (option, day_option) if o is not None])
        return Reason.NOT_CHOSEN, detail, best_option.text if best_option else None

    def _unreachable(
        self,
        request: Request,
        left: int,
        reach: tuple[Reach, ...],
        what: str,
        window: str,
        limit: str,
    ) -> tuple[Reason, str, str | None]:
        in_window = [r for r in reach if r.in_window]
        near = [r for r in reach if r.within_travel]
        travel = self._best_option(self._travel_options(request, left, reach))
        dates = self._best_option(self._date_options(request, left, reach))
        use_dates = dates is not None and (travel is None or dates.rank() <= travel.rank())
        if near and (use_dates or not in_window):
            nearest = min(near, key=lambda r: abs(r.waiting_days))
            detail = (
                f"{left} learner(s) {limit} of {len(near)} start date(s) of {what}, but none "
                f"{window}; the closest is {self._where(nearest.offer)}."
            )
            return Reason.NO_DATE_IN_WINDOW, detail, _fix_text(dates)
        if in_window:
            nearest = min(in_window, key=lambda r: r.km)
            detail = (
                f"{len(in_window)} hold(s) of {what} start {window}, but none {limit}; the "
                f"nearest is {self._where(nearest.offer)}, {nearest.km:.0f} km and "
                f"{nearest.minutes:.0f} minutes away."
            )
            return Reason.TOO_FAR, detail, _fix_text(travel)
        nearest = min(reach, key=lambda r: r.km)
        detail = (
            f"No hold of {what} starts {window}, and none {limit}; the nearest offer is "
            f"{self._where(nearest.offer)}, {nearest.km:.0f} km away."
        )
        return Reason.NO_DATE_IN_WINDOW, detail, None

    def _capacity(
        self,
        request: Request,
        left: int,
        running: list[Cohort],
        what: str,
        window: str,
        limit: str,
    ) -> tuple[Reason, str, str | None]:
        shown = ", ".join(
            f"{self._school_name(c.school_id)} {c.start_date} {c.participants}/{c.max_participants}"
            for c in sorted(running, key=lambda c: c.max_participants - c.participants)[:3]
        )
        need = left if request.keep_together else 1
        together = " together" if request.keep_together else ""
        detail = (
            f"The hold(s) of {what} {window} {limit} run but have no room for {need} more"
            f"{together}: {shown}."
        )
        roomiest = max(running, key=lambda c: c.max_participants - c.participants)
        extra = left - (roomiest.max_participants - roomiest.participants)
        new_max = roomiest.max_participants + extra
        fix = (
            f"Raise max_participants of the hold at {self._school_name(roomiest.school_id)} on "
            f"{roomiest.start_date} from {roomiest.max_participants} to {new_max}."
        )
        return Reason.CAPACITY, detail, fix

    # -- fixes ---------------------------------------------------------------------------------

    def _travel_options(
        self, request: Request, left: int, reach: tuple[Reach, ...], running_only: bool = False
    ) -> list[_Option]:
        options = []
        for r in reach:
            if not r.in_window or r.within_travel:
                continue
            joins, could = self._target(r.offer, request, left)
            if running_only and not joins:
                continue
            new_km = max(request.max_travel_km, math.ceil(r.km))
            change = f"max_travel_km {request.max_travel_km:g} -> {new_km}"
            if request.max_travel_minutes is not None and r.minutes > request.max_travel_minutes:
                change += f" and max_travel_minutes {request.max_travel_minutes:g} -> "
                change += f"{math.ceil(r.minutes)}"
            text = f"Allow {new_km - request.max_travel_km:g} km more travel ({change}) to "
            text += f"{'join' if joins else 'reach'} {self._where(r.offer)}."
            options.append(_Option(text, joins, could, r.km - request.max_travel_km))
        return options

    def _date_options(
        self, request: Request, left: int, reach: tuple[Reach, ...], running_only: bool = False
    ) -> list[_Option]:
        options = []
        for r in reach:
            if r.in_window or not r.within_travel:
                continue
            joins, could = self._target(r.offer, request, left)
            if running_only and not joins:
                continue
            start = self.scenario.offers[r.offer].start_date
            if start < request.earliest_start:
                days = (request.earliest_start - start).days
                change = f"earliest_start {request.earliest_start} -> {start}"
            else:
                days = (start - request.latest_start).days
                change = f"latest_start {request.latest_start} -> {start}"
            text = f"Widen the start window by {days} day(s) ({change}) to "
            text += f"{'join' if joins else 'reach'} {self._where(r.offer)}."
            options.append(_Option(text, joins, could, days))
        return options

    def _target(self, offer: int, request: Request, left: int) -> tuple[bool, bool]:
        """(a running hold there has room for this request, a hold there could run with it)."""
        need = left if request.keep_together else 1
        joins = any(c.max_participants - c.participants >= need for c in self.cohorts_of[offer])
        o = self.scenario.offers[offer]
        could = o.guaranteed or (
            o.seats_taken + self.potential_free[offer] + left >= self.scenario.offer_min(o)
        )
        return joins, joins or could

    @staticmethod
    def _best_option(options: list[_Option]) -> _Option | None:
        usable = [o for o in options if o.could_run]
        return min(usable, key=_Option.rank) if usable else None

    # -- words ---------------------------------------------------------------------------------

    def _shortfall(self, offer: int) -> int:
        """Learners missing for a hold of `offer` to run, beyond those still unplaced."""
        o = self.scenario.offers[offer]
        free = o.seats_taken + self.potential_free[offer]
        return max(0, self.scenario.offer_min(o) - free)

    def _could_gather(self, offer: int) -> int:
        o = self.scenario.offers[offer]
        return min(self.scenario.offer_max(o), o.seats_taken + self.potential_all[offer])

    def _school_name(self, school_id: str) -> str:
        return self.scenario.school_by_id[school_id].name

    def _where(self, offer: int) -> str:
        o = self.scenario.offers[offer]
        return f"{self._school_name(o.school_id)} on {o.start_date}"

    @staticmethod
    def _limit(request: Request) -> str:
        if request.max_travel_minutes is None:
            return f"within {request.max_travel_km:g} km"
        return f"within {request.max_travel_km:g} km and {request.max_travel_minutes:g} minutes"


def _fix_text(option: _Option | None) -> str | None:
    return None if option is None else option.text


def explain_unplaced(
    scenario: Scenario,
    candidates: Candidates,
    cohorts: tuple[Cohort, ...],
    placed: dict[str, int],
) -> tuple[Unplaced, ...]:
    """An explanation for every request with learners left unplaced, in scenario order."""
    explainer = _Explainer(scenario, candidates, cohorts, placed)
    found = (explainer.explain(i) for i in range(len(scenario.requests)))
    return tuple(u for u in found if u is not None)
