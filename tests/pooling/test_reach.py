"""Tests that a request's reach, found by school and start date, is the one found offer by offer.

Explanations and fixes read a request's offers only through `Candidates.reach` and
`Candidates.arcs`. Here they are also made from a plain reach that looks at every offer of
the scenario and asks the travel model for each one, and must say exactly the same, on the
shipped sample and on a small generated scenario.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from geo import TravelModel, travel_model
from pooling.candidates import (
    Candidates,
    Reach,
    find_candidates,
    request_place,
    school_place,
)
from pooling.candidates import within_travel as fits_travel
from pooling.domain import Scenario
from pooling.explain import Explainer
from pooling.fix_check import FixChecker
from pooling.fixes import FixFinder
from pooling.generate import generate_tables
from pooling.reading import tables_from_records
from pooling.service import ProposeOptions, prepare, propose
from pooling.validation import load_scenario, validate_tables
from solver import solve_greedy
from tests.pooling.test_fixes import SAMPLE

OPTIONS = ProposeOptions(time_limit_s=10, workers=1)
FILTERS = [(w, t) for w in (None, True, False) for t in (None, True, False)]


class PlainCandidates(Candidates):
    """The same arcs; the reach found offer by offer, in the order of the scenario's offers."""

    def __init__(self, scenario: Scenario, travel: TravelModel) -> None:
        super().__init__(scenario, travel)
        self.plain_travel = travel

    def reach(self, request, in_window=None, within_travel=None):
        r = self.scenario.requests[request]
        found = []
        for j, o in enumerate(self.scenario.offers):
            if o.course_code != r.course_code or j in self.closed_offers:
                continue
            school = school_place(self.scenario.school_by_id[o.school_id])
            leg = self.plain_travel.leg(request_place(r), school)
            fits = Reach(
                j,
                r.earliest_start <= o.start_date <= r.latest_start,
                leg.km,
                leg.minutes,
                fits_travel(r, leg.km, leg.minutes),
                (o.start_date - r.earliest_start).days,
            )
            if in_window in (None, fits.in_window) and within_travel in (None, fits.within_travel):
                found.append(fits)
        return tuple(found)


@pytest.fixture(scope="module")
def road() -> TravelModel:
    return travel_model("road")


def scenario_named(name: str) -> Scenario:
    if name == "sample":
        return load_scenario(SAMPLE)
    return validate_tables(tables_from_records(generate_tables("small", 1)))


@pytest.mark.parametrize("name", ["sample", "small"])
def test_reach_by_school_and_date_is_the_plain_reach(name, road):
    """Tests every request's reach, with each filter, and its arcs against the plain reach."""
    sc = scenario_named(name)
    fast, plain = find_candidates(sc, road), PlainCandidates(sc, road)
    for i in range(len(sc.requests)):
        for in_window, within in FILTERS:
            expected = plain.reach(i, in_window=in_window, within_travel=within)
            assert fast.reach(i, in_window=in_window, within_travel=within) == expected
        assert sorted(fast.arcs(i), key=lambda r: r.offer) == list(plain.reach(i, True, True))


@pytest.mark.parametrize("name", ["sample", "small"])
def test_explanations_and_fixes_are_those_of_the_plain_reach(name, road):
    """Tests every unplaced request's reason, sentence, fixes and changed arcs both ways."""
    sc = scenario_named(name)
    proposal = propose(sc, OPTIONS, travel=road)
    prepared = prepare(sc, OPTIONS, road)
    placed: dict[str, int] = defaultdict(int)
    for cohort in proposal.cohorts:
        for member in cohort.members:
            placed[member.request_id] += member.learners
    index = {r.request_id: i for i, r in enumerate(sc.requests)}
    plain = PlainCandidates(sc, road)
    explainer = Explainer(sc, plain, proposal.cohorts, placed)
    fast_finder = FixFinder(sc, prepared.candidates, proposal.cohorts, placed, OPTIONS.settings)
    plain_finder = FixFinder(sc, plain, proposal.cohorts, placed, OPTIONS.settings)
    checkers = [
        FixChecker(sc, c, prepared.instance, solve_greedy(prepared.instance), OPTIONS.settings)
        for c in (prepared.candidates, plain)
    ]
    assert proposal.unplaced
    for item in proposal.unplaced:
        i = index[item.request_id]
        assert (item.reason, item.detail) == explainer.explain(i, item.learners)
        options = fast_finder.options(i, item.learners)
        assert options == plain_finder.options(i, item.learners)
        for fix in options:
            fast_arcs, plain_arcs = (c._arcs_of_request(i, fix) for c in checkers)
            assert fast_arcs == plain_arcs
    if name == "sample":
        assert len(Counter(item.reason for item in proposal.unplaced)) >= 3
