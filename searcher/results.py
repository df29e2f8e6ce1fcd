"""Typed results: what a search returns to a program (the CLI renders these)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from searcher.snippets import Snippet


def display_path(path: str) -> str:
    """``path`` relative to the working directory when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


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
    boilerplate: bool = False
    #: query word -> the words (as written) of the passage or its title it matched only across scripts
    cross_script: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ref(self) -> str:
        """``path:line``, the way editors and terminals link to a place in a file."""
        return f"{display_path(self.source)}:{self.line}"

    @property
    def highlights(self) -> tuple[tuple[int, int], ...]:
        return self.snippet.ranges

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
            "char_start": self.char_start,
            "char_end": self.char_end,
            "snippet": self.snippet.text,
            "snippet_start": self.snippet.start,
            "highlights": [list(r) for r in self.snippet.ranges],
            "boilerplate": self.boilerplate,
            "cross_script": {word: list(found) for word, found in self.cross_script.items()},
        }


@dataclass(slots=True)
class SearchResults:
    """The answer to one query: ``total`` matching documents and the ranked ``hits``."""

    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    #: the query with misspelt words corrected from the index's vocabulary, or None
    suggestion: str | None = None

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)

    def as_dict(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "suggestion": self.suggestion,
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
        }
