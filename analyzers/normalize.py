"""Normalisation shared by every language chain (one word at a time).

- Unicode NFKC: composes base letter + combining mark where a precomposed letter exists
  (``е`` + U+0308 -> ``ё``) and folds compatibility forms (``ﻻ`` -> ``لا``, ``ﬁ`` -> ``fi``,
  fullwidth ``ＮＯＣ`` -> ``NOC``).
- Combining marks left over after composition are dropped (stress marks: ``е́`` -> ``е``),
  and so are the in-word format characters the tokenizer keeps (ZWNJ, ZWJ, soft hyphen,
  LRM, RLM, ALM, word joiner).
- Digits of any script become ASCII digits (``٢٠٢٦`` -> ``2026``).

>>> fold_word("Спортсме\\u0301ны"), fold_word("ＮＯＣ"), fold_digits("٢٠٢٦")
('спортсмены', 'noc', '2026')
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "fold_digits", "fold_word", "strip_marks"]

_IGNORABLE = "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u061c\ufeff"
_IGNORABLE_TABLE = str.maketrans("", "", _IGNORABLE)


#: Characters met so far that are not combining marks (a few hundred at most: the letters
#: of the scripts in the text), so that most words are checked with one set operation.
_NOT_MARKS: set[str] = set()


def strip_marks(word: str) -> str:
    """Drop every combining mark (category M*) from ``word``.

    >>> strip_marks("е\u0301ж"), strip_marks("ж")
    ('еж', 'ж')
    """
    if _NOT_MARKS.issuperset(word):
        return word
    marks = {ch for ch in word if unicodedata.category(ch).startswith("M")}
    _NOT_MARKS.update(set(word) - marks)
    return "".join(ch for ch in word if ch not in marks) if marks else word


def clean(word: str, *, marks: bool = False) -> str:
    """NFKC, drop in-word format characters and, unless ``marks``, leftover combining marks."""
    if word.isascii():
        return word
    word = unicodedata.normalize("NFKC", word.translate(_IGNORABLE_TABLE))
    return word if marks else strip_marks(word)


def fold_word(word: str, *, marks: bool = False) -> str:
    """:func:`clean`, then lowercase: the first step of the Latin, Cyrillic and other chains.

    Keep ``marks=True`` for scripts whose vowel signs are marks (Devanagari, Thai, ...).
    """
    return clean(word, marks=marks).lower()


_NON_ASCII_DIGIT = re.compile(r"[^0-9]")


def fold_digits(digits: str) -> str:
    """Map decimal digits of any script (Arabic-Indic, Extended, Devanagari...) to ASCII."""
    if digits.isascii():
        return digits
    return _NON_ASCII_DIGIT.sub(lambda m: str(unicodedata.digit(m.group(), 0)), digits)
