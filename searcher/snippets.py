"""Snippets as data: a fragment of the passage plus the code-point ranges to highlight.

The passage is re-analysed with the index-time chains, so exactly the words that
produced a matching term are highlighted, as written (``Олимпийского``, not the lemma),
and so are the names whose cross-script keys a query word matched (``Кулибаева`` for
``Kulibayev``).

Example:
    >>> from polyseek.analyzers import analyze
    >>> s = make_snippet("Заседание Олимпийского комитета прошло в Лозанне.", 100, {"олимпийский"}, analyze_fn=analyze)
    >>> s.mark("[", "]")
    'Заседание [Олимпийского] комитета прошло в Лозанне.'
    >>> s.ranges, s.start
    (((10, 22),), 100)
"""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from polyseek.analyzers import MultilingualAnalyzer, analyze, find_terms
from polyseek.analyzers.analysis import analyzed_words
from polyseek.corpus.formats.suffixes import FORMAT_SUFFIXES

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.searcher.compile import AnalyzeFn

#: ``(query word, the terms of its spellings in other scripts)``, as ``CompiledQuery.cross_script``.
CrossScript = Sequence[tuple[str, frozenset[str]]]

#: ``(a code's terms, its words' terms)``, as ``CompiledQuery.codes``.
Codes = Sequence[tuple[frozenset[str], frozenset[str]]]

#: Target snippet length in characters (the whole passage when it is this short).
SNIPPET_CHARS = 260


@dataclass(frozen=True, slots=True)
class Snippet:
    """``text`` is a slice of the source text starting at code point ``start``."""

    text: str
    ranges: tuple[tuple[int, int], ...]
    start: int

    def mark(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each highlight wrapped in ``before``/``after``."""
        out, last = [], 0
        for s, e in self.ranges:
            out.append(self.text[last:s])
            out.append(f"{before}{self.text[s:e]}{after}")
            last = e
        out.append(self.text[last:])
        return "".join(out)


def index_analyzer(analyze_fn: AnalyzeFn) -> MultilingualAnalyzer | None:
    """The :class:`MultilingualAnalyzer` whose own ``analyze`` ``analyze_fn`` is (an index's
    analyzer: its words can be read by :func:`analyzers.analysis.analyzed_words`), else None.

    >>> index_analyzer(MultilingualAnalyzer().analyze) is not None, index_analyzer(analyze)
    (True, None)
    """
    owner = getattr(analyze_fn, "__self__", None)
    if type(owner) is MultilingualAnalyzer and getattr(analyze_fn, "__func__", None) is MultilingualAnalyzer.analyze:
        return owner
    return None


def matched_words(
    text: str,
    terms: Collection[str],
    analyze_fn: AnalyzeFn,
    cross_script: CrossScript = (),
    only: Container[int] | None = None,
) -> list[tuple[int, int, frozenset[str]]]:
    """``(start, end, matched terms)`` of the words in ``text`` whose terms are in ``terms`` or
    in those of a query word's spellings in other scripts (``cross_script``); ``only``: the
    positions of the only words that may have one (:func:`searcher.hitwords.hit_words`)."""
    wanted = terms if isinstance(terms, (set, frozenset)) else frozenset(terms)
    wanted = wanted.union(*(t for _, t in cross_script))
    if not wanted:
        return []
    # the same words, but those of scripts no wanted term is written in are not analysed
    owner = index_analyzer(analyze_fn)
    if owner is not None:
        # as the index analysed it: its analysis version, whose terms its postings and its
        # queries have (its word cache and the index's store of its words answer: no Russian
        # dictionary loaded by a search); a later version may give a word more terms
        found = find_terms(
            text, wanted, arabic_stemmer=owner.arabic_stemmer, stopwords=owner.stopwords, version=owner.version, only=only
        )
        return found  # type: ignore[return-value]
    if analyze_fn is analyze:
        return find_terms(text, wanted, only=only)  # type: ignore[return-value]
    return [
        (t.start, t.end, frozenset(wanted.intersection(t.terms)))
        for t in analyze_fn(text, "index")
        if not t.stopword and not wanted.isdisjoint(t.terms)
    ]


def cross_script_matches(
    text: str,
    terms: Collection[str],
    cross_script: CrossScript,
    analyze_fn: AnalyzeFn,
    only: Container[int] | None = None,
) -> dict[str, list[str]]:
    """Query word -> the words of ``text`` (as written) it matched only across scripts;
    ``only``: the positions of the only words that may have a term of ``cross_script``
    (:func:`searcher.hitwords.joined_words`; an index's analyzer only).

    >>> from polyseek.analyzers import analyze
    >>> cross_script_matches("Тимур Кулибаев, Кулибаева", set(), [("Kulibayev", frozenset({"кулибаев"}))], analyze)
    {'Kulibayev': ['Кулибаев', 'Кулибаева']}
    """
    if not cross_script:
        return {}
    wanted = terms if isinstance(terms, (set, frozenset)) else frozenset(terms)
    out: dict[str, dict[str, None]] = {}
    owner = index_analyzer(analyze_fn)
    if only is not None and owner is not None:
        words: Iterable[tuple[str, tuple[str, ...], bool]] = (
            (surface, terms, stop) for _, _, _, surface, (_, terms, stop), _ in analyzed_words(text, owner.settings, only=only)
        )
    else:
        words = ((t.surface, t.terms, t.stopword) for t in analyze_fn(text, "index"))
    for surface, found_terms, stop in words:
        if stop or not wanted.isdisjoint(found_terms):
            continue
        for word, found in cross_script:
            if not found.isdisjoint(found_terms):
                out.setdefault(word, {})[surface] = None
    return {word: list(surfaces) for word, surfaces in out.items()}


def _with_codes(
    words: list[tuple[int, int, frozenset[str]]], terms: Collection[str], codes: Codes
) -> list[tuple[int, int, frozenset[str]]]:
    """``words`` without the matches of a code's words in a text that has the code itself.

    >>> codes = [(frozenset({"covid19"}), frozenset({"covid", "19"}))]
    >>> _with_codes([(0, 8, frozenset({"covid19"})), (20, 22, frozenset({"19"}))], {"covid19"}, codes)
    [(0, 8, frozenset({'covid19'}))]
    >>> _with_codes([(0, 5, frozenset({"covid"})), (6, 8, frozenset({"19"}))], {"covid19"}, codes)
    [(0, 5, frozenset({'covid'})), (6, 8, frozenset({'19'}))]
    """
    found = frozenset().union(*(w[2] for w in words))
    drop = frozenset().union(*(parts for code, parts in codes if not found.isdisjoint(code))) - frozenset(terms)
    return [w for w in words if not w[2] <= drop] if drop else words


def _best_window(words: list[tuple[int, int, frozenset[str]]], text_len: int, width: int) -> tuple[int, int]:
    """The ``width``-character window with the most distinct query terms, then the most matches."""
    if not words:
        return 0, min(width, text_len)
    best, best_key = words[0][0], (0, 0)
    for i, (s, _, _) in enumerate(words):
        inside = [w for w in words[i:] if w[1] <= s + width]
        key = (len(frozenset().union(*(w[2] for w in inside))), len(inside))
        if key > best_key:
            best, best_key = s, key
    start = max(0, best - min(best, width // 5))
    return start, min(text_len, start + width)


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace() and start > end - 2 * SNIPPET_CHARS:
        start -= 1
    while end < len(text) and not text[end].isspace() and end < start + 2 * SNIPPET_CHARS:
        end += 1
    return start, end


def make_snippet(
    passage: str,
    passage_start: int,
    terms: Collection[str],
    width: int = SNIPPET_CHARS,
    *,
    analyze_fn: AnalyzeFn,
    cross_script: CrossScript = (),
    codes: Codes = (),
    only: Container[int] | None = None,
) -> Snippet:
    """A snippet of ``passage`` (which starts at ``passage_start`` in the source text),
    analysed with ``analyze_fn`` (the index's own analyzer); the words of a query's
    ``codes`` are highlighted where the passage does not have the code itself.  ``only``:
    the positions of the only words that may match (:func:`searcher.hitwords.hit_words`)."""
    if codes:
        every = frozenset(terms).union(*(parts for _, parts in codes))
        words = _with_codes(matched_words(passage, every, analyze_fn, cross_script, only), terms, codes)
    else:
        words = matched_words(passage, terms, analyze_fn, cross_script, only)
    if len(passage) <= width:
        start, end = 0, len(passage)
    else:
        start, end = _widen_to_words(passage, *_best_window(words, len(passage), width))
        while start < end and passage[start].isspace():
            start += 1
        while end > start and passage[end - 1].isspace():
            end -= 1
    ranges = tuple((s - start, e - start) for s, e, _ in words if s >= start and e <= end)
    return Snippet(text=passage[start:end], ranges=ranges, start=passage_start + start)


#: Sources whose passage text is not a slice of the file's lines (HTML, PDF, EPUB, e-mail,
#: office files: extracted text; JSONL: a record on one line): a match is reported at the
#: passage's line.
_LINES_UNKNOWN = (".html", ".htm", ".jsonl", *FORMAT_SUFFIXES)


def match_line(source: str, line: int, passage: str, passage_start: int, snippet: Snippet) -> int:
    """The 1-based line of the first highlighted word of ``snippet``, in a passage of
    ``source`` that starts at ``line`` and at code point ``passage_start``.

    >>> text = "Заседание прошло\\nв Лозанне."
    >>> snippet = make_snippet(text, 100, {"лозанна"}, analyze_fn=analyze)
    >>> match_line("a.txt", 3, text, 100, snippet), match_line("a.html", 3, text, 100, snippet)
    (4, 3)
    """
    if not snippet.ranges or source.lower().endswith(_LINES_UNKNOWN):
        return line
    offset = snippet.start - passage_start + snippet.ranges[0][0]
    return line + passage.count("\n", 0, max(offset, 0))
