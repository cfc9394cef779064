"""Marshmallow schemas shared by the API's parts: the error body, times in UTC, plain text
input, and the signed-in user (`/api/me`). Each part keeps its own schemas beside its routes.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from marshmallow import Schema, ValidationError, fields

from web.models import Role


class UtcDateTime(fields.DateTime):
    """A moment, always written with its offset (SQLite gives back naive UTC times)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(value: str) -> None:
    """Text without control characters (no database stores a NUL everywhere)."""
    if _CONTROL.search(value):
        raise ValidationError("Control characters are not allowed.")


class ProblemSchema(Schema):
    row = fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "Position in the list sent (1 = first), or null for one item"},
    )
    column = fields.String(allow_none=True, required=True, metadata={"description": "Field"})
    message = fields.String(required=True, metadata={"description": "What was expected"})


class ErrorSchema(Schema):
    """The body of every error answer."""

    code = fields.Integer(required=True, metadata={"description": "HTTP status code"})
    status = fields.String(required=True, metadata={"description": "HTTP status name"})
    message = fields.String(metadata={"description": "What went wrong"})
    problems = fields.List(
        fields.Nested(ProblemSchema),
        metadata={"description": "Every problem found in what was sent (422)"},
    )


ROLES = [r.value for r in Role]


class OrganisationSchema(Schema):
    id = fields.Integer(required=True)
    slug = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)


class MeSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True, metadata={"enum": ROLES})
    organisation = fields.Nested(OrganisationSchema, required=True)
