"""Ordinary English words by Webster's Second (``web2``) and wordfreq: a word typed in lower
case that the dictionary lists only in lower case, and that is common, is no name.

Cross-script lookup reads a Latin query word as a possible name (users type names in lower
case).  When the collection has the word, the collection decides (a word it writes mostly in
lower case is no name: :func:`searcher.cross_script.ordinary_word`); when it has not, there
was nothing to decide by, and *change* was looked up as a name and matched *Кинг*.  Webster's
New International Dictionary, second edition (1934, public domain; the ``web2`` list BSD
systems ship as ``/usr/share/dict/web2``, 235,970 entries, as the
`english-words <https://pypi.org/project/english-words/>`_ package ships it, MIT) writes
proper nouns capitalised and every other word in lower case.  So a lower-case query word is
an *ordinary word* when the list has it in lower case and not capitalised, and it is common
(*change*, *season*, *wright*), and stays a possible name when the list has it capitalised
too (*king*, *mark*, *henry*) or only capitalised (*michael*, *cairo*), or not at all
(*nakamura*, *tesla*).  *Common* is a Zipf frequency of at least :data:`MIN_ZIPF` (3
occurrences per million words) in `wordfreq <https://pypi.org/project/wordfreq/>`_'s English
(Speer, 2022; data CC BY-SA 4.0): the list also holds rare words that are names more often
(*cheng*, *liang*, *tachibana*, *romero*, *berlin* the carriage).  The list holds base forms:
an inflected word is tried by its base (*changes*, *changed*, *partners*, *bigger*) when the
list has no entry for it.

``data/web2.dawg`` holds the two sets, the common lower-case entries that are not also
capitalised and the capitalised ones lower-cased (a DAWG, read by DAWG2-Python, which
pymorphy3 uses: opening it takes under a millisecond, where english-words' own pickle takes
1.2 s and 40 MiB; rebuild with ``python -m polyseek.analyzers.dictionary``, which needs
english-words, wordfreq and DAWG2).

>>> [ordinary_english_word(w) for w in ("change", "changes", "season", "stopped")]
[True, True, True, True]
>>> [ordinary_english_word(w) for w in ("king", "michael", "nakamura", "tachibana", "Change")]
[False, False, False, False, False]
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

__all__ = ["MIN_ZIPF", "TABLE", "build_keys", "inflection_bases", "ordinary_english_word"]

#: How common (wordfreq's Zipf scale: log10 of occurrences per billion words) a lower-case
#: entry must be to count as an ordinary word.  Chosen on the Wikidata name pairs typed in
#: lower case (``benchmarks/names.py --lowercase``): 0 blocks 41 of their 262 Pinyin-like
#: names (*wang*), 3.5 blocks 20, 4 blocks 6 but lets 1.4 times as many wrong spellings in.
MIN_ZIPF = 3.5

#: The word list: ``o`` + each entry written only in lower case, ``n`` + each capitalised one.
TABLE = Path(__file__).resolve().parent / "data" / "web2.dawg"

_ORDINARY, _NAME = "o", "n"
_VOWELS = frozenset("aeiou")


def build_keys() -> list[str]:
    """The DAWG's keys from the ``web2`` list of english-words and wordfreq's English
    frequencies (only to rebuild the table)."""
    from english_words import get_english_words_set
    from wordfreq import zipf_frequency

    words = [w for w in get_english_words_set(["web2"]) if w.isalpha()]
    names = {w.lower() for w in words if w[:1].isupper()}
    common = [w for w in words if w.islower() and w not in names and zipf_frequency(w, "en") >= MIN_ZIPF]
    return [_NAME + w for w in names] + [_ORDINARY + w for w in common]


@functools.cache
def _web2():  # a dawg_python.DAWG
    import dawg_python

    return dawg_python.DAWG().load(str(TABLE))


def inflection_bases(word: str) -> tuple[str, ...]:
    """The base forms a regular English inflection of ``word`` may have (plural, past,
    participle, comparative), most likely first.

    >>> inflection_bases("changes"), inflection_bases("stopped"), inflection_bases("cities")
    (('change', 'chang'), ('stop', 'stopp', 'stoppe'), ('city', 'citie', 'citi'))
    """
    out: list[str] = []

    def stem(rest: str) -> None:
        if len(rest) < 2:
            return
        if len(rest) > 2 and rest[-1] == rest[-2] and rest[-1] not in _VOWELS and rest[-1] not in "lsz":
            out.append(rest[:-1])  # stopped -> stop
        out.extend((rest, rest + "e"))  # played -> play, changed -> change

    if word.endswith("ies") or word.endswith("ied"):
        out.append(word[:-3] + "y")
    if word.endswith("s") and not word.endswith("ss"):
        out.append(word[:-1])
        if word.endswith("es"):
            out.append(word[:-2])
    for suffix in ("ed", "ing", "er", "est"):
        if word.endswith(suffix):
            stem(word[: -len(suffix)])
    return tuple(dict.fromkeys(b for b in out if b != word))


def ordinary_english_word(word: str) -> bool:
    """Whether ``word``, as typed, is an ordinary English word rather than a possible name:
    typed in lower case and listed by Webster's Second in lower case only (itself or, when it
    is not listed at all, one of its :func:`inflection_bases`)."""
    if not word.isalpha() or not word.islower():
        return False
    listed = _web2()
    if _NAME + word in listed:
        return False
    if _ORDINARY + word in listed:
        return True
    return any(_ORDINARY + base in listed for base in inflection_bases(word))


if __name__ == "__main__":  # rebuild the table: python -m polyseek.analyzers.dictionary
    import dawg

    keys = build_keys()
    dawg.DAWG(keys).save(str(TABLE))
    print(f"{len(keys)} entries -> {TABLE}", file=sys.stderr)
