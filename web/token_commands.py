"""`flask --app web create-token EMAIL [--label TEXT]`: a bearer token for the JSON API.

The token is printed once; only its SHA-256 is stored (as on the page `/konto/token`).
"""

from __future__ import annotations

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from web.auth.passwords import new_token, token_digest
from web.models import ApiToken, User


def create_token(session, email: str, label: str = "") -> str:
    """A new token for the active user `email` (stored hashed); the token itself."""
    user = session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))
    if user is None or not user.active:
        raise LookupError(f"no active user {email!r}")
    token = new_token()
    session.add(ApiToken(user_id=user.id, token_sha256=token_digest(token), label=label))
    return token


def register(app: Flask) -> None:
    @app.cli.command("create-token")
    @click.argument("email")
    @click.option("--label", default="command line", show_default=True, help="what it is for")
    def create_token_command(email: str, label: str) -> None:
        """Make an API token for a user and print it (shown only this once)."""
        with current_app.extensions["db_sessions"]() as session:
            try:
                token = create_token(session, email, label[:100])
            except LookupError as missing:
                raise click.UsageError(str(missing)) from None
            session.commit()
        click.echo(token)
