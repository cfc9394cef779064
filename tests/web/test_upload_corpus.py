"""Tests that every file of the input corpus (`tests/pooling/corpus.py`), uploaded through the
web page as a demand file, is answered with a page: never a server error, never a CPR number
shown back, nothing stored unless the file is good, and a problem named for a file whose
requests table is bad.

A case that is a whole scenario uploads its workbook, or its requests.csv when it is a folder
of CSV files (the upload page takes requests only; courses, schools and offers are the
catalogue's)."""

from __future__ import annotations

import io
import shutil
import time
from collections import Counter

import pytest
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from tests.pooling.corpus import Case, cases
from tests.web.conftest import Client
from web import create_app
from web.models import DemandRequest, Upload


def _the_file(case: Case) -> tuple[str, bytes] | None:
    if "scenario.xlsx" in case.files:
        return "scenario.xlsx", case.files["scenario.xlsx"]
    if "requests.csv" in case.files:
        return "requests.csv", case.files["requests.csv"]
    return None


@pytest.fixture(scope="module")
def uploader(tmp_path_factory, sample_template, pg_database):
    if pg_database:
        pytest.skip("the corpus is run on SQLite; PostgreSQL stores the same rows")
    template, accounts = sample_template
    path = tmp_path_factory.mktemp("corpus") / "corpus.sqlite3"
    shutil.copy(template, path)
    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{path}", "SECRET_KEY": "c"})
    client = Client(app)
    assert client.sign_in(accounts["jobcentre"]).status_code == 302
    yield app, client
    app.extensions["db_engine"].dispose()


def test_every_corpus_file_through_the_upload_page(uploader):
    """Tests the whole corpus through the upload page, one file after another."""
    app, client = uploader
    sessions = app.extensions["db_sessions"]
    with sessions() as session:
        before = session.scalar(select(func.count()).select_from(DemandRequest))
    outcomes: Counter = Counter()
    slowest = (0.0, "")
    failures = []
    for case in cases():
        chosen = _the_file(case)
        if chosen is None:
            continue
        name, data = chosen
        started = time.perf_counter()
        builder = EnvironBuilder(
            path="/upload/",
            method="POST",
            data={"csrf_token": client.page_token(), "file": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
            base_url="https://localhost",
            headers={"Referer": "https://localhost/upload/"},
        )
        environ = builder.get_environ()
        try:
            response = client.http.open(environ)
        finally:
            environ["wsgi.input"].close()  # a large body is spooled to a temporary file
            builder.close()
        seconds = time.perf_counter() - started
        slowest = max(slowest, (seconds, case.name))
        if response.status_code == 413:
            outcomes["too large"] += 1
            continue
        if response.status_code != 302:
            failures.append(f"{case.name}: upload answered {response.status_code}")
            continue
        page = client.http.get(response.headers["Location"], base_url="https://localhost")
        text = page.get_data(as_text=True)
        if page.status_code != 200:
            failures.append(f"{case.name}: check page answered {page.status_code}")
        if case.secret and case.secret in text:
            failures.append(f"{case.name}: the CPR number is shown")
        with sessions() as session:
            upload = session.scalar(select(Upload).order_by(Upload.id.desc()))
            status, problems = upload.status, upload.problems
        outcomes[status] += 1
        if case.kind == "danish" and case.exit_code == 0:
            # Read as Danes write it: the only objections are that the sample's rows belong
            # to other organisations or exist already, never the way the file is written.
            columns = {p["column"] for p in problems}
            if not columns <= {"organisation_id", "request_id"}:
                odd = [p for p in problems if p["column"] not in ("organisation_id", "request_id")]
                failures.append(f"{case.name}: a Danish file was not read: {odd[:3]}")
        bad_requests = case.exit_code == 1 and (
            name == "requests.csv" or (case.where and case.where[0] in ("requests", "Behov"))
        )
        if bad_requests and status != "rejected":
            failures.append(f"{case.name}: a bad requests table was accepted")
    with sessions() as session:
        after = session.scalar(select(func.count()).select_from(DemandRequest))
    print(f"upload corpus: {dict(outcomes)}; slowest {slowest[0]:.2f} s ({slowest[1]})")
    assert after == before, "no upload is stored before it is confirmed"
    assert not failures, "\n".join(failures)
    assert sum(outcomes.values()) >= 200
