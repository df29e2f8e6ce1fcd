"""Prefix queries (``олимп*``) and stem families: expansions over the collection's words.

A prefix is normalised like the words it is compared with, then expanded twice:

- over the ``words`` field (every word of the collection as written, only normalised; see
  :mod:`searcher.suggest`): ``олимп`` finds ``олимпийского``, ``олимпиаде``..., each analysed
  into its terms (lemmas, stems), so every form of those words matches;
- over the ``text`` field's own terms (lemmas and stems): ``олимп`` finds ``олимпийский``.

The expansion is bounded: at most :data:`MAX_PREFIX_WORDS` words, the most frequent ones
(a prefix of one or two letters would otherwise match a good part of the vocabulary);
when more words start so, :attr:`PrefixExpansion.truncated` says so and the search says
which limit applied. At most :data:`MAX_PREFIX_SCAN` vocabulary entries are looked at.

A Russian query word's *stem family* (:func:`stem_family`) is the same kind of expansion,
made for it without being asked: the ``text`` terms that begin with the word's Snowball
stem but its last letter (*строительные* -> ``строительн`` -> ``строитель`` ->
``строительство``, ``строитель``; *используется* -> ``использ`` -> ``исполь`` ->
``использовать``, ``использование``), at most :data:`MAX_FAMILY_WORDS`, the most frequent.
They weigh a little in the document score only (:data:`searcher.scoring.STEM_FAMILY_WEIGHT`).

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.searcher import SearchIndex
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> with SearchIndex.create(Path(tempfile.mkdtemp()) / "ix") as ix:
    ...     _ = ix.add_path(samples)
    ...     hit = ix.search("олимпи*").hits[0]
    >>> "[Олимпийского]" in hit.snippet.mark("[", "]") or "[олимпийск" in hit.snippet.mark("[", "]").lower()
    True
"""

from __future__ import annotations

import heapq
import itertools
from dataclasses import dataclass

from polyseek.analyzers.russian import stem_russian
from polyseek.analyzers.surface import SURFACE_CHAINS, surface_form
from polyseek.searcher.cross_script import WORDS_FIELD, AnalyzeFn

#: Words a prefix expands to at most (the most frequent in the collection).
MAX_PREFIX_WORDS = 100
#: Vocabulary entries looked at per field for one prefix.
MAX_PREFIX_SCAN = 50_000
#: Terms a query word's stem family holds at most (the most frequent in the collection).
MAX_FAMILY_WORDS = 20
#: Letters taken off the end of the Snowball stem before it is expanded: the stem keeps the
#: first letter of a suffix (``строительн`` of *строительные*, ``строительств`` of
#: *строительство*), so a word derived with another suffix shares the stem but its last
#: letter (0 and 2 measured too: docs/relevance.md, issue 11's seventh pass).
FAMILY_STEM_CUT = 1
#: A stem (after the cut) of fewer letters has no family: three letters begin too much of
#: the vocabulary to be one word's derivations (``мир``: *мировой*, *мираж*, *мирза*).
MIN_FAMILY_STEM = 4


@dataclass(frozen=True, slots=True)
class PrefixExpansion:
    """What a prefix matches: the ``terms`` to search, from ``words`` words; ``truncated`` when
    more words start so than :data:`MAX_PREFIX_WORDS`."""

    prefix: str
    terms: frozenset[str]
    words: int
    truncated: bool = False


def _entries(reader, fieldname: str, prefix: str) -> list[tuple[int, str]]:
    """``(frequency, term)`` of the terms of ``fieldname`` that start with ``prefix`` (at most the scan limit)."""
    if fieldname not in reader.schema:
        return []
    out = []
    for btext in itertools.islice(reader.expand_prefix(fieldname, prefix), MAX_PREFIX_SCAN):
        term = btext.decode("utf-8") if isinstance(btext, bytes) else btext
        out.append((int(reader.frequency(fieldname, term)), term))
    return out


def expand_prefix(reader, prefix: str, analyze_fn: AnalyzeFn, limit: int = MAX_PREFIX_WORDS) -> PrefixExpansion:
    """The terms that words starting with ``prefix`` are indexed under, the ``limit`` most frequent words."""
    tokens = [t for t in analyze_fn(prefix, "query") if t.terms]
    if len(tokens) != 1:
        return PrefixExpansion(prefix, frozenset(), 0)  # "a-b*" or punctuation: no single word to extend
    chain = tokens[0].chain
    form = surface_form(prefix, chain, min_letters=1) if chain in SURFACE_CHAINS else prefix.lower()
    if not form:
        return PrefixExpansion(prefix, frozenset(), 0)
    # the collection's words as written, then the terms (lemmas, stems) themselves
    found: dict[str, tuple[int, str]] = {}
    for fieldname in (WORDS_FIELD, "text"):
        for freq, term in _entries(reader, fieldname, form):
            found.setdefault(term, (freq, fieldname))
    best = heapq.nsmallest(limit, found.items(), key=lambda item: (-item[1][0], item[0]))
    terms: set[str] = set()
    for word, (_, fieldname) in best:
        if fieldname == "text":
            terms.add(word)
            continue
        for tok in analyze_fn(word, "query"):
            terms.update(tok.terms)
    return PrefixExpansion(prefix, frozenset(terms), len(best), truncated=len(found) > limit)


def stem_family(reader, surface: str, own: frozenset[str] = frozenset(), limit: int | None = None) -> frozenset[str]:
    """The ``text`` terms (lemmas) that begin with the Snowball stem of the Russian word
    ``surface`` but its last :data:`FAMILY_STEM_CUT` letters, but for its ``own`` terms: the
    ``limit`` (:data:`MAX_FAMILY_WORDS`) most frequent, of no more than :data:`MAX_PREFIX_SCAN`
    entries looked at; none when fewer than :data:`MIN_FAMILY_STEM` letters are left.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.searcher import SearchIndex
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Строительство моста закончилось.", encoding="utf-8")
    >>> with SearchIndex.create(folder / "ix") as ix:
    ...     _ = ix.add_path(folder / "a.txt")
    ...     sorted(stem_family(ix._current_searcher().reader(), "строительные", frozenset({"строительный"})))
    ['строительство']
    """
    form = surface_form(surface, "ru", min_letters=1)
    stem = stem_russian(form) if form else ""
    stem = stem[: len(stem) - FAMILY_STEM_CUT]
    if len(stem) < MIN_FAMILY_STEM:
        return frozenset()
    found = [(freq, term) for freq, term in _entries(reader, "text", stem) if term not in own]
    limit = MAX_FAMILY_WORDS if limit is None else limit
    return frozenset(term for _, term in heapq.nsmallest(limit, found, key=lambda item: (-item[0], item[1])))
