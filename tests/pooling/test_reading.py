"""Tests that scenarios read the same from a CSV folder and an .xlsx workbook."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from openpyxl import Workbook

from pooling.problems import InvalidScenario
from pooling.validation import load_scenario
from tests.pooling.builders import COURSES, SCHOOLS, offer, request

RECORDS = {
    "courses": COURSES,
    "schools": SCHOOLS,
    "offers": [offer(guaranteed="true", seats_taken=2)],
    "requests": [request("r1", 4), request("r2", 3, kind="firm")],
}


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
    assert "not a workbook" in raised.value.problems[0].message


def test_non_utf8_csv_is_reported(tmp_path):
    """Tests that a CSV file in another encoding is reported, not misread."""
    write_folder(tmp_path, RECORDS)
    (tmp_path / "schools.csv").write_bytes(
        "school_id,name,postcode\nx,Århus,8000\n".encode("latin-1")
    )
    with pytest.raises(InvalidScenario) as raised:
        load_scenario(tmp_path)
    assert str(raised.value.problems[0]) == "schools.csv: expected UTF-8 text"
