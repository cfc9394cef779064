"""The coordinator's API for proposals: list them, read one (summary, cohorts with their
members, unplaced requests with reason, detail and fix), the document the CLI would write,
and publish one to the schools. Ids go through `web.scoping`: another office's is 404.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import jsonify
from flask_login import current_user
from marshmallow import Schema, fields

from web.api.blueprint import ApiBlueprint
from web.api.schemas import UtcDateTime
from web.db import db_session
from web.models import Proposal, Role
from web.scoping import own_proposal, proposals_query

bp = ApiBlueprint(
    "proposals",
    __name__,
    tag="Coordinator: proposals",
    description="The proposals of the coordinator's runs: review and publish to the schools.",
)
COORDINATOR = Role.COORDINATOR


class ProposalSummarySchema(Schema):
    id = fields.Integer(required=True)
    created_at = UtcDateTime(required=True)
    status = fields.String(required=True, metadata={"description": "optimal, feasible, ..."})
    method = fields.String(required=True)
    travel_model = fields.String(required=True)
    seed = fields.Integer(required=True)
    time_limit_s = fields.Float(required=True)
    settings = fields.Dict(required=True)
    learners_requested = fields.Integer(required=True)
    learners_placed = fields.Integer(required=True)
    placed_value = fields.Integer(required=True)
    placed_bound = fields.Integer(required=True)
    cost_dkk = fields.Integer(required=True)
    cost_bound_dkk = fields.Integer(required=True)
    gap = fields.Float(required=True)
    solve_seconds = fields.Float(required=True)
    parts = fields.Integer(required=True)
    parts_optimal = fields.Integer(required=True)
    cohort_count = fields.Function(lambda p: len(p.cohorts), required=True)
    unplaced_count = fields.Function(lambda p: len(p.unplaced), required=True)
    published_at = UtcDateTime(allow_none=True, required=True)

    class Meta:
        ordered = True


class MemberSchema(Schema):
    request_id = fields.Integer(required=True)
    reference = fields.String(attribute="request.reference", required=True)
    organisation = fields.String(attribute="request.organisation.name", required=True)
    postcode = fields.String(attribute="request.postcode", required=True)
    learners = fields.Integer(required=True)
    travel_km = fields.Float(required=True)
    travel_minutes = fields.Float(required=True)


class DecisionSchema(Schema):
    decision = fields.String(required=True, metadata={"enum": ["accepted", "declined"]})
    reason = fields.String(required=True)
    decided_at = UtcDateTime(required=True)


class CohortSchema(Schema):
    id = fields.Integer(required=True)
    cohort_key = fields.String(required=True)
    school_code = fields.String(attribute="school.code", required=True)
    school = fields.String(attribute="school.name", required=True)
    course_code = fields.String(required=True)
    course_title = fields.String(attribute="course.title", required=True)
    start_date = fields.Date(required=True)
    end_date = fields.Date(allow_none=True, metadata={"description": "Last course day"})
    hold_number = fields.Integer(required=True)
    participants = fields.Integer(required=True)
    seats_taken = fields.Integer(required=True)
    min_participants = fields.Integer(required=True)
    max_participants = fields.Integer(required=True)
    guaranteed = fields.Boolean(required=True)
    price_dkk = fields.Integer(required=True)
    members = fields.List(fields.Nested(MemberSchema), required=True)
    decision = fields.Nested(
        DecisionSchema, allow_none=True, required=True, metadata={"description": "The school's"}
    )


class UnplacedRequestSchema(Schema):
    request_id = fields.Integer(required=True)
    reference = fields.String(attribute="request.reference", required=True)
    organisation = fields.String(attribute="request.organisation.name", required=True)
    course_code = fields.String(attribute="request.course_code", required=True)
    learners = fields.Integer(required=True)
    reason = fields.String(required=True)
    detail = fields.String(required=True)
    fix = fields.String(allow_none=True, required=True)


class ProposalSchema(ProposalSummarySchema):
    cohorts = fields.List(fields.Nested(CohortSchema), required=True)
    unplaced = fields.List(fields.Nested(UnplacedRequestSchema), required=True)


@bp.route("/proposals", methods=["GET"])
@bp.access(COORDINATOR)
@bp.response(200, ProposalSummarySchema(many=True))
def list_proposals():
    """Your office's proposals, newest first."""
    return db_session().scalars(proposals_query(current_user).order_by(Proposal.id.desc())).all()


@bp.route("/proposals/<int:proposal_id>", methods=["GET"])
@bp.access(COORDINATOR, by_id=True)
@bp.response(200, ProposalSchema)
def get_proposal(proposal_id: int):
    """One proposal: its summary, every cohort with its members and the schools' answers,
    and every unplaced request with reason, detail and what would place it."""
    return own_proposal(current_user, proposal_id)


@bp.route("/proposals/<int:proposal_id>/document", methods=["GET"])
@bp.access(COORDINATOR, by_id=True)
@bp.response(200)
@bp.doc(
    responses={
        "200": {
            "description": "The document of `proposal.json`",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    }
)
def proposal_document(proposal_id: int):
    """The proposal as the command line writes `proposal.json`."""
    return jsonify(own_proposal(current_user, proposal_id).document)


@bp.route("/proposals/<int:proposal_id>/publish", methods=["POST"])
@bp.access(COORDINATOR, by_id=True)
@bp.response(200, ProposalSummarySchema)
def publish_proposal(proposal_id: int):
    """Publish a proposal: each school can then see and answer its cohorts. Publishing again
    changes nothing."""
    row = own_proposal(current_user, proposal_id)
    if row.published_at is None:
        row.published_at = datetime.now(UTC)
        row.published_by = current_user.id
        db_session().commit()
    return row
