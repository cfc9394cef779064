"""Tests of the demand pages: list, enter, edit, withdraw, history and outcome."""

from __future__ import annotations

from sqlalchemy import func, select

from web.models import DemandRequest, Organisation, RequestChange

GOOD = {
    "request_id": "ny-01",
    "course_code": "48586",
    "learners": "3",
    "postcode": "8000",
    "earliest_start": "2027-02-01",
    "latest_start": "2027-03-01",
    "max_travel_km": "40",
    "max_travel_minutes": "",
    "priority": "2",
}


def _count(sessions, slug="jobcenter-751") -> int:
    with sessions() as session:
        org = session.scalar(select(Organisation).where(Organisation.slug == slug))
        return session.scalar(
            select(func.count())
            .select_from(DemandRequest)
            .where(DemandRequest.organisation_id == org.id)
        )


def test_list_shows_only_own_requests(signed_in):
    """Tests that a jobcentre sees its own sample requests and none of another's."""
    page = signed_in("jobcentre").get("/behov/").get_data(as_text=True)
    assert "r01" in page  # jobcenter-751's first request
    assert "r02" not in page  # jobcenter-710's


def test_enter_a_request(signed_in, sessions):
    """Tests that a valid form stores a request with its history and shows it."""
    before = _count(sessions)
    client = signed_in("jobcentre")
    response = client.post("/behov/ny", data=GOOD)
    assert response.status_code == 302
    assert _count(sessions) == before + 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ny-01" in page and "01-02-2027" in page
    with sessions() as session:
        row = session.scalar(select(DemandRequest).where(DemandRequest.reference == "ny-01"))
        assert row.learners == 3 and row.keep_together is False
        assert [c.action for c in row.changes] == ["created"]


def test_course_by_title_and_danish_dates(signed_in, sessions):
    """Tests that a course picked as 'number - title' and dd-mm-yyyy dates are understood."""
    data = dict(
        GOOD,
        course_code="48586 \u2013 Truckfører",
        earliest_start="01-02-2027",
        latest_start="01-03-2027",
    )
    response = signed_in("jobcentre").post("/behov/ny", data=data)
    assert response.status_code == 302
    with sessions() as session:
        row = session.scalar(select(DemandRequest).where(DemandRequest.reference == "ny-01"))
        assert row.course_code == "48586" and row.earliest_start.isoformat() == "2027-02-01"


def test_form_errors_are_listed_and_nothing_stored(signed_in, sessions):
    """Tests that bad values give an error summary naming each field, and store nothing."""
    before = _count(sessions)
    data = dict(GOOD, learners="0", postcode="80", latest_start="2027-01-01")
    response = signed_in("jobcentre").post("/behov/ny", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="error-summary"' in page
    assert 'href="#learners"' in page and 'href="#postcode"' in page
    assert "<title>" in page and page.split("<title>")[1].startswith(("Fejl", "Error"))
    assert _count(sessions) == before


def test_cpr_number_is_refused_and_not_echoed(signed_in, sessions):
    """Tests that a CPR number typed as a reference is refused without being shown."""
    before = _count(sessions)
    response = signed_in("jobcentre").post("/behov/ny", data=dict(GOOD, request_id="010190-1234"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "010190" not in page
    assert _count(sessions) == before


def test_unknown_course_is_refused(signed_in):
    """Tests that an AMU number not in the catalogue is an error on the course field."""
    response = signed_in("jobcentre").post("/behov/ny", data=dict(GOOD, course_code="99999"))
    assert response.status_code == 400
    assert 'href="#course_code"' in response.get_data(as_text=True)


def test_reference_must_be_new(signed_in):
    """Tests that a reference the organisation already uses is refused."""
    response = signed_in("jobcentre").post("/behov/ny", data=dict(GOOD, request_id="r01"))
    assert response.status_code == 400


def test_edit_records_what_changed(signed_in, sessions):
    """Tests that editing a request stores the new values and the change in the history."""
    with sessions() as session:
        row = session.scalar(select(DemandRequest).where(DemandRequest.reference == "r01"))
        request_id = row.id
    client = signed_in("jobcentre")
    form = client.get(f"/behov/{request_id}/ret").get_data(as_text=True)
    assert 'value="r01"' in form
    data = dict(GOOD, request_id="r01", learners="5", course_code="42994", postcode="8210")
    response = client.post(f"/behov/{request_id}/ret", data=data)
    assert response.status_code == 302
    with sessions() as session:
        row = session.get(DemandRequest, request_id)
        assert row.learners == 5
        change = session.scalars(
            select(RequestChange)
            .where(RequestChange.request_id == request_id)
            .order_by(RequestChange.id)
        ).all()[-1]
        assert change.action == "updated" and change.changes["learners"] == ["2", "5"]


def test_withdraw(signed_in, sessions):
    """Tests that withdrawing marks the request, keeps it listed as withdrawn, and blocks edits."""
    with sessions() as session:
        request_id = session.scalar(
            select(DemandRequest.id).where(DemandRequest.reference == "r01")
        )
    client = signed_in("jobcentre")
    assert client.post(f"/behov/{request_id}/traek-tilbage").status_code == 302
    with sessions() as session:
        assert session.get(DemandRequest, request_id).withdrawn
    assert client.get(f"/behov/{request_id}/ret").status_code == 302


def test_firm_requests_are_kept_together_by_default(signed_in):
    """Tests that a firm's new-request form starts with keep-together ticked."""
    page = signed_in("firm").get("/behov/ny").get_data(as_text=True)
    assert 'id="keep_together" name="keep_together" type="checkbox" value="true" checked' in page


def test_search_and_pages(signed_in, sessions, monkeypatch):
    """Tests that the list is paged and searchable by reference."""
    from web.views import demand

    monkeypatch.setattr(demand, "PAGE_SIZE", 2)
    client = signed_in("jobcentre")  # jobcenter-751 has 4 requests in the sample
    first = client.get("/behov/").get_data(as_text=True)
    assert "side=2" in first and "r01" in first
    second = client.get("/behov/?side=2").get_data(as_text=True)
    assert "r01" not in second and "side=1" in second
    found = client.get("/behov/?q=r01").get_data(as_text=True)
    assert "r01" in found and "side=2" not in found
