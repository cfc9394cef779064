"""API tokens page (`/konto/token`): any signed-in user makes a bearer token for the JSON
API, sees it once, and revokes tokens. Only a token's SHA-256 is stored, so a lost token
cannot be shown again, only revoked and replaced."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from pooling.i18n import _
from web.auth.access import access
from web.auth.passwords import new_token, token_digest
from web.db import db_session
from web.models import ApiToken, Role
from web.scoping import own_token

bp = Blueprint("tokens", __name__, url_prefix="/konto/token")
MAX_LABEL = 100


def _render(new: str | None = None, error: str | None = None, label: str = "", status=200):
    tokens = (
        db_session()
        .scalars(
            select(ApiToken)
            .where(ApiToken.user_id == current_user.id)
            .order_by(ApiToken.revoked, ApiToken.id.desc())
        )
        .all()
    )
    return (
        render_template("tokens/index.html", tokens=tokens, new=new, error=error, label=label),
        status,
    )


@bp.route("", methods=["GET", "POST"])
@access(*Role)
def index():
    """GET: the user's tokens; POST: make a token, or revoke one (`revoke=<id>`)."""
    if request.method == "GET":
        return _render()
    if "revoke" in request.form:
        return _revoke(request.form["revoke"])
    label = (request.form.get("label") or "").strip()
    if len(label) > MAX_LABEL:
        error = _("Enter a name of at most {n} characters.").format(n=MAX_LABEL)
        return _render(error=error, label=label, status=400)
    token = new_token()
    session = db_session()
    session.add(ApiToken(user_id=current_user.id, token_sha256=token_digest(token), label=label))
    session.commit()
    return _render(new=token)


def _revoke(token_id: str):
    if not token_id.isascii() or not token_id.isdigit() or len(token_id) > 9:
        abort(404)
    token = own_token(current_user, int(token_id))
    if not token.revoked:
        token.revoked = True
        db_session().commit()
        flash(_("The token is revoked: it no longer gives access."), "success")
    return redirect(url_for("tokens.index"))
