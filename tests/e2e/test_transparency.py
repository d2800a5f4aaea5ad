"""A campaign's transparency, share links and embeddable widget, in a real browser on a phone."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from callidarity.campaigns.models import Campaign
from callidarity.core.money import Money
from callidarity.donations.models import Donation
from callidarity.donations.services import record_offline_gift

from .conftest import PHONE, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def other_site(tmp_path: Path) -> Iterator[Callable[[str, str], str]]:
    """Serve pages from a second origin (another port); return a function that adds one."""
    handler = partial(_QuietHandler, directory=str(tmp_path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def add(name: str, html: str) -> str:
        (tmp_path / name).write_text(html, encoding="utf-8")
        return f"http://127.0.0.1:{server.server_port}/{name}"

    try:
        yield add
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def gift(campaign: Campaign) -> Donation:
    return record_offline_gift(
        fund_account=campaign.fund_account,
        amount=Money(4000, "USD"),
        method=Donation.Method.CHECK,
        email="abuela@example.org",
        name="Abuela",
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_campaign_page_shows_where_the_money_goes_and_share_links(
    browser: Browser,
    live_server: LiveServer,
    gift: Donation,
    language: str,
    axe_violations: Callable[[Page], list[dict[str, Any]]],
    scroll_width: Callable[[Page], int],
    shot: Callable[[Page, str], None],
) -> None:
    # No JavaScript at all: everything here is plain HTML. axe needs a context with it.
    context = browser.new_context(viewport=PHONE, locale=language, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/campaigns/phones/")

    flow = page.locator(".money-flow")
    heading = {"en": "Where the money goes", "es": "A dónde va el dinero"}[language]
    expect(flow.get_by_role("heading", name=heading)).to_be_visible()
    expect(flow.locator(".total dd")).to_have_text("$40.00")
    share = page.locator(".share-campaign")
    for name in ("WhatsApp", "Facebook", "X"):
        expect(share.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(share.locator("#share-url")).to_have_value(f"{live_server.url}/campaigns/phones/")
    # The embed code opens without JavaScript (details/summary).
    share.locator("summary").click()
    expect(share.locator("#embed-code")).to_be_visible()
    expect(share.locator("#embed-code")).to_have_value(
        f'<iframe src="{live_server.url}/campaigns/phones/embed/" '
        f'title="Phone funds for moms inside: '
        f'{"fundraising progress" if language == "en" else "progreso de la recaudación"}" '
        'width="320" height="240" loading="lazy"></iframe>'
    )
    shot(page, f"transparency-{language}")
    assert scroll_width(page) <= PHONE["width"]
    context.close()

    # axe-core runs as a script, which the page's CSP forbids inline: bypass it for axe only.
    context = browser.new_context(viewport=PHONE, locale=language, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/campaigns/phones/")
    page.locator(".share-campaign summary").click()
    campaign_violations = axe_violations(page)
    page.goto(f"{live_server.url}/campaigns/phones/embed/")
    embed_violations = axe_violations(page)
    context.close()
    assert campaign_violations == [], describe_violations(campaign_violations)
    assert embed_violations == [], describe_violations(embed_violations)


def test_other_sites_can_frame_the_widget_but_not_the_campaign_page(
    browser: Browser,
    live_server: LiveServer,
    gift: Donation,
    other_site: Callable[[str, str], str],
    shot: Callable[[Page, str], None],
) -> None:
    host = other_site(
        "blog.html",
        "<!doctype html><html lang='en'><title>A partner's blog</title><main>"
        "<h1>Support the moms</h1>"
        f"<iframe id='widget' title='widget' src='{live_server.url}/campaigns/phones/embed/'"
        " width='320' height='240'></iframe>"
        f"<iframe id='page' title='page' src='{live_server.url}/campaigns/phones/'"
        " width='320' height='240'></iframe></main></html>",
    )
    context = browser.new_context(viewport=PHONE, locale="en")
    page = context.new_page()
    page.goto(host)

    widget = page.frame_locator("#widget")
    expect(widget.get_by_role("heading", name="Phone funds for moms inside")).to_be_visible()
    expect(widget.locator(".raised")).to_have_text("$40")
    expect(widget.locator(".donors")).to_have_text("1 donor")
    give = widget.get_by_role("link", name="Give")
    expect(give).to_have_attribute("target", "_blank")
    expect(give).to_have_attribute("rel", "noopener")
    expect(give).to_have_attribute("href", f"{live_server.url}/campaigns/phones/#donate")
    shot(page, "embed-on-another-site")
    # It fits the snippet's 320-pixel frame without scrolling sideways.
    widget_frame = page.frame_locator("#widget").locator("html")
    assert widget_frame.evaluate("e => e.scrollWidth") <= 320

    # The Give link opens the campaign in a new tab, outside the frame.
    with context.expect_page() as new_tab:
        give.click()
    campaign_tab = new_tab.value
    campaign_tab.wait_for_load_state()
    assert campaign_tab.url == f"{live_server.url}/campaigns/phones/#donate"
    expect(campaign_tab.get_by_role("heading", level=1)).to_have_text("Phone funds for moms inside")

    # The campaign page itself refuses to load in the other site's frame: Chromium shows
    # its own error page there instead.
    handle = page.locator("#page").element_handle()
    assert handle is not None
    framed = handle.content_frame()
    assert framed is not None
    assert framed.url == "chrome-error://chromewebdata/"
    assert "Phone funds for moms inside" not in framed.content()
    context.close()
