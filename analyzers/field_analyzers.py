"""Whoosh analyzers for the two side fields: cross-script keys and surface forms.

Both tokenize exactly like :class:`MultilingualAnalyzer` (whose settings they share and
pickle the same way), skip stop words, and look every distinct word up in a cache:

- :class:`TranslitAnalyzer` yields, for each plausible name, one ``key|spelling`` entry
  per cross-script key (:func:`analyzers.translit.index_keys`) with the word's surface
  form, for the ``translit`` field: a lexicon from keys to the words that have them;
- :class:`SurfaceAnalyzer` yields each word's normalised surface form
  (:func:`analyzers.surface.surface_form`), for the ``words`` field the did-you-mean
  corrector reads its vocabulary from.

>>> [t.text for t in TranslitAnalyzer(stopwords="function")("и Тимуру Кулибаеву")]
['cf:tamara|тимуру', 'cs:tmr|тимуру', 'cf:tamr|тимуру', 'cf:kalabava|кулибаеву', 'cs:klbv|кулибаеву', 'cf:kalabav|кулибаеву']
>>> [t.text for t in SurfaceAnalyzer(stopwords="function")("Тимур Кулибаев и Томас Бах")]
['тимур', 'кулибаев', 'томас', 'бах']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from whoosh.analysis import Token

from .analysis import analyzed_words
from .bounded import drop_all, make_room
from .capitals import PLAIN_KEY, plain_capitals
from .chains import Settings, analyze_word, cache_for, store_for
from .surface import surface_form
from .tokenizer import ARABIC, CYRILLIC, LATIN, WORD_RE, plain_word_re
from .translit import ENTRY_SEPARATOR, MIN_SYLLABLE_LETTERS, computed_index_keys, index_keys
from .whoosh_analyzer import MultilingualAnalyzer

__all__ = ["SurfaceAnalyzer", "TranslitAnalyzer", "clear_side_caches"]

_surface_cache: dict[str, str] = {}
_SCRIPT_OF_CHAIN = {"en": LATIN, "ru": CYRILLIC, "ar": ARABIC}
_MAX_CACHE = 60_000
#: A side field's terms per surface word (``()`` for a stop word), per analyzer class and
#: settings: a word met again in another file costs one lookup (a folder of 3,000 news
#: files: 1.5 -> 1.0 s CPU for both side fields once every word was analysed).  Kept
#: smaller than the other caches: it pays only across files, and a big collection in one
#: file would fill it with words seen once (~150 bytes each).
_side_terms: dict[tuple[type, Settings], dict[str, tuple[str, ...]]] = {}
_MAX_SIDE_TERMS = 60_000
# the last text counted and its words, kept for the second side field (indexed from the same text)
_last_counted: list = [None, None]
#: The texts of the batch last learnt (:meth:`_SideFieldAnalyzer.learn`) -> their words'
#: counts, taken when the same text is indexed: each file of a batch read ahead has its
#: words counted once, not once for the batch and again for the file.  Replaced by the
#: next batch's (a text not indexed by then, a discarded transaction's, is counted again).
_counted_ahead: dict[str, Counter[str]] = {}
#: Characters counted per ``findall``: its list holds a 5-tuple and a string per word (~190
#: bytes), so a part of 1,000,000 characters counted at once added ~8 MiB to the indexing
#: peak of 3,000 news documents (222 -> 214 MiB in one process; CPU within noise).
_COUNT_CHUNK = 1 << 16


def _word_counts(value: str) -> Counter[str]:
    """Each word of ``value`` (as ``WORD_RE`` finds it) -> its occurrences.

    Counted as strings (``plain_word_re``), not as ``WORD_RE.findall``'s tuple of five
    groups: half the time to find and count them, and each distinct word's hash, computed
    once by the count, serves both side fields' lookups (a folder of 3,000 news files:
    their words counted and looked up ~1.2 -> ~0.6 s CPU).

    >>> sorted(_word_counts("Бах и Bach, Бах").items())
    [('Bach', 1), ('Бах', 2), ('и', 1)]
    """
    counts: Counter[str] | None
    if _last_counted[0] is value:  # the other side field: the last use, let the text go
        counts = _last_counted[1]
        _last_counted[:] = [None, None]
        return counts
    counts = _counted_ahead.pop(value, None) if _counted_ahead else None
    if counts is None:
        counts = _count_words(value)
    _last_counted[:] = [value, counts]
    return counts


def _count_words(value: str) -> Counter[str]:
    """Each word of ``value`` -> its occurrences (:func:`_word_counts`, counted afresh)."""
    counts: Counter[str] = Counter()
    findall = plain_word_re().findall
    start = 0
    while start < len(value):  # in pieces that end at a line break (no word spans one)
        end = value.find("\n", start + _COUNT_CHUNK)
        end = len(value) if end < 0 else end + 1
        counts.update(findall(value, start, end))
        start = end
    return counts


def clear_side_caches() -> None:
    """Forget the cached cross-script keys and surface forms (for benchmarks)."""
    from .translit import clear_cache

    clear_cache()
    _surface_cache.clear()
    for known in _side_terms.values():  # emptied, not replaced: their counts go on (bounded.inserted)
        drop_all(known)
    _last_counted[:] = [None, None]
    _counted_ahead.clear()


class _SideFieldAnalyzer(MultilingualAnalyzer):
    """Common loop: words -> cached chain entry -> the side field's terms for the word."""

    def _terms(self, surface: str, chain: str, terms: tuple[str, ...], cached: bool = True) -> tuple[str, ...]:
        """The field's terms of a word; ``cached=False``: the caller keeps them per word."""
        raise NotImplementedError

    def frequencies(self, value: str) -> dict[str, int]:
        """Every term of ``value`` with its number of occurrences, each distinct word analysed once.

        What Whoosh's ``Frequency`` format counts from ``self(value)`` token by token,
        gathered by counting the words first: the fast path of :class:`index.fields.SideField`.

        >>> SurfaceAnalyzer(stopwords="function").frequencies("Бах и Томас Бах")
        {'бах': 2, 'томас': 1}
        """
        settings = self.settings
        known, cache = self._known(settings), cache_for(settings)
        out: dict[str, int] = {}
        for surface, n in _word_counts(value).items():
            terms = known.get(surface)
            if terms is None:
                terms = self._learn(surface, known, settings, cache)
            for term in terms:
                out[term] = out.get(term, 0) + n
        return out

    def learn(self, values: list[str]) -> None:
        """Analyse the words of ``values`` that :meth:`frequencies` has not met, as it would
        (the word's entry and this field's terms, into the same caches), and count each
        value's words for :meth:`frequencies` of the same value (:data:`_counted_ahead`,
        shared by both side fields; the counts kept for other texts let go): the words of a
        batch of files analysed together before their files are written one by one
        (``index.sync``), each file's text counted once.  A word's first analysis costs less
        among other first analyses than one file's handful between the rest of that file's
        writing.

        >>> words = SurfaceAnalyzer(stopwords="function")
        >>> words.learn(["Томас Бах", "Бах и Бах"])
        >>> words.frequencies("Бах и Бах")
        {'бах': 2}
        """
        settings = self.settings
        known, cache = self._known(settings), cache_for(settings)
        counted = {value: _counted_ahead.get(value) or _count_words(value) for value in values}
        _counted_ahead.clear()
        _counted_ahead.update(counted)
        for counts in counted.values():
            for surface in counts:
                if surface not in known:
                    self._learn(surface, known, settings, cache)

    def _known(self, settings: Settings) -> dict[str, tuple[str, ...]]:
        """This field's terms per word for ``settings`` (:data:`_side_terms`)."""
        known = _side_terms.get((type(self), settings))
        if known is None:
            known = _side_terms.setdefault((type(self), settings), {})
        return known

    def _learn(
        self, surface: str, known: dict[str, tuple[str, ...]], settings: Settings, cache: dict[str, Any]
    ) -> tuple[str, ...]:
        """The field's terms of a word not in ``known``, made from its entry (``cache``: the
        word cache of :func:`~polyseek.analyzers.chains.analyze_word`, which the index's own
        word cache backs), now kept there.  An index's word cache keeps the entry, not these
        terms: a word's cross-script keys and surface form cost less to make again from the
        entry than to save and read back (a first index of the scale corpus: 91.7 -> 84.8 s
        of CPU, the word cache 18.9 -> 10.2 MB)."""
        terms = self._word_terms(surface, settings, cache)
        make_room(known, _MAX_SIDE_TERMS)
        known[surface] = terms
        return terms

    def _word_terms(self, surface: str, settings: Settings, cache: dict[str, Any]) -> tuple[str, ...]:
        """The side field's terms of a word of a text (none for a stop word); ``cache``:
        :func:`~polyseek.analyzers.chains.cache_for` ``settings``."""
        script = WORD_RE.match(surface).lastindex  # type: ignore[union-attr]  # its group in the text
        entry = analyze_word(surface, script, settings, cache)  # type: ignore[arg-type]
        # kept per word in _side_terms: the cross-script keys' own cache would hold it again
        return () if entry[2] else self._terms(surface, entry[0], entry[1], cached=False)

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        kwargs.pop("no_morph", None)
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.stopped = False
        t.boost = 1.0
        for pos, start, end, surface, (chain, terms, stop), span in analyzed_words(value, self.settings):
            if stop or span > 1:  # no compounds: their words are here
                continue
            terms = self._terms(surface, chain, terms)
            if not terms:
                continue
            if keeporiginal:
                t.original = surface
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            for term in terms:
                t.text = term
                yield t


def _surface(surface: str, chain: str) -> str:
    form = _surface_cache.get(surface)
    if form is None:
        form = surface_form(surface, chain)
        make_room(_surface_cache, _MAX_CACHE)
        _surface_cache[surface] = form
    return form


class TranslitAnalyzer(_SideFieldAnalyzer):
    """``key|spelling`` entries (``cf:kalabav|кулибаева``...) of the plausible names in a text,
    and ``^key|spelling`` entries counting those of their occurrences whose capital tells nothing
    (first in a short line, or in a headline in capitals: :mod:`analyzers.capitals`).

    >>> entries = TranslitAnalyzer(stopwords="function").frequencies("Гора\\nНад нами Гора Эльбрус.")
    >>> entries["cf:Jara|гора"], entries["^cf:Jara|гора"]
    (2, 1)
    """

    def frequencies(self, value: str) -> dict[str, int]:
        out = super().frequencies(value)
        for entry, n in self._plain_entries(value).items():
            out[entry] = out.get(entry, 0) + n
        return out

    def _plain_entries(self, value: str) -> dict[str, int]:
        """``^key|spelling`` -> how many of the occurrences in ``value`` that ``key|spelling``
        counts are capitalised where any word would be (:func:`analyzers.capitals.plain_capitals`),
        for each word's first key only: one more posting per such word and file, not one per key."""
        settings = self.settings
        known, cache = self._known(settings), cache_for(settings)
        out: dict[str, int] = {}
        for word, n in plain_capitals(value).items():
            terms = known.get(word)
            if terms is None:
                terms = self._learn(word, known, settings, cache)
            if terms:  # under its first key (the surface's own, fine key of Latin and Cyrillic) only
                entry = PLAIN_KEY + terms[0]
                out[entry] = out.get(entry, 0) + n
        return out

    def __call__(self, value: str, *args: Any, **kwargs: Any) -> Iterator[Token]:  # type: ignore[override]
        yield from super().__call__(value, *args, **kwargs)
        if kwargs.get("mode") == "query" or not isinstance(value, str):
            return
        t = Token(removestops=kwargs.get("removestops", True), mode=kwargs.get("mode", ""))
        t.stopped, t.boost, t.pos, t.startchar, t.endchar = False, 1.0, 0, 0, 0
        for entry, n in self._plain_entries(value).items():
            t.text = entry
            for _ in range(n):
                yield t

    def _terms(self, surface: str, chain: str, terms: tuple[str, ...], cached: bool = True) -> tuple[str, ...]:
        keys = (index_keys if cached else computed_index_keys)(surface, chain, terms)
        if not keys:
            return ()
        # a Mandarin syllable may have two letters (Си, Xi): its own form, not the cached one
        form = _surface(surface, chain) or surface_form(surface, chain, MIN_SYLLABLE_LETTERS)
        if not form:
            return ()
        if form != surface and store_for(settings := self.settings) is not None:
            # a search analyses the spellings it finds here: keep their analysis with the index's words
            analyze_word(form, _SCRIPT_OF_CHAIN[chain], settings)
        return tuple(f"{key}{ENTRY_SEPARATOR}{form}" for key in keys)


class SurfaceAnalyzer(_SideFieldAnalyzer):
    """Normalised surface forms (no lemmas, no stems) of the Russian, Arabic and English words."""

    is_morph = False

    def _terms(self, surface: str, chain: str, terms: tuple[str, ...], cached: bool = True) -> tuple[str, ...]:
        form = _surface(surface, chain)  # cached either way: the other side field asks for most of the same
        return (form,) if form else ()
