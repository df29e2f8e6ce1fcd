"""Russian chain: pymorphy3 lemmas, every lemma of a homonym, ``ё`` folded to ``е``.

The :class:`pymorphy3.MorphAnalyzer` (~70 ms, ~27 MiB) is created on the first call, so
importing polyseek or analysing text without Cyrillic never loads it.

>>> normalize_russian("Ёлки"), lemmas("стали"), lemmas("олимпийскими")
('елки', ('стать', 'сталь'), ('олимпийский',))
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from .normalize import fold_word

if TYPE_CHECKING:  # pragma: no cover
    import pymorphy3

__all__ = ["lemmas", "morph_analyzer", "normalize_russian"]

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

                _morph = pymorphy3.MorphAnalyzer(lang="ru")
    return _morph


def normalize_russian(surface: str) -> str:
    """Common normalisation, lowercase, ``ё`` -> ``е``."""
    return fold_word(surface).translate(_YO)


#: Lemmas by normalised word: the analyzers' word cache is keyed by the surface form, and
#: ``Стали``, ``СТАЛИ`` and ``стали`` should cost one pymorphy3 call (~25 us), not three.
_lemmas: dict[str, tuple[str, ...]] = {}
_MAX_LEMMAS = 500_000


def lemmas(word: str) -> tuple[str, ...]:
    """All normal forms of a normalised word, most probable first, ``ё`` -> ``е``, no duplicates."""
    found = _lemmas.get(word)
    if found is None:
        forms = morph_analyzer().normal_forms(word)
        found = tuple(dict.fromkeys(f.translate(_YO) for f in forms)) or (word,)
        if len(_lemmas) >= _MAX_LEMMAS:
            _lemmas.clear()
        _lemmas[word] = found
    return found
