"""Arabic chain: orthographic normalisation, then a selectable light stemmer.

Normalisation (:func:`normalize_arabic`): NFKC (presentation forms such as ``ﻻ`` ->
``لا``), pyarabic's ``strip_diacritics`` (tashkeel, Quranic marks, dagger alef) and
``strip_tatweel``, any combining mark left, then ``أ إ آ ٱ`` -> ``ا`` and the Persian
``ی ک`` -> ``ي ك``.  Alef maqsura and teh marbuta are folded *after* stemming (``ى`` -> ``ي``,
``ة`` -> ``ه``, :func:`fold_final`) because the nltk stemmers look for ``ة`` and ``ى``;
pyarabic's ``normalize_alef`` is not used since it turns ``ى`` into ``ا`` (pyarabic#39).

Stemmers (:data:`STEMMERS`; choose with :func:`set_default_stemmer` or the environment
variable ``POLYSEEK_AR_STEMMER``):

- ``light10``  Larkey, Ballesteros & Connell's light10: ``و`` (if 3+ letters remain), one
  of ``ال وال بال كال فال لل`` (if 2+ remain), then the suffixes ``ها ان ات ون ين يه ية ه ة ي``
  once each, in that order (if 2+ remain).  A word written with ``لل`` is ambiguous
  between ``ل`` + ``ال`` + word (``للرياضة`` = for the sport) and ``ل`` + a word that starts
  with ``ل`` whose article merged (``للجنة`` = for the committee, from ``لجنة``); both
  readings are kept, as two terms at one position, like a Russian homonym.
- ``arlstem``, ``arlstem2``, ``snowball``, ``isri``: nltk's stemmers (no data download).
- ``none``: normalisation only.

>>> normalize_arabic("الـأَولمبيّة"), fold_final(normalize_arabic("على"))
('الاولمبية', 'علي')
>>> stem("والمشاركون", "light10"), stem("للجنة", "light10"), stem("لجنة", "light10")
(('مشارك',), ('جن', 'لجن'), ('لجن',))
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Callable

from pyarabic import araby

from .normalize import strip_marks

__all__ = [
    "DEFAULT_STEMMER",
    "STEMMERS",
    "check_stemmer",
    "default_stemmer",
    "fold_final",
    "light10",
    "normalize_arabic",
    "set_default_stemmer",
    "stem",
]

STEMMERS: tuple[str, ...] = ("light10", "arlstem", "arlstem2", "snowball", "isri", "none")
#: Chosen by measurement on xquad-ar (see the analyzers report); override with POLYSEEK_AR_STEMMER.
DEFAULT_STEMMER = "light10"

_IGNORABLE_TABLE = str.maketrans("", "", "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u061c\ufeff")
_LETTER_TABLE = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ alef wasla
        "\u06cc": "\u064a",  # Persian yeh ی
        "\u06a9": "\u0643",  # Persian keheh ک
    }
)
_FINAL_TABLE = str.maketrans({"\u0649": "\u064a", "\u0629": "\u0647"})  # ى -> ي, ة -> ه
_LEFTOVER = re.compile(r"[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08ca-\u08ff\s]")


# pyarabic's strip_diacritics + strip_tatweel in one str.translate (same characters removed)
_STRIP_TABLE = str.maketrans("", "", "".join(araby.DIACRITICS) + araby.TATWEEL)


def normalize_arabic(surface: str) -> str:
    """Normalise an Arabic word (alef maqsura and teh marbuta kept; see :func:`fold_final`)."""
    word = unicodedata.normalize("NFKC", surface.translate(_IGNORABLE_TABLE)).translate(_STRIP_TABLE)
    word = strip_marks(_LEFTOVER.sub("", word))
    return word.translate(_LETTER_TABLE)


def fold_final(word: str) -> str:
    """``ى`` -> ``ي`` and ``ة`` -> ``ه`` (written interchangeably at the end of a word)."""
    return word.translate(_FINAL_TABLE)


# light10 -------------------------------------------------------------------------------

_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")  # longest first
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


def _strip_suffixes(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def light10(word: str) -> tuple[str, ...]:
    """Light10 stems of a normalised word; two stems for the ambiguous ``لل`` prefix."""
    if len(word) >= 4 and word[0] == "و":
        word = word[1:]
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            first = _strip_suffixes(word[len(article) :])
            if article == "لل" and len(word) >= 4:  # also ل + a word starting with ل
                second = _strip_suffixes(word[1:])
                if second != first:
                    return first, second
            return (first,)
    return (_strip_suffixes(word),)


# nltk stemmers (imported lazily: importing nltk costs ~0.15 s) --------------------------

_nltk_stemmers: dict[str, Callable[[str], str]] = {}
_nltk_lock = threading.Lock()


def _nltk_stemmer(name: str) -> Callable[[str], str]:
    fn = _nltk_stemmers.get(name)
    if fn is None:
        with _nltk_lock:
            if name == "arlstem":
                from nltk.stem.arlstem import ARLSTem

                fn = ARLSTem().stem
            elif name == "arlstem2":
                from nltk.stem.arlstem2 import ARLSTem2

                fn = ARLSTem2().stem
            elif name == "snowball":
                from nltk.stem.snowball import SnowballStemmer

                fn = SnowballStemmer("arabic").stem
            elif name == "isri":
                from nltk.stem.isri import ISRIStemmer

                fn = ISRIStemmer().stem
            else:
                check_stemmer(name)
                raise ValueError(f"{name!r} is not an nltk stemmer")
            _nltk_stemmers[name] = fn
    return fn


def stem(word: str, stemmer: str) -> tuple[str, ...]:
    """Index terms of a normalised Arabic word (:func:`normalize_arabic`) under ``stemmer``."""
    if stemmer == "light10":
        stems = light10(fold_final(word))
    elif stemmer == "none":
        stems = (word,)
    else:
        stems = (_nltk_stemmer(stemmer)(word) or word,)
    return tuple(dict.fromkeys(fold_final(s) for s in stems if s)) or (fold_final(word),)


_default: str | None = None


def check_stemmer(name: str) -> str:
    """Return ``name`` if it is one of :data:`STEMMERS`, else raise ValueError."""
    if name not in STEMMERS:
        raise ValueError(f"unknown Arabic stemmer {name!r}; choose one of {', '.join(STEMMERS)}")
    return name


def default_stemmer() -> str:
    """The stemmer new analyzers use: :func:`set_default_stemmer`, else POLYSEEK_AR_STEMMER."""
    if _default is not None:
        return _default
    env = os.environ.get("POLYSEEK_AR_STEMMER", "").strip().lower()
    if env and env not in STEMMERS:
        raise ValueError(f"POLYSEEK_AR_STEMMER={env!r}: choose one of {', '.join(STEMMERS)}")
    return env or DEFAULT_STEMMER


def set_default_stemmer(name: str | None) -> None:
    """Choose the Arabic stemmer for analyzers created from now on; None restores the default."""
    global _default
    _default = None if name is None else check_stemmer(name)
