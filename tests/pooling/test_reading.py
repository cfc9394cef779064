"""Tests that scenarios read the same from a CSV folder and an .xlsx workbook."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from openpyxl import Workbook

from pooling.i18n import use_language
from pooling.problems import InvalidScenario
from pooling.validation import load_scenario
from tests.pooling.builders import COURSES, SCHOOLS, offer, request

RECORDS = {
    "courses": COURSES,
    "schools": SCHOOLS,
    "offers": [offer(guaranteed="true", seats_taken=2)],
    "requests": [request("r1", 4), request("r2", 3, kind="firm")],
}


@pytest.fixture(autouse=True)
def english():
    """Messages in English, as the assertions are written."""
    with use_language("en"):
        yield


def write_folder(folder, records):
    folder.mkdir(exist_ok=True)
    for name, rows in records.items():
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


def test_folder_and_workbook_give_the_same_scenario(tmp_path):
    """Tests that a workbook with typed cells (numbers, dates, booleans) reads like CSV."""
    write_folder(tmp_path / "csv", RECORDS)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in RECORDS.items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(rows[0]))
        for row in rows:
            typed = []
            for key, value in row.items():
                if key.endswith(("_date", "_start")):
                    typed.append(date.fromisoformat(value))
                elif value.isdigit() and key not in ("course_code", "postcode"):
                    typed.append(int(value))
                elif value in ("true", "false"):
                    typed.append(value == "true")
                else:
                    typed.append(value)
            sheet.append(typed)
        sheet.append([])  # a trailing empty row, as spreadsheets often have
    workbook.save(tmp_path / "scenario.xlsx")
    assert load_scenario(tmp_path / "csv") == load_scenario(tmp_path / "scenario.xlsx")


def test_missing_file_is_reported(tmp_path):
    """Tests that a folder without requests.csv is reported by file name."""
    write_folder(tmp_path, {k: v for k, v in RECORDS.items() if k != "requests"})
    with pytest.raises(InvalidScenario) as raised:
        load_scenario(tmp_path)
    assert [str(p) for p in raised.value.problems] == ["requests.csv: file missing"]


def test_not_a_workbook_is_reported(tmp_path):
    """Tests that a damaged .xlsx file is an input problem, not a crash."""
    bad = tmp_path / "scenario.xlsx"
    bad.write_bytes(b"not a zip file")
    with pytest.raises(InvalidScenario) as raised:
        load_scenario(bad)
    assert "not an .xlsx workbook" in raised.value.problems[0].message


def test_text_in_no_known_encoding_is_reported(tmp_path):
    """Tests that a CSV file neither UTF-8 nor Windows-1252 is one problem saying what to do."""
    write_folder(tmp_path, RECORDS)
    (tmp_path / "schools.csv").write_bytes(b"school_id,name,postcode\nx,\x81\x8d,8000\n")
    (problem,) = _problems(tmp_path)
    assert str(problem) == (
        "schools.csv: neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8 from the "
        "spreadsheet"
    )


def _write(folder, name, text):
    (folder / f"{name}.csv").write_text(text, encoding="utf-8")


def _problems(path):
    with pytest.raises(InvalidScenario) as raised:
        load_scenario(path)
    return raised.value.problems


def test_cells_beyond_the_header_are_reported(tmp_path):
    """Tests that a row with more cells than the header is an error, not silently cut."""
    write_folder(tmp_path, RECORDS)
    _write(
        tmp_path, "offers", "school_id,course_code,start_date\nsosu-aarhus,48586,2027-02-01,12\n"
    )
    (problem,) = _problems(tmp_path)
    assert (problem.file, problem.row) == ("offers.csv", 2)
    assert "a value in cell 4, which has no column name" in problem.message


def test_short_row_is_reported(tmp_path):
    """Tests that a row with fewer cells than the header is reported, not padded."""
    write_folder(tmp_path, RECORDS)
    with open(tmp_path / "schools.csv", "a", encoding="utf-8") as f:
        f.write("extra-school,Extra\n")
    (problem,) = _problems(tmp_path)
    assert (problem.file, problem.row) == ("schools.csv", 4)
    assert "has 2 cells; the header has 3" in problem.message


def test_repeated_column_is_reported(tmp_path):
    """Tests that a column given twice is an error rather than the last one winning."""
    records = dict(RECORDS)
    write_folder(tmp_path, records)
    text = (tmp_path / "requests.csv").read_text(encoding="utf-8").splitlines()
    lines = [text[0] + ",learners"] + [line + ",99" for line in text[1:]]
    _write(tmp_path, "requests", "\n".join(lines) + "\n")
    (problem,) = _problems(tmp_path)
    assert (problem.file, problem.row, problem.column) == ("requests.csv", 1, "learners")
    assert "given twice" in problem.message


def test_empty_line_in_the_middle_is_skipped(tmp_path):
    """Tests that an empty line between rows carries nothing and is not a problem."""
    write_folder(tmp_path, RECORDS)
    text = (tmp_path / "requests.csv").read_text(encoding="utf-8").splitlines()
    _write(tmp_path, "requests", "\n".join([text[0], text[1], "", text[2]]) + "\n")
    assert len(load_scenario(tmp_path).requests) == 2


def test_huge_csv_cell_is_reported(tmp_path):
    """Tests that a cell beyond the CSV reader's limit is an input problem, not a crash."""
    write_folder(tmp_path, RECORDS)
    _write(tmp_path, "schools", "school_id,name,postcode\nx," + "a" * 200_000 + ",8000\n")
    (problem,) = _problems(tmp_path)
    assert (problem.file, problem.row) == ("schools.csv", 2)
    assert "longer than 1,000 characters; the limit is 1,000" in problem.message


def _workbook(path, records, rename=None, number_cells=()):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in records.items():
        sheet = workbook.create_sheet((rename or {}).get(name, name))
        sheet.append(list(rows[0]))
        for row in rows:
            sheet.append([int(v) if k in number_cells else v for k, v in row.items()])
    workbook.save(path)


def test_sheet_names_are_matched_whatever_their_case(tmp_path):
    """Tests that a sheet called "Requests" is the requests sheet."""
    _workbook(tmp_path / "s.xlsx", RECORDS, rename={"requests": "Requests", "offers": "OFFERS"})
    assert len(load_scenario(tmp_path / "s.xlsx").requests) == 2


def test_cpr_number_typed_as_a_number_in_a_workbook_is_rejected(tmp_path):
    """Tests that a CPR number whose leading zero a spreadsheet dropped is still caught."""
    records = dict(RECORDS)
    records["requests"] = [{**request("r1", 4), "organisation_id": "0101901234"}]
    _workbook(tmp_path / "s.xlsx", records, number_cells={"organisation_id"})
    (problem,) = _problems(tmp_path / "s.xlsx")
    assert "CPR" in problem.message
    assert "101901234" not in str(problem)


def test_value_under_an_unnamed_column_in_a_workbook_is_reported(tmp_path):
    """Tests that a value in a column without a header name is an error, not dropped."""
    records = dict(RECORDS)
    records["requests"] = [{**request("r1", 4), "": ""}, {**request("r2", 3), "": "7"}]
    _workbook(tmp_path / "s.xlsx", records)
    (problem,) = _problems(tmp_path / "s.xlsx")
    assert (problem.file, problem.sheet, problem.row) == ("s.xlsx", "requests", 3)
    assert "no column name in the header" in problem.message
