"""Every unplaced request part with its reason, its checked fix, or why it has none.

Puts together `pooling.explain` (reason and sentence), `pooling.fixes` (candidate changes,
cheapest first) and `pooling.fix_check` (the engine re-solves the part with each change).
Where no fix is shown, `no_fix_reason` says why in one sentence. This module is called by
the service after every solve; it reads no files.
"""

from __future__ import annotations

import solver
from pooling.candidates import Candidates
from pooling.domain import Cohort, Fix, FixKind, Reason, Scenario, Unplaced
from pooling.explain import Explainer
from pooling.fix_check import FixChecker
from pooling.fixes import FixFinder, fix_text
from pooling.i18n import _
from pooling.settings import Settings
from pooling.words import km


def explain_unplaced(
    scenario: Scenario,
    candidates: Candidates,
    cohorts: tuple[Cohort, ...],
    placed: dict[str, int],
    instance: solver.Instance,
    solution: solver.Solution,
    settings: Settings,
    seed: int = 0,
    check_seconds: float = 60.0,
) -> tuple[Unplaced, ...]:
    """An explanation for every request with learners left unplaced, in scenario order.

    Fixes are checked for the requests with the most learners waiting first (then the higher
    priority, then file order), so that when the time for checks runs out, it has gone where
    it places the most people.
    """
    explainer = Explainer(scenario, candidates, cohorts, placed)
    finder = FixFinder(scenario, candidates, cohorts, placed, settings)
    checker = FixChecker(scenario, candidates, instance, solution, settings, seed, check_seconds)
    waiting = []
    for i, request in enumerate(scenario.requests):
        left = request.learners - placed.get(request.request_id, 0)
        if left <= 0:
            continue
        reason, detail = explainer.explain(i, left)
        options = finder.options(i, left) if reason is not Reason.NO_OFFER else []
        waiting.append((i, left, reason, detail, options))
    order = sorted(
        range(len(waiting)),
        key=lambda n: (-waiting[n][1], scenario.requests[waiting[n][0]].priority, n),
    )
    verdicts = {n: checker.best(waiting[n][0], waiting[n][4]) for n in order}
    found = []
    for n, (i, left, reason, detail, options) in enumerate(waiting):
        request = scenario.requests[i]
        verdict = verdicts[n]
        fix, why = verdict.fix, None
        if fix is None:
            why = _no_fix_reason(reason, len(options), verdict.tried, left, settings)
            if verdict.tried:
                why += _short_of_minimum(scenario, explainer, options[0], left)
        found.append(
            Unplaced(
                request_id=request.request_id,
                learners=left,
                reason=reason,
                detail=detail,
                fix=fix_text(fix, scenario, request, left) if fix else None,
                fix_change=fix,
                no_fix_reason=why,
            )
        )
    return tuple(found)


def _no_fix_reason(reason: Reason, options: int, tried: int, left: int, s: Settings) -> str:
    if reason is Reason.NO_OFFER:
        return _("No school offers the course on a day it is open: ask a school to offer it.")
    limits = {
        "km": km(s.fix_max_extra_km),
        "minutes": f"{s.fix_max_extra_minutes:g}",
        "days": s.fix_max_extra_days,
        "n": left,
    }
    if options == 0:
        return _(
            "No single change within the limits (up to {km} or {minutes} minutes more "
            "travel, a window up to {days} days wider, a larger or extra hold within the "
            "course's maximum, paid seats or a guarantee) reaches a hold that could take them."
        ).format(**limits)
    return _(
        "The engine re-solved with each of the {tried} cheapest changes within the limits, and "
        "none placed all {n} learners."
    ).format(tried=tried, **limits)


def _short_of_minimum(scenario: Scenario, explainer: Explainer, tried: Fix, left: int) -> str:
    """Where the cheapest change tried reaches a hold that could not gather its minimum."""
    if tried.kind not in (FixKind.MORE_TRAVEL, FixKind.WIDER_WINDOW):
        return ""
    key = f"{tried.school_id}/{tried.course_code}/{tried.start_date.isoformat()}"
    index = explainer.offer_index[key]
    offer = scenario.offers[index]
    minimum = scenario.offer_min(offer)
    gather = min(
        scenario.offer_max(offer),
        offer.seats_taken + explainer.potential_all[index] + left,
    )
    if offer.guaranteed or gather >= minimum:
        return ""
    return " " + _(
        "The cheapest of them reaches {where}, but at most {gather} participants could gather "
        "there, against a minimum of {minimum}."
    ).format(where=explainer.where(index), gather=gather, minimum=minimum)
