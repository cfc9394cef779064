"""Tests of proposal.json (format and field names) and the files of the workbooks."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from pooling.export import FORMAT, file_name, per_reader_files, write_json, write_xlsx
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


def test_coordinator_workbook_keeps_formula_like_text_as_text(solved, tmp_path):
    """Tests the coordinator's sheets (Danish by default) and that a formula-like value stays
    text."""
    sc, proposal = solved
    write_xlsx(proposal, sc, tmp_path / "proposal.xlsx")
    workbook = load_workbook(tmp_path / "proposal.xlsx")
    assert workbook.sheetnames == ["Overblik", "Hold", "Afsendere", "Ikke placeret", "Beregning"]
    cells = [c for row in workbook["Afsendere"].iter_rows() for c in row]
    hyperlink = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert hyperlink and all(c.data_type == "s" for c in hyperlink)
    unplaced = list(workbook["Ikke placeret"].values)
    assert unplaced[1][0] == "no" and unplaced[1][4] == "for langt væk"


def test_per_reader_files_are_named_safely_and_uniquely(solved, tmp_path):
    """Tests one file per school with holds and per organisation, with safe unique names."""
    sc, proposal = solved
    writes = per_reader_files(proposal, sc, tmp_path / "s", tmp_path / "o")
    names = sorted(str(path.relative_to(tmp_path)) for path, _ in writes)
    schools = sorted(f"s/{c.school_id}.xlsx" for c in proposal.cohorts)
    assert [n for n in names if n.startswith("s/")] == sorted(set(schools))
    assert len([n for n in names if n.startswith("o/")]) == len(
        {r.organisation_id for r in sc.requests}
    )
    assert "o/HYPERLINK_http_x.xlsx" in names
    used: set[str] = set()
    assert [file_name(x, used) for x in ("A/b", "a_b", "..")] == [
        "A_b.xlsx",
        "a_b_2.xlsx",
        "_.xlsx",
    ]
