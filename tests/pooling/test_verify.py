"""Tests that the proposal verifier catches every kind of broken proposal."""

from __future__ import annotations

from dataclasses import replace

import pytest

from geo import travel_model
from pooling.domain import Reason, Unplaced
from pooling.service import ProposeOptions, propose
from pooling.verify import verify_proposal
from tests.pooling.builders import offer, request, scenario

TRAVEL = travel_model("geodesic")


@pytest.fixture(scope="module")
def ok_small():
    sc = scenario(
        [offer(seats_taken=2), offer(school="tradium", start="2027-02-08")],
        [
            request("r1", 4),
            request("r2", 4, postcode="8210"),
            request("f1", 3, kind="firm"),
            request("late", 2, earliest="2027-03-15"),
        ],
    )
    proposal = propose(sc, ProposeOptions(time_limit_s=10, workers=1, travel="geodesic"))
    assert verify_proposal(sc, proposal, TRAVEL) == []
    assert len(proposal.cohorts) == 1
    assert proposal.learners_placed == 11
    return sc, proposal


def with_cohort(proposal, **changes):
    return replace(proposal, cohorts=(replace(proposal.cohorts[0], **changes),))


def with_member(proposal, index, **changes):
    members = list(proposal.cohorts[0].members)
    members[index] = replace(members[index], **changes)
    return with_cohort(proposal, members=tuple(members))


def test_catches_wrong_participant_count(ok_small):
    sc, p = ok_small
    assert any(
        "participants" in v for v in verify_proposal(sc, with_cohort(p, participants=9), TRAVEL)
    )


def test_catches_too_many_participants(ok_small):
    sc, p = ok_small
    bad = with_member(p, 0, learners=20)
    assert any("> maximum" in v for v in verify_proposal(sc, bad, TRAVEL))


def test_catches_start_outside_window(ok_small):
    sc, p = ok_small
    members = (*p.cohorts[0].members, next(m for m in p.cohorts[0].members if m.request_id == "f1"))
    bad = with_member(with_cohort(p, members=members), 0, request_id="late")
    assert any("outside the request's window" in v for v in verify_proposal(sc, bad, TRAVEL))


def test_catches_misreported_travel(ok_small):
    sc, p = ok_small
    bad = with_member(p, 0, travel_km=p.cohorts[0].members[0].travel_km + 3)
    assert any("recomputed" in v for v in verify_proposal(sc, bad, TRAVEL))


def test_catches_too_far(ok_small):
    _, p = ok_small
    far = scenario([offer()], [request("r1", 4, postcode="8700", km=10)])
    bad = with_member(p, 0, request_id="r1")
    assert any("> max 10 km" in v for v in verify_proposal(far, bad, TRAVEL))


def test_catches_learner_neither_placed_nor_unplaced(ok_small):
    sc, p = ok_small
    bad = replace(p, unplaced=())
    assert any("request late" in v for v in verify_proposal(sc, bad, TRAVEL))


def test_catches_learner_counted_twice(ok_small):
    sc, p = ok_small
    extra = Unplaced(request_id="r1", learners=4, reason=Reason.NOT_CHOSEN, detail="x", fix=None)
    bad = replace(p, unplaced=(*p.unplaced, extra))
    assert any("request r1" in v for v in verify_proposal(sc, bad, TRAVEL))


def test_catches_split_keep_together(ok_small):
    sc, p = ok_small
    f1 = next(i for i, m in enumerate(p.cohorts[0].members) if m.request_id == "f1")
    bad = with_member(p, f1, learners=2)
    bad = replace(
        bad,
        unplaced=(
            *bad.unplaced,
            Unplaced(request_id="f1", learners=1, reason=Reason.CAPACITY, detail="x", fix=None),
        ),
    )
    assert any("keep_together" in v for v in verify_proposal(sc, bad, TRAVEL))


def test_catches_unknown_offer_and_second_hold(ok_small):
    sc, p = ok_small
    assert any(
        "no such offer" in v
        for v in verify_proposal(
            sc, with_cohort(p, start_date=p.cohorts[0].start_date.replace(day=2)), TRAVEL
        )
    )
    assert any(
        "holds numbered" in v for v in verify_proposal(sc, with_cohort(p, hold_number=2), TRAVEL)
    )


def test_catches_wrong_cost_and_summary(ok_small):
    sc, p = ok_small
    assert any(
        "cost" in v for v in verify_proposal(sc, replace(p, cost_dkk=p.cost_dkk + 1), TRAVEL)
    )
    assert any("placed" in v for v in verify_proposal(sc, replace(p, learners_placed=1), TRAVEL))


def test_catches_misreported_minutes_and_price(ok_small):
    sc, p = ok_small
    assert any(
        "min, recomputed" in v
        for v in verify_proposal(sc, with_member(p, 0, travel_minutes=9999), TRAVEL)
    )
    assert any("price" in v for v in verify_proposal(sc, with_cohort(p, price_dkk=1), TRAVEL))


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"status": "BANANA"}, "is not one of"),
        ({"placed_value": 1}, "placed value 1, recounted"),
        ({"placed_bound": 0}, "placement bound below"),
        ({"cost_bound_dkk": 10**9}, "cost bound above"),
        ({"parts_optimal": 99}, "parts optimal"),
    ],
)
def test_catches_inconsistent_status_and_bounds(ok_small, changes, expected):
    sc, p = ok_small
    assert any(expected in v for v in verify_proposal(sc, replace(p, **changes), TRAVEL))


def test_catches_optimal_without_proof(ok_small):
    sc, p = ok_small
    bad = replace(p, status="OPTIMAL", cost_bound_dkk=p.cost_dkk - 1)
    assert any("bounds do not meet" in v for v in verify_proposal(sc, bad, TRAVEL))


def test_missing_settings_are_reported_not_raised(ok_small):
    sc, p = ok_small
    assert verify_proposal(sc, replace(p, settings={}), TRAVEL) == [
        "settings: default_hold_price_dkk, dkk_per_km, dkk_per_waiting_day, priority_weights "
        "missing"
    ]
