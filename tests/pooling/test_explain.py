"""Tests that every unplaced request gets the right reason, a detail and a fix that works."""

from __future__ import annotations

import re

from pooling.domain import Reason
from pooling.service import ProposeOptions, propose
from tests.pooling.builders import offer, request, scenario

OPTIONS = ProposeOptions(time_limit_s=10, workers=1, travel="geodesic")


def unplaced_of(proposal, rid):
    (item,) = [u for u in proposal.unplaced if u.request_id == rid]
    assert item.detail
    return item


def test_no_offer():
    """Tests that a course no school offers is NO_OFFER, with no fix."""
    sc = scenario([offer()], [request("r1", 4, course="48586")])
    item = unplaced_of(propose(sc, OPTIONS), "r1")
    assert item.reason is Reason.NO_OFFER
    assert "48586" in item.detail
    assert item.fix is None


def test_no_date_in_window_names_the_days_needed():
    """Tests that an offer a week after the window is NO_DATE_IN_WINDOW with a +7 days fix."""
    sc = scenario(
        [offer(start="2027-03-01", min_participants=4)],
        [request("r1", 4, earliest="2027-01-04", latest="2027-02-22")],
    )
    item = unplaced_of(propose(sc, OPTIONS), "r1")
    assert item.reason is Reason.NO_DATE_IN_WINDOW
    assert "7 day(s)" in item.fix
    assert "latest_start 2027-02-22 -> 2027-03-01" in item.fix


def test_too_far_names_the_km_needed():
    """Tests that a hold 37.x km away with a 20 km limit is TOO_FAR with a +18 km fix."""
    sc = scenario([offer(min_participants=4)], [request("r1", 4, postcode="8700", km=20)])
    item = unplaced_of(propose(sc, OPTIONS), "r1")
    assert item.reason is Reason.TOO_FAR
    assert "max_travel_km 20 -> 38" in item.fix
    assert "37 km" in item.detail


def test_too_few_participants_names_the_learners_missing():
    """Tests that 3 learners for a hold needing 8 is TOO_FEW_PARTICIPANTS, 5 more needed."""
    sc = scenario([offer()], [request("r1", 3)])
    item = unplaced_of(propose(sc, OPTIONS), "r1")
    assert item.reason is Reason.TOO_FEW_PARTICIPANTS
    assert "needs 8" in item.detail
    assert item.fix.startswith("5 more learner(s) for Aarhus Tech on 2027-02-01")


def test_capacity_when_the_running_hold_is_full():
    """Tests that a firm group that does not fit the only running hold is CAPACITY."""
    sc = scenario(
        [offer(max_participants=10)],
        [request("r1", 8, kind="firm"), request("r2", 6, kind="firm")],
    )
    proposal = propose(sc, OPTIONS)
    item = unplaced_of(proposal, "r2")
    assert item.reason is Reason.CAPACITY
    assert "from 10 to 14" in item.fix


def test_not_chosen_when_its_hold_could_run_but_loses():
    """Tests that of two holds sharing one big group, the losing request is NOT_CHOSEN."""
    sc = scenario(
        [
            offer(min_participants=8, max_participants=8),
            offer(school="tradium", min_participants=8, max_participants=8),
        ],
        [
            request("big", 5, postcode="8382", km=60),  # Hinnerup: reaches Aarhus and Randers
            request("aarhus", 3, postcode="8000", km=10),
            request("randers", 3, postcode="8900", km=10),
        ],
    )
    proposal = propose(sc, OPTIONS)
    assert proposal.learners_placed == 8
    (item,) = proposal.unplaced
    assert item.reason is Reason.NOT_CHOSEN


def test_fix_places_the_request():
    """Tests that applying the suggested km fix does place the request."""
    base = [offer(min_participants=4)]
    before = propose(scenario(base, [request("r1", 4, postcode="8700", km=20)]), OPTIONS)
    assert before.learners_placed == 0
    new_km = re.search(r"max_travel_km 20 -> (\d+)", before.unplaced[0].fix).group(1)
    after = propose(scenario(base, [request("r1", 4, postcode="8700", km=new_km)]), OPTIONS)
    assert after.learners_placed == 4


def test_travel_minutes_limit_is_honoured():
    """Tests that max_travel_minutes keeps a request from a hold within its km limit."""
    sc = scenario(
        [offer(min_participants=4)],
        [request("r1", 4, postcode="8700", km=100, max_travel_minutes=20)],
    )
    proposal = propose(sc, OPTIONS)
    item = unplaced_of(proposal, "r1")
    assert item.reason is Reason.TOO_FAR
    assert "max_travel_minutes 20 ->" in item.fix
    roomy = scenario(
        [offer(min_participants=4)],
        [request("r1", 4, postcode="8700", km=100, max_travel_minutes=90)],
    )
    assert propose(roomy, OPTIONS).learners_placed == 4
