"""English chain: lowercase, possessive removed, the Snowball (Porter2) English stemmer.

The stemmer is PyStemmer's (Snowball's own C code, ~2 ms to import), pinned below 3.0:
its 2.x releases give nltk's ``SnowballStemmer("english")`` output, which this chain used
before (2 differences in the 46,890 distinct English words of the eval collections and
the scale corpus, none in the XQuAD ones: *realization* ``realiz``, nltk ``realize``;
*fertlizer* ``fertliz``, nltk ``fertlize``), while Snowball 3.0 (PyStemmer 3) revised
the English algorithm (*added* -> ``add``, *international* -> ``internat``).

>>> normalize_english("NOC’s"), strip_possessive("noc's"), stem_english("swimmers")
("noc's", 'noc', 'swimmer')
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .bounded import make_room
from .normalize import fold_word

__all__ = ["abbreviation_plural", "normalize_english", "stem_english", "strip_possessive"]

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})
_stem: Callable[[str], str] | None = None
# a PyStemmer Stemmer (and its internal cache) is not safe to share between threads
_lock = threading.Lock()


def normalize_english(surface: str) -> str:
    """Common normalisation, lowercase, typographic apostrophes -> ``'``."""
    return fold_word(surface).translate(_APOSTROPHES)


def strip_possessive(word: str) -> str:
    """Remove a trailing ``'s`` or ``'`` (``noc's`` -> ``noc``, ``players'`` -> ``players``)."""
    if word.endswith("'s"):
        return word[:-2]
    return word.rstrip("'")


def abbreviation_plural(surface: str) -> bool:
    """Whether ``surface`` is an abbreviation in capitals with a plural ``s`` (``MSPs``,
    ``DVDs``, ``MPs``): two or more ASCII capitals, then one lowercase ``s``.

    Snowball (Porter2) removes a plural ``s`` only after a vowel further back (``ATMs``
    -> ``atm``, ``CEOs`` -> ``ceo``), so *MSPs* and *MSP*, *DVDs* and *DVD* stayed apart;
    Porter's original algorithm (Lucene's English analyzer) removes it from every word,
    also from abbreviations that end in S in the singular (*NHS*, *GPS*, *MLS*), which the
    lowercase ``s`` tells apart here.

    >>> [w for w in ("MSPs", "DVDs", "MPs", "NHS", "Mrs", "bosses", "GPs", "ATMs") if abbreviation_plural(w)]
    ['MSPs', 'DVDs', 'MPs', 'GPs', 'ATMs']
    """
    return len(surface) >= 3 and surface[-1] == "s" and surface[:-1].isascii() and surface[:-1].isalpha() and surface[:-1].isupper()


#: Stems by normalised word (the analyzers' word cache is keyed by the surface form:
#: ``Games``, ``GAMES`` and ``games`` share one stemmer call).
_stems: dict[str, str] = {}
_MAX_STEMS = 60_000


def stem_english(word: str) -> str:
    """Snowball English stem of a normalised word without its possessive."""
    global _stem
    found = _stems.get(word)
    if found is not None:
        return found
    with _lock:
        if _stem is None:
            import Stemmer

            _stem = Stemmer.Stemmer("english").stemWord
        found = _stem(word) or word
    make_room(_stems, _MAX_STEMS)
    _stems[word] = found
    return found
