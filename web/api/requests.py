"""The API of the demand roles (jobcentre, a-kasse, firm): list, create, read, change and
withdraw the organisation's own requests, and see where each is proposed to go.

A request sent here is checked by `web.demand_checks.check_requests`, exactly as the form and
the upload pages check it; every problem comes back in one 422 answer. Ids go through
`web.scoping`, so another organisation's request answers 404.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import abort
from flask_login import current_user
from flask_smorest import abort as api_abort

from pooling.i18n import _
from pooling.reading import Table
from web.api.blueprint import ApiBlueprint, found_first
from web.api.request_schemas import RequestDetailSchema, RequestInSchema, RequestSchema
from web.auth.access import DEMAND
from web.db import db_session
from web.demand_checks import TEMPLATE_COLUMNS as COLUMNS
from web.demand_checks import check_requests, request_values
from web.demand_store import add_request, request_fields
from web.models import DemandRequest, RequestChange
from web.outcomes import latest_outcomes
from web.scoping import own_request, requests_query

bp = ApiBlueprint(
    "requests",
    __name__,
    tag="Requests",
    description="A jobcentre's, a-kasse's or firm's own course requests.",
)


def _outcome(row: DemandRequest) -> dict | None:
    found = latest_outcomes(db_session(), [row.id]).get(row.id)
    if found is None:
        return None
    return {
        "proposal_id": found.proposal_id,
        "published_at": found.published_at,
        "learners_placed": found.learners_placed,
        "placements": [
            {
                "cohort_key": cohort.cohort_key,
                "school": cohort.school.name,
                "course_code": cohort.course_code,
                "start_date": cohort.start_date,
                "learners": member.learners,
                "travel_km": member.travel_km,
                "travel_minutes": member.travel_minutes,
            }
            for cohort, member in found.placements
        ],
        "unplaced": found.unplaced,
    }


def _detail(row: DemandRequest) -> dict:
    values = {name: getattr(row, name) for name in RequestSchema().fields if name != "course_title"}
    values.update(course=row.course, outcome=_outcome(row), changes=row.changes)
    return values


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _cells(data: dict) -> tuple[str, ...]:
    values = {
        "request_id": data["reference"].strip(),
        "course_code": data["course_code"].strip(),
        "learners": str(data["learners"]),
        "postcode": data["postcode"].strip(),
        "earliest_start": data["earliest_start"].isoformat(),
        "latest_start": data["latest_start"].isoformat(),
        "max_travel_km": _number(data["max_travel_km"]),
        "max_travel_minutes": _number(data["max_travel_minutes"]),
        "keep_together": "true" if data["keep_together"] else "false",
        "priority": str(data["priority"]),
    }
    return tuple(values[c] for c in COLUMNS)


def _checked(data: dict, existing: DemandRequest | None):
    """The checked request, or a 422 answer listing every problem."""
    table = Table(_("the request"), COLUMNS, (_cells(data),))
    org = current_user.organisation
    checked, problems = check_requests(db_session(), org, table, existing.id if existing else None)
    if problems:
        api_abort(
            422,
            message=_("The request has problems; nothing was saved."),
            problems=[
                {
                    "row": None,
                    "column": "reference" if p.column == "request_id" else p.column,
                    "message": p.message,
                }
                for p in problems
            ],
        )
    return checked[0]


@bp.route("/requests", methods=["GET"])
@bp.access(*DEMAND)
@bp.response(200, RequestSchema(many=True))
def list_requests():
    """Your organisation's requests, withdrawn ones last."""
    return (
        db_session()
        .scalars(
            requests_query(current_user).order_by(
                DemandRequest.withdrawn, DemandRequest.earliest_start, DemandRequest.id
            )
        )
        .all()
    )


@bp.route("/requests", methods=["POST"])
@bp.access(*DEMAND)
@bp.arguments(RequestInSchema)
@bp.response(201, RequestDetailSchema)
def create_request(data: dict):
    """Enter a request; every problem comes back at once (422) and nothing is saved."""
    checked = _checked(data, None)
    session = db_session()
    row = add_request(
        session, current_user.organisation_id, checked, user_id=current_user.id, action="created"
    )
    session.commit()
    return _detail(row)


@bp.route("/requests/<int:request_id>", methods=["GET"])
@bp.access(*DEMAND, by_id=True)
@bp.response(200, RequestDetailSchema)
def get_request(request_id: int):
    """One of your requests, where it is proposed to go (or why not), and its history."""
    return _detail(own_request(current_user, request_id))


@bp.route("/requests/<int:request_id>", methods=["PUT"])
@bp.access(*DEMAND, by_id=True)
@found_first(lambda request_id: own_request(current_user, request_id))
@bp.arguments(RequestInSchema)
@bp.response(200, RequestDetailSchema)
@bp.alt_response(409, response="CONFLICT")
def update_request(data: dict, request_id: int):
    """Change one of your requests (all fields); a withdrawn request cannot be changed (409)."""
    row = own_request(current_user, request_id)
    if row.withdrawn:
        abort(409, _("A withdrawn request cannot be changed."))
    checked = _checked(data, row)
    before = request_values(row)
    for key, value in request_fields(checked).items():
        setattr(row, key, value)
    after = request_values(row)
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    session = db_session()
    if changed:
        row.updated_at = datetime.now(UTC)
        session.add(
            RequestChange(
                request_id=row.id, user_id=current_user.id, action="updated", changes=changed
            )
        )
    session.commit()
    return _detail(row)


@bp.route("/requests/<int:request_id>/withdraw", methods=["POST"])
@bp.access(*DEMAND, by_id=True)
@bp.response(200, RequestDetailSchema)
def withdraw_request(request_id: int):
    """Withdraw one of your requests (doing it again changes nothing)."""
    row = own_request(current_user, request_id)
    if not row.withdrawn:
        row.withdrawn = True
        row.updated_at = datetime.now(UTC)
        session = db_session()
        session.add(
            RequestChange(
                request_id=row.id, user_id=current_user.id, action="withdrawn", changes={}
            )
        )
        session.commit()
    return _detail(row)
