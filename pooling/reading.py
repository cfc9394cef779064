"""Reading a scenario's tables from a folder of CSV files, a workbook, or an upload's bytes.

A table is a header and rows of strings, whatever the source: spreadsheet cells that hold
numbers, dates or booleans are turned into the text a CSV file would have. Files and sheets
are found by their Danish or English names (`pooling.aliases`), the header below a title row,
CSV files in UTF-8, UTF-16 or Windows-1252 with `;`, `,` or tab (`pooling.dialect`), workbooks
within limits (`pooling.workbook`). Every cell outside the tables (title rows, other sheets)
is searched for CPR numbers; the tables' own cells are searched by `pooling.validation`. A
file that cannot be read is a problem naming the file, sheet, row and column: `read_path` and
`read_bytes` never raise for bad input. This module does not interpret values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pooling.aliases import (
    OPTIONAL_TABLES,
    TABLES,
    best_table,
    find_header,
    header_names,
    table_of,
)
from pooling.cpr import CPR_MESSAGE, looks_like_cpr
from pooling.dialect import Unreadable, column_letter, read_csv, too_big
from pooling.i18n import _
from pooling.limits import LIMITS, Limits
from pooling.problems import InvalidScenario, Problem
from pooling.workbook import read_workbook

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")


@dataclass(frozen=True, slots=True)
class Table:
    """One file or sheet: its file name, header and rows; row i is spreadsheet row
    `header_row + 1 + i`. `sheet` is the sheet's title in a workbook."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    sheet: str | None = None
    header_row: int = 1

    def problem(self, row: int | None, column: str | None, message: str) -> Problem:
        return Problem(file=self.name, sheet=self.sheet, row=row, column=column, message=message)


@dataclass(slots=True)
class Reading:
    """The tables read, by name, and every problem met reading them."""

    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def read_tables(path: Path) -> dict[str, Table]:
    """The four tables of the scenario at `path`; InvalidScenario lists what stops reading."""
    reading = read_path(path)
    missing = [t for t in TABLES if t not in reading.tables]
    if reading.problems or missing:
        raise InvalidScenario(reading.problems)
    return reading.tables


def read_path(path: Path, limits: Limits = LIMITS) -> Reading:
    """The tables of a scenario folder or workbook at `path`; problems instead of exceptions."""
    path = Path(path)
    if path.is_dir():
        return _read_folder(path, limits)
    if path.is_file() and path.suffix.lower() in WORKBOOK_SUFFIXES:
        data = _bytes(path, limits)
        if isinstance(data, Problem):
            return Reading(problems=[data])
        return _require_all(read_bytes(data, path.name, limits=limits), path.name)
    message = _("expected a folder of CSV files or an .xlsx workbook")
    return Reading(problems=[Problem(file=str(path), row=None, column=None, message=message)])


def read_bytes(
    data: bytes, filename: str, *, table: str | None = None, limits: Limits = LIMITS
) -> Reading:
    """The tables in an uploaded file: every known sheet of a workbook, or the one table of a
    CSV file (`table`, else the one its name or header says)."""
    if filename.lower().endswith(WORKBOOK_SUFFIXES):
        return _read_workbook(data, filename, limits)
    try:
        lines = read_csv(data, limits).lines
    except Unreadable as unreadable:
        return Reading(problems=[_unreadable(filename, None, unreadable)])
    name = table or table_of(filename) or best_table(lines)
    if name is None:
        message = _("cannot tell which table this is; name the file {names}").format(
            names=", ".join(f"{t}.csv" for t in TABLES)
        )
        return Reading(problems=[Problem(file=filename, row=None, column=None, message=message)])
    reading = Reading()
    reading.tables[name] = _table(name, filename, None, lines, reading.problems)
    return reading


def _read_folder(folder: Path, limits: Limits) -> Reading:
    reading = Reading()
    found: dict[str, list[Path]] = {}
    for file in sorted(folder.iterdir()):
        name = table_of(file.name) if file.suffix.lower() == ".csv" else None
        if name and file.is_file():
            found.setdefault(name, []).append(file)
    for name in TABLES + OPTIONAL_TABLES:
        files = found.get(name, [])
        if not files and name in OPTIONAL_TABLES:
            continue
        if not files:
            reading.problems.append(
                Problem(file=f"{name}.csv", row=None, column=None, message=_("file missing"))
            )
            continue
        if len(files) > 1:
            message = _("{files} all hold the {table} table; keep one").format(
                files=", ".join(f.name for f in files), table=name
            )
            reading.problems.append(
                Problem(file=files[0].name, row=None, column=None, message=message)
            )
            continue
        data = _bytes(files[0], limits)
        if isinstance(data, Problem):
            reading.problems.append(data)
            continue
        one = read_bytes(data, files[0].name, table=name, limits=limits)
        reading.tables.update(one.tables)
        reading.problems += one.problems
    return reading


def _bytes(path: Path, limits: Limits) -> bytes | Problem:
    try:
        size = path.stat().st_size
        if size > limits.file_bytes:
            message = too_big(size, limits.file_bytes)
        else:
            return path.read_bytes()
    except OSError:
        message = _("cannot be read from the disk")
    return Problem(file=path.name, row=None, column=None, message=message)


def _read_workbook(data: bytes, filename: str, limits: Limits) -> Reading:
    reading = Reading()
    try:
        sheets = read_workbook(data, limits)
    except Unreadable as unreadable:
        reading.problems.append(_unreadable(filename, None, unreadable))
        return reading
    for sheet in sheets:
        name = table_of(sheet.title)
        if looks_like_cpr(sheet.title):
            message = _("a sheet's name holds a value shaped like a CPR number; rename it")
            reading.problems.append(Problem(file=filename, row=None, column=None, message=message))
        elif sheet.problem is not None:
            reading.problems.append(
                Problem(
                    file=filename,
                    sheet=sheet.title,
                    row=sheet.row,
                    column=sheet.column,
                    message=sheet.problem,
                )
            )
        elif name is None:
            _search_cpr(filename, sheet.title, sheet.lines, 0, reading.problems)
        elif name in reading.tables:
            message = _("a second sheet with the {table} table; keep one").format(table=name)
            reading.problems.append(
                Problem(file=filename, sheet=sheet.title, row=None, column=None, message=message)
            )
        else:
            reading.tables[name] = _table(
                name, filename, sheet.title, sheet.lines, reading.problems, pad=True
            )
    return reading


def _require_all(reading: Reading, filename: str) -> Reading:
    """A scenario workbook must hold all four tables (unless it could not be read at all)."""
    if any(p.sheet is None and p.row is None for p in reading.problems):
        return reading
    failed = {table_of(p.sheet) for p in reading.problems if p.sheet is not None}
    for name in TABLES:
        if name not in reading.tables and name not in failed:
            message = _("sheet {name} missing").format(name=name)
            reading.problems.append(Problem(file=filename, row=None, column=None, message=message))
    return reading


def _table(
    name: str,
    filename: str,
    sheet: str | None,
    lines: list[tuple[str, ...]],
    problems: list[Problem],
    pad: bool = False,
) -> Table:
    """The table in `lines`; `pad` fills a short row with empty cells (a sheet's row ends
    at its last value, where a CSV line has every cell)."""
    at = find_header(name, lines)
    # Lines above the header (a title) are not read, but may hold no CPR number.
    _search_cpr(filename, sheet, lines[:at], 0, problems)
    rows = list(lines[at + 1 :])
    # Trailing empty lines (common in spreadsheets) are not rows.
    while rows and not any(rows[-1]):
        rows.pop()
    header = header_names(name, lines[at]) if lines else ()
    if pad:
        rows = [row + ("",) * (len(header) - len(row)) for row in rows]
    return Table(filename, header, tuple(rows), sheet, at + 1)


def _search_cpr(filename, sheet, lines, first, problems) -> None:
    for i, cells in enumerate(lines):
        for j, cell in enumerate(cells):
            if cell and looks_like_cpr(cell):
                problems.append(
                    Problem(
                        file=filename,
                        sheet=sheet,
                        row=first + i + 1,
                        column=column_letter(j),
                        message=_(CPR_MESSAGE),
                    )
                )


def _unreadable(filename: str, sheet: str | None, unreadable: Unreadable) -> Problem:
    return Problem(
        file=filename,
        sheet=sheet,
        row=unreadable.row,
        column=unreadable.column,
        message=unreadable.message,
    )


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
