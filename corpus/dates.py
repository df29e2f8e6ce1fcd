"""Calendar dates and clock times in Russian, Arabic and English text.

:func:`find_dates` finds complete dates (day, month and year) written the ways news
pages write them, and :func:`published_date` picks a document's publication date:
the first date on a *dateline*: a line of at most :data:`DATELINE_CHARS` characters,
not ending like a sentence or a clause, with at most :data:`DATELINE_WORDS` words
besides its dates, among the first :data:`HEAD_LINES` non-empty lines (within the
first :data:`HEAD_CHARS` characters). A date in a paragraph ("a bond due May 11, 1990",
"the revolution of 23 July 1952") or later in the body is an event, not the
publication, so it is not used; a date without a year is ignored.

Recognised forms (Arabic-Indic digits count as digits; ``г.``/``года``/``م`` after the
year and a weekday before the day are allowed):

* ``2026-03-14``, ``2026/03/14``, ``2026.03.14`` (also with a time: ``2026-03-14T09:30``)
* ``14.03.2026``, ``14/03/2026``, ``14-03-2026`` (day first; month first only when the
  second number cannot be a month, as in ``03/14/2026``)
* ``14 марта 2026``, ``20 марта, 2026``, ``14 March 2026``, ``14 Mar. 2026``,
  ``March 14, 2026``, ``15 مارس 2026``, ``15 آذار 2026``, ``١٥ مارس ٢٠٢٦``

Only the calendar is checked (``31.02.2026`` is not a date); years run from
:data:`MIN_YEAR` to :data:`MAX_YEAR`. Everything is plain regular expressions over
the text (linear, no look-ups), so offsets are exact code-point offsets.

>>> [(d.iso, text[d.start:d.end]) for text in ["Опубликовано 20 марта, 2026 в 09:30"] for d in find_dates(text)]
[('2026-03-20', '20 марта, 2026')]
>>> published_date("date 2021-02-01 Date 01 Feb 2021 Tags NOC News\\n\\nLast month, the NOC ...")
'2021-02-01'
>>> published_date("الأحد ١٥ مارس ٢٠٢٦\\nأعلنت اللجنة الأولمبية")
'2026-03-15'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "DATELINE_CHARS",
    "DATELINE_WORDS",
    "HEAD_CHARS",
    "HEAD_LINES",
    "MAX_YEAR",
    "MIN_YEAR",
    "TIME",
    "FoundDate",
    "find_dates",
    "iter_times",
    "normalize_date",
    "published_date",
]

#: The dateline area: a publication date is looked for in this many first non-empty lines ...
HEAD_LINES = 3
#: ... within this many first characters ...
HEAD_CHARS = 400
#: ... on a line no longer than this (a dateline, not a paragraph that mentions a date) ...
DATELINE_CHARS = 80
#: ... with at most this many words besides its dates (place, weekday, "Published", agency).
DATELINE_WORDS = 6

_CLAUSE_END = re.compile("[.!?,;:\u2026\u061f\u060c\u061b][\"'\u00bb\u201d\u2019)\\]]*$")
_WORDS = re.compile(r"[^\W\d_]+")
MIN_YEAR = 1800
MAX_YEAR = 2199

#: A clock time such as ``09:30`` or ``23:46`` (also glued to a word: ``00:38Олимпиада``).
TIME = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])")

# Month names: a full name and its usual abbreviations per month (lower case, ё as е).
_MONTH_WORDS: dict[int, tuple[str, ...]] = {
    1: ("января", "январь", "янв", "january", "jan", "يناير", "كانون الثاني", "جانفي"),
    2: ("февраля", "февраль", "фев", "february", "feb", "فبراير", "شباط", "فيفري"),
    3: ("марта", "март", "мар", "march", "mar", "مارس", "آذار", "اذار"),
    4: ("апреля", "апрель", "апр", "april", "apr", "أبريل", "ابريل", "إبريل", "نيسان", "أفريل", "افريل"),
    5: ("мая", "май", "may", "مايو", "أيار", "ايار", "ماي"),
    6: ("июня", "июнь", "июн", "june", "jun", "يونيو", "يونيه", "حزيران", "جوان"),
    7: ("июля", "июль", "июл", "july", "jul", "يوليو", "يوليه", "تموز", "جويلية"),
    8: ("августа", "август", "авг", "august", "aug", "أغسطس", "اغسطس", "آب", "اب", "أوت"),
    9: ("сентября", "сентябрь", "сен", "сент", "september", "sep", "sept", "سبتمبر", "أيلول", "ايلول"),
    10: ("октября", "октябрь", "окт", "october", "oct", "أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول"),
    11: ("ноября", "ноябрь", "ноя", "нояб", "november", "nov", "نوفمبر", "تشرين الثاني", "نونبر"),
    12: ("декабря", "декабрь", "дек", "december", "dec", "ديسمبر", "كانون الأول", "كانون الاول", "دجنبر"),
}
_MONTHS: dict[str, int] = {word: month for month, words in _MONTH_WORDS.items() for word in words}
# Longest first, so "марта" wins over "мар"; a space inside a name may be any run of spaces.
_MONTH = "|".join(
    re.escape(word).replace(r"\ ", r"\s+") for word in sorted(_MONTHS, key=len, reverse=True)
)

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_D = r"[0-9٠-٩۰-۹]"
_NOT_DIGIT_BEFORE = r"(?<![0-9٠-٩۰-۹])"
_NOT_DIGIT_AFTER = r"(?![0-9٠-٩۰-۹])"
_DAY = rf"(?P<day>{_D}{{1,2}})"
_YEAR = rf"(?P<year>{_D}{{4}})"
# After a month word: an optional dot, then a separator; the word must end there.
_MONTH_GROUP = rf"(?P<month>{_MONTH})(?![^\W\d_])\.?"

_FOUR_DIGITS = re.compile(f"{_D}{{4}}")

_PATTERNS: tuple[re.Pattern[str], ...] = (
    # 2026-03-14, 2026/03/14, 2026.03.14 (the same separator twice)
    re.compile(
        rf"{_NOT_DIGIT_BEFORE}{_YEAR}(?P<sep>[-/.])(?P<mon>{_D}{{1,2}})(?P=sep)(?P<day>{_D}{{1,2}}){_NOT_DIGIT_AFTER}"
    ),
    # 14.03.2026, 14/03/2026, 14-03-2026
    re.compile(
        rf"{_NOT_DIGIT_BEFORE}(?P<a>{_D}{{1,2}})(?P<sep>[-/.])(?P<b>{_D}{{1,2}})(?P=sep){_YEAR}{_NOT_DIGIT_AFTER}"
    ),
    # 14 марта 2026, 20 марта, 2026, 14 Mar. 2026, 15 مارس 2026
    re.compile(
        rf"{_NOT_DIGIT_BEFORE}{_DAY}(?:-?(?:st|nd|rd|th|е|го))?\s+(?:of\s+)?{_MONTH_GROUP}\s*,?\s+{_YEAR}{_NOT_DIGIT_AFTER}",
        re.IGNORECASE,
    ),
    # March 14, 2026 / Mar 14 2026
    re.compile(
        rf"(?<![^\W\d_]){_MONTH_GROUP}\s+{_DAY}(?:st|nd|rd|th)?\s*,?\s+{_YEAR}{_NOT_DIGIT_AFTER}",
        re.IGNORECASE,
    ),
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A date found in a text: ``text[start:end]`` is how it was written."""

    iso: str  # "YYYY-MM-DD"
    start: int
    end: int


def _number(text: str) -> int:
    return int(text.translate(_DIGITS))


def _valid(year: int, month: int, day: int) -> str | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _iso(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    year = _number(groups["year"])
    if groups.get("mon"):
        return _valid(year, _number(groups["mon"]), _number(groups["day"]))
    if groups.get("a"):
        first, second = _number(groups["a"]), _number(groups["b"])
        if second > 12 >= first:  # 03/14/2026: month first
            first, second = second, first
        return _valid(year, second, first)
    month = _MONTHS.get(" ".join(groups["month"].lower().replace("ё", "е").split()))
    return _valid(year, month, _number(groups["day"])) if month else None


def find_dates(text: str) -> list[FoundDate]:
    """Every complete date in ``text``, in order of position (overlaps resolved left first).

    >>> [d.iso for d in find_dates("03/14/2026, 31.02.2026, 14 of March 2026 and March 1st, 2020")]
    ['2026-03-14', '2026-03-14', '2020-03-01']
    """
    if not _FOUR_DIGITS.search(text):  # every complete date has a year: most text has none
        return []
    found: list[FoundDate] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _iso(match)
            if iso:
                found.append(FoundDate(iso, match.start(), match.end()))
    found.sort(key=lambda d: (d.start, -d.end))
    out: list[FoundDate] = []
    for date in found:
        if not out or date.start >= out[-1].end:
            out.append(date)
    return out


def _datelines(text: str) -> list[str]:
    """Datelines among the first HEAD_LINES non-empty lines within HEAD_CHARS.

    A dateline is short (at most DATELINE_CHARS), does not end like a sentence or
    a clause, and has at most DATELINE_WORDS words besides its dates.
    """
    out = []
    for count, match in enumerate(re.finditer(r"[^\n]*\S[^\n]*", text[:HEAD_CHARS]), start=1):
        line = match.group().strip()
        if len(line) <= DATELINE_CHARS and not _CLAUSE_END.search(line):
            dates = find_dates(line)
            rest = line
            for date in reversed(dates):
                rest = rest[: date.start] + " " + rest[date.end :]
            if dates and len(_WORDS.findall(rest)) <= DATELINE_WORDS:
                out.append(line)
        if count >= HEAD_LINES:
            break
    return out


def published_date(text: str) -> str | None:
    """The first date on a dateline of ``text`` (see the module docstring).

    >>> published_date("Бокс в Астане\\n14 марта 2026, 09:30\\nСборная начала сборы.")
    '2026-03-14'
    >>> published_date("В Токио 13 декабря прошёл турнир.") is None
    True
    >>> published_date("The redemption date will be May 8, 1987.\\nThe bonds due May 11, 1990 pay 14 pct, it said") is None
    True
    """
    lines = _datelines(text)
    return find_dates(lines[0])[0].iso if lines else None


def normalize_date(value: str) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (also an ISO timestamp) checked and cut to the date.

    >>> normalize_date("2019-03-18T10:00:00Z"), normalize_date("2026-3"), normalize_date("2026-13")
    ('2019-03-18', '2026-03', None)
    """
    match = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ][\d:.+\-Z]*)?\s*", value)
    if not match:
        return None
    year, month, day = match.groups()
    if not MIN_YEAR <= int(year) <= MAX_YEAR:
        return None
    if month is None:
        return year
    if not 1 <= int(month) <= 12:
        return None
    if day is None:
        return f"{year}-{int(month):02d}"
    return _valid(int(year), int(month), int(day))


def iter_times(text: str) -> Iterator[re.Match[str]]:
    """Clock times in ``text`` (see :data:`TIME`).

    >>> [m.group() for m in iter_times("- 00:38Олимпиада, 12:5, 1:30:00, 23:46")]
    ['00:38', '23:46']
    """
    return TIME.finditer(text)
