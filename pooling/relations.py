"""Checks that span rows and tables of a scenario: duplicates, sizes, windows, and ids used
in one table that another must give.

`pooling.validation` has parsed each row already; these checks see domain objects with their
spreadsheet rows and add problems naming the file, sheet, row and column. A course or school
whose own row has a problem is not reported again as unknown where it is used.
"""

from __future__ import annotations

from pooling import values as v
from pooling.domain import ClosedDate, Course, Offer, Request, School
from pooling.i18n import _
from pooling.problems import Problem
from pooling.reading import Table


def check_single(tables, built, problems: list[Problem]) -> None:
    """The checks within each table given, for an upload of fewer than four tables."""

    def problem(table: str, row: int, column: str | None, message: str) -> None:
        problems.append(tables[table].problem(row, column, message))

    keys = {
        "courses": (lambda c: c.course_code, "course_code"),
        "schools": (lambda s: s.school_id, "school_id"),
        "offers": (lambda o: o.offer_id, "start_date"),
        "requests": (lambda r: r.request_id, "request_id"),
        "closed_dates": (lambda c: f"{c.school_id} {c.day}", "date"),
    }
    for name, rows in built.items():
        key, column = keys[name]
        _unique(rows, key, name, column, problem)
    _check_courses(built.get("courses", []), problem)
    _check_schools(built.get("schools", []), problem)
    _check_windows(built.get("requests", []), problem)


def _check_courses(courses, problem) -> None:
    for row, course in courses:
        if course.min_participants > course.max_participants:
            problem(
                "courses",
                row,
                "min_participants",
                _("min_participants {low} > max_participants {high}").format(
                    low=course.min_participants, high=course.max_participants
                ),
            )


def _check_schools(schools, problem) -> None:
    for row, school in schools:
        if (school.lat is None) != (school.lon is None):
            problem(
                "schools",
                row,
                "lat" if school.lat is None else "lon",
                _("give both lat and lon, or neither"),
            )


def _check_windows(requests, problem) -> None:
    for row, request in requests:
        if request.latest_start < request.earliest_start:
            problem(
                "requests",
                row,
                "latest_start",
                _("latest_start {latest} is before earliest_start {earliest}").format(
                    latest=request.latest_start, earliest=request.earliest_start
                ),
            )


def check_relations(
    tables: dict[str, Table],
    courses: list[tuple[int, Course]],
    schools: list[tuple[int, School]],
    offers: list[tuple[int, Offer]],
    requests: list[tuple[int, Request]],
    problems: list[Problem],
    built_closed: list[tuple[int, ClosedDate]] = (),
) -> None:
    def problem(table: str, row: int, column: str | None, message: str) -> None:
        problems.append(tables[table].problem(row, column, message))

    course_codes = _unique(courses, lambda c: c.course_code, "courses", "course_code", problem)
    school_ids = _unique(schools, lambda s: s.school_id, "schools", "school_id", problem)
    # A course or school whose own row has a problem is not "unknown" where it is used: its
    # row's problem is reported already.
    course_rows = _raw_values(tables["courses"], "course_code", v.course_code) - course_codes
    courses_given = course_codes | course_rows
    schools_given = school_ids | _raw_values(tables["schools"], "school_id")
    _unique(requests, lambda r: r.request_id, "requests", "request_id", problem)
    _unique(offers, lambda o: o.offer_id, "offers", "start_date", problem)
    all_course_rows = {c.course_code: c for _, c in courses}
    _check_courses(courses, problem)
    _check_schools(schools, problem)
    for row, offer in offers:
        if offer.school_id not in schools_given:
            problem(
                "offers",
                row,
                "school_id",
                _("unknown school {school}; expected a school_id from schools").format(
                    school=v.shown(offer.school_id)
                ),
            )
        course = all_course_rows.get(offer.course_code)
        if offer.course_code in course_rows:
            continue
        if offer.course_code not in course_codes or course is None:
            problem(
                "offers",
                row,
                "course_code",
                _("unknown course {course}; expected a course_code from courses").format(
                    course=offer.course_code
                ),
            )
            continue
        low = offer.min_participants or course.min_participants
        high = offer.max_participants or course.max_participants
        overrides = offer.min_participants is not None or offer.max_participants is not None
        if low > high and overrides:  # the course's own sizes are checked above
            problem(
                "offers",
                row,
                "min_participants",
                _("minimum {low} > maximum {high} participants").format(low=low, high=high),
            )
        if offer.seats_taken > high:
            problem(
                "offers",
                row,
                "seats_taken",
                _("seats_taken {taken} > maximum {high} participants").format(
                    taken=offer.seats_taken, high=high
                ),
            )
    for row, request in requests:
        if request.course_code not in courses_given:
            problem(
                "requests",
                row,
                "course_code",
                _("unknown course {course}; expected a course_code from courses").format(
                    course=request.course_code
                ),
            )
    _check_windows(requests, problem)
    for row, closed in built_closed:
        if closed.school_id not in schools_given:
            problem(
                "closed_dates",
                row,
                "school_id",
                _("unknown school {school}; expected a school_id from schools").format(
                    school=v.shown(closed.school_id)
                ),
            )


def _raw_values(table: Table, column: str, normal=None) -> set[str]:
    """Every value given in `column` of `table`, valid or not (normalised where it can be)."""
    if column not in table.header:
        return set()
    j = table.header.index(column)
    found = set()
    for cells in table.rows:
        if j < len(cells):
            value = cells[j].strip()
            try:
                found.add(normal(value) if normal else value)
            except v.Bad:
                found.add(value)
    return found


def _unique(items, key, table, column, problem) -> set[str]:
    """Keys seen; a repeated key is a problem on every repeat."""
    first_row: dict[str, int] = {}
    for row, item in items:
        value = key(item)
        if value in first_row:
            problem(
                table,
                row,
                column,
                _("duplicate {value}; first given in row {first}").format(
                    value=v.shown(value), first=first_row[value]
                ),
            )
        else:
            first_row[value] = row
    return set(first_row)
