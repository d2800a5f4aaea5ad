"""Organizer Markdown renders to HTML that cannot carry scripts, styles or images."""

from __future__ import annotations

import pytest

from callidarity.core.markdown import render_markdown


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Calls home **every week**.", "<p>Calls home <strong>every week</strong>.</p>"),
        ("*soon*", "<p><em>soon</em></p>"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("## Why", "<h2>Why</h2>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("`code`", "<p><code>code</code></p>"),
    ],
)
def test_renders_the_allowed_markdown(text: str, html: str) -> None:
    assert render_markdown(text) == html


def test_links_keep_safe_schemes_and_get_a_protective_rel() -> None:
    assert render_markdown("[site](https://example.org)") == (
        '<p><a href="https://example.org" rel="noopener noreferrer nofollow">site</a></p>'
    )
    assert render_markdown("[mail](mailto:a@example.org)") == (
        '<p><a href="mailto:a@example.org" rel="noopener noreferrer nofollow">mail</a></p>'
    )


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox(1))",
    ],
)
def test_links_with_script_schemes_lose_their_href(text: str) -> None:
    html = render_markdown(text)
    assert html == '<p><a rel="noopener noreferrer nofollow">x</a></p>'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("<script>alert(1)</script>hi", "\n<p>hi</p>"),
        ('<p style="color:red" onclick="steal()">hi</p>', "<p>hi</p>"),
        ("<b>raw</b>", "<p>raw</p>"),
        ('<iframe src="https://evil.example"></iframe>', ""),
        ("![img](https://example.org/a.png)", "<p></p>"),
        ("# Title", "Title"),
    ],
)
def test_raw_html_scripts_images_and_top_headings_are_stripped(text: str, html: str) -> None:
    assert render_markdown(text) == html


def test_empty_text_renders_nothing() -> None:
    assert render_markdown("") == ""
