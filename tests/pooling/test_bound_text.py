"""Tests of the placement bound in words (pooling.bound_text)."""

from __future__ import annotations

from dataclasses import replace

from pooling.bound_text import more_learners, more_learners_text
from pooling.domain import Proposal
from pooling.i18n import use_language


def proposal(placed: int, bound: int | None) -> Proposal:
    return Proposal(
        status="FEASIBLE",
        method="cpsat",
        travel_model="road",
        learners_requested=100,
        learners_placed=placed,
        placed_value=placed,
        placed_bound=placed,
        cost_dkk=0,
        cost_bound_dkk=0,
        solve_seconds=1.0,
        parts=1,
        parts_optimal=0,
        cohorts=(),
        unplaced=(),
        learners_bound=bound,
    )


def test_more_learners_in_danish_and_english():
    """Tests that the gap to the bound is said in Danish by default and in English on request."""
    gap = proposal(80, 93)
    assert more_learners(gap) == 13
    with use_language("da"):
        assert more_learners_text(gap) == "Højst 13 flere kursister kan placeres."
        assert more_learners_text(replace(gap, learners_bound=81)) == (
            "Højst 1 kursist mere kan placeres."
        )
    with use_language("en"):
        assert more_learners_text(gap) == "At most 13 more learners could be placed."
        assert more_learners_text(replace(gap, learners_bound=80)) == (
            "No plan could place more learners."
        )


def test_no_bound_no_words():
    """Tests that a proposal without a learner bound (greedy) gets no sentence."""
    assert more_learners(proposal(80, None)) is None
    assert more_learners_text(proposal(80, None)) is None
