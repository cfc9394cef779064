"""Fixtures of the web tests: an app on a database built by the migrations, signed-in clients.

SQLite by default (a migrated template file copied per test). With `POOLING_TEST_DATABASE_URL`
set to a PostgreSQL server URL, a database is created for the run, migrated once, and emptied
between tests.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from pooling.validation import load_scenario
from web import create_app
from web.db import migrate
from web.models import Base, Organisation, Role
from web.seeding import DEMO_PASSWORD, create_user, demo_accounts, get_or_create_organisation
from web.seeding import load_scenario as store_scenario

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "sample" / "ostjylland-2027q1"
PG_URL = os.environ.get("POOLING_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_database():
    if not PG_URL:
        yield None
        return
    from web.config import normalise_database_url

    admin_url = normalise_database_url(PG_URL)
    name = f"pooling_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    migrate(url)
    yield url
    engine = create_engine(url)
    engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _seed_sample(url: str) -> dict[str, str]:
    """Load the sample, one demo account per role and a second organisation's user per role."""
    from sqlalchemy import select
    from sqlalchemy.orm import sessionmaker

    from web.auth.passwords import hash_password
    from web.db import make_engine

    digest = hash_password(DEMO_PASSWORD)
    engine = make_engine(url)
    with sessionmaker(engine)() as session:
        store_scenario(session, load_scenario(SAMPLE))
        accounts = {role: email for role, email, _ in demo_accounts(session, digest)}
        other_amk = get_or_create_organisation(
            session, "amk-syd", "AMK Syd", "coordinator", amk="AMK Syd"
        )
        create_user(
            session, "coordinator2@demo.example", DEMO_PASSWORD, other_amk, Role.COORDINATOR, digest
        )
        accounts["coordinator2"] = "coordinator2@demo.example"
        for role, slug in SECOND_ORGANISATIONS.items():
            org = session.scalar(select(Organisation).where(Organisation.slug == slug))
            email = f"{role.replace('-', '')}2@demo.example"
            create_user(session, email, DEMO_PASSWORD, org, Role(role), digest)
            accounts[f"{role}2"] = email
        session.commit()
    engine.dispose()
    return accounts


SECOND_ORGANISATIONS = {
    "jobcentre": "jobcenter-730",
    "a-kasse": "akasse-metal",
    "firm": "firm-0002",
    "school": "school-mercantec",
}


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory, sqlite_template) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("sample") / "sample.sqlite3"
    shutil.copy(sqlite_template, path)
    return path, _seed_sample(f"sqlite:///{path}")


def _empty_pg(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def database_url(request, tmp_path, sqlite_template, pg_database) -> str:
    """An empty migrated database, or the sample's when the test asks for `sample`."""
    wants_sample = "sample" in request.fixturenames
    if pg_database:
        _empty_pg(pg_database)
        if wants_sample:
            request.node.sample_accounts = _seed_sample(pg_database)
        return pg_database
    path = tmp_path / "pooling.sqlite3"
    if wants_sample:
        template, accounts = request.getfixturevalue("sample_template")
        shutil.copy(template, path)
        request.node.sample_accounts = accounts
    else:
        shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(database_url):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "SESSION_COOKIE_SECURE": True,
        }
    )
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def sessions(app):
    return app.extensions["db_sessions"]


@pytest.fixture
def sample(request, app) -> dict[str, str]:
    """The shipped sample with one demo account per role and a second organisation's user per
    role (`jobcentre2`, `akasse2`, `firm2`, `school2`, `coordinator2`): account -> email."""
    return request.node.sample_accounts


class Client:
    """A test client that signs in and checks every HTML page it gets: one h1, unique ids,
    every form with an action and, for POST forms, a CSRF token."""

    def __init__(self, app):
        self.app = app
        self.http = app.test_client()
        self.csrf = None

    def _token(self) -> str:
        page = self.http.get("/log-ind", base_url="https://localhost").get_data(as_text=True)
        return page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]

    def sign_in(self, email: str, password: str = DEMO_PASSWORD):
        token = self._token()
        return self.http.post(
            "/log-ind",
            data={"email": email, "password": password, "csrf_token": token},
            base_url="https://localhost",
            headers={"Referer": "https://localhost/log-ind"},
        )

    def get(self, path: str, **kwargs):
        response = self.http.get(path, base_url="https://localhost", **kwargs)
        self.check(response)
        return response

    def post(self, path: str, data=None, with_token: bool = True, **kwargs):
        data = dict(data or {})
        if with_token:
            data.setdefault("csrf_token", self.page_token())
        kwargs.setdefault("headers", {"Referer": "https://localhost/"})
        response = self.http.post(path, data=data, base_url="https://localhost", **kwargs)
        self.check(response)
        return response

    def page_token(self) -> str:
        page = self.http.get("/log-ind", base_url="https://localhost").get_data(as_text=True)
        if 'name="csrf_token"' not in page:
            page = self.http.get("/", base_url="https://localhost", follow_redirects=True).get_data(
                as_text=True
            )
        marker = 'name="csrf_token" value="'
        if marker in page:
            return page.split(marker)[1].split('"')[0]
        return page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]

    @staticmethod
    def check(response) -> None:
        if response.mimetype != "text/html" or response.status_code in (301, 302, 303):
            return
        html = response.get_data(as_text=True)
        if "<html" not in html:
            return  # a fragment (htmx), not a page
        assert html.count("<h1") == 1, "a page has exactly one h1"
        import re

        ids = re.findall(r'\sid="([^"]+)"', html)
        assert len(ids) == len(set(ids)), (
            f"ids are unique: {sorted(i for i in ids if ids.count(i) > 1)}"
        )
        for form in re.findall(r"<form[^>]*>", html):
            assert "action=" in form, f"form has an action: {form}"
        assert "<script>" not in html, "no inline script"
        assert ' style="' not in html, "no inline style"


@pytest.fixture
def client(app):
    return Client(app)


@pytest.fixture
def signed_in(app, sample):
    """`signed_in("jobcentre")` is a client signed in with that demo account."""

    def make(account: str) -> Client:
        c = Client(app)
        response = c.sign_in(sample[account])
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return c

    return make
