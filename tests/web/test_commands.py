"""Tests of the `flask --app web` commands: demo, organisations, users, scenario import."""

from __future__ import annotations

from sqlalchemy import func, select

from web.cli import SAMPLE
from web.models import Course, DemandRequest, Organisation, User


def test_demo_loads_the_sample_and_prints_the_accounts(app, sessions):
    """Tests that `demo` loads the sample once and prints one account per role."""
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    for role in ("jobcentre", "a-kasse", "firm", "coordinator", "school", "admin"):
        assert role in result.output
    assert "demo-kode-2027" in result.output
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(DemandRequest)) == 48
        assert session.scalar(select(func.count()).select_from(User)) == 6


def test_create_organisation_and_user(app, sessions):
    """Tests creating an organisation and a user whose role is the organisation's kind."""
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-organisation",
            "amk-syd",
            "AMK Syd",
            "--kind",
            "coordinator",
            "--amk",
            "AMK Syd",
        ]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        args=["create-user", "ks@amk-syd.example", "amk-syd", "--password", "en-lang-kode-123"]
    )
    assert result.exit_code == 0, result.output
    with sessions() as session:
        user = session.scalar(select(User).where(User.email == "ks@amk-syd.example"))
        assert user.role == "coordinator" and user.organisation.amk == "AMK Syd"
        assert user.password_hash.startswith("scrypt:")


def test_short_password_and_unknown_organisation_are_refused(app):
    """Tests that a short password or an unknown organisation is a usage error."""
    runner = app.test_cli_runner()
    short = runner.invoke(args=["create-user", "a@b.example", "admin", "--password", "kort"])
    assert short.exit_code == 2
    unknown = runner.invoke(
        args=["create-user", "a@b.example", "nobody", "--password", "en-lang-kode-123"]
    )
    assert unknown.exit_code == 2


def test_load_scenario_is_all_or_nothing(app, sessions, tmp_path):
    """Tests that a scenario with a problem stores nothing and says where the problem is."""
    folder = tmp_path / "bad"
    folder.mkdir()
    for name in ("courses", "schools", "offers", "requests"):
        (folder / f"{name}.csv").write_text((SAMPLE / f"{name}.csv").read_text())
    text = (
        (folder / "requests.csv")
        .read_text()
        .replace("r01,jobcenter-751,jobcentre,42994,2", "r01,jobcenter-751,jobcentre,42994,x")
    )
    (folder / "requests.csv").write_text(text)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["load-scenario", str(folder)])
    assert result.exit_code == 1
    assert "requests.csv" in result.output and "learners" in result.output
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(Course)) == 0
        assert session.scalar(select(func.count()).select_from(Organisation)) == 0
    good = runner.invoke(args=["load-scenario", str(SAMPLE)])
    assert good.exit_code == 0 and "48 requests" in good.output


def test_too_large_upload_is_refused_with_a_page(signed_in, app):
    """Tests that a file above the upload limit gets the 413 page, not a crash."""
    import io

    from werkzeug.test import EnvironBuilder

    client = signed_in("jobcentre")
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    builder = EnvironBuilder(
        path="/upload/",
        method="POST",
        data={"csrf_token": client.page_token(), "file": (io.BytesIO(big), "stor.csv")},
        content_type="multipart/form-data",
        base_url="https://localhost",
        headers={"Referer": "https://localhost/upload/"},
    )
    environ = builder.get_environ()
    try:
        response = client.http.open(environ)
    finally:
        environ["wsgi.input"].close()  # the body spooled to a temporary file, never read
        builder.close()
    assert response.status_code == 413
    assert response.mimetype == "text/html"
