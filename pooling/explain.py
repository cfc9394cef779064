"""Why each unplaced request part was not placed, in words with numbers, and what would help.

Reasons, checked in this order: NO_OFFER (no school offers the course), NO_DATE_IN_WINDOW /
TOO_FAR (offers exist but none both in the window and within reach), CAPACITY (holds within
reach run but are full, or no hold within reach can ever take the request: a keep-together
group larger than a hold's free seats), TOO_FEW_PARTICIPANTS (no hold within reach can gather
its minimum from everyone who could reach it), NOT_CHOSEN (a hold could have run, but its
learners do more good in other holds).

A fix is the smallest single change to this request, or one more thing at one school, that
places all its learners given the rest of the proposal; where no single change does, there is
no fix. The solver re-optimises everything after the change, so a fix is conservative: the
hold it names has room for the request and for everyone who could take those seats instead
(unplaced learners of requests at least as important; for a hold that does not run yet,
everyone who can reach it). This module does not solve anything.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from pooling.candidates import Candidates, Reach
from pooling.domain import Cohort, Offer, Reason, Request, Scenario, Unplaced


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
        # Who could use each offer: everyone with an arc (all) and those still unplaced (free),
        # and the unplaced learners of each request there (who competes for its seats).
        self.potential_all: dict[int, int] = defaultdict(int)
        self.potential_free: dict[int, int] = defaultdict(int)
        self.free_at: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for i, request in enumerate(scenario.requests):
            left = request.learners - placed.get(request.request_id, 0)
            for reach in candidates.arcs(i):
                self.potential_all[reach.offer] += request.learners
                self.potential_free[reach.offer] += left
                if left > 0:
                    self.free_at[reach.offer].append((i, left))

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
        running = [(r.offer, c) for r in usable for c in self.cohorts_of.get(r.offer, [])]
        if running:
            return self._capacity(i, request, left, usable, running, what, window, limit)
        if not any(self._largest_room(r.offer) >= _need(request, left) for r in usable):
            return self._never_fits(i, request, left, usable, what, window, limit)
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
            fix = self._shortfall_fix(usable) or self._reach_fix(request, left, reach)
            return Reason.TOO_FEW_PARTICIPANTS, detail, fix
        return self._not_chosen(request, left, reach, offer, best, what, window, limit)

    def _not_chosen(
        self,
        request: Request,
        left: int,
        reach: tuple[Reach, ...],
        offer: Offer,
        best: Reach,
        what: str,
        window: str,
        limit: str,
    ) -> tuple[Reason, str, str | None]:
        head = (
            f"{left} learner(s) {limit} could join a hold of {what} {window} "
            f"({self._where(best.offer)}: up to {self._could_gather(best.offer)} could gather, "
        )
        if offer.guaranteed:
            # A guaranteed hold runs anyway: nobody is needed to make it run.
            detail = head + "guaranteed to run with no minimum), but the proposal does not use it."
        else:
            detail = head + (
                f"minimum {self.scenario.offer_min(offer)}), but the learners who would make it "
                "run are placed in other holds where more learners get a course or it costs less."
            )
        option = self._best_option(self._travel_options(request, left, reach, running_only=True))
        day_option = self._best_option(self._date_options(request, left, reach, running_only=True))
        best_option = self._best_option([o for o in (option, day_option) if o is not None])
        return Reason.NOT_CHOSEN, detail, _fix_text(best_option)

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
            nearest = min(near, key=lambda r: (self._days_outside(request, r.offer), r.offer))
            days = self._days_outside(request, nearest.offer)
            side = (
                "before"
                if self._offer(nearest.offer).start_date < request.earliest_start
                else "after"
            )
            detail = (
                f"{left} learner(s) {limit} of {len(near)} start date(s) of {what}, but none "
                f"{window}; the closest is {self._where(nearest.offer)}, {days} day(s) {side} "
                "the window."
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
        i: int,
        request: Request,
        left: int,
        usable: list[Reach],
        running: list[tuple[int, Cohort]],
        what: str,
        window: str,
        limit: str,
    ) -> tuple[Reason, str, str | None]:
        cohorts = [c for _, c in running]
        shown = ", ".join(
            f"{self._school_name(c.school_id)} {c.start_date} {c.participants}/{c.max_participants}"
            for c in sorted(cohorts, key=lambda c: c.max_participants - c.participants)[:3]
        )
        need = _need(request, left)
        together = " together" if request.keep_together else ""
        detail = (
            f"The hold(s) of {what} {window} {limit} run but have no room for {need} more"
            f"{together}: {shown}."
        )
        idle = [
            r.offer
            for r in usable
            if r.offer not in self.cohorts_of and self._largest_room(r.offer) < need
        ]
        return Reason.CAPACITY, detail, self._raise_max(i, left, running, idle)

    def _never_fits(
        self,
        i: int,
        request: Request,
        left: int,
        usable: list[Reach],
        what: str,
        window: str,
        limit: str,
    ) -> tuple[Reason, str, str | None]:
        """No hold within reach has room for the request (together) even when it is empty."""
        offers = sorted({r.offer for r in usable}, key=lambda o: (-self._largest_room(o), o))
        shown = ", ".join(self._hold_size(o) for o in offers[:3])
        together = " together" if request.keep_together else ""
        detail = (
            f"No hold of {what} {window} {limit} has room for {_need(request, left)} "
            f"learner(s){together}: {shown}."
        )
        return Reason.CAPACITY, detail, self._raise_max(i, left, [], offers)

    # -- fixes ---------------------------------------------------------------------------------

    def _raise_max(
        self, i: int, left: int, running: list[tuple[int, Cohort]], idle: list[int]
    ) -> str | None:
        """A larger maximum for the hold that needs the smallest raise to place the request.

        A running hold must then seat those in it, this request and every unplaced learner at
        least as important who could take the same seats; a hold that does not run yet
        (`idle`) must seat everyone who can reach it, and reach its minimum with those unplaced.
        """
        wanted = [(o, c.participants + left + self._competing(o, i)) for o, c in running]
        for offer in idle:
            o = self._offer(offer)
            free = o.seats_taken + self.potential_free[offer]
            if o.guaranteed or free >= self.scenario.offer_min(o):
                wanted.append((offer, o.seats_taken + self.potential_all[offer]))
        found = []
        for offer, new_max in wanted:
            o = self._offer(offer)
            current = self.scenario.offer_max(o)
            if new_max > current:
                found.append((new_max - current, o.start_date, o.school_id, current, new_max))
        if not found:
            return None
        _, start, school_id, current, new_max = min(found)
        return (
            f"Raise max_participants of the hold at {self._school_name(school_id)} on {start} "
            f"from {current} to {new_max}."
        )

    def _shortfall_fix(self, usable: list[Reach]) -> str | None:
        """N more learners for the hold that needs the fewest, where all of them would fit."""
        targets = []
        for r in usable:
            more = self._shortfall(r.offer)
            if more > 0 and not self._offer(r.offer).guaranteed and self._fits_all(r.offer, more):
                targets.append((more, r.km, r.offer))
        if not targets:
            return None
        more, _, target = min(targets)
        return f"{more} more learner(s) for {self._where(target)} would let that hold run."

    def _reach_fix(self, request: Request, left: int, reach: tuple[Reach, ...]) -> str | None:
        """The best change of travel limits or start window, to a hold that takes them all."""
        options = self._travel_options(request, left, reach)
        return _fix_text(self._best_option(options + self._date_options(request, left, reach)))

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
            text = f"{_travel_change(request, r)} to "
            text += f"{'join' if joins else 'reach'} {self._where(r.offer)}."
            over = max(0.0, r.km - request.max_travel_km)
            if request.max_travel_minutes is not None:
                over += max(0.0, r.minutes - request.max_travel_minutes)
            options.append(_Option(text, joins, could, over))
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
            start = self._offer(r.offer).start_date
            if start < request.earliest_start:
                change = f"earliest_start {request.earliest_start} -> {start}"
            else:
                change = f"latest_start {request.latest_start} -> {start}"
            days = self._days_outside(request, r.offer)
            text = f"Widen the start window by {days} day(s) ({change}) to "
            text += f"{'join' if joins else 'reach'} {self._where(r.offer)}."
            options.append(_Option(text, joins, could, days))
        return options

    def _target(self, offer: int, request: Request, left: int) -> tuple[bool, bool]:
        """(running holds there have room for all `left`, a hold there would run with them)."""
        cohorts = self.cohorts_of.get(offer, [])
        if cohorts:
            rooms = [c.max_participants - c.participants for c in cohorts]
            joins = (max(rooms) if request.keep_together else sum(rooms)) >= left
            return joins, joins
        o = self._offer(offer)
        enough = o.seats_taken + self.potential_free[offer] + left >= self.scenario.offer_min(o)
        return False, (o.guaranteed or enough) and self._fits_all(offer, left)

    @staticmethod
    def _best_option(options: list[_Option]) -> _Option | None:
        usable = [o for o in options if o.could_run]
        return min(usable, key=_Option.rank) if usable else None

    # -- numbers -------------------------------------------------------------------------------

    def _competing(self, offer: int, i: int) -> int:
        """Unplaced learners of other requests at least as important who could use `offer`.

        Priority 1 counts most, as the priority weights say.
        """
        priority = self.scenario.requests[i].priority
        return sum(
            left
            for j, left in self.free_at.get(offer, [])
            if j != i and self.scenario.requests[j].priority <= priority
        )

    def _fits_all(self, offer: int, extra: int) -> bool:
        """A first hold of `offer` seats everyone who can reach it and `extra` more.

        Counting those placed elsewhere too: once the hold runs, they may move into it.
        """
        o = self._offer(offer)
        return o.seats_taken + self.potential_all[offer] + extra <= self.scenario.offer_max(o)

    def _largest_room(self, offer: int) -> int:
        """Most learners one hold of `offer` can take (the first hold has the seats taken)."""
        o = self._offer(offer)
        most = self.scenario.offer_max(o)
        return most if o.max_parallel > 1 else most - o.seats_taken

    def _shortfall(self, offer: int) -> int:
        """Learners missing for a hold of `offer` to run, beyond those still unplaced."""
        o = self._offer(offer)
        free = o.seats_taken + self.potential_free[offer]
        return max(0, self.scenario.offer_min(o) - free)

    def _could_gather(self, offer: int) -> int:
        o = self._offer(offer)
        return min(self.scenario.offer_max(o), o.seats_taken + self.potential_all[offer])

    def _days_outside(self, request: Request, offer: int) -> int:
        """Days between the start of `offer` and the request's window (0 inside it)."""
        start = self._offer(offer).start_date
        if start < request.earliest_start:
            return (request.earliest_start - start).days
        return max(0, (start - request.latest_start).days)

    # -- words ---------------------------------------------------------------------------------

    def _offer(self, offer: int) -> Offer:
        return self.scenario.offers[offer]

    def _school_name(self, school_id: str) -> str:
        return self.scenario.school_by_id[school_id].name

    def _where(self, offer: int) -> str:
        o = self._offer(offer)
        return f"{self._school_name(o.school_id)} on {o.start_date}"

    def _hold_size(self, offer: int) -> str:
        o = self._offer(offer)
        taken = f", {o.seats_taken} seat(s) taken" if o.seats_taken else ""
        return f"{self._where(offer)} (max {self.scenario.offer_max(o)}{taken})"

    @staticmethod
    def _limit(request: Request) -> str:
        if request.max_travel_minutes is None:
            return f"within {request.max_travel_km:g} km"
        return f"within {request.max_travel_km:g} km and {request.max_travel_minutes:g} minutes"


def _need(request: Request, left: int) -> int:
    """Seats one hold must have free for the request: all of a keep-together group, else one."""
    return left if request.keep_together else 1


def _travel_change(request: Request, reach: Reach) -> str:
    """'Allow ...' naming only the travel limits that keep the request from `reach`."""
    changes = []
    more_km = 0
    if reach.km > request.max_travel_km:
        new_km = math.ceil(reach.km)
        more_km = new_km - request.max_travel_km
        changes.append(f"max_travel_km {request.max_travel_km:g} -> {new_km}")
    minutes = request.max_travel_minutes
    if minutes is not None and reach.minutes > minutes:
        new_minutes = math.ceil(reach.minutes)
        changes.append(f"max_travel_minutes {minutes:g} -> {new_minutes}")
        if not more_km:
            return f"Allow {new_minutes - minutes:g} minutes more travel ({changes[0]})"
    return f"Allow {more_km:g} km more travel ({' and '.join(changes)})"


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
