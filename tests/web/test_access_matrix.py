"""The access matrix: every route, every role (and signed out), and the user's own id, another
organisation's id and an unknown id.

Built from `app.url_map`, so a new route is covered as soon as it exists, and a route without
a declared access rule, or with an id parameter this test does not know, fails the test.
Expected: signed out → sign-in page (pages) or 401 (API); a role the route does not admit →
403; an admitted role → its own id works, another organisation's id and an unknown id → 404.
"""

from __future__ import annotations

import shutil
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests.web.conftest import Client, _empty_pg, _seed_sample
from web import create_app
from web.auth.access import PUBLIC, rule_of, undeclared_endpoints
from web.auth.passwords import new_token, token_digest
from web.jobs.queue import create_job
from web.jobs.worker import work
from web.models import (
    ApiToken,
    Cohort,
    DemandRequest,
    Organisation,
    Proposal,
    School,
    SolveJob,
    Upload,
    User,
)

ACCOUNTS = ("jobcentre", "a-kasse", "firm", "coordinator", "school", "admin")
UNKNOWN_ID = 987654
HUGE_ID = 2**63  # beyond any database integer
COUNTS: Counter = Counter()


@pytest.fixture(scope="module")
def world(tmp_path_factory, sqlite_template, pg_database):
    """The sample with a published proposal, a second AMK's proposal, uploads and tokens."""
    if pg_database:
        _empty_pg(pg_database)
        accounts = _seed_sample(pg_database)
        url = pg_database
    else:
        path = tmp_path_factory.mktemp("matrix") / "matrix.sqlite3"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
        accounts = _seed_sample(url)
    app = create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "matrix"})
    sessions = app.extensions["db_sessions"]
    with sessions() as session:
        users = {
            a: session.scalar(select(User).where(User.email == e)) for a, e in accounts.items()
        }
        for account in ("coordinator", "coordinator2"):
            user = users[account]
            create_job(session, user.organisation_id, user.id, {"time_limit_s": 5, "seed": 1})
    work(sessions, app.config["JOB_STALE_AFTER"], once=True)
    own: dict[str, dict[str, int]] = {}
    foreign: dict[str, dict[str, int]] = {}
    tokens: dict[str, str] = {}
    with sessions() as session:
        now = datetime.now(UTC)
        for p in session.scalars(select(Proposal)):
            p.published_at = now
        for account, user in users.items():
            token = new_token()
            session.add(ApiToken(user_id=user.id, token_sha256=token_digest(token)))
            tokens[account] = token
            session.add(
                Upload(
                    organisation_id=user.organisation_id,
                    user_id=user.id,
                    filename="x.csv",
                    content=b"",
                    rows=[],
                    problems=[],
                )
            )
        session.commit()

        def first(query):
            found = session.scalar(query.limit(1))
            assert found is not None, f"the matrix needs {query}"
            return found

        def ids_for(account: str) -> dict[str, int]:
            user = users[account]
            org = user.organisation_id
            ids = {
                "organisation_id": org,
                "upload_id": first(select(Upload.id).where(Upload.organisation_id == org)),
            }
            request_id = session.scalar(
                select(DemandRequest.id).where(DemandRequest.organisation_id == org).limit(1)
            )
            if request_id:
                ids["request_id"] = request_id
            job = session.scalar(select(SolveJob).where(SolveJob.organisation_id == org))
            if job is not None:
                ids["job_id"] = job.id
                ids["proposal_id"] = job.proposal_id
            cohort = session.scalar(
                select(Cohort.id)
                .join(School, Cohort.school_id == School.id)
                .where(School.organisation_id == org)
                .limit(1)
            )
            if cohort is None and job is not None:
                cohort = session.scalar(
                    select(Cohort.id).where(Cohort.proposal_id == job.proposal_id).limit(1)
                )
            if cohort is not None:
                ids["cohort_id"] = cohort
            return ids

        for account in ACCOUNTS:
            own[account] = ids_for(account)
            other = "coordinator2" if account == "coordinator" else f"{account}2"
            foreign[account] = ids_for(other) if other in users else {}
        # The admin's organisation pages: every organisation is the admin's to see.
        admin_foreign = first(
            select(Organisation.id).where(Organisation.id != users["admin"].organisation_id)
        )
        own["admin"]["organisation_id"] = admin_foreign
        # A school's cohort of the coordinator's proposal that belongs to another school.
        own_school = own["school"]["cohort_id"]
        foreign["school"]["cohort_id"] = first(
            select(Cohort.id).where(
                Cohort.id != own_school,
                Cohort.school_id != first(select(Cohort.school_id).where(Cohort.id == own_school)),
            )
        )
    yield {"app": app, "accounts": accounts, "own": own, "foreign": foreign, "tokens": tokens}
    app.extensions["db_engine"].dispose()


def _routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        for method in sorted(rule.methods & {"GET", "POST", "PUT", "PATCH", "DELETE"}):
            yield rule, method


def test_every_route_declares_access():
    """Tests that no route lacks an access rule (the app also refuses to start with one)."""
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "x"})
    assert undeclared_endpoints(app) == []


KNOWN_PARAMS = {"request_id", "upload_id", "job_id", "proposal_id", "cohort_id", "organisation_id"}


def _path(rule, values: dict[str, object]) -> str:
    path = rule.rule
    for argument in rule.arguments:
        converter = rule._converters[argument]
        placeholder = f"<{argument}>"
        for prefix in ("int:", "string:", "path:"):
            path = path.replace(f"<{prefix}{argument}>", placeholder)
        if type(converter).__name__ == "IntegerConverter" and argument not in KNOWN_PARAMS:
            raise AssertionError(f"{rule.rule}: the access matrix does not know the id {argument}")
        path = path.replace(placeholder, str(values[argument]))
    return path


def _call(client: Client, method: str, path: str, token: str | None):
    headers = {"Referer": "https://localhost/"}
    if path.startswith("/api/"):
        if token:
            headers["Authorization"] = f"Bearer {token}"
        kwargs = {"headers": headers, "base_url": "https://localhost"}
        if method in ("POST", "PUT", "PATCH"):
            kwargs["json"] = {}
        return client.http.open(path, method=method, **kwargs)
    if method == "GET":
        return client.http.get(path, headers=headers, base_url="https://localhost")
    data = {"csrf_token": client.page_token()}
    return client.http.open(
        path, method=method, data=data, headers=headers, base_url="https://localhost"
    )


@pytest.fixture(scope="module")
def clients(world):
    made = {}
    for account in ACCOUNTS:
        client = Client(world["app"])
        assert client.sign_in(world["accounts"][account]).status_code == 302
        made[account] = client
    made[None] = Client(world["app"])
    return made


def test_access_matrix(world, clients):
    """Tests every route for every role and id: no leak, no wrongly refused owner."""
    app = world["app"]
    failures: list[str] = []
    cases = 0
    for rule, method in _routes(app):
        if rule.endpoint == "auth.sign_out":
            continue  # tested below: it would end the clients' sessions
        allowed = rule_of(app, rule.endpoint)
        assert allowed is not None, f"{rule.rule} declares no access rule"
        int_args = [a for a in rule.arguments if a in KNOWN_PARAMS or a not in ("lang",)]
        defaults = {"lang": "da"}
        for account in (None, *ACCOUNTS):
            client = clients[account]
            token = world["tokens"].get(account) if account else None
            variants = {"own": world["own"].get(account, {})} if account else {"own": {}}
            if int_args and account:
                variants["foreign"] = world["foreign"][account]
                variants["unknown"] = dict.fromkeys(KNOWN_PARAMS, UNKNOWN_ID)
                variants["huge"] = dict.fromkeys(KNOWN_PARAMS, HUGE_ID)
            for variant, ids in variants.items():
                values = {**defaults, **dict.fromkeys(KNOWN_PARAMS, UNKNOWN_ID), **ids}
                missing_own = variant == "own" and any(a not in ids for a in int_args)
                if account and missing_own and account in allowed:
                    variant = "none-of-own"  # no own id of this kind: it must be 404, never data
                path = _path(rule, values)
                response = _call(client, method, path, token)
                status = response.status_code
                cases += 1
                COUNTS[variant] += 1
                where = f"{method} {path} as {account or 'signed out'} ({variant}): {status}"
                if status >= 500:
                    failures.append(where + " server error")
                elif PUBLIC in allowed:
                    if status in (401, 403):
                        failures.append(where + " public route refused")
                elif account is None:
                    expected = (401,) if path.startswith("/api/") else (302,)
                    if status not in expected:
                        failures.append(where + f" expected {expected}")
                    elif status == 302 and "/log-ind" not in response.headers["Location"]:
                        failures.append(where + " not sent to sign in")
                elif account not in allowed:
                    if status != 403:
                        failures.append(where + " expected 403")
                elif variant in ("foreign", "unknown", "huge", "none-of-own"):
                    if int_args and status != 404:
                        failures.append(where + " expected 404 (leak)")
                elif status in (401, 403, 404):
                    failures.append(where + " owner refused")
    print(f"access matrix: {cases} cases {dict(COUNTS)}")
    assert not failures, "\n".join(failures)
    assert cases > 300


def test_sign_out_needs_a_signed_in_user(world):
    """Tests that signing out is refused signed out and works for every role."""
    anonymous = Client(world["app"])
    response = anonymous.http.post("/log-ud", base_url="https://localhost")
    assert response.status_code in (302, 400)
    for account in ACCOUNTS:
        client = Client(world["app"])
        client.sign_in(world["accounts"][account])
        response = client.post("/log-ud")
        assert response.status_code == 302
        assert client.http.get("/behov/", base_url="https://localhost").status_code == 302
