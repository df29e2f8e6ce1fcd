"""Turn a :class:`ParsedQuery` into Whoosh queries, through the same analyzers as indexing.

Each query word becomes, per position, the disjunction-max of its terms (a Russian
homonym scores as the best of its lemmas, not their sum) in ``text`` plus the same in
``title`` (BM25F-style evidence from both fields). Phrases become positional sequences
whose slots accept any lemma, so ``"олимпийский комитет"`` finds ``Олимпийского комитета``.

Cross-script matching: a plain word (not in a phrase, a ``title:`` clause or an
exclusion) also matches names written in the other scripts, through the ``translit``
field's keys (:mod:`analyzers.translit`), weighted by :data:`CROSS_SCRIPT_WEIGHT`.  The
word scores as the better of its own match and its cross-script match, so a passage that
has both gains nothing extra and a query whose words match no name scores as before.

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
from analyzers.translit import query_keys
from searcher.query import Clause, ParsedQuery

#: Coordination factor for the OR of query words (None: plain BM25 sum). Chosen by
#: measurement on the eval collections; see README "Relevance".
COORDINATION = None

#: Field of cross-script name keys, and the weight of a match found only there (a
#: transliteration is weaker evidence than the word as written).
CROSS_SCRIPT_FIELD = "translit"
CROSS_SCRIPT_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """Whoosh queries for ranking, excluding and filtering, plus what to highlight."""

    scoring: wq.Query | None
    exclude: wq.Query | None
    filter: wq.Query | None
    highlight_terms: frozenset[str]
    lang_hint: str | None
    #: ``(query word, its cross-script keys)`` for each word searched across scripts.
    cross_script: tuple[tuple[str, frozenset[str]], ...] = ()


def _slots(text: str) -> list[tuple[int, frozenset[str]]]:
    """(position, terms) for the non-stopword tokens of ``text``, homonyms merged per position."""
    by_pos: dict[int, set[str]] = {}
    for tok in analyze(text, mode="query"):
        if tok.stopword or not tok.terms:
            continue
        by_pos.setdefault(tok.pos, set()).update(tok.terms)
    return [(pos, frozenset(terms)) for pos, terms in sorted(by_pos.items())]


def _cross_script_slots(
    text: str, indexed: Callable[[str], bool] | None = None
) -> dict[int, tuple[str, frozenset[str]]]:
    """position -> (query word, the other scripts' keys it may match), for words that have keys.

    ``indexed(key)`` tells whether the index holds a key; keys it does not are dropped
    (most words are no names in the other scripts, and an absent term still costs a matcher).
    """
    out: dict[int, tuple[str, frozenset[str]]] = {}
    for tok in analyze(text, mode="query"):
        if not tok.stopword and tok.terms:
            keys = [k for k in query_keys(tok.surface, tok.chain, tok.terms) if indexed is None or indexed(k)]
            if keys:
                out[tok.pos] = (tok.surface, frozenset(keys))
    return out


def _with_cross_script(word_query: wq.Query, keys: frozenset[str]) -> wq.Query:
    """The word's own query, or its cross-script keys at a lower weight: whichever scores more."""
    terms = [wq.Term(CROSS_SCRIPT_FIELD, k, boost=CROSS_SCRIPT_WEIGHT) for k in sorted(keys)]
    other = terms[0] if len(terms) == 1 else wq.DisjunctionMax(terms)
    return wq.DisjunctionMax([word_query, other])


def _alternatives(fieldname: str, terms: frozenset[str]) -> wq.Query:
    qs = [wq.Term(fieldname, t) for t in sorted(terms)]
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
            word_query = _with_cross_script(word_query, cross_script[pos][1])
        out.append(word_query)
    return out


def _lang_hint(text: str) -> str | None:
    counts = Counter(t.chain for t in analyze(text, mode="query") if t.chain in ("ru", "ar", "en") and not t.stopword)
    return counts.most_common(1)[0][0] if counts else None


def compile_query(
    parsed: ParsedQuery,
    coordination: float | None = COORDINATION,
    *,
    cross_script: bool = True,
    indexed_key: Callable[[str], bool] | None = None,
) -> CompiledQuery:
    """Build the Whoosh queries for ``parsed``.

    ``cross_script=False`` matches words only as written; ``indexed_key(key)``, when
    given, says whether the index holds a cross-script key (absent ones are left out).
    """
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
            if cross_script and not (clause.phrase or clause.excluded or clause.field == "title"):
                across = _cross_script_slots(clause.text, indexed_key)
                for word, keys in across.values():
                    crossed[word] = crossed.get(word, frozenset()) | keys
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
