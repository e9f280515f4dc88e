"""Text that staff can edit never reaches a page as HTML: portal blocks, consent, help texts."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import Client

from kmb.core.permissions import Role
from kmb.portal.templatetags.portal import portal_text
from tests import factories
from tests.portal.places import LIBEREC

pytestmark = pytest.mark.django_db

RESULT = f"/navigator/result/?housing=shelter&threat=notice&when=month&municipality={LIBEREC}"
HOSTILE = ("Přijďte k nám.\n\n<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
           "- [klikněte](javascript:alert(1))\n- javascript:alert(2)\n"
           "- <a href=\"javascript:alert(3)\">odkaz</a>\n\n"
           "## <b onmouseover=alert(4)>Nadpis</b>\n"
           "Více na https://www.mpsv.cz/ nebo mailto:info@example.cz")
ACTIVE_TAGS = {"script", "img", "svg", "iframe", "style", "object", "embed", "b"}


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def _lead(office) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="cs")
    client.force_login(factories.staff(f"vedouci.{office.pk}", Role.LEAD, office),
                       backend="django.contrib.auth.backends.ModelBackend")
    return client


def _save(client: Client, key: str, body: str, mode: str = "replace", title: str = "") -> None:
    response = client.post("/staff/portal/edit/", {
        "key": key, "mode": mode, "version": "", "title_cs": title, "body_cs": body,
        "title_en": "", "body_en": "", "title_uk": "", "body_uk": "", "action": "save"})
    assert response.status_code == 302


def _assert_inert(html: str) -> None:
    """No script, image or event handler, and links only to http(s), mailto and tel."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag not in ACTIVE_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction"):
                assert urlsplit(value or "").scheme in ("", "http", "https", "mailto", "tel"), \
                    (tag, value)


@pytest.mark.parametrize("mode", ["replace", "append"])
def test_a_hostile_local_text_is_shown_as_text_on_the_public_page(places, mode):
    _save(_lead(places.liberec), "advice.notice", HOSTILE, mode=mode,
          title="<script>alert('t')</script>")
    body = Client(HTTP_ACCEPT_LANGUAGE="cs").get(RESULT).content.decode()
    assert "Přijďte k nám." in body
    _assert_inert(body.split("<main", 1)[1])
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "[klikněte](javascript:alert(1))" in body  # no link made of it
    assert '<a href="https://www.mpsv.cz/" rel="nofollow">https://www.mpsv.cz/</a>' in body


def test_the_staff_preview_of_a_hostile_text_is_inert(places):
    response = _lead(places.liberec).post("/staff/portal/edit/", {
        "key": "doc.id", "mode": "replace", "version": "", "title_cs": "Doklad",
        "body_cs": HOSTILE, "title_en": "", "body_en": "", "title_uk": "", "body_uk": "",
        "action": "preview"})
    preview = response.content.decode().split('id="preview"', 1)[1].split("</section>", 1)[0]
    _assert_inert(preview)
    assert "&lt;script&gt;" in preview


def test_a_hostile_consent_text_is_escaped_in_the_request_form(places):
    _save(_lead(places.liberec), "request.consent",
          "Souhlasím. <img src=x onerror=alert(1)><script>alert(2)</script>",
          title="Souhlas <b onmouseover=alert(3)>tučně</b>")
    body = Client(HTTP_ACCEPT_LANGUAGE="cs").get(
        "/request/", {"municipality": LIBEREC}).content.decode()
    assert "Souhlasím." in body
    _assert_inert(body.split("<main", 1)[1])
    assert "&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;" in body


class _HelpForm(forms.Form):
    name = forms.CharField(help_text="Napište <script>alert(1)</script> <b>jméno</b>")


def test_the_form_field_include_escapes_help_text():
    html = render_to_string("includes/form_field.html", {"field": _HelpForm()["name"]})
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;jméno&lt;/b&gt;" in html
    _assert_inert(html)


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>", "javascript:alert(1)", "<svg onload=alert(1)>",
    "<iframe src=https://evil.example/>", "## <style>body{}</style>", "- <img src=x>",
    "<<script>script>alert(1)<</script>/script>", "data:text/html,<script>alert(1)</script>",
])
def test_the_markup_never_lets_html_through(text):
    html = str(portal_text(text))
    _assert_inert(html)
    for tag in ("<svg", "<iframe", "<style", "<script", "<img"):
        assert tag not in html
