"""A web page's publication date from its metadata, never from its body text.

Looked for, in this order (the first that gives a valid date wins):

1. ``<meta>`` publication tags (:data:`META_NAMES`: Open Graph/``article:published_time``,
   Dublin Core, ``pubdate``, schema.org ``itemprop="datePublished"``, ...);
2. JSON-LD ``datePublished`` (else ``dateCreated``) in ``<script type="application/ld+json">``;
3. a ``<time datetime>`` (the attribute; a date written as its text is not read) that
   comes before the page's first :data:`TOP_WORDS` words: a dateline near the top.

A date anywhere else in the page (a log example, a "last changed" line, a related
headline) is not its publication date. :func:`corpus.dates.published_date` then looks
for a dateline at the top of the extracted text.

Example:
    >>> d = PageDates()
    >>> d.meta({"property": "article:published_time", "content": "2026-03-14T09:30:00+05:00"})
    >>> d.time({"datetime": "2025-01-01"}, words_before=500)  # far down the page: ignored
    >>> d.best()
    '2026-03-14'
    >>> d = PageDates()
    >>> d.json_ld('{"@type": "NewsArticle", "datePublished": "14.03.2026"}')
    >>> d.best()
    '2026-03-14'
"""

from __future__ import annotations

import json

from .dates import find_dates, normalize_date

__all__ = ["META_NAMES", "TOP_WORDS", "PageDates"]

#: ``<meta name|property|itemprop>`` values that give a publication date (lowercase).
META_NAMES = frozenset({
    "article:published_time", "og:published_time", "article:published", "og:article:published_time",
    "datepublished", "datecreated", "date", "dc.date", "dc.date.issued", "dc.date.created", "dcterms.date",
    "dcterms.issued", "dcterms.created", "pubdate", "publishdate", "publish-date", "publish_date",
    "published_time", "publication_date", "citation_publication_date", "citation_date", "sailthru.date",
    "parsely-pub-date", "article.published", "original-publish-date", "created",
})

#: A ``<time>`` element counts as a dateline only before this many words of the page.
TOP_WORDS = 100

#: JSON-LD blocks longer than this are not parsed (a page's metadata is far smaller).
MAX_JSON_LD = 200_000


def _date(value: object) -> str | None:
    """``value`` as ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``), from ISO or a written date."""
    if not isinstance(value, str) or not value.strip():
        return None
    found = normalize_date(value.strip()[:40])
    if found is None:
        dates = list(find_dates(value[:200]))
        found = dates[0].iso if dates else None
    return found


def _json_ld_date(data: object, key: str, depth: int = 0) -> str | None:
    if depth > 8:
        return None
    if isinstance(data, dict):
        if (found := _date(data.get(key))) is not None:
            return found
        children = list(data.values())
    elif isinstance(data, list):
        children = data
    else:
        return None
    for child in children[:100]:
        if (found := _json_ld_date(child, key, depth + 1)) is not None:
            return found
    return None


class PageDates:
    """Collects date candidates while a page is scanned; :meth:`best` picks one."""

    def __init__(self) -> None:
        self._meta: str | None = None
        self._json_ld: str | None = None
        self._top_time: str | None = None

    def meta(self, attrs: dict[str, str | None]) -> None:
        """A ``<meta>`` tag."""
        if self._meta is not None:
            return
        names = {(attrs.get(k) or "").strip().lower() for k in ("name", "property", "itemprop")}
        if names & META_NAMES:
            self._meta = _date(attrs.get("content") or attrs.get("datetime"))

    def json_ld(self, text: str) -> None:
        """The text of a ``<script type="application/ld+json">``."""
        if self._json_ld is not None or len(text) > MAX_JSON_LD:
            return
        try:
            data = json.loads(text)
        except ValueError:
            return
        self._json_ld = _json_ld_date(data, "datePublished") or _json_ld_date(data, "dateCreated")

    def time(self, attrs: dict[str, str | None], words_before: int) -> None:
        """A ``<time>`` element, after ``words_before`` words of the page."""
        if self._top_time is None and words_before < TOP_WORDS:
            self._top_time = _date(attrs.get("datetime"))

    def best(self) -> str | None:
        """The publication date: metadata first, then JSON-LD, then a ``<time>`` near the top."""
        return self._meta or self._json_ld or self._top_time
