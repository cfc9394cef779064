"""A proposal's result in plain words: status, bounds, and the summary a coordinator reads.

Shared by the command line, the coordinator's workbook and the web. `status_words` turns the
solver's status and bounds into a sentence ("bevist optimal", "højst N flere kan placeres",
the latter from `pooling.bound_text`);
`summary_lines` lists the figures a person reads, with hold prices apart from the notional
travel and waiting costs. This module computes nothing new about the proposal.
"""

from __future__ import annotations

from pooling.bound_text import more_learners_text
from pooling.domain import Proposal
from pooling.i18n import _
from pooling.words import dkk, number


def status_words(p: Proposal) -> str:
    """The status and what is proven, in words."""
    if p.status == "OPTIMAL":
        return _("proven optimal")
    if p.status in ("INFEASIBLE", "UNKNOWN"):
        return _("no solution found in the time given")
    text = _("good, not proven optimal; the cost is at most {gap} % above the best possible.")
    text = text.format(gap=number(100 * p.cost_gap, 1))
    bound = more_learners_text(p)
    return f"{text} {bound}" if bound else text


def summary_lines(p: Proposal) -> list[tuple[str, object]]:
    """(label, value) pairs for a person: learners, the gain, holds, prices, travel, waiting."""
    guaranteed = sum(c.guaranteed for c in p.cohorts)
    lines: list[tuple[str, object]] = [
        (_("Learners requested"), p.learners_requested),
        (_("Learners placed"), p.learners_placed),
        (_("Learners not placed"), p.learners_requested - p.learners_placed),
    ]
    if p.greedy_learners_placed is not None:
        lines += [
            (_("Placed by first come, first served"), p.greedy_learners_placed),
            (
                _("Gain over first come, first served (learners)"),
                p.learners_placed - p.greedy_learners_placed,
            ),
        ]
    lines += [
        (_("Holds proposed"), len(p.cohorts)),
        (_("of which guaranteed (run anyway)"), guaranteed),
        (_("Hold prices to pay (DKK)"), p.hold_prices_dkk),
        (_("Prices of guaranteed holds (DKK, paid anyway)"), p.guaranteed_prices_dkk),
        (_("Travel in all (km each way, all learners)"), round(p.total_travel_km)),
        (_("Travel, notional cost (DKK)"), p.travel_cost_dkk),
        (_("Waiting in all (learner-days after earliest start)"), p.waiting_days),
        (_("Waiting, notional cost (DKK)"), p.waiting_cost_dkk),
        (_("Result"), status_words(p)),
    ]
    return lines


def summary_sentence(p: Proposal) -> str:
    """One line for the command line."""
    text = _(
        "{placed} of {requested} learners placed in {holds} holds; hold prices {prices} "
        "(guaranteed holds {guaranteed} on top, paid anyway); notional travel {travel} and "
        "waiting {waiting}; {status}."
    ).format(
        placed=p.learners_placed,
        requested=p.learners_requested,
        holds=len(p.cohorts),
        prices=dkk(p.hold_prices_dkk),
        guaranteed=dkk(p.guaranteed_prices_dkk),
        travel=dkk(p.travel_cost_dkk),
        waiting=dkk(p.waiting_cost_dkk),
        status=status_words(p).rstrip("."),
    )
    if p.greedy_learners_placed is not None:
        text += " " + _("First come, first served places {n}.").format(n=p.greedy_learners_placed)
    return text
