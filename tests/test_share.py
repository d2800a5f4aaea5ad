"""The share include (templates/_share.html): plain, properly encoded links and a copy field."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from django.template.loader import render_to_string

URL = "https://example.org/campaigns/phones/?ref=a&b=c d"
TITLE = "Calls & care: ¡mamás adentro! #1 + more"


def _links() -> dict[str, str]:
    page = render_to_string("_share.html", {"url": URL, "title": TITLE})
    return {html.unescape(text): html.unescape(href) for href, text in _hrefs(page)}


def _hrefs(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]*)">([^<]*)</a>', page)


def test_every_link_carries_the_exact_url_and_title() -> None:
    links = _links()

    assert set(links) == {"Email", "Text message", "WhatsApp", "Facebook", "X"}
    mail = urlsplit(links["Email"])
    assert (mail.scheme, mail.path) == ("mailto", "")
    assert parse_qs(mail.query) == {"subject": [TITLE], "body": [f"{TITLE}\n{URL}"]}
    sms = urlsplit(links["Text message"])
    assert sms.scheme == "sms"
    assert parse_qs(sms.query) == {"body": [f"{TITLE} {URL}"]}
    whatsapp = urlsplit(links["WhatsApp"])
    assert (whatsapp.netloc, whatsapp.path) == ("wa.me", "/")
    assert parse_qs(whatsapp.query) == {"text": [f"{TITLE} {URL}"]}
    facebook = urlsplit(links["Facebook"])
    assert (facebook.netloc, facebook.path) == ("www.facebook.com", "/sharer/sharer.php")
    assert parse_qs(facebook.query) == {"u": [URL]}
    x = urlsplit(links["X"])
    assert (x.netloc, x.path) == ("x.com", "/intent/post")
    assert parse_qs(x.query) == {"text": [TITLE], "url": [URL]}


def test_nothing_but_plain_links_and_a_read_only_field() -> None:
    page = render_to_string("_share.html", {"url": URL, "title": TITLE, "share_id": "update-7"})

    assert "<script" not in page
    assert "<iframe" not in page
    assert "<img" not in page
    assert "target=" not in page
    assert '<label for="update-7-url">' in page
    field = re.search(r'<input type="text" id="update-7-url" value="([^"]*)" readonly>', page)
    assert field is not None
    assert html.unescape(field.group(1)) == URL


def test_a_title_cannot_break_out_of_the_markup() -> None:
    title = '"><script>alert(1)</script>'
    page = render_to_string("_share.html", {"url": "https://example.org/x", "title": title})

    assert "<script" not in page
    hrefs = _hrefs(page)
    assert len(hrefs) == 5
    x = urlsplit(html.unescape(hrefs[-1][0]))
    assert parse_qs(x.query) == {"text": [title], "url": ["https://example.org/x"]}
