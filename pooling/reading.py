"""Reading a scenario's tables from a folder of CSV files or one .xlsx workbook.

A table is a header and rows of strings, whatever the source: spreadsheet cells that hold
numbers, dates or booleans are turned into the text a CSV file would have. This module does
not interpret values; `pooling.validation` does.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pooling.cpr import looks_like_cpr
from pooling.problems import InvalidScenario, Problem

TABLES = ("courses", "schools", "offers", "requests")


@dataclass(frozen=True, slots=True)
class Table:
    """One file or sheet: its display name, header and rows (row i is spreadsheet row i+2)."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def read_tables(path: Path) -> dict[str, Table]:
    """The four tables of the scenario at `path` (a folder or an .xlsx file)."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path)
    if path.suffix.lower() == ".xlsx" and path.is_file():
        return _read_workbook(path)
    raise InvalidScenario(
        [
            Problem(
                file=str(path),
                row=None,
                column=None,
                message="expected a folder of CSV files or an .xlsx workbook",
            )
        ]
    )


def _read_folder(folder: Path) -> dict[str, Table]:
    tables, problems = {}, []
    for name in TABLES:
        file = folder / f"{name}.csv"
        if not file.is_file():
            problems.append(Problem(file=file.name, row=None, column=None, message="file missing"))
            continue
        try:
            with open(file, encoding="utf-8-sig", newline="") as f:
                reader = csv.reader(f)
                lines = [tuple(cell.strip() for cell in row) for row in reader]
        except UnicodeDecodeError:
            problems.append(
                Problem(file=file.name, row=None, column=None, message="expected UTF-8 text")
            )
            continue
        except csv.Error as error:  # e.g. a cell longer than the csv module allows
            problems.append(
                Problem(
                    file=file.name,
                    row=reader.line_num,
                    column=None,
                    message=f"not readable as CSV: {error}",
                )
            )
            continue
        tables[name] = _table(file.name, lines)
    if problems:
        raise InvalidScenario(problems)
    return tables


def _read_workbook(path: Path) -> dict[str, Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise InvalidScenario(
            [Problem(file=path.name, row=None, column=None, message=f"not a workbook: {error}")]
        ) from error
    tables, problems = {}, []
    # Sheet names as users type them: "Requests" is the requests sheet.
    sheets = {title.strip().lower(): title for title in workbook.sheetnames}
    try:
        for name in TABLES:
            if name not in sheets:
                problems.append(
                    Problem(file=path.name, row=None, column=None, message=f"sheet {name} missing")
                )
                continue
            lines = [
                tuple(_cell_text(v) for v in row)
                for row in workbook[sheets[name]].iter_rows(values_only=True)
            ]
            tables[name] = _table(f"{path.name} [{name}]", lines)
    finally:
        workbook.close()
    if problems:
        raise InvalidScenario(problems)
    return tables


def _table(display_name: str, lines: list[tuple[str, ...]]) -> Table:
    header = lines[0] if lines else ()
    rows = [line for line in lines[1:]]
    # Trailing empty lines (common in spreadsheets) are not rows.
    while rows and not any(rows[-1]):
        rows.pop()
    return Table(display_name, tuple(h.strip().lower() for h in header), tuple(rows))


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        # A number cell drops a leading zero: 0101901234 becomes 101901234. Give such a
        # number its zero back when that makes it a CPR number, so validation rejects it.
        padded = f"{value:010d}"
        return padded if 0 <= value < 10**9 and looks_like_cpr(padded) else str(value)
    return str(value).strip()


def tables_from_records(records: dict[str, list[dict[str, str]]]) -> dict[str, Table]:
    """Tables from rows given as dicts (a generator, a form): columns from the first row."""
    tables = {}
    for name in TABLES:
        rows = records.get(name, [])
        header: list[str] = []
        for row in rows:
            header += [key for key in row if key not in header]
        lines = [tuple(str(row.get(h, "") or "").strip() for h in header) for row in rows]
        tables[name] = Table(f"{name}.csv", tuple(header), tuple(lines))
    return tables
