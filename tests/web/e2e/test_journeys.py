"""Browser journeys of each role on the served application, in order: a jobcentre enters a
request and uploads a file with errors, then a corrected one; the coordinator runs a proposal,
watches it progress and publishes it; a school accepts one cohort and declines another; the
jobcentre sees the outcome. Each main page is screenshotted and checked with axe-core.

The tests share one server and run in the order written; each later one needs the earlier.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from web.models import Cohort, Organisation, Proposal, Role, School, SchoolDecision
from web.seeding import create_user

pytestmark = pytest.mark.e2e

JOURNEY: dict = {}
FORM_REQUEST = "web-f1"
UPLOADED = ("web-u1", "web-u2")
HEADER = (
    "request_id,course_code,learners,postcode,earliest_start,latest_start,"
    "max_travel_km,max_travel_minutes,keep_together,priority"
)
# Line 2: no learners; line 3: a postcode that does not exist and a window that ends before it
# starts.
BAD_FILE = "\n".join(
    [
        HEADER,
        "web-u1,42994,0,8000,2027-02-01,2027-02-22,40,,false,2",
        "web-u2,48586,2,9999,2027-03-15,2027-02-15,60,,false,2",
    ]
)
GOOD_FILE = "\n".join(
    [
        HEADER,
        "web-u1,42994,3,8000,2027-02-01,2027-02-22,40,,false,2",
        "web-u2,48586,2,8000,2027-02-15,2027-03-15,60,,false,2",
    ]
)


def _upload(visit, name: str, content: str) -> None:
    page = visit.page
    visit.goto("/upload/")
    page.set_input_files(
        "#file", files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode()}]
    )
    page.click("main form[enctype='multipart/form-data'] button[type=submit]")
    page.wait_for_load_state()
    assert re.search(r"/upload/\d+$", page.url), page.url


def _request_rows(page) -> dict[str, str]:
    """The requests table: reference -> the row's text."""
    rows = {}
    for row in page.locator("main table tbody tr").all():
        cells = row.locator("td")
        rows[cells.first.inner_text().split()[0]] = row.inner_text()
    return rows


def test_jobcentre_enters_a_request_and_uploads_files(visit):
    """Tests that a jobcentre enters a request through the form (first with mistakes, which
    the form names), uploads a file with errors (every problem by row and column, nothing
    saved), then the corrected file, and confirms it."""
    v = visit()
    page = v.page
    v.sign_in("jobcentre@demo.example")
    assert page.url.endswith("/behov/")
    v.check("01-jobcentre-requests")
    before = _request_rows(page)
    assert before, "the demo jobcentre has the sample's requests"

    v.goto("/behov/ny")
    v.check("02-request-form")
    page.fill("#request_id", FORM_REQUEST)
    page.fill("#course_code", "48643")
    page.fill("#learners", "")
    page.fill("#postcode", "80")
    page.fill("#earliest_start", "2027-02-15")
    page.fill("#latest_start", "2027-03-15")
    page.fill("#max_travel_km", "40")
    page.click("main form.form button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert page.locator("#learners[aria-invalid=true]").count() == 1
    assert page.locator("#postcode[aria-invalid=true]").count() == 1
    v.check("03-request-form-errors")

    page.fill("#learners", "2")
    page.fill("#postcode", "8000")
    page.click("main form.form button[type=submit]")
    page.wait_for_load_state()
    assert re.search(r"/behov/\d+$", page.url), page.url
    assert page.locator(".notice-success").is_visible()
    assert FORM_REQUEST in page.locator("h1").inner_text() + page.locator("main").inner_text()
    v.check("04-request-saved")

    visit_upload = v
    visit_upload.goto("/upload/")
    v.check("05-upload")
    _upload(v, "behov-med-fejl.csv", BAD_FILE)
    assert page.locator(".error-summary").is_visible()
    problems = {
        (cells[0].strip(), cells[1].strip())
        for cells in (
            row.locator("td").all_inner_texts() for row in page.locator("main table tbody tr").all()
        )
    }
    assert ("2", "learners") in problems, problems
    assert ("3", "postcode") in problems, problems
    assert page.locator("form[action*='/godkend']").count() == 0, "nothing to confirm"
    v.check("06-upload-check-errors")
    v.goto("/behov/")
    after_bad = _request_rows(page)
    assert set(after_bad) == set(before) | {FORM_REQUEST}, "the file with errors stored nothing"

    _upload(v, "behov.csv", GOOD_FILE)
    assert page.locator(".error-summary").count() == 0
    listed = page.locator("main table tbody tr").all_inner_texts()
    assert [row.split()[0] for row in listed] == list(UPLOADED)
    v.check("07-upload-check-ok")
    page.click("form[action*='/godkend'] button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/behov/")
    assert page.locator(".notice-success").is_visible()
    after = _request_rows(page)
    assert set(after) == set(before) | {FORM_REQUEST, *UPLOADED}
    v.check("08-requests-after-upload")
    JOURNEY["requests"] = True
    v.assert_clean()


def test_coordinator_runs_and_publishes_a_proposal(visit, live_app):
    """Tests that the coordinator starts a run, sees its progress page poll while the run
    waits for the worker and update in place (htmx, no reload) until it is finished, opens
    the proposal and publishes it."""
    if "requests" not in JOURNEY:
        pytest.skip("needs the jobcentre's journey")
    v = visit()
    page = v.page
    v.sign_in("coordinator@demo.example")
    assert page.url.endswith("/koordinator/")
    page.wait_for_selector("#map path")  # the municipalities are drawn
    v.check("09-coordinator-demand")

    v.goto("/koordinator/koersler")
    v.check("10-runs")
    polls = []
    page.on("request", lambda r: polls.append(r.url) if r.url.endswith("/status") else None)
    live_app.pause_worker()
    try:
        page.fill("#time_limit_s", "4")
        page.click("form[action$='/koordinator/koersler'] button[type=submit]")
        page.wait_for_load_state()
        assert re.search(r"/koordinator/koersler/\d+$", page.url), page.url
        loads = []
        page.on("load", lambda _: loads.append(page.url))
        proposal_link = page.locator("#progress a[href*='/koordinator/forslag/']")
        assert proposal_link.count() == 0
        assert page.locator("#progress[hx-get]").count() == 1
        assert page.locator("#progress form[action$='/annuller']").count() == 1
        page.wait_for_timeout(3_000)  # a poll of the waiting run (every 2 s)
        assert polls, "the progress page polls for its status"
        v.check("11-run-waiting")
    finally:
        live_app.resume_worker()
    proposal_link.wait_for(timeout=90_000)
    assert loads == [], "the progress updated in place, without reloading the page"
    assert page.locator("#progress[hx-get]").count() == 0, "polling stops when finished"
    assert page.locator("form[action$='/annuller']").count() == 0, "no stop button when done"
    polled = len(polls)
    page.wait_for_timeout(2_500)
    assert len(polls) == polled, "no poll after the run finished"
    v.check("12-run-finished")

    proposal_link.click()
    page.wait_for_load_state()
    match = re.search(r"/koordinator/forslag/(\d+)$", page.url)
    assert match, page.url
    page.wait_for_selector("#map path")
    v.check("13-proposal")
    page.click("form[action$='/offentliggoer'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".notice-success").is_visible()
    assert page.locator("form[action$='/offentliggoer']").count() == 0
    v.check("14-proposal-published")
    JOURNEY["proposal_id"] = int(match.group(1))
    v.assert_clean()


def _school_account(live_app, proposal_id: int) -> tuple[str, str]:
    """Aarhus Tech's demo account when it has two cohorts or more in the proposal; else a
    new account of the school with the most cohorts."""
    engine = live_app.engine()
    try:
        with Session(engine) as session:
            counts = session.execute(
                select(School.organisation_id, func.count(Cohort.id))
                .join(Cohort, Cohort.school_id == School.id)
                .where(Cohort.proposal_id == proposal_id)
                .group_by(School.organisation_id)
                .order_by(func.count(Cohort.id).desc(), School.organisation_id)
            ).all()
            by_org = dict(counts)
            aarhus = session.scalar(
                select(Organisation).where(Organisation.slug == "school-aarhus-tech")
            )
            if by_org.get(aarhus.id, 0) >= 2:
                return "school@demo.example", aarhus.name
            org = session.get(Organisation, counts[0][0])
            assert counts[0][1] >= 2, "some school has two cohorts in the sample's proposal"
            email = "school-e2e@demo.example"
            create_user(session, email, "demo-kode-2027", org, Role.SCHOOL)
            session.commit()
            return email, org.name
    finally:
        engine.dispose()


def test_school_accepts_one_cohort_and_declines_another(visit, live_app):
    """Tests that a school sees its cohorts, accepts one, is told to give a reason when it
    declines without one, and declines another with a reason."""
    if "proposal_id" not in JOURNEY:
        pytest.skip("needs the coordinator's journey")
    email, school_name = _school_account(live_app, JOURNEY["proposal_id"])
    v = visit()
    page = v.page
    v.sign_in(email)
    assert page.url.endswith("/skole/")
    assert school_name in page.locator("header").inner_text()
    v.check("15-school-inbox")
    links = page.locator("main table a[href*='/skole/hold/']")
    assert links.count() >= 2
    hrefs = [links.nth(i).get_attribute("href") for i in range(2)]

    v.goto(hrefs[0])
    v.check("16-school-cohort")
    page.check("#decision-accepted")
    page.click("form[action$='/svar'] button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/skole/")
    assert page.locator(".notice-success").is_visible()

    v.goto(hrefs[1])
    page.check("#decision-declined")
    page.click("form[action$='/svar'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible(), "a decline needs a reason"
    v.check("17-school-decline-needs-reason")
    page.check("#decision-declined")
    page.fill("#reason", "Ingen underviser ledig i den uge.")
    page.click("form[action$='/svar'] button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/skole/")
    v.check("18-school-inbox-answered")
    assert page.locator("main table .tag-grey").count() == links.count() - 2

    engine = live_app.engine()
    try:
        with Session(engine) as session:
            ids = [int(h.rsplit("/", 1)[1]) for h in hrefs]
            decisions = {
                d.cohort_id: (d.decision, d.reason)
                for d in session.scalars(
                    select(SchoolDecision).where(SchoolDecision.cohort_id.in_(ids))
                )
            }
            published = session.get(Proposal, JOURNEY["proposal_id"]).published_at
    finally:
        engine.dispose()
    assert decisions == {
        ids[0]: ("accepted", ""),
        ids[1]: ("declined", "Ingen underviser ledig i den uge."),
    }
    assert published is not None
    JOURNEY["school"] = school_name
    v.assert_clean()


def test_jobcentre_sees_the_outcome(visit):
    """Tests that after publication the jobcentre sees, for each of its requests, where it is
    proposed to go (school, date, travel) or why it is not placed."""
    if "school" not in JOURNEY:
        pytest.skip("needs the school's journey")
    v = visit()
    page = v.page
    v.sign_in("jobcentre@demo.example")
    v.check("19-jobcentre-outcome")
    rows = _request_rows(page)
    for reference in (FORM_REQUEST, *UPLOADED):
        row = page.locator("main table tbody tr", has_text=reference)
        assert row.locator(".tag-green, .tag-red").count() >= 1, rows[reference]
    placed = page.locator("main table tbody tr .tag-green")
    assert placed.count() >= 1
    assert re.search(r"\d{2}-\d{2}-2027( \(hold \d+\))? \(\d+(,\d)? km\)", rows[FORM_REQUEST]), (
        rows[FORM_REQUEST]
    )

    page.locator("main table a", has_text=FORM_REQUEST).click()
    page.wait_for_load_state()
    v.check("20-request-outcome")
    v.assert_clean()
