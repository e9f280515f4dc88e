"""PDF rendering shared by every app: HTML rendered by WeasyPrint, with static files and
fonts resolved against the project directory."""

from __future__ import annotations

from django.conf import settings


def render_pdf(html: str) -> bytes:
    """The PDF of an HTML document (WeasyPrint is imported only when a PDF is made)."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
