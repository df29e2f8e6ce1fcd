"""Turn a :class:`ParsedQuery` into Whoosh queries, through the same analyzers as indexing.

Each query word becomes, per position, the disjunction-max of its terms (a Russian
homonym scores as the best of its lemmas, not their sum) in ``text`` plus the same in
``title`` (BM25F-style evidence from both fields). Phrases become positional sequences
whose slots accept any lemma, so ``"олимпийский комитет"`` finds ``Олимпийского комитета``.

Compounds of the query (see :func:`analyzers.tokenizer.compounds`): a *code*
(``COVID-19``, ``iPhone15``, ``G20``) is one unit: its own term (which the index has for
the code written with or without its hyphen) or its words in sequence (``COVID 19``),
the better of the two, never one of its words alone, so ``G20`` does not match every
passage with a *20*.  A hyphenated word (``вице-президента``, ``state-of-the-art``) stays
its words, as Lucene's tokenizers leave it, each of which also matches the whole word
written without the hyphen (``вицепрезидента``).

Cross-script matching: given a lookup (:func:`searcher.cross_script.lookup` over an
index), a plain word (not in a phrase, a ``title:`` clause or an exclusion) also matches
its spellings in the other scripts (``Kulibayev`` -> ``Кулибаев``), in ``text`` and
``title`` at :data:`searcher.scoring.CROSS_SCRIPT_WEIGHT`.  The word scores as the better of its own match
and its cross-script match, in a passage and in the document-level score alike
(:class:`QueryWord`), so a passage or document that has both gains nothing extra and a
query whose words have no spelling in another script scores exactly as before.

Example:
    >>> from analyzers import analyze
    >>> from searcher.query import parse_query
    >>> cq = compile_query(parse_query("олимпийских комитетов"), analyze_fn=analyze)
    >>> sorted(cq.highlight_terms)
    ['комитет', 'олимпийский']
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from whoosh import query as wq

from analyzers import AnalyzedToken
from analyzers.chains import CODE_CHAIN, code_term
from analyzers.tokenizer import ARABIC, CYRILLIC, DIGIT, LATIN, WORD_RE
from index.records import DATE, LANG, TEXT, TITLE
from searcher.bestof import BestOf
from searcher.cross_script import AnalyzeFn, CrossScriptMatch
from searcher.limits import check_query_words
from searcher.query import Clause, ParsedQuery
from searcher.scoring import CROSS_SCRIPT_WEIGHT, field_weight

#: ``(surface, chain, terms)`` of a query word -> its spellings in the other scripts, or None;
#: keyword ``assume_name=True`` for the letters of a code (taken for a name).
CrossScriptLookup = Callable[..., CrossScriptMatch | None]


@dataclass(frozen=True, slots=True)
class QueryWord:
    """One query word as document scoring sees it: its own terms (the lemmas of a homonym)
    and the terms of its spellings in other scripts, which count :data:`searcher.scoring.CROSS_SCRIPT_WEIGHT`.

    ``across_weights`` lists the terms whose weight is lower than :data:`CROSS_SCRIPT_WEIGHT`
    (spellings rarer than the word as typed: :func:`searcher.cross_script.rarity_caps`).

    >>> QueryWord(frozenset({"kulibayev"}), frozenset({"кулибаев"})).weighted_terms()
    {'кулибаев': 0.5, 'kulibayev': 1.0}
    """

    terms: frozenset[str]
    across: frozenset[str] = frozenset()
    across_weights: tuple[tuple[str, float], ...] = ()

    def weighted_terms(self) -> dict[str, float]:
        """Each alternative term with its weight (a term of both kinds counts as the word's own)."""
        lower = dict(self.across_weights)
        across = {t: lower.get(t, CROSS_SCRIPT_WEIGHT) for t in sorted(self.across)}
        return {**across, **dict.fromkeys(sorted(self.terms), 1.0)}


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
    #: ``(a code's terms, the terms of its words)`` for each code of the query: its words are
    #: highlighted only in a passage that does not have the code itself (``COVID 19``).
    codes: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()


def _words(tokens: Sequence[AnalyzedToken]) -> list[AnalyzedToken]:
    """The tokens that are searched for: not stop words, with terms."""
    return [tok for tok in tokens if not tok.stopword and tok.terms]


_SCRIPT_OF_CHAIN = {"ru": CYRILLIC, "en": LATIN, "ar": ARABIC, "num": DIGIT}


def _cross_script_codes(
    tokens: Sequence[AnalyzedToken], codes: dict[int, AnalyzedToken], lookup: CrossScriptLookup
) -> dict[int, tuple[str, frozenset[str], tuple[tuple[str, float], ...]]]:
    """position -> (code, the terms of the code with its word of letters spelled in another
    script, no lower weights) for the codes whose one word of letters has such spellings
    (``Интернет2`` -> ``internet2``)."""
    out: dict[int, tuple[str, frozenset[str], tuple[tuple[str, float], ...]]] = {}
    for pos, code in codes.items():
        parts = [t for t in tokens if t.span == 1 and pos <= t.pos < pos + code.span]
        letters = [t for t in parts if t.chain in ("ru", "en", "ar")]
        if len(letters) != 1 or any(t.chain not in _SCRIPT_OF_CHAIN for t in parts):
            continue
        word = letters[0]
        found = lookup(word.surface, word.chain, word.terms, assume_name=True)
        if found is None:
            continue
        variants = set()
        for spelling in found.spellings:
            m = WORD_RE.fullmatch(spelling)
            if m is None or m.lastindex not in (CYRILLIC, LATIN, ARABIC):
                continue
            variants.add(
                code_term([(spelling, m.lastindex) if t is word else (t.surface, _SCRIPT_OF_CHAIN[t.chain]) for t in parts])
            )
        variants.difference_update(code.terms)
        if variants:
            out[pos] = (code.surface, frozenset(variants), ())
    return out


def _slots(tokens: Sequence[AnalyzedToken], hyphenated: bool = False) -> list[tuple[int, frozenset[str]]]:
    """(position, terms) of the words of ``tokens``, homonyms merged per position; with
    ``hyphenated``, each word of a hyphenated word also has the whole word's terms."""
    by_pos: dict[int, set[str]] = {}
    for tok in tokens:
        if tok.span == 1:
            by_pos.setdefault(tok.pos, set()).update(tok.terms)
    if hyphenated:
        for tok in tokens:
            if tok.span > 1 and tok.chain != CODE_CHAIN:
                for pos in range(tok.pos, tok.pos + tok.span):
                    if pos in by_pos:
                        by_pos[pos].update(tok.terms)
    return [(pos, frozenset(terms)) for pos, terms in sorted(by_pos.items())]


def _codes(tokens: Sequence[AnalyzedToken]) -> dict[int, AnalyzedToken]:
    """The codes among ``tokens`` (compounds with digits) by the position of their first word."""
    return {tok.pos: tok for tok in tokens if tok.span > 1 and tok.chain == CODE_CHAIN}


def _cross_script_slots(
    tokens: Sequence[AnalyzedToken], lookup: CrossScriptLookup
) -> dict[int, tuple[str, frozenset[str], tuple[tuple[str, float], ...]]]:
    """position -> (query word, the terms of its other-script spellings, those weighing less
    than :data:`CROSS_SCRIPT_WEIGHT` with their weight), for words that have some."""
    out: dict[int, tuple[str, frozenset[str], tuple[tuple[str, float], ...]]] = {}
    covered = {pos for tok in tokens if tok.chain == CODE_CHAIN for pos in range(tok.pos, tok.pos + tok.span)}
    for tok in tokens:
        if tok.pos in covered or tok.span > 1:
            continue  # a code is spelled in other scripts as a whole (_cross_script_codes)
        found = lookup(tok.surface, tok.chain, tok.terms)
        if found is not None:
            out[tok.pos] = (tok.surface, found.terms, tuple((t, CROSS_SCRIPT_WEIGHT * c) for t, c in found.caps))
    return out


def _with_cross_script(
    word_query: wq.Query, terms: frozenset[str], fields: tuple[str, ...], lower: tuple[tuple[str, float], ...] = ()
) -> wq.Query:
    """The word's own query, or its other-script spellings at a lower weight
    (:data:`CROSS_SCRIPT_WEIGHT`, or the one ``lower`` gives a term): whichever scores more."""
    weights = dict(lower)
    per_field = []
    for f in fields:
        qs = [wq.Term(f, t, boost=weights.get(t, CROSS_SCRIPT_WEIGHT) * field_weight(f)) for t in sorted(terms)]
        per_field.append(qs[0] if len(qs) == 1 else BestOf(qs))
    other = per_field[0] if len(per_field) == 1 else wq.Or(per_field)
    return BestOf([word_query, other])


def _alternatives(fieldname: str, terms: frozenset[str], weight: float = 1.0) -> wq.Query:
    boost = weight * field_weight(fieldname)
    qs = [wq.Term(fieldname, t, boost=boost) for t in sorted(terms)]
    return qs[0] if len(qs) == 1 else BestOf(qs)


def _fields(clause: Clause) -> tuple[str, ...]:
    return (TITLE,) if clause.field == "title" else (TEXT, TITLE)


def _sequence(fields: tuple[str, ...], slots: list[tuple[int, frozenset[str]]]) -> wq.Query:
    """The words of ``slots`` in order, as far apart as in the query (stop words between)."""
    slop = max(b[0] - a[0] for a, b in zip(slots, slots[1:]))
    per_field = [wq.Sequence([_alternatives(f, terms) for _, terms in slots], slop=slop) for f in fields]
    return per_field[0] if len(per_field) == 1 else wq.Or(per_field)


def _code_query(fields: tuple[str, ...], code: AnalyzedToken, parts: list[tuple[int, frozenset[str]]]) -> wq.Query:
    """A code's own term, or its words in sequence: whichever scores more."""
    per_field = [_alternatives(f, frozenset(code.terms)) for f in fields]
    whole = per_field[0] if len(per_field) == 1 else wq.Or(per_field)
    return BestOf([whole, _sequence(fields, parts)]) if len(parts) > 1 else whole


def _clause_queries(
    clause: Clause,
    slots: list[tuple[int, frozenset[str]]],
    cross_script: dict[int, tuple[str, frozenset[str], tuple[tuple[str, float], ...]]],
    codes: dict[int, AnalyzedToken] | None = None,
) -> list[wq.Query]:
    """One query per independent unit: each word or code of a plain clause, or the whole phrase."""
    if not slots:
        return []
    if clause.phrase and len(slots) > 1:
        return [_sequence(_fields(clause), slots)]
    out = []
    inside = -1  # the last position of the last code
    for pos, terms in slots:
        if pos <= inside:
            continue
        code = codes.get(pos) if codes else None
        if code is not None:
            inside = pos + code.span - 1
            parts = [(p, t) for p, t in slots if pos <= p <= inside]
            code_query = _code_query(_fields(clause), code, parts)
            if pos in cross_script:
                _, terms_across, lower = cross_script[pos]
                code_query = _with_cross_script(code_query, terms_across, _fields(clause), lower)
            out.append(code_query)
            continue
        per_field = [_alternatives(f, terms) for f in _fields(clause)]
        word_query = per_field[0] if len(per_field) == 1 else wq.Or(per_field)
        if pos in cross_script:
            _, terms_across, lower = cross_script[pos]
            word_query = _with_cross_script(word_query, terms_across, _fields(clause), lower)
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
    *,
    analyze_fn: AnalyzeFn,
    cross_script: CrossScriptLookup | None = None,
) -> CompiledQuery:
    """Build the Whoosh queries for ``parsed`` (page furniture only with ``include_boilerplate``);
    words also match across scripts when given a ``cross_script`` lookup; ``analyze_fn``:
    the index's own analyzer (see :class:`searcher.context.QueryContext`).

    Raises :class:`searcher.limits.QueryTooLargeError` for a query of more than
    :data:`searcher.limits.MAX_QUERY_WORDS` words, before any lookup.
    """
    required: list[wq.Query] = []
    should: list[wq.Query] = []
    excluded: list[wq.Query] = []
    highlight: set[str] = set()
    words: dict[frozenset[str], frozenset[str]] = {}  # a word's terms -> its other-script terms
    across_weights: dict[frozenset[str], dict[str, float]] = {}
    crossed: dict[str, frozenset[str]] = {}
    code_parts: list[tuple[frozenset[str], frozenset[str]]] = []
    if cross_script is not None:
        cross_script = functools.cache(cross_script)  # a word repeated in the query is looked up once
    every = [[analyze_fn(clause.text, "query") for clause in group] for group in parsed.groups]
    check_query_words(sum(len(_slots(_words(tokens))) for group in every for tokens in group) + len(parsed.dates))
    for group, group_tokens in zip(parsed.groups, every):
        alternatives: list[wq.Query] = []
        for clause, analysed in zip(group, group_tokens):
            tokens = _words(analysed)
            slots = _slots(tokens, hyphenated=not clause.phrase)
            codes = {} if clause.phrase else _codes(tokens)
            across: dict[int, tuple[str, frozenset[str], tuple[tuple[str, float], ...]]] = {}
            if cross_script is not None and not (clause.phrase or clause.excluded or clause.field == "title"):
                across = _cross_script_slots(tokens, cross_script) | _cross_script_codes(analysed, codes, cross_script)
                for word, terms, _ in across.values():
                    crossed[word] = crossed.get(word, frozenset()) | terms
            qs = _clause_queries(clause, slots, across, codes)
            if not qs:
                continue
            if clause.excluded:
                excluded.extend(qs)
                continue
            if clause.field != "title":
                inside = -1
                for pos, terms in slots:
                    if pos in codes:  # the code is the word that documents are scored by
                        code = codes[pos]
                        inside = pos + code.span - 1
                        highlight.update(code.terms)
                        code_terms = frozenset(code.terms)
                        words[code_terms] = words.get(code_terms, frozenset()) | (
                            across[pos][1] if pos in across else frozenset()
                        )
                        parts = frozenset().union(*(t for p, t in slots if pos <= p <= inside))
                        code_parts.append((frozenset(code.terms), parts))
                    if pos > inside:
                        highlight.update(terms)
                        words[terms] = words.get(terms, frozenset()) | (across[pos][1] if pos in across else frozenset())
                        if pos in across:
                            lower = across_weights.setdefault(terms, {})
                            for t, w in across[pos][2]:
                                lower[t] = min(lower.get(t, w), w)
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
        langs = [wq.Term(LANG, lang) for lang in parsed.langs]
        filters.append(langs[0] if len(langs) == 1 else wq.Or(langs))
    filters.extend(date_filter(low, high) for low, high in parsed.dates)
    return CompiledQuery(
        scoring=scoring,
        exclude=(excluded[0] if len(excluded) == 1 else wq.Or(excluded)) if excluded else None,
        filter=(filters[0] if len(filters) == 1 else wq.And(filters)) if filters else None,
        highlight_terms=frozenset(highlight),
        words=tuple(
            QueryWord(terms, other, tuple(sorted(across_weights.get(terms, {}).items())))
            for terms, other in words.items()
        ),
        include_boilerplate=include_boilerplate,
        cross_script=tuple(crossed.items()),
        codes=tuple(dict.fromkeys(code_parts)),
    )
