"""Unicode word tokenizer that keeps code-point offsets into the original text.

One compiled regular expression, one alternative (capturing group) per script, so
``match.lastindex`` names the script of every word without looking at it again:

1. ``latin``    Latin letters; an inner apostrophe (``'`` or ``’``) followed by a letter
                stays inside the word (``NOC's``, ``O’Brien``).
2. ``cyrillic`` Cyrillic letters.
3. ``arabic``   Arabic letters, presentation forms (``ﻻ``) included, tatweel inside a word;
                Arabic punctuation (``، ؛ ؟ ٪ ۔``) and Arabic-Indic digits are not letters.
4. ``digit``    a run of decimal digits of any script (``2026``, ``٢٠٢٦``, ``۲۰۲۶``).
5. ``other``    a run of letters of any other script (Greek, CJK, ...).

A change of script ends a word (``08:00Олимпиада`` -> ``08``, ``00``, ``Олимпиада``) and
so does every hyphen (``вице-президента`` -> ``вице``, ``президента``), as in Lucene's
StandardTokenizer.  Words written together with digits or hyphens (``COVID-19``,
``iPhone15``, ``Су-57``, ``вице-президента``) are also found as one *compound*
(:func:`compounds`), which the analyzers index at the position of its first word, on
top of its words (Lucene's word-delimiter graph keeps the parts and the whole the same way).  Python's ``\\w`` does not cover combining marks (stress marks,
Arabic tashkeel, Devanagari vowel signs...), so the classes below list them explicitly and
a mark never splits a word.  Zero-width (non-)joiners, the soft hyphen, the word joiner
and the bidi marks LRM/RLM/ALM are kept inside a word when a letter of the same script
follows them, so a stray RLM between two words still separates them.

The letter classes are built from :mod:`unicodedata` (character category and name) over a
few Unicode blocks; a copy of the pattern made for the running Unicode version is kept in
:mod:`analyzers.word_pattern` with what ``re`` compiles it to, so a process neither builds
nor compiles it (~0.02 ms instead of ~35 ms; see :func:`_build_word_re`).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import functools
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "HYPHENS",
    "MAX_COMPOUND_CHARS",
    "MAX_COMPOUND_PARTS",
    "SCRIPTS",
    "WORD_RE",
    "Compound",
    "WordToken",
    "compound_from",
    "compounds",
    "join_points",
    "plain_word_re",
    "tokenize",
]

#: Script names in regex group order: ``SCRIPTS[match.lastindex]``.
SCRIPTS: tuple[str, ...] = ("", "latin", "cyrillic", "arabic", "digit", "other")

LATIN, CYRILLIC, ARABIC, DIGIT, OTHER = 1, 2, 3, 4, 5

# Format characters that may sit inside a word: soft hyphen, ZWNJ, ZWJ, LRM, RLM,
# word joiner, Arabic letter mark.
JOINERS = "\u00ad\u200c\u200d\u200e\u200f\u2060\u061c"

_APOSTROPHES = "'\u2019"

# Blocks scanned for combining marks; together they hold every combining mark of the BMP.
_MARK_BLOCKS = (
    (0x0300, 0x1FFF),
    (0x20D0, 0x20FF),
    (0x2CEF, 0x2DFF),
    (0x302A, 0x302F),
    (0x3099, 0x309A),
    (0xA66F, 0xABFF),
    (0xFB1E, 0xFB1E),
    (0xFE00, 0xFE2F),
)
_LATIN_BLOCKS = (
    (0x0041, 0x024F),
    (0x0250, 0x02AF),
    (0x1D00, 0x1DBF),
    (0x1E00, 0x1EFF),
    (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF),
    (0xAB30, 0xAB6F),
    (0xFB00, 0xFB06),
    (0xFF21, 0xFF5A),
)
_CYRILLIC_BLOCKS = (
    (0x0400, 0x052F),
    (0x1C80, 0x1C8F),
    (0x1D2B, 0x1D2B),
    (0x1D78, 0x1D78),
    (0xA640, 0xA69F),
)
_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)


def _char_class(blocks: tuple[tuple[int, int], ...], *, categories: str, name: str = "", exclude: str = "") -> str:
    """Return the body of a regex character class (escaped ranges).

    Keeps code points in ``blocks`` whose general category starts with one of
    ``categories`` and, when ``name`` is given, whose Unicode name contains it.
    """
    points: list[int] = []
    for first, last in blocks:
        for cp in range(first, last + 1):
            ch = chr(cp)
            if (
                unicodedata.category(ch)[0] in categories
                and (not name or name in unicodedata.name(ch, ""))
                and ch not in exclude
            ):
                points.append(cp)
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        lo, hi = points[i], points[j]
        parts.append(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}")
        i = j + 1
    return "".join(parts)


def word_pattern() -> str:
    """The source of :data:`WORD_RE`, built from :mod:`unicodedata` (~30 ms; a process
    compiles the copy kept in :mod:`analyzers.word_pattern` when its Unicode version is
    the one that copy was made with).

    >>> from . import word_pattern as kept
    >>> word_pattern() == kept.PATTERN or kept.UNICODE_VERSION != unicodedata.unidata_version
    True
    """
    marks = _char_class(_MARK_BLOCKS, categories="M")
    latin = _char_class(_LATIN_BLOCKS, categories="L", name="LATIN")
    cyrillic = _char_class(_CYRILLIC_BLOCKS, categories="L", name="CYRILLIC")
    arabic = _char_class(_ARABIC_BLOCKS, categories="L", name="ARABIC")
    # tatweel (a letter by category) may continue an Arabic word, not start one
    arabic_start = _char_class(_ARABIC_BLOCKS, categories="L", name="ARABIC", exclude="\u0640")
    joiners = re.escape(JOINERS)
    apos = re.escape(_APOSTROPHES)

    def word(start: str, letter: str, body: str, glue: str) -> str:
        # first letter, then letters/marks; glue (joiners, apostrophes) only before a letter
        return f"{start}{body}*(?:(?:{glue}){letter}{body}*)*"

    def script(letters: str, start: str | None = None, glue: str = f"[{joiners}]+") -> str:
        return word(f"[{start or letters}]", f"[{letters}]", f"[{letters}{marks}]", glue)

    # any other letter: a word character that is no digit, no underscore, no letter above
    other = f"[^\\W\\d_{latin}{cyrillic}{arabic}]"
    return "|".join(
        (
            f"({script(latin, glue=f'[{joiners}]+|[{apos}]')})",
            f"({script(cyrillic)})",
            f"({script(arabic, start=arabic_start)})",
            r"(\d+)",
            f"({word(other, other, f'(?:{other}|[{marks}])', f'[{joiners}]+')})",
        )
    )


def write_word_pattern(path: str) -> None:
    """Write :mod:`analyzers.word_pattern` (after changing the classes above:
    ``python -c "from polyseek.analyzers.tokenizer import write_word_pattern as w; w('analyzers/word_pattern.py')"``;
    :func:`word_pattern`'s doctest checks that the copy is current): the pattern, and what
    this Python's ``re`` compiles it to (see :func:`_build_word_re`)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    pattern = word_pattern()
    parsed = _parser.parse(pattern, 0)
    code = _compiler._code(parsed, 0)
    with open(path, "w", encoding="ascii") as fh:
        fh.write(
            '"""The word pattern of :mod:`analyzers.tokenizer`, as :func:`~analyzers.tokenizer.word_pattern`\n'
            'builds it, and the code this Python\'s ``re`` compiles it to (written by\n'
            ':func:`~analyzers.tokenizer.write_word_pattern`; do not edit)."""\n\n'
            f"UNICODE_VERSION = {unicodedata.unidata_version!r}\n"
            f"PATTERN = {ascii(pattern)}\n\n"
            "# re's compiled form of PATTERN, for this Python and this version of its regular expression engine\n"
            f"PYTHON = {sys.implementation.cache_tag!r}\n"
            f"SRE_MAGIC = {_sre.MAGIC!r}\n"
            f"FLAGS = {parsed.state.flags!r}\n"
            f"GROUPS = {parsed.state.groups - 1!r}\n"
            f"CODE = {tuple(int(c) for c in code)!r}\n"
        )


def _build_word_re() -> re.Pattern[str]:
    """The word pattern, from the compiled code kept in :mod:`analyzers.word_pattern` when it
    was made by this Python (``re`` parses and compiles a 22 kB pattern in ~6 ms of every
    process's start-up; the engine takes the kept code, which it checks, in ~0.02 ms), else
    compiled from the kept pattern when made for this Unicode version, else built afresh.
    Either way the same :class:`re.Pattern` (patterns compare equal by their code)."""
    from . import word_pattern as kept

    if kept.UNICODE_VERSION != unicodedata.unidata_version:
        return re.compile(word_pattern())
    if getattr(kept, "PYTHON", None) == sys.implementation.cache_tag and getattr(kept, "SRE_MAGIC", None) == _sre.MAGIC:
        no_names = (None,) * (kept.GROUPS + 1)
        try:
            compiled: re.Pattern[str] = _sre.compile(kept.PATTERN, kept.FLAGS, list(kept.CODE), kept.GROUPS, {}, no_names)
            return compiled
        except (TypeError, RuntimeError):  # the engine's signature or its checks: compile as usual
            pass
    return re.compile(kept.PATTERN)


#: The compiled word pattern; ``SCRIPTS[m.lastindex]`` is the script of match ``m``.
WORD_RE: re.Pattern[str] = _build_word_re()


@functools.cache
def plain_word_re() -> re.Pattern[str]:
    """:data:`WORD_RE` without its groups: the same words, ``findall`` gives each as a string
    (with the groups, a tuple of five: the word in its script's group, empty strings in the
    others).  For counting a text's words; a word's script is ``WORD_RE.match(word).lastindex``
    (an alternative matches as soon as its first letter does).  Compiled on first use (~6 ms).

    >>> plain_word_re().findall("NOC's и الأولمبية 2026"), plain_word_re().groups
    (["NOC's", 'и', 'الأولمبية', '2026'], 0)
    """
    return re.compile(_GROUP_OPEN.sub("(?:", WORD_RE.pattern))


# a group's opening parenthesis (the pattern has no literal one: letters, marks and joiners only)
_GROUP_OPEN = re.compile(r"\((?!\?)")


@dataclass(frozen=True, slots=True)
class WordToken:
    """A word of the input: ``text[start:end] == surface``; ``pos`` counts words from 0."""

    surface: str
    pos: int
    start: int
    end: int
    script: str


def tokenize(text: str) -> Iterator[WordToken]:
    """Split ``text`` into words, each with its position, offsets and script.

    >>> for t in tokenize("NOC's вице-президента ٢٠٢٦"):
    ...     print(t.surface, t.pos, t.start, t.end, t.script)
    NOC's 0 0 5 latin
    вице 1 6 10 cyrillic
    президента 2 11 21 cyrillic
    ٢٠٢٦ 3 22 26 digit
    """
    scripts = SCRIPTS
    for pos, m in enumerate(WORD_RE.finditer(text)):
        start, end = m.span()
        yield WordToken(m.group(), pos, start, end, scripts[m.lastindex])  # type: ignore[index]


# -- compounds ---------------------------------------------------------------------------

#: Characters that join the words of a compound: hyphen-minus, hyphen, non-breaking hyphen
#: (not the en dash, which writes ranges: ``2019–2020``).
HYPHENS = "-\u2010\u2011"

#: A compound has at most this many words and characters (longer hyphen chains, such as
#: a file name, are not one word a user types).
MAX_COMPOUND_PARTS = 6
MAX_COMPOUND_CHARS = 40

_LETTER_SCRIPTS = frozenset({LATIN, CYRILLIC, ARABIC})
_RUN_SCRIPTS = frozenset({LATIN, CYRILLIC, ARABIC, DIGIT})
# Where a word may be joined to the next: before a hyphen that a word character follows,
# and at either end of a run of digits (a digit next to a letter).
_JOIN = re.compile(r"[\-\u2010\u2011](?=\w)|\d+")


@dataclass(frozen=True, slots=True)
class Compound:
    """Words written as one: letters and digits together (``iPhone15``, ``5G``) or joined by
    hyphens (``COVID-19``, ``вице-президента``).

    ``text[start:end] == surface``; ``pos`` is the position of its first word and ``parts``
    its words (``(surface, script group)``); ``script`` is the group of its letters.
    """

    surface: str
    pos: int
    start: int
    end: int
    script: int
    parts: tuple[tuple[str, int], ...]

    @property
    def span(self) -> int:
        """How many words the compound covers."""
        return len(self.parts)


def join_points(text: str) -> set[int]:
    """Offsets where a word of ``text`` that ends there may be joined to the next one.

    Every word that starts a compound ends at one of these (a superset: a hyphen, either end
    of a run of digits), so a loop over the words only calls :func:`compound_from` there.

    >>> sorted(join_points("COVID-19 и G20"))
    [5, 6, 8, 12, 14]
    """
    return {p for m in _JOIN.finditer(text) for p in m.span()}


def compound_from(text: str, first: re.Match[str], pos: int) -> tuple[Compound | None, int]:
    """The compound that the word ``first`` (a ``WORD_RE`` match, at position ``pos``) starts,
    if any, and how many words the run of joined words from it has (1: none is joined).

    A word joins the one before it when it follows directly (digits and Latin or Cyrillic
    letters) or after one hyphen, and its letters are of the run's script; a word inside a
    run starts no compound of its own (see :func:`compounds`).

    >>> m = WORD_RE.search("и COVID-19", 1)
    >>> compound_from("и COVID-19", m, 1)
    (Compound(surface='COVID-19', pos=1, start=2, end=10, script=1, parts=(('COVID', 1), ('19', 4))), 2)
    """
    script = first.lastindex
    if script not in _RUN_SCRIPTS:
        return None, 1
    letters = 0 if script == DIGIT else script  # the script of the run's letters (0: none yet)
    run = [first]
    last = first
    while True:
        end = last.end()
        after = WORD_RE.match(text, end)
        if after is not None:
            # Arabic writes its conjunctions and prepositions on the next word, digits
            # too (و2010, بـ734): Arabic letters and digits are joined by a hyphen only
            script, before = after.lastindex, last.lastindex
            joined = (script == DIGIT) != (before == DIGIT) and ARABIC not in (script, before)
        elif end < len(text) and text[end] in HYPHENS and (after := WORD_RE.match(text, end + 1)) is not None:
            script = after.lastindex
            joined = True
        else:
            break
        if not joined or script not in _RUN_SCRIPTS or (script != DIGIT and letters and script != letters):
            break
        run.append(after)
        if script != DIGIT:
            letters = script  # type: ignore[assignment]
        last = after
    n = len(run)
    if n < 2 or n > MAX_COMPOUND_PARTS or not letters:
        return None, n
    start, end = first.start(), last.end()
    if end - start > MAX_COMPOUND_CHARS:
        return None, n
    parts = tuple((m[0], m.lastindex) for m in run)
    return Compound(text[start:end], pos, start, end, letters, parts), n  # type: ignore[arg-type]


def compounds(text: str) -> dict[int, Compound]:
    """The compounds of ``text`` by the position of their first word.

    A compound is a run of words, each a word of letters (Latin, Cyrillic or Arabic: one
    script for the whole run) or of digits, where each word follows the one before it
    directly (a digit and a Latin or Cyrillic letter) or after one hyphen; at least one word of letters, at
    most :data:`MAX_COMPOUND_PARTS` words and :data:`MAX_COMPOUND_CHARS` characters.  Runs
    of digits only (``2019-2020``, dates, phone numbers) are no compounds.

    >>> [(c.surface, c.pos, c.start, c.end, c.span) for c in compounds("G20 и COVID-19, Су-57 2019-2020").values()]
    [('G20', 0, 0, 3, 2), ('COVID-19', 3, 6, 14, 2), ('Су-57', 5, 16, 21, 2)]
    >>> [c.surface for c in compounds("iPhone15 1xBet كوفيد-19 و2010 state-of-the-art ЯндексTaxi").values()]
    ['iPhone15', '1xBet', 'كوفيد-19', 'state-of-the-art']
    """
    joins = join_points(text)
    out: dict[int, Compound] = {}
    inside = -1  # the last position of the run found last
    for pos, m in enumerate(WORD_RE.finditer(text)) if joins else ():
        if pos > inside and m.end() in joins:
            found, n = compound_from(text, m, pos)
            inside = pos + n - 1
            if found is not None:
                out[pos] = found
    return out
