"""Tests of proposal.json (format and field names) and the schools' workbook."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from pooling.export import FORMAT, write_json, write_xlsx
from pooling.service import ProposeOptions, propose
from tests.pooling.builders import offer, request, scenario


@pytest.fixture(scope="module")
def solved():
    sc = scenario(
        [offer(seats_taken=2), offer(school="tradium", course="48586", guaranteed="true")],
        [
            request("r1", 4, org='=HYPERLINK("http://x")'),
            request("r2", 4, postcode="8210"),
            request("k1", 2, course="48586", postcode="8900"),
            request("no", 2, course="48586", km=5),
        ],
    )
    return sc, propose(sc, ProposeOptions(time_limit_s=10, workers=1, travel="geodesic"))


def test_json_has_the_published_field_names(solved, tmp_path):
    """Tests that proposal.json carries the format tag and every documented field."""
    _, proposal = solved
    write_json(proposal, tmp_path / "proposal.json")
    data = json.loads((tmp_path / "proposal.json").read_text(encoding="utf-8"))
    assert data["format"] == FORMAT
    assert data["status"] == "OPTIMAL"
    assert {
        "learners_requested",
        "learners_placed",
        "cohorts",
        "total_travel_km",
        "objective",
        "bound",
        "solve_seconds",
    } <= set(data["summary"])
    cohort = data["cohorts"][0]
    assert {
        "cohort_id",
        "school_id",
        "course_code",
        "start_date",
        "participants",
        "min_participants",
        "max_participants",
        "guaranteed",
        "members",
    } <= set(cohort)
    assert set(cohort["members"][0]) >= {"request_id", "learners", "travel_km"}
    assert set(data["unplaced"][0]) >= {"request_id", "learners", "reason", "detail", "fix"}
    assert data["summary"]["learners_placed"] == 10
    guaranteed = [c for c in data["cohorts"] if c["guaranteed"]]
    assert [c["participants"] for c in guaranteed] == [2]


def test_workbook_has_summary_one_sheet_per_school_and_unplaced(solved, tmp_path):
    """Tests the workbook's sheets and that a formula-like value stays text."""
    sc, proposal = solved
    write_xlsx(proposal, sc, tmp_path / "proposal.xlsx")
    workbook = load_workbook(tmp_path / "proposal.xlsx")
    assert workbook.sheetnames == ["Summary", "Aarhus Tech", "Tradium", "Unplaced"]
    cells = [c for row in workbook["Aarhus Tech"].iter_rows() for c in row]
    hyperlink = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert hyperlink and all(c.data_type == "s" for c in hyperlink)
    unplaced = list(workbook["Unplaced"].values)
    assert unplaced[1][0] == "no" and unplaced[1][3] == "TOO_FAR"


def test_sheet_titles_are_unique_whatever_their_case():
    """Tests that a school called "UNPLACED" or "summary" does not clash with our sheets."""
    from pooling.export import _sheet_title

    used = {"summary", "unplaced"}
    titles = [_sheet_title(name, used) for name in ("UNPLACED", "summary", "Summary", "a/b")]
    assert titles == ["UNPLACED (2)", "summary (2)", "Summary (3)", "a_b"]
    assert len({t.lower() for t in titles}) == len(titles)


def test_control_characters_never_reach_a_workbook_cell():
    """Tests that every C0 control character is replaced (openpyxl refuses most of them)."""
    from pooling.export import _safe

    assert _safe("a\x00b\x0bc\td\ne") == "a b c d e"
    assert _safe(5) == 5
