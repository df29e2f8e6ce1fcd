"""Surface forms: a word as written, only normalised, never lemmatised or stemmed.

What the did-you-mean corrector compares a query word with, and what it suggests.
Russian: lowercase, ``ё`` -> ``е``, stress marks dropped.  English: lowercase,
possessive removed.  Arabic: diacritics and tatweel removed, ``أ إ آ ٱ`` -> ``ا``, but
``ة`` and ``ى`` kept (a suggestion should look like a word).  Digits and other scripts
have none.

>>> [surface_form(w, c) for w, c in (("Олимпийского", "ru"), ("Swimmer's", "en"), ("الأولمبيّة", "ar"), ("2026", "num"))]
['олимпийского', 'swimmer', 'الاولمبية', '']
"""

from __future__ import annotations

from .arabic import normalize_arabic
from .english import normalize_english, strip_possessive
from .russian import normalize_russian

__all__ = ["MIN_SURFACE_LETTERS", "SURFACE_CHAINS", "surface_form"]

#: Chains whose words have surface forms.
SURFACE_CHAINS: tuple[str, ...] = ("ru", "ar", "en")

#: Shorter words are not worth correcting (nor suggesting).
MIN_SURFACE_LETTERS = 3


def surface_form(surface: str, chain: str, min_letters: int = MIN_SURFACE_LETTERS) -> str:
    """The normalised surface form of a word of ``chain`` ("" when it has none, or fewer
    than ``min_letters`` letters: a prefix query asks for 1)."""
    if chain == "ru":
        word = normalize_russian(surface)
    elif chain == "en":
        word = strip_possessive(normalize_english(surface))
    elif chain == "ar":
        word = normalize_arabic(surface)
    else:
        return ""
    return word if len(word) >= min_letters and word.replace("'", "").isalpha() else ""
