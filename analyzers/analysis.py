"""``analyze(text)``: words with their offsets, language chain and index terms.

>>> for t in analyze("Комитета и NOC's الأولمبية"):
...     print(t.surface, t.chain, t.terms, t.stopword)
Комитета ru ('комитет',) False
и ru ('и',) True
NOC's en ('noc',) False
الأولمبية ar ('اولمب',) False
"""

from __future__ import annotations

from collections.abc import Collection, Container, Iterator
from dataclasses import dataclass

from . import stopwords as stoplists
from .arabic import fold_final, normalize_arabic
from .chains import Entry, Settings, analyze_word, cache_for, compound_entry, record
from .stopwords import RUSSIAN_INTERROGATIVES, arabic_question_forms
from .tokenizer import ARABIC, CYRILLIC, LATIN, WORD_RE, compound_from, join_points

__all__ = ["MODES", "AnalyzedToken", "Word", "analyze", "analyzed_words", "find_terms", "remember_stopwords"]

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


#: One word of a text as :func:`analyzed_words` gives it: ``(pos, start, end, surface,
#: (chain, terms, is_stopword), span)``; ``span`` > 1 for a compound.
Word = tuple[int, int, int, str, Entry, int]


def analyzed_words(
    text: str, settings: Settings, skip: Collection[int] = (), only: Container[int] | None = None
) -> Iterator[Word]:
    """Every word of ``text`` with its cached ``(chain, terms, is_stopword)``, and each
    compound (:func:`analyzers.tokenizer.compounds`, when ``settings`` has them) right
    after its first word, at that word's position.

    The one loop over a text's words: :func:`analyze`, :func:`find_terms` and the Whoosh
    analyzers (token stream, ``occurrences``, the side fields) all read their words from
    it.  Positions count words from 0, stop words included; ``start``/``end`` are
    code-point offsets into ``text``.  A word whose script group (``WORD_RE`` group
    number) is in ``skip`` is neither analysed nor yielded (a compound it starts still
    is); its position still counts.  Given ``only``, nor is a word or compound whose
    position is not in it (a search that knows from the postings where its terms are).

    >>> s = Settings("light10", "function")
    >>> [(w[0], w[3], w[4][1], w[5]) for w in analyzed_words("Су-57 и стали", s)]
    [(0, 'Су', ('су',), 1), (0, 'Су-57', ('су57',), 2), (1, '57', ('57',), 1), (2, 'и', ('и',), 1), (3, 'стали', ('стать', 'сталь'), 1)]
    """
    cache = cache_for(settings)
    joins = join_points(text) if settings.compounds else None
    inside = -1  # the last position of the run of joined words found last
    misses = skipped = 0
    pos = -1
    try:
        for pos, m in enumerate(WORD_RE.finditer(text)):
            start, end = m.span()
            if (skip and m.lastindex in skip) or (only is not None and pos not in only):
                skipped += 1
            else:
                surface = m[0]
                entry = cache.get(surface)
                if entry is None:
                    entry = analyze_word(surface, m.lastindex, settings, cache)  # type: ignore[arg-type]
                    misses += 1
                yield pos, start, end, surface, entry, 1
            if joins and end in joins and pos > inside:
                c, n = compound_from(text, m, pos)
                inside = pos + n - 1
                if c is not None and (only is None or pos in only):
                    yield pos, c.start, c.end, c.surface, compound_entry(c, settings, cache), c.span
    finally:  # counted once per text (also when the caller stops early)
        record(pos + 1 - skipped - misses, misses)


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
    asking = mode == "query" and settings.stopwords != "none"
    return [
        AnalyzedToken(
            surface, pos, start, end, chain, terms, stop or (asking and _is_question(chain, surface, terms)), span
        )
        for pos, start, end, surface, (chain, terms, stop), span in analyzed_words(text, settings)
    ]


def _is_question(chain: str, surface: str, terms: tuple[str, ...]) -> bool:
    """Whether a word of a query is a question word: an Arabic one as questions type it
    (``ماهي``, ``بماذا``: :func:`analyzers.stopwords.arabic_question_forms`), or a Russian
    interrogative in any of its forms (``какие``, ``каким``, ``сколько``, ``чьей``: a lemma
    in :data:`analyzers.stopwords.RUSSIAN_INTERROGATIVES`): a stop word of the query.
    In a text the word stays what its chain says (the side fields keep it), and an index
    made before reads its queries the same way: the flag weighs a query's words, it
    changes no term.

    >>> [(t.surface, t.stopword) for t in analyze("Какие реки", "query")]
    [('Какие', True), ('реки', False)]
    """
    if chain == "ar":
        return fold_final(normalize_arabic(surface)) in arabic_question_forms()
    return chain == "ru" and not RUSSIAN_INTERROGATIVES.isdisjoint(terms)


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
    only: Container[int] | None = None,
) -> list[tuple[int, int, Collection[str]]]:
    """``(start, end, matched terms)`` of the words of ``text`` (not stop words) that have any of ``terms``.

    The same as ``[(t.start, t.end, set(terms) & set(t.terms)) for t in analyze(text) if ...]``,
    except that a compound that matches is one range, its words none (``COVID-19`` is
    highlighted whole, not as ``COVID`` and ``19``); a Cyrillic, Latin or Arabic word is
    not analysed when none of ``terms`` is written in its script (it cannot have such a
    term), so highlighting a Russian query's words in an English passage loads no English
    stemmer, and the other way round.  ``only``: the positions of the only words that may
    have one of ``terms`` (where an index's postings put them; see :func:`analyzed_words`).

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
    out: list[tuple[int, int, Collection[str]]] = []
    inside = -1  # the last position of the compound highlighted last
    last = -1  # the position of the word highlighted last
    for pos, start, end, _, (_, found, stop), span in analyzed_words(text, settings, skip, only):
        if pos <= inside or stop or wanted.isdisjoint(found):
            continue
        if span > 1:  # the compound is highlighted instead of its first word
            if last == pos:
                out.pop()
            inside = pos + span - 1
        last = pos
        out.append((start, end, wanted.intersection(found)))
    return out


def remember_stopwords(settings: Settings, lang: str) -> dict[str, Entry]:
    """Analyse every word of ``lang``'s widest stop list (``iso``, which holds every other
    policy's) under ``settings``, so that an index's word cache keeps them: cross-script
    matching asks for the Arabic ones whether or not the texts have them.  Returns them
    (surface -> entry).

    >>> remember_stopwords(Settings("light10", "function"), "ar")["التي"]
    ('ar', ('تي',), True)
    """
    return {w[3]: w[4] for word in stoplists.stopword_set(lang, "iso") for w in analyzed_words(word, settings)}
