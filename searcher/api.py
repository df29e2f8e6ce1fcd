"""The library's front door: :class:`SearchIndex`.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.searcher import SearchIndex
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

import dataclasses
import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from polyseek.index import DEFAULT_LOCK_TIMEOUT, PassageIndex
from polyseek.index.records import PassageRecord
from polyseek.index.sizes import field_sizes
from polyseek.index.store import DEFAULT_COMMIT_EVERY
from polyseek.searcher import cross_script as xs
from polyseek.searcher import explain
from polyseek.searcher.compile import CompiledQuery, compile_query
from polyseek.searcher.context import QueryContext
from polyseek.searcher.docscore import rescore
from polyseek.searcher.fastpath import Postings
from polyseek.searcher.heap import release as release_memory
from polyseek.searcher.hitwords import HitWords, hit_words, joined_words
from polyseek.searcher.limits import TOTAL_EXACT_UP_TO, check_query_chars
from polyseek.searcher.positions import Blocks
from polyseek.searcher.prefix import expand_prefix, stem_family
from polyseek.searcher.query import LANGUAGES, QuerySyntaxError, parse_query
from polyseek.searcher.ranking import (
    RankedDocument,
    RankedPassage,
    group_documents,
    masked_docnums,
    search_and_count,
)
from polyseek.searcher.results import Hit, IndexInfo, SearchResults
from polyseek.searcher.scoring import weighting
from polyseek.searcher.snippets import cross_script_matches, make_snippet, match_line, matched_words
from polyseek.searcher.suggest import suggest as suggest_correction

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.analyzers import AnalyzedToken
    from polyseek.corpus.jsonl_fields import JsonlFields
    from polyseek.index.sync import ProgressCallback, SyncStats

#: Passages fetched per requested document before grouping (a document may own several).
PASSAGES_PER_DOCUMENT = 3


def jsonl_fields(
    id_field: str | None = None,
    text_field: str | None = None,
    title_field: str | None = None,
    date_field: str | None = None,
) -> JsonlFields | None:
    """The JSONL field names given, or None when none is (as last time).

    >>> jsonl_fields(id_field="docno")
    JsonlFields(id='docno', text=None, title=None, date=None)
    >>> jsonl_fields() is None
    True
    """
    if id_field is text_field is title_field is date_field is None:
        return None
    from polyseek.corpus.jsonl_fields import JsonlFields  # indexing only: a search never names fields

    return JsonlFields(id=id_field, text=text_field, title=title_field, date=date_field)


class SearchIndex:
    """A polyseek index: add files, keep them fresh, search them."""

    def __init__(self, pix: PassageIndex) -> None:
        self._pix = pix
        self._searcher = None
        self._lookups: xs.Lookups | None = None  # cross-script lookups over the current searcher

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
    def open_or_create(cls, path: str | Path, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> SearchIndex:
        """Open the index at ``path``, creating it if needed."""
        return cls(PassageIndex.open_or_create(path, lock_timeout=lock_timeout))

    @classmethod
    def rebuild(
        cls,
        path: str | Path,
        *paths: str | Path,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        progress: ProgressCallback | None = None,
        follow_links: bool | None = None,
        jobs: int = 1,
    ) -> SyncStats:
        """Make the index at ``path`` anew from the files of every path it knows (and ``paths``):
        the remedy for ``IndexCorruptError``. See :mod:`index.rebuild`."""
        from polyseek.index.rebuild import rebuild as rebuild_index  # reading sources: not imported by a search

        return rebuild_index(
            path, paths, follow_links=follow_links, lock_timeout=lock_timeout, progress=progress, jobs=jobs
        )

    @property
    def path(self) -> Path:
        return self._pix.path

    def check(self) -> int:
        """Read every file of the index and compare it with the checksums written with it;
        raise ``IndexCorruptError`` naming the first damage, else return the segments checked."""
        return self._pix.check(full=True)

    def close(self) -> None:
        """Close the searcher and the index."""
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self._lookups = None
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
        commit_every: int = DEFAULT_COMMIT_EVERY,
        follow_links: bool | None = None,
        jobs: int = 1,
        as_text: Iterable[str] | None = None,
        max_file_size: int | None = None,
        id_field: str | None = None,
        text_field: str | None = None,
        title_field: str | None = None,
        date_field: str | None = None,
    ) -> SyncStats:
        """Index files or folders, and remember them for :meth:`reindex`.

        Files indexed before are re-read only if they changed; indexed files
        that vanished from under ``paths`` are removed. Symlinks inside the
        folders are followed only with ``follow_links``, remembered per path
        (``None``: as last time, else not). ``progress`` is called after every
        file read; work is committed every ``commit_every`` passages.
        Raises ``IndexLockedError`` if another writer holds the index longer than
        ``lock_timeout`` seconds, ``IndexWriteError`` if the disk refuses (the
        last committed state stays intact). ``jobs`` > 1 analyses large amounts of text
        in that many worker processes (``0``: one per core); call it under
        ``if __name__ == "__main__":`` then. ``as_text``: suffixes (``.log``) read as plain
        text besides polyseek's own, remembered for every path (``None``: as last time).
        Files of other types are counted in ``SyncStats.ignored``, by suffix. Files larger
        than ``max_file_size`` bytes are skipped (remembered; ``0``: no limit; ``None``: as last time).
        ``id_field``, ``text_field``, ``title_field``, ``date_field``: the fields of JSONL records
        (remembered; by default ``id``/``_id``/``docid``, ``text``/``contents``, ``title``, ``date``).
        """
        from polyseek.index.sync import sync_paths  # reading sources: not imported by a search

        return sync_paths(
            self._pix, paths, lock_timeout=lock_timeout, progress=progress, commit_every=commit_every,
            follow_links=follow_links, jobs=jobs, as_text=as_text, max_file_size=max_file_size,
            fields=jsonl_fields(id_field, text_field, title_field, date_field),
        )

    def reindex(
        self,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        progress: ProgressCallback | None = None,
        commit_every: int = DEFAULT_COMMIT_EVERY,
        follow_links: bool | None = None,
        jobs: int = 1,
        as_text: Iterable[str] | None = None,
        max_file_size: int | None = None,
        id_field: str | None = None,
        text_field: str | None = None,
        title_field: str | None = None,
        date_field: str | None = None,
    ) -> SyncStats:
        """Rescan every path ever added: new, changed and vanished files are handled.

        Links are followed below each path as when it was last indexed, unless
        ``follow_links`` is given (then for every path, and remembered). ``jobs``,
        ``as_text``, ``max_file_size`` and the ``*_field`` names: see :meth:`add_path`.

        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "a.txt").write_text("Спортсмены готовятся к Олимпиаде.", encoding="utf-8")
        >>> with SearchIndex.create(folder / ".ix") as ix:
        ...     _ = ix.add_path(folder)
        ...     _ = (folder / "b.txt").write_text("Swimmers trained at the lake.", encoding="utf-8")
        ...     stats = ix.reindex()
        >>> stats.added, stats.unchanged, stats.failed
        (1, 1, 0)
        """
        from polyseek.index.sync import reindex

        return reindex(
            self._pix, lock_timeout=lock_timeout, progress=progress, commit_every=commit_every,
            follow_links=follow_links, jobs=jobs, as_text=as_text, max_file_size=max_file_size,
            fields=jsonl_fields(id_field, text_field, title_field, date_field),
        )

    def optimize(self, lock_timeout: float = DEFAULT_LOCK_TIMEOUT) -> None:
        """Merge all segments into one and purge deleted passages (never needed for correctness)."""
        self._pix.optimize(lock_timeout=lock_timeout)

    # -- searching -------------------------------------------------------
    def _current_searcher(self):
        """A searcher over the last committed state (reopened after another writer's commit)."""
        self._searcher = self._pix.fresh_searcher(self._searcher, weighting=weighting())
        return self._searcher

    def _context(
        self,
        query: str,
        lang: str | None = None,
        include_boilerplate: bool = False,
        cross_script: bool = True,
        searcher=None,
    ) -> QueryContext:
        """The query's context: the current searcher (or ``searcher``), its analyzer and
        features, ``query`` compiled."""
        ctx = QueryContext.of(searcher if searcher is not None else self._current_searcher())
        return ctx.compiled(self._compile(ctx, query, lang, include_boilerplate, cross_script))

    def _compile(
        self, ctx: QueryContext, query: str, lang: str | None, include_boilerplate: bool, cross_script: bool
    ) -> CompiledQuery:
        check_query_chars(query)
        parsed = parse_query(query)
        if parsed.dates and not ctx.features.dates:
            raise QuerySyntaxError(
                f"the index at {self.path} was made before publication dates were stored; to use date:, "
                f"rebuild it: rm -r {self.path} && polyseek index PATH --index {self.path}"
            )
        if lang:
            if lang not in LANGUAGES:
                raise QuerySyntaxError(f"unknown language {lang!r}; use one of: {', '.join(LANGUAGES)}")
            parsed.langs = (lang,)
        lookup = None
        if cross_script and ctx.features.cross_script:
            lookup = self._cross_script_lookups(ctx)
        prefixes = functools.partial(expand_prefix, ctx.searcher.reader(), analyze_fn=ctx.analyze)
        return compile_query(
            parsed, include_boilerplate=include_boilerplate, analyze_fn=ctx.analyze, cross_script=lookup,
            prefixes=prefixes, phrase_exists=functools.partial(_phrase_exists, ctx.searcher),
            family=functools.partial(stem_family, ctx.searcher.reader()),
        )

    def _cross_script_lookups(self, ctx: QueryContext) -> xs.Lookups:
        """Cross-script lookups over ``ctx``'s searcher, kept while it is the one searched."""
        reader = ctx.searcher.reader()
        if self._lookups is None or self._lookups.reader is not reader:
            self._lookups = xs.Lookups(reader, ctx.analyze)
        return self._lookups

    @staticmethod
    def _ranked_documents(
        ctx: QueryContext,
        limit: int,
        count: bool = False,
        blocks: Blocks | None = None,
        count_up_to: int | None = TOTAL_EXACT_UP_TO,
    ) -> tuple[list[RankedDocument], int, bool, int]:
        """The ``limit`` best documents: candidates from the best passages, re-ranked with
        document-level BM25F mixed with their best passage (see :mod:`searcher.docscore`),
        and (if ``count``) how many documents match, in one pass, and whether that number is
        exact (counted up to ``count_up_to``); and how many postings the ranking read
        (:func:`searcher.heap.release`).  ``blocks``: where the rescoring keeps the posting
        blocks it decodes for positions (the hits' snippets read them again)."""
        s, cq = ctx.searcher, ctx.query
        if cq is None or cq.scoring is None or s.doc_count_all() == 0:
            return [], 0, True, 0
        masked = masked_docnums(s, cq)
        wanted = limit * PASSAGES_PER_DOCUMENT
        postings: Postings = {}  # read while ranking passages, reused to rescore documents
        while True:
            best, total, exact = search_and_count(
                s, cq, wanted, masked, count=count, postings=postings, count_up_to=count_up_to
            )
            docs = group_documents(best)
            # A few long documents can fill every fetched passage: fetch more until
            # there are ``limit`` documents or no more passages match.
            if len(docs) >= limit or len(best) < wanted:
                break
            wanted *= 4
        ranked = rescore(s, cq.words, docs, masked, postings, blocks)[:limit]
        return ranked, total, exact, sum(map(len, postings.values()))

    def analyze(self, text: str, mode: str = "index") -> list[AnalyzedToken]:
        """The tokens of ``text`` as this index's own analyzer makes them (its settings, such
        as the Arabic stemmer and stop lists, are pinned in the index when it is created).

        >>> import tempfile
        >>> with SearchIndex.create(Path(tempfile.mkdtemp()) / "ix") as ix:
        ...     [t.terms for t in ix.analyze("Олимпийского комитета", mode="query")]
        [('олимпийский',), ('комитет',)]
        """
        return QueryContext.of(self._current_searcher()).analyze(text, mode)

    def rank_documents(
        self,
        query: str,
        limit: int = 100,
        lang: str | None = None,
        include_boilerplate: bool = False,
        cross_script: bool = True,
    ) -> list[tuple[str, float]]:
        """``(doc_id, score)`` of the best documents, best first (no snippets: for evaluation)."""
        ctx = self._context(query, lang, include_boilerplate, cross_script)
        docs, _, _, read = self._ranked_documents(ctx, limit)
        release_memory(read)
        return [(d.doc_id, d.score) for d in docs]

    def search(
        self,
        query: str,
        limit: int = 10,
        lang: str | None = None,
        passages: bool = False,
        include_boilerplate: bool = False,
        cross_script: bool = True,
        suggest: bool = True,
        exact_total: bool = False,
    ) -> SearchResults:
        """Ranked hits for ``query``: one per document (its best passage), or every passage.

        Passages marked as web page furniture (related-headline lists, "subscribe"
        lines; ``Hit.boilerplate``) neither match nor give snippets unless
        ``include_boilerplate`` is true. ``cross_script=False`` matches words only in
        the script they are typed in (by default ``Kulibayev`` also finds ``Кулибаев``);
        ``suggest=False`` skips the did-you-mean check (``results.suggestion``).
        ``results.total`` counts the matching documents up to
        :data:`searcher.limits.TOTAL_EXACT_UP_TO` and is a lower bound past it
        (``results.total_exact`` false), unless ``exact_total`` is true.
        Raises :class:`QuerySyntaxError` only for a filter that cannot mean anything, or
        (:class:`searcher.limits.QueryTooLargeError`) a query over the size limits of :mod:`searcher.limits`.
        """
        return self._search(
            self._current_searcher(), query, limit, lang, passages, include_boilerplate, cross_script, suggest,
            exact_total=exact_total,
        )

    def _search(
        self,
        searcher,
        query: str,
        limit: int,
        lang: str | None,
        passages: bool,
        include_boilerplate: bool,
        cross_script: bool,
        suggest: bool,
        exact_total: bool = False,
    ) -> SearchResults:
        """:meth:`search` on the index state ``searcher`` opened (a correction is searched on it too)."""
        ctx = self._context(query, lang, include_boilerplate, cross_script, searcher=searcher)
        cq = ctx.query
        assert cq is not None
        read = 0
        up_to = None if exact_total else TOTAL_EXACT_UP_TO
        if passages:
            # room for title-only passages dropped
            ranked, total, exact = search_and_count(ctx.searcher, cq, limit * 2, count_up_to=up_to)
            where = hit_words(ctx, [rp.docnum for rp in ranked])
            hits = _one_title_only_hit_per_document([self._hit(ctx, 0, rp, where) for rp in ranked])[:limit]
            hits = [dataclasses.replace(h, rank=rank) for rank, h in enumerate(hits, 1)]
        else:
            blocks: Blocks = {}  # decoded once for the rescoring's proximity and the snippets
            docs, total, exact, read = self._ranked_documents(ctx, limit, count=True, blocks=blocks, count_up_to=up_to)
            ranked = [RankedPassage(d.best.docnum, d.score, d.doc_id) for d in docs]
            where = hit_words(ctx, [rp.docnum for rp in ranked], blocks)
            hits = [self._hit(ctx, rank, rp, where) for rank, rp in enumerate(ranked, 1)]
        parsed = parse_query(query)
        suggestion = (
            suggest_correction(ctx.searcher, parsed, total, bool(cq.cross_script), analyze_fn=ctx.analyze)
            if suggest
            else None
        )
        results = SearchResults(
            query=query, total=total, hits=hits, suggestion=suggestion, notices=list(cq.notices), passages=passages,
            total_exact=exact,
        )
        if total == 0:
            results.reason = explain.nothing_to_look_for(parsed, cq, ctx.analyze) or explain.left_out(ctx.searcher, cq)
            if suggestion is not None:
                corrected = self._search(
                    ctx.searcher, suggestion, limit, lang, passages, include_boilerplate, cross_script, suggest=False,
                    exact_total=exact_total,
                )
                if corrected.total:
                    results.hits, results.total, results.showing = corrected.hits, corrected.total, suggestion
                    results.total_exact = corrected.total_exact
                    results.notices.extend(n for n in corrected.notices if n not in results.notices)
        release_memory(read)  # what the ranking freed, back to the system after a large search
        return results

    @staticmethod
    def _hit(ctx: QueryContext, rank: int, rp: RankedPassage, where: HitWords | None = None) -> Hit:
        """The hit of passage ``rp``; ``where``: the positions of its words that may match
        (:func:`searcher.hitwords.hit_words`), the only ones analysed."""
        rec = PassageRecord.from_stored(ctx.searcher.stored_fields(rp.docnum))
        cq, analyze_fn = ctx.query, ctx.analyze
        assert cq is not None
        in_text = in_title = joined = None  # every word analysed
        found = where.of(rp.docnum) if where is not None else None
        if found is not None:
            in_text, in_title = found
            joined = joined_words(rec.title, in_title, in_text)
        snippet = make_snippet(
            rec.text,
            rec.char_start,
            cq.highlight_terms,
            analyze_fn=analyze_fn,
            cross_script=cq.cross_script,
            codes=cq.codes,
            only=in_text,
        )
        return Hit(
            rank=rank,
            score=rp.score,
            doc_id=rec.doc_id,
            source=rec.source,
            title=rec.title,
            lang=rec.lang,
            passage=rec.passage,
            line=rec.line,
            char_start=rec.char_start,
            char_end=rec.char_end,
            snippet=snippet,
            boilerplate=rec.boilerplate,
            date=rec.date,
            cross_script=cross_script_matches(
                f"{rec.title}\n{rec.text}",
                cq.highlight_terms,
                cq.cross_script,
                analyze_fn,
                joined,
            ),
            match_line=match_line(rec.source, rec.line, rec.text, rec.char_start, snippet),
            title_highlights=tuple(
                (start, end)
                for start, end, _ in matched_words(rec.title, cq.title_terms, analyze_fn, cq.cross_script, in_title)
            )
            if rec.title
            else (),
        )

    # -- information -----------------------------------------------------
    def last_run(self) -> dict | None:
        """The statistics of the last completed ``index``/``reindex`` run (``SyncStats.as_dict()``), or None."""
        status = self._pix.read_status()
        return status.get("stats") if status else None

    def info(self, fields: bool = False) -> IndexInfo:
        """Counts per language, sources, size on disk, and when and how the last run went.

        ``last_indexed`` is when the last ``index``/``reindex`` run finished (even
        one that found nothing to do), as ISO 8601 in UTC. With ``fields``, also the
        bytes on disk per field (``field_bytes``; reads every segment's whole term table).
        """
        records = self._pix.file_records()
        languages: Counter[str] = Counter()
        for rec in records.values():
            languages.update(rec.languages)
        roots = self._pix.follow_links_by_root()
        status = self._pix.read_status()
        last = status.get("finished") if status else None
        if last is None:
            last = max((r.indexed_at for r in records.values()), default=None)
        return IndexInfo(
            path=str(self.path),
            documents=sum(r.documents for r in records.values()),
            passages=sum(r.passages for r in records.values()),
            files=len(records),
            languages=dict(sorted(languages.items())),
            sources=sorted(records),
            roots=sorted(roots),
            size_bytes=self._pix.size_bytes(),
            segments=self._pix.segment_count(),
            last_indexed=dt.datetime.fromtimestamp(last, dt.timezone.utc).isoformat(timespec="seconds") if last else None,
            deleted=self._pix.deleted_count(),
            last_run=status.get("stats") if status else None,
            following_links=sorted(root for root, follow in roots.items() if follow),
            field_bytes=field_sizes(self._pix) if fields else {},
        )


def _one_title_only_hit_per_document(hits: list[Hit]) -> list[Hit]:
    """``hits`` (passages, best first) without passages that only their document's title
    matched, except one for a document that matched nowhere else (its title highlighted)."""
    with_text = {h.doc_id for h in hits if not h.title_only}
    seen: set[str] = set()
    out = []
    for h in hits:
        if h.title_only:
            if h.doc_id in with_text or h.doc_id in seen:
                continue
            seen.add(h.doc_id)
        out.append(h)
    return out


def _phrase_exists(searcher, query) -> bool:
    """Whether a live passage matches ``query`` (a phrase: bounded by its words' postings)."""
    return searcher.search(query, limit=1).scored_length() > 0
