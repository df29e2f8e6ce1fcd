"""Mandarin syllables in Pinyin and in Palladius's Russian spelling: *Xi* = *Си*, *Hu* = *Ху*.

A Chinese name is a string of one-syllable words, and a syllable often has one consonant
or none (*Xi*, *Wu*, *Yang* = *Ян*, *Xiao* = *Сяо*, *Yuan* = *Юань*): too little for the
letter keys of :mod:`analyzers.translit`, which need two consonants.  But Russian writes
Mandarin by a published, regular table (the Palladius system, 1860s, the standard in
Russian today: Большой китайско-русский словарь, ed. I. M. Oshanin, 1983-1984), so a
syllable is matched exactly: *Xi* -> ``xi`` <- *Си*, *Yang* -> ``yang`` <- *Ян*.

:data:`SYLLABLES` is Hanyu Pinyin's inventory (every initial with the finals it takes);
:func:`palladius` spells a syllable as the table does (initials ``j z`` -> ``цз``, ``q c``
-> ``ц``, ``x s`` -> ``с``, ``zh`` -> ``чж``, ``r`` -> ``ж``; finals ``-n`` -> ``-нь``,
``-ng`` -> ``-н``, ``e`` -> ``э``, ``ong`` -> ``ун``, ``uo`` -> ``о``, ``ü`` -> ``юй``, ``i``
after ``z c s`` -> ``ы``; *hui* = *хуэй*), and :func:`syllable_of` reads a one-syllable
word of either script back to its Pinyin (names are written without tones).

>>> palladius("xi"), palladius("jin"), palladius("ping"), palladius("zhou"), palladius("hui")
('си', 'цзинь', 'пин', 'чжоу', 'хуэй')
>>> syllable_of("Xi", "en"), syllable_of("Си", "ru"), syllable_of("Юань", "ru"), syllable_of("Moscow", "en")
('xi', 'xi', 'yuan', '')
"""

from __future__ import annotations

import functools

__all__ = ["SYLLABLES", "palladius", "syllable_of"]

# Hanyu Pinyin: each initial and the finals it is written with (``v`` is ü).
_FINALS_OF: dict[str, str] = {
    "b": "a o ai ei ao an en ang eng i ie iao ian in ing u",
    "p": "a o ai ei ao ou an en ang eng i ie iao ian in ing u",
    "m": "a o e ai ei ao ou an en ang eng i ie iao iu ian in ing u",
    "f": "a o ei ou an en ang eng u",
    "d": "a e ai ei ao ou an en ang eng ong i ia ie iao iu ian ing u uo ui uan un",
    "t": "a e ai ao ou an ang eng ong i ie iao ian ing u uo ui uan un",
    "n": "a e ai ei ao ou an en ang eng ong i ie iao iu ian in iang ing u uo uan v ve",
    "l": "a e ai ei ao ou an ang eng ong i ia ie iao iu ian in iang ing u uo uan un v ve",
    "g": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "k": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "h": "a e ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "j": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "q": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "x": "i ia ie iao iu ian in iang ing iong u ue uan un",
    "zh": "a e i ai ei ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "ch": "a e i ai ao ou an en ang eng ong u ua uo uai ui uan un uang",
    "sh": "a e i ai ei ao ou an en ang eng u ua uo uai ui uan un uang",
    "r": "e i ao ou an en ang eng ong u ua uo ui uan un",
    "z": "a e i ai ei ao ou an en ang eng ong u uo ui uan un",
    "c": "a e i ai ao ou an en ang eng ong u uo ui uan un",
    "s": "a e i ai ao ou an en ang eng ong u uo ui uan un",
    "y": "a o e ao ou an in ang ing ong i u ue uan un",
    "w": "a o ai ei an en ang eng u",
    "": "a o e ai ei ao ou an en ang eng er",
}

#: Every Pinyin syllable (without tone).
SYLLABLES: frozenset[str] = frozenset(i + f for i, finals in _FINALS_OF.items() for f in finals.split())

_INITIALS = {
    "b": "б", "p": "п", "m": "м", "f": "ф", "d": "д", "t": "т", "n": "н", "l": "л",
    "g": "г", "k": "к", "h": "х", "j": "цз", "q": "ц", "x": "с",
    "zh": "чж", "ch": "ч", "sh": "ш", "r": "ж", "z": "цз", "c": "ц", "s": "с", "": "",
}  # fmt: skip
# finals after a consonant (the i-, u- and ü-rows, and the bare ones)
_FINALS = {
    "a": "а", "o": "о", "e": "э", "ai": "ай", "ei": "эй", "ao": "ао", "ou": "оу",
    "an": "ань", "en": "энь", "ang": "ан", "eng": "эн", "ong": "ун", "er": "эр",
    "i": "и", "ia": "я", "ie": "е", "iao": "яо", "iu": "ю", "ian": "янь", "in": "инь",
    "iang": "ян", "ing": "ин", "iong": "юн",
    "u": "у", "ua": "уа", "uo": "о", "uai": "уай", "ui": "уй", "uan": "уань", "un": "унь", "uang": "уан",
    "v": "юй", "ve": "юэ", "ue": "юэ",
}  # fmt: skip
# a syllable written with y- or w- (no consonant): its Russian spelling whole
_Y_W = {
    "ya": "я", "yo": "йо", "ye": "е", "yao": "яо", "you": "ю", "yan": "янь", "yin": "инь",
    "yang": "ян", "ying": "ин", "yong": "юн", "yi": "и", "yu": "юй", "yue": "юэ",
    "yuan": "юань", "yun": "юнь",
    "wa": "ва", "wo": "во", "wai": "вай", "wei": "вэй", "wan": "вань", "wen": "вэнь",
    "wang": "ван", "weng": "вэн", "wu": "у",
}  # fmt: skip


def _split(syllable: str) -> tuple[str, str]:
    """Initial consonant and final of a syllable written without ``y``/``w``."""
    initial = syllable[:2] if syllable[:2] in ("zh", "ch", "sh") else syllable[:1]
    if initial not in _INITIALS:
        initial = ""  # a vowel
    return initial, syllable[len(initial) :]


def palladius(syllable: str) -> str:
    """The Russian (Palladius) spelling of one Pinyin syllable of :data:`SYLLABLES`, lower case."""
    if syllable in _Y_W:
        return _Y_W[syllable]
    initial, final = _split(syllable)
    if initial in ("j", "q", "x") and final[:1] == "u":  # ju, que, xuan, jun: the ü-row
        final = "v" + final[1:]
    if final == "i" and initial in ("z", "c", "s"):
        return _INITIALS[initial] + "ы"
    if syllable == "hui":
        return "хуэй"
    if final[:1] == "v" and len(final) > 1:  # üan, ün after j q x
        return _INITIALS[initial] + {"van": "юань", "vn": "юнь", "ve": "юэ"}[final]
    return _INITIALS[initial] + _FINALS[final]


@functools.cache
def _of_cyrillic() -> dict[str, str]:
    """Palladius spelling -> its Pinyin syllable (the table is one to one)."""
    return {palladius(s): s for s in sorted(SYLLABLES)}


def syllable_of(word: str, chain: str) -> str:
    """The Pinyin syllable a Latin (``en``) or Cyrillic (``ru``) word is written as, or ""
    when it is not one syllable (``ü`` is written ``v``, as Pinyin keyboards do: *Lü* = ``lv``)."""
    word = word.lower()
    if chain == "en":
        word = word.replace("ü", "v")
        return word if word in SYLLABLES else ""
    if chain == "ru":
        return _of_cyrillic().get(word.replace("ё", "е"), "")
    return ""
