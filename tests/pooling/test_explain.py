"""Tests that every unplaced request gets the right reason, a detail and a fix that works."""

from __future__ import annotations

import copy
import re
from dataclasses import replace

from pooling.domain import Reason
from pooling.service import ProposeOptions, propose
from pooling.validation import load_scenario
from tests.pooling.builders import COURSES, SCHOOLS, offer, request, scenario
from tests.pooling.test_fixes import SAMPLE, apply_fix

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


# -- reasons and fixes found wrong in review -------------------------------------------------


def left_after_fix(offers, requests, item) -> int:
    """Learners of `item`'s request still unplaced after applying its fix and solving again."""
    recs = copy.deepcopy(
        {"courses": COURSES, "schools": SCHOOLS, "offers": offers, "requests": requests}
    )
    apply_fix(recs, item.request_id, item.fix)
    proposal = propose(scenario(recs["offers"], recs["requests"]), OPTIONS)
    return sum(u.learners for u in proposal.unplaced if u.request_id == item.request_id)


def test_capacity_when_a_firm_is_larger_than_any_hold():
    """Tests that a firm of 20 for holds of at most 16 is CAPACITY, fixed by a maximum of 20."""
    offers, requests = [offer()], [request("big", 20, kind="firm")]
    item = unplaced_of(propose(scenario(offers, requests), OPTIONS), "big")
    assert item.reason is Reason.CAPACITY
    assert "room for 20 learner(s) together" in item.detail
    assert "from 16 to 20" in item.fix
    assert left_after_fix(offers, requests, item) == 0


def test_capacity_when_a_firm_does_not_fit_beside_seats_taken():
    """Tests that a firm of 8 for a hold with 10 of 16 seats taken is CAPACITY (16 -> 18)."""
    offers, requests = [offer(seats_taken=10)], [request("firm8", 8, kind="firm")]
    item = unplaced_of(propose(scenario(offers, requests), OPTIONS), "firm8")
    assert item.reason is Reason.CAPACITY
    assert "10 seat(s) taken" in item.detail
    assert "from 16 to 18" in item.fix
    assert left_after_fix(offers, requests, item) == 0


def test_capacity_when_a_guaranteed_hold_is_nearly_full():
    """Tests that a firm of 3 for a guaranteed hold with 14 of 16 seats taken is CAPACITY."""
    offers = [offer(seats_taken=14, guaranteed="true")]
    requests = [request("firm3", 3, kind="firm")]
    item = unplaced_of(propose(scenario(offers, requests), OPTIONS), "firm3")
    assert item.reason is Reason.CAPACITY
    assert "from 16 to 17" in item.fix
    assert left_after_fix(offers, requests, item) == 0


def test_capacity_fix_counts_the_requests_competing_for_the_seats():
    """Tests that each CAPACITY fix of two requests for one full hold places its request alone."""
    offers = [offer()]
    requests = [request(f"g{i}", 4) for i in range(4)]
    requests += [request("low", 1, priority=3), request("high", 1, priority=1)]
    proposal = propose(scenario(offers, requests), OPTIONS)
    assert len(proposal.unplaced) == 2
    for item in proposal.unplaced:
        assert item.reason is Reason.CAPACITY
        assert left_after_fix(offers, requests, item) == 0, item.fix
    # The low-priority learner needs room beside the more important one left out.
    assert "from 16 to 18" in unplaced_of(proposal, "low").fix


def test_learners_fix_only_where_the_hold_has_room_for_everyone():
    """Tests that N more learners are not offered for a hold that others would then fill.

    The firm placed at Tradium would move to Aarhus once that hold runs, making room in
    Tradium for more of its learners; Aarhus (max 10) would then be full without r.
    """
    offers = [
        offer(min_participants=9, max_participants=10),
        offer(school="tradium", min_participants=4, max_participants=10),
    ]
    requests = [
        request("x", 6, postcode="8382", kind="firm", priority=1),  # reaches both
        request("y", 10, postcode="8900", km=10),  # Tradium only
        request("r", 2, postcode="8000", km=10),  # Aarhus only
    ]
    item = unplaced_of(propose(scenario(offers, requests), OPTIONS), "r")
    assert item.reason is Reason.TOO_FEW_PARTICIPANTS
    assert item.fix is None or left_after_fix(offers, requests, item) == 0, item.fix


def test_join_fix_places_every_learner_of_a_splittable_request():
    """Tests that a hold with room for 1 of 5 learners is not offered as a fix for all 5."""
    offers = [offer()]
    requests = [request(f"g{i}", 3) for i in range(5)]  # 15 of 16 seats
    requests.append(request("far", 5, postcode="8900", km=10))
    item = unplaced_of(propose(scenario(offers, requests), OPTIONS), "far")
    assert item.reason is Reason.TOO_FAR
    assert item.fix is None or left_after_fix(offers, requests, item) == 0, item.fix


def test_join_fix_when_the_hold_has_room_for_all():
    """Tests that a travel fix to a hold with room for all 5 learners places all of them."""
    offers = [offer()]
    requests = [request(f"g{i}", 2) for i in range(5)]  # 10 of 16 seats
    requests.append(request("far", 5, postcode="8900", km=10))
    item = unplaced_of(propose(scenario(offers, requests), OPTIONS), "far")
    assert item.fix.startswith("Allow")
    assert "to join Aarhus Tech on 2027-02-01" in item.fix
    assert left_after_fix(offers, requests, item) == 0


def test_no_date_in_window_names_the_closest_date_on_either_side():
    """Tests that a start 7 days after the window is closer than one 14 days before it."""
    offers = [offer(start="2027-01-11"), offer(start="2027-03-15")]
    requests = [request("w", 8, earliest="2027-01-25", latest="2027-03-08")]
    item = unplaced_of(propose(scenario(offers, requests), OPTIONS), "w")
    assert item.reason is Reason.NO_DATE_IN_WINDOW
    assert "the closest is Aarhus Tech on 2027-03-15, 7 day(s) after the window" in item.detail
    assert "by 7 day(s) (latest_start 2027-03-08 -> 2027-03-15)" in item.fix
    assert left_after_fix(offers, requests, item) == 0


def test_no_date_in_window_in_the_sample():
    """Tests that sample r44 is told of Mercantec on 2027-03-15, a week after its window."""
    item = unplaced_of(propose(load_scenario(SAMPLE), OPTIONS), "r44")
    assert item.reason is Reason.NO_DATE_IN_WINDOW
    assert "the closest is Mercantec, Viborg on 2027-03-15, 7 day(s) after" in item.detail


def test_minutes_fix_names_only_the_minutes():
    """Tests that when only the minutes limit binds, the fix changes only max_travel_minutes."""
    offers = [offer()]
    requests = [request(f"f{i}", 2) for i in range(5)]
    requests.append(request("m", 1, postcode="8210", km=60, max_travel_minutes=1))
    item = unplaced_of(propose(scenario(offers, requests), OPTIONS), "m")
    assert item.reason is Reason.TOO_FAR
    assert re.match(r"Allow \d+ minutes more travel \(max_travel_minutes 1 -> \d+\)", item.fix)
    assert "km" not in item.fix
    assert left_after_fix(offers, requests, item) == 0


def test_guaranteed_hold_is_not_said_to_have_a_minimum():
    """Tests that with the greedy baseline, a guaranteed hold left unused quotes no minimum."""
    offers = [
        offer(start="2027-01-04"),  # the nearest and soonest: greedy tries it, then cancels it
        offer(school="tradium", seats_taken=1, guaranteed="true"),
    ]
    sc = scenario(offers, [request("r", 2)])
    item = unplaced_of(propose(sc, replace(OPTIONS, method="greedy")), "r")
    assert item.reason is Reason.NOT_CHOSEN
    assert "minimum 8" not in item.detail
    assert "guaranteed" in item.detail
