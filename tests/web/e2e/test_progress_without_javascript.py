"""A browser without JavaScript follows a run's progress page to the end: the page refreshes
itself (`<meta http-equiv=refresh>` inside `<noscript>`) until the run is finished."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def test_progress_page_refreshes_itself_without_javascript(visit, live_app):
    """Tests that with JavaScript off, the coordinator starts a run and, without touching the
    page, sees it reload while the run waits for the worker and until the run is finished
    with a link to the proposal; a finished run's page no longer refreshes."""
    v = visit(javascript=False)
    page = v.page
    v.sign_in("coordinator@demo.example")
    v.goto("/koordinator/koersler")
    loads = []
    live_app.pause_worker()
    try:
        page.fill("#time_limit_s", "2")
        page.click("form[action$='/koordinator/koersler'] button[type=submit]")
        page.wait_for_load_state()
        job_url = page.url
        assert re.search(r"/koordinator/koersler/\d+$", job_url), job_url
        refresh = page.locator("head meta[http-equiv=refresh]")
        assert refresh.count() == 1, "without JavaScript the <noscript> refresh is live"
        proposal_link = page.locator("#progress a[href*='/koordinator/forslag/']")
        assert proposal_link.count() == 0
        page.on("load", lambda _: loads.append(page.url))
        with page.expect_event("load", timeout=15_000):
            pass  # the waiting run's page reloads itself
        assert proposal_link.count() == 0
        v.check("21-run-waiting-without-javascript")
    finally:
        live_app.resume_worker()
    proposal_link.wait_for(timeout=90_000)
    assert set(loads) == {job_url}, "the page reloaded itself, and only itself"
    assert refresh.count() == 0, "a finished run's page no longer refreshes"
    v.check("22-run-finished-without-javascript")
    proposal_link.click()
    page.wait_for_load_state()
    assert re.search(r"/koordinator/forslag/\d+$", page.url), page.url
    v.assert_clean()
