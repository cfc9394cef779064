"""Tests of the coordinator's and the school's API (`web.api.jobs`, `web.api.proposals`,
`web.api.school`): area demand, runs, proposals and publishing, and the school's answers;
another office's or school's id is 404."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.web.test_api import clients, make_proposal, user_of
from web.models import Cohort, DemandRequest, JobStatus, Proposal, School, SolveJob, User
from web.scoping import requests_query


@pytest.fixture
def api(app, sample, sessions):
    return clients(app, sample, sessions)


@pytest.fixture
def proposal(app, sample, sessions) -> int:
    return make_proposal(app, sessions, sample["coordinator"])


def test_area_demand(api, sample, sessions):
    """Tests that the coordinator's demand adds up to the active requests of its area and
    that another office sees other numbers."""
    user = user_of(sessions, sample["coordinator"])
    with sessions() as session:
        user = session.get(User, user.id)
        rows = session.scalars(requests_query(user).where(DemandRequest.withdrawn.is_(False))).all()
        learners = sum(r.learners for r in rows)
        count = len(rows)
    body = api("coordinator").get("/api/demand").get_json()
    assert body["learners"] == learners > 0
    assert body["requests"] == count
    assert sum(r["learners"] for r in body["by_course_and_month"]) == learners
    assert sum(r["requests"] for r in body["by_course_and_month"]) == count
    assert sum(m["learners"] for m in body["by_municipality"]) == learners
    assert all(re.fullmatch(r"\d{4}-\d{2}", r["month"]) for r in body["by_course_and_month"])
    other = api("coordinator2").get("/api/demand").get_json()
    assert other["learners"] != learners


def test_jobs_create_get_cancel(api, sessions):
    """Tests that a run is queued as a pending job, shown with its progress, listed, and
    cancelled at once while it waits; another office's coordinator gets 404."""
    client = api("coordinator")
    response = client.post("/api/jobs", json={"time_limit_s": 20, "seed": 7})
    assert response.status_code == 202
    job = response.get_json()
    assert job["status"] == "pending" and job["terminal"] is False
    assert job["options"]["seed"] == 7 and job["options"]["workers"] == 1
    assert client.get(f"/api/jobs/{job['id']}").get_json()["percent"] == 0
    assert [j["id"] for j in client.get("/api/jobs").get_json()] == [job["id"]]
    other = api("coordinator2")
    assert other.get(f"/api/jobs/{job['id']}").status_code == 404
    assert other.post(f"/api/jobs/{job['id']}/cancel").status_code == 404
    assert other.get("/api/jobs").get_json() == []
    cancelled = client.post(f"/api/jobs/{job['id']}/cancel").get_json()
    assert cancelled["status"] == "cancelled" and cancelled["terminal"] is True
    with sessions() as session:
        assert session.get(SolveJob, job["id"]).status == JobStatus.CANCELLED
    assert client.get("/api/jobs/424242").status_code == 404


def test_job_options_are_checked(api):
    """Tests that job options out of range are refused with problems naming them."""
    response = api("coordinator").post(
        "/api/jobs", json={"time_limit_s": 0, "seed": -1, "method": "magic"}
    )
    assert response.status_code == 422
    columns = {p["column"] for p in response.get_json()["problems"]}
    assert columns == {"time_limit_s", "seed", "method"}


def test_proposal_list_get_document(api, proposal, sessions):
    """Tests that the coordinator lists and reads its proposal: cohorts whose members add up
    to the learners placed, unplaced requests with reason and detail, and the document."""
    client = api("coordinator")
    listed = client.get("/api/proposals").get_json()
    assert [p["id"] for p in listed] == [proposal]
    body = client.get(f"/api/proposals/{proposal}").get_json()
    placed = sum(m["learners"] for c in body["cohorts"] for m in c["members"])
    assert placed == body["learners_placed"] > 0
    assert body["cohort_count"] == len(body["cohorts"])
    assert body["unplaced_count"] == len(body["unplaced"])
    for c in body["cohorts"]:
        assert sum(m["learners"] for m in c["members"]) == c["participants"] - c["seats_taken"]
    assert all(u["reason"] and u["detail"] for u in body["unplaced"])
    assert body["published_at"] is None
    with sessions() as session:
        stored = session.get(Proposal, proposal).document
    assert client.get(f"/api/proposals/{proposal}/document").get_json() == stored


def test_proposal_of_another_office_is_404(api, proposal):
    """Tests that another office's coordinator cannot see or publish the proposal."""
    other = api("coordinator2")
    assert other.get(f"/api/proposals/{proposal}").status_code == 404
    assert other.get(f"/api/proposals/{proposal}/document").status_code == 404
    assert other.post(f"/api/proposals/{proposal}/publish").status_code == 404
    assert other.get("/api/proposals").get_json() == []
    assert api("coordinator").get("/api/proposals/777777").status_code == 404


def _school_cohorts(sessions, email: str, proposal: int) -> tuple[list[int], list[int]]:
    """The proposal's cohort ids at the user's school, and at other schools."""
    user = user_of(sessions, email)
    with sessions() as session:
        rows = session.execute(
            select(Cohort.id, School.organisation_id)
            .join(School, Cohort.school_id == School.id)
            .where(Cohort.proposal_id == proposal)
        ).all()
    own = [i for i, org in rows if org == user.organisation_id]
    return own, [i for i, org in rows if org != user.organisation_id]


def test_publish_and_school_answers(api, sample, proposal, sessions):
    """Tests that a school sees nothing before publishing, then exactly its own cohorts; that
    it accepts one, must give a reason to decline, and cannot see another school's cohort."""
    own, foreign = _school_cohorts(sessions, sample["school"], proposal)
    assert own and foreign
    school = api("school")
    assert school.get("/api/school/cohorts").get_json() == []
    assert school.get(f"/api/school/cohorts/{own[0]}").status_code == 404

    published = api("coordinator").post(f"/api/proposals/{proposal}/publish").get_json()
    assert published["published_at"] is not None

    listed = school.get("/api/school/cohorts").get_json()
    assert sorted(c["id"] for c in listed) == sorted(own)
    one = school.get(f"/api/school/cohorts/{own[0]}").get_json()
    assert sum(s["learners"] for s in one["senders"]) == one["participants"] - one["seats_taken"]
    assert "members" not in one
    assert school.get(f"/api/school/cohorts/{foreign[0]}").status_code == 404
    assert (
        school.post(
            f"/api/school/cohorts/{foreign[0]}/decision", json={"decision": "accepted"}
        ).status_code
        == 404
    )

    accepted = school.post(f"/api/school/cohorts/{own[0]}/decision", json={"decision": "accepted"})
    assert accepted.get_json()["decision"]["decision"] == "accepted"
    target = own[-1]
    refused = school.post(f"/api/school/cohorts/{target}/decision", json={"decision": "declined"})
    assert refused.status_code == 422
    assert [p["column"] for p in refused.get_json()["problems"]] == ["reason"]
    declined = school.post(
        f"/api/school/cohorts/{target}/decision",
        json={"decision": "declined", "reason": "Ingen lærer den uge"},
    ).get_json()
    assert declined["decision"] == {
        "decision": "declined",
        "reason": "Ingen lærer den uge",
        "decided_at": declined["decision"]["decided_at"],
    }
    # The coordinator sees the school's answers on its proposal.
    body = api("coordinator").get(f"/api/proposals/{proposal}").get_json()
    answers = {c["id"]: c["decision"] for c in body["cohorts"] if c["decision"]}
    assert answers[target]["decision"] == "declined"
