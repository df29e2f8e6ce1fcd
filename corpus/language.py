"""Language of a text by counting letters per script.

Only letters are counted (digits, punctuation, Arabic-Indic digits and the Arabic
comma/question mark are ignored). Cyrillic letters vote for ``"ru"``, Arabic-script
letters for ``"ar"``, Latin letters for ``"en"``; the script with most letters wins
and ties go to the earlier of ``ru``, ``ar``, ``en``. No letters gives ``"und"``.
Counting uses compiled character classes over runs, so it is linear and fast on
multi-megabyte texts.
"""

from __future__ import annotations

import re

__all__ = ["LANGUAGES", "UNDETERMINED", "detect_language", "script_counts"]

UNDETERMINED = "und"
#: Every value ``Passage.lang`` / ``Document.lang`` can take.
LANGUAGES = ("ru", "ar", "en", UNDETERMINED)

_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Cyrillic, Cyrillic Supplement, Extended-C, Extended-B letters (no combining marks).
    ("ru", re.compile("[\u0400-\u0481\u048a-\u052f\u1c80-\u1c88\ua640-\ua66e\ua680-\ua69d]+")),
    # Arabic letters (not digits, not ، ؛ ؟ ٪), Supplement, Extended-A, presentation forms.
    (
        "ar",
        re.compile(
            "[\u0620-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06ee\u06ef\u06fa-\u06fc\u06ff"
            "\u0750-\u077f\u08a0-\u08c9\ufb50-\ufd3d\ufd50-\ufdfb\ufe70-\ufefc]+"
        ),
    ),
    # Basic Latin, Latin-1 letters, Latin Extended-A/B, Latin Extended Additional.
    ("en", re.compile("[A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]+")),
)


def script_counts(text: str) -> dict[str, int]:
    """Count the letters of each script, keyed by the language they vote for.

    >>> script_counts("Бах (Bach), 2020 ، باخ")
    {'ru': 3, 'ar': 3, 'en': 4}
    """
    return {lang: sum(map(len, pattern.findall(text))) for lang, pattern in _SCRIPTS}


#: The script :func:`detect_language` counts first: the last one it found (passages of one
#: text follow each other, so it is as a rule theirs). Only the order of counting: the
#: answer does not depend on it.
_first = 0
_ORDER = {lang: number for number, (lang, _) in enumerate(_SCRIPTS)}


def detect_language(text: str) -> str:
    """Return ``"ru"``, ``"ar"`` or ``"en"`` by majority script, ``"und"`` without letters.

    The same answer as the maximum of :func:`script_counts` (ties to the earlier script),
    with one count instead of three as a rule: the scripts' letters are distinct characters,
    so their counts sum to at most ``len(text)``, and a script with more letters than half
    of the text's characters has more than the others together.

    >>> detect_language("Томас Бах (Thomas Bach) встретился с Кулибаевым")
    'ru'
    >>> detect_language("اللجنة الأولمبية الوطنية")
    'ar'
    >>> detect_language("Olympic Day")
    'en'
    >>> detect_language("2020 — 12:30 !")
    'und'
    """
    global _first
    lang, pattern = _SCRIPTS[_first]
    letters = sum(map(len, pattern.findall(text)))
    if 2 * letters > len(text):
        return lang
    counts = {other: letters if other == lang else sum(map(len, p.findall(text))) for other, p in _SCRIPTS}
    best = max(counts, key=counts.__getitem__)  # first maximum wins a tie
    if not counts[best]:
        return UNDETERMINED
    _first = _ORDER[best]
    return best

