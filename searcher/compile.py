"""Turn a :class:`ParsedQuery` into Whoosh queries, through the same analyzers as indexing.

Each query word becomes, per position, the disjunction-max of its terms (a Russian
homonym scores as the best of its lemmas, not their sum) in ``text`` plus the same in
``title`` (BM25F-style evidence from both fields). Phrases become positional sequences
whose slots accept any lemma, so ``"олимпийский комитет"`` finds ``Олимпийского комитета``.

Example:
    >>> from searcher.query import parse_query
    >>> cq = compile_query(parse_query("олимпийских комитетов"))
    >>> sorted(cq.highlight_terms)
    ['комитет', 'олимпийский']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from whoosh import query as wq

from analyzers import AnalyzedToken, analyze

#: ``analyze(text, mode)``: the index's own analyzer (its settings are pinned in the index).
AnalyzeFn = Callable[[str, str], list[AnalyzedToken]]
from searcher.query import Clause, ParsedQuery

#: Coordination factor for the OR of query words (None: plain BM25 sum). Chosen by
#: measurement on the eval collections; see README "Relevance".
COORDINATION = None

#: Weight of a match in the document title against one in the passage text.
TITLE_WEIGHT = 0.25


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """Whoosh queries for ranking, excluding and filtering, plus what to highlight."""

    scoring: wq.Query | None
    exclude: wq.Query | None
    filter: wq.Query | None
    highlight_terms: frozenset[str]
    words: tuple[frozenset[str], ...]  # per query word: its alternative terms (for document scoring)
    #: Whether passages marked as page furniture may match (they never do by default).
    include_boilerplate: bool = False


def _slots(text: str, analyze_fn: AnalyzeFn) -> list[tuple[int, frozenset[str]]]:
    """(position, terms) for the non-stopword tokens of ``text``, homonyms merged per position."""
    by_pos: dict[int, set[str]] = {}
    for tok in analyze_fn(text, "query"):
        if tok.stopword or not tok.terms:
            continue
        by_pos.setdefault(tok.pos, set()).update(tok.terms)
    return [(pos, frozenset(terms)) for pos, terms in sorted(by_pos.items())]


def _alternatives(fieldname: str, terms: frozenset[str]) -> wq.Query:
    boost = TITLE_WEIGHT if fieldname == "title" else 1.0
    qs = [wq.Term(fieldname, t, boost=boost) for t in sorted(terms)]
    return qs[0] if len(qs) == 1 else wq.DisjunctionMax(qs)


def _fields(clause: Clause) -> tuple[str, ...]:
    return ("title",) if clause.field == "title" else ("text", "title")


def _clause_queries(clause: Clause, slots: list[tuple[int, frozenset[str]]]) -> list[wq.Query]:
    """One query per independent unit: each word of a plain clause, or the whole phrase."""
    if not slots:
        return []
    if clause.phrase and len(slots) > 1:
        slop = max(b[0] - a[0] for a, b in zip(slots, slots[1:]))
        per_field = [wq.Sequence([_alternatives(f, terms) for _, terms in slots], slop=slop) for f in _fields(clause)]
        return [per_field[0] if len(per_field) == 1 else wq.Or(per_field)]
    out = []
    for _, terms in slots:
        per_field = [_alternatives(f, terms) for f in _fields(clause)]
        out.append(per_field[0] if len(per_field) == 1 else wq.Or(per_field))
    return out


def date_filter(low: str, high: str) -> wq.Query:
    """Passages whose document date lies in ``[low, high]``, both date prefixes ("" = open).

    Dates are stored as ``YYYY-MM-DD`` strings, so ``2026-03`` matches every day of
    March 2026 and a range compares as text: ``high + "~"`` sorts after every date
    that starts with ``high``.

    >>> q = date_filter("2026-03", "")
    >>> q.start, q.end
    ('2026-03', None)
    """
    return wq.TermRange("date", low or None, high + "~" if high else None, startexcl=False, endexcl=True)


def compile_query(
    parsed: ParsedQuery,
    coordination: float | None = None,
    include_boilerplate: bool = False,
    analyze_fn: AnalyzeFn = analyze,
) -> CompiledQuery:
    """Build the Whoosh queries for ``parsed`` (page furniture only with ``include_boilerplate``)."""
    required: list[wq.Query] = []
    should: list[wq.Query] = []
    excluded: list[wq.Query] = []
    highlight: set[str] = set()
    words: list[frozenset[str]] = []
    for group in parsed.groups:
        alternatives: list[wq.Query] = []
        for clause in group:
            slots = _slots(clause.text, analyze_fn)
            qs = _clause_queries(clause, slots)
            if not qs:
                continue
            if clause.excluded:
                excluded.extend(qs)
                continue
            if clause.field != "title":
                for _, terms in slots:
                    highlight.update(terms)
                    words.append(terms)
            if len(group) > 1:
                alternatives.append(qs[0] if len(qs) == 1 else wq.And(qs))
            elif clause.required:
                required.extend(qs)
            else:
                should.extend(qs)
        if alternatives:
            should.append(alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives))
    optional = None
    if should:
        scale = coordination if coordination is not None else COORDINATION
        optional = should[0] if len(should) == 1 else wq.Or(should, scale=scale)
    if required:
        must = required[0] if len(required) == 1 else wq.And(required)
        scoring = wq.AndMaybe(must, optional) if optional is not None else must
    else:
        scoring = optional
    filters: list[wq.Query] = []
    if parsed.langs:
        terms = [wq.Term("lang", lang) for lang in parsed.langs]
        filters.append(terms[0] if len(terms) == 1 else wq.Or(terms))
    filters.extend(date_filter(low, high) for low, high in parsed.dates)
    return CompiledQuery(
        scoring=scoring,
        exclude=(excluded[0] if len(excluded) == 1 else wq.Or(excluded)) if excluded else None,
        filter=(filters[0] if len(filters) == 1 else wq.And(filters)) if filters else None,
        highlight_terms=frozenset(highlight),
        words=tuple(dict.fromkeys(words)),
        include_boilerplate=include_boilerplate,
    )
