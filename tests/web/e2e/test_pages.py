"""The main pages outside the journeys, in the browser: sign-in (with its error), the admin's
pages, the coordinator's list of proposals, the token page and a page in English; each is
screenshotted and checked with axe-core."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_sign_in_page_and_its_error(visit):
    """Tests that the sign-in page, and the page after a wrong password, have no serious
    accessibility problem, and that the wrong password is said in an error summary."""
    v = visit()
    page = v.page
    v.goto("/log-ind")
    v.check("30-sign-in")
    page.fill("#email", "jobcentre@demo.example")
    page.fill("#password", "not-the-password")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert "/log-ind" in page.url
    assert page.locator(".error-summary").is_visible()
    v.check("31-sign-in-wrong-password")
    v.assert_clean()


def test_admin_pages(visit):
    """Tests that the admin sees the organisations and one organisation's page."""
    v = visit()
    page = v.page
    v.sign_in("admin@demo.example")
    v.goto("/admin/")
    assert page.locator("main table tbody tr").count() >= 6
    v.check("32-admin-organisations")
    page.locator("main table a", has_text="Jobcenter Aarhus").click()
    page.wait_for_load_state()
    assert "jobcentre@demo.example" in page.locator("main").inner_text()
    v.check("33-admin-organisation")
    v.assert_clean()


def test_proposals_tokens_and_english(visit):
    """Tests that the coordinator's list of proposals, the token page and a page switched to
    English have no serious accessibility problem, and that the switch gives English."""
    v = visit()
    page = v.page
    v.sign_in("coordinator@demo.example")
    v.goto("/koordinator/forslag")
    v.check("34-proposals")
    v.goto("/konto/token")
    v.check("35-tokens")
    v.goto("/koordinator/koersler")
    assert page.locator("html").get_attribute("lang") == "da"
    page.click("header form[action*='/sprog/en'] button")
    page.wait_for_load_state()
    assert page.url.endswith("/koordinator/koersler")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Runs" in page.locator("h1").inner_text()
    v.check("36-runs-in-english")
    v.assert_clean()
