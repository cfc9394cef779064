"""Tests of the security set-up: headers, cookies, CSRF, sign-in, session expiry."""

from __future__ import annotations

from web.headers import CSP


def test_security_headers_on_every_page(client):
    """Tests that a page carries the CSP (no inline script, nothing from elsewhere) and friends."""
    response = client.get("/log-ind")
    assert response.headers["Content-Security-Policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_session_cookie_flags(client, sample):
    """Tests that the session cookie is Secure, HttpOnly and SameSite."""
    response = client.sign_in(sample["jobcentre"])
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_post_without_csrf_token_is_refused(client, sample):
    """Tests that a form posted without its CSRF token is refused."""
    response = client.http.post(
        "/log-ind",
        data={"email": sample["jobcentre"], "password": "demo-kode-2027"},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/log-ind"},
    )
    assert response.status_code == 400


def test_wrong_password(client, sample):
    """Tests that a wrong password gives one clear error and no session."""
    response = client.sign_in(sample["jobcentre"], password="forkert-kode-123")
    assert response.status_code == 400
    assert 'class="error-summary"' in response.get_data(as_text=True)
    assert client.http.get("/behov/", base_url="https://localhost").status_code == 302


def test_idle_session_expires(app, client, sample):
    """Tests that a session idle for longer than the limit is signed out."""
    client.sign_in(sample["jobcentre"])
    assert client.get("/behov/").status_code == 200
    with client.http.session_transaction() as session:
        session["last_seen"] -= app.config["SESSION_IDLE"].total_seconds() + 1
    response = client.http.get("/behov/", base_url="https://localhost")
    assert response.status_code == 302 and "/log-ind" in response.headers["Location"]


def test_absolute_session_limit(app, client, sample):
    """Tests that a session older than the absolute limit ends even when active."""
    client.sign_in(sample["jobcentre"])
    with client.http.session_transaction() as session:
        session["signed_in_at"] -= app.config["SESSION_ABSOLUTE"].total_seconds() + 1
    response = client.http.get("/behov/", base_url="https://localhost")
    assert response.status_code == 302


def test_open_redirect_is_not_followed(client, sample):
    """Tests that a sign-in 'next' to another site is ignored."""
    token = client._token()
    response = client.http.post(
        "/log-ind?next=https://evil.example/",
        data={"email": sample["jobcentre"], "password": "demo-kode-2027", "csrf_token": token},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/log-ind"},
    )
    assert response.headers["Location"] == "/behov/"


def test_english_by_the_switch(client, sample):
    """Tests that the language switch shows pages in English and back in Danish."""
    client.sign_in(sample["jobcentre"])
    assert "Mine behov" in client.get("/behov/").get_data(as_text=True)
    client.post("/sprog/en", data={"next": "/behov/"})
    page = client.get("/behov/").get_data(as_text=True)
    assert "My requests" in page and 'lang="en"' in page


def test_error_pages_are_html_for_pages(client, sample):
    """Tests that a missing page is an HTML page, not JSON."""
    client.sign_in(sample["jobcentre"])
    response = client.get("/behov/999999")
    assert response.status_code == 404 and response.mimetype == "text/html"


def test_password_guessing_is_slowed(app, client, sample):
    """Tests that after ten failed sign-ins from one address even the right password waits."""
    for _ in range(10):
        assert client.sign_in(sample["jobcentre"], password="gaet-1234567").status_code == 400
    response = client.sign_in(sample["jobcentre"])
    assert response.status_code == 429
    assert client.http.get("/behov/", base_url="https://localhost").status_code == 302
