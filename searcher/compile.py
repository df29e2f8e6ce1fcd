"""Turn a :class:`ParsedQuery` into Whoosh queries, through the same analyzers as indexing.

Each query word becomes, per position, the disjunction-max of its terms (a Russian
homonym scores as the best of its lemmas, not their sum) in ``text`` plus the same in
``title`` (BM25F-style evidence from both fields). Phrases become positional sequences
whose slots accept any lemma, so ``"олимпийский комитет"`` finds ``Олимпийского комитета``.

Cross-script matching: given a lookup (:func:`searcher.cross_script.lookup` over an
index), a plain word (not in a phrase, a ``title:`` clause or an exclusion) also matches
its spellings in the other scripts (``Kulibayev`` -> ``Кулибаев``), in ``text`` and
``title`` at :data:`searcher.scoring.CROSS_SCRIPT_WEIGHT`.  The word scores as the better of its own match
and its cross-script match, in a passage and in the document-level score alike
(:class:`QueryWord`), so a passage or document that has both gains nothing extra and a
query whose words have no spelling in another script scores exactly as before.

Example:
    >>> from searcher.query import parse_query
    >>> cq = compile_query(parse_query("олимпийских комитетов"))
    >>> sorted(cq.highlight_terms)
    ['комитет', 'олимпийский']
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from whoosh import query as wq

from analyzers import AnalyzedToken, analyze
from index.records import DATE, LANG, TEXT, TITLE
from searcher.bestof import BestOf
from searcher.cross_script import AnalyzeFn, CrossScriptMatch
from searcher.limits import check_query_words
from searcher.query import Clause, ParsedQuery
from searcher.scoring import CROSS_SCRIPT_WEIGHT, field_weight

#: ``(surface, chain, terms)`` of a query word -> its spellings in the other scripts, or None.
CrossScriptLookup = Callable[[str, str, tuple[str, ...]], CrossScriptMatch | None]


@dataclass(frozen=True, slots=True)
class QueryWord:
    """One query word as document scoring sees it: its own terms (the lemmas of a homonym)
    and the terms of its spellings in other scripts, which count :data:`searcher.scoring.CROSS_SCRIPT_WEIGHT`.

    >>> QueryWord(frozenset({"kulibayev"}), frozenset({"кулибаев"})).weighted_terms()
    {'кулибаев': 0.5, 'kulibayev': 1.0}
    """

    terms: frozenset[str]
    across: frozenset[str] = frozenset()

    def weighted_terms(self) -> dict[str, float]:
        """Each alternative term with its weight (a term of both kinds counts as the word's own)."""
        return {**dict.fromkeys(sorted(self.across), CROSS_SCRIPT_WEIGHT), **dict.fromkeys(sorted(self.terms), 1.0)}


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """Whoosh queries for ranking, excluding and filtering, plus what to highlight."""

    scoring: wq.Query | None
    exclude: wq.Query | None
    filter: wq.Query | None
    highlight_terms: frozenset[str]
    words: tuple[QueryWord, ...]  # per query word: its alternative terms (for document scoring)
    #: Whether passages marked as page furniture may match (they never do by default).
    include_boilerplate: bool = False
    #: ``(query word, the terms of its spellings in other scripts)`` for each word that has some.
    cross_script: tuple[tuple[str, frozenset[str]], ...] = ()


def _words(text: str, analyze_fn: AnalyzeFn) -> list[AnalyzedToken]:
    """The tokens of ``text`` that are searched for: not stop words, with terms."""
    return [tok for tok in analyze_fn(text, "query") if not tok.stopword and tok.terms]


def _slots(tokens: Sequence[AnalyzedToken]) -> list[tuple[int, frozenset[str]]]:
    """(position, terms) of ``tokens``, homonyms merged per position."""
    by_pos: dict[int, set[str]] = {}
    for tok in tokens:
        by_pos.setdefault(tok.pos, set()).update(tok.terms)
    return [(pos, frozenset(terms)) for pos, terms in sorted(by_pos.items())]


def _cross_script_slots(
    tokens: Sequence[AnalyzedToken], lookup: CrossScriptLookup
) -> dict[int, tuple[str, frozenset[str]]]:
    """position -> (query word, the terms of its other-script spellings), for words that have some."""
    out: dict[int, tuple[str, frozenset[str]]] = {}
    for tok in tokens:
        found = lookup(tok.surface, tok.chain, tok.terms)
        if found is not None:
            out[tok.pos] = (tok.surface, found.terms)
    return out


def _with_cross_script(word_query: wq.Query, terms: frozenset[str], fields: tuple[str, ...]) -> wq.Query:
    """The word's own query, or its other-script spellings at a lower weight: whichever scores more."""
    per_field = [_alternatives(f, terms, CROSS_SCRIPT_WEIGHT) for f in fields]
    other = per_field[0] if len(per_field) == 1 else wq.Or(per_field)
    return BestOf([word_query, other])


def _alternatives(fieldname: str, terms: frozenset[str], weight: float = 1.0) -> wq.Query:
    boost = weight * field_weight(fieldname)
    qs = [wq.Term(fieldname, t, boost=boost) for t in sorted(terms)]
    return qs[0] if len(qs) == 1 else BestOf(qs)


def _fields(clause: Clause) -> tuple[str, ...]:
    return (TITLE,) if clause.field == "title" else (TEXT, TITLE)


def _clause_queries(
    clause: Clause,
    slots: list[tuple[int, frozenset[str]]],
    cross_script: dict[int, tuple[str, frozenset[str]]],
) -> list[wq.Query]:
    """One query per independent unit: each word of a plain clause, or the whole phrase."""
    if not slots:
        return []
    if clause.phrase and len(slots) > 1:
        slop = max(b[0] - a[0] for a, b in zip(slots, slots[1:]))
        per_field = [wq.Sequence([_alternatives(f, terms) for _, terms in slots], slop=slop) for f in _fields(clause)]
        return [per_field[0] if len(per_field) == 1 else wq.Or(per_field)]
    out = []
    for pos, terms in slots:
        per_field = [_alternatives(f, terms) for f in _fields(clause)]
        word_query = per_field[0] if len(per_field) == 1 else wq.Or(per_field)
        if pos in cross_script:
            word_query = _with_cross_script(word_query, cross_script[pos][1], _fields(clause))
        out.append(word_query)
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
    return wq.TermRange(DATE, low or None, high + "~" if high else None, startexcl=False, endexcl=True)


def compile_query(
    parsed: ParsedQuery,
    include_boilerplate: bool = False,
    analyze_fn: AnalyzeFn = analyze,
    cross_script: CrossScriptLookup | None = None,
) -> CompiledQuery:
    """Build the Whoosh queries for ``parsed`` (page furniture only with ``include_boilerplate``);
    words also match across scripts when given a ``cross_script`` lookup.

    Raises :class:`searcher.limits.QueryTooLargeError` for a query of more than
    :data:`searcher.limits.MAX_QUERY_WORDS` words, before any lookup.
    """
    required: list[wq.Query] = []
    should: list[wq.Query] = []
    excluded: list[wq.Query] = []
    highlight: set[str] = set()
    words: dict[frozenset[str], frozenset[str]] = {}  # a word's terms -> its other-script terms
    crossed: dict[str, frozenset[str]] = {}
    if cross_script is not None:
        cross_script = functools.cache(cross_script)  # a word repeated in the query is looked up once
    analysed = [[_words(clause.text, analyze_fn) for clause in group] for group in parsed.groups]
    check_query_words(sum(len(_slots(tokens)) for group in analysed for tokens in group) + len(parsed.dates))
    for group, group_tokens in zip(parsed.groups, analysed):
        alternatives: list[wq.Query] = []
        for clause, tokens in zip(group, group_tokens):
            slots = _slots(tokens)
            across: dict[int, tuple[str, frozenset[str]]] = {}
            if cross_script is not None and not (clause.phrase or clause.excluded or clause.field == "title"):
                across = _cross_script_slots(tokens, cross_script)
                for word, terms in across.values():
                    crossed[word] = crossed.get(word, frozenset()) | terms
            qs = _clause_queries(clause, slots, across)
            if not qs:
                continue
            if clause.excluded:
                excluded.extend(qs)
                continue
            if clause.field != "title":
                for pos, terms in slots:
                    highlight.update(terms)
                    words[terms] = words.get(terms, frozenset()) | (across[pos][1] if pos in across else frozenset())
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
        # Plain BM25 sum: Whoosh's coordination bonus was measured slightly worse (README).
        optional = should[0] if len(should) == 1 else wq.Or(should)
    if required:
        must = required[0] if len(required) == 1 else wq.And(required)
        scoring = wq.AndMaybe(must, optional) if optional is not None else must
    else:
        scoring = optional
    filters: list[wq.Query] = []
    if parsed.langs:
        terms = [wq.Term(LANG, lang) for lang in parsed.langs]
        filters.append(terms[0] if len(terms) == 1 else wq.Or(terms))
    filters.extend(date_filter(low, high) for low, high in parsed.dates)
    return CompiledQuery(
        scoring=scoring,
        exclude=(excluded[0] if len(excluded) == 1 else wq.Or(excluded)) if excluded else None,
        filter=(filters[0] if len(filters) == 1 else wq.And(filters)) if filters else None,
        highlight_terms=frozenset(highlight),
        words=tuple(QueryWord(terms, other) for terms, other in words.items()),
        include_boilerplate=include_boilerplate,
        cross_script=tuple(crossed.items()),
    )
