"""Writing a proposal: `proposal.json` (format course-pooling/proposal@1) and an .xlsx workbook.

The JSON keeps the field names other tools read. The workbook has a summary sheet, one sheet
per school with its cohorts and rosters, and a sheet of unplaced requests. Text that a
spreadsheet would run as a formula (starting with =) is stored as text, and control
characters are dropped. This module does not decide anything about the proposal.
"""

from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import date
from pathlib import Path

from pooling.domain import Cohort, Fix, Proposal, Scenario
from pooling.sanitise import clean_value, clean_workbook

FORMAT = "course-pooling/proposal@1"


def proposal_to_dict(proposal: Proposal) -> dict[str, object]:
    return {
        "format": FORMAT,
        "status": proposal.status,
        "summary": {
            "learners_requested": proposal.learners_requested,
            "learners_placed": proposal.learners_placed,
            "learners_unplaced": proposal.learners_requested - proposal.learners_placed,
            "cohorts": len(proposal.cohorts),
            "total_travel_km": round(proposal.total_travel_km, 1),
            "objective": proposal.cost_dkk,
            "bound": proposal.cost_bound_dkk,
            "gap": round(proposal.cost_gap, 6),
            "placed_value": proposal.placed_value,
            "placed_bound": proposal.placed_bound,
            "solve_seconds": proposal.solve_seconds,
            "parts": proposal.parts,
            "parts_optimal": proposal.parts_optimal,
            "method": proposal.method,
            "travel_model": proposal.travel_model,
            "hold_prices_dkk": proposal.hold_prices_dkk,
            "guaranteed_prices_dkk": proposal.guaranteed_prices_dkk,
            "travel_cost_dkk": proposal.travel_cost_dkk,
            "waiting_cost_dkk": proposal.waiting_cost_dkk,
            "waiting_days": proposal.waiting_days,
            "greedy_learners_placed": proposal.greedy_learners_placed,
            "settings": proposal.settings,
        },
        "cohorts": [_cohort(c) for c in proposal.cohorts],
        "unplaced": [
            {
                "request_id": u.request_id,
                "learners": u.learners,
                "reason": u.reason.value,
                "detail": u.detail,
                "fix": u.fix,
                "fix_change": _fix(u.fix_change),
                "no_fix_reason": u.no_fix_reason,
            }
            for u in proposal.unplaced
        ],
    }


def _fix(fix: Fix | None) -> dict[str, object] | None:
    """The fix as data: its kind and the fields of that kind (dates in ISO form)."""
    if fix is None:
        return None
    found: dict[str, object] = {"kind": fix.kind.value}
    for name in (f.name for f in fields(Fix)):
        value = getattr(fix, name)
        if name == "kind" or value is None:
            continue
        found[name] = value.isoformat() if isinstance(value, date) else value
    return found


def _cohort(c: Cohort) -> dict[str, object]:
    return {
        "cohort_id": c.cohort_id,
        "school_id": c.school_id,
        "course_code": c.course_code,
        "start_date": c.start_date.isoformat(),
        "end_date": c.end_date.isoformat() if c.end_date else None,
        "hold_number": c.hold_number,
        "participants": c.participants,
        "seats_taken": c.seats_taken,
        "min_participants": c.min_participants,
        "max_participants": c.max_participants,
        "guaranteed": c.guaranteed,
        "price_dkk": c.price_dkk,
        "members": [
            {
                "request_id": m.request_id,
                "learners": m.learners,
                "travel_km": m.travel_km,
                "travel_minutes": m.travel_minutes,
            }
            for m in c.members
        ],
    }


def write_json(proposal: Proposal, path: Path) -> None:
    text = json.dumps(clean_value(proposal_to_dict(proposal)), ensure_ascii=False, indent=2)
    Path(path).write_text(text + "\n", encoding="utf-8")


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _safe(value: object) -> object:
    """Text with control characters replaced by spaces.

    Tabs and line breaks would act in a spreadsheet; the others are not allowed in a workbook.
    """
    if isinstance(value, str):
        return _CONTROL.sub(" ", value)
    return value


def _no_formulas(sheet) -> None:
    """Store every text cell as text, so a value starting with = is never run as a formula."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.data_type != "s":
                cell.data_type = "s"


def write_xlsx(proposal: Proposal, scenario: Scenario, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    summary.title = "Summary"
    facts = proposal_to_dict(proposal)["summary"]
    summary.append(["status", proposal.status])
    for key, value in facts.items():
        if key != "settings":
            summary.append([key, value])
    requests = {r.request_id: r for r in scenario.requests}
    used_titles = {"summary", "unplaced"}
    for school in sorted(scenario.schools, key=lambda s: s.name):
        cohorts = [c for c in proposal.cohorts if c.school_id == school.school_id]
        if not cohorts:
            continue
        title = _sheet_title(school.name, used_titles)
        sheet = workbook.create_sheet(title)
        sheet.append([_safe(f"{school.name} ({school.school_id}, {school.postcode})")])
        sheet.append(
            [
                "cohort_id",
                "course_code",
                "title",
                "start_date",
                "participants",
                "min",
                "max",
                "guaranteed",
                "request_id",
                "organisation_id",
                "learners",
                "travel_km",
            ]
        )
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for c in cohorts:
            course = scenario.course_by_code[c.course_code]
            for m in c.members:
                sheet.append(
                    [
                        _safe(v)
                        for v in (
                            c.cohort_id,
                            c.course_code,
                            course.title,
                            c.start_date.isoformat(),
                            c.participants,
                            c.min_participants,
                            c.max_participants,
                            c.guaranteed,
                            m.request_id,
                            requests[m.request_id].organisation_id,
                            m.learners,
                            m.travel_km,
                        )
                    ]
                )
    unplaced = workbook.create_sheet("Unplaced")
    unplaced.append(["request_id", "organisation_id", "learners", "reason", "detail", "fix"])
    for u in proposal.unplaced:
        unplaced.append(
            [
                _safe(v)
                for v in (
                    u.request_id,
                    requests[u.request_id].organisation_id,
                    u.learners,
                    u.reason.value,
                    u.detail,
                    u.fix or "",
                )
            ]
        )
    for sheet in workbook.worksheets:
        _no_formulas(sheet)
    clean_workbook(workbook)
    workbook.save(path)


def _sheet_title(name: str, used: set[str]) -> str:
    """A unique sheet title of at most 31 characters without the characters Excel forbids.

    Excel compares sheet titles without regard to case, so `used` holds lower-case titles.
    """
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")[:31] or "_"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title
