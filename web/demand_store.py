"""Storing a checked request: its row and the first line of its history.

One way in for the form, the API, a confirmed upload and a loaded scenario, so every stored
request gets the same fields and a history entry. Checking happens before, in
`web.demand_checks`.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from pooling.domain import OrganisationKind, Request
from web.demand_checks import request_values
from web.models import DemandRequest, RequestChange


def request_fields(r: Request) -> dict[str, object]:
    """The stored columns of a checked request (the engine's `request_id` is the reference)."""
    return {
        "reference": r.request_id,
        "course_code": r.course_code,
        "learners": r.learners,
        "postcode": r.postcode,
        "earliest_start": r.earliest_start,
        "latest_start": r.latest_start,
        "max_travel_km": r.max_travel_km,
        "max_travel_minutes": r.max_travel_minutes,
        "keep_together": r.keep_together,
        "priority": r.priority,
    }


def request_from_json(values: dict) -> Request:
    """A checked request kept as JSON (an upload waiting for its confirmation)."""
    values = dict(values)
    for key in ("earliest_start", "latest_start"):
        values[key] = date.fromisoformat(values[key])
    values["organisation_kind"] = OrganisationKind(values["organisation_kind"])
    return Request(**values)


def add_request(
    session: Session,
    organisation_id: int,
    request: Request,
    *,
    user_id: int | None,
    action: str,
    changes: dict | None = None,
) -> DemandRequest:
    """Add `request` for the organisation with a history entry (`changes`: its values)."""
    row = DemandRequest(organisation_id=organisation_id, **request_fields(request))
    session.add(row)
    session.flush()
    recorded = request_values(row) if changes is None else changes
    session.add(RequestChange(request_id=row.id, user_id=user_id, action=action, changes=recorded))
    return row
