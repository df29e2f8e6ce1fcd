"""Cross-script name keys: ``Kulibayev``, ``Кулибаев`` and ``كوليباييف`` get the same key.

A word is romanised with `anyascii <https://pypi.org/project/anyascii/>`_ (every
Cyrillic alphabet, Latin diacritics, Arabic and Persian letters) and then folded by a
small set of rules of our own into a *phonetic key* that ignores the spelling choices
transliterations differ in:

- vowels (``a e i o u y``) fold to one ``a`` and runs of them to one (``ay``/``ai``/``iy``/``ii``);
- ``kh h x`` -> ``X``; ``sh sch shch`` -> ``S``; ``ch tch`` -> ``C``; ``j g gh dj dzh zh`` -> ``J``;
- ``th`` -> ``t``, ``ph f w`` -> ``v``, ``q ck`` -> ``k``, ``dz`` -> ``s``, ``c`` -> ``s`` before ``e i y``
  else ``k``, ``z`` -> ``s``, ``dh`` -> ``d``; doubled letters count once; a vowel before
  a final ``r`` is dropped (``Alexander`` = ``Александр``).

Two keys per word, because Arabic writes no short vowels:

- the *fine* key keeps where the vowels are (``Kulibayev``, ``Кулибаев`` -> ``kalabav``);
  it links Latin and Cyrillic;
- the *skeleton* drops the vowels and also folds ``p`` -> ``b`` and ``ch`` -> ``sh``
  (Arabic has neither): ``klbv``.  It links Arabic to both, with ``و ي ا ى ة`` read as
  vowels (they are long vowels in transcribed names) and ``ء ع`` dropped.  A word of
  only two consonants keeps its vowels in this key (``Bach`` = ``باخ`` -> ``baX``), since
  a bare two-consonant skeleton is shared by too many Arabic words.

Latin spelling is ambiguous where the source language is unknown, so a Latin word
gets every reading of ``ch`` (``C`` as in Chernov, ``X`` as in Bach, ``k`` as in
Christian), ``x``
(``ks``/``X``), ``w`` (``v`` as in Wagner, a vowel as in William) and of an ``h``
after a vowel and before a consonant (``X`` or silent, as in John): at most
:data:`MAX_VARIANTS` keys; and a word made only of Hepburn (Japanese) or Pinyin
(Chinese) syllables also gets the reading Russian transcription gives it (Polivanov:
*Hiroshi* = *Хироси*, *Kenji* = *Кэндзи*; Palladius: *Jinping* = *Цзиньпин*).  An Arabic word is keyed without a leading ``و`` and
article (``ال وال بال كال فال لل``): ``اليونسكو`` -> ``nsk``, and a Latin or Cyrillic word
that starts with ``al``/``el`` also without that (:func:`skeleton_keys`).
A Russian word is keyed by its surface form and by its pymorphy3 lemmas, so
``Кулибаева`` meets ``Kulibayev``.

A Latin or Cyrillic word of one Mandarin syllable, in Pinyin or as Palladius's table
writes it in Russian (*Xi*, *Си*; *Yang*, *Ян*), has too few consonants for a key; it gets
its syllable instead, matched exactly (:func:`chinese_syllable`, :mod:`analyzers.pinyin`):
``lp:xi`` and ``cp:xi``, the ``p`` kind, which links Latin and Cyrillic.  A word that can
be one Korean syllable likewise gets the sound classes Korean and Russian keep
(:func:`korean_syllable`, :mod:`analyzers.korean`): *Park* and *Пак* ``PAK``, *Jae* and
*Чжэ* ``CE``, the ``k`` kind.

Keys carry their script and kind, ``{l|c|a}{f|s|p|k}:key``, and a query word asks only for
the *other* scripts' keys: a Latin word asks for ``cf:`` and ``as:`` keys, a Cyrillic
word for ``lf:`` and ``as:``, an Arabic word for ``ls:`` and ``cs:`` (and a Mandarin
syllable for the other's ``p`` and ``k`` keys).  A word never
meets a same-script word this way, so ordinary in-language search is untouched.  The
index keeps each key with the spellings that have it (``cf:kalabav|кулибаева``, see
:data:`ENTRY_SEPARATOR`), so a query finds the other scripts' words, then their passages.

Only plausible names get keys (:func:`is_plausible_name`): capitalised Latin words,
capitalised Cyrillic words that pymorphy3 reads as a proper name or does not know,
acronyms, and every Arabic word that is not a stop word (Arabic has no case); in a
query the same but in any case.  A key needs at least :data:`MIN_LETTERS` letters in
the word and :data:`MIN_CONSONANTS` consonants.

>>> fine_keys("Kulibayev", "en"), fine_keys("Кулибаев", "ru"), skeleton_keys("كوليباييف", "ar")
(('kalabav',), ('kalabav',), ('klbv',))
>>> index_keys("Кулибаева", "ru", ("кулибаев",))
('cf:kalabava', 'cs:klbv', 'cf:kalabav')
>>> query_keys("golovkin", "en", ("golovkin",))
('cf:Jalavkan', 'as:Jlvkn')
>>> skeleton_keys("جولوفكين", "ar"), skeleton_keys("اليونسكو", "ar"), skeleton_keys("UNESCO", "en")
(('Jlvkn',), ('nsk',), ('nsk',))
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from anyascii import anyascii

from .arabic import normalize_arabic
from .bounded import make_room
from .chains import name_readings
from .korean import korean_keys
from .pinyin import syllable_of
from .russian import normalize_russian

__all__ = [
    "ENTRY_SEPARATOR",
    "agrees_with_arabic",
    "arabic_bare_forms",
    "arabic_name_like",
    "chinese_syllable",
    "korean_syllable",
    "MAX_VARIANTS",
    "MIN_CONSONANTS",
    "MIN_LETTERS",
    "MIN_SYLLABLE_LETTERS",
    "SCRIPT_OF_CHAIN",
    "SKELETON_CONSONANTS",
    "clear_cache",
    "computed_index_keys",
    "fine_keys",
    "index_keys",
    "is_plausible_name",
    "query_keys",
    "romanize",
    "russian_name_lemmas",
    "skeleton_keys",
]

#: Language chain -> script letter used in the index terms.
SCRIPT_OF_CHAIN: dict[str, str] = {"en": "l", "ru": "c", "ar": "a"}

#: Which index terms a query word of each script asks for (never its own script's).
_TARGETS: dict[str, tuple[tuple[str, str], ...]] = {
    "l": (("c", "f"), ("a", "s")),
    "c": (("l", "f"), ("a", "s")),
    "a": (("l", "s"), ("c", "s")),
}

#: Whose ``p`` (Mandarin) and ``k`` (Korean syllable) keys a Latin or Cyrillic query word asks for.
_SYLLABLE_TARGET = {"l": "c", "c": "l"}

#: Separates a key from the spelling that has it in an index entry (``cf:kalabav|кулибаева``).
ENTRY_SEPARATOR = "|"

MIN_LETTERS = 3
MIN_CONSONANTS = 2
#: From this many consonants on, the Arabic link key is the bare consonant skeleton.
SKELETON_CONSONANTS = 3
MAX_VARIANTS = 4

VOWEL = "a"

# -- romanisation --------------------------------------------------------------------

# Latin letters whose anyascii form loses a sound a Cyrillic or Arabic spelling keeps.
_LATIN_DIGRAPHS = str.maketrans(
    {"š": "sh", "Š": "sh", "č": "ch", "Č": "ch", "ž": "zh", "Ž": "zh", "ş": "sh", "Ş": "sh", "ç": "ch", "Ç": "ch"}
)
# Arabic: long vowels and their seats read as vowels, hamza and ain dropped.
_ARABIC_LETTERS = str.maketrans(
    {
        "ا": "a",
        "ى": "a",
        "ة": "a",
        "و": "u",
        "ي": "i",
        "ی": "i",
        "ئ": "i",
        "ؤ": "u",
        "ء": "",
        "ع": "",
    }
)
_ARABIC_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال")
_NOT_LETTER = re.compile(r"[^a-z]")


def normalize_arabic_keeping_hamza(surface: str) -> str:
    """Diacritics and tatweel removed, but ``أ إ آ`` kept (they tell ``ألماتي`` from ``الماتي``).

    >>> normalize_arabic_keeping_hamza("أَلْماتـــي")
    'ألماتي'
    """
    return surface.translate(_diacritics_and_tatweel())


@functools.cache
def _diacritics_and_tatweel() -> dict[int, None]:
    """A ``str.translate`` table removing what pyarabic's ``strip_tatweel(strip_diacritics(w))``
    removes (its ``DIACRITICS`` one ``str.replace`` each: 6 % of the cross-script keys' time)."""
    from pyarabic import araby

    return dict.fromkeys(map(ord, (*araby.DIACRITICS, araby.TATWEEL)))


def romanize(surface: str, chain: str) -> str:
    """Lowercase ASCII letters for a Latin (``en``), Cyrillic (``ru``) or Arabic (``ar``) word.

    >>> romanize("Šarapova", "en"), romanize("Ёлкина", "ru"), romanize("جولوفكين", "ar")
    ('sharapova', 'elkina', 'julufkin')
    """
    if chain == "ar":
        return _romanize_arabic(normalize_arabic(surface))
    if chain == "ru":
        return normalize_russian(surface).translate(_CYRILLIC_ROMAN)
    return surface.translate(_LATIN_ROMAN)


class _PerCharacter(dict[int, str]):
    """A ``str.translate`` table that computes a code point's replacement on its first use.

    ``anyascii`` transliterates one code point at a time, lowercasing and keeping ``a-z``
    go letter by letter too: so ``_NOT_LETTER.sub("", anyascii(w.translate(t)).lower())``
    is ``w`` translated letter by letter, one ``str.translate`` in C.  The cross-script
    keys of the 90,688 distinct words of 3,000 news documents: 0.34 s of 1.87 s CPU in
    those three steps, 0.03 s in one ``translate``.

    >>> table = _PerCharacter(lambda ch: ch.upper())
    >>> "ab".translate(table), sorted(table)
    ('AB', [97, 98])
    """

    def __init__(self, replace: Callable[[str], str]) -> None:
        super().__init__()
        self.replace = replace

    def __missing__(self, code: int) -> str:
        out = self[code] = self.replace(chr(code))
        return out


def _letters(text: str) -> str:
    return _NOT_LETTER.sub("", text)


_ARABIC_ROMAN = _PerCharacter(lambda ch: _letters(anyascii(ch.translate(_ARABIC_LETTERS))))
_CYRILLIC_ROMAN = _PerCharacter(lambda ch: _letters(anyascii(ch).lower()))
_LATIN_ROMAN = _PerCharacter(lambda ch: _letters(anyascii(ch.translate(_LATIN_DIGRAPHS)).lower()))


def _romanize_arabic(normalized: str) -> str:
    """:func:`romanize` of an Arabic word already through :func:`normalize_arabic`."""
    return normalized.translate(_ARABIC_ROMAN)


# -- folding -------------------------------------------------------------------------

# One pass over romanised lowercase text, longest spelling first at each position; the
# special classes are uppercase so nothing rewrites them again.
_SPELLINGS = {
    "shch": "S", "sch": "S", "sh": "S", "tch": "C", "ch": "C", "th": "t", "tz": "ts",
    "dzh": "J", "dz": "s", "dj": "J", "dh": "d", "zh": "J", "gh": "J", "kh": "X", "ph": "v", "ck": "k",
    "c": "k", "q": "k", "j": "J", "g": "J", "h": "X", "x": "X", "f": "v", "w": "v", "z": "s",
}  # fmt: skip
#: ``c`` before ``e i y`` is ``s``: matched with that letter (no spelling starts with a vowel),
#: so that a fold is a ``split`` and a ``join``, with no Python call per match (the fold of
#: the 90,688 words of 3,000 news documents: 0.25 -> 0.12 s CPU).
_SOFT_C = {"ce": "se", "ci": "si", "cy": "sy"}
_FOLDED = _SPELLINGS | _SOFT_C
_SPELLING_RE = re.compile("(" + "|".join(sorted(_FOLDED, key=len, reverse=True)) + ")")
_DOUBLE_RE = re.compile(r"(.)\1+")
_VOWELS_RE = re.compile(r"[aeiouy]+")
_FINAL_R_RE = re.compile(r"(?<=[^a])ar$")  # Alexander = Александр, Peter = Пётр


# A word made only of the syllables of Hepburn's romanisation of Japanese, or of Pinyin's
# of Mandarin: Russian transcribes those by other rules (Polivanov's, Palladius's).
_HEPBURN = re.compile(r"(?:(?:[kgsztdnhbpmr]y?|sh|ch|ts|j|f|w|y)?[aiueo]|n(?![aiueoy]))+")
_PINYIN = re.compile(
    r"(?:[jqx](?:iong|iang|ing|ian|iao|ia|ie|iu|in|i|uan|ue|un|u)"  # j q x only before i and u (ü)
    r"|(?:zh|ch|sh|[bpmfdtnlgkhrzcsyw])?(?:iong|uang|iang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|"
    r"ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|e|i|o|u))+"
)
#: Polivanov's Russian spelling of Japanese: Hiroshi = Хироси, Chiba = Тиба, Kenji = Кэндзи.
_POLIVANOV = (("sh", "s"), ("ch", "t"), ("j", "z"))
#: Palladius's Russian spelling of Mandarin: Jinping = Цзиньпин, Zhang = Чжан, Qian = Цянь, Xu = Сюй.
_PALLADIUS = (("zh", "chzh"), ("j", "tsz"), ("q", "ts"), ("x", "s"), ("ng", "n"))


def _east_asian_readings(word: str) -> list[str]:
    """The reading of a Japanese (Hepburn) or Chinese (Pinyin) spelling as Russian transcribes it.

    >>> _east_asian_readings("hiroshi"), _east_asian_readings("jinping"), _east_asian_readings("moscow")
    (['hirosi'], ['tszinpin'], [])
    """
    out = []
    for pattern, rules in ((_HEPBURN, _POLIVANOV), (_PINYIN, _PALLADIUS)):
        if len(word) >= 4 and pattern.fullmatch(word):
            reading = word
            for old, new in rules:
                reading = reading.replace(old, new)
            if reading != word:
                out.append(reading)
    return out


def _latin_readings(word: str) -> list[str]:
    """Every reading of the ambiguous Latin spellings ``ch``, ``x``, ``w`` and postvocalic ``h``,
    and the Russian reading of a Japanese or Chinese romanisation (:func:`_east_asian_readings`)."""
    return _ambiguous_readings(word) + _east_asian_readings(word)


def _ambiguous_readings(word: str) -> list[str]:
    readings = [word]
    for pattern, options in (
        (re.compile(r"(?<![ts])ch"), ("C", "X", "k")),
        (re.compile(r"x"), ("ks", "X")),
        (re.compile(r"w"), ("v", "u")),
        (re.compile(r"(?<=[aeiouy])h(?![aeiouy])"), ("X", "")),
    ):
        if len(readings) >= MAX_VARIANTS:
            break
        if pattern.search(word):
            readings = [pattern.sub(o, r) for r in readings for o in options]
    return readings[:MAX_VARIANTS]


def _fold(word: str) -> str:
    """The fine key of a romanised word (see the module docstring for the rules).

    >>> _fold("kulibayev"), _fold("aleksandr"), _fold("shchukina"), _fold("lausanne")
    ('kalabav', 'alaksandr', 'Sakana', 'lasana')
    """
    parts = _SPELLING_RE.split(word)
    parts[1::2] = map(_FOLDED.__getitem__, parts[1::2])
    word = _VOWELS_RE.sub(VOWEL, _collapse("".join(parts)))
    return _FINAL_R_RE.sub("r", word) if word.endswith("ar") else word


def _consonants(key: str) -> int:
    return len(key) - key.count(VOWEL)  # every letter of a key but VOWEL is a consonant


def _collapse(word: str) -> str:
    """``word`` with each run of a letter as one letter.

    >>> _collapse("lasanne"), _collapse("kalabav")
    ('lasane', 'kalabav')
    """
    # most words have no run: one search in C, not a Python call per match (3.11's re calls
    # back into Python for a template such as r"\1")
    return _DOUBLE_RE.sub(r"\1", word) if _DOUBLE_RE.search(word) else word


def _to_skeleton(fine: str) -> str:
    """The Arabic link key of a fine key: ``p`` -> ``b``, ``ch``/``tsh`` -> ``S`` (Arabic has
    neither); then the vowels dropped when three or more consonants remain, kept otherwise."""
    word = _collapse(fine.replace("p", "b").replace("tS", "S").replace("C", "S"))
    consonants = _consonants(word)
    if consonants >= SKELETON_CONSONANTS:
        return _collapse(word.replace(VOWEL, ""))
    return word if consonants >= MIN_CONSONANTS else ""


def _dedupe(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(k for k in keys if _consonants(k) >= MIN_CONSONANTS))


# How Russian transcribes Western names where letters do not tell (the practical
# transcription of English and German names: Ermolovich, "Имена собственные на стыке языков
# и культур", 2005): h as г (Henry = Генри, Wilhelm = Вильгельм, Harvard = Гарвард) and a
# silent final e (Steve = Стив, Bruce = Брюс, George = Джордж, James = Джеймс).  Each rule
# is optional: a Latin query word gets every combination (the spelling as written first),
# a Cyrillic one the same rules read backwards where that is safe (г as h; an e before a
# final s: Джеймс = James), up to :data:`MAX_QUERY_READINGS`.  Query words only: the index
# keeps one reading per word.  Rules that were tried and matched more wrong names than
# right ones on the eval questions: j as х (Juan = Хуан, but John = Хуан too) or as й
# (Jan = Ян, but jingle = Англия), and a final e added to a Cyrillic word (Стив = Steve,
# but Джон = Jenna).
_LATIN_AS_RUSSIAN: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"(?<![sctkzgpwr])h"), ("g",)),
    (re.compile(r"(?<=[^aeiouy])e(?=s?$)"), ("",)),
    (re.compile(r"ce$"), ("s",)),
    (re.compile(r"ge$"), ("zh",)),
)
_RUSSIAN_AS_LATIN: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"(?<![kzd])g"), ("h",)),
    (re.compile(r"(?<=[^aeiouy])(?=[sz]$)"), ("e",)),
)
#: At most this many readings of a query word by the other script's conventions.
MAX_QUERY_READINGS = 12


def _conventions(word: str, chain: str) -> list[str]:
    """A query word as written, then read by the other script's conventions for names.

    >>> _conventions("henry", "en"), _conventions("genri", "ru")
    (['henry', 'genry'], ['genri', 'henri'])
    >>> _conventions("steve", "en"), _conventions("dzheyms", "ru")
    (['steve', 'stev'], ['dzheyms', 'dzheymes'])
    """
    rules = _LATIN_AS_RUSSIAN if chain == "en" else _RUSSIAN_AS_LATIN if chain == "ru" else ()
    readings = [word]
    for pattern, options in rules:
        readings += [pattern.sub(o, r, count=1) for r in readings for o in options if pattern.search(r)]
        readings = list(dict.fromkeys(readings))[:MAX_QUERY_READINGS]
    return readings


def fine_keys(surface: str, chain: str, query: bool = False) -> tuple[str, ...]:
    """The vowel-aware keys of a Latin or Cyrillic word (several readings for Latin); of a
    query word also its readings by the other script's conventions for names
    (:func:`_conventions`: *Henry* asks for *Генри*'s key too).

    >>> fine_keys("Henry", "en"), fine_keys("Генри", "ru"), fine_keys("Henry", "en", query=True)
    (('Xanra',), ('Janra',), ('Xanra', 'Janra'))
    """
    word = romanize(surface, chain)
    words = _conventions(word, chain) if query else [word]
    readings = [r for w in words for r in (_latin_readings(w) if chain == "en" else [w])]
    return _dedupe(_fold(r) for r in readings)


#: Entries of each of the two ``lru_cache``s below.  They pay within a word (its forms
#: without ``و`` and article are looked at twice) and across the words of one stem; a word
#: is looked at once while the side fields' caches hold it.  At 65,536 (a new string for
#: each key and skeleton: ~20 MiB full) the first was full at 10,000 documents in one JSONL
#: file, the second half full.
_ARABIC_CACHE = 1 << 12


@functools.lru_cache(maxsize=_ARABIC_CACHE)
def _arabic_skeleton(normalized: str) -> str:
    """The skeleton key of an Arabic form already through :func:`normalize_arabic`."""
    return _to_skeleton(_fold(_romanize_arabic(normalized)))


@functools.lru_cache(maxsize=_ARABIC_CACHE)
def _arabic_consonants(word: str) -> int:
    return _consonants(_arabic_skeleton(normalize_arabic(word))) if word else 0


def _arabic_forms(surface: str, query: bool) -> list[str]:
    """The normalised forms an Arabic word is keyed by.

    A leading ``و`` ("and") is dropped when three consonants or more remain, then an
    article (``ال وال بال كال فال لل``, written without hamza: ``ألماتي`` is Almaty, not
    al + ``ماتي``) when two or more remain: ``واليونسكو`` -> ``يونسكو``.  A query word is
    also keyed without a final ``ه``, which transcriptions often leave out
    (``عبدالله`` = ``Абдулла``).
    """
    word = surface if surface.isascii() else normalize_arabic_keeping_hamza(surface)
    if len(word) >= 5 and word[0] == "و" and _arabic_consonants(word[1:]) >= SKELETON_CONSONANTS:
        word = word[1:]
    for article in _ARABIC_PREFIXES:
        if word.startswith(article) and _arabic_consonants(word[len(article) :]) >= MIN_CONSONANTS:
            word = word[len(article) :]
            break
    forms = [normalize_arabic(word)]
    if query and forms[0].endswith("ه") and len(forms[0]) >= 4:
        forms.append(forms[0][:-1] + "ة")
    return forms


def arabic_bare_forms(surface: str) -> tuple[str, ...]:
    """An Arabic word normalised without a leading ``و`` and article, as it is keyed.

    >>> arabic_bare_forms("والقاهرة"), arabic_bare_forms("ألماتي")
    (('قاهرة',), ('الماتي',))
    """
    return tuple(_arabic_forms(surface, query=False))


def skeleton_keys(surface: str, chain: str, query: bool = False) -> tuple[str, ...]:
    """The Arabic link keys of a word of any of the three scripts.

    A consonant skeleton, or for a word of only two consonants the vowelled key (Arabic
    writes the vowels of a transcribed name as long vowels, and two consonants alone
    would match too many Arabic words).  An Arabic word is keyed without its article or
    ``و`` (see :func:`_arabic_forms`), so a Latin or Cyrillic word starting with
    ``al``/``el`` is also keyed without it (``Alexander`` = ``الكسندر``, ``Almaty`` =
    ``الماتي``); a query word ending in a vowel also asks for a final ``h``
    (``Абдулла`` = ``عبدالله``).

    >>> skeleton_keys("Bach", "en"), skeleton_keys("باخ", "ar"), skeleton_keys("Tokyo", "en"), skeleton_keys("طوكيو", "ar")
    (('baS', 'baX', 'bak'), ('baX',), ('taka',), ('taka',))
    >>> skeleton_keys("الكسندر", "ar"), skeleton_keys("ألكسندر", "ar"), skeleton_keys("Alexander", "en")
    (('ksndr',), ('lksndr',), ('lksndr', 'lXndr', 'ksndr', 'Xndr'))
    """
    if chain == "ar":
        return _dedupe(_arabic_skeleton(form) for form in _arabic_forms(surface, query))
    return _skeletons(fine_keys(surface, chain), query)


def _skeletons(fine: tuple[str, ...], query: bool) -> tuple[str, ...]:
    """:func:`skeleton_keys` of a Latin or Cyrillic word whose :func:`fine_keys` (not a query's) are ``fine``."""
    keys = [_to_skeleton(k) for k in fine]
    # Arabic may read a leading al-/el- as its article: also key the rest
    keys.extend(_to_skeleton(k[2:]) for k in fine if k.startswith(VOWEL + "l") and _consonants(k) > MIN_CONSONANTS)
    if query:
        keys.extend(_to_skeleton(k + "X") for k in fine if k.endswith(VOWEL))
    return _dedupe(k for k in keys if k)


# -- index and query terms -------------------------------------------------------------


def _russian_name_like(surface: str) -> bool:
    """An acronym, a word pymorphy3 can read as a proper name, or a word not in its dictionary.

    >>> [_russian_name_like(w) for w in ("Кулибаева", "Бах", "ЮНЕСКО", "НОК", "был", "Встреча")]
    [True, True, True, True, False, False]
    """
    if len(surface) > 1 and surface.isupper():
        return True
    known, names = name_readings(normalize_russian(surface))
    return not known or bool(names)


def russian_name_lemmas(word: str) -> tuple[str, ...]:
    """The lemmas of the proper-name readings of a Russian word (none if it has no such reading).

    >>> russian_name_lemmas("Толстого"), russian_name_lemmas("толстый"), russian_name_lemmas("Кулибаева")
    (('толстой',), (), ('кулибаев',))
    """
    return name_readings(normalize_russian(word))[1]


def arabic_name_like(surface: str) -> bool:
    """Whether an Arabic word can be a transcribed name: not a word with the article whose
    rest has fewer than :data:`SKELETON_CONSONANTS` consonants.

    Arabic writes a foreign name without the article, but for a few organisations and
    countries (``اليونسكو``, ``الأرجنتين``), and a key of two consonants alone is shared by
    many words: ``الرئيسية`` ("the main"), ``المواقع`` ("the sites") and ``الخاص``
    ("the private") would meet *Россия*, *Mac* and *Hess*.

    >>> [arabic_name_like(w) for w in ("الرئيسية", "المواقع", "الخاص", "اليونسكو", "باخ", "روسيا", "ألماتي")]
    [False, False, False, True, True, True, True]
    """
    word = normalize_arabic_keeping_hamza(surface)
    for article in _ARABIC_PREFIXES:
        if word.startswith(article) and len(word) > len(article) + 1:
            return _arabic_consonants(word[len(article) :]) >= SKELETON_CONSONANTS
    return True


#: A word of one Mandarin syllable needs at least this many letters (*Xi*, *Ян*) to be keyed.
MIN_SYLLABLE_LETTERS = 2


def chinese_syllable(surface: str, chain: str, query: bool = False) -> str:
    """The Pinyin syllable a Latin or Cyrillic word is, when it may be a Chinese name: one
    syllable of Pinyin or of Palladius's Russian spelling (:func:`analyzers.pinyin.syllable_of`),
    of at least :data:`MIN_SYLLABLE_LETTERS` letters (see :func:`_may_be_syllable_name`); else "".

    >>> chinese_syllable("Xi", "en"), chinese_syllable("Си", "ru"), chinese_syllable("сяо", "ru", query=True)
    ('xi', 'xi', 'xiao')
    >>> chinese_syllable("си", "ru"), chinese_syllable("си", "ru", query=True), chinese_syllable("Moscow", "en")
    ('', '', '')
    """
    return syllable_of(surface, chain) if _may_be_syllable_name(surface, chain, query) else ""


def _may_be_syllable_name(surface: str, chain: str, query: bool) -> bool:
    """Whether a Latin or Cyrillic word of at least :data:`MIN_SYLLABLE_LETTERS` letters may be
    a one-syllable name: capitalised, or in a query also in lower case (a Cyrillic one then
    only if pymorphy3 can read it as a name or does not know it: *был*, *си* are no names).

    A capitalised Cyrillic word is not asked of pymorphy3's dictionary: *Си*, *Пак* and *Ян*
    are words it knows (the note *си*, pack ice), and whether the collection writes them as
    names is decided at search time (:mod:`searcher.cross_script`).
    """
    if chain not in ("en", "ru") or len(surface) < MIN_SYLLABLE_LETTERS:
        return False
    if surface[0].isupper():
        return True
    return query and (chain == "en" or _russian_name_like(surface))


def korean_syllable(surface: str, chain: str, query: bool = False) -> tuple[str, ...]:
    """The sound-class keys of a Latin or Cyrillic word that can be one Korean syllable
    (:func:`analyzers.korean.korean_keys`), of at least :data:`MIN_SYLLABLE_LETTERS` letters
    (see :func:`_may_be_syllable_name`).

    >>> korean_syllable("Park", "en"), korean_syllable("Пак", "ru"), korean_syllable("пак", "ru")
    (('PAK',), ('PAK',), ())
    >>> korean_syllable("park", "en", query=True), korean_syllable("был", "ru", query=True)
    (('PAK',), ())
    """
    return korean_keys(surface, chain) if _may_be_syllable_name(surface, chain, query) else ()


def is_plausible_name(surface: str, chain: str, query: bool = False) -> bool:
    """Whether a word gets cross-script keys.

    Arabic has no case: any Arabic word in a text, and in a query any word but a short
    one with the article (:func:`arabic_name_like`).  Latin: a capitalised word in a text,
    any word in a query.  Cyrillic: the same, and also an acronym, a proper name by
    pymorphy3's dictionary, or a word that is not in it (so ``Встреча`` at the start of a
    sentence, or ``был`` in a query, is no name).
    """
    if chain not in SCRIPT_OF_CHAIN or len(surface) < MIN_LETTERS:
        return False
    if chain == "ar":
        return not query or arabic_name_like(surface)
    if not query and not surface[0].isupper():
        return False
    return chain != "ru" or _russian_name_like(surface)


def _forms(surface: str, chain: str, terms: tuple[str, ...]) -> list[str]:
    """The spellings a word is keyed by: its surface, and for Russian also its lemmas."""
    if chain != "ru":
        return [surface]
    return [surface, *terms]


def _keys(
    surface: str, chain: str, terms: tuple[str, ...], targets: Iterable[tuple[str, str]], query: bool
) -> tuple[str, ...]:
    """``{script}{kind}:{key}`` terms for every form of the word and every (script, kind) target."""
    out: dict[str, None] = {}
    for form in _forms(surface, chain, terms):
        fine = None  # the form's fine keys, once computed: its skeletons come from them (but a query's)
        for script, kind in targets:
            if kind == "f":
                keys = fine = fine_keys(form, chain, query)
            elif fine is not None and not query and chain != "ar":
                keys = _skeletons(fine, query)
            else:
                keys = skeleton_keys(form, chain, query)
            for key in keys:
                out[f"{script}{kind}:{key}"] = None
    return tuple(out)


_index_cache: dict[str, tuple[str, ...]] = {}
_query_cache: dict[str, tuple[str, ...]] = {}
_MAX_CACHE = 60_000


def index_keys(surface: str, chain: str, terms: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The cross-script index terms of one word (empty unless it is a plausible name).

    ``terms`` are the word's terms from its language chain (Russian lemmas are keyed
    too).  The result depends only on ``surface`` and is cached per distinct word.
    """
    keys = _index_cache.get(surface)
    if keys is None:
        keys = computed_index_keys(surface, chain, terms)
        make_room(_index_cache, _MAX_CACHE)
        _index_cache[surface] = keys
    return keys


def computed_index_keys(surface: str, chain: str, terms: tuple[str, ...] = ()) -> tuple[str, ...]:
    """:func:`index_keys` computed, not cached: for a caller that keeps the word's terms
    made of them (an index's side field), where this cache would hold the same words again.

    >>> computed_index_keys("Кулибаева", "ru", ("кулибаев",)) == index_keys("Кулибаева", "ru", ("кулибаев",))
    True
    """
    if chain == "ar":  # every Arabic word of three letters is keyed, and no syllable is
        return _arabic_index_keys(surface) if len(surface) >= MIN_LETTERS else ()
    script = SCRIPT_OF_CHAIN.get(chain)
    keys: tuple[str, ...] = ()
    if script is not None and is_plausible_name(surface, chain):
        keys = _keys(surface, chain, terms, [(script, "f"), (script, "s")], query=False)
    if syllable := chinese_syllable(surface, chain):
        keys = (*keys, f"{script}p:{syllable}")
    return (*keys, *(f"{script}k:{k}" for k in korean_syllable(surface, chain)))


def _arabic_index_keys(surface: str) -> tuple[str, ...]:
    """What :func:`_keys` gives an Arabic word of a text (one form, its skeleton key, if that
    has two consonants), without its loops: most distinct words of a text are Arabic ones
    (51,000 of 91,000 in 3,000 news documents; their side field's terms: 0.92-1.11 ->
    0.69-0.73 s CPU, alternating runs).

    >>> _arabic_index_keys("واليونسكو"), _arabic_index_keys("في")
    (('as:nsk',), ())
    """
    (form,) = _arabic_forms(surface, query=False)
    key = _arabic_skeleton(form)
    return (f"as:{key}",) if _consonants(key) >= MIN_CONSONANTS else ()


def query_keys(surface: str, chain: str, terms: tuple[str, ...] = (), assume_name: bool = False) -> tuple[str, ...]:
    """The other scripts' index terms a query word may match (any case: users type names in
    lowercase); ``assume_name``: the word is taken for a name whatever the dictionary says
    (the letters of a code: ``Интернет2`` is *Internet2*)."""
    cache_key = ("\x00" + surface) if assume_name else surface
    keys = _query_cache.get(cache_key)
    if keys is None:
        script = SCRIPT_OF_CHAIN.get(chain)
        keys = ()
        plausible = len(surface) >= MIN_LETTERS if assume_name else is_plausible_name(surface, chain, query=True)
        if script is not None and plausible:
            keys = _keys(surface, chain, terms, _TARGETS[script], query=True)
        if (other := _SYLLABLE_TARGET.get(script or "")) is not None:
            if syllable := chinese_syllable(surface, chain, query=True):
                keys = (*keys, f"{other}p:{syllable}")
            keys = (*keys, *(f"{other}k:{k}" for k in korean_syllable(surface, chain, query=True)))
        make_room(_query_cache, _MAX_CACHE)
        _query_cache[cache_key] = keys
    return keys


# -- agreement with Arabic -------------------------------------------------------------


def _link_forms(surface: str, chain: str, terms: tuple[str, ...]) -> set[str]:
    """Vowelled keys of a word in the letters Arabic has (``p`` -> ``b``, ``ch`` -> ``sh``)."""
    if chain == "ar":
        fines = [_fold(_romanize_arabic(f)) for f in _arabic_forms(surface, query=True)]
    else:
        fines = [k for form in _forms(surface, chain, terms) for k in fine_keys(form, chain)]
        fines += [k[2:] for k in fines if k.startswith(VOWEL + "l")]
        fines += [k + "X" for k in fines if k.endswith(VOWEL)]
    return {_collapse(k.replace("p", "b").replace("tS", "S").replace("C", "S")) for k in fines}


def _slots(key: str) -> tuple[str, frozenset[int]]:
    """The consonants of a key and after how many of them a vowel stands."""
    consonants: list[str] = []
    slots: set[int] = set()
    for ch in key:
        if ch == VOWEL:
            slots.add(len(consonants))
        else:
            consonants.append(ch)
    return "".join(consonants), frozenset(slots)


#: Endings of a Latin or Cyrillic name whose final vowel an Arabic spelling may leave out
#: (:func:`agrees_with_arabic`): a silent *e*, the *-ia* of places, a Russian feminine *-а*
#: (*Прага*, *Женева*) and the cases of *-ия*.
_UNWRITTEN_ENDING = {
    "en": re.compile(r"(?:e|ia)$", re.IGNORECASE),
    "ru": re.compile(r"(?:[ая]|и(?:и|ю|ей))$", re.IGNORECASE),
}


def agrees_with_arabic(arabic: str, other: str, chain: str, terms: tuple[str, ...] = ()) -> bool:
    """Whether an Arabic word can be a transcription of a Latin or Cyrillic one.

    Same consonants, and every long vowel the Arabic word writes stands where the other
    word has a vowel (Arabic leaves short vowels out, but does not add vowels a name
    lacks): ``موسكو`` agrees with *Moscow*, ``موسيقى`` (music) does not.  With only two
    consonants (a key many Arabic words share) the vowels must stand in the same places
    on both sides: ``كينيا`` agrees with *Кения*, ``كان`` ("was") does not.

    >>> agrees_with_arabic("موسكو", "Moscow", "en"), agrees_with_arabic("موسيقى", "Moscow", "en")
    (True, False)
    >>> agrees_with_arabic("جولوفكين", "Головкин", "ru"), agrees_with_arabic("حمد", "Hamad", "en")
    (True, True)
    >>> agrees_with_arabic("كينيا", "Кения", "ru"), agrees_with_arabic("كان", "Кения", "ru"), agrees_with_arabic("باخ", "Bach", "en")
    (True, False, True)

    A name that ends in a vowel is written with it (*Gorky* ``غوركي``), so such a name's
    key asks the Arabic word for a vowel after its last consonant: ``غرق`` ("drowned")
    has Gorky's consonants and no final vowel.  Where the final vowel may be the Latin or
    Russian spelling's own (a silent *e*, a place's *-ia*, a Russian *-а*: *Cambridge*
    ``كامبريدج``, *Tunisia* ``تونس``, *Прага* ``براغ``), an Arabic word that writes a long
    vowel elsewhere is taken as a transcription without it; a word that writes none is not
    (*Африка* is not ``فرق`` "teams").

    >>> agrees_with_arabic("غوركي", "Gorky", "en"), agrees_with_arabic("غرق", "Gorky", "en")
    (True, False)
    >>> agrees_with_arabic("براغ", "Прага", "ru"), agrees_with_arabic("فرق", "Африка", "ru")
    (True, False)
    """
    unwritten = _UNWRITTEN_ENDING.get(chain)
    may_drop = bool(unwritten and unwritten.search(other))
    theirs = [_slots(k) for k in _link_forms(other, chain, terms)]
    for key in _link_forms(arabic, "ar", ()):
        consonants, slots = _slots(key)
        # a vowel after the last consonant, or a long vowel elsewhere where the final one may be left out
        final_written = len(consonants) in slots or (may_drop and bool(slots - {0}))
        if len(consonants) < SKELETON_CONSONANTS:
            # two consonants are shared by many Arabic words: a short name writes every vowel
            if any(consonants == c and slots == s for c, s in theirs):
                return True
        elif any(consonants == c and slots <= s and (final_written or len(c) not in s) for c, s in theirs):
            return True
    return False


def clear_cache() -> None:
    """Forget every cached key."""
    _index_cache.clear()
    _query_cache.clear()
    _arabic_skeleton.cache_clear()
    _arabic_consonants.cache_clear()
