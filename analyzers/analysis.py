"""``analyze(text)``: words with their offsets, language chain and index terms.

>>> for t in analyze("Комитета и NOC's الأولمبية"):
...     print(t.surface, t.chain, t.terms, t.stopword)
Комитета ru ('комитет',) False
и ru ('и',) True
NOC's en ('noc',) False
الأولمبية ar ('اولمب',) False
"""

from __future__ import annotations

from dataclasses import dataclass

from collections.abc import Collection

from .chains import Settings, analyze_word, cache_for, compound_entry, record
from .tokenizer import ARABIC, CYRILLIC, LATIN, WORD_RE, compounds

__all__ = ["MODES", "AnalyzedToken", "analyze", "find_terms"]

#: Analysis modes.  ``analyze`` runs the same chains in both; only
#: :class:`~analyzers.MultilingualAnalyzer` differs, keeping stop words in ``index`` mode.
MODES: tuple[str, ...] = ("index", "query")


@dataclass(frozen=True, slots=True)
class AnalyzedToken:
    """One word of the text and what gets indexed for it.

    ``text[start:end] == surface``; ``pos`` counts words from 0 (stop words included);
    ``chain`` is ``ru``, ``ar``, ``en``, ``num``, ``code`` or ``other``; ``terms`` are the index
    terms (several for a Russian homonym or an ambiguous Arabic prefix), filled for stop
    words too.  ``span`` > 1: a compound of that many words (``COVID-19``, see
    :func:`analyzers.tokenizer.compounds`), listed right after its first word, at its position.
    """

    surface: str
    pos: int
    start: int
    end: int
    chain: str
    terms: tuple[str, ...]
    stopword: bool
    span: int = 1


def analyze(
    text: str,
    mode: str = "index",
    *,
    arabic_stemmer: str | None = None,
    stopwords: str | None = None,
    version: int | None = None,
) -> list[AnalyzedToken]:
    """Tokenize ``text`` and run every word (and compound) through its language chain.

    ``arabic_stemmer`` and ``stopwords`` default to the process settings
    (``POLYSEEK_AR_STEMMER``, ``POLYSEEK_STOPWORDS``), ``version`` to the current
    analysis (:data:`analyzers.chains.ANALYSIS_VERSION`); pass an analyzer's own values
    (``MultilingualAnalyzer.arabic_stemmer``...) to match an existing index.

    >>> [(t.pos, t.terms) for t in analyze("стали ёлки")]
    [(0, ('стать', 'сталь')), (1, ('елка',))]
    >>> [(t.surface, t.pos, t.chain, t.terms, t.span) for t in analyze("COVID-19")]
    [('COVID', 0, 'en', ('covid',), 1), ('COVID-19', 0, 'code', ('covid19',), 2), ('19', 1, 'num', ('19',), 1)]
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    settings = Settings.resolve(arabic_stemmer, stopwords, version)
    cache = cache_for(settings)
    joined = compounds(text) if settings.compounds else {}
    out: list[AnalyzedToken] = []
    hits = words = 0
    for pos, m in enumerate(WORD_RE.finditer(text)):
        surface = m.group()
        entry = cache.get(surface)
        if entry is None:
            entry = analyze_word(surface, m.lastindex, settings, cache)  # type: ignore[arg-type]
        else:
            hits += 1
        words += 1
        start, end = m.span()
        out.append(AnalyzedToken(surface, pos, start, end, *entry))
        if joined and pos in joined:
            c = joined[pos]
            out.append(AnalyzedToken(c.surface, pos, c.start, c.end, *compound_entry(c, settings, cache), c.span))
    record(hits, words - hits)
    return out


#: Scripts whose words only ever get terms written in the same script (pymorphy3 lemmas of
#: a Cyrillic word are Cyrillic, stems of a Latin word Latin, of an Arabic word Arabic).
#: Digits and "other" letters are not among them: NFKC can turn those into ASCII.
_SAME_SCRIPT_TERMS = frozenset({LATIN, CYRILLIC, ARABIC})


def find_terms(
    text: str,
    terms: Collection[str],
    *,
    arabic_stemmer: str | None = None,
    stopwords: str | None = None,
    version: int | None = None,
) -> list[tuple[int, int, Collection[str]]]:
    """``(start, end, matched terms)`` of the words of ``text`` (not stop words) that have any of ``terms``.

    The same as ``[(t.start, t.end, set(terms) & set(t.terms)) for t in analyze(text) if ...]``,
    except that a compound that matches is one range, its words none (``COVID-19`` is
    highlighted whole, not as ``COVID`` and ``19``); a Cyrillic, Latin or Arabic word is
    not analysed when none of ``terms`` is written in its script (it cannot have such a
    term), so highlighting a Russian query's words in an English passage loads no English
    stemmer, and the other way round.

    >>> find_terms("Олимпийского комитета и NOC's", {"комитет", "noc"})
    [(13, 21, {'комитет'}), (24, 29, {'noc'})]
    >>> find_terms("COVID-19, 19 дней", {"covid19", "19"})
    [(0, 8, {'covid19'}), (10, 12, {'19'})]
    """
    wanted = terms if isinstance(terms, (set, frozenset)) else frozenset(terms)
    if not wanted:
        return []
    # a word of script S only has terms that start with a letter of S (WORD_RE group S)
    skip = _SAME_SCRIPT_TERMS - {m.lastindex for term in wanted if (m := WORD_RE.match(term))}
    settings = Settings.resolve(arabic_stemmer, stopwords, version)
    cache = cache_for(settings)
    joined = compounds(text) if settings.compounds else {}
    out: list[tuple[int, int, Collection[str]]] = []
    hits = misses = 0
    inside = -1  # the last position of the compound highlighted last
    for pos, m in enumerate(WORD_RE.finditer(text)):
        if pos <= inside:
            continue
        if joined and pos in joined:
            c = joined[pos]
            entry = compound_entry(c, settings, cache)
            if not entry[2] and not wanted.isdisjoint(entry[1]):
                out.append((c.start, c.end, wanted.intersection(entry[1])))
                inside = pos + c.span - 1
                continue
        script = m.lastindex
        if script in skip:
            continue
        surface = m.group()
        cached = cache.get(surface)
        if cached is None:
            entry = analyze_word(surface, script, settings, cache)  # type: ignore[arg-type]
            misses += 1
        else:
            entry = cached
            hits += 1
        if entry[2] or wanted.isdisjoint(entry[1]):
            continue
        out.append((m.start(), m.end(), wanted.intersection(entry[1])))
    record(hits, misses)
    return out
