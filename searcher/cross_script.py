"""Cross-script lookup: a query word -> its keys -> the other scripts' spellings in the index.

The ``translit`` field is a lexicon of ``key|spelling`` entries (see
:mod:`analyzers.translit`): for a query word, each of its keys is looked up by prefix,
which yields the words of the other scripts that share the key, as they occur in the
collection (``Kulibayev`` -> ``cf:kalabav`` -> ``кулибаев``, ``кулибаева``).  Those
spellings are then analysed like any word, and their terms are searched in ``text`` and
``title``: a cross-script match is an ordinary match of another word, weighted lower.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from searcher import SearchIndex
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> with SearchIndex.create(Path(tempfile.mkdtemp()) / "ix") as ix:
    ...     _ = ix.add_path(samples)
    ...     with ix._pix.searcher() as s:
    ...         lookup(s.reader(), "Kulibayev", "en", ("kulibayev",))
    CrossScriptMatch(spellings=('кулибаев', 'кулибаева'), terms=frozenset({'кулибаев'}))
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzers import analyze
from analyzers.surface import surface_form
from analyzers.translit import ENTRY_SEPARATOR, index_keys, query_keys

__all__ = ["FIELD", "MAX_SPELLINGS", "CrossScriptMatch", "lookup", "ordinary_word", "spellings"]

#: The lexicon field of ``key|spelling`` entries.
FIELD = "translit"

#: At most this many spellings per query word, the most frequent first, so that a key
#: shared by many words (a short one) cannot flood a query.
MAX_SPELLINGS = 12


@dataclass(frozen=True, slots=True)
class CrossScriptMatch:
    """The other scripts' spellings of a query word found in the index, and their terms."""

    spellings: tuple[str, ...]
    terms: frozenset[str]


def spellings(reader, keys: tuple[str, ...], limit: int = MAX_SPELLINGS) -> tuple[str, ...]:
    """Words of the index that have one of ``keys``, most frequent first (at most ``limit``)."""
    if FIELD not in reader.schema:
        return ()
    count: dict[str, int] = {}
    for key in keys:
        prefix = f"{key}{ENTRY_SEPARATOR}"
        for btext in reader.expand_prefix(FIELD, prefix):
            entry = btext.decode("utf-8")
            spelling = entry[len(prefix) :]
            count[spelling] = count.get(spelling, 0) + int(reader.frequency(FIELD, entry))
    return tuple(sorted(count, key=lambda s: (-count[s], s))[:limit])


def ordinary_word(reader, surface: str, chain: str, terms: tuple[str, ...]) -> bool:
    """A Latin word the indexed texts have, but never capitalised: an ordinary word, no name.

    English has no dictionary here to tell names from words (pymorphy3 does that for
    Russian), so the collection decides: ``game`` in a query is not looked up in other
    scripts when the texts have *game* but no *Game*; ``golovkin`` is, when they have
    *Golovkin* or no such word at all.
    """
    if chain != "en" or not any(reader.doc_frequency("text", t) for t in terms):
        return False
    form = surface_form(surface, chain)
    capitalised = index_keys(surface[:1].upper() + surface[1:], chain, terms)
    return not any((FIELD, f"{key}{ENTRY_SEPARATOR}{form}") in reader for key in capitalised)


def lookup(reader, surface: str, chain: str, terms: tuple[str, ...]) -> CrossScriptMatch | None:
    """The other scripts' spellings of a query word in the index, or None when there are none."""
    if FIELD not in reader.schema or ordinary_word(reader, surface, chain, terms):
        return None
    keys = query_keys(surface, chain, terms)
    found = spellings(reader, keys) if keys else ()
    if not found:
        return None
    found_terms = {t for s in found for tok in analyze(s, mode="query") if not tok.stopword for t in tok.terms}
    found_terms.difference_update(terms)
    return CrossScriptMatch(found, frozenset(found_terms)) if found_terms else None
