"""Tests of API tokens: the page `/konto/token` (`web.views.tokens`) and the command
`flask create-token` (`web.token_commands`)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.web.test_api import Api
from web.auth.passwords import token_digest
from web.models import ApiToken


def test_token_page_makes_and_revokes(app, signed_in, sessions, sample):
    """Tests that a signed-in user makes a token shown once and stored only as its SHA-256,
    that it works in the API, and that revoking it ends its access."""
    browser = signed_in("school")
    assert browser.get("/konto/token").status_code == 200
    page = browser.post("/konto/token", data={"label": "Skemasystem"})
    html = page.get_data(as_text=True)
    token = re.search(r'<code id="new-token">([^<]+)</code>', html).group(1)
    with sessions() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.label == "Skemasystem"))
        assert row.token_sha256 == token_digest(token) != token
        assert session.scalar(select(func.count()).where(ApiToken.token_sha256 == token)) == 0
        token_id = row.id
    assert "Skemasystem" in browser.get("/konto/token").get_data(as_text=True)
    assert token not in browser.get("/konto/token").get_data(as_text=True)
    assert Api(app, token).get("/api/me").get_json()["email"] == sample["school"]
    # Another user cannot revoke it.
    assert signed_in("school2").post("/konto/token", {"revoke": token_id}).status_code == 404
    assert Api(app, token).get("/api/me").status_code == 200
    assert browser.post("/konto/token", {"revoke": token_id}).status_code == 302
    assert Api(app, token).get("/api/me").status_code == 401
    assert "Tilbagekaldt" in browser.get("/konto/token").get_data(as_text=True)
    for unknown in ("999999", "x", "99999999999999999999"):
        assert browser.post("/konto/token", {"revoke": unknown}).status_code == 404


def test_token_page_refuses_a_long_name(signed_in, sessions):
    """Tests that a name over 100 characters is refused with an error and no token made."""
    response = signed_in("firm").post("/konto/token", data={"label": "x" * 101})
    assert response.status_code == 400
    assert "error-summary" in response.get_data(as_text=True)
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_token_page_needs_sign_in(client):
    """Tests that the token page sends a signed-out visitor to sign in."""
    response = client.http.get("/konto/token", base_url="https://localhost")
    assert response.status_code == 302
    assert "/log-ind" in response.headers["Location"]


def test_create_token_command(app, sample):
    """Tests that `flask create-token EMAIL` prints a working token, and refuses an unknown
    user."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["create-token", sample["coordinator"], "--label", "batch"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert Api(app, token).get("/api/me").get_json()["role"] == "coordinator"
    missing = runner.invoke(args=["create-token", "nobody@example.org"])
    assert missing.exit_code != 0
    assert "no active user" in missing.output


def test_bearer_scheme_in_any_case_and_last_use_recorded(app, sample, sessions):
    """Tests that 'bearer' in lower case is accepted and the token's last use is recorded."""
    from sqlalchemy import select

    from web.auth.passwords import new_token, token_digest
    from web.models import ApiToken, User

    token = new_token()
    with sessions() as session:
        user = session.scalar(select(User).where(User.email == "school@demo.example"))
        session.add(ApiToken(user_id=user.id, token_sha256=token_digest(token)))
        session.commit()
    client = app.test_client()
    response = client.get("/api/me", headers={"Authorization": f"bearer {token}"})
    assert response.status_code == 200
    with sessions() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == token_digest(token)))
        assert row.last_used_at is not None
