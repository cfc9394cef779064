"""Tests that each reader's workbook answers its questions, with real dates and no formula."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook

from pooling.i18n import use_language
from pooling.service import ProposeOptions, propose
from pooling.validation import load_scenario
from pooling.workbooks import coordinator_workbook, organisation_workbook, school_workbook
from tests.pooling.builders import offer, request, scenario
from tests.pooling.test_fixes import SAMPLE


@pytest.fixture(scope="module")
def solved():
    sc = load_scenario(SAMPLE)
    return sc, propose(sc, ProposeOptions(time_limit_s=10, workers=1))


def read(data: bytes):
    return load_workbook(BytesIO(data))


def rows(sheet) -> list[list[object]]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def assert_no_formula(book) -> None:
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def table(sheet) -> list[dict[str, object]]:
    """The sheet's table as dicts by header (the header is the first row of many cells)."""
    found = rows(sheet)
    start = next(i for i, r in enumerate(found) if sum(v is not None for v in r) > 1)
    header = found[start]
    return [dict(zip(header, r, strict=False)) for r in found[start + 1 :]]


def test_school_workbook_answers_which_course_when_how_many_from_whom_at_what_price(solved):
    """Tests Tradium's workbook: only its holds, real dates, price, senders, no formula."""
    sc, proposal = solved
    with use_language("da"):
        book = read(school_workbook(sc, proposal, "tradium"))
    assert_no_formula(book)
    holds = table(book["Hold"])
    ours = [c for c in proposal.cohorts if c.school_id == "tradium"]
    assert len(holds) == len(ours) > 0
    for row, cohort in zip(holds, ours, strict=True):
        assert row["Kursusnr."] == cohort.course_code
        assert row["Startdato"] == datetime.combine(cohort.start_date, datetime.min.time())
        assert row["Slutdato"] == datetime.combine(cohort.end_date, datetime.min.time())
        assert row["Deltagere"] == cohort.participants
        assert row["Allerede tilmeldt"] == cohort.seats_taken
        assert row["Pris (kr.)"] == cohort.price_dkk > 0
        assert row["Accepteret (ja/nej)"] in ("", None)
    guaranteed = [r for r in holds if r["Garanteret"] != "nej"]
    assert guaranteed and all(r["Pris (kr.)"] > 0 for r in guaranteed)
    senders = table(book["Afsendere"])
    assert sum(r["Kursister"] for r in senders) == sum(m.learners for c in ours for m in c.members)
    assert all(r["Kommune"] for r in senders)
    sheet = book["Hold"]
    assert sheet.freeze_panes and sheet.auto_filter.ref


def test_organisation_workbook_says_where_or_why_not(solved):
    """Tests that an organisation's workbook lists each request's hold or its reason and fix."""
    sc, proposal = solved
    org = next(r.organisation_id for r in sc.requests if r.request_id == "r46")
    with use_language("en"):
        book = read(organisation_workbook(sc, proposal, org))
    assert_no_formula(book)
    found = table(book["Requests"])
    ids = {r.request_id for r in sc.requests if r.organisation_id == org}
    assert {r["Request"] for r in found} == ids
    r46 = next(r for r in found if r["Request"] == "r46")
    assert r46["Not placed"] == 8 and r46["What would help"]


def test_coordinator_workbook_summary_reads_as_words(solved):
    """Tests the summary: learners, the gain over first come first served, prices apart."""
    sc, proposal = solved
    with use_language("en"):
        book = read(coordinator_workbook(sc, proposal))
    assert_no_formula(book)
    summary = {r["What"]: r["Value"] for r in table(book["Summary"])}
    assert summary["Learners placed"] == proposal.learners_placed
    gain = summary["Gain over first come, first served (learners)"]
    assert gain == proposal.learners_placed - proposal.greedy_learners_placed
    assert summary["Hold prices to pay (DKK)"] == proposal.hold_prices_dkk
    assert summary["Result"] == "proven optimal"
    assert {"Summary", "Holds", "Senders", "Not placed", "Solver"} <= set(book.sheetnames)


def test_text_that_looks_like_a_formula_stays_text():
    """Tests that an organisation id starting with = is stored as text."""
    sc = scenario([offer()], [request("r1", 9, org="=1+1")])
    proposal = propose(sc, ProposeOptions(time_limit_s=5, workers=1, travel="geodesic"))
    for data in (
        school_workbook(sc, proposal, "aarhus-tech"),
        organisation_workbook(sc, proposal, "=1+1"),
        coordinator_workbook(sc, proposal),
    ):
        book = read(data)
        assert_no_formula(book)


def test_summary_sentence_of_an_unproven_proposal_ends_once():
    """Tests that the summary line of a FEASIBLE proposal with a bound has no double stop."""
    from dataclasses import replace

    from pooling.status import summary_sentence

    sc = scenario([offer()], [request("r1", 9)])
    proposal = propose(sc, ProposeOptions(time_limit_s=5, workers=1, travel="geodesic"))
    unproven = replace(
        proposal, status="FEASIBLE", learners_bound=proposal.learners_placed + 3, cost_bound_dkk=0
    )
    with use_language("en"):
        text = summary_sentence(unproven)
    assert "At most 3 more learners could be placed." in text
    assert ".." not in text
