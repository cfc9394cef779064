"""Fixtures of the browser tests: the real application served by waitress with its solve
worker, on a fresh database holding the shipped sample and the demo accounts, driven by
Debian's Chromium through Playwright.

The server is `flask --app web serve` (waitress) and `flask --app web worker`, in subprocesses,
on a free localhost port, set up by `flask --app web demo` on a new SQLite file, or on a new
PostgreSQL database when `POOLING_TEST_DATABASE_URL` names a server. Without
`/usr/bin/chromium` the browser tests are skipped with the reason, unless
`POOLING_BROWSER_TESTS=required` (CI), where they fail instead. Screenshots and axe results
go to `tests/web/e2e/artifacts/<database>/`.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PG_URL = os.environ.get("POOLING_TEST_DATABASE_URL")
SERIOUS = ("serious", "critical")


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "e2e: drives the served application in Debian's Chromium (Playwright)"
    )


def _browser_missing() -> str | None:
    if not CHROMIUM.exists():
        return (
            f"Debian's Chromium is not installed ({CHROMIUM}): `make test` installs it when run "
            "as root (apt-get install -y chromium)"
        )
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveApp:
    """The served application: its address, database and log."""

    base_url: str
    database_url: str
    backend: str
    log: Path
    env: dict = field(repr=False)
    worker: subprocess.Popen | None = field(default=None, repr=False)

    def url(self, path: str) -> str:
        return self.base_url + path

    def pause_worker(self) -> None:
        """Hold the solve worker still (SIGSTOP), so a new run stays pending until
        `resume_worker()`; between jobs the worker holds no lock."""
        self.worker.send_signal(signal.SIGSTOP)

    def resume_worker(self) -> None:
        if self.worker is not None and self.worker.poll() is None:
            self.worker.send_signal(signal.SIGCONT)

    def engine(self):
        from web.config import normalise_database_url

        return create_engine(normalise_database_url(self.database_url))

    @property
    def artifacts(self) -> Path:
        folder = ARTIFACTS / self.backend
        folder.mkdir(parents=True, exist_ok=True)
        return folder


def _postgres_database():
    """A new database on the test server, dropped afterwards; yields its URL."""
    from web.config import normalise_database_url

    admin_url = normalise_database_url(PG_URL)
    name = f"pooling_e2e_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _wait_until_up(url: str, server: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped at start:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {seconds} s:\n{log.read_text()}")


def _stop(server: subprocess.Popen) -> None:
    """SIGINT stops waitress or the worker; where SIGINT is ignored (a background job), the
    process's own group is terminated."""
    server.send_signal(signal.SIGINT)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            server.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, sig)
    server.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)  # anything it started


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """`flask --app web demo`, then `flask --app web serve --no-worker` (waitress) and
    `flask --app web worker` beside it (a process of its own, so a test can hold it still)."""
    missing = _browser_missing()
    if missing:
        if os.environ.get("POOLING_BROWSER_TESTS") == "required":
            pytest.fail(f"browser tests are required here, but {missing}")
        pytest.skip(missing)
    instance = tmp_path_factory.mktemp("e2e-instance")
    databases = _postgres_database() if PG_URL else None
    if databases is not None:
        database_url, backend = next(databases), "postgresql"
    else:
        database_url, backend = f"sqlite:///{instance / 'pooling.sqlite3'}", "sqlite"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "FLASK_APP")}
    env.update(
        POOLING_INSTANCE=str(instance),
        DATABASE_URL=database_url,
        POOLING_INSECURE_COOKIES="1",
        SECRET_KEY="e2e-" + uuid.uuid4().hex,
        PYTHONUNBUFFERED="1",
    )
    flask = [sys.executable, "-m", "flask", "--app", "web"]
    demo = subprocess.run(
        [*flask, "demo"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert demo.returncode == 0, demo.stderr
    assert "school@demo.example" in demo.stdout, demo.stdout
    port = _free_port()
    log = instance / "server.log"
    with log.open("w") as out:
        server, worker = (
            subprocess.Popen(
                command,
                cwd=REPO,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            for command in (
                [*flask, "serve", "--no-worker", "--host", "127.0.0.1", "--port", str(port)],
                [*flask, "worker"],
            )
        )
    app = LiveApp(f"http://127.0.0.1:{port}", database_url, backend, log, env, worker)
    try:
        _wait_until_up(app.url("/log-ind"), server, log)
        yield app
    finally:
        app.resume_worker()
        for process in (server, worker):
            _stop(process)
        if databases is not None:
            databases.close()
        (app.artifacts / "server.log").write_text(log.read_text())
    assert "Traceback" not in log.read_text(), f"the server logged an error:\n{log.read_text()}"


@pytest.fixture(scope="session")
def browser(live_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """One person's browser tab: signs in, takes a full-page screenshot of each main page and
    runs axe-core on it, and collects what the browser console reports as an error; the test
    ends with `assert_clean()`, so one page's findings do not stop the journey."""

    def __init__(self, context, app: LiveApp, report: dict, javascript: bool = True):
        self.context = context
        self.javascript = javascript
        self.app = app
        self.page = context.new_page()
        self.page.set_default_timeout(20_000)
        self.report = report
        self.console_errors: list[str] = []
        self.page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.failed: list[str] = []
        self.axe_failures: list[str] = []
        self.page.on(
            "response",
            lambda r: (
                self.failed.append(f"{r.status} {r.url}")
                if r.status >= 400 and r.request.resource_type != "document"
                else None
            ),
        )

    def goto(self, path: str):
        return self.page.goto(self.app.url(path))

    def sign_in(self, email: str, password: str = "demo-kode-2027") -> None:
        self.goto("/log-ind")
        self.page.fill("#email", email)
        self.page.fill("#password", password)
        self.page.click("main button[type=submit]")
        self.page.wait_for_load_state()
        assert "/log-ind" not in self.page.url, f"{email} could not sign in"

    def check(self, name: str) -> dict:
        """Screenshot and axe-core on the page as it stands; no serious or critical
        violation."""
        self.page.wait_for_load_state()
        self.page.screenshot(path=self.app.artifacts / f"{name}.png", full_page=True)
        if not self.javascript:
            return {}
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        violations = results.response["violations"]
        impacts = Counter(v["impact"] for v in violations)
        self.report[name] = {
            "url": self.page.url.removeprefix(self.app.base_url),
            "violations": {v["id"]: v["impact"] for v in violations},
            "by_impact": dict(impacts),
        }
        if any(v["impact"] in SERIOUS for v in violations):
            self.axe_failures.append(f"axe on {name}:\n" + results.generate_report())
        return self.report[name]

    def assert_clean(self) -> None:
        """No serious or critical axe violation on any page checked, no error in the browser's
        console and no resource that failed to load."""
        assert not self.axe_failures, "\n".join(self.axe_failures)
        # A page answered with an error status (a form sent back with its problems) is logged
        # by the browser too; failed resources are checked by their responses below.
        errors = [e for e in self.console_errors if not e.startswith("Failed to load resource")]
        assert not errors, f"the browser reported: {errors}"
        assert not self.failed, f"resources that failed to load: {self.failed}"


@pytest.fixture(scope="session")
def axe_report(live_app):
    report: dict = {}
    yield report
    (live_app.artifacts / "axe.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8"
    )


@pytest.fixture
def visit(browser, live_app, axe_report):
    """`visit()` opens a new browser tab for one person (`javascript=False` for a
    JavaScript-free browser)."""
    contexts = []

    def make(javascript: bool = True) -> Visit:
        context = browser.new_context(
            java_script_enabled=javascript,
            viewport={"width": 1280, "height": 900},
            locale="da-DK",
        )
        contexts.append(context)
        return Visit(context, live_app, axe_report, javascript)

    yield make
    for context in contexts:
        context.close()
