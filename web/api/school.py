"""The school's API: the published cohorts addressed to it, one cohort, and its answer
(accept, or decline with a reason). A school sees the sending organisations and how many
learners each sends, never the requests themselves. Ids go through `web.scoping`: a cohort
of another school, or not yet published, answers 404.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_login import current_user
from flask_smorest import abort as api_abort
from marshmallow import Schema, fields, validate

from pooling.i18n import _
from web.api.blueprint import ApiBlueprint, found_first
from web.api.proposals import DecisionSchema
from web.api.schemas import plain_text
from web.db import db_session
from web.models import Cohort, Role, SchoolDecision
from web.scoping import school_cohort, school_cohorts_query
from web.views.school import senders

bp = ApiBlueprint(
    "school",
    __name__,
    tag="School: cohorts",
    description="The published cohorts addressed to a school, and its answers.",
)
SCHOOL = Role.SCHOOL


SENDERS_DOC = {
    "type": "array",
    "description": "The organisations sending learners, and how many each",
    "items": {
        "type": "object",
        "properties": {"organisation": {"type": "string"}, "learners": {"type": "integer"}},
        "required": ["organisation", "learners"],
    },
}


class SchoolCohortSchema(Schema):
    id = fields.Integer(required=True)
    school = fields.String(attribute="school.name", required=True)
    course_code = fields.String(required=True)
    course_title = fields.String(attribute="course.title", required=True)
    duration_days = fields.Float(attribute="course.duration_days", required=True)
    start_date = fields.Date(required=True)
    end_date = fields.Date(allow_none=True, metadata={"description": "Last course day"})
    participants = fields.Integer(required=True)
    seats_taken = fields.Integer(required=True)
    min_participants = fields.Integer(required=True)
    max_participants = fields.Integer(required=True)
    guaranteed = fields.Boolean(required=True)
    price_dkk = fields.Integer(required=True)
    senders = fields.Function(
        lambda c: [{"organisation": n, "learners": k} for n, k in senders(c)],
        required=True,
        metadata=SENDERS_DOC,
    )
    decision = fields.Nested(DecisionSchema, allow_none=True, required=True)


class DecisionInSchema(Schema):
    decision = fields.String(
        required=True,
        validate=validate.OneOf(["accepted", "declined"]),
        metadata={"example": "declined"},
    )
    reason = fields.String(
        load_default="",
        validate=[validate.Length(max=2000), plain_text],
        metadata={"description": "Needed when you decline", "example": "No teacher that week"},
    )


@bp.route("/school/cohorts", methods=["GET"])
@bp.access(SCHOOL)
@bp.response(200, SchoolCohortSchema(many=True))
def list_cohorts():
    """The published cohorts addressed to your school, by start date."""
    return (
        db_session()
        .scalars(school_cohorts_query(current_user).order_by(Cohort.start_date, Cohort.id))
        .all()
    )


@bp.route("/school/cohorts/<int:cohort_id>", methods=["GET"])
@bp.access(SCHOOL, by_id=True)
@bp.response(200, SchoolCohortSchema)
def get_cohort(cohort_id: int):
    """One cohort addressed to your school, with the sending organisations."""
    return school_cohort(current_user, cohort_id)


@bp.route("/school/cohorts/<int:cohort_id>/decision", methods=["POST"])
@bp.access(SCHOOL, by_id=True)
@found_first(lambda cohort_id: school_cohort(current_user, cohort_id))
@bp.arguments(DecisionInSchema)
@bp.response(200, SchoolCohortSchema)
def decide_cohort(data: dict, cohort_id: int):
    """Accept a cohort, or decline it with a reason; a later answer replaces the earlier."""
    found = school_cohort(current_user, cohort_id)
    reason = data["reason"].strip()
    if data["decision"] == "declined" and not reason:
        api_abort(
            422,
            message=_("Enter why you decline the cohort."),
            problems=[
                {
                    "row": None,
                    "column": "reason",
                    "message": _("Enter why you decline the cohort."),
                }
            ],
        )
    session = db_session()
    row = found.decision or SchoolDecision(cohort_id=found.id, decided_by=current_user.id)
    row.decision, row.reason = data["decision"], reason
    row.decided_by, row.decided_at = current_user.id, datetime.now(UTC)
    session.add(row)
    session.commit()
    session.refresh(found)
    return found
