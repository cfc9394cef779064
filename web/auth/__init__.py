"""Sign-in and sign-out, sessions with idle and absolute expiry, and bearer tokens.

Pages use Flask-Login sessions; the JSON API uses `Authorization: Bearer <token>` only
(never the session cookie, so no API call can be forged from another site).
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, current_app, request, session
from flask_login import LoginManager, current_user, logout_user
from sqlalchemy import select

from web.auth.passwords import token_digest
from web.db import db_session
from web.models import ApiToken, User

login_manager = LoginManager()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if request.blueprint == "api":
            return None  # the API takes bearer tokens only
        user = db_session().get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.active else None

    @login_manager.request_loader
    def load_from_token(req) -> User | None:
        if req.blueprint != "api":
            return None
        header = req.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None
        token = db_session().scalar(
            select(ApiToken).where(
                ApiToken.token_sha256 == token_digest(header[7:].strip()),
                ApiToken.revoked.is_(False),
            )
        )
        if token is None or not token.user.active:
            return None
        return token.user

    @app.before_request
    def expire_sessions() -> None:
        if request.blueprint == "api" or not current_user.is_authenticated:
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
