"""The API docs page renders in a real browser under our Content-Security-Policy."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_swagger_ui_renders_without_csp_violations(browser, live_server):
    context = browser.new_context(base_url=live_server.url)  # the CSP is enforced
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith((live_server.url, "data:")) else None)
    try:
        page.goto("/api/v1/docs")
        page.wait_for_selector(".opblock-tag", timeout=15000)
        assert page.locator(".opblock").count() > 5  # the operations are listed
        assert not [p for p in problems if "Content Security Policy" in p or "failed" in p], \
            problems
        assert not outside
    finally:
        context.close()
