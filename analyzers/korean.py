"""Korean name syllables in Latin and in Russian: *Park* = *Пак*, *Jae* = *Чжэ*, *Geun* = *Кын*.

A Korean name is written a syllable a word in Russian (*Мун Чжэ Ин*, *Пак Кын Хе*), by
Kontsevich's table (Л. Р. Концевич, the standard Russian transcription of Korean,
1950s-1998), and in Latin by the Revised Romanization (South Korea, 2000), by
McCune-Reischauer (1939; written without its breves: *ŏ* as *o* or *eo*, *ŭ* as *u* or
*eu*) or by the spellings names keep from before either (*Park*, *Lee*, *Choi*, *Moon*,
*Yoon*, *Jung*, *Ahn*).  Letter keys miss most of these pairs (*Jae* has no ``ч``, *Park*
has an ``r`` no Korean writes, *Hye* one consonant), so a one-syllable word of either
script is read back to the Korean syllable's sounds, in the classes both systems keep apart:

- initial: ``K`` (ㄱ ㄲ ㅋ), ``T`` (ㄷ ㄸ ㅌ), ``P`` (ㅂ ㅃ ㅍ), ``C`` (ㅈ ㅉ ㅊ), ``S`` (ㅅ ㅆ),
  ``N``, ``R`` (ㄹ, and the *L*/*R* of *Lee*, *Lim*, *Ryu*, Russian *Ли*, *Лим*, *Рю*),
  ``M``, ``H``, or none;
- vowel: ``A`` ㅏ, ``E`` ㅐ ㅔ ㅒ ㅖ, ``O`` ㅓ ㅗ, ``U`` ㅜ, ``Y`` ㅡ, ``I`` ㅣ, ``YA`` ㅑ, ``YO``
  ㅕ ㅛ, ``YU`` ㅠ, ``WA`` ㅘ, ``WE`` ㅙ ㅚ ㅞ, ``WO`` ㅝ, ``WI`` ㅟ, ``UI`` ㅢ;
- final: ``K``, ``N`` (ㄴ and ㅇ: Russian writes both ``н``), ``L`` (``ль``, ``р``), ``M``, ``P``, or none.

A Latin spelling may be read several ways (*u* is ㅜ in *Moon*'s RR *Mun*, ㅓ in *Jung*,
ㅡ in McCune-Reischauer's *Un*): :func:`korean_keys` gives each reading, at most
:data:`MAX_READINGS`.  A Cyrillic one has one.

>>> korean_keys("Park", "en"), korean_keys("Пак", "ru")
(('PAK',), ('PAK',))
>>> korean_keys("Jae", "en"), korean_keys("Чжэ", "ru"), korean_keys("Geun", "en"), korean_keys("Кын", "ru")
(('CE',), ('CE',), ('KYN',), ('KYN',))
>>> korean_keys("Jung", "en"), korean_keys("Чон", "ru"), korean_keys("Choi", "en"), korean_keys("Чхве", "ru")
(('CUN', 'CON', 'CYN'), ('CON',), ('CWE',), ('CWE',))
>>> korean_keys("Moscow", "en"), korean_keys("Москва", "ru")
((), ())
"""

from __future__ import annotations

import functools
import re

__all__ = ["MAX_READINGS", "korean_keys"]

#: At most this many readings of one Latin word.
MAX_READINGS = 4

# Latin: Revised Romanization, McCune-Reischauer without breves, and the older name spellings.
_LATIN_INITIALS = (
    ("kk", "K"), ("gh", "K"), ("k", "K"), ("g", "K"),
    ("tt", "T"), ("t", "T"), ("d", "T"),
    ("pp", "P"), ("p", "P"), ("b", "P"),
    ("jj", "C"), ("tch", "C"), ("ch", "C"), ("j", "C"),
    ("ss", "S"), ("sh", "S"), ("s", "S"),
    ("n", "N"), ("rh", "R"), ("r", "R"), ("l", "R"), ("m", "M"), ("h", "H"), ("", ""),
)  # fmt: skip
_LATIN_VOWELS = (
    ("yae", ("E",)), ("yeo", ("YO",)), ("yoo", ("YU",)), ("you", ("YO", "YU")), ("yu", ("YU", "YO")),
    ("ya", ("YA",)), ("ye", ("E",)), ("yo", ("YO",)), ("yi", ("I",)),
    ("wae", ("WE",)), ("weo", ("WO",)), ("wee", ("WI",)), ("wa", ("WA",)), ("we", ("WE",)),
    ("wo", ("WO",)), ("wi", ("WI",)),
    ("eui", ("UI",)), ("ui", ("UI",)), ("oe", ("WE",)), ("oi", ("WE",)),
    ("ae", ("E",)), ("ai", ("E",)), ("eo", ("O",)), ("eu", ("Y",)), ("ee", ("I",)), ("oo", ("U",)),
    ("ou", ("U",)),
    ("a", ("A",)), ("e", ("E",)), ("o", ("O",)), ("u", ("U", "O", "Y")), ("i", ("I",)),
)  # fmt: skip
_LATIN_FINALS = (("ng", "N"), ("k", "K"), ("n", "N"), ("l", "L"), ("m", "M"), ("p", "P"), ("", ""))

# Cyrillic: Kontsevich's table, with the voiced initials Russian texts also write (Ду, Гын).
_CYRILLIC_INITIALS = (
    ("кх", "K"), ("к", "K"), ("г", "K"), ("тх", "T"), ("т", "T"), ("д", "T"), ("пх", "P"), ("п", "P"),
    ("б", "P"), ("чж", "C"), ("чх", "C"), ("дж", "C"), ("ч", "C"), ("сс", "S"), ("с", "S"), ("ш", "S"),
    ("н", "N"), ("р", "R"), ("л", "R"), ("м", "M"), ("х", "H"), ("", ""),
)  # fmt: skip
_CYRILLIC_VOWELS = (
    ("ва", "WA"), ("вэ", "WE"), ("ве", "WE"), ("во", "WO"), ("ви", "WI"), ("ый", "UI"), ("йе", "E"),
    ("а", "A"), ("э", "E"), ("е", "E"), ("я", "YA"), ("ё", "YO"), ("о", "O"), ("у", "U"), ("ю", "YU"),
    ("ы", "Y"), ("и", "I"),
)  # fmt: skip
_CYRILLIC_FINALS = (("ль", "L"), ("к", "K"), ("н", "N"), ("р", "L"), ("л", "L"), ("м", "M"), ("п", "P"), ("", ""))

# an h after a vowel is silent in the older spellings (Oh, Ahn, Roh, Suh); Park is 박, the
# one common spelling with an r no romanisation writes
_SILENT_H = re.compile(r"(?<=[aeiou])h(?![aeiouy])")
_PARK = re.compile(r"^([pb])ark$")


def _readings(word: str, initials, vowels, finals) -> list[str]:
    """Every initial + vowel + final split of the whole word, as class keys."""
    out: list[str] = []
    for spelt, initial in initials:
        if not word.startswith(spelt):
            continue
        rest = word[len(spelt) :]
        for vowel_spelt, vowel_classes in vowels:
            if not rest.startswith(vowel_spelt):
                continue
            tail = rest[len(vowel_spelt) :]
            for final_spelt, final in finals:
                if tail == final_spelt:
                    classes = (vowel_classes,) if isinstance(vowel_classes, str) else vowel_classes
                    out.extend(initial + v + final for v in classes)
    return out


@functools.lru_cache(maxsize=1 << 14)
def korean_keys(word: str, chain: str) -> tuple[str, ...]:
    """The sound-class keys of a Latin (``en``) or Cyrillic (``ru``) word that can be one
    Korean syllable (none for any other word)."""
    word = word.lower()
    if chain == "en":
        if not word.isascii() or not word.isalpha():
            return ()
        word = _PARK.sub(r"\1ak", _SILENT_H.sub("", word))
        keys = _readings(word, _LATIN_INITIALS, _LATIN_VOWELS, _LATIN_FINALS)
        # Roh = 노: an older R for ㄴ as well
        if word[:1] == "r":
            keys += [k.replace("R", "N", 1) for k in keys if k.startswith("R")]
    elif chain == "ru":
        keys = _readings(word, _CYRILLIC_INITIALS, _CYRILLIC_VOWELS, _CYRILLIC_FINALS)[:1]
    else:
        return ()
    return tuple(dict.fromkeys(keys))[:MAX_READINGS]
