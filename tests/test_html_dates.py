"""An HTML page's publication date comes from its metadata or a dateline at the top, never
from its body (issue 17: a documentation page got 2005-12-30 from a log example)."""

from __future__ import annotations

import pytest

from polyseek.corpus.html import parse_html

BODY = " ".join(["The daemon reads its configuration at start-up and writes a line to the log for each request."] * 6)
LOG = """<p>A typical log looks like this:</p>
<pre>Dec 30 2005 12:00:01 host daemon[42]: started
2005-12-30 12:00:02 host daemon[42]: listening on port 8080</pre>
<p>Last changed: <span class="date">2005-12-30</span> by the documentation team of the package.</p>
<p>Revised <time datetime="2004-07-01">1 July 2004</time> after the second release of the daemon.</p>"""


def _page(head: str = "", top: str = "", body_end: str = "") -> bytes:
    return f"""<html lang="en"><head><title>Configuring the daemon</title>{head}</head><body>
<nav><a href="/">Home</a></nav>
<article>{top}<h1>Configuring the daemon</h1>
<p>{BODY}</p>
{LOG}
<p>{BODY}</p>{body_end}
</article></body></html>""".encode()


def _date(page: bytes) -> str | None:
    return parse_html(page, "doc.html", "/docs/doc.html").date


def test_dates_in_the_body_are_not_the_publication_date():
    assert _date(_page()) is None


@pytest.mark.parametrize(
    ("head", "top", "expected"),
    [
        ('<meta property="article:published_time" content="2026-03-14T09:30:00+05:00">', "", "2026-03-14"),
        ('<meta name="DC.date.issued" content="2021-02-01">', "", "2021-02-01"),
        ('<meta itemprop="datePublished" content="14 March 2026">', "", "2026-03-14"),
        ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", "datePublished": "2025-11-03"}]}</script>',
         "", "2025-11-03"),
        ("", '<p class="byline">By the team, <time datetime="2024-05-06T08:00">6 May</time></p>', "2024-05-06"),
        ("", "<p>14 марта 2026</p>", "2026-03-14"),  # a dateline at the top of the text
        ("", '<p class="dateline">١٥ مارس ٢٠٢٦</p>', "2026-03-15"),
    ],
)
def test_dates_from_metadata_and_the_top_of_the_page(head, top, expected):
    assert _date(_page(head=head, top=top)) == expected


def test_a_time_element_far_down_the_page_is_not_a_dateline():
    assert _date(_page(body_end='<p>Posted <time datetime="2023-01-02">2 January</time>.</p>')) is None


def test_metadata_wins_over_a_dateline():
    page = _page(head='<meta name="pubdate" content="2026-01-05">', top="<p>14 марта 2026</p>")
    assert _date(page) == "2026-01-05"


def test_broken_metadata_is_ignored():
    head = ('<meta name="date" content="not a date"><script type="application/ld+json">{"datePublished": </script>'
            '<meta property="article:published_time" content="2026-13-45">')
    assert _date(_page(head=head)) is None
