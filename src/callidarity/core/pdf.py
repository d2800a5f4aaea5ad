"""Templates rendered to PDF with WeasyPrint, fetching nothing from anywhere."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation


def render_pdf(template: str, context: dict[str, Any], *, language: str) -> bytes:
    """Render a template to PDF bytes in a language.

    Styles are inline and fonts are the system's (DejaVu), so no URL is ever opened: the
    fetcher allows only `data:` URLs, and nothing in the templates uses one.
    """
    with translation.override(language):
        html = render_to_string(template, {**context, "generated_on": timezone.localdate()})
    import weasyprint  # ~2 s to import: only the processes that render pay for it

    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))
    pdf: bytes = weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()
    return pdf
