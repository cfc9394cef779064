"""Tests of candidate offers: windows, travel and days the school is closed."""

from datetime import date

from geo import travel_model
from pooling.candidates import find_candidates
from pooling.domain import ClosedDate
from pooling.service import propose
from tests.pooling.builders import offer, request, scenario


def test_offers_on_holidays_weekends_and_closed_dates_are_no_candidates():
    """Tests that starts on 2. påskedag, a Saturday or a closed date give no arc."""
    base = scenario(
        [
            offer(start="2027-03-29"),
            offer(start="2027-03-27"),
            offer(start="2027-03-30"),
            offer(start="2027-02-01"),
        ],
        [request("r1", 9, latest="2027-04-05")],
    )
    closed = type(base)(
        courses=base.courses,
        schools=base.schools,
        offers=base.offers,
        requests=base.requests,
        closed_dates=(ClosedDate(school_id="aarhus-tech", day=date(2027, 2, 1)),),
    )
    candidates = find_candidates(closed, travel_model("geodesic"))
    assert [closed.offers[r.offer].start_date for r in candidates.arcs(0)] == [date(2027, 3, 30)]
    assert candidates.closed_offers == {0: "2. påskedag", 1: "weekend", 3: "closed"}


def test_cohorts_carry_end_dates_on_working_days():
    """Tests that a 2-day hold starting the Wednesday before Easter ends the Tuesday after."""
    proposal = propose(scenario([offer(start="2027-03-24")], [request("r1", 9)]))
    (cohort,) = proposal.cohorts
    assert cohort.end_date == date(2027, 3, 30)
