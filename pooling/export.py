"""Writing a proposal: `proposal.json` (format course-pooling/proposal@1) and its workbooks.

The JSON keeps the field names other tools read; fields added later are new names only. The
workbooks (the coordinator's, one per school, one per organisation) are made by
`pooling.workbooks`; this module puts them into files. It decides nothing about the proposal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from functools import partial
from pathlib import Path

from pooling.domain import Cohort, Fix, Proposal, Scenario
from pooling.sanitise import clean_value
from pooling.workbooks import coordinator_workbook, organisation_workbook, school_workbook

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
            "learners_bound": proposal.learners_bound,
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


def write_xlsx(proposal: Proposal, scenario: Scenario, path: Path) -> None:
    """The coordinator's workbook (`pooling.workbooks.coordinator_workbook`) at `path`."""
    Path(path).write_bytes(coordinator_workbook(scenario, proposal))


def per_reader_files(
    proposal: Proposal,
    scenario: Scenario,
    per_school: Path | None = None,
    per_organisation: Path | None = None,
) -> list[tuple[Path, Callable[[Path], None]]]:
    """One workbook per school with holds and per requesting organisation, and how to write it.

    File names are the ids, made safe for any file system and unique without regard to case.
    """
    writes: list[tuple[Path, Callable[[Path], None]]] = []
    if per_school is not None:
        used: set[str] = set()
        for school_id in sorted({c.school_id for c in proposal.cohorts}):
            data = partial(school_workbook, scenario, proposal, school_id)
            writes.append((per_school / file_name(school_id, used), _writer(data)))
    if per_organisation is not None:
        used = set()
        for org in sorted({r.organisation_id for r in scenario.requests}):
            data = partial(organisation_workbook, scenario, proposal, org)
            writes.append((per_organisation / file_name(org, used), _writer(data)))
    return writes


def _writer(data: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: Path(path).write_bytes(data())


_UNSAFE = re.compile(r"[^\w.-]+")


def file_name(identifier: str, used: set[str], suffix: str = ".xlsx") -> str:
    """A file name from an id: letters, digits, `.`, `-` and `_` kept; unique without case."""
    base = _UNSAFE.sub("_", identifier).strip("._")[:80] or "_"
    name, n = base, 2
    while name.lower() in used:
        name, n = f"{base}_{n}", n + 1
    used.add(name.lower())
    return name + suffix
