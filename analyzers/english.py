"""English chain: lowercase, possessive removed, nltk's Snowball (Porter2) stemmer.

nltk is imported on the first English word (importing it costs ~0.15 s).

>>> normalize_english("NOC’s"), strip_possessive("noc's"), stem_english("swimmers")
("noc's", 'noc', 'swimmer')
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .normalize import fold_word

__all__ = ["normalize_english", "stem_english", "strip_possessive"]

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})
_stem: Callable[[str], str] | None = None
_lock = threading.Lock()


def normalize_english(surface: str) -> str:
    """Common normalisation, lowercase, typographic apostrophes -> ``'``."""
    return fold_word(surface).translate(_APOSTROPHES)


def strip_possessive(word: str) -> str:
    """Remove a trailing ``'s`` or ``'`` (``noc's`` -> ``noc``, ``players'`` -> ``players``)."""
    if word.endswith("'s"):
        return word[:-2]
    return word.rstrip("'")


#: Stems by normalised word (the analyzers' word cache is keyed by the surface form:
#: ``Games``, ``GAMES`` and ``games`` share one stemmer call).
_stems: dict[str, str] = {}
_MAX_STEMS = 500_000


def stem_english(word: str) -> str:
    """Snowball English stem of a normalised word without its possessive."""
    global _stem
    found = _stems.get(word)
    if found is not None:
        return found
    if _stem is None:
        with _lock:
            from nltk.stem.snowball import SnowballStemmer

            _stem = SnowballStemmer("english").stem
    found = _stem(word) or word
    if len(_stems) >= _MAX_STEMS:
        _stems.clear()
    _stems[word] = found
    return found
