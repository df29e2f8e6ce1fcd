"""Ordinary Arabic words by Arramooz's dictionary: an Arabic word the dictionary lists as a
noun, adjective, verb or particle, and not as a proper noun, is no name.

Cross-script lookup matches names by their letters: a Latin or Cyrillic query word's keys
find the Arabic words that share them.  Arabic has no capitals to tell a name by (the
collection decides for Latin and Cyrillic, :func:`searcher.cross_script.ordinary_word`), and
a transcribed name's consonants are often those of an ordinary word: *Putin* met ``بتعاون``
("in cooperation"), ``البطن`` ("the belly") and ``بتعيين`` ("by appointing"), *Japan*
``الجبان`` ("the coward"), *Tokyo* ``توقيع`` ("signing"), *Reagan* ``راجعون`` ("returning");
and the other way round an Arabic query for ``بطن`` found *button* and *baton*.

Arramooz (Taha Zerrouki, GPL-3.0; the ``arramooz-pysqlite`` package, 0.4.2) is an Arabic
dictionary for morphological analysis; its list of 37,714 words with their part of speech and
frequency in a news corpus has 5,346 proper nouns (``بوتين``, ``ريغان``, ``طوكيو``, ``محمد``),
and its 30,215 nouns their broken plurals.  ``data/arabic-words.dawg`` holds, normalised as
the index normalises Arabic (:func:`analyzers.arabic.normalize_arabic`, then
:func:`~analyzers.arabic.fold_final`), the proper nouns, and the other words with the broken
plurals of their nouns (``بطن``, ``بطون``).  DAWG2-Python reads it, as the English list of
:mod:`analyzers.dictionary`; rebuild it with ``python -m polyseek.analyzers.arabic_dictionary
ARRAMOOZ_DATA_DIR`` (the ``arramooz/data`` folder of the package's wheel; needs the ``dawg``
builder).

A word is *ordinary* when the dictionary lists it, or the word without a clitic or an
inflection (:func:`cores`: the article, ``و ف ب ل``, a pronoun or plural ending), as an
ordinary word and not as a proper noun; a word it lists as both (``سعيد`` "happy" and
*Said*, ``نور`` "light" and *Nour*) stays a possible name, and so does every word it does
not know (most transcribed names: ``ايباك`` *AIPAC*).

>>> [ordinary_arabic_word(w) for w in ("بتعاون", "البطن", "الجبان", "توقيعه", "راجعون")]
[True, True, True, True, True]
>>> [ordinary_arabic_word(w) for w in ("بوتين", "ريغان", "واليابان", "سعيد", "ايباك")]
[False, False, False, False, False]
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from polyseek.analyzers.arabic import PROCLITICS, fold_final, normalize_arabic

__all__ = ["TABLE", "build_keys", "cores", "ordinary_arabic_word"]

#: ``o`` + each ordinary word, ``n`` + each proper noun, normalised.
TABLE = Path(__file__).resolve().parent / "data" / "arabic-words.dawg"

_ORDINARY, _NAME = "o", "n"

#: Clitics written before a word: the article with the conjunctions and prepositions joined
#: to it, the conjunctions and the prepositions ``ب`` and ``ل`` (the one-letter
#: :data:`analyzers.arabic.PROCLITICS` but ``ك`` "like", rare and the first letter of many
#: names: ``كوهي`` *Kohei* is no ``ك`` + ``وهي`` "and she"), alone or after a conjunction.
_ARTICLES = ("وبال", "وكال", "فبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال")
_BEFORE = _ARTICLES + ("وب", "ول", "فب", "فل") + tuple(PROCLITICS.replace("ك", ""))
#: The attached pronouns (before one, a teh marbuta is written ``ت``: ``قوة`` -> ``قوته``).
_PRONOUNS = ("هما", "كما", "هم", "هن", "كم", "كن", "نا", "ني", "ها", "ه", "ك", "ي")
#: Endings after a word: the pronouns, the sound plural endings, the accusative's alef
#: (``محققا``); not the dual's ``ان``, the ending of many names (``داميان`` *Damian*).
_AFTER = _PRONOUNS + ("ون", "ين", "ات", "تان", "تين", "ا")
#: A reading keeps at least this many letters, or one fewer after the article (``البطن``:
#: ``بطن``): ``ساره`` is *Sarah*, not ``سار`` "he walked" + ``ه``; ``لومي`` *Lomé*, not ``لوم``
#: + ``ي``.
MIN_CORE = 4


def _form(word: str) -> str:
    return fold_final(normalize_arabic(word))


def cores(word: str) -> tuple[str, ...]:
    """The readings of a normalised Arabic word without its clitics and endings, longest
    first (the word itself not among them).

    >>> cores("بتعاون"), cores("توقيعه"), cores("ساره"), cores("قوته"), cores("قاعات")
    (('تعاون', 'بتعا'), ('توقيع',), (), ('قوه',), ('قاعه',))
    """
    out: list[str] = []
    for before in ("",) + _BEFORE:
        if before and not word.startswith(before):
            continue
        rest = word[len(before) :]
        least = MIN_CORE - 1 if before in _ARTICLES else MIN_CORE
        if before and len(rest) >= least:
            out.append(rest)
        for after in _AFTER:
            if not rest.endswith(after) or len(rest) - len(after) < least - 1:
                continue
            core = rest[: -len(after)]
            if core.endswith("ت") and after in _PRONOUNS or after == "ات":
                out.append(core.removesuffix("ت") + "ه")  # قوته: قوة + ه; قاعات: قاعة's plural
            if len(core) >= least:
                out.append(core)
    return tuple(sorted(dict.fromkeys(out), key=len, reverse=True))


def ordinary_arabic_word(word: str) -> bool:
    """Whether an Arabic word is an ordinary word by the dictionary, not a possible name:
    listed only as an ordinary word, itself or, when the dictionary lists it in neither way,
    one of its :func:`cores` (a core listed as a proper noun keeps it a name:
    ``واليابان``)."""
    form = _form(word)
    listed = _table()
    if _NAME + form in listed:
        return False
    if _ORDINARY + form in listed:
        return True
    readings = cores(form)
    if any(_NAME + core in listed for core in readings):
        return False
    return any(_ORDINARY + core in listed for core in readings)


@functools.cache
def _table():  # a dawg_python.DAWG
    import dawg_python

    return dawg_python.DAWG().load(str(TABLE))


def build_keys(data_dir: Path) -> list[str]:
    """The DAWG's keys from Arramooz's ``wordfreq.sqlite`` (each word with its part of speech)
    and ``arabicdictionary.sqlite`` (the broken plurals of its nouns) in ``data_dir`` (only to
    rebuild the table).  The dictionary's own lists of nouns and verbs are left out: they
    carry no part of speech that tells a proper noun, and hold some (``أوروبا``, ``كابول``)."""
    import sqlite3

    names: set[str] = set()
    ordinary: set[str] = set()
    with sqlite3.connect(data_dir / "wordfreq.sqlite") as db:
        for word, kind in db.execute("select unvocalized, word_type from wordfreq"):
            (names if kind == "noun_prop" else ordinary).add(_form(word))
    with sqlite3.connect(data_dir / "arabicdictionary.sqlite") as db:
        for word, plurals in db.execute("select unvocalized, broken_plural from nouns"):
            if _form(word) in ordinary:  # بطن's بطون
                ordinary.update(_form(p) for p in (plurals or "").split(";") if p.strip())
    ordinary.discard("")
    names.discard("")
    return sorted(_NAME + w for w in names) + sorted(_ORDINARY + w for w in ordinary)


if __name__ == "__main__":  # rebuild: python -m polyseek.analyzers.arabic_dictionary ARRAMOOZ_DATA_DIR
    import dawg

    keys = build_keys(Path(sys.argv[1]))
    dawg.DAWG(keys).save(str(TABLE))
    print(f"{len(keys)} entries -> {TABLE}", file=sys.stderr)
