"""Tests of the coordinator's review and downloads, and of the school's inbox and answers."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from web.jobs.queue import create_job
from web.jobs.worker import work
from web.models import Cohort, Proposal, School, SchoolDecision, User


@pytest.fixture
def proposal_id(app, sample, sessions) -> int:
    """A finished proposal of the sample for AMK Midt-Nord (not yet published)."""
    with sessions() as session:
        user = session.scalar(select(User).where(User.email == "coordinator@demo.example"))
        create_job(session, user.organisation_id, user.id, {"time_limit_s": 10, "seed": 1})
    work(sessions, app.config["JOB_STALE_AFTER"], once=True)
    with sessions() as session:
        return session.scalar(select(Proposal.id))


def _publish(client, proposal_id):
    assert client.post(f"/koordinator/forslag/{proposal_id}/offentliggoer").status_code == 302


def test_overview_table_and_map_data(signed_in):
    """Tests the demand overview: learners by course and month, and by municipality."""
    client = signed_in("coordinator")
    page = client.get("/koordinator/").get_data(as_text=True)
    assert "110" in page  # learners in the sample
    assert "42994" in page and "02-2027" in page
    data = client.get("/koordinator/kort/behov.json").get_json()
    assert data["learners_by_municipality"]["751"] > 0
    assert sum(data["learners_by_municipality"].values()) == 110
    shapes = client.get("/koordinator/kort/kommuner.geojson")
    assert len(json.loads(shapes.get_data())["features"]) == 98


def test_another_amk_sees_none_of_this_demand(signed_in):
    """Tests that a coordinator of another office sees no demand of the sample's area."""
    page = signed_in("coordinator2").get("/koordinator/kort/behov.json").get_json()
    assert page["learners_by_municipality"] == {}


def test_review_and_downloads(signed_in, proposal_id):
    """Tests the proposal page and its JSON, CSV and Excel downloads."""
    client = signed_in("coordinator")
    page = client.get(f"/koordinator/forslag/{proposal_id}").get_data(as_text=True)
    assert "Aarhus Tech" in page and "r45" in page  # an unplaced request with its fix
    document = client.get(f"/koordinator/forslag/{proposal_id}/forslag.json").get_json()
    assert document["format"] == "course-pooling/proposal@1"
    assert document["summary"]["learners_placed"] == 94
    csv_text = client.get(f"/koordinator/forslag/{proposal_id}/forslag.csv").get_data(as_text=True)
    assert csv_text.startswith("\ufeffhold;skole;amu_nr")
    assert len(csv_text.strip().splitlines()) - 1 == sum(
        len(c["members"]) for c in document["cohorts"]
    )
    workbook = client.get(f"/koordinator/forslag/{proposal_id}/forslag.xlsx").get_data()
    book = load_workbook(io.BytesIO(workbook))
    assert len(book.sheetnames) >= 2
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v.startswith("=") for v in row)
    points = client.get(f"/koordinator/forslag/{proposal_id}/kort.json").get_json()
    assert points["schools"] and all(s["lat"] for s in points["schools"])


def test_school_sees_nothing_before_publishing(signed_in, proposal_id):
    """Tests that an unpublished proposal shows nothing to the schools."""
    page = signed_in("school").get("/skole/").get_data(as_text=True)
    assert "/skole/hold/" not in page


def test_school_accepts_and_declines(signed_in, sessions, proposal_id):
    """Tests the school's inbox: its cohorts only, accept one, decline one with a reason."""
    _publish(signed_in("coordinator"), proposal_id)
    school = signed_in("school")
    page = school.get("/skole/").get_data(as_text=True)
    with sessions() as session:
        mine = session.scalars(
            select(Cohort)
            .join(School, Cohort.school_id == School.id)
            .where(School.code == "aarhus-tech")
        ).all()
        others = session.scalars(
            select(Cohort)
            .join(School, Cohort.school_id == School.id)
            .where(School.code != "aarhus-tech")
        ).all()
    assert mine, "the sample proposal has cohorts at Aarhus Tech"
    for c in mine:
        assert f"/skole/hold/{c.id}" in page
    for c in others:
        assert f"/skole/hold/{c.id}" not in page
    cohort = mine[0]
    detail = school.get(f"/skole/hold/{cohort.id}").get_data(as_text=True)
    assert "Jobcenter" in detail or "A-kasse" in detail or "Virksomhed" in detail
    refused = school.post(f"/skole/hold/{cohort.id}/svar", data={"decision": "declined"})
    assert refused.status_code == 400  # a decline needs a reason
    assert (
        school.post(f"/skole/hold/{cohort.id}/svar", data={"decision": "accepted"}).status_code
        == 302
    )
    if len(mine) > 1:
        response = school.post(
            f"/skole/hold/{mine[1].id}/svar",
            data={"decision": "declined", "reason": "Ingen underviser i uge 6"},
        )
        assert response.status_code == 302
    with sessions() as session:
        decisions = {d.cohort_id: d for d in session.scalars(select(SchoolDecision))}
    assert decisions[cohort.id].decision == "accepted"
    if len(mine) > 1:
        assert decisions[mine[1].id].reason == "Ingen underviser i uge 6"
    review = (
        signed_in("coordinator").get(f"/koordinator/forslag/{proposal_id}").get_data(as_text=True)
    )
    assert "Accepteret" in review or "Accepted" in review


def _cells(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))
    return [
        v for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row
    ]


def test_school_workbook_holds_only_its_cohorts(signed_in, sessions, proposal_id):
    """Tests the school's workbook: its cohorts with real dates and senders, no formulas,
    nothing of another school's."""
    _publish(signed_in("coordinator"), proposal_id)
    cells = _cells(signed_in("school").get("/skole/hold.xlsx").get_data())
    with sessions() as session:
        mine = session.scalars(
            select(Cohort)
            .join(School, Cohort.school_id == School.id)
            .where(School.code == "aarhus-tech")
        ).all()
        others = session.scalars(
            select(School.name)
            .join(Cohort, Cohort.school_id == School.id)
            .where(School.code != "aarhus-tech")
        ).all()
        codes = {c.course_code for c in mine}
        starts = {c.start_date for c in mine}
    texts = [str(v) for v in cells if v is not None]
    assert codes <= {t for t in texts if t.isdigit()} | {t.split()[0] for t in texts}
    assert starts <= {v.date() if hasattr(v, "date") else v for v in cells if hasattr(v, "year")}
    assert not any(name in texts for name in others)
    assert not any(t.startswith("=") for t in texts)
    assert any("Jobcenter" in t for t in texts)


def test_organisation_workbook_after_publishing(signed_in, proposal_id):
    """Tests that a jobcentre downloads where its requests go once a proposal is published."""
    client = signed_in("jobcentre")
    assert client.get("/behov/forslag.xlsx").status_code == 404
    _publish(signed_in("coordinator"), proposal_id)
    page = client.get("/behov/").get_data(as_text=True)
    assert "/behov/forslag.xlsx" in page
    cells = [str(v) for v in _cells(client.get("/behov/forslag.xlsx").get_data()) if v is not None]
    assert "r01" in cells and "r45" in cells
    assert "r02" not in cells  # another jobcentre's request


def test_jobcentre_sees_the_outcome_after_publishing(signed_in, sessions, proposal_id):
    """Tests that a jobcentre sees where its requests go once the proposal is published."""
    client = signed_in("jobcentre")
    assert "km)" not in client.get("/behov/").get_data(as_text=True)
    _publish(signed_in("coordinator"), proposal_id)
    page = client.get("/behov/").get_data(as_text=True)
    assert "km)" in page  # a placement with its travel


def test_a_declined_cohort_reaches_the_jobcentre(signed_in, sessions, proposal_id):
    """Tests that when a school declines a cohort, the sending jobcentre sees it and why."""
    _publish(signed_in("coordinator"), proposal_id)
    with sessions() as session:
        cohort = session.scalars(
            select(Cohort)
            .join(School, Cohort.school_id == School.id)
            .where(School.code == "aarhus-tech", Cohort.course_code == "42994")
        ).first()
    reason = "Lokalet er optaget i uge 6"
    school = signed_in("school")
    response = school.post(
        f"/skole/hold/{cohort.id}/svar", data={"decision": "declined", "reason": reason}
    )
    assert response.status_code == 302
    page = signed_in("jobcentre").get("/behov/").get_data(as_text=True)
    assert reason in page


def test_workbook_names_requests_and_organisations_as_people_know_them(signed_in, proposal_id):
    """Tests that the coordinator's workbook shows references and organisation names, not ids."""
    content = signed_in("coordinator").get(f"/koordinator/forslag/{proposal_id}/forslag.xlsx")
    book = load_workbook(io.BytesIO(content.get_data()))
    text = {
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
    }
    assert "r45" in text
    assert any("Jobcenter" in t for t in text)
