"""Sign-in and sign-out, sessions with idle and absolute expiry, and bearer tokens.

Pages use Flask-Login sessions; the JSON API uses `Authorization: Bearer <token>` only
(never the session cookie, so no API call can be forged from another site).
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, current_app, session
from flask_login import LoginManager, current_user, logout_user
from sqlalchemy import select

from web.auth.access import is_api_request
from web.auth.passwords import token_digest
from web.auth.throttle import SignInThrottle
from web.db import db_session
from web.models import ApiToken, User

login_manager = LoginManager()


def init_app(app: Flask) -> None:
    app.extensions["sign_in_throttle"] = SignInThrottle()
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if is_api_request():
            return None  # the API takes bearer tokens only
        user = db_session().get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.active else None

    @login_manager.request_loader
    def load_from_token(req) -> User | None:
        if not is_api_request():
            return None
        scheme, _, value = req.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            return None
        token = db_session().scalar(
            select(ApiToken).where(
                ApiToken.token_sha256 == token_digest(value.strip()),
                ApiToken.revoked.is_(False),
            )
        )
        if token is None or not token.user.active:
            return None
        now = datetime.now(UTC)
        last = token.last_used_at
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=UTC)  # SQLite gives back naive UTC times
        if last is None or (now - last).total_seconds() > 60:
            token.last_used_at = now  # once a minute is enough to show a token is in use
            db_session().commit()
        return token.user

    @app.before_request
    def expire_sessions() -> None:
        if is_api_request() or not current_user.is_authenticated:
            return
        now = datetime.now(UTC).timestamp()
        started = session.get("signed_in_at", now)
        seen = session.get("last_seen", now)
        idle = current_app.config["SESSION_IDLE"].total_seconds()
        absolute = current_app.config["SESSION_ABSOLUTE"].total_seconds()
        if now - seen > idle or now - started > absolute:
            logout_user()
            session.clear()
            session["expired"] = True
            return
        session["last_seen"] = now
