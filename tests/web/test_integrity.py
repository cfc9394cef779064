"""Tests that the database keeps what it has: an import killed halfway changes nothing, and
eight concurrent writers lose no row."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap

from sqlalchemy import create_engine, func, select, text

from web.models import DemandRequest, Upload

KILL_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from sqlalchemy import event
    from sqlalchemy.orm import Session
    from web import create_app

    url, upload_id, email = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    config = {"DATABASE_URL": url, "SECRET_KEY": "k", "WTF_CSRF_ENABLED": False}
    app = create_app({"TESTING": True, **config})
    inserted = {"n": 0}

    @event.listens_for(Session, "after_flush")
    def count(session, context):
        inserted["n"] += sum(1 for o in session.new)
        if inserted["n"] > 40:  # halfway through the rows of the upload
            os.kill(os.getpid(), signal.SIGKILL)

    client = app.test_client()
    from web.seeding import DEMO_PASSWORD
    client.post("/log-ind", data={"email": email, "password": DEMO_PASSWORD}, base_url="https://localhost")
    client.post(f"/upload/{upload_id}/godkend", base_url="https://localhost")
    print("not killed")
    """
)


def _rows(n: int, prefix: str) -> list[dict]:
    return [
        {
            "request_id": f"{prefix}{i:03d}",
            "organisation_id": "jobcenter-751",
            "organisation_kind": "jobcentre",
            "course_code": "48586",
            "learners": 2,
            "postcode": "8000",
            "earliest_start": "2027-02-01",
            "latest_start": "2027-03-01",
            "max_travel_km": 40.0,
            "keep_together": False,
            "priority": 2,
            "max_travel_minutes": None,
        }
        for i in range(n)
    ]


def test_import_killed_halfway_leaves_the_database_as_before(app, sample, sessions, database_url):
    """Tests that killing the process in the middle of confirming an upload stores nothing."""
    with sessions() as session:
        from web.models import User

        user = session.scalar(select(User).where(User.email == "jobcentre@demo.example"))
        upload = Upload(
            organisation_id=user.organisation_id,
            user_id=user.id,
            filename="stor.csv",
            content=b"",
            rows=_rows(60, "k"),
            problems=[],
        )
        session.add(upload)
        session.commit()
        upload_id = upload.id
        before = session.scalar(select(func.count()).select_from(DemandRequest))
    app.extensions["db_engine"].dispose()
    result = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, database_url, str(upload_id), "jobcentre@demo.example"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=os.getcwd(),
    )
    assert result.returncode == -9, result.stdout + result.stderr  # SIGKILL
    engine = create_engine(database_url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        count = conn.execute(select(func.count()).select_from(DemandRequest)).scalar()
        status = conn.execute(select(Upload.status).where(Upload.id == upload_id)).scalar()
    engine.dispose()
    assert count == before
    assert status == "checked"


def _writer(url: str, worker: int, n: int) -> int:
    from web import create_app
    from web.seeding import DEMO_PASSWORD

    app = create_app(
        {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "k", "WTF_CSRF_ENABLED": False}
    )
    client = app.test_client()
    email = ["jobcentre", "akasse", "firm", "jobcentre2", "akasse2", "firm2", "jobcentre", "firm"][
        worker
    ]
    client.post(
        "/log-ind",
        data={"email": f"{email}@demo.example", "password": DEMO_PASSWORD},
        base_url="https://localhost",
    )
    ok = 0
    for i in range(n):
        response = client.post(
            "/behov/ny",
            data={
                "request_id": f"c{worker}-{i}",
                "course_code": "48586",
                "learners": "1",
                "postcode": "8000",
                "earliest_start": "2027-02-01",
                "latest_start": "2027-03-01",
                "max_travel_km": "40",
                "priority": "2",
            },
            base_url="https://localhost",
        )
        ok += response.status_code == 302
    app.extensions["db_engine"].dispose()
    return ok


def test_eight_concurrent_writers_lose_no_row(app, sample, sessions, database_url):
    """Tests that eight processes entering requests at once all get stored."""
    with sessions() as session:
        before = session.scalar(select(func.count()).select_from(DemandRequest))
    app.extensions["db_engine"].dispose()
    n = 15
    with multiprocessing.get_context("spawn").Pool(8) as pool:
        stored = pool.starmap(_writer, [(database_url, w, n) for w in range(8)])
    assert stored == [n] * 8
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(DemandRequest)) == before + 8 * n
