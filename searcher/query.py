"""Parse a user query into clauses. Any string parses; only a bad filter value errors.

Syntax:
    word            optional word (documents matching more words rank higher)
    "a phrase"      required phrase; matches across inflections ("олимпийский комитет")
    +word           required word
    -word -"a b"    exclude every *document* containing it
    a OR b          either; counts as one clause
    title:word      match in the title only (also title:"a phrase")
    lang:ru         only passages in Russian (ru, ar, en; several as lang:ru|en)
    date:2026-03    only documents published then (YYYY, YYYY-MM or YYYY-MM-DD; a range
                    as date:2025-11..2026-03, open ended as date:2026.. or date:..2019)

Example:
    >>> q = parse_query('"олимпийский комитет" -футбол lang:ru')
    >>> [(c.text, c.phrase, c.excluded) for g in q.groups for c in g]
    [('олимпийский комитет', True, False), ('футбол', False, True)]
    >>> q.langs
    ('ru',)
    >>> parse_query("бокс date:2026-03 date:2019..2020").dates
    (('2026-03', '2026-03'), ('2019', '2020'))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LANGUAGES = ("ru", "ar", "en")

#: Fields a user may name before a colon; any other ``x:y`` is plain text.
FIELDS = ("title", "lang", "date")

_DATE_VALUE = re.compile(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?")

_TOKEN = re.compile(
    r'(?P<sign>[-+])?(?:(?P<field>[A-Za-z]+):)?(?:"(?P<phrase>[^"]*)(?:"|$)|(?P<word>[^\s"]+))|(?P<quote>")',
)


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_query(raw: str) -> str:
    """``raw`` with lone surrogates (undecodable command-line bytes) as U+FFFD.

    >>> clean_query("caf\\udce9 Лозанна") == "caf\\ufffd Лозанна"
    True
    """
    return raw if _SURROGATE.search(raw) is None else _SURROGATE.sub("\ufffd", raw)


class QuerySyntaxError(ValueError):
    """A query that cannot mean anything (e.g. an unknown language); one-line message."""


@dataclass(frozen=True, slots=True)
class Clause:
    """One word or phrase of a query."""

    text: str
    phrase: bool = False
    field: str | None = None  # None: text and title; "title": title only
    required: bool = False
    excluded: bool = False


@dataclass(slots=True)
class ParsedQuery:
    """A query as clauses: ``groups`` is a list of OR-groups (usually of one clause)."""

    raw: str
    groups: list[list[Clause]] = field(default_factory=list)
    langs: tuple[str, ...] = ()
    #: ``date:`` filters as inclusive ``(low, high)`` date prefixes ("" = open); a
    #: document must match every one of them.
    dates: tuple[tuple[str, str], ...] = ()

    @property
    def clauses(self) -> list[Clause]:
        return [c for g in self.groups for c in g]


def _short(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for an error message (a query may be huge)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _parse_langs(value: str, raw_token: str) -> tuple[str, ...]:
    out = []
    for part in re.split(r"[|,]", value.lower()):
        if not part:
            continue
        if part not in LANGUAGES:
            raise QuerySyntaxError(
                f"unknown language {_short(part)!r} in {_short(raw_token)!r}; use one of: {', '.join(LANGUAGES)}"
            )
        out.append(part)
    return tuple(out)


def _parse_date(value: str, raw_token: str) -> tuple[str, str]:
    """``2026-03`` -> ``("2026-03", "2026-03")``; ``2019..2020`` -> ``("2019", "2020")``."""
    low, dots, high = value.partition("..")
    if not dots:
        high = low
    bounds = []
    for part in (low, high):
        if part and not (_DATE_VALUE.fullmatch(part) and _check_date(part)):
            raise QuerySyntaxError(
                f"bad date {part!r} in {raw_token!r}; use YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B"
            )
        bounds.append(_pad_date(part) if part else "")
    if not any(bounds):
        raise QuerySyntaxError(f"empty date range in {raw_token!r}; use e.g. date:2026-03 or date:2019..2020")
    return bounds[0], bounds[1]


def _check_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")]
    return (len(parts) < 2 or 1 <= parts[1] <= 12) and (len(parts) < 3 or 1 <= parts[2] <= 31)


def _pad_date(value: str) -> str:
    """``2026-3-1`` -> ``2026-03-01`` (the form dates are stored in)."""
    year, *rest = value.split("-")
    return "-".join([year, *(f"{int(p):02d}" for p in rest)])


def parse_query(raw: str) -> ParsedQuery:
    """Parse ``raw``; never raises except :class:`QuerySyntaxError` for a bad ``lang:``."""
    query = ParsedQuery(raw=raw)
    langs: list[str] = []
    dates: list[tuple[str, str]] = []
    pending_or = False
    for m in _TOKEN.finditer(raw):
        if m.group("quote") or (m.group("word") or "").rstrip(":").lower() in FIELDS and m.group("word").endswith(":"):
            continue  # a stray quote, or an empty field such as "title:"
        sign, fname, phrase, word = m.group("sign"), m.group("field"), m.group("phrase"), m.group("word")
        fname = fname.lower() if fname else None
        if fname and fname not in FIELDS:
            # "10:30" or "http://x" is text, not a field.
            word = m.group(0).lstrip("+-") if phrase is None else f"{fname} {phrase}"
            phrase = None if phrase is None else phrase
            fname = None
        if fname == "lang":
            langs.extend(_parse_langs(phrase if phrase is not None else (word or ""), m.group(0)))
            continue
        if fname == "date":
            dates.append(_parse_date((phrase if phrase is not None else word or "").strip(), m.group(0)))
            continue
        if phrase is None and word == "OR" and not sign:
            pending_or = bool(query.groups)
            continue
        text = (phrase if phrase is not None else word or "").strip()
        if not text:
            continue
        clause = Clause(
            text=text,
            phrase=phrase is not None,
            field=fname,
            required=sign == "+" or (phrase is not None and sign != "-"),
            excluded=sign == "-",
        )
        if pending_or and not clause.excluded and not query.groups[-1][0].excluded:
            query.groups[-1].append(clause)
        else:
            query.groups.append([clause])
        pending_or = False
    query.langs = tuple(dict.fromkeys(langs))
    query.dates = tuple(dict.fromkeys(dates))
    return query
