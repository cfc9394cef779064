"""Turning a scenario's tables into domain objects, listing every problem at once.

Each column has a parser that either returns a value or says what was expected; problems name
the file, the spreadsheet row (the header is row 1), the column and the expectation. Checks
that span tables (unknown course, school or postcode, duplicates, windows, sizes) run after.
Any value shaped like a CPR number, in any cell, rejects the scenario without being echoed.
If any problem is found, no scenario is returned: the import is all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo import load_places
from pooling.cpr import looks_like_cpr
from pooling.domain import Course, Offer, OrganisationKind, Request, Scenario, School
from pooling.problems import InvalidScenario, Problem
from pooling.reading import Table, read_tables

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


class _Bad(ValueError):
    """A cell's value is not what the column expects; the message says what is."""


def _text(value: str) -> str:
    if not value:
        raise _Bad("expected a value, got an empty cell")
    return value


_WHOLE = re.compile(r"[+-]?[0-9]+")
_PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _integer(minimum: int, maximum: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        if not _WHOLE.fullmatch(value):
            raise _Bad(f"expected a whole number, got {value!r}")
        number = int(value)
        if not minimum <= number <= maximum:
            raise _Bad(f"expected a whole number from {minimum} to {maximum}, got {number}")
        return number

    return parse


def _decimal(minimum_exclusive: float, maximum: float) -> Callable[[str], float]:
    def parse(value: str) -> float:
        if not _PLAIN_DECIMAL.fullmatch(value):
            raise _Bad(f"expected a number such as 12 or 12.5, got {value!r}")
        number = float(value.replace(",", "."))
        if not minimum_exclusive < number <= maximum:
            raise _Bad(f"expected a number > {minimum_exclusive:g} and <= {maximum:g}, got {value}")
        return number

    return parse


def _date(value: str) -> date:
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise _Bad(f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _boolean(value: str) -> bool:
    lowered = value.lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    raise _Bad(f"expected true or false, got {value!r}")


def _latitude(value: str) -> float:
    number = _decimal(-90, 90)(value)
    if not 54.4 <= number <= 57.9:
        raise _Bad(f"expected a latitude in Denmark (54.4 to 57.9), got {value}")
    return number


def _longitude(value: str) -> float:
    number = _decimal(-180, 180)(value)
    if not 7.9 <= number <= 15.3:
        raise _Bad(f"expected a longitude in Denmark (7.9 to 15.3), got {value}")
    return number


def _kind(value: str) -> OrganisationKind:
    try:
        return OrganisationKind(value.lower())
    except ValueError:
        kinds = ", ".join(k.value for k in OrganisationKind)
        raise _Bad(f"expected one of {kinds}, got {value!r}") from None


def _postcode(value: str) -> str:
    if not (value.isdigit() and len(value) == 4):
        raise _Bad(f"expected a 4-digit Danish postcode, got {value!r}")
    if load_places().postcode(value) is None:
        raise _Bad(f"unknown postcode {value}: not a Danish postcode")
    return value


def _course_code(value: str) -> str:
    if not (value.isdigit() and 4 <= len(value) <= 5):
        raise _Bad(f"expected an AMU number of 5 digits (4 for a single subject), got {value!r}")
    return value


@dataclass(frozen=True, slots=True)
class _Column:
    name: str
    parse: Callable[[str], object]
    required: bool = True


_COLUMNS: dict[str, tuple[_Column, ...]] = {
    "courses": (
        _Column("course_code", _course_code),
        _Column("title", _text),
        _Column("duration_days", _decimal(0, MAX_DURATION_DAYS)),
        _Column("min_participants", _integer(1, MAX_PARTICIPANTS)),
        _Column("max_participants", _integer(1, MAX_PARTICIPANTS)),
    ),
    "schools": (
        _Column("school_id", _text),
        _Column("name", _text),
        _Column("postcode", _postcode),
        _Column("lat", _latitude, required=False),
        _Column("lon", _longitude, required=False),
    ),
    "offers": (
        _Column("school_id", _text),
        _Column("course_code", _course_code),
        _Column("start_date", _date),
        _Column("min_participants", _integer(1, MAX_PARTICIPANTS), required=False),
        _Column("max_participants", _integer(1, MAX_PARTICIPANTS), required=False),
        _Column("max_parallel", _integer(1, MAX_PARALLEL), required=False),
        _Column("price_dkk", _integer(0, MAX_PRICE_DKK), required=False),
        _Column("guaranteed", _boolean, required=False),
        _Column("seats_taken", _integer(0, MAX_PARTICIPANTS), required=False),
    ),
    "requests": (
        _Column("request_id", _text),
        _Column("organisation_id", _text),
        _Column("organisation_kind", _kind),
        _Column("course_code", _course_code),
        _Column("learners", _integer(1, MAX_LEARNERS)),
        _Column("postcode", _postcode),
        _Column("earliest_start", _date),
        _Column("latest_start", _date),
        _Column("max_travel_km", _decimal(0, MAX_TRAVEL_KM)),
        _Column("keep_together", _boolean, required=False),
        _Column("priority", _integer(1, 3), required=False),
        _Column("max_travel_minutes", _decimal(0, MAX_TRAVEL_MINUTES), required=False),
    ),
}


def load_scenario(path: Path) -> Scenario:
    """Read and validate the scenario at `path`; raise InvalidScenario with every problem."""
    return validate_tables(read_tables(path))


def validate_tables(tables: dict[str, Table]) -> Scenario:
    """Build a Scenario from raw tables; raise InvalidScenario with every problem found."""
    problems: list[Problem] = []
    parsed = {name: _parse_table(table, _COLUMNS[name], problems) for name, table in tables.items()}
    courses = [(row, Course(**values)) for row, values in parsed["courses"]]
    schools = [(row, School(**values)) for row, values in parsed["schools"]]
    offers = [(row, Offer(**values)) for row, values in parsed["offers"]]
    requests = [(row, _request(values)) for row, values in parsed["requests"]]
    _check_relations(tables, courses, schools, offers, requests, problems)
    if problems:
        raise InvalidScenario(problems)
    return Scenario(
        courses=tuple(c for _, c in courses),
        schools=tuple(s for _, s in schools),
        offers=tuple(o for _, o in offers),
        requests=tuple(r for _, r in requests),
    )


def _parse_table(
    table: Table, columns: tuple[_Column, ...], problems: list[Problem]
) -> list[tuple[int, dict[str, object]]]:
    """Rows that parsed without a problem, as (spreadsheet row, values by column)."""
    position = _check_header(table, columns, problems)
    # Cells up to the last named column belong to the table; a value beyond is a problem.
    named = max((i + 1 for i, name in enumerate(table.header) if name), default=0)
    good = []
    for i, cells in enumerate(table.rows):
        row = i + 2
        if not any(cells):
            continue  # an empty line carries nothing
        message = _row_problem(cells, table.header, named)
        if message:
            problems.append(Problem(file=table.name, row=row, column=None, message=message))
            continue
        values: dict[str, object] = {}
        row_ok = True
        for column in columns:
            if column.name not in position:
                row_ok = row_ok and not column.required
                continue
            cell = cells[position[column.name]].strip()
            if not cell and not column.required:
                continue
            try:
                values[column.name] = column.parse(cell)
            except _Bad as bad:
                problems.append(
                    Problem(file=table.name, row=row, column=column.name, message=str(bad))
                )
                row_ok = False
        if row_ok:
            good.append((row, values))
    return good


def _check_header(
    table: Table, columns: tuple[_Column, ...], problems: list[Problem]
) -> dict[str, int]:
    """Column positions by name; missing, unknown, repeated or CPR-shaped names are problems."""

    def problem(column: str | None, message: str) -> None:
        problems.append(Problem(file=table.name, row=1, column=column, message=message))

    known = {c.name for c in columns}
    position: dict[str, int] = {}
    for i, name in enumerate(table.header):
        if looks_like_cpr(name):
            problem(None, f"header cell {i + 1} {_CPR_MESSAGE}")
        elif _CONTROL.search(name):
            problem(None, f"header cell {i + 1} holds a control character")
        elif name in position:
            problem(name, f"column given twice (cells {position[name] + 1} and {i + 1})")
        elif name and name not in known:
            problem(name, f"unknown column; expected only {', '.join(sorted(known))}")
        elif name:
            position[name] = i
    for column in columns:
        if column.required and column.name not in position:
            problem(column.name, "required column missing")
    return position


_CPR_MESSAGE = (
    "holds a value shaped like a CPR number; personal identification numbers must not be "
    "uploaded (the value is not shown)"
)


def _row_problem(cells: tuple[str, ...], header: tuple[str, ...], named: int) -> str | None:
    """What is wrong with a row as a whole (cells beyond the header, CPR, control characters).

    `named` is the number of cells up to the header's last named column.
    """
    if any(looks_like_cpr(cell) for cell in cells):
        return _CPR_MESSAGE
    if len(cells) < named:
        return f"has {len(cells)} cells; the header has {named}"
    unnamed = [i + 1 for i, cell in enumerate(cells) if cell and (i >= named or not header[i])]
    if unnamed:
        return f"has a value in cell {unnamed[0]}, which has no column name in the header"
    if any(_CONTROL.search(cell) for cell in cells):
        return "holds a control character (such as a NUL or vertical tab); remove it"
    return None


def _request(values: dict[str, object]) -> Request:
    values = dict(values)
    if "keep_together" not in values:
        # Firms usually send a group that must stay together; others may be split.
        values["keep_together"] = values["organisation_kind"] is OrganisationKind.FIRM
    return Request(**values)


def _check_relations(
    tables: dict[str, Table],
    courses: list[tuple[int, Course]],
    schools: list[tuple[int, School]],
    offers: list[tuple[int, Offer]],
    requests: list[tuple[int, Request]],
    problems: list[Problem],
) -> None:
    def problem(table: str, row: int, column: str | None, message: str) -> None:
        problems.append(Problem(file=tables[table].name, row=row, column=column, message=message))

    course_codes = _unique(courses, lambda c: c.course_code, "courses", "course_code", problem)
    school_ids = _unique(schools, lambda s: s.school_id, "schools", "school_id", problem)
    # A course or school whose own row has a problem is not "unknown" where it is used: its
    # row's problem is reported already.
    course_rows = _raw_values(tables["courses"], "course_code") - course_codes
    courses_given = course_codes | course_rows
    schools_given = school_ids | _raw_values(tables["schools"], "school_id")
    _unique(requests, lambda r: r.request_id, "requests", "request_id", problem)
    _unique(offers, lambda o: o.offer_id, "offers", "start_date", problem)
    all_course_rows = {c.course_code: c for _, c in courses}

    for row, course in courses:
        if course.min_participants > course.max_participants:
            problem(
                "courses",
                row,
                "min_participants",
                f"min_participants {course.min_participants} > max_participants "
                f"{course.max_participants}",
            )
    for row, school in schools:
        if (school.lat is None) != (school.lon is None):
            problem(
                "schools",
                row,
                "lat" if school.lat is None else "lon",
                "give both lat and lon, or neither",
            )
    for row, offer in offers:
        if offer.school_id not in schools_given:
            problem(
                "offers",
                row,
                "school_id",
                f"unknown school {offer.school_id!r}; expected a school_id from schools",
            )
        course = all_course_rows.get(offer.course_code)
        if offer.course_code in course_rows:
            continue
        if offer.course_code not in course_codes or course is None:
            problem(
                "offers",
                row,
                "course_code",
                f"unknown course {offer.course_code}; expected a course_code from courses",
            )
            continue
        low = offer.min_participants or course.min_participants
        high = offer.max_participants or course.max_participants
        overrides = offer.min_participants is not None or offer.max_participants is not None
        if low > high and overrides:  # the course's own sizes are checked above
            problem(
                "offers", row, "min_participants", f"minimum {low} > maximum {high} participants"
            )
        if offer.seats_taken > high:
            problem(
                "offers",
                row,
                "seats_taken",
                f"seats_taken {offer.seats_taken} > maximum {high} participants",
            )
    for row, request in requests:
        if request.course_code not in courses_given:
            problem(
                "requests",
                row,
                "course_code",
                f"unknown course {request.course_code}; expected a course_code from courses",
            )
        if request.latest_start < request.earliest_start:
            problem(
                "requests",
                row,
                "latest_start",
                f"latest_start {request.latest_start} is before earliest_start "
                f"{request.earliest_start}",
            )


def _raw_values(table: Table, column: str) -> set[str]:
    """Every value given in `column` of `table`, valid or not."""
    if column not in table.header:
        return set()
    j = table.header.index(column)
    return {cells[j].strip() for cells in table.rows if j < len(cells)}


def _unique(items, key, table, column, problem) -> set[str]:
    """Keys seen; a repeated key is a problem on every repeat."""
    first_row: dict[str, int] = {}
    for row, item in items:
        value = key(item)
        if value in first_row:
            problem(
                table, row, column, f"duplicate {value!r}; first given in row {first_row[value]}"
            )
        else:
            first_row[value] = row
    return set(first_row)
