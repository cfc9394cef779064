"""Turning a scenario's tables into domain objects, listing every problem at once.

Each column has a parser (`pooling.values`) that either returns a value or says what was
expected; problems name the file, sheet, spreadsheet row, column and the expectation, and many
cells of a column with the same problem are said once. Checks that span rows and tables
(`pooling.relations`) run after. Any value shaped like a CPR number, in any cell, rejects the
scenario without being echoed; P-numbers and CVR numbers are checked in their own columns. A
municipality where a postcode is expected is placed at its reference postcode, and a note says
so. If any problem is found, no scenario is returned: the import is all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pooling import values as v
from pooling.cpr import CPR_MESSAGE, CPR_SHAPE, looks_like_cpr
from pooling.dialect import column_letter
from pooling.domain import ClosedDate, Course, Offer, OrganisationKind, Request, Scenario, School
from pooling.i18n import _
from pooling.problems import InvalidScenario, Problem
from pooling.reading import Table, read_path
from pooling.relations import check_relations, check_single
from pooling.sanitise import UNWRITABLE_CLASS, has_unwritable

# Upper limits: far above any real value, low enough that every sum and price stays exact.
MAX_DURATION_DAYS = 365
MAX_PARTICIPANTS = 999
MAX_PARALLEL = 50
MAX_PRICE_DKK = 10_000_000
MAX_LEARNERS = 999
MAX_TRAVEL_KM = 1_000
MAX_TRAVEL_MINUTES = 24 * 60
# C0 control characters and DEL, except tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Ten digits in a row (separators allowed), or a character no cell may hold: a row without
# any is neither CPR-shaped nor unwritable.
_SUSPECT = re.compile(f"{CPR_SHAPE}|{UNWRITABLE_CLASS}")
# More cells than this with the same problem in one column are said in one line.
SUMMARISE_FROM = 4
# Columns read and checked, but not kept in the scenario.
_CHECKED_ONLY = ("p_number", "cvr")


@dataclass(frozen=True, slots=True)
class _Column:
    name: str
    parse: Callable[[str], object]
    required: bool = True


_COLUMNS: dict[str, tuple[_Column, ...]] = {
    "courses": (
        _Column("course_code", v.course_code),
        _Column("title", v.text),
        _Column("duration_days", v.decimal(0, MAX_DURATION_DAYS)),
        _Column("min_participants", v.integer(1, MAX_PARTICIPANTS)),
        _Column("max_participants", v.integer(1, MAX_PARTICIPANTS)),
    ),
    "schools": (
        _Column("school_id", v.text),
        _Column("name", v.text),
        _Column("postcode", v.postcode),
        _Column("lat", v.latitude, required=False),
        _Column("lon", v.longitude, required=False),
    ),
    "offers": (
        _Column("school_id", v.text),
        _Column("course_code", v.course_code),
        _Column("start_date", v.a_date),
        _Column("min_participants", v.integer(1, MAX_PARTICIPANTS), required=False),
        _Column("max_participants", v.integer(1, MAX_PARTICIPANTS), required=False),
        _Column("max_parallel", v.integer(1, MAX_PARALLEL), required=False),
        _Column("price_dkk", v.integer(0, MAX_PRICE_DKK), required=False),
        _Column("guaranteed", v.boolean, required=False),
        _Column("seats_taken", v.integer(0, MAX_PARTICIPANTS), required=False),
    ),
    "requests": (
        _Column("request_id", v.text),
        _Column("organisation_id", v.text),
        _Column("organisation_kind", v.kind),
        _Column("course_code", v.course_code),
        _Column("learners", v.integer(1, MAX_LEARNERS)),
        _Column("postcode", v.postcode),
        _Column("earliest_start", v.a_date),
        _Column("latest_start", v.a_date),
        _Column("max_travel_km", v.decimal(0, MAX_TRAVEL_KM)),
        _Column("keep_together", v.boolean, required=False),
        _Column("priority", v.integer(1, 3), required=False),
        _Column("max_travel_minutes", v.decimal(0, MAX_TRAVEL_MINUTES), required=False),
        _Column("p_number", v.p_number, required=False),
        _Column("cvr", v.cvr, required=False),
    ),
    "closed_dates": (
        _Column("school_id", v.text),
        _Column("date", v.a_date),
    ),
}
_REQUIRED = ("courses", "schools", "offers", "requests")
_BUILD = {"courses": Course, "schools": School, "offers": Offer}


@dataclass(slots=True)
class Checked:
    """What validation found: objects of each table read (only if no problem), problems,
    notes (such as a municipality placed at its reference postcode) and the scenario when
    all four tables are there and valid."""

    objects: dict[str, tuple[object, ...]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    scenario: Scenario | None = None


def load_scenario(path: Path) -> Scenario:
    """Read and validate the scenario at `path`; raise InvalidScenario with every problem."""
    reading = read_path(path)
    if reading.problems:
        raise InvalidScenario(reading.problems)
    return validate_tables(reading.tables)


def validate_tables(tables: dict[str, Table]) -> Scenario:
    """Build a Scenario from raw tables; raise InvalidScenario with every problem found."""
    checked = check_tables(tables)
    if checked.scenario is None:
        raise InvalidScenario(checked.problems, checked.notes)
    return checked.scenario


def check_tables(tables: dict[str, Table]) -> Checked:
    """Validate the tables given (one or all four); never raises for bad input."""
    checked = Checked()
    cells: list[tuple[Table, int, str, Problem]] = []
    placed: dict[tuple[str, str | None, str], list[int]] = {}
    parsed = {
        name: _parse_table(table, _COLUMNS[name], checked.problems, cells, placed)
        for name, table in tables.items()
        if name in _COLUMNS
    }
    checked.problems += _summarise(cells)
    checked.notes += _placed_notes(tables, placed)
    built = {
        name: [(row, _build(name, values)) for row, values in rows] for name, rows in parsed.items()
    }
    whole = all(name in built for name in _REQUIRED)
    if whole:
        check_relations(
            tables,
            built["courses"],
            built["schools"],
            built["offers"],
            built["requests"],
            checked.problems,
            built.get("closed_dates", []),
        )
    else:
        check_single(tables, built, checked.problems)
    if checked.problems:
        return checked
    checked.objects = {name: tuple(item for _, item in rows) for name, rows in built.items()}
    if whole:
        checked.scenario = Scenario(
            courses=checked.objects["courses"],
            schools=checked.objects["schools"],
            offers=checked.objects["offers"],
            requests=checked.objects["requests"],
            closed_dates=checked.objects.get("closed_dates", ()),
        )
    return checked


def _build(name: str, values: dict[str, object]):
    values = {k: x for k, x in values.items() if k not in _CHECKED_ONLY}
    if name == "requests":
        return _request(values)
    if name == "closed_dates":
        return ClosedDate(school_id=values["school_id"], day=values["date"])
    return _BUILD[name](**values)


def _parse_table(
    table: Table,
    columns: tuple[_Column, ...],
    problems: list[Problem],
    cells: list[tuple[Table, int, str, Problem]],
    placed: dict[tuple[str, str | None, str], list[int]],
) -> list[tuple[int, dict[str, object]]]:
    """Rows that parsed without a problem, as (spreadsheet row, values by column).

    A cell's problem goes to `cells` (said once per column and kind when many), a row's or
    the header's to `problems`; a municipality given for a postcode goes to `placed`.
    """
    position = _check_header(table, columns, problems)
    # Cells up to the last named column belong to the table; a value beyond is a problem.
    named = max((i + 1 for i, name in enumerate(table.header) if name), default=0)
    good = []
    for i, row_cells in enumerate(table.rows):
        row = table.header_row + 1 + i
        if not any(row_cells):
            continue  # an empty line carries nothing
        row_problems = _row_problems(table, row, row_cells, named)
        if row_problems:
            problems += row_problems
            continue
        values: dict[str, object] = {}
        row_ok = True
        for column in columns:
            if column.name not in position:
                row_ok = row_ok and not column.required
                continue
            cell = row_cells[position[column.name]].strip()
            if not cell and not column.required:
                continue
            try:
                values[column.name] = column.parse(cell)
            except v.Bad as bad:
                cells.append(
                    (
                        table,
                        row,
                        f"{column.name} {bad.key}",
                        table.problem(row, column.name, str(bad)),
                    )
                )
                row_ok = False
                continue
            if column.name == "postcode" and v.placed_at(cell):
                placed.setdefault((table.name, table.sheet, cell), []).append(row)
        if row_ok:
            good.append((row, values))
    return good


def _summarise(cells: list[tuple[Table, int, str, Problem]]) -> list[Problem]:
    """Cell problems in order; many of one kind in one column become one line."""
    groups: dict[tuple[str, str | None, str], list[Problem]] = {}
    for table, _row, key, problem in cells:
        groups.setdefault((table.name, table.sheet, key), []).append(problem)
    said: set[tuple[str, str | None, str]] = set()
    result = []
    for table, _row, key, problem in cells:
        group = groups[(table.name, table.sheet, key)]
        if len(group) < SUMMARISE_FROM:
            result.append(problem)
        elif (table.name, table.sheet, key) not in said:
            said.add((table.name, table.sheet, key))
            rows = _row_list([p.row for p in group if p.row is not None])
            message = _("{count} rows ({rows}): {message}").format(
                count=len(group), rows=rows, message=problem.message
            )
            result.append(table.problem(None, problem.column, message))
    return result


def _row_list(rows: list[int]) -> str:
    """Rows as ranges: 2-5, 9, 12-14; at most six ranges shown."""
    ranges: list[list[int]] = []
    for row in sorted(set(rows)):
        if ranges and row == ranges[-1][1] + 1:
            ranges[-1][1] = row
        else:
            ranges.append([row, row])
    text = [f"{a}-{b}" if a != b else f"{a}" for a, b in ranges[:6]]
    return ", ".join(text) + (", ..." if len(ranges) > 6 else "")


def _placed_notes(tables, placed) -> list[Problem]:
    notes = []
    sheets = {(t.name, t.sheet): t for t in tables.values()}
    for (name, sheet, value), rows in placed.items():
        table = sheets[(name, sheet)]
        message = _("rows {rows}: {note}").format(rows=_row_list(rows), note=v.placed_at(value))
        notes.append(table.problem(None, "postcode", message))
    return notes


def _check_header(
    table: Table, columns: tuple[_Column, ...], problems: list[Problem]
) -> dict[str, int]:
    """Column positions by name; missing, unknown, repeated or CPR-shaped names are problems."""

    def problem(column: str | None, message: str) -> None:
        problems.append(table.problem(table.header_row, column, message))

    known = {c.name for c in columns}
    if not any(name in known for name in table.header):
        required = ", ".join(c.name for c in columns if c.required)
        problem(
            None,
            _(
                "no header row with this table's columns in the first lines; expected {columns}"
            ).format(columns=required),
        )
        _check_cells(table, table.header_row, table.header, problems)
        return {}
    position: dict[str, int] = {}
    for i, name in enumerate(table.header):
        if looks_like_cpr(name):
            problem(column_letter(i), _(CPR_MESSAGE))
        elif _CONTROL.search(name) or has_unwritable(name):
            problem(column_letter(i), _("the column name holds a control character; remove it"))
        elif name in position:
            problem(
                name,
                _("column given twice (cells {first} and {second})").format(
                    first=position[name] + 1, second=i + 1
                ),
            )
        elif name and name not in known:
            problem(
                name[:40],
                _("unknown column; expected only {columns}").format(
                    columns=", ".join(c.name for c in columns)
                ),
            )
        elif name:
            position[name] = i
    for column in columns:
        if column.required and column.name not in position:
            problem(column.name, _("required column missing"))
    return position


def _column_name(table: Table, i: int) -> str:
    name = table.header[i] if i < len(table.header) else ""
    if not name or looks_like_cpr(name) or _CONTROL.search(name) or has_unwritable(name):
        return column_letter(i)
    return name[:40]


def _check_cells(table: Table, row: int, cells: tuple[str, ...], problems: list[Problem]) -> bool:
    """CPR numbers and characters no file should hold, each named by its column."""
    # One search of the whole row rules out nearly every row; only a suspect row is looked
    # at cell by cell. (Cells are joined by a line break, which neither check matches.)
    if not _SUSPECT.search("\n".join(cells)):
        return False
    found = False
    is_p = "p_number" in table.header
    for i, cell in enumerate(cells):
        if not cell:
            continue
        column = _column_name(table, i)
        if looks_like_cpr(cell) and not (is_p and column == "p_number" and v.is_p_number(cell)):
            problems.append(table.problem(row, column, _(CPR_MESSAGE)))
            found = True
        elif _CONTROL.search(cell):
            message = _("holds a control character (such as a NUL or vertical tab); remove it")
            problems.append(table.problem(row, column, message))
            found = True
        elif has_unwritable(cell):
            message = _("holds a character that no file may hold (such as U+FFFE); remove it")
            problems.append(table.problem(row, column, message))
            found = True
    return found


def _row_problems(table: Table, row: int, cells: tuple[str, ...], named: int) -> list[Problem]:
    """What is wrong with a row as a whole (CPR, control characters, cells beyond the header).

    `named` is the number of cells up to the header's last named column.
    """
    found: list[Problem] = []
    if _check_cells(table, row, cells, found):
        return found
    if len(cells) < named:
        message = _("has {cells} cells; the header has {named}").format(
            cells=len(cells), named=named
        )
        return [table.problem(row, None, message)]
    unnamed = [i for i, cell in enumerate(cells) if cell and (i >= named or not table.header[i])]
    if unnamed:
        message = _("has a value in cell {cell}, which has no column name in the header").format(
            cell=unnamed[0] + 1
        )
        return [table.problem(row, column_letter(unnamed[0]), message)]
    return []


def _request(values: dict[str, object]) -> Request:
    values = dict(values)
    if "keep_together" not in values:
        # Firms usually send a group that must stay together; others may be split.
        values["keep_together"] = values["organisation_kind"] is OrganisationKind.FIRM
    return Request(**values)
