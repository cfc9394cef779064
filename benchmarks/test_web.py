"""Benchmarks of the web product: pages with 10,000 requests stored, the upload of a
10,000-row file, and a region solve through the worker (compared with the engine called
directly for the same seed and one worker).

Each page is fetched through the Flask test client (the whole request: routing, access,
scoping, queries, templates), so the figures are the server's share of a page load.
"""

from __future__ import annotations

import io
import statistics

import pytest
from scenarios import scenario
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from pooling.export import proposal_to_dict
from pooling.service import ProposeOptions, propose
from web import create_app
from web.bridge import scenario_for_area
from web.db import make_engine, migrate
from web.jobs.queue import create_job
from web.jobs.worker import work
from web.models import DemandRequest, Organisation, Proposal, Role
from web.seeding import DEMO_PASSWORD, create_user, get_or_create_organisation
from web.seeding import load_scenario as store_scenario


def _p95(benchmark) -> float:
    data = sorted(benchmark.stats.stats.data)
    return data[min(len(data) - 1, round(0.95 * (len(data) - 1)))]


def _note(benchmark) -> None:
    if benchmark.disabled:
        return
    benchmark.extra_info["median_ms"] = round(
        1000 * statistics.median(benchmark.stats.stats.data), 1
    )
    benchmark.extra_info["p95_ms"] = round(1000 * _p95(benchmark), 1)


def _app(url: str):
    return create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "bench"})


def _signed_in(app, email: str):
    client = app.test_client()
    page = client.get("/log-ind", base_url="https://localhost").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/log-ind",
        data={"email": email, "password": DEMO_PASSWORD, "csrf_token": token},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/log-ind"},
    )
    assert response.status_code == 302
    return client


@pytest.fixture(scope="module")
def national_db(tmp_path_factory, benchmark_disabled):
    """The national scenario (about 10,000 requests) stored, with a user per main role."""
    path = tmp_path_factory.mktemp("web-bench") / "national.sqlite3"
    url = f"sqlite:///{path}"
    migrate(url)
    size = "small" if benchmark_disabled else "national"
    data = scenario(size, 1)
    engine = make_engine(url)
    with sessionmaker(engine)() as session:
        store_scenario(session, data)
        busiest = session.execute(
            select(DemandRequest.organisation_id, func.count())
            .group_by(DemandRequest.organisation_id)
            .order_by(func.count().desc())
            .limit(1)
        ).first()[0]
        create_user(
            session,
            "demand@bench.example",
            DEMO_PASSWORD,
            session.get(Organisation, busiest),
            Role.JOBCENTRE,
        )
        amk = get_or_create_organisation(
            session, "amk-midt-nord", "AMK Midt-Nord", "coordinator", amk="AMK Midt-Nord"
        )
        create_user(session, "coordinator@bench.example", DEMO_PASSWORD, amk, Role.COORDINATOR)
        stored = session.scalar(select(func.count()).select_from(DemandRequest))
        session.commit()
    engine.dispose()
    return url, stored


@pytest.fixture(scope="module")
def benchmark_disabled(request):
    return request.config.getoption("benchmark_disable")


@pytest.mark.parametrize(
    ("page", "email"),
    [
        ("/behov/", "demand@bench.example"),
        ("/koordinator/", "coordinator@bench.example"),
        ("/koordinator/kort/behov.json", "coordinator@bench.example"),
    ],
)
def test_page_render(benchmark, national_db, page, email):
    """Pages with the national demand stored (10,000 requests when measuring)."""
    url, stored = national_db
    app = _app(url)
    client = _signed_in(app, email)

    def fetch():
        response = client.get(page, base_url="https://localhost")
        assert response.status_code == 200
        return response

    benchmark.pedantic(fetch, rounds=3 if benchmark.disabled else 30, iterations=1, warmup_rounds=1)
    benchmark.extra_info["requests_stored"] = stored
    _note(benchmark)
    app.extensions["db_engine"].dispose()


def _csv(rows: int) -> bytes:
    lines = ["request_id;course_code;learners;postcode;earliest_start;latest_start;max_travel_km"]
    courses = ["48586", "42994", "40156", "21078"]
    for i in range(rows):
        lines.append(f"b{i:05d};{courses[i % 4]};{1 + i % 5};8000;01-02-2027;01-03-2027;40")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def test_upload_10000_rows(benchmark, tmp_path, benchmark_disabled):
    """Upload and check of a 10,000-row requests file as Danish Excel saves it (; and dates)."""
    path = tmp_path / "upload.sqlite3"
    url = f"sqlite:///{path}"
    migrate(url)
    engine = make_engine(url)
    from pooling.validation import load_scenario
    from web.cli import SAMPLE

    with sessionmaker(engine)() as session:
        store_scenario(session, load_scenario(SAMPLE))
        org = session.scalar(select(Organisation).where(Organisation.slug == "jobcenter-751"))
        create_user(session, "upload@bench.example", DEMO_PASSWORD, org, Role.JOBCENTRE)
        session.commit()
    engine.dispose()
    app = _app(url)
    client = _signed_in(app, "upload@bench.example")
    content = _csv(500 if benchmark_disabled else 10_000)

    def upload():
        page = client.get("/upload/", base_url="https://localhost").get_data(as_text=True)
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        response = client.post(
            "/upload/",
            data={"csrf_token": token, "file": (io.BytesIO(content), "behov.csv")},
            content_type="multipart/form-data",
            base_url="https://localhost",
            headers={"Referer": "https://localhost/upload/"},
        )
        assert response.status_code == 302
        return response

    benchmark.pedantic(upload, rounds=1 if benchmark_disabled else 5, iterations=1)
    _note(benchmark)
    with app.extensions["db_sessions"]() as session:
        from web.models import Upload

        last = session.scalar(select(Upload).order_by(Upload.id.desc()))
        assert last.problems == [] and len(last.rows) == (500 if benchmark_disabled else 10_000)
    app.extensions["db_engine"].dispose()


def test_region_solve_through_the_worker(benchmark, tmp_path, benchmark_disabled):
    """A region solve queued as a job and run by the worker; same proposal as propose()."""
    size = "small" if benchmark_disabled else "region"
    # With one worker and a fixed seed CP-SAT's search is repeatable; a stop at a wall-clock
    # limit is not, so the limit is generous and the stop is a 5 % cost gap (reached first).
    time_limit = 5.0 if benchmark_disabled else 300.0
    path = tmp_path / "region.sqlite3"
    url = f"sqlite:///{path}"
    migrate(url)
    app = _app(url)
    sessions = app.extensions["db_sessions"]
    with sessions() as session:
        store_scenario(session, scenario(size, 1))
        amk = get_or_create_organisation(
            session, "amk-midt-nord", "AMK Midt-Nord", "coordinator", amk="AMK Midt-Nord"
        )
        user = create_user(session, "c@bench.example", DEMO_PASSWORD, amk, Role.COORDINATOR)
        session.commit()
        user_id, org_id = user.id, amk.id
    options = {"time_limit_s": time_limit, "seed": 7, "workers": 1, "gap_limit": 0.05}

    def through_worker():
        with sessions() as session:
            create_job(session, org_id, user_id, dict(options))
        assert work(sessions, app.config["JOB_STALE_AFTER"], once=True) == 1

    benchmark.pedantic(through_worker, rounds=1, iterations=1)
    with sessions() as session:
        stored = session.scalar(select(Proposal).order_by(Proposal.id.desc()))
        area = scenario_for_area(session, "AMK Midt-Nord")
    direct = proposal_to_dict(
        propose(area, ProposeOptions(time_limit_s=time_limit, seed=7, workers=1, gap_limit=0.05))
    )
    same = (
        stored.document["cohorts"] == direct["cohorts"]
        and stored.document["unplaced"] == direct["unplaced"]
    )
    benchmark.extra_info.update(
        requests=len(area.requests),
        learners_placed_worker=stored.learners_placed,
        learners_placed_direct=direct["summary"]["learners_placed"],
        status_worker=stored.status,
        status_direct=direct["status"],
        cost_worker=stored.cost_dkk,
        cost_direct=direct["summary"]["objective"],
        same_proposal=same,
    )
    assert stored.learners_placed == direct["summary"]["learners_placed"]
    app.extensions["db_engine"].dispose()
