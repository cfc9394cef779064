"""Checking demand typed into a form or uploaded as a file, with the CLI's own validation.

The rows are put into a `requests` table beside the stored courses and run through
`pooling.validation.validate_tables`, so a page reports exactly the problems the command line
would, with row and column. The organisation's id and kind come from the signed-in user; a
file that names another organisation is refused. Nothing here stores anything.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from pooling.domain import Request
from pooling.i18n import _
from pooling.problems import Problem
from pooling.reading import WORKBOOK_SUFFIXES, Table, read_bytes
from pooling.validation import check_tables
from web.models import Course, DemandRequest, Organisation

log = logging.getLogger(__name__)

TEMPLATE_COLUMNS = (
    "request_id",
    "course_code",
    "learners",
    "postcode",
    "earliest_start",
    "latest_start",
    "max_travel_km",
    "max_travel_minutes",
    "keep_together",
    "priority",
)


def request_values(r: DemandRequest) -> dict[str, str]:
    """A stored request's values as text, as the form shows them and its history records them."""
    return {
        "request_id": r.reference,
        "course_code": r.course_code,
        "learners": str(r.learners),
        "postcode": r.postcode,
        "earliest_start": r.earliest_start.isoformat(),
        "latest_start": r.latest_start.isoformat(),
        "max_travel_km": f"{r.max_travel_km:g}",
        "max_travel_minutes": "" if r.max_travel_minutes is None else f"{r.max_travel_minutes:g}",
        "keep_together": "true" if r.keep_together else "false",
        "priority": str(r.priority),
    }


def courses_table(session: Session) -> Table:
    rows = tuple(
        (
            c.course_code,
            c.title,
            str(c.duration_days),
            str(c.min_participants),
            str(c.max_participants),
        )
        for c in session.scalars(select(Course))
    )
    header = ("course_code", "title", "duration_days", "min_participants", "max_participants")
    return Table("courses", header, rows)


def _empty(name: str, header: tuple[str, ...]) -> Table:
    return Table(name, header, ())


def check_requests(
    session: Session, organisation: Organisation, table: Table, existing_ok: int | None = None
) -> tuple[list[Request], list[Problem]]:
    """The requests of `table` for `organisation`, or every problem found.

    `existing_ok` is the id of a stored request being edited (its reference may repeat).
    """
    header = list(table.header)
    rows = [list(r) for r in table.rows]
    problems: list[Problem] = []
    for column, value in (
        ("organisation_id", organisation.slug),
        ("organisation_kind", organisation.kind),
    ):
        if column in header:
            j = header.index(column)
            for i, cells in enumerate(rows):
                given = cells[j].strip() if j < len(cells) else ""
                # The kind is the organisation's own, however the file writes it.
                if given and given != value and column == "organisation_id":
                    message = _("this file may only hold requests of {organisation}")
                    problems.append(
                        table.problem(
                            table.header_row + 1 + i, column, message.format(organisation=value)
                        )
                    )
                elif j < len(cells):
                    cells[j] = value
        else:
            header.append(column)
            for cells in rows:
                if any(c.strip() for c in cells):
                    cells.extend([""] * (len(header) - 1 - len(cells)))
                    cells.append(value)
    requests_table = replace(table, header=tuple(header), rows=tuple(tuple(r) for r in rows))
    tables = {
        "courses": courses_table(session),
        "schools": _empty("schools", ("school_id", "name", "postcode")),
        "offers": _empty("offers", ("school_id", "course_code", "start_date")),
        "requests": requests_table,
    }
    checked = check_tables(tables)
    if checked.scenario is None:
        return [], problems + [p for p in checked.problems if p.file == table.name]
    requests = list(checked.scenario.requests)
    taken = set(
        session.scalars(
            select(DemandRequest.reference).where(
                DemandRequest.organisation_id == organisation.id,
                DemandRequest.id != (existing_ok or -1),
            )
        )
    )
    j = header.index("request_id") if "request_id" in header else None
    for i, request in enumerate(requests):
        if request.request_id in taken:
            message = _("you already have a request {reference}; give this one another id")
            row = _row_of(rows, j, request.request_id, i) + table.header_row - 1
            problems.append(
                table.problem(row, "request_id", message.format(reference=request.request_id))
            )
    return ([], problems) if problems else (requests, [])


def _row_of(rows: list[list[str]], j: int | None, value: str, fallback: int) -> int:
    if j is not None:
        for i, cells in enumerate(rows):
            if j < len(cells) and cells[j].strip() == value:
                return i + 2
    return fallback + 2


def request_to_json(request: Request) -> dict:
    values = asdict(request)
    for key, value in values.items():
        if isinstance(value, date):
            values[key] = value.isoformat()
    values["organisation_kind"] = str(request.organisation_kind)
    return values


def read_request_file(filename: str, content: bytes) -> Table | list[Problem]:
    """The requests table of an uploaded CSV or workbook, or why it cannot be read.

    The file goes through `pooling.reading.read_bytes`, the path every file takes (dialects,
    encodings, Danish names, limits, damaged workbooks, CPR numbers on any sheet).
    """
    if not filename.lower().endswith((".csv", ".txt", *WORKBOOK_SUFFIXES)):
        message = _("expected a .csv or .xlsx file")
        return [Problem(file=filename, row=None, column=None, message=message)]
    try:
        reading = read_bytes(content, filename, table="requests")
    except Exception:  # a file must never become a traceback
        log.exception("reading upload %s failed", filename)
        return [
            Problem(file=filename, row=None, column=None, message=_("the file could not be read"))
        ]
    if reading.problems:
        return list(reading.problems)
    table = reading.tables.get("requests")
    if table is None:
        message = _("the workbook has no requests sheet (name it requests or Behov)")
        return [Problem(file=filename, row=None, column=None, message=message)]
    return table
