"""Tests of the JSON API (`web.api`) as a whole: its OpenAPI document, 401 without a valid
token, 403 for every other role, `/api/me` and the docs page. The parts' operations are
tested in `test_api_requests.py` and `test_api_coordinator.py`; the helpers here serve them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from web.auth.passwords import token_digest
from web.jobs.queue import claim_next
from web.jobs.worker import run_job
from web.models import ApiToken, JobStatus, Proposal, SolveJob, User
from web.token_commands import create_token

ROLES = ("jobcentre", "a-kasse", "firm", "coordinator", "school", "admin")


class Api:
    """The test client speaking to the API with one account's bearer token."""

    def __init__(self, app, token: str | None):
        self.http = app.test_client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str):
        return self.http.get(path, headers=self.headers)

    def post(self, path: str, json=None):
        return self.http.post(path, json=json, headers=self.headers)

    def put(self, path: str, json=None):
        return self.http.put(path, json=json, headers=self.headers)


def token_for(sessions, email: str) -> str:
    with sessions() as session:
        token = create_token(session, email, "test")
        session.commit()
    return token


def clients(app, sample, sessions):
    """`clients(...)("jobcentre")` is an `Api` with that demo account's token."""
    with sessions() as session:
        made = {account: create_token(session, email) for account, email in sample.items()}
        session.commit()
    return lambda account: Api(app, made[account])


def user_of(sessions, email: str) -> User:
    with sessions() as session:
        return session.scalar(select(User).where(User.email == email))


def make_proposal(app, sessions, email: str) -> int:
    """A proposal of the coordinator's area, queued through the API and made by the worker
    (greedy, quick); its id."""
    coordinator = user_of(sessions, email)
    response = Api(app, token_for(sessions, email)).post(
        "/api/jobs", json={"method": "greedy", "time_limit_s": 5, "seed": 1}
    )
    assert response.status_code == 202
    job_id = response.get_json()["id"]
    with sessions() as session:
        claimed = claim_next(session, "test-worker")
        assert claimed.id == job_id
    run_job(sessions, job_id)
    with sessions() as session:
        job = session.get(SolveJob, job_id)
        assert job.status == JobStatus.FINISHED, job.error
        made = session.get(Proposal, job.proposal_id)
        assert made.organisation_id == coordinator.organisation_id
        return made.id


@pytest.fixture
def api(app, sample, sessions):
    return clients(app, sample, sessions)


@pytest.fixture
def spec(app) -> dict:
    return app.test_client().get("/api/openapi.json").get_json()


def _operations(spec: dict) -> list[tuple[str, str, list[str]]]:
    return [
        (method.upper(), re.sub(r"\{[a-z_]+\}", "1", path), op["x-roles"])
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in ("get", "post", "put")
    ]


def test_openapi_document_lists_every_operation(spec):
    """Tests that the OpenAPI document is public and names every operation of the API, each
    with its roles, a bearer security requirement and 401/403 answers."""
    found = {(m, p) for m, p, _ in _operations(spec)}
    assert len(found) == 18
    assert ("POST", "/api/requests/1/withdraw") in found
    assert ("POST", "/api/school/cohorts/1/decision") in found
    for item in spec["paths"].values():
        for method, op in item.items():
            if method == "parameters":
                continue
            assert op["security"] == [{"bearerAuth": []}]
            assert {"401", "403"} <= set(op["responses"])
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_every_operation_needs_a_token(app, sample, spec, sessions):
    """Tests that every operation answers 401 with a JSON error and a WWW-Authenticate header
    without a token, with an unknown token and with a revoked one."""
    revoked = token_for(sessions, sample["jobcentre"])
    with sessions() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_sha256 == token_digest(revoked)))
        row.revoked = True
        session.commit()
    operations = _operations(spec)
    for token in (None, "kp_not-a-token", revoked):
        client = Api(app, token)
        for method, path, _ in operations:
            response = client.http.open(path, method=method, json={}, headers=client.headers)
            assert response.status_code == 401, (method, path, token)
            assert response.get_json()["code"] == 401
            assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_session_cookie_is_not_accepted(signed_in):
    """Tests that a signed-in browser session gives no access to the API (bearer only)."""
    browser = signed_in("jobcentre")
    assert browser.http.get("/api/me", base_url="https://localhost").status_code == 401


def test_other_roles_get_403(api, spec):
    """Tests that every operation answers 403 to each role it does not admit, before it looks
    at the id or the body."""
    checked = 0
    for method, path, roles in _operations(spec):
        for role in ROLES:
            if role in roles:
                continue
            client = api(role)
            response = client.http.open(path, method=method, json={}, headers=client.headers)
            assert response.status_code == 403, (method, path, role)
            assert response.get_json()["status"] == "Forbidden"
            checked += 1
    assert checked > 50


@pytest.mark.parametrize("account", ROLES)
def test_me(api, sample, account):
    """Tests that /api/me names the token's user, role and organisation."""
    body = api(account).get("/api/me").get_json()
    assert body["email"] == sample[account]
    assert body["role"] == account
    assert body["organisation"]["kind"] == ("coordinator" if account == "coordinator" else account)


def test_docs_page_lists_every_operation(client, spec):
    """Tests that the docs page is public, readable HTML drawn from the OpenAPI document:
    every operation and schema appears, with no script of its own."""
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for method, path, _ in _operations(spec):
        template = path.replace("/1", "/{", 1)
        assert f"{method} " in html and template.split("{")[0] in html
    for path in spec["paths"]:
        assert path in html
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert "Authorization: Bearer" in html
