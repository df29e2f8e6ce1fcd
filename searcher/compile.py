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

Stem families: given a lookup (:func:`searcher.prefix.stem_family` over an index), a plain
Russian word also has, in the document-level score only, the index's words that begin with
its Snowball stem but its last letter (*строительные* -> *строительство*), at
:data:`searcher.scoring.STEM_FAMILY_WEIGHT`: they match nothing, so what a query finds and
counts does not change.

Example:
    >>> from polyseek.analyzers import analyze
    >>> from polyseek.searcher.query import parse_query
    >>> cq = compile_query(parse_query("олимпийских комитетов"), analyze_fn=analyze)
    >>> sorted(cq.highlight_terms)
    ['комитет', 'олимпийский']
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from whoosh import query as wq

from polyseek.analyzers import AnalyzedToken
from polyseek.analyzers.arabic import (
    normalize_arabic,
    other_person,
    with_article,
    with_conjunction,
    without_preposition,
)
from polyseek.analyzers.chains import CODE_CHAIN, code_term
from polyseek.analyzers.tokenizer import ARABIC, CYRILLIC, DIGIT, LATIN, WORD_RE
from polyseek.index.records import DATE, LANG, TEXT, TITLE
from polyseek.searcher.bestof import BestOf
from polyseek.searcher.cross_script import AnalyzeFn, CrossScriptMatch
from polyseek.searcher.limits import check_query_words
from polyseek.searcher.prefix import MAX_PREFIX_WORDS, PrefixExpansion
from polyseek.searcher.query import Clause, Group, Node, ParsedQuery
from polyseek.searcher.scoring import CROSS_SCRIPT_WEIGHT, STEM_FAMILY_WEIGHT, STOPWORD_WEIGHT, field_weight

#: ``(surface, chain, terms)`` of a query word -> its spellings in the other scripts, or None;
#: keyword ``assume_name=True`` for the letters of a code (taken for a name).
CrossScriptLookup = Callable[..., CrossScriptMatch | None]
#: ``(surface, terms)`` of a Russian query word -> the index's terms of its stem family.
FamilyLookup = Callable[[str, frozenset[str]], frozenset[str]]


@dataclass(frozen=True, slots=True)
class QueryWord:
    """One query word as document scoring sees it: its own terms (the lemmas of a homonym),
    the terms of its spellings in other scripts, which count :data:`searcher.scoring.CROSS_SCRIPT_WEIGHT`,
    and those of its stem family, which count :data:`searcher.scoring.STEM_FAMILY_WEIGHT`;
    ``weight`` scales them all (a stop word of the query: :data:`searcher.scoring.STOPWORD_WEIGHT`).

    ``across_weights`` lists the terms whose weight is lower than :data:`CROSS_SCRIPT_WEIGHT`
    (spellings rarer than the word as typed: :func:`searcher.cross_script.rarity_caps`).

    >>> QueryWord(frozenset({"kulibayev"}), frozenset({"кулибаев"})).weighted_terms()
    {'кулибаев': 0.5, 'kulibayev': 1.0}
    >>> QueryWord(frozenset({"after"}), weight=0.25).weighted_terms()
    {'after': 0.25}
    >>> QueryWord(frozenset({"строительный"}), family=frozenset({"строительство"})).weighted_terms()
    {'строительство': 0.5, 'строительный': 1.0}
    """

    terms: frozenset[str]
    across: frozenset[str] = frozenset()
    across_weights: tuple[tuple[str, float], ...] = ()
    weight: float = 1.0
    family: frozenset[str] = frozenset()

    def weighted_terms(self) -> dict[str, float]:
        """Each alternative term with its weight (a term of several kinds weighs its highest)."""
        lower = dict(self.across_weights)
        out = dict.fromkeys(sorted(self.family), STEM_FAMILY_WEIGHT * self.weight)
        for t in sorted(self.across):
            out[t] = max(out.get(t, 0.0), lower.get(t, CROSS_SCRIPT_WEIGHT) * self.weight)
        return {**out, **dict.fromkeys(sorted(self.terms), self.weight)}


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """Whoosh queries for ranking, excluding and filtering, plus what to highlight."""

    scoring: wq.Query | None
    exclude: wq.Query | None
    filter: wq.Query | None
    highlight_terms: frozenset[str]
    #: per query word: its alternative terms (for document scoring); the query's stop words
    #: last, at :data:`searcher.scoring.STOPWORD_WEIGHT` (they match nothing themselves)
    words: tuple[QueryWord, ...]
    #: Whether passages marked as page furniture may match (they never do by default).
    include_boilerplate: bool = False
    #: ``(query word, the terms of its spellings in other scripts)`` for each word that has some.
    cross_script: tuple[tuple[str, frozenset[str]], ...] = ()
    #: ``(a code's terms, the terms of its words)`` for each code of the query: its words are
    #: highlighted only in a passage that does not have the code itself (``COVID 19``).
    codes: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()
    #: What the user should know about how the query was read (a prefix cut to its limit).
    notices: tuple[str, ...] = ()
    #: What to highlight in a title: ``highlight_terms`` and those of ``title:`` clauses.
    title_terms: frozenset[str] = frozenset()


def _words(tokens: Sequence[AnalyzedToken], keep_stopwords: bool = False) -> list[AnalyzedToken]:
    """The tokens that are searched for: with terms, and not stop words unless ``keep_stopwords``
    (a phrase: stop words are indexed, and ``"a Kazakhstan"`` needs its ``a``)."""
    return [tok for tok in tokens if tok.terms and (keep_stopwords or not tok.stopword)]


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


def _with_arabic_readings(
    tokens: Sequence[AnalyzedToken],
    across: dict[int, tuple[str, frozenset[str], tuple[tuple[str, float], ...]]],
    analyze_fn: AnalyzeFn,
) -> dict[int, tuple[str, frozenset[str], tuple[tuple[str, float], ...]]]:
    """``across`` with each Arabic word's other readings added to its position's other
    spellings, which weigh :data:`CROSS_SCRIPT_WEIGHT` as they do: the word with the other
    person's prefix (:func:`analyzers.arabic.other_person`: ``تحد`` also ``يحد``, a question's
    verb meets its answer's other subject) and the word as a text writes it after ``و``
    (:func:`analyzers.arabic.with_conjunction`: ``انتهت`` also ``وانتهت``, which the stemmers
    do not take off), a word after ``لل`` as the word with the article
    (:func:`analyzers.arabic.with_article`: ``للكويت`` also ``الكويت``), and a word after ``ب ف ك ل``
    without the article as the word alone (:func:`analyzers.arabic.without_preposition`: ``لكندا``
    also ``كندا``).  At the lower weight, a name that begins like a verb (``يونس``) still ranks its
    own texts first."""
    out = dict(across)
    for tok in tokens:
        if tok.chain != "ar" or tok.span > 1:
            continue
        word = normalize_arabic(tok.surface)
        readings = set(other_person(word, tok.terms))
        for written in (with_conjunction(word), with_article(word), without_preposition(word)):
            if written is not None:
                readings.update(t for a in analyze_fn(written, "query")[:1] for t in a.terms)
        other = frozenset(readings).difference(tok.terms)
        if other:
            surface, terms, lower = out.get(tok.pos, (tok.surface, frozenset(), ()))
            out[tok.pos] = (surface, terms | other, lower)
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


def _sequence(fields: tuple[str, ...], slots: list[tuple[int, frozenset[str]]], more: int = 0) -> wq.Query:
    """The words of ``slots`` in order, as far apart as in the query, or up to ``more`` words
    further apart (a phrase's ``~N``)."""
    slop = max(b[0] - a[0] for a, b in zip(slots, slots[1:])) + more
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
    phrase_slots: Sequence[tuple[int, frozenset[str]]] = (),
) -> list[wq.Query]:
    """One query per independent unit: each word or code of a plain clause, or the whole phrase
    (``phrase_slots``: every word of it, stop words included)."""
    if clause.phrase and len(phrase_slots) > 1:
        return [_sequence(_fields(clause), list(phrase_slots), clause.slop)]
    if clause.phrase and not slots:
        slots = list(phrase_slots)  # a quoted stop word alone ("the") is searched for
    if not slots:
        return []
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


def language_filter(langs: Sequence[str], terms: Collection[str]) -> wq.Query:
    """Passages in one of ``langs``, or holding one of the query's ``terms`` written in one of them.

    A passage's ``lang`` is its majority script; a Russian word in a mostly English passage
    is still a Russian word matched, so ``--lang ru`` finds it.

    >>> language_filter(["ru"], {"казахстан", "kazakhstan"})
    Or([Term('lang', 'ru'), Term('text', 'казахстан')])
    """
    from polyseek.corpus.language import detect_language  # only with a language filter (~10 ms of regexes)

    wanted = set(langs)
    qs = [wq.Term(LANG, lang) for lang in langs]
    qs += [wq.Term(TEXT, t) for t in sorted(terms) if detect_language(t) in wanted]
    return qs[0] if len(qs) == 1 else wq.Or(qs)


#: ``prefix`` -> what it expands to (:func:`searcher.prefix.expand_prefix` over an index).
PrefixLookup = Callable[[str], PrefixExpansion]
#: Whether any passage matches a phrase query (stop words included), for the phrase fallback.
PhraseCheck = Callable[[wq.Query], bool]


def _one(qs: Sequence[wq.Query], op=wq.And) -> wq.Query:
    return qs[0] if len(qs) == 1 else op(list(qs))


class _Builder:
    """Compiles a parsed query tree, collecting what to highlight and how to score documents."""

    def __init__(
        self,
        analyze_fn: AnalyzeFn,
        cross_script: CrossScriptLookup | None,
        prefixes: PrefixLookup | None,
        phrase_exists: PhraseCheck | None = None,
        family: FamilyLookup | None = None,
    ) -> None:
        self.analyze_fn = analyze_fn
        self.family_of = functools.cache(family) if family is not None and STEM_FAMILY_WEIGHT > 0 else None
        self.phrase_exists = phrase_exists
        self.cross_script = functools.cache(cross_script) if cross_script is not None else None
        self.prefixes = prefixes
        self.excluded: list[wq.Query] = []
        self.highlight: set[str] = set()
        self.title_highlight: set[str] = set()
        self.words: dict[frozenset[str], frozenset[str]] = {}  # a word's terms -> its other-script terms
        self.across_weights: dict[frozenset[str], dict[str, float]] = {}
        self.family: dict[frozenset[str], frozenset[str]] = {}  # a word's terms -> its stem family's
        self.crossed: dict[str, frozenset[str]] = {}
        self.code_parts: list[tuple[frozenset[str], frozenset[str]]] = []
        self.stopwords: dict[frozenset[str], None] = {}  # the stop words of plain clauses, in order
        self.notices: list[str] = []
        self._negative = 0  # inside an excluded group: nothing to highlight or score

    def clause(self, clause: Clause) -> list[wq.Query]:
        """The queries of one clause: one per word or code, or one for a phrase; records what it highlights."""
        negative = clause.excluded or self._negative > 0
        analysed = [] if clause.prefix else self.analyze_fn(clause.text, "query")
        tokens = _words(analysed)
        if clause.prefix:
            slots = self._prefix_slots(clause.text)
        else:
            slots = _slots(tokens, hyphenated=not clause.phrase)
        phrase_slots = _slots(_words(analysed, keep_stopwords=True)) if clause.phrase else []
        if clause.phrase and 0 < len(slots) < len(phrase_slots) and self.phrase_exists is not None and not negative:
            # A phrase is matched word for word, stop words included; when no passage has it so,
            # it falls back to its other words in order (as Lucene's analyzers read every phrase).
            if not self.phrase_exists(_sequence(_fields(clause), list(phrase_slots), clause.slop)):
                phrase_slots = slots
                self.notices.append(f'no passage has "{clause.text}" word for word: matched without its stop words')
        codes = {} if clause.phrase else _codes(tokens)
        across: dict[int, tuple[str, frozenset[str], tuple[tuple[str, float], ...]]] = {}
        if not (clause.phrase or negative or clause.field == "title"):
            if self.cross_script is not None:
                across = _cross_script_slots(tokens, self.cross_script) | _cross_script_codes(
                    analysed, codes, self.cross_script
                )
            across = _with_arabic_readings(tokens, across, self.analyze_fn)
            for word, terms, _ in across.values():
                self.crossed[word] = self.crossed.get(word, frozenset()) | terms
        qs = _clause_queries(clause, slots, across, codes, phrase_slots)
        family: dict[int, frozenset[str]] = {}
        if self.family_of is not None and not (clause.phrase or clause.prefix or negative or clause.field == "title"):
            covered = {pos for t in tokens if t.chain == CODE_CHAIN for pos in range(t.pos, t.pos + t.span)}
            for tok in tokens:
                if tok.chain == "ru" and tok.span == 1 and tok.pos not in covered:
                    family[tok.pos] = family.get(tok.pos, frozenset()) | self.family_of(tok.surface, frozenset(tok.terms))
        if not (clause.phrase or clause.prefix or negative or clause.field == "title"):
            # they match nothing, but weigh a little in the document score (STOPWORD_WEIGHT)
            self.stopwords.update((frozenset(t.terms), None) for t in analysed if t.stopword and t.terms and t.span == 1)
        if not qs or negative:
            return qs
        if clause.field == "title":
            self.title_highlight.update(t for _, terms in slots for t in terms)
            return qs
        inside = -1
        for pos, terms in slots:
            if pos in codes:  # the code is the word that documents are scored by
                code = codes[pos]
                inside = pos + code.span - 1
                self.highlight.update(code.terms)
                code_terms = frozenset(code.terms)
                self.words[code_terms] = self.words.get(code_terms, frozenset()) | (
                    across[pos][1] if pos in across else frozenset()
                )
                parts = frozenset().union(*(t for p, t in slots if pos <= p <= inside))
                self.code_parts.append((frozenset(code.terms), parts))
            if pos > inside:
                self.highlight.update(terms)
                self.words[terms] = self.words.get(terms, frozenset()) | (
                    across[pos][1] if pos in across else frozenset()
                )
                if family.get(pos):
                    self.family[terms] = self.family.get(terms, frozenset()) | (family[pos] - terms)
                if pos in across:
                    lower = self.across_weights.setdefault(terms, {})
                    for t, w in across[pos][2]:
                        lower[t] = min(lower.get(t, w), w)
        return qs

    def _phrase_or_words(self, clause: Clause) -> Clause:
        """``clause``, or, for a quoted phrase (without ``~N``) that no passage holds word for
        word (a title the text words differently), its words as if typed without quotes (any
        of them, the more the better, as Lucene reads a question), with a notice."""
        if not clause.phrase or clause.slop or clause.excluded or self.phrase_exists is None:
            return clause
        slots = _slots(_words(self.analyze_fn(clause.text, "query"), keep_stopwords=True))
        if len(slots) < 2 or self.phrase_exists(_sequence(_fields(clause), slots, clause.slop)):
            return clause
        self.notices.append(f'no passage has "{clause.text}": searched for its words')
        return dataclasses.replace(clause, phrase=False, required=False, slop=0)

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

        At the ``top``, each word of a clause is a unit of its own (``Issyk Kul`` typed as
        one clause is two optional words); inside a group a clause's words go together."""
        required: list[wq.Query] = []
        should: list[wq.Query] = []
        for item in group.items:
            if item.excluded:
                self.exclude(item)
                continue
            if top and isinstance(item, Clause):
                if len(group.items) > 1:  # a phrase alone is what the user wants, or nothing
                    item = self._phrase_or_words(item)
                qs = self.clause(item)
                if item.phrase and not item.required and len(group.items) > 1:
                    # beside other clauses, an optional phrase's words count as words too
                    qs = qs + self.clause(dataclasses.replace(item, phrase=False, slop=0))
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
    *,
    analyze_fn: AnalyzeFn,
    cross_script: CrossScriptLookup | None = None,
    prefixes: PrefixLookup | None = None,
    phrase_exists: PhraseCheck | None = None,
    family: FamilyLookup | None = None,
) -> CompiledQuery:
    """Build the Whoosh queries for ``parsed`` (page furniture only with ``include_boilerplate``);
    words also match across scripts when given a ``cross_script`` lookup, and prefixes
    (``олимп*``) match through a ``prefixes`` lookup (without one they match nothing); a
    phrase with stop words that ``phrase_exists`` says no passage holds is matched without them;
    a Russian word's stem family (``family``) adds to the document score only;
    ``analyze_fn``: the index's own analyzer (see :class:`searcher.context.QueryContext`).

    Raises :class:`searcher.limits.QueryTooLargeError` for a query of more than
    :data:`searcher.limits.MAX_QUERY_WORDS` words, before any lookup.
    """
    analyze_fn = functools.cache(analyze_fn)  # a clause is read for the limit, then compiled (a phrase twice)
    check_query_words(
        sum(
            len(_slots(_words(analyze_fn(c.text, "query"), keep_stopwords=c.phrase)))
            for c in parsed.clauses
        )
        + len(parsed.dates)
    )
    b = _Builder(analyze_fn, cross_script, prefixes, phrase_exists, family)
    scoring = b.group(parsed.root, top=True)
    own = frozenset().union(*b.words)  # a family never holds another query word's own terms
    filters: list[wq.Query] = []
    if parsed.langs:
        filters.append(language_filter(parsed.langs, b.highlight.union(*b.crossed.values())))
    filters.extend(date_filter(low, high) for low, high in parsed.dates)
    return CompiledQuery(
        scoring=scoring,
        exclude=_one(b.excluded, wq.Or) if b.excluded else None,
        filter=_one(filters) if filters else None,
        highlight_terms=frozenset(b.highlight),
        words=tuple(
            QueryWord(
                terms,
                other,
                tuple(sorted(b.across_weights.get(terms, {}).items())),
                family=b.family.get(terms, frozenset()) - own,
            )
            for terms, other in b.words.items()
        )
        + tuple(QueryWord(t, weight=STOPWORD_WEIGHT) for t in b.stopwords if t not in b.words and STOPWORD_WEIGHT > 0),
        include_boilerplate=include_boilerplate,
        cross_script=tuple(b.crossed.items()),
        codes=tuple(dict.fromkeys(b.code_parts)),
        notices=tuple(b.notices),
        title_terms=frozenset(b.highlight | b.title_highlight),
    )
