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

import dataclasses
import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from whoosh import query as wq

from analyzers import AnalyzedToken, analyze
from corpus.language import detect_language
from searcher.bestof import BestOf
from searcher.cross_script import AnalyzeFn, CrossScriptMatch
from searcher.limits import check_query_words
from searcher.prefix import MAX_PREFIX_WORDS, PrefixExpansion
from searcher.query import Clause, Group, Node, ParsedQuery
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
    #: What the user should know about how the query was read (a prefix cut to its limit).
    notices: tuple[str, ...] = ()
    #: What to highlight in a title: ``highlight_terms`` and those of ``title:`` clauses.
    title_terms: frozenset[str] = frozenset()


def _words(text: str, analyze_fn: AnalyzeFn, keep_stopwords: bool = False) -> list[AnalyzedToken]:
    """The tokens of ``text`` that are searched for: with terms, and not stop words unless
    ``keep_stopwords`` (a phrase: stop words are indexed, and ``"a Kazakhstan"`` needs its ``a``)."""
    return [tok for tok in analyze_fn(text, "query") if tok.terms and (keep_stopwords or not tok.stopword)]


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
    return ("title",) if clause.field == "title" else ("text", "title")


def _clause_queries(
    clause: Clause,
    slots: list[tuple[int, frozenset[str]]],
    cross_script: dict[int, tuple[str, frozenset[str]]],
    phrase_slots: list[tuple[int, frozenset[str]]] = (),
) -> list[wq.Query]:
    """One query per independent unit: each word of a plain clause, or the whole phrase
    (``phrase_slots``: every word of it, stop words included)."""
    if clause.phrase and len(phrase_slots) > 1:
        slop = max(b[0] - a[0] for a, b in zip(phrase_slots, phrase_slots[1:])) + clause.slop
        per_field = [
            wq.Sequence([_alternatives(f, terms) for _, terms in phrase_slots], slop=slop) for f in _fields(clause)
        ]
        return [per_field[0] if len(per_field) == 1 else wq.Or(per_field)]
    if clause.phrase and not slots:
        slots = list(phrase_slots)  # a quoted stop word alone ("the") is searched for
    if not slots:
        return []
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
    return wq.TermRange("date", low or None, high + "~" if high else None, startexcl=False, endexcl=True)


def language_filter(langs: Sequence[str], terms: Collection[str]) -> wq.Query:
    """Passages in one of ``langs``, or holding one of the query's ``terms`` written in one of them.

    A passage's ``lang`` is its majority script; a Russian word in a mostly English passage
    is still a Russian word matched, so ``--lang ru`` finds it.

    >>> language_filter(["ru"], {"казахстан", "kazakhstan"})
    Or([Term('lang', 'ru'), Term('text', 'казахстан')])
    """
    wanted = set(langs)
    qs = [wq.Term("lang", lang) for lang in langs]
    qs += [wq.Term("text", t) for t in sorted(terms) if detect_language(t) in wanted]
    return qs[0] if len(qs) == 1 else wq.Or(qs)


#: ``prefix`` -> what it expands to (:func:`searcher.prefix.expand_prefix` over an index).
PrefixLookup = Callable[[str], PrefixExpansion]


def _one(qs: Sequence[wq.Query], op=wq.And) -> wq.Query:
    return qs[0] if len(qs) == 1 else op(list(qs))


class _Builder:
    """Compiles a parsed query tree, collecting what to highlight and how to score documents."""

    def __init__(
        self, analyze_fn: AnalyzeFn, cross_script: CrossScriptLookup | None, prefixes: PrefixLookup | None
    ) -> None:
        self.analyze_fn = analyze_fn
        self.cross_script = functools.cache(cross_script) if cross_script is not None else None
        self.prefixes = prefixes
        self.excluded: list[wq.Query] = []
        self.highlight: set[str] = set()
        self.words: dict[frozenset[str], frozenset[str]] = {}  # a word's terms -> its other-script terms
        self.crossed: dict[str, frozenset[str]] = {}
        self.notices: list[str] = []
        self.title_highlight: set[str] = set()
        self._negative = 0  # inside an excluded group: nothing to highlight or score

    def clause(self, clause: Clause) -> list[wq.Query]:
        """The queries of one clause: one per word, or one for a phrase; records what it highlights."""
        negative = clause.excluded or self._negative > 0
        if clause.prefix:
            tokens: list[AnalyzedToken] = []
            slots = self._prefix_slots(clause.text)
        else:
            tokens = _words(clause.text, self.analyze_fn)
            slots = _slots(tokens)
        phrase_slots = _slots(_words(clause.text, self.analyze_fn, keep_stopwords=True)) if clause.phrase else []
        across: dict[int, tuple[str, frozenset[str]]] = {}
        if self.cross_script is not None and not (clause.phrase or negative or clause.field == "title"):
            across = _cross_script_slots(tokens, self.cross_script)
            for word, terms in across.values():
                self.crossed[word] = self.crossed.get(word, frozenset()) | terms
        qs = _clause_queries(clause, slots, across, phrase_slots)
        if qs and not negative and clause.field == "title":
            self.title_highlight.update(t for _, terms in slots for t in terms)
        if qs and not negative and clause.field != "title":
            for pos, terms in slots:
                self.highlight.update(terms)
                self.words[terms] = self.words.get(terms, frozenset()) | (
                    across[pos][1] if pos in across else frozenset()
                )
        return qs

    def _prefix_slots(self, prefix: str) -> list[tuple[int, frozenset[str]]]:
        if self.prefixes is None:
            return []
        found = self.prefixes(prefix)
        if found.truncated:
            self.notices.append(
                f"{prefix}* matches more than {MAX_PREFIX_WORDS} words; searched for the "
                f"{MAX_PREFIX_WORDS} most frequent (type more letters to narrow it)"
            )
        elif not found.terms and any(c.isalnum() for c in prefix):
            self.notices.append(f"no word of the index starts with {prefix!r}")
        return [(0, found.terms)] if found.terms else []

    def exclude(self, node: Node) -> None:
        """Exclude every document that ``node`` (read positively) matches."""
        self._negative += 1
        try:
            if isinstance(node, Clause):
                self.excluded.extend(self.clause(node))
            else:
                q = self.group(dataclasses.replace(node, excluded=False))
                if q is not None:
                    self.excluded.append(q)
        finally:
            self._negative -= 1

    def unit(self, node: Node) -> wq.Query | None:
        """One query for ``node``: all the words of a clause, or the group."""
        if isinstance(node, Group):
            return self.group(node)
        qs = self.clause(node)
        return _one(qs) if qs else None

    def group(self, group: Group, top: bool = False) -> wq.Query | None:
        """An "and" group: every item; an "or" group: required items, others add to the score.

        At the ``top``, each word of a clause is a unit of its own (``Issyk-Kul`` is two
        optional words); inside a group a clause's words go together."""
        required: list[wq.Query] = []
        should: list[wq.Query] = []
        for item in group.items:
            if item.excluded:
                self.exclude(item)
                continue
            if top and isinstance(item, Clause):
                qs = self.clause(item)
            else:
                q = self.unit(item)
                qs = [q] if q is not None else []
            if group.op == "and" or item.required:
                required.extend(qs)
            else:
                should.extend(qs)
        # Plain BM25 sum: Whoosh's coordination bonus was measured slightly worse (docs/how-it-works.md).
        optional = _one(should, wq.Or) if should else None
        if not required:
            return optional
        must = _one(required)
        return wq.AndMaybe(must, optional) if optional is not None else must


def compile_query(
    parsed: ParsedQuery,
    include_boilerplate: bool = False,
    analyze_fn: AnalyzeFn = analyze,
    cross_script: CrossScriptLookup | None = None,
    prefixes: PrefixLookup | None = None,
) -> CompiledQuery:
    """Build the Whoosh queries for ``parsed`` (page furniture only with ``include_boilerplate``);
    words also match across scripts when given a ``cross_script`` lookup, and prefixes
    (``олимп*``) match through a ``prefixes`` lookup (without one they match nothing).

    Raises :class:`searcher.limits.QueryTooLargeError` for a query of more than
    :data:`searcher.limits.MAX_QUERY_WORDS` words, before any lookup.
    """
    check_query_words(
        sum(len(_slots(_words(c.text, analyze_fn, keep_stopwords=c.phrase))) for c in parsed.clauses)
        + len(parsed.dates)
    )
    b = _Builder(analyze_fn, cross_script, prefixes)
    scoring = b.group(parsed.root, top=True)
    filters: list[wq.Query] = []
    if parsed.langs:
        filters.append(language_filter(parsed.langs, b.highlight.union(*b.crossed.values())))
    filters.extend(date_filter(low, high) for low, high in parsed.dates)
    return CompiledQuery(
        scoring=scoring,
        exclude=_one(b.excluded, wq.Or) if b.excluded else None,
        filter=_one(filters) if filters else None,
        highlight_terms=frozenset(b.highlight),
        words=tuple(QueryWord(terms, other) for terms, other in b.words.items()),
        include_boilerplate=include_boilerplate,
        cross_script=tuple(b.crossed.items()),
        notices=tuple(b.notices),
        title_terms=frozenset(b.highlight | b.title_highlight),
    )
