"""Per-word routing to a language chain, behind one cache per analysis setting.

A word's script (from the tokenizer) picks its chain: Cyrillic -> ``ru``, Arabic ->
``ar``, Latin -> ``en``, digits -> ``num``, anything else -> ``other``.  The result for a
surface string, ``(chain, terms, is_stopword)``, depends only on that string and on the
:class:`Settings`, so it is cached in a plain dict keyed by the raw surface: on real text
(Zipf's law) almost every token is one dict lookup.  A cache that reaches
:data:`MAX_CACHE_ENTRIES` drops its older half (:mod:`analyzers.bounded`).

>>> s = Settings("light10", "function")
>>> analyze_word("Олимпийского", CYRILLIC, s), analyze_word("٢٠٢٦", DIGIT, s)
(('ru', ('олимпийский',), False), ('num', ('2026',), False))
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from . import arabic, russian, stopwords
from .bounded import drop_all, inserted, limit_of, make_room, on_drop, since
from .english import abbreviation_plural, normalize_english, stem_english, strip_possessive
from .normalize import fold_digits, fold_word
from .russian import lemmas, normalize_russian
from .tokenizer import ARABIC, CYRILLIC, DIGIT, LATIN, Compound

__all__ = [
    "ANALYSIS_VERSION",
    "ARABIC_FUNCTION_TERMS",
    "CODE_CHAIN",
    "MAX_CACHE_ENTRIES",
    "REMEMBERED",
    "WORD",
    "CacheStats",
    "Entry",
    "Settings",
    "WordStore",
    "adopt_values",
    "analyze_word",
    "attach_store",
    "cache_for",
    "cache_stats",
    "clear_caches",
    "code_term",
    "compound_entry",
    "compute_entry",
    "detach_store",
    "keep_dropped",
    "lasting_values",
    "value_marks",
    "name_readings",
    "record",
    "save_dropped",
    "settings_of",
    "store_for",
]

#: ``(chain, terms, is_stopword)``
Entry = tuple[str, tuple[str, ...], bool]

#: Words a word cache holds at most (~0.3 KiB each; with the other caches of a word,
#: ~0.7 KiB): ~45 MiB, however big the file or the collection (issues 13 and 21).
MAX_CACHE_ENTRIES = 150_000

#: The analysis new indexes are made with.  An index keeps the version it was made with
#: (pickled with its analyzer), so that its queries are analysed as its documents were:
#:
#: 1. words only; Arabic words with one reading of a final pronoun-like suffix;
#: 2. also compounds (``COVID-19``, ``iPhone15``, ``вице-президента``: :func:`compound_entry`),
#:    and a bare Arabic word also read as a whole word (``مشارك`` keeps its ``ك``, see
#:    :func:`analyzers.arabic.stem`);
#: 3. also an English abbreviation's plural as its singular (``MSPs``: ``msps`` and ``msp``
#:    at one position, :func:`analyzers.english.abbreviation_plural`);
#: 4. also an Arabic word with the article as its bare word, and one with a conjunction or
#:    preposition before the article as the word with the article (``السنة`` meets ``سنة``,
#:    ``والأمن`` meets ``الأمن``: the ``article`` reading of :func:`analyzers.arabic.stem_afresh`).
ANALYSIS_VERSION = 4


@dataclass(frozen=True, slots=True)
class Settings:
    """What changes the terms of a word: the Arabic stemmer, the stop word policy and the
    analysis version (:data:`ANALYSIS_VERSION`)."""

    arabic_stemmer: str
    stopwords: str
    version: int = ANALYSIS_VERSION

    @classmethod
    def resolve(
        cls, arabic_stemmer: str | None = None, stopwords_policy: str | None = None, version: int | None = None
    ) -> Settings:
        """Fill unset values from the process defaults (env POLYSEEK_AR_STEMMER / POLYSEEK_STOPWORDS)."""
        return settings_of(
            arabic.check_stemmer(arabic_stemmer) if arabic_stemmer else arabic.default_stemmer(),
            stopwords.check_policy(stopwords_policy) if stopwords_policy else stopwords.default_policy(),
            ANALYSIS_VERSION if version is None else version,
        )

    @property
    def compounds(self) -> bool:
        """Whether compounds are indexed and searched as units."""
        return self.version >= 2


#: One :class:`Settings` object per value (:func:`settings_of`).
_interned: dict[tuple[str, str, int], Settings] = {}


def settings_of(arabic_stemmer: str, policy: str, version: int = ANALYSIS_VERSION) -> Settings:
    """``Settings(arabic_stemmer, policy, version)``, the same object every time: the
    caches keyed by settings (:func:`cache_for`, :func:`store_for`) then find it by identity,
    without the dataclass's ``__eq__`` (and a word's analysis makes no ``Settings`` of its
    own: 3,000 news documents' side fields made one a word or two, ~1 % of indexing them).

    >>> settings_of("light10", "function") is settings_of("light10", "function") == Settings("light10", "function")
    True
    """
    key = (arabic_stemmer, policy, version)
    found = _interned.get(key)
    if found is None:
        found = _interned[key] = Settings(arabic_stemmer, policy, version)
    return found


@dataclass(frozen=True, slots=True)
class CacheStats:
    """Word cache counters since start (or :func:`clear_caches`); ``size`` = entries held now."""

    hits: int
    misses: int
    size: int

    @property
    def hit_rate(self) -> float:
        total = self.hits + self.misses
        return self.hits / total if total else 0.0


_caches: dict[Settings, dict[str, Entry]] = {}

#: The kinds under which a :class:`WordStore` keeps words' entries, and the name readings
#: of Russian words (:func:`name_readings`).
WORD = "w"
NAMES = "rn"
#: The kind for what a writer remembered as a whole: ``"ar"`` once every word of the Arabic
#: ``iso`` stop list is in the store, :data:`ARABIC_FUNCTION_TERMS` their terms, as one value
#: (a search asks for them all at once: one lookup, not one per word and shard).
REMEMBERED = "remembered"
ARABIC_FUNCTION_TERMS = "ar terms"  # never a word's surface: pruning keeps it (still_used)


class WordStore(Protocol):
    """A lasting word cache (an index's, :class:`polyseek.index.wordcache.WordCache`),
    looked up when a word is not in this process's cache."""

    def get(self, kind: str, surface: str) -> Any: ...


_stores: dict[Settings, WordStore] = {}


def attach_store(settings: Settings, store: WordStore) -> None:
    """Consult ``store`` for words of ``settings`` that this process has not analysed (the
    last store attached for the settings is the one used: its values are the same)."""
    _stores[settings] = store


def detach_store(settings: Settings, store: WordStore) -> None:
    """Stop consulting ``store`` (if it is the one attached for ``settings``)."""
    if _stores.get(settings) is store:
        del _stores[settings]


def store_for(settings: Settings) -> WordStore | None:
    """The lasting word cache attached for ``settings``, if any."""
    return _stores.get(settings)


def _caches_of(settings: Settings) -> dict[str, dict[str, Any]]:
    return {WORD: cache_for(settings), NAMES: russian._names}


def value_marks(settings: Settings) -> dict[str, int]:
    """How many values each cache of :func:`lasting_values` has taken in so far (a writer
    notes this when its session starts; see :func:`analyzers.bounded.inserted`)."""
    return {kind: inserted(values) for kind, values in _caches_of(settings).items()}


def lasting_values(settings: Settings, marks: dict[str, int] | None = None) -> dict[str, dict[str, Any]]:
    """What this process's caches hold for ``settings`` that an index's word cache keeps,
    by kind: every word's entry (:data:`WORD`) and Russian name readings (:data:`NAMES`);
    with ``marks`` (:func:`value_marks`), only what came in since and is still held (what a
    cache dropped in between went to :func:`save_dropped`'s sink).  Nothing is noted per
    word while indexing: a writer saves these at the end of its session, and a process that
    knew words from before its session (another index's) does not copy them into this
    index's cache.  The mappings may be the caches themselves: read them, do not change them.

    >>> s = Settings("light10", "function")
    >>> marks = value_marks(s)
    >>> _ = analyze_word("Зюзюкинский", CYRILLIC, s)  # a word no other example analyses
    >>> list(lasting_values(s, marks)[WORD]), "зюзюкинский" in lasting_values(s, marks)[NAMES]
    (['Зюзюкинский'], True)
    """
    out = _caches_of(settings)
    for kind, values in out.items():
        out[kind] = since(values, (marks or {}).get(kind, 0))
    return out


def adopt_values(settings: Settings, values: dict[str, dict[str, Any]]) -> None:
    """Add ``values`` (what :func:`lasting_values` gave in another process, e.g. an indexing
    worker's) to this process's caches for ``settings``: this process then knows those words,
    and :func:`lasting_values` hands them on (after the marks taken before this call).

    >>> s = Settings("light10", "function")
    >>> marks = value_marks(s)
    >>> adopt_values(s, {WORD: {"Зюзюкинского": ("ru", ("зюзюкинский",), False)}})
    >>> lasting_values(s, marks)[WORD]
    {'Зюзюкинского': ('ru', ('зюзюкинский',), False)}
    """
    caches = _caches_of(settings)
    for kind, adopted in values.items():
        cache = caches.get(kind)
        if cache is not None:
            for surface, value in adopted.items():
                if surface not in cache:  # held to the cache's bound, as when this process adds
                    make_room(cache, limit_of(cache, MAX_CACHE_ENTRIES if kind == WORD else russian._MAX_LEMMAS))
                    cache[surface] = value


#: settings -> (the writing process, its session's marks, where dropped values go)
_sinks: dict[Settings, tuple[int, dict[str, int], Callable[[dict[str, dict[str, Any]]], None]]] = {}


def save_dropped(
    settings: Settings, marks: dict[str, int] | None, sink: Callable[[dict[str, dict[str, Any]]], None] | None
) -> None:
    """While ``sink`` is set (None: no longer), the values of :func:`lasting_values` that a
    full cache drops (:mod:`analyzers.bounded`), if they came in since ``marks``, are handed
    to ``sink`` as ``{kind: {surface: value}}`` first: a writer keeps them in its index's
    word cache although this process forgets them.  Only in the process that set it (a
    forked indexing worker inherits the setting and ignores it: it sets its own, which
    sends them to the writer, :func:`keep_dropped`).

    >>> s = Settings("light10", "function")
    >>> kept = {}
    >>> save_dropped(s, value_marks(s), lambda values: kept.update(values[WORD]))
    >>> _ = analyze_word("Пупырчатый", CYRILLIC, s)
    >>> drop_all(cache_for(s)); save_dropped(s, None, None)
    >>> list(kept)
    ['Пупырчатый']
    """
    if sink is None:
        _sinks.pop(settings, None)
    else:
        _sinks[settings] = (os.getpid(), dict(marks or {}), sink)


def keep_dropped(settings: Settings, values: dict[str, dict[str, Any]]) -> None:
    """Hand ``values`` (what a full cache of another process, an indexing worker, dropped) to
    the sink :func:`save_dropped` set in this process for ``settings``, if any."""
    sink = _sinks.get(settings)
    if sink is not None and sink[0] == os.getpid():
        sink[2](values)


def _dropping(cache: dict, dropped: dict, first: int) -> None:
    """:func:`analyzers.bounded.on_drop` listener: dropped values a session added go to its sink."""
    for settings, (pid, marks, sink) in list(_sinks.items()):
        if pid != os.getpid():
            continue
        for kind, values in _caches_of(settings).items():
            if values is cache:
                start = marks.get(kind, 0) - first
                if start < len(dropped):
                    sink({kind: dropped if start <= 0 else dict(itertools.islice(dropped.items(), start, None))})


on_drop(_dropping)


def name_readings(word: str) -> tuple[bool, tuple[str, ...]]:
    """:func:`analyzers.russian.name_readings` of a normalised Russian word, from a lasting
    word cache when one has it (they depend on no setting; the index's analysis keeps them
    for every Russian word it meets), so cross-script matching of a known word loads no
    pymorphy3.

    >>> name_readings("кулибаева")
    (False, ('кулибаев',))
    """
    found = russian._names.get(word)
    if found is None:
        for store in reversed(_stores.values()):
            value = store.get(NAMES, word)
            if value is not None:
                found = russian._names[word] = (value[0], tuple(value[1]))
                return found
        found = russian.name_readings(word)
    return found
_hits = 0
_misses = 0


def cache_for(settings: Settings) -> dict[str, Entry]:
    """The word cache of ``settings`` (surface -> entry); look words up with ``.get``."""
    cache = _caches.get(settings)
    if cache is None:
        cache = _caches.setdefault(settings, {})
    return cache


def record(hits: int, misses: int) -> None:
    """Add to the hit/miss counters (callers count locally and report once per text)."""
    global _hits, _misses
    _hits += hits
    _misses += misses


def cache_stats() -> CacheStats:
    """Hits, misses and current size of the word caches."""
    return CacheStats(_hits, _misses, sum(len(c) for c in _caches.values()))


def clear_caches() -> None:
    """Empty every word cache and reset the counters."""
    global _hits, _misses
    from . import english, russian

    for cache in _caches.values():
        drop_all(cache)
    russian._lemmas.clear()
    drop_all(russian._names)
    english._stems.clear()
    arabic.clear_stems()
    _hits = _misses = 0


def compute_entry(surface: str, script: int, settings: Settings) -> Entry:
    """``(chain, terms, is_stopword)`` of a word of the given script, without the cache."""
    if script == CYRILLIC:
        word = normalize_russian(surface)
        return "ru", lemmas(word), word in stopwords.stopword_set("ru", settings.stopwords)
    if script == LATIN:
        word = normalize_english(surface)
        base = strip_possessive(word)
        stops = stopwords.stopword_set("en", settings.stopwords)
        stop = word in stops or base in stops
        stem = stem_english(base)
        if settings.version >= 3 and stem == base and abbreviation_plural(surface):
            return "en", (stem, stem_english(base[:-1])), stop  # MSPs: msps, and msp as MSP is
        return "en", (stem,), stop
    if script == ARABIC:
        word = arabic.normalize_arabic(surface)
        if not word:  # e.g. an isolated presentation-form vowel sign
            return "ar", (), False
        stop = arabic.fold_final(word) in stopwords.stopword_set("ar", settings.stopwords)
        terms = arabic.stem(word, settings.arabic_stemmer, settings.version >= 2, settings.version >= 4)
        return "ar", terms, stop
    if script == DIGIT:
        return "num", (fold_digits(surface),), False
    return "other", (fold_word(surface, marks=True),), False


def analyze_word(surface: str, script: int, settings: Settings, cache: dict[str, Entry] | None = None) -> Entry:
    """The cached ``(chain, terms, is_stopword)`` of one word.

    ``script`` is the tokenizer's group number (``WORD_RE`` match ``lastindex``).  Pass
    ``cache`` (from :func:`cache_for`) when calling in a loop.
    """
    if cache is None:
        cache = cache_for(settings)
    entry = cache.get(surface)
    if entry is None:
        store = _stores.get(settings)
        if store is not None:
            entry = store.get(WORD, surface)
        if entry is None:
            entry = compute_entry(surface, script, settings)
        make_room(cache, MAX_CACHE_ENTRIES)
        cache[surface] = entry
    return entry


#: The chain of a compound with digits (``COVID-19``): its terms are never stemmed.
CODE_CHAIN = "code"

_CHAIN_OF_SCRIPT = {CYRILLIC: "ru", LATIN: "en", ARABIC: "ar"}
#: How the letters of a code are normalised (no lemma, no stem), per chain.
_CODE_LETTERS = {
    "ru": normalize_russian,
    "en": normalize_english,
    "ar": lambda surface: arabic.fold_final(arabic.normalize_arabic(surface)),
}


def code_term(parts: Sequence[tuple[str, int]]) -> str:
    """The term of a code from its words ``(surface, script group)``: letters normalised
    (lowercase, ``ё`` = ``е``, Arabic letters folded), digits in ASCII, no hyphens.

    >>> code_term([("Су", CYRILLIC), ("57", DIGIT)]), code_term([("كوفيد", ARABIC), ("١٩", DIGIT)])
    ('су57', 'كوفيد19')
    """
    pieces = []
    for surface, script in parts:
        if script == DIGIT:
            pieces.append(fold_digits(surface))
        else:
            pieces.append(_CODE_LETTERS[_CHAIN_OF_SCRIPT[script]](surface))
    return "".join(pieces)


def compound_entry(compound: Compound, settings: Settings, cache: dict[str, Entry] | None = None) -> Entry:
    """The cached ``(chain, terms, is_stopword)`` of a compound (:func:`analyzers.tokenizer.compounds`).

    Words of letters joined by hyphens are the word written without them, through its
    language chain (``вице-президента`` = ``вицепрезидента`` -> ``вицепрезидент``), so
    either spelling finds the other; a stop word when all its words are
    (``из-за``).  With digits it is a *code* (chain ``code``): each word's normalised
    surface form and digits joined without hyphens, never stemmed (``COVID-19`` and
    ``covid19`` -> ``covid19``, ``Су-57`` -> ``су57``).

    >>> from polyseek.analyzers.tokenizer import compounds
    >>> s = Settings("snowball", "function")
    >>> [compound_entry(c, s) for c in compounds("COVID-19 вице-президента из-за").values()]
    [('code', ('covid19',), False), ('ru', ('вицепрезидент',), False), ('ru', ('изз', 'иззый', 'изза'), True)]
    """
    if cache is None:
        cache = cache_for(settings)
    entry = cache.get(compound.surface)  # no word's surface has a hyphen or mixes digits and letters
    if entry is not None:
        return entry
    store = _stores.get(settings)
    if store is not None and (entry := store.get(WORD, compound.surface)) is not None:
        cache[compound.surface] = entry
        return entry
    if all(script != DIGIT for _, script in compound.parts):
        joined = "".join(surface for surface, _ in compound.parts)
        chain, terms, _ = compute_entry(joined, compound.script, settings)
        stop = all(analyze_word(surface, script, settings, cache)[2] for surface, script in compound.parts)
        entry = (chain, terms, stop)
    else:
        entry = (CODE_CHAIN, (code_term(compound.parts),), False)
    make_room(cache, MAX_CACHE_ENTRIES)
    cache[compound.surface] = entry
    return entry
