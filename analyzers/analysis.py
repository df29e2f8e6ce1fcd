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

from .chains import Settings, analyze_word, cache_for, record
from .tokenizer import WORD_RE

__all__ = ["MODES", "AnalyzedToken", "analyze"]

#: Analysis modes.  ``analyze`` runs the same chains in both; only
#: :class:`~analyzers.MultilingualAnalyzer` differs, keeping stop words in ``index`` mode.
MODES: tuple[str, ...] = ("index", "query")


@dataclass(frozen=True, slots=True)
class AnalyzedToken:
    """One word of the text and what gets indexed for it.

    ``text[start:end] == surface``; ``pos`` counts words from 0 (stop words included);
    ``chain`` is ``ru``, ``ar``, ``en``, ``num`` or ``other``; ``terms`` are the index terms
    (several for a Russian homonym or an ambiguous Arabic prefix), filled for stop words too.
    """

    surface: str
    pos: int
    start: int
    end: int
    chain: str
    terms: tuple[str, ...]
    stopword: bool


def analyze(
    text: str,
    mode: str = "index",
    *,
    arabic_stemmer: str | None = None,
    stopwords: str | None = None,
) -> list[AnalyzedToken]:
    """Tokenize ``text`` and run every word through its language chain.

    ``arabic_stemmer`` and ``stopwords`` default to the process settings
    (``POLYSEEK_AR_STEMMER``, ``POLYSEEK_STOPWORDS``); pass an analyzer's own values
    (``MultilingualAnalyzer.arabic_stemmer``...) to match an existing index.

    >>> [(t.pos, t.terms) for t in analyze("стали ёлки")]
    [(0, ('стать', 'сталь')), (1, ('елка',))]
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    settings = Settings.resolve(arabic_stemmer, stopwords)
    cache = cache_for(settings)
    out: list[AnalyzedToken] = []
    hits = 0
    for pos, m in enumerate(WORD_RE.finditer(text)):
        surface = m.group()
        entry = cache.get(surface)
        if entry is None:
            entry = analyze_word(surface, m.lastindex, settings, cache)  # type: ignore[arg-type]
        else:
            hits += 1
        start, end = m.span()
        out.append(AnalyzedToken(surface, pos, start, end, *entry))
    record(hits, len(out) - hits)
    return out
