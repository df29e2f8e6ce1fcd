"""The library's front door: :class:`SearchIndex`.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from searcher import SearchIndex
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> ix = SearchIndex.create(Path(tempfile.mkdtemp()) / "ix")
    >>> ix.add_path(samples).added
    5
    >>> hit = ix.search("олимпийский комитет", limit=3).hits[0]
    >>> hit.ref.split(":")[0].endswith(".txt"), "[" in hit.snippet.mark("[", "]")
    (True, True)
    >>> ix.close()
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from index import DEFAULT_LOCK_TIMEOUT, PassageIndex, SyncStats, reindex, sync_paths
from index.sync import ProgressCallback
from searcher.compile import CompiledQuery, compile_query
from searcher.query import LANGUAGES, QuerySyntaxError, parse_query
from searcher.ranking import RankedPassage, group_documents, search_and_count, search_passages, weighting
from searcher.results import Hit, IndexInfo, SearchResults
from searcher.snippets import make_snippet

#: Passages fetched per requested document before grouping (a document may own several).
PASSAGES_PER_DOCUMENT = 3


class SearchIndex:
    """A polyseek index: add files, keep them fresh, search them."""

    def __init__(self, pix: PassageIndex) -> None:
        self._pix = pix
        self._searcher = None

    # -- lifecycle -------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path) -> SearchIndex:
        """Create an empty index at ``path``."""
        return cls(PassageIndex.create(path))

    @classmethod
    def open(cls, path: str | Path) -> SearchIndex:
        """Open the index at ``path`` (``IndexNotFoundError`` if there is none)."""
        return cls(PassageIndex.open(path))

    @classmethod
    def open_or_create(cls, path: str | Path) -> SearchIndex:
        """Open the index at ``path``, creating it if needed."""
        return cls(PassageIndex.open_or_create(path))

    @property
    def path(self) -> Path:
        return self._pix.path

    def close(self) -> None:
        """Close the searcher and the index."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._pix.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------
    def add_path(
        self,
        *paths: str | Path,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        progress: ProgressCallback | None = None,
        jobs: int = 1,
    ) -> SyncStats:
        """Index files or folders (only what changed since they were last indexed).

        ``jobs`` > 1 analyses large amounts of text in that many worker processes
        (``0``: one per core); call it under ``if __name__ == "__main__":`` then.
        """
        return sync_paths(self._pix, paths, lock_timeout=lock_timeout, progress=progress, jobs=jobs)

    def reindex(
        self, lock_timeout: float = DEFAULT_LOCK_TIMEOUT, progress: ProgressCallback | None = None, jobs: int = 1
    ) -> SyncStats:
        """Rescan every path ever added: new, changed and vanished files are handled."""
        return reindex(self._pix, lock_timeout=lock_timeout, progress=progress, jobs=jobs)

    # -- searching -------------------------------------------------------
    def _current_searcher(self):
        if self._searcher is None:
            self._searcher = self._pix.searcher(weighting=weighting())
        else:
            self._searcher = self._searcher.refresh()
        return self._searcher

    def _compile(self, query: str, lang: str | None) -> CompiledQuery:
        parsed = parse_query(query)
        if lang:
            if lang not in LANGUAGES:
                raise QuerySyntaxError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
            parsed.langs = (lang,)
        return compile_query(parsed)

    def rank_documents(self, query: str, limit: int = 100, lang: str | None = None) -> list[tuple[str, float]]:
        """``(doc_id, score)`` of the best documents, best first (no snippets: for evaluation)."""
        cq = self._compile(query, lang)
        s = self._current_searcher()
        docs = group_documents(search_passages(s, cq, limit * PASSAGES_PER_DOCUMENT))
        return [(d.doc_id, d.score) for d in docs[:limit]]

    def search(self, query: str, limit: int = 10, lang: str | None = None, passages: bool = False) -> SearchResults:
        """Ranked hits for ``query``: one per document (its best passage), or every passage.

        Raises :class:`QuerySyntaxError` only for a filter that cannot mean anything.
        """
        cq = self._compile(query, lang)
        s = self._current_searcher()
        if passages:
            ranked, total = search_and_count(s, cq, limit)
        else:
            best, total = search_and_count(s, cq, limit * PASSAGES_PER_DOCUMENT)
            docs = group_documents(best)[:limit]
            ranked = [RankedPassage(d.best.docnum, d.score, d.doc_id) for d in docs]
        hits = [self._hit(s, rank, rp, cq) for rank, rp in enumerate(ranked, 1)]
        return SearchResults(query=query, total=total, hits=hits)

    def _hit(self, s, rank: int, rp: RankedPassage, cq: CompiledQuery) -> Hit:
        f = s.stored_fields(rp.docnum)
        return Hit(
            rank=rank,
            score=rp.score,
            doc_id=f["doc_id"],
            source=f["source"],
            title=f.get("title", ""),
            lang=f.get("lang", ""),
            passage=f.get("passage", 0),
            line=f.get("line", 1),
            char_start=f.get("char_start", 0),
            char_end=f.get("char_end", 0),
            snippet=make_snippet(f.get("text", ""), f.get("char_start", 0), cq.highlight_terms),
            boilerplate=bool(f.get("boilerplate", False)),
        )

    # -- information -----------------------------------------------------
    def info(self) -> IndexInfo:
        """Counts per language, sources, size on disk and the time of the last indexing."""
        records = self._pix.file_records()
        languages: Counter[str] = Counter()
        for rec in records.values():
            languages.update(rec.languages)
        last = max((r.indexed_at for r in records.values()), default=None)
        return IndexInfo(
            path=str(self.path),
            documents=sum(r.documents for r in records.values()),
            passages=sum(r.passages for r in records.values()),
            files=len(records),
            languages=dict(sorted(languages.items())),
            sources=sorted(records),
            roots=self._pix.roots(),
            size_bytes=self._pix.size_bytes(),
            segments=self._pix.segment_count(),
            last_indexed=dt.datetime.fromtimestamp(last, dt.timezone.utc).isoformat(timespec="seconds") if last else None,
        )
