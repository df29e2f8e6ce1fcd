"""Where a query's terms are in the passages shown: word positions from the postings.

A hit's snippet, title highlights and cross-script matches come from analysing its passage
and title again (:mod:`searcher.snippets`), but only a word that has a query term can be
highlighted, and the index already says where those are: each term's posting in a passage
holds the positions of the words that have it (stop words included, compounds at their
first word's position, as :meth:`analyzers.MultilingualAnalyzer.occurrences` wrote them).
:func:`hit_words` reads those positions for the shown passages at once, and the snippet
code analyses only the words there (:func:`analyzers.find_terms` ``only``): the same
ranges, without looking up the hundred other words of each passage, most of them new to
the process (a word cache lookup each; 10,000 news documents, 60 title queries: 31 of
63 ms a first search went to those).

This holds because the snippets analyse a passage as the index did (its analysis version,
whose terms its postings and its queries have: :func:`searcher.snippets.matched_words`), also
on an index of an earlier version; :func:`hit_words` is None for an index of version 1 (made
before compounds), whose texts are analysed whole.
On an index of version 2 that saved a search of the 60 title queries over 10,000 documents
~35 ms a first search (every word of ten passages looked up and most analysed) and ~10 ms
a later one.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.searcher import SearchIndex
    >>> from polyseek.searcher.context import QueryContext
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> with SearchIndex.create(Path(tempfile.mkdtemp()) / "ix") as ix:
    ...     _ = ix.add_path(samples)
    ...     ctx = ix._context("олимпийский комитет")
    ...     docnum = ix._ranked_documents(ctx, 1)[0][0].best.docnum
    ...     words = hit_words(ctx, [docnum])
    ...     text = ctx.searcher.stored_fields(docnum)["text"]
    ...     found = [w.group() for i, w in enumerate(WORD_RE.finditer(text)) if i in words.text[docnum]]
    >>> sorted({w.lower()[:5] for w in found})
    ['комит', 'олимп']
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from polyseek.analyzers.tokenizer import WORD_RE
from polyseek.index.records import TEXT, TITLE
from polyseek.searcher.positions import Blocks, term_positions
from polyseek.searcher.snippets import index_analyzer

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.searcher.context import QueryContext

__all__ = ["HitWords", "hit_words", "joined_words"]

#: ``docnum -> positions`` of the words that have a wanted term, per field.
Positions = dict[int, frozenset[int]]


@dataclass(frozen=True, slots=True)
class HitWords:
    """For each shown passage, the positions of the words of its ``text`` and ``title`` that
    have a term the snippet code looks for (each passage has an entry, empty if none)."""

    text: Positions
    title: Positions

    def of(self, docnum: int) -> tuple[frozenset[int], frozenset[int]]:
        """``(text positions, title positions)`` of passage ``docnum``."""
        return self.text[docnum], self.title[docnum]


def hit_words(ctx: QueryContext, docnums: Iterable[int], blocks: Blocks | None = None) -> HitWords | None:
    """The positions of the words of ``docnums``' text and title that hold any term the
    hits of ``ctx``'s query highlight or match across scripts; None for an index of analysis
    version 1 (every word is then analysed).
    ``blocks``: the query's posting blocks decoded already (:func:`searcher.positions.term_positions`)."""
    cq = ctx.query
    owner = index_analyzer(ctx.analyze)
    if cq is None or owner is None or owner.version < 2:
        return None
    across = frozenset().union(*(terms for _, terms in cq.cross_script))
    codes = frozenset().union(*(code | words for code, words in cq.codes))
    wanted = sorted(set(docnums))
    blocks = {} if blocks is None else blocks
    return HitWords(
        text=_positions(ctx.searcher, TEXT, cq.highlight_terms | across | codes, wanted, blocks),
        title=_positions(ctx.searcher, TITLE, cq.title_terms | across, wanted, blocks),
    )


def joined_words(title: str, title_positions: Collection[int], text_positions: Collection[int]) -> frozenset[int]:
    """The positions in ``f"{title}\\n{text}"`` of the words at ``title_positions`` of the title
    and ``text_positions`` of the text (the text's words come after the title's).

    >>> sorted(joined_words("Super Bowl 50", {1}, {0, 3}))
    [1, 3, 6]
    """
    shift = sum(1 for _ in WORD_RE.finditer(title))
    return frozenset(title_positions).union(p + shift for p in text_positions)


def _positions(searcher: Any, fieldname: str, terms: Collection[str], docnums: list[int], blocks: Blocks) -> Positions:
    """docnum -> the positions of every occurrence of ``terms`` in ``fieldname`` of each of
    ``docnums`` (ascending), a segment at a time (a term absent from a segment costs a
    term-table lookup; a present one, the blocks that hold the docnums)."""
    out: dict[int, set[int]] = {n: set() for n in docnums}
    for term in terms:
        for n, found in term_positions(searcher, fieldname, term, docnums, blocks).items():
            out[n].update(found)
    return {n: frozenset(where) for n, where in out.items()}

