"""Typed results: what a search returns to a program (the CLI renders these)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from typing import overload
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from polyseek.searcher.snippets import Snippet


def display_path(path: str) -> str:
    """``path`` relative to the working directory when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


#: Words at each end of a snippet that a text-fragment link quotes.
FRAGMENT_WORDS = 4


def text_fragment_url(source: str, text: str) -> str:
    """A ``file:`` URL that makes a browser scroll to and highlight ``text`` on the page.

    Uses a text fragment (``#:~:text=start,end``, WICG Text Fragments, in Chromium-based
    browsers, Safari and Firefox): the first and last few words of ``text``.

    >>> text_fragment_url("/p/a b.html", "Сборная начала сборы в Астане - 14 марта, 2026")
    'file:///p/a%20b.html#:~:text=%D0%A1%D0%B1%D0%BE%D1%80%D0%BD%D0%B0%D1%8F%20%D0%BD%D0%B0%D1%87%D0%B0%D0%BB%D0%B0%20%D1%81%D0%B1%D0%BE%D1%80%D1%8B%20%D0%B2,%2D%2014%20%D0%BC%D0%B0%D1%80%D1%82%D0%B0%2C%202026'
    """
    words = text.split()
    if len(words) <= 2 * FRAGMENT_WORDS:
        directive = _fragment_part(" ".join(words))
    else:
        directive = f"{_fragment_part(' '.join(words[:FRAGMENT_WORDS]))},{_fragment_part(' '.join(words[-FRAGMENT_WORDS:]))}"
    return f"{Path(source).as_uri()}#:~:text={directive}"


def _fragment_part(words: str) -> str:
    # "-", "," and "&" are syntax inside a text directive: always percent-encode them.
    return re.sub(r"-", "%2D", quote(words, safe=""))


@dataclass(frozen=True, slots=True)
class Hit:
    """One ranked passage with its source reference and highlighted snippet."""

    rank: int
    score: float
    doc_id: str
    source: str  # absolute path of the source file
    title: str
    lang: str
    passage: int  # 0-based passage number within the document
    line: int  # 1-based line of the source file where the passage starts
    char_start: int  # code-point span of the passage in the document text
    char_end: int
    snippet: Snippet
    boilerplate: bool = False  # the passage is web page furniture (only with include_boilerplate)
    date: str | None = None  # the document's publication date, YYYY-MM-DD, if known
    #: query word -> the words (as written) of the passage or its title it matched only across scripts
    cross_script: dict[str, list[str]] = field(default_factory=dict)
    #: 1-based line of the first highlighted word (``line`` when it is not known: no word
    #: of the passage matched, or the source is HTML or JSONL)
    match_line: int = 0
    #: ``[start, end)`` ranges of the query words in ``title``
    title_highlights: tuple[tuple[int, int], ...] = ()

    @property
    def part(self) -> str | None:
        """Where in its file the passage's document is (``page=3`` of a PDF, an EPUB chapter's
        file, ``message=2`` of a mailbox), or ``None`` for a file read as one document."""
        prefix = f"{self.source}#"
        return self.doc_id[len(prefix) :] if self.doc_id.startswith(prefix) else None

    @property
    def page(self) -> int | None:
        """The 1-based page of a PDF the passage is on, else ``None``."""
        part = self.part or ""
        return int(part[5:]) if part.startswith("page=") and part[5:].isdigit() else None

    @property
    def ref(self) -> str:
        """``path:line`` of the first matched word (``path#page=3:line`` inside a PDF, EPUB or
        mailbox), the way editors and terminals link to a place in a file."""
        part = self.part
        return f"{display_path(self.source)}{'#' + part if part else ''}:{self.match_line or self.line}"

    @property
    def title_only(self) -> bool:
        """Whether only the document's title matched (no query word in the passage)."""
        return not self.snippet.ranges and bool(self.title_highlights)

    @property
    def highlights(self) -> tuple[tuple[int, int], ...]:
        return self.snippet.ranges

    @property
    def url(self) -> str | None:
        """For an HTML page, a link that opens it in a browser at the snippet; else ``None``."""
        if not self.source.lower().endswith((".html", ".htm")) or not os.path.isabs(self.source):
            return None
        return text_fragment_url(self.source, self.snippet.text)

    def as_dict(self) -> dict:
        """The hit as the JSON object documented in the README."""
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "doc_id": self.doc_id,
            "source": self.source,
            "title": self.title,
            "lang": self.lang,
            "passage": self.passage,
            "line": self.line,
            "match_line": self.match_line or self.line,
            "page": self.page,
            "part": self.part,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "snippet": self.snippet.text,
            "snippet_start": self.snippet.start,
            "highlights": [list(r) for r in self.snippet.ranges],
            "title_highlights": [list(r) for r in self.title_highlights],
            "boilerplate": self.boilerplate,
            "date": self.date,
            "url": self.url,
            "cross_script": {word: list(found) for word, found in self.cross_script.items()},
        }


@dataclass(slots=True)
class SearchResults(Sequence[Hit]):
    """The answer to one query: ``total`` matching documents and the ranked ``hits``.

    ``total`` is exact up to :data:`searcher.limits.TOTAL_EXACT_UP_TO` documents; past it,
    a lower bound (``total_exact`` false), unless the search asked for ``exact_total``.

    A sequence of its hits: ``len(results)``, ``results[0]``, ``results[:3]``, ``for hit in results``.

    >>> r = SearchResults("x", total=0)
    >>> len(r), list(r), r[:1], bool(r)
    (0, [], [], False)
    """

    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    #: the query with misspelt words corrected from the index's vocabulary, or None
    suggestion: str | None = None
    #: how the query was read, when the user should know (a prefix cut to its limit), one line each
    notices: list[str] = field(default_factory=list)
    #: whether the hits are passages (several per document) rather than one per document
    passages: bool = False
    #: when nothing was found: why, in one line (only stop words, only in page furniture, ...)
    reason: str | None = None
    #: when the query found nothing but its suggestion did: the suggestion, whose hits these are
    showing: str | None = None
    #: whether ``total`` is the exact number of matching documents (else at least that many)
    total_exact: bool = True

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    @overload
    def __getitem__(self, index: int) -> Hit: ...
    @overload
    def __getitem__(self, index: slice) -> list[Hit]: ...
    def __getitem__(self, index: int | slice) -> Hit | list[Hit]:
        return self.hits[index]

    def as_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "total_relation": "eq" if self.total_exact else "gte",
            "suggestion": self.suggestion,
            "notices": list(self.notices),
            "reason": self.reason,
            "showing_results_for": self.showing,
            "hits": [h.as_dict() for h in self.hits],
        }


@dataclass(frozen=True, slots=True)
class IndexInfo:
    """What an index holds."""

    path: str
    documents: int
    passages: int
    files: int
    languages: dict[str, int]
    sources: list[str]
    roots: list[str]
    size_bytes: int
    segments: int
    last_indexed: str | None
    deleted: int = 0  # deleted passages still in segments (purged by merges and optimize)
    last_run: dict | None = None  # statistics of the last index/reindex run
    following_links: list[str] = field(default_factory=list)  # roots below which links are followed
    #: bytes on disk per field, largest first (see :mod:`index.sizes`); they add up to ``size_bytes``
    field_bytes: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "documents": self.documents,
            "passages": self.passages,
            "files": self.files,
            "languages": dict(self.languages),
            "sources": list(self.sources),
            "roots": list(self.roots),
            "size_bytes": self.size_bytes,
            "segments": self.segments,
            "last_indexed": self.last_indexed,
            "deleted": self.deleted,
            "last_run": self.last_run,
            "following_links": list(self.following_links),
            "field_bytes": dict(self.field_bytes),
        }
