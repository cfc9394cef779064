"""Tests of the one way in: files as Danes save them read as the sample, single tables
upload alone, and no bytes whatever make it raise."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pooling.export import proposal_to_dict
from pooling.i18n import use_language
from pooling.intake import read_scenario_path, read_upload
from pooling.service import ProposeOptions, propose
from pooling.validation import load_scenario
from tests.pooling.corpus import (
    SAMPLE,
    csv_bytes,
    danish_cases,
    danish_records,
    sample_records,
    table_rows,
    workbook_bytes,
)

OPTIONS = ProposeOptions(time_limit_s=20, workers=1, seed=1)


@pytest.fixture(autouse=True)
def english():
    """Messages in English, as the assertions are written."""
    with use_language("en"):
        yield


def _danish_cases():
    return [c for c in danish_cases() if c.exit_code == 0]


def _read(case, tmp_path):
    tmp_path.mkdir(exist_ok=True)
    for name, data in case.files.items():
        (tmp_path / name).write_bytes(data)
    path = tmp_path / "scenario.xlsx" if "scenario.xlsx" in case.files else tmp_path
    return read_scenario_path(path)


def test_danish_files_read_as_the_sample(tmp_path):
    """Tests that the sample re-saved by Danish Excel (both encodings, `;`, `,` or tab), with
    Danish sheet, file and column names, a title row, municipality names, Danish dates,
    booleans, kinds and AMU numbers is the sample's scenario, with a note per municipality."""
    sample = load_scenario(SAMPLE)
    found = _danish_cases()
    assert len(found) == 10
    for i, case in enumerate(found):
        intake = _read(case, tmp_path / str(i))
        assert intake.problems == (), [str(p) for p in intake.problems]
        assert intake.scenario == sample, case.name
        assert any("reference place" in n.message for n in intake.notes)


def test_danish_excel_file_gives_the_same_proposal(tmp_path):
    """Tests that the Windows-1252 semicolon version proposes exactly what the sample does."""
    (case,) = [c for c in _danish_cases() if "cp1252" in c.name and "';'" in c.name]
    danish = _read(case, tmp_path).scenario

    def proposal(scenario):
        found = proposal_to_dict(propose(scenario, OPTIONS))
        found["summary"].pop("solve_seconds")
        return found

    assert proposal(danish) == proposal(load_scenario(SAMPLE))


def test_a_requests_file_uploads_alone():
    """Tests that a Danish requests file alone gives its requests, found by its name."""
    rows = table_rows(danish_records(sample_records())["requests"])
    intake = read_upload(csv_bytes(rows, ";", "cp1252"), "Behov.csv")
    assert intake.ok, [str(p) for p in intake.problems]
    assert len(intake.objects["requests"]) == 48 and intake.scenario is None
    sample = {r.request_id: r for r in load_scenario(SAMPLE).requests}
    assert all(sample[r.request_id] == r for r in intake.objects["requests"])


def test_a_table_is_known_by_its_header():
    """Tests that a file with no telling name is taken for the table its columns name."""
    rows = table_rows(sample_records()["offers"])
    intake = read_upload(csv_bytes(rows), "upload-1.csv")
    assert intake.ok and len(intake.objects["offers"]) == 19


def test_single_table_checks_its_own_rows():
    """Tests that duplicates and windows are checked in a table uploaded alone."""
    rows = table_rows(sample_records()["requests"])
    rows.append(rows[1])
    intake = read_upload(csv_bytes(rows), "requests.csv")
    assert [(p.row, p.column) for p in intake.problems] == [(50, "request_id")]


def test_a_workbook_upload_gives_the_scenario():
    """Tests that a whole workbook uploaded gives the scenario and every table's objects."""
    intake = read_upload(workbook_bytes(sample_records()), "plan.xlsx")
    assert intake.ok and intake.scenario == load_scenario(SAMPLE)
    assert {k: len(v) for k, v in intake.objects.items()} == {
        "courses": 12,
        "schools": 10,
        "offers": 19,
        "requests": 48,
    }


def test_many_bad_cells_of_one_kind_are_one_line():
    """Tests that 48 dates written one wrong way are one problem, not 48."""
    records = sample_records()
    for r in records["requests"]:
        r["earliest_start"] = r["earliest_start"].replace("-", "")
    intake = read_upload(csv_bytes(table_rows(records["requests"])), "requests.csv")
    (problem,) = intake.problems
    assert problem.column == "earliest_start" and problem.row is None
    assert problem.message.startswith("48 rows (2-49): expected a date")


def test_the_message_language_follows_the_user():
    """Tests that problems are Danish by default and English by choice."""
    with use_language("da"):
        (problem,) = read_upload(b"\x81\x8d", "requests.csv").problems
    assert "gem den som CSV UTF-8" in problem.message


@settings(max_examples=80, deadline=None)
@given(
    data=st.binary(max_size=2000),
    name=st.sampled_from(["requests.csv", "behov.csv", "x.csv", "plan.xlsx", "plan.xls"]),
)
def test_no_bytes_make_it_raise(data, name):
    """Tests that any bytes under any name give problems (naming the file) or objects."""
    intake = read_upload(data, name)
    assert all(p.file == name for p in intake.problems)
    assert not any("error of ours" in p.message for p in intake.problems)


GRID_CELL = st.sampled_from(
    [
        "",
        "r1",
        "8000",
        "Aarhus",
        "01-02-2027",
        "2027-02-01",
        "ja",
        "x" * 40,
        "1e999",
        "²",
        "0101901234",
    ]
)


@settings(max_examples=60, deadline=None)
@given(
    grid=st.lists(st.lists(GRID_CELL, max_size=14), max_size=8),
    separator=st.sampled_from([",", ";"]),
    header=st.booleans(),
)
def test_any_grid_is_read_without_raising(grid, separator, header):
    """Tests that ragged grids of odd values give problems or requests, never an exception,
    and a CPR-shaped value is never accepted."""
    rows = [table_rows(sample_records()["requests"])[0], *grid] if header else grid
    intake = read_upload(csv_bytes(rows, separator), "requests.csv")
    assert not any("error of ours" in p.message for p in intake.problems)
    if any("0101901234" in cell for row in grid for cell in row):
        assert not intake.ok
    assert all("0101901234" not in str(p) for p in intake.problems)


def test_sample_reads_the_same_through_every_way_in():
    """Tests that the sample folder and its files uploaded one by one agree."""
    scenario = read_scenario_path(SAMPLE).scenario
    for name in ("courses", "schools", "offers", "requests"):
        intake = read_upload((SAMPLE / f"{name}.csv").read_bytes(), f"{name}.csv")
        assert intake.objects[name] == getattr(scenario, name)
    assert dataclasses.asdict(scenario.requests[0])["postcode"] == "8210"


def test_closed_dates_are_read_when_given(tmp_path):
    """Tests that an optional closed-dates table (Danish names) reaches the scenario, and that
    a closed date at an unknown school is a problem."""
    import shutil

    shutil.copytree(SAMPLE, tmp_path / "s", ignore=shutil.ignore_patterns("*.md"))
    (tmp_path / "s" / "Lukkedage.csv").write_bytes(
        "Skole;Dato\r\ntradium;01-02-2027\r\n".encode("cp1252")
    )
    intake = read_scenario_path(tmp_path / "s")
    assert intake.ok, [str(p) for p in intake.problems]
    assert [(c.school_id, str(c.day)) for c in intake.scenario.closed_dates] == [
        ("tradium", "2027-02-01")
    ]
    (tmp_path / "s" / "Lukkedage.csv").write_bytes(b"school_id,date\r\nnowhere,2027-02-01\r\n")
    (problem,) = read_scenario_path(tmp_path / "s").problems
    assert (problem.file, problem.row, problem.column) == ("Lukkedage.csv", 2, "school_id")
