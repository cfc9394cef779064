"""Why each unplaced request part was not placed: a reason and a sentence with the numbers.

Reasons, checked in this order: NO_OFFER (no school offers the course on a day it is open),
NO_DATE_IN_WINDOW / TOO_FAR (offers exist but none both in the window and within reach),
CAPACITY (holds within reach run but are full, or no hold within reach can ever take the
request: a keep-together group larger than a hold's free seats), TOO_FEW_PARTICIPANTS (no hold
within reach can gather its minimum from everyone who could reach it), NOT_CHOSEN (a hold
could have run, but its learners do more good in other holds). Sentences are in the current
language (`pooling.i18n`). What would help is `pooling.fixes`; this module solves nothing.
"""

from __future__ import annotations

from collections import defaultdict

from pooling.candidates import Candidates
from pooling.domain import Cohort, Reason, Request, Scenario
from pooling.i18n import _
from pooling.words import day, km


class Explainer:
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
        self.offer_index = {o.offer_id: i for i, o in enumerate(scenario.offers)}
        self.cohorts_of: dict[int, list[Cohort]] = defaultdict(list)
        for cohort in cohorts:
            key = f"{cohort.school_id}/{cohort.course_code}/{cohort.start_date.isoformat()}"
            self.cohorts_of[self.offer_index[key]].append(cohort)
        # Everyone who could use each offer (placed or not).
        self.potential_all: dict[int, int] = defaultdict(int)
        for i, request in enumerate(scenario.requests):
            for reach in candidates.arcs(i):
                self.potential_all[reach.offer] += request.learners

    def explain(self, i: int, left: int) -> tuple[Reason, str]:
        """The reason and the sentence for request `i` with `left` learners unplaced."""
        request = self.scenario.requests[i]
        course = self.scenario.course_by_code[request.course_code]
        words = {
            "n": left,
            "course": f"{course.course_code} {course.title}",
            "window": _("between {first} and {last}").format(
                first=day(request.earliest_start), last=day(request.latest_start)
            ),
            "limit": self._limit(request),
        }
        usable = self.candidates.reach(i, in_window=True, within_travel=True)
        if not usable:
            return self._unreachable(i, request, words)
        running = [c for r in usable for c in self.cohorts_of.get(r.offer, [])]
        need = left if request.keep_together else 1
        together = _(" together") if request.keep_together else ""
        if running:
            shown = ", ".join(
                _("{school} {date}: {taken} of {most}").format(
                    school=self._school(c.school_id),
                    date=day(c.start_date),
                    taken=c.participants,
                    most=c.max_participants,
                )
                for c in sorted(running, key=lambda c: c.max_participants - c.participants)[:3]
            )
            detail = _(
                "The holds of {course} {window} {limit} run but have no room for {need} more"
                "{together}: {shown}."
            ).format(need=need, together=together, shown=shown, **words)
            return Reason.CAPACITY, detail
        if not any(self._largest_room(r.offer) >= need for r in usable):
            offers = sorted({r.offer for r in usable}, key=lambda o: (-self._largest_room(o), o))
            shown = ", ".join(self._hold_size(o) for o in offers[:3])
            detail = _(
                "No hold of {course} {window} {limit} has room for {need} learners{together}: "
                "{shown}."
            ).format(need=need, together=together, shown=shown, **words)
            return Reason.CAPACITY, detail
        best = max(usable, key=lambda r: (self._could_gather(r.offer), -r.km))
        offer = self.scenario.offers[best.offer]
        words |= {
            "where": self.where(best.offer),
            "gather": self._could_gather(best.offer),
            "minimum": self.scenario.offer_min(offer),
        }
        if words["gather"] < words["minimum"] and not offer.guaranteed:
            detail = _(
                "{n} learners {limit} of a school offering {course} {window}; at most {gather} "
                "participants could gather for the best hold ({where}), which needs {minimum}."
            ).format(**words)
            return Reason.TOO_FEW_PARTICIPANTS, detail
        if offer.guaranteed:
            detail = _(
                "{n} learners {limit} could join a hold of {course} {window} ({where}: up to "
                "{gather} could gather, guaranteed to run with no minimum), but the proposal "
                "does not use it."
            )
        else:
            detail = _(
                "{n} learners {limit} could join a hold of {course} {window} ({where}: up to "
                "{gather} could gather, minimum {minimum}), but the learners who would make it "
                "run are placed in other holds where more learners get a course or it costs "
                "less."
            )
        return Reason.NOT_CHOSEN, detail.format(**words)

    def _no_offer(self, request: Request, words: dict) -> str:
        closed = [
            (o, why)
            for o, why in sorted(self.candidates.closed_offers.items())
            if self.scenario.offers[o].course_code == request.course_code
        ]
        if not closed:
            return _("No school in the scenario offers {course}.").format(**words)
        shown = ", ".join(
            _("{where} ({why})").format(where=self.where(o), why=_(why)) for o, why in closed[:3]
        )
        return _(
            "{course} is offered only on days the school is closed, when no hold starts: {shown}."
        ).format(shown=shown, **words)

    def _unreachable(self, i: int, request: Request, words: dict) -> tuple[Reason, str]:
        """Why request `i`, with no offer both in its window and within reach, has none."""
        in_window = self.candidates.reach(i, in_window=True)
        near = self.candidates.reach(i, within_travel=True)
        if near:
            nearest = min(near, key=lambda r: (self._days_outside(request, r.offer), r.offer))
            days = self._days_outside(request, nearest.offer)
            if self.scenario.offers[nearest.offer].start_date < request.earliest_start:
                side = _("the closest is {where}, {days} days before the window.")
            else:
                side = _("the closest is {where}, {days} days after the window.")
            detail = _(
                "{n} learners {limit} of {starts} start dates of {course}, but none {window}; "
            ).format(starts=len(near), **words)
            return Reason.NO_DATE_IN_WINDOW, detail + side.format(
                where=self.where(nearest.offer), days=days
            )
        if in_window:
            nearest = min(in_window, key=lambda r: r.km)
            detail = _(
                "{holds} holds of {course} start {window}, but none {limit}; the nearest is "
                "{where}, {km} and {minutes} minutes away."
            ).format(
                holds=len(in_window),
                where=self.where(nearest.offer),
                km=km(round(nearest.km)),
                minutes=round(nearest.minutes),
                **words,
            )
            return Reason.TOO_FAR, detail
        reach = self.candidates.reach(i)
        if not reach:
            return Reason.NO_OFFER, self._no_offer(request, words)
        nearest = min(reach, key=lambda r: r.km)
        detail = _(
            "No hold of {course} starts {window}, and none {limit}; the nearest offer is "
            "{where}, {km} away."
        ).format(where=self.where(nearest.offer), km=km(round(nearest.km)), **words)
        return Reason.NO_DATE_IN_WINDOW, detail

    # -- numbers -------------------------------------------------------------------------------

    def _largest_room(self, offer: int) -> int:
        """Most learners one hold of `offer` can take (the first hold has the seats taken)."""
        o = self.scenario.offers[offer]
        most = self.scenario.offer_max(o)
        return most if o.max_parallel > 1 else most - o.seats_taken

    def _could_gather(self, offer: int) -> int:
        o = self.scenario.offers[offer]
        return min(self.scenario.offer_max(o), o.seats_taken + self.potential_all[offer])

    def _days_outside(self, request: Request, offer: int) -> int:
        """Days between the start of `offer` and the request's window (0 inside it)."""
        start = self.scenario.offers[offer].start_date
        if start < request.earliest_start:
            return (request.earliest_start - start).days
        return max(0, (start - request.latest_start).days)

    # -- words ---------------------------------------------------------------------------------

    def _school(self, school_id: str) -> str:
        return self.scenario.school_by_id[school_id].name

    def where(self, offer: int) -> str:
        o = self.scenario.offers[offer]
        return _("{school}, starting {date}").format(
            school=self._school(o.school_id), date=day(o.start_date)
        )

    def _hold_size(self, offer: int) -> str:
        o = self.scenario.offers[offer]
        if o.seats_taken:
            text = _("{where} (max {most}, {taken} seats taken)")
        else:
            text = _("{where} (max {most})")
        return text.format(
            where=self.where(offer), most=self.scenario.offer_max(o), taken=o.seats_taken
        )

    @staticmethod
    def _limit(request: Request) -> str:
        if request.max_travel_minutes is None:
            return _("within {km}").format(km=km(request.max_travel_km))
        return _("within {km} and {minutes} minutes").format(
            km=km(request.max_travel_km), minutes=f"{request.max_travel_minutes:g}"
        )
