"""`flask --app web ...` commands: database, organisations and users, scenario import, the
worker, the demo and the production server."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import click
from flask import Flask, current_app

from pooling.problems import InvalidScenario
from pooling.validation import load_scenario
from web import token_commands
from web.auth.passwords import MIN_PASSWORD_LENGTH
from web.db import migrate
from web.models import Organisation, Role
from web.seeding import DEMO_PASSWORD, demo_accounts, get_or_create_organisation
from web.seeding import create_user as add_user
from web.seeding import load_scenario as store_scenario

SAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "sample" / "ostjylland-2027q1"
KINDS = ["jobcentre", "a-kasse", "firm", "coordinator", "school", "admin"]


def _sessions():
    return current_app.extensions["db_sessions"]


def register_commands(app: Flask) -> None:
    token_commands.register(app)

    @app.cli.command("init-db")
    def init_db() -> None:
        """Create or upgrade the database schema (Alembic migrations)."""
        migrate(current_app.config["DATABASE_URL"])
        click.echo("database is up to date")

    @app.cli.command("create-organisation")
    @click.argument("slug")
    @click.argument("name")
    @click.option("--kind", type=click.Choice(KINDS), required=True)
    @click.option("--amk", help="a coordinator's labour-market office, e.g. 'AMK Midt-Nord'")
    @click.option("--municipality", help="a jobcentre's municipality code, e.g. 751")
    def create_organisation(slug, name, kind, amk, municipality) -> None:
        """Create an organisation."""
        with _sessions()() as session:
            org = get_or_create_organisation(
                session, slug, name, kind, amk=amk, municipality_code=municipality
            )
            session.commit()
            click.echo(f"organisation {org.slug} ({org.kind}) id {org.id}")

    @app.cli.command("create-user")
    @click.argument("email")
    @click.argument("organisation_slug")
    @click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
    def create_user(email, organisation_slug, password) -> None:
        """Create a user of an organisation; the role is the organisation's kind."""
        from sqlalchemy import select

        if len(password) < MIN_PASSWORD_LENGTH:
            raise click.UsageError(
                f"the password must have at least {MIN_PASSWORD_LENGTH} characters"
            )
        with _sessions()() as session:
            org = session.scalar(select(Organisation).where(Organisation.slug == organisation_slug))
            if org is None:
                raise click.UsageError(f"no organisation {organisation_slug!r}")
            user = add_user(session, email, password, org, Role(org.kind))
            session.commit()
            click.echo(f"user {user.email} ({user.role}) of {org.name}")

    @app.cli.command("load-scenario")
    @click.argument("path", type=click.Path(exists=True, path_type=Path))
    def load(path: Path) -> None:
        """Import a scenario (folder or .xlsx) into the database, all or nothing."""
        try:
            scenario = load_scenario(path)
        except InvalidScenario as invalid:
            for problem in invalid.problems:
                click.echo(str(problem), err=True)
            sys.exit(1)
        with _sessions()() as session:
            counts = store_scenario(session, scenario)
            session.commit()
        click.echo(", ".join(f"{n} {what}" for what, n in counts.items()))

    @app.cli.command("demo")
    def demo() -> None:
        """Set up the database with the shipped sample and one demo account per role."""
        from sqlalchemy import func, select

        from web.models import Course

        migrate(current_app.config["DATABASE_URL"])
        with _sessions()() as session:
            if not session.scalar(select(func.count()).select_from(Course)):
                store_scenario(session, load_scenario(SAMPLE))
            accounts = demo_accounts(session)
            session.commit()
        click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for role, email, name in accounts:
            click.echo(f"  {role:<12} {email:<28} {name}")

    @app.cli.command("worker")
    @click.option("--once", is_flag=True, help="stop when no job is pending")
    def worker(once: bool) -> None:
        """Run solve jobs as they are queued."""
        from web.jobs.worker import work

        done = work(_sessions(), current_app.config["JOB_STALE_AFTER"], once=once)
        if once:
            click.echo(f"{done} job(s) run")

    @app.cli.command("serve")
    @click.option("--host", default="127.0.0.1")
    @click.option("--port", default=8000, type=int)
    @click.option("--no-worker", is_flag=True, help="do not start a solve worker beside it")
    def serve(host: str, port: int, no_worker: bool) -> None:
        """Serve the application with waitress, and start a solve worker beside it."""
        from waitress import serve as waitress_serve

        worker_process = None
        if not no_worker:
            worker_process = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "web", "worker"]
            )
        click.echo(f"Kursuspulje on http://{host}:{port}/")

        def stop(signum, frame) -> None:
            raise SystemExit(0)  # so the worker beside it is stopped too

        signal.signal(signal.SIGTERM, stop)
        try:
            waitress_serve(current_app._get_current_object(), host=host, port=port, threads=8)
        finally:
            if worker_process is not None:
                worker_process.terminate()
                worker_process.wait(timeout=10)
