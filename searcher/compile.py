"""Turn a :class:`ParsedQuery` into Whoosh queries, through the same analyzers as indexing.

Each query word becomes, per position, the disjunction-max of its terms (a Russian
homonym scores as the best of its lemmas, not their sum) in ``text`` plus the same in
``title`` (BM25F-style evidence from both fields). Phrases become positional sequences
whose slots accept any lemma, so ``"олимпийский комитет"`` finds ``Олимпийского комитета``.

Cross-script matching: given a lookup (:func:`searcher.cross_script.lookup` over an
index), a plain word (not in a phrase, a ``title:`` clause or an exclusion) also matches
its spellings in the other scripts (``Kulibayev`` -> ``Кулибаев``), in ``text`` and
``title`` at :data:`CROSS_SCRIPT_WEIGHT`.  The word scores as the better of its own match
and its cross-script match, so a passage that has both gains nothing extra and a query
whose words have no spelling in another script scores exactly as before.

Example:
    >>> from searcher.query import parse_query
    >>> cq = compile_query(parse_query("олимпийских комитетов"))
    >>> sorted(cq.highlight_terms)
    ['комитет', 'олимпийский']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from whoosh import query as wq

from analyzers import analyze
from searcher.cross_script import CrossScriptMatch
from searcher.query import Clause, ParsedQuery

#: Coordination factor for the OR of query words (None: plain BM25 sum). Chosen by
#: measurement on the eval collections; see README "Relevance".
COORDINATION = None

#: Weight of a match of a word's spelling in another script (a transliteration is weaker
#: evidence than the word as written).
CROSS_SCRIPT_WEIGHT = 0.5

#: ``(surface, chain, terms)`` of a query word -> its spellings in the other scripts, or None.
CrossScriptLookup = Callable[[str, str, tuple[str, ...]], CrossScriptMatch | None]


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """Whoosh queries for ranking, excluding and filtering, plus what to highlight."""

    scoring: wq.Query | None
    exclude: wq.Query | None
    filter: wq.Query | None
    highlight_terms: frozenset[str]
    lang_hint: str | None
    #: ``(query word, the terms of its spellings in other scripts)`` for each word that has some.
    cross_script: tuple[tuple[str, frozenset[str]], ...] = ()


def _slots(text: str) -> list[tuple[int, frozenset[str]]]:
    """(position, terms) for the non-stopword tokens of ``text``, homonyms merged per position."""
    by_pos: dict[int, set[str]] = {}
    for tok in analyze(text, mode="query"):
        if tok.stopword or not tok.terms:
            continue
        by_pos.setdefault(tok.pos, set()).update(tok.terms)
    return [(pos, frozenset(terms)) for pos, terms in sorted(by_pos.items())]


def _cross_script_slots(text: str, lookup: CrossScriptLookup) -> dict[int, tuple[str, frozenset[str]]]:
    """position -> (query word, the terms of its other-script spellings), for words that have some."""
    out: dict[int, tuple[str, frozenset[str]]] = {}
    for tok in analyze(text, mode="query"):
        if not tok.stopword and tok.terms:
            found = lookup(tok.surface, tok.chain, tok.terms)
            if found is not None:
                out[tok.pos] = (tok.surface, found.terms)
    return out


def _with_cross_script(word_query: wq.Query, terms: frozenset[str], fields: tuple[str, ...]) -> wq.Query:
    """The word's own query, or its other-script spellings at a lower weight: whichever scores more."""
    per_field = [_alternatives(f, terms, CROSS_SCRIPT_WEIGHT) for f in fields]
    other = per_field[0] if len(per_field) == 1 else wq.Or(per_field)
    return wq.DisjunctionMax([word_query, other])


def _alternatives(fieldname: str, terms: frozenset[str], boost: float = 1.0) -> wq.Query:
    qs = [wq.Term(fieldname, t, boost=boost) for t in sorted(terms)]
    return qs[0] if len(qs) == 1 else wq.DisjunctionMax(qs)


def _fields(clause: Clause) -> tuple[str, ...]:
    return ("title",) if clause.field == "title" else ("text", "title")


def _clause_queries(
    clause: Clause,
    slots: list[tuple[int, frozenset[str]]],
    cross_script: dict[int, tuple[str, frozenset[str]]] | None = None,
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
        if cross_script and pos in cross_script:
            word_query = _with_cross_script(word_query, cross_script[pos][1], _fields(clause))
        out.append(word_query)
    return out


def _lang_hint(text: str) -> str | None:
    counts = Counter(t.chain for t in analyze(text, mode="query") if t.chain in ("ru", "ar", "en") and not t.stopword)
    return counts.most_common(1)[0][0] if counts else None


def compile_query(
    parsed: ParsedQuery, coordination: float | None = COORDINATION, *, cross_script: CrossScriptLookup | None = None
) -> CompiledQuery:
    """Build the Whoosh queries for ``parsed``; words also match across scripts when given a lookup."""
    required: list[wq.Query] = []
    should: list[wq.Query] = []
    excluded: list[wq.Query] = []
    highlight: set[str] = set()
    crossed: dict[str, frozenset[str]] = {}
    for group in parsed.groups:
        alternatives: list[wq.Query] = []
        for clause in group:
            slots = _slots(clause.text)
            across = None
            if cross_script is not None and not (clause.phrase or clause.excluded or clause.field == "title"):
                across = _cross_script_slots(clause.text, cross_script)
                for word, terms in across.values():
                    crossed[word] = crossed.get(word, frozenset()) | terms
            qs = _clause_queries(clause, slots, across)
            if not qs:
                continue
            if clause.excluded:
                excluded.extend(qs)
                continue
            if clause.field != "title":
                for _, terms in slots:
                    highlight.update(terms)
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
        optional = should[0] if len(should) == 1 else wq.Or(should, scale=coordination)
    if required:
        must = required[0] if len(required) == 1 else wq.And(required)
        scoring = wq.AndMaybe(must, optional) if optional is not None else must
    else:
        scoring = optional
    lang_filter = None
    if parsed.langs:
        terms = [wq.Term("lang", lang) for lang in parsed.langs]
        lang_filter = terms[0] if len(terms) == 1 else wq.Or(terms)
    return CompiledQuery(
        scoring=scoring,
        exclude=(excluded[0] if len(excluded) == 1 else wq.Or(excluded)) if excluded else None,
        filter=lang_filter,
        highlight_terms=frozenset(highlight),
        lang_hint=_lang_hint(" ".join(c.text for c in parsed.clauses if not c.excluded)),
        cross_script=tuple(crossed.items()),
    )
