"""The schemas of the requests API (`web.api.requests`): a request as sent, as stored, and
in detail with where the latest published proposal puts it and its history."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from web.api.schemas import UtcDateTime, plain_text


class RequestInSchema(Schema):
    reference = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=60), plain_text],
        metadata={
            "description": "Your own name for the request, unique among yours",
            "example": "JC-2027-017",
        },
    )
    course_code = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=10), plain_text],
        metadata={"description": "AMU number", "example": "48586"},
    )
    learners = fields.Integer(required=True, strict=True, metadata={"example": 3})
    postcode = fields.String(
        required=True,
        validate=[validate.Length(min=1, max=10), plain_text],
        metadata={"description": "Where the learners live (4 digits)", "example": "8000"},
    )
    earliest_start = fields.Date(required=True, metadata={"example": "2027-02-01"})
    latest_start = fields.Date(required=True, metadata={"example": "2027-03-31"})
    max_travel_km = fields.Float(required=True, metadata={"description": "One way", "example": 60})
    max_travel_minutes = fields.Float(
        load_default=None,
        allow_none=True,
        metadata={"description": "One way, optional", "example": 75},
    )
    keep_together = fields.Boolean(load_default=False, metadata={"example": False})
    priority = fields.Integer(
        load_default=2, strict=True, metadata={"description": "1 (first) to 3", "example": 2}
    )


class RequestSchema(Schema):
    id = fields.Integer(required=True)
    reference = fields.String(required=True)
    course_code = fields.String(required=True)
    course_title = fields.String(attribute="course.title", required=True)
    learners = fields.Integer(required=True)
    postcode = fields.String(required=True)
    earliest_start = fields.Date(required=True)
    latest_start = fields.Date(required=True)
    max_travel_km = fields.Float(required=True)
    max_travel_minutes = fields.Float(allow_none=True, required=True)
    keep_together = fields.Boolean(required=True)
    priority = fields.Integer(required=True)
    withdrawn = fields.Boolean(required=True)
    created_at = UtcDateTime(required=True)
    updated_at = UtcDateTime(required=True)


class PlacementSchema(Schema):
    cohort_key = fields.String(required=True)
    school = fields.String(required=True)
    course_code = fields.String(required=True)
    start_date = fields.Date(required=True)
    learners = fields.Integer(required=True)
    travel_km = fields.Float(required=True)
    travel_minutes = fields.Float(required=True)


class UnplacedSchema(Schema):
    learners = fields.Integer(required=True)
    reason = fields.String(required=True)
    detail = fields.String(required=True)
    fix = fields.String(allow_none=True, required=True)


class OutcomeSchema(Schema):
    proposal_id = fields.Integer(required=True)
    published_at = UtcDateTime(required=True)
    learners_placed = fields.Integer(required=True)
    placements = fields.List(fields.Nested(PlacementSchema), required=True)
    unplaced = fields.List(fields.Nested(UnplacedSchema), required=True)


class ChangeSchema(Schema):
    action = fields.String(required=True)
    at = UtcDateTime(required=True)
    user_id = fields.Integer(allow_none=True, required=True)
    changes = fields.Dict(required=True)


class RequestDetailSchema(RequestSchema):
    outcome = fields.Nested(
        OutcomeSchema,
        allow_none=True,
        required=True,
        metadata={"description": "Where the latest published proposal puts it, or null"},
    )
    changes = fields.List(fields.Nested(ChangeSchema), required=True)
