"""Tests of the requests API (`web.api.requests`): a demand role lists, creates, reads,
changes and withdraws its own requests, checked as the pages check them; another
organisation's request is 404."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.web.test_api import Api, clients, make_proposal, token_for, user_of
from web.models import Cohort, CohortMember, DemandRequest, RequestChange, User

VALID = {
    "reference": "API-1",
    "course_code": "48586",
    "learners": 3,
    "postcode": "8000",
    "earliest_start": "2027-02-01",
    "latest_start": "2027-03-31",
    "max_travel_km": 60,
    "max_travel_minutes": 75,
    "keep_together": False,
    "priority": 2,
}


@pytest.fixture
def api(app, sample, sessions):
    return clients(app, sample, sessions)


def _a_request_of(sessions, email: str) -> int:
    user = user_of(sessions, email)
    with sessions() as session:
        return session.scalar(
            select(DemandRequest.id)
            .where(DemandRequest.organisation_id == user.organisation_id)
            .order_by(DemandRequest.id)
        )


def test_list_requests_shows_only_own(api, sample, sessions):
    """Tests that a jobcentre lists exactly its own organisation's requests."""
    user = user_of(sessions, sample["jobcentre"])
    with sessions() as session:
        own = set(
            session.scalars(
                select(DemandRequest.id).where(
                    DemandRequest.organisation_id == user.organisation_id
                )
            )
        )
    body = api("jobcentre").get("/api/requests").get_json()
    assert {r["id"] for r in body} == own
    assert own


def test_create_request(api, sessions):
    """Tests that a valid request is stored with its history and listed."""
    client = api("firm")
    response = client.post("/api/requests", json=VALID)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["reference"] == "API-1"
    assert body["course_code"] == "48586"
    assert body["max_travel_minutes"] == 75
    assert body["outcome"] is None
    assert [c["action"] for c in body["changes"]] == ["created"]
    with sessions() as session:
        stored = session.get(DemandRequest, body["id"])
        assert stored.learners == 3 and stored.postcode == "8000"
    assert body["id"] in {r["id"] for r in client.get("/api/requests").get_json()}


def test_create_request_lists_every_problem(api, sessions):
    """Tests that a request with several problems is refused with one 422 naming each
    field, and that nothing is stored."""
    with sessions() as session:
        before = session.scalar(select(func.count()).select_from(DemandRequest))
    bad = dict(VALID, learners=0, postcode="0001", max_travel_km=-5)
    response = api("jobcentre").post("/api/requests", json=bad)
    assert response.status_code == 422
    body = response.get_json()
    columns = {p["column"] for p in body["problems"]}
    assert columns == {"learners", "postcode", "max_travel_km"}
    assert all(p["message"] and p["row"] is None for p in body["problems"])
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(DemandRequest)) == before


def test_create_request_for_an_unknown_course(api):
    """Tests that an unknown AMU number is refused on `course_code`, as the pages do."""
    response = api("jobcentre").post("/api/requests", json=dict(VALID, course_code="99999"))
    assert response.status_code == 422
    assert [p["column"] for p in response.get_json()["problems"]] == ["course_code"]


def test_create_request_with_wrong_types(api):
    """Tests that fields of the wrong type or missing come back as problems in the same
    shape as the checks' problems."""
    bad = dict(VALID, learners="three")
    del bad["postcode"]
    response = api("jobcentre").post("/api/requests", json=bad)
    assert response.status_code == 422
    problems = {p["column"]: p["message"] for p in response.get_json()["problems"]}
    assert set(problems) == {"learners", "postcode"}


def test_create_request_with_a_taken_reference(api):
    """Tests that a reference the organisation already uses is refused on `reference`."""
    client = api("a-kasse")
    assert client.post("/api/requests", json=VALID).status_code == 201
    response = client.post("/api/requests", json=dict(VALID, learners=5))
    assert response.status_code == 422
    assert [p["column"] for p in response.get_json()["problems"]] == ["reference"]


def test_get_request_own_foreign_unknown(api, sample, sessions):
    """Tests that a request is shown to its organisation and is 404 to another organisation
    of the same kind and for an unknown id."""
    own = _a_request_of(sessions, sample["jobcentre"])
    foreign = _a_request_of(sessions, sample["jobcentre2"])
    client = api("jobcentre")
    response = client.get(f"/api/requests/{own}")
    assert response.status_code == 200
    assert response.get_json()["id"] == own
    assert client.get(f"/api/requests/{foreign}").status_code == 404
    assert client.get("/api/requests/999999").status_code == 404
    assert client.get("/api/requests/99999999999").status_code == 404
    assert client.get(f"/api/requests/{2**70}").status_code == 404
    assert api("jobcentre2").get(f"/api/requests/{foreign}").status_code == 200


def test_update_request(api, sessions):
    """Tests that a change is checked, stored and recorded in the history with before and
    after values."""
    client = api("firm")
    created = client.post("/api/requests", json=VALID).get_json()
    response = client.put(f"/api/requests/{created['id']}", json=dict(VALID, learners=4))
    assert response.status_code == 200
    body = response.get_json()
    assert body["learners"] == 4
    assert body["changes"][-1]["action"] == "updated"
    assert body["changes"][-1]["changes"] == {"learners": ["3", "4"]}
    # Its own reference is not a clash when it is edited.
    bad = client.put(f"/api/requests/{created['id']}", json=dict(VALID, learners=0))
    assert bad.status_code == 422
    assert [p["column"] for p in bad.get_json()["problems"]] == ["learners"]
    with sessions() as session:
        assert session.get(DemandRequest, created["id"]).learners == 4


def test_update_foreign_request_is_404_and_unchanged(api, sample, sessions):
    """Tests that another organisation's request cannot be changed or withdrawn."""
    foreign = _a_request_of(sessions, sample["firm2"])
    with sessions() as session:
        before = session.get(DemandRequest, foreign).learners
    client = api("firm")
    assert client.put(f"/api/requests/{foreign}", json=VALID).status_code == 404
    # Looked up before the body is read: a bad body does not turn the 404 into a 422.
    assert client.put(f"/api/requests/{foreign}", json={}).status_code == 404
    assert client.post(f"/api/requests/{foreign}/withdraw").status_code == 404
    with sessions() as session:
        row = session.get(DemandRequest, foreign)
        assert row.learners == before and not row.withdrawn


def test_withdraw_request(api, sessions):
    """Tests that a withdrawn request is marked, recorded once, and can no longer change."""
    client = api("jobcentre")
    created = client.post("/api/requests", json=VALID).get_json()
    path = f"/api/requests/{created['id']}"
    assert client.post(path + "/withdraw").get_json()["withdrawn"] is True
    assert client.post(path + "/withdraw").status_code == 200
    with sessions() as session:
        actions = session.scalars(
            select(RequestChange.action).where(RequestChange.request_id == created["id"])
        ).all()
    assert actions == ["created", "withdrawn"]
    response = client.put(path, json=VALID)
    assert response.status_code == 409
    assert response.get_json()["code"] == 409


def test_request_shows_its_outcome_once_published(app, api, sample, sessions):
    """Tests that a placed request shows its school, date and travel after publishing."""
    proposal = make_proposal(app, sessions, sample["coordinator"])
    with sessions() as session:
        member = session.scalar(
            select(CohortMember)
            .join(Cohort, CohortMember.cohort_id == Cohort.id)
            .where(Cohort.proposal_id == proposal)
            .order_by(CohortMember.id)
        )
        placed = session.get(DemandRequest, member.request_id)
        owner = session.scalar(select(User).where(User.organisation_id == placed.organisation_id))
        school_name = session.get(Cohort, member.cohort_id).school.name
        request_id, email = placed.id, owner.email
    client = Api(app, token_for(sessions, email))
    assert client.get(f"/api/requests/{request_id}").get_json()["outcome"] is None
    api("coordinator").post(f"/api/proposals/{proposal}/publish")
    outcome = client.get(f"/api/requests/{request_id}").get_json()["outcome"]
    assert outcome["proposal_id"] == proposal
    assert school_name in {p["school"] for p in outcome["placements"]}
    assert outcome["learners_placed"] == sum(p["learners"] for p in outcome["placements"])
