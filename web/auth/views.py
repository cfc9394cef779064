"""Sign-in, sign-out and the language switch."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired

from pooling.i18n import _
from web.auth.access import PUBLIC, access
from web.auth.passwords import password_matches
from web.db import db_session
from web.models import Role, User

bp = Blueprint("auth", __name__)


class SignInForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired()])
    password = PasswordField("Adgangskode", validators=[DataRequired()])


HOME = {
    Role.JOBCENTRE: "demand.index",
    Role.A_KASSE: "demand.index",
    Role.FIRM: "demand.index",
    Role.COORDINATOR: "coordinator.overview",
    Role.SCHOOL: "school.inbox",
    Role.ADMIN: "admin.index",
}


def home_url() -> str:
    return url_for(HOME[Role(current_user.role)])


def _safe_next(target: str | None) -> str | None:
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/", methods=["GET"])
@access(PUBLIC)
def index():
    if current_user.is_authenticated:
        return redirect(home_url())
    return redirect(url_for("auth.sign_in"))


@bp.route("/log-ind", methods=["GET", "POST"])
@access(PUBLIC)
def sign_in():
    form = SignInForm()
    form.email.label.text = _("Email address")
    form.password.label.text = _("Password")
    error = None
    throttle = current_app.extensions["sign_in_throttle"]
    address = request.remote_addr or "unknown"
    if request.method == "POST" and throttle.blocked(address):
        error = _("Too many failed sign-ins. Wait 10 minutes and try again.")
        return render_template("auth/sign_in.html", form=form, error=error), 429
    if session.pop("expired", False):
        flash(_("You were signed out because you had been inactive. Sign in again."), "info")
    if form.validate_on_submit():
        email = form.email.data.strip().lower()
        user = db_session().scalar(select(User).where(func.lower(User.email) == email))
        if (
            user is not None
            and user.active
            and password_matches(user.password_hash, form.password.data)
        ):
            session.clear()
            login_user(user)
            now = datetime.now(UTC)
            session.permanent = True
            session["signed_in_at"] = session["last_seen"] = now.timestamp()
            user.last_sign_in_at = now
            db_session().commit()
            return redirect(_safe_next(request.args.get("next")) or home_url())
        throttle.failed(address)
        error = _("The email address or password is not right. Check them and try again.")
    elif request.method == "POST":
        error = _("Enter your email address and password.")
    return render_template("auth/sign_in.html", form=form, error=error), 200 if not error else 400


@bp.route("/log-ud", methods=["POST"])
@access(*Role)
def sign_out():
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.sign_in"))


@bp.route("/sprog/<lang>", methods=["POST"])
@access(PUBLIC)
def set_language(lang: str):
    if lang in ("da", "en"):
        session["lang"] = lang
    return redirect(_safe_next(request.form.get("next")) or url_for("auth.index"))


@bp.route("/sundhed", methods=["GET"])
@access(PUBLIC)
def health():
    db_session().execute(select(1))
    return {"status": "ok"}
