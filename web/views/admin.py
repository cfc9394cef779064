"""Administration: organisations and their users."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pooling.i18n import _
from web.auth.access import access
from web.auth.passwords import MIN_PASSWORD_LENGTH
from web.db import db_session
from web.models import Organisation, Role
from web.scoping import organisation_for_admin
from web.seeding import create_user

bp = Blueprint("admin", __name__, url_prefix="/admin")
ADMIN = Role.ADMIN


@bp.route("/", methods=["GET"])
@access(ADMIN)
def index():
    organisations = (
        db_session()
        .scalars(select(Organisation).order_by(Organisation.kind, Organisation.name))
        .all()
    )
    return render_template("admin/index.html", organisations=organisations)


@bp.route("/organisationer", methods=["POST"])
@access(ADMIN)
def create_organisation():
    slug = (request.form.get("slug") or "").strip().lower()
    name = (request.form.get("name") or "").strip()
    kind = request.form.get("kind") or ""
    amk = (request.form.get("amk") or "").strip() or None
    if not slug or not name or kind not in {r.value for r in Role}:
        flash(_("Enter an id, a name and a kind for the organisation."), "error")
        return redirect(url_for("admin.index"))
    session = db_session()
    session.add(Organisation(slug=slug, name=name, kind=kind, amk=amk))
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        flash(_("An organisation with that id exists already."), "error")
        return redirect(url_for("admin.index"))
    flash(_("The organisation is created."), "success")
    return redirect(url_for("admin.index"))


@bp.route("/organisationer/<int:organisation_id>", methods=["GET", "POST"])
@access(ADMIN)
def organisation(organisation_id: int):
    org = organisation_for_admin(current_user, organisation_id)
    error = None
    if request.method == "POST":
        email = (request.form.get("email") or "").strip().lower()
        password = request.form.get("password") or ""
        if "@" not in email:
            error = _("Enter an email address.")
        elif len(password) < MIN_PASSWORD_LENGTH:
            error = _("Enter a password of at least {n} characters.").format(n=MIN_PASSWORD_LENGTH)
        else:
            session = db_session()
            try:
                create_user(session, email, password, org, Role(org.kind))
                session.commit()
            except IntegrityError:
                session.rollback()
                error = _("A user with that email address exists already.")
            else:
                flash(_("The user is created."), "success")
                return redirect(url_for("admin.organisation", organisation_id=org.id))
    return render_template("admin/organisation.html", org=org, error=error), 400 if error else 200
