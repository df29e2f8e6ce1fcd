"""Parse a user query into a tree of clauses. Any string parses; only a bad filter value errors.

Syntax (Lucene's, as Elasticsearch's ``query_string`` users type it):
    word            optional word (documents matching more words rank higher)
    "a phrase"      the words adjacent and in order, across inflections ("олимпийский
                    комитет"); stop words count ("of the committee"); alone it is what
                    matches; beside other clauses it is optional, as a word is, and its
                    words count on their own too (+"a phrase" requires it)
    "a b"~3         proximity: the words in order, at most 3 other words between them
                    (at most :data:`MAX_SLOP`)
    олимп*          prefix: any word that starts so (see :mod:`searcher.prefix` for the limit)
    +word           required word
    -word -"a b"    exclude every *document* containing it; also NOT word
    a AND b         both, in one passage
    a OR b          either (the same as ``a b``, counted as one clause)
    ( ... )         grouping: (Лозанна OR Токио) AND олимпийский; nested at most
                    :data:`MAX_DEPTH` deep
    title:word      match in the title only (also title:"a phrase")
    lang:ru         only passages in Russian (ru, ar, en; several as lang:ru|en)
    date:2026-03    only documents published then (YYYY, YYYY-MM or YYYY-MM-DD; a range
                    as date:2025-11..2026-03, open ended as date:2026.. or date:..2019;
                    digits of any script: date:٢٠٢١)

``AND``, ``OR`` and ``NOT`` are operators only in capitals (``and`` is a word); ``NOT``
binds tightest, then ``AND``, then ``OR`` and plain juxtaposition. An exclusion always
applies to the whole query, wherever it stands (``(a -b) OR c`` drops every document
with ``b``). Stray operators and parentheses are ignored.

Example:
    >>> q = parse_query('"олимпийский комитет" -футбол lang:ru')
    >>> [(c.text, c.phrase, c.excluded) for c in q.clauses]
    [('олимпийский комитет', True, False), ('футбол', False, True)]
    >>> q.langs
    ('ru',)
    >>> parse_query("бокс date:2026-03 date:2019..2020").dates
    (('2026-03', '2026-03'), ('2019', '2020'))
    >>> parse_query("Kazakhstan NOT (дзюдо OR judo)").root
    Group(op='or', items=(Clause(text='Kazakhstan'), Group(op='or', items=(Clause(text='дзюдо'), Clause(text='judo')), excluded=True)))
    >>> parse_query('олимп* AND "a b"~3').root.items[0].items
    (Clause(text='олимп', prefix=True), Clause(text='a b', phrase=True, slop=3))
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

LANGUAGES = ("ru", "ar", "en")

#: Fields a user may name before a colon; any other ``x:y`` is plain text.
FIELDS = ("title", "lang", "date")

_DATE_VALUE = re.compile(r"[0-9]{4}(?:-[0-9]{1,2}(?:-[0-9]{1,2})?)?")

_DIGIT = re.compile(r"\d")  # a decimal digit of any script (str patterns are Unicode-aware)


def ascii_digits(text: str) -> str:
    """``text`` with the decimal digits of every script (Arabic-Indic, Persian, Devanagari, ...) as ASCII.

    >>> ascii_digits("٢٠٢١-٠٢"), ascii_digits("۲۰۲۱"), ascii_digits("2021-03")
    ('2021-02', '2021', '2021-03')
    """
    return _DIGIT.sub(lambda m: str(int(m.group())), text)

#: Most phrase slop a query may ask for (``"a b"~N``).
MAX_SLOP = 50
#: Deepest nesting of parentheses; deeper ones are read as if they were not there.
MAX_DEPTH = 16
OPERATORS = ("AND", "OR", "NOT")

_TOKEN = re.compile(
    r'(?P<sign>[-+])?(?:(?P<open>\()|(?:(?P<field>[A-Za-z]+):)?'
    r'(?:"(?P<phrase>[^"]*)(?:"(?:~(?P<slop>\d{1,6}))?|$)|(?P<word>[^\s"()]+)))'
    r'|(?P<close>\))|(?P<quote>")',
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


@dataclass(frozen=True, slots=True, repr=False)
class Clause:
    """One word, prefix or phrase of a query."""

    text: str
    phrase: bool = False
    field: str | None = None  # None: text and title; "title": title only
    required: bool = False
    excluded: bool = False
    slop: int = 0  # a phrase's ``~N``: up to N more words between its words (in order)
    prefix: bool = False  # ``олимп*``: every word of the index that starts so

    def __repr__(self) -> str:
        return _repr_changed(self, ("text",))


@dataclass(frozen=True, slots=True, repr=False)
class Group:
    """Clauses and groups joined: ``op`` "and" (all in one passage) or "or" (any; the more the better).

    In an "or" group, required items must match and optional ones add to the score;
    excluded items (and excluded groups) exclude documents from the whole query.
    """

    op: str
    items: tuple[Clause | Group, ...]
    required: bool = False
    excluded: bool = False

    def __repr__(self) -> str:
        return _repr_changed(self, ("op", "items"))


Node = Clause | Group


def _repr_changed(obj, always: tuple[str, ...]) -> str:
    """``Clause(text='a', prefix=True)``: the fields that differ from their defaults."""
    parts = []
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name in always or value != f.default:
            parts.append(f"{f.name}={value!r}")
    return f"{type(obj).__name__}({', '.join(parts)})"


@dataclass(slots=True)
class ParsedQuery:
    """A query as a tree: ``root`` is an "or" group of the top-level clauses and groups."""

    raw: str
    root: Group = field(default_factory=lambda: Group("or", ()))
    langs: tuple[str, ...] = ()
    #: ``date:`` filters as inclusive ``(low, high)`` date prefixes ("" = open); a
    #: document must match every one of them.
    dates: tuple[tuple[str, str], ...] = ()

    @property
    def clauses(self) -> list[Clause]:
        """Every clause, in order; those inside an excluded group marked excluded."""
        out: list[Clause] = []

        def walk(node: Node, excluded: bool) -> None:
            if isinstance(node, Clause):
                out.append(dataclasses.replace(node, excluded=True, required=False) if excluded else node)
            else:
                for item in node.items:
                    walk(item, excluded or node.excluded)

        walk(self.root, False)
        return out


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
    low, dots, high = ascii_digits(value).partition("..")
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


def _lex(raw: str, langs: list[str], dates: list[tuple[str, str]]) -> list[tuple[str, object]]:
    """Tokens ``(kind, value)``: ("open", sign), ("close", None), ("op", "AND"), ("clause", Clause).

    Filters (``lang:``, ``date:``) go straight into ``langs`` and ``dates``.
    """
    tokens: list[tuple[str, object]] = []
    for m in _TOKEN.finditer(raw):
        if m.group("open"):
            tokens.append(("open", m.group("sign")))
            continue
        if m.group("close"):
            tokens.append(("close", None))
            continue
        if m.group("quote") or (m.group("word") or "").rstrip(":").lower() in FIELDS and m.group("word").endswith(":"):
            continue  # a stray quote, or an empty field such as "title:"
        sign, fname, phrase, word = m.group("sign"), m.group("field"), m.group("phrase"), m.group("word")
        fname = fname.lower() if fname else None
        if fname and fname not in FIELDS:
            # "10:30" or "http://x" is text, not a field.
            word = m.group(0).lstrip("+-") if phrase is None else f"{fname} {phrase}"
            fname = None
        if fname == "lang":
            langs.extend(_parse_langs(phrase if phrase is not None else (word or ""), m.group(0)))
            continue
        if fname == "date":
            dates.append(_parse_date((phrase if phrase is not None else word or "").strip(), m.group(0)))
            continue
        if phrase is None and word in OPERATORS and not sign and not fname:
            tokens.append(("op", word))
            continue
        prefix = phrase is None and word is not None and len(word) > 1 and word.endswith("*")
        text = (phrase if phrase is not None else word.rstrip("*") if prefix else word or "").strip()
        if not text:
            continue
        slop = min(int(ascii_digits(m.group("slop"))), MAX_SLOP) if m.group("slop") else 0
        tokens.append((
            "clause",
            Clause(
                text=text,
                phrase=phrase is not None,
                field=fname,
                required=sign == "+",
                excluded=sign == "-",
                slop=slop,
                prefix=prefix,
            ),
        ))
    return tokens


class _Parser:
    """Recursive descent over the tokens: sequence := or*; or := and (OR and)*;
    and := unary (AND unary)*; unary := NOT* (clause | "(" sequence ")")."""

    def __init__(self, tokens: list[tuple[str, object]]) -> None:
        self.tokens = tokens
        self.i = 0

    def _peek(self) -> tuple[str, object] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def sequence(self, depth: int) -> list[Node]:
        items: list[Node] = []
        while (tok := self._peek()) is not None:
            if tok[0] == "close":
                self.i += 1
                if depth:
                    break  # the group ends; at the top a stray ")" is ignored
                continue
            node = self._or(depth)
            if node is not None:
                items.append(node)
        return items

    def _joined(self, op: str, part, depth: int) -> Node | None:
        items = [n for n in [part(depth)] if n is not None]
        while (tok := self._peek()) is not None and tok == ("op", op.upper()):
            self.i += 1
            if (node := part(depth)) is not None:
                items.append(node)
        if op == "or" and len(items) > 1:  # an alternative is not required ("a b" OR c)
            items = [dataclasses.replace(n, required=False) if n.required else n for n in items]
        return items[0] if len(items) == 1 else Group(op, tuple(items)) if items else None

    def _or(self, depth: int) -> Node | None:
        return self._joined("or", self._and, depth)

    def _and(self, depth: int) -> Node | None:
        return self._joined("and", self._unary, depth)

    def _unary(self, depth: int) -> Node | None:
        negated = False
        while (tok := self._peek()) == ("op", "NOT"):
            negated = True
            self.i += 1
        tok = self._peek()
        if tok is None or tok[0] == "close":
            return None
        self.i += 1
        kind, value = tok
        if kind == "op":
            return None  # a stray AND/OR
        if kind == "open":
            if depth >= MAX_DEPTH:
                return None
            items = self.sequence(depth + 1)
            if not items:
                return None
            sign = value
            node: Node = items[0] if len(items) == 1 and not sign else Group("or", tuple(items))
            if sign:
                node = dataclasses.replace(node, required=sign == "+", excluded=sign == "-")
        else:
            node = value  # type: ignore[assignment]
        if negated:
            node = dataclasses.replace(node, excluded=True, required=False)
        return node


def parse_query(raw: str) -> ParsedQuery:
    """Parse ``raw``; never raises except :class:`QuerySyntaxError` for a bad ``lang:`` or ``date:``."""
    langs: list[str] = []
    dates: list[tuple[str, str]] = []
    items = _Parser(_lex(raw, langs, dates)).sequence(0)
    return ParsedQuery(
        raw=raw,
        root=Group("or", tuple(items)),
        langs=tuple(dict.fromkeys(langs)),
        dates=tuple(dict.fromkeys(dates)),
    )
