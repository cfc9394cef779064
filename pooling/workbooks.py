"""Workbooks for each reader of a proposal: a school, an organisation, the coordinator.

`school_workbook` holds only the school's cohorts (course, start and end date, days,
participants, seats already taken, price, who sends how many from which municipality, and
columns to accept or decline); `organisation_workbook` says where each of an organisation's
requests goes, or why not and what would help; `coordinator_workbook` has a summary a person
reads (learners placed and the gain over first come, first served, holds, hold prices apart
from the notional travel and waiting costs), every cohort, every unplaced request, and the
solver's figures on a sheet of their own. Headers are in the current language; dates are
real dates and numbers real numbers; no cell holds a formula. Each function returns the
file's bytes, for the CLI and the web alike. This module decides nothing about the proposal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from io import BytesIO
from typing import TYPE_CHECKING

from geo import load_places
from pooling.domain import Cohort, Proposal, Request, Scenario, Unplaced
from pooling.i18n import _
from pooling.sanitise import clean_text, clean_workbook
from pooling.status import status_words, summary_lines

if TYPE_CHECKING:  # openpyxl is imported when a workbook is written: commands start faster
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

_DATE_FORMAT = "DD-MM-YYYY"
_DKK_FORMAT = "#,##0"
_WIDE = 60  # characters: longer text wraps


def school_workbook(scenario: Scenario, proposal: Proposal, school_id: str) -> bytes:
    """The school's own cohorts and who is sent to them, with space to accept or decline."""
    school = scenario.school_by_id[school_id]
    cohorts = [c for c in proposal.cohorts if c.school_id == school_id]
    book = _new_book()
    sheet = book.active
    sheet.title = _("Holds")
    _title(
        sheet,
        _("Proposed holds for {school} ({postcode})").format(
            school=school.name, postcode=school.postcode
        ),
    )
    rows = [[*_cohort_row(scenario, c), "", ""] for c in cohorts]
    _table(sheet, [*_cohort_header(), _("Accepted (yes/no)"), _("Remark")], rows)
    senders = book.create_sheet(_("Senders"))
    _title(senders, _("Who sends learners to each hold"))
    _table(senders, _sender_header(), [r for c in cohorts for r in _sender_rows(scenario, c)])
    return _bytes(book)


def organisation_workbook(scenario: Scenario, proposal: Proposal, organisation_id: str) -> bytes:
    """Where each request of the organisation goes, or why not and what would help."""
    requests = [r for r in scenario.requests if r.organisation_id == organisation_id]
    book = _new_book()
    sheet = book.active
    sheet.title = _("Requests")
    _title(sheet, _("Requests of {organisation}").format(organisation=organisation_id))
    placements = _placements(proposal)
    unplaced = {u.request_id: u for u in proposal.unplaced}
    header = [
        _("Request"),
        _("Course no."),
        _("Course title"),
        _("Learners"),
        _("Placed"),
        _("School"),
        _("Start date"),
        _("End date"),
        _("Km each way"),
        _("Minutes each way"),
        _("Not placed"),
        _("Why not"),
        _("What would help"),
    ]
    rows = []
    for request in requests:
        title = scenario.course_by_code[request.course_code].title
        for cohort, member in placements.get(request.request_id, []):
            school = scenario.school_by_id[cohort.school_id].name
            rows.append(
                [
                    request.request_id,
                    request.course_code,
                    title,
                    request.learners,
                    member.learners,
                    school,
                    cohort.start_date,
                    cohort.end_date,
                    member.travel_km,
                    member.travel_minutes,
                    0,
                    "",
                    "",
                ]
            )
        item = unplaced.get(request.request_id)
        if item is not None:
            rows.append(
                [
                    request.request_id,
                    request.course_code,
                    title,
                    request.learners,
                    0,
                    "",
                    None,
                    None,
                    None,
                    None,
                    item.learners,
                    item.detail,
                    _help(item),
                ]
            )
    _table(sheet, header, rows)
    return _bytes(book)


def coordinator_workbook(scenario: Scenario, proposal: Proposal) -> bytes:
    """Summary in words, every cohort, every unplaced request, the solver's figures."""
    book = _new_book()
    summary = book.active
    summary.title = _("Summary")
    _title(summary, _("Proposal: summary"))
    _table(summary, [_("What"), _("Value")], _summary_rows(proposal))
    holds = book.create_sheet(_("Holds"))
    header = [_("School"), *_cohort_header()]
    rows = [
        [scenario.school_by_id[c.school_id].name, *_cohort_row(scenario, c)]
        for c in proposal.cohorts
    ]
    _table(holds, header, rows)
    senders = book.create_sheet(_("Senders"))
    _table(
        senders, _sender_header(), [r for c in proposal.cohorts for r in _sender_rows(scenario, c)]
    )
    unplaced = book.create_sheet(_("Not placed"))
    requests = {r.request_id: r for r in scenario.requests}
    _table(
        unplaced,
        [
            _("Request"),
            _("Organisation"),
            _("Course no."),
            _("Learners"),
            _("Reason"),
            _("Why not"),
            _("What would help"),
        ],
        [
            [
                u.request_id,
                requests[u.request_id].organisation_id,
                requests[u.request_id].course_code,
                u.learners,
                reason_words(u),
                u.detail,
                _help(u),
            ]
            for u in proposal.unplaced
        ],
    )
    figures = book.create_sheet(_("Solver"))
    _table(figures, [_("Figure"), _("Value")], _solver_rows(proposal))
    return _bytes(book)


# -- rows ----------------------------------------------------------------------------------------


def _cohort_header() -> list[str]:
    return [
        _("Hold"),
        _("Course no."),
        _("Course title"),
        _("Start date"),
        _("End date"),
        _("Days"),
        _("Participants"),
        _("Already signed up"),
        _("Learners sent"),
        _("Minimum"),
        _("Maximum"),
        _("Price (DKK)"),
        _("Guaranteed"),
        _("Senders"),
    ]


def _cohort_row(scenario: Scenario, c: Cohort) -> list[object]:
    course = scenario.course_by_code[c.course_code]
    requests = {r.request_id: r for r in scenario.requests}
    senders: dict[str, int] = {}
    for m in c.members:
        org = requests[m.request_id].organisation_id
        senders[org] = senders.get(org, 0) + m.learners
    return [
        c.cohort_id,
        c.course_code,
        course.title,
        c.start_date,
        c.end_date,
        course.duration_days,
        c.participants,
        c.seats_taken,
        c.participants - c.seats_taken,
        c.min_participants,
        c.max_participants,
        c.price_dkk,
        _("yes, runs anyway") if c.guaranteed else _("no"),
        ", ".join(f"{org} ({n})" for org, n in senders.items()),
    ]


def _sender_header() -> list[str]:
    return [
        _("Hold"),
        _("Course no."),
        _("Start date"),
        _("Organisation"),
        _("Kind"),
        _("Request"),
        _("Learners"),
        _("Municipality"),
        _("Postcode"),
        _("Km each way"),
        _("Minutes each way"),
    ]


def _sender_rows(scenario: Scenario, c: Cohort) -> list[list[object]]:
    requests = {r.request_id: r for r in scenario.requests}
    rows = []
    for m in c.members:
        r = requests[m.request_id]
        rows.append(
            [
                c.cohort_id,
                c.course_code,
                c.start_date,
                r.organisation_id,
                _kind(r),
                r.request_id,
                m.learners,
                _municipality(r.postcode),
                r.postcode,
                m.travel_km,
                m.travel_minutes,
            ]
        )
    return rows


def _summary_rows(p: Proposal) -> list[list[object]]:
    return [[label, value] for label, value in summary_lines(p)]


def _solver_rows(p: Proposal) -> list[list[object]]:
    rows: list[list[object]] = [
        [_("Status"), status_words(p)],
        [_("Method"), p.method],
        [_("Travel model"), p.travel_model],
        [_("Placement value (priority-weighted)"), p.placed_value],
        [_("Placement bound"), p.placed_bound],
        [_("Cost (DKK)"), p.cost_dkk],
        [_("Cost bound (DKK)"), p.cost_bound_dkk],
        [_("Cost gap"), round(p.cost_gap, 6)],
        [_("Parts"), p.parts],
        [_("Parts proven optimal"), p.parts_optimal],
        [_("Seconds"), p.solve_seconds],
    ]
    rows += [[f"settings.{k}", str(v)] for k, v in p.settings.items()]
    return rows


def _placements(p: Proposal) -> dict[str, list]:
    found: dict[str, list] = {}
    for c in p.cohorts:
        for m in c.members:
            found.setdefault(m.request_id, []).append((c, m))
    return found


def _help(u: Unplaced) -> str:
    return u.fix or u.no_fix_reason or ""


def reason_words(u: Unplaced) -> str:
    """The reason in plain words (the code's name stays in proposal.json)."""
    return {
        "NO_OFFER": _("no school offers the course"),
        "NO_DATE_IN_WINDOW": _("no start date in the window"),
        "TOO_FAR": _("too far"),
        "TOO_FEW_PARTICIPANTS": _("too few participants"),
        "CAPACITY": _("no room"),
        "NOT_CHOSEN": _("not chosen"),
    }[u.reason.value]


def _kind(r: Request) -> str:
    return {"jobcentre": _("jobcentre"), "a-kasse": _("a-kasse"), "firm": _("firm")}[
        r.organisation_kind.value
    ]


def _municipality(postcode: str) -> str:
    found = load_places().municipality_of_postcode(postcode)
    return "" if found is None else found.name


# -- sheets ----------------------------------------------------------------------------------------


def _new_book() -> Workbook:
    from openpyxl import Workbook

    return Workbook()


def _title(sheet: Worksheet, text: str) -> None:
    from openpyxl.styles import Font

    sheet.append([clean_text(text)])
    sheet["A1"].font = Font(bold=True, size=13)


def _table(sheet: Worksheet, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A table under the sheet's title: bold frozen header, filter, widths, wrapped text."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.append(list(header))
    first = sheet.max_row
    for cell in sheet[first]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [len(h) + 2 for h in header]
    for row in rows:
        sheet.append([clean_text(v) if isinstance(v, str) else v for v in row])
        for n, cell in enumerate(sheet[sheet.max_row]):
            value = cell.value
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: never a formula
                widths[n] = max(widths[n], min(_WIDE, len(value) + 2))
                if len(value) > _WIDE:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            elif isinstance(value, date):
                cell.number_format = _DATE_FORMAT
                widths[n] = max(widths[n], 12)
            elif isinstance(value, int) and value >= 10_000:
                cell.number_format = _DKK_FORMAT
    for n, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(n)].width = min(width, _WIDE)
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A{first}:{last}{max(first, sheet.max_row)}"


def _bytes(book: Workbook) -> bytes:
    """The workbook's file, its text cleaned of what XML cannot hold and stored as text."""
    clean_workbook(book)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, even after cleaning
    out = BytesIO()
    book.save(out)
    return out.getvalue()
