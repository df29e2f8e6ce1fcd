"""Russian chain: pymorphy3 lemmas, every lemma of a homonym, ``ё`` folded to ``е``.

The :class:`pymorphy3.MorphAnalyzer` (~70 ms, ~27 MiB) is created on the first call, so
importing polyseek or analysing text without Cyrillic never loads it.  Snowball's Russian
stem (:func:`stem_russian`, PyStemmer) is not indexed: a query word's stem family
(:func:`searcher.prefix.stem_family`) starts from it.

>>> normalize_russian("Ёлки"), lemmas("стали"), lemmas("олимпийскими")
('елки', ('стать', 'сталь'), ('олимпийский',))
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from .bounded import make_room
from .normalize import fold_word

if TYPE_CHECKING:  # pragma: no cover
    import pymorphy3

__all__ = ["NAME_GRAMMEMES", "lemmas", "morph_analyzer", "name_readings", "normalize_russian", "stem_russian"]

_YO = str.maketrans("ёЁ", "еЕ")
_morph: pymorphy3.MorphAnalyzer | None = None
_morph_lock = threading.Lock()


def morph_analyzer() -> pymorphy3.MorphAnalyzer:
    """The process-wide MorphAnalyzer, created on first use."""
    global _morph
    if _morph is None:
        with _morph_lock:
            if _morph is None:
                import pymorphy3

                _morph = pymorphy3.MorphAnalyzer(path=_dictionary_path(pymorphy3.MorphAnalyzer), lang="ru")
    return _morph


def _dictionary_path(analyzer_class: type[pymorphy3.MorphAnalyzer]) -> str | None:
    """The Russian dictionary's folder as pymorphy3 would find it for ``lang="ru"``: the
    ``pymorphy3-dicts-ru`` package's (the entry point it registers), or None where pymorphy3
    is to look itself (its environment variable set, the package missing).

    pymorphy3 finds a language's dictionary by scanning every installed package's entry
    points (``importlib.metadata``, with ``email`` and ~60 more modules): ~35 ms of the ~80
    ms of CPU a MorphAnalyzer took to create, paid by each process that meets a Russian word
    its caches lack (every indexing worker; a search whose word the index's store lacks).
    """
    if analyzer_class.DICT_PATH_ENV_VARIABLE in os.environ:
        return None
    try:
        import pymorphy3_dicts_ru
    except ImportError:
        return None
    return pymorphy3_dicts_ru.get_path()


def normalize_russian(surface: str) -> str:
    """Common normalisation, lowercase, ``ё`` -> ``е``."""
    return fold_word(surface).translate(_YO)


#: Lemmas by normalised word: the analyzers' word cache is keyed by the surface form, and
#: ``Стали``, ``СТАЛИ`` and ``стали`` should cost one pymorphy3 call (~25 us), not three.
_lemmas: dict[str, tuple[str, ...]] = {}
#: What cross-script matching asks of a word (see :func:`name_readings`), from the same parse.
_names: dict[str, tuple[bool, tuple[str, ...]]] = {}
_MAX_LEMMAS = 60_000

#: pymorphy3 grammemes of proper names: first names, surnames, patronymics, places,
#: organisations, trade marks, abbreviations.
NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


def _parse(word: str) -> tuple[tuple[str, ...], tuple[bool, tuple[str, ...]]]:
    morph = morph_analyzer()
    parses = morph.parse(word)
    found = tuple(dict.fromkeys(p[2].translate(_YO) for p in parses)) or (word,)
    names = tuple(dict.fromkeys(normalize_russian(p[2]) for p in parses if NAME_GRAMMEMES & p.tag.grammemes))
    readings = (morph.word_is_known(word), names)
    make_room(_lemmas, _MAX_LEMMAS)
    make_room(_names, _MAX_LEMMAS)
    _lemmas[word] = found
    _names[word] = readings
    return found, readings


def lemmas(word: str) -> tuple[str, ...]:
    """All normal forms of a normalised word, most probable first, ``ё`` -> ``е``, no duplicates."""
    found = _lemmas.get(word)
    return _parse(word)[0] if found is None else found


def name_readings(word: str) -> tuple[bool, tuple[str, ...]]:
    """Whether a normalised word is in pymorphy3's dictionary, and the lemmas of its
    proper-name readings (:data:`NAME_GRAMMEMES`), from the parse :func:`lemmas` makes.

    >>> name_readings("толстого"), name_readings("кулибаева"), name_readings("был")
    ((True, ('толстой',)), (False, ('кулибаев',)), (True, ()))
    """
    found = _names.get(word)
    return _parse(word)[1] if found is None else found


_stem: Callable[[str], str] | None = None
# a PyStemmer Stemmer (and its internal cache) is not safe to share between threads
_stem_lock = threading.Lock()


def stem_russian(word: str) -> str:
    """Snowball's Russian stem of a normalised word (PyStemmer; what Lucene's
    ``RussianAnalyzer`` indexes): derived words and the inflections pymorphy3 gives
    different lemmas often share it.

    >>> stem_russian("строительные"), stem_russian("строительство"), stem_russian("теслы")
    ('строительн', 'строительств', 'тесл')
    """
    global _stem
    with _stem_lock:
        if _stem is None:
            import Stemmer

            _stem = Stemmer.Stemmer("russian").stemWord
        return _stem(word) or word
