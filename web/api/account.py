"""`GET /api/me`: who the token belongs to (any role); a first call to try a token with."""

from __future__ import annotations

from flask_login import current_user

from web.api.blueprint import ApiBlueprint
from web.api.schemas import MeSchema
from web.models import Role

bp = ApiBlueprint("account", __name__, tag="Account", description="The token's user.")


@bp.route("/me", methods=["GET"])
@bp.access(*Role)
@bp.response(200, MeSchema)
def me():
    """The user the token belongs to, with role and organisation."""
    return current_user
