"""Did you mean: corrections for query words from the index's own surface forms.

The ``words`` field holds every word of every passage as written, only normalised
(:func:`analyzers.surface.surface_form`: no lemmas, no stems), so a correction is a real
word of the collection, shown the way it is spelt.  Whoosh's own corrector reads the
terms of the searched field, which here are lemmas and stems ("олимпийск..."), hence
this field of its own; the edit-distance search over it is Whoosh's (a Levenshtein
automaton run against each segment's sorted lexicon).

A word is corrected when

- it finds nothing: none of its terms is in ``text`` or ``title``, and it matches no
  name across scripts; or
- the whole query found fewer than :data:`SUGGEST_BELOW` documents and the word matched
  only across scripts (``Казахстн`` finding ``كازاخستان``; the correction must then
  occur more often than that match has passages), or is rare -- it occurs at most
  :data:`RARE_COUNT` times *in all its forms* (``споров`` counts every form of ``спор``),
  and is not a word of the Russian dictionary -- while a word one edit away occurs at
  least :data:`RARE_RATIO` times as often and is not just another form of it (no shared
  lemma or stem).

Prefix clauses (``олимп*``) are never corrected: they match whatever the vocabulary has.

The correction is the most frequent surface form of the same script at the smallest
edit distance: 1, or 2 for words of :data:`TWO_EDITS_FROM` letters or more.  Excluded
words (``-word``) are never corrected.

Its cost is bounded, whatever the query: a word of more than :data:`MAX_CORRECTED_LETTERS`
letters is not corrected (the edit-distance automaton grows with the word: a 10,000-letter
word took over a minute), at most :data:`MAX_CORRECTED_WORDS` words of a query go through
the corrector, and it stops looking after :data:`SUGGEST_SECONDS` of its own thread's CPU time
(keeping what it found; CPU, not wall time, so a loaded machine gets the same suggestion).
Frequencies are occurrences in the indexed texts (the ``words`` field counts them per source file).

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.searcher import SearchIndex
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> with SearchIndex.create(Path(tempfile.mkdtemp()) / "ix") as ix:
    ...     _ = ix.add_path(samples)
    ...     ix.search("олимпийский кмитет").suggestion
    'олимпийский комитет'
"""

from __future__ import annotations

import time

from whoosh import query as wq
from whoosh.searching import Searcher

from polyseek.analyzers.surface import SURFACE_CHAINS, surface_form
from polyseek.index.records import TEXT, TITLE
from polyseek.searcher import cross_script as xs
from polyseek.searcher.cross_script import WORDS_FIELD
from polyseek.searcher.query import ParsedQuery

__all__ = [
    "MAX_CORRECTED_LETTERS",
    "MAX_CORRECTED_WORDS",
    "RARE_COUNT",
    "RARE_RATIO",
    "SUGGEST_BELOW",
    "SUGGEST_SECONDS",
    "TWO_EDITS_FROM",
    "WORDS_FIELD",
    "correct_word",
    "suggest",
]

#: A query that finds fewer documents than this also gets its rare words checked.
SUGGEST_BELOW = 3
#: A rare word occurs at most this many times ...
RARE_COUNT = 1
#: ... and is corrected only to a word that occurs at least this many times as often.
RARE_RATIO = 10
#: Words this long may be two edits away from their correction; shorter ones one edit.
TWO_EDITS_FROM = 5
#: Longer words are not corrected (no word of the three languages' dictionaries is this long).
MAX_CORRECTED_LETTERS = 32
#: At most this many words of one query are looked up for a correction ...
MAX_CORRECTED_WORDS = 8
#: ... and the lookups stop after this many seconds of the searching thread's CPU time (what was
#: found by then is suggested; ``time.thread_time``: other processes and threads do not count).
SUGGEST_SECONDS = 0.5


def _found_as_written(searcher: Searcher, terms: tuple[str, ...]) -> bool:
    reader = searcher.reader()
    return any(xs.live_occurrences(reader, field, term, stop_at=1) for field in (TEXT, TITLE) for term in terms)


def _found_across_scripts(
    searcher: Searcher, surface: str, chain: str, terms: tuple[str, ...], analyze_fn: xs.AnalyzeFn
) -> int:
    """How many passages the word matches across scripts."""
    found = xs.lookup(searcher.reader(), surface, chain, terms, analyze_fn)
    if found is None:
        return 0
    query = wq.Or([wq.Term(field, t) for field in (TEXT, TITLE) for t in sorted(found.terms)])
    return sum(1 for _ in searcher.docs_for_query(query))


def _occurrences_of_forms(searcher: Searcher, terms: tuple[str, ...], stop_at: int) -> int:
    """How often a word occurs in the texts in any of its forms (any of its ``terms``), up to ``stop_at``."""
    reader, total = searcher.reader(), 0
    for term in terms:
        total += xs.live_occurrences(reader, "text", term, stop_at=stop_at - total)
        if total >= stop_at:
            break
    return total


def _dictionary_word(surface: str, chain: str) -> bool:
    """Whether the word is in its language's dictionary (only Russian has one here: pymorphy3's)."""
    if chain != "ru":
        return False
    from polyseek.analyzers.chains import name_readings  # from the index's word cache when it has the word
    from polyseek.analyzers.russian import normalize_russian

    return name_readings(normalize_russian(surface).lower())[0]


def _occurrences(searcher: Searcher, word: str) -> int:
    """How often ``word`` occurs in the indexed texts (deleted ones not counted)."""
    return xs.live_occurrences(searcher.reader(), WORDS_FIELD, word) if word else 0


def _within(searcher: Searcher, form: str, maxdist: int) -> set[str]:
    found: set[str] = set()
    for leaf, _ in searcher.reader().leaf_readers():  # per segment: the automaton path
        if WORDS_FIELD in leaf.schema:
            found.update(leaf.terms_within(WORDS_FIELD, form, maxdist))
    found.discard(form)
    return found


def correct_word(
    searcher: Searcher,
    surface: str,
    chain: str,
    terms: tuple[str, ...],
    min_count: int = 1,
    *,
    analyze_fn: xs.AnalyzeFn,
    deadline: float | None = None,
) -> str | None:
    """The best correction of one word, as a normalised surface form, or None.

    Candidates are surface forms of the same language chain that share no term with
    the word (by ``analyze_fn``, the index's analyzer) and occur at least ``min_count`` times.
    A word of more than :data:`MAX_CORRECTED_LETTERS` letters gets None; past ``deadline``
    (a ``time.thread_time()`` value) the best candidate seen so far is returned.
    """
    form = surface_form(surface, chain)
    if not form or len(form) > MAX_CORRECTED_LETTERS:
        return None
    seen: set[str] = set()
    for maxdist in (1, 2) if len(form) >= TWO_EDITS_FROM else (1,):
        best: tuple[int, str] | None = None
        for cand in sorted(_within(searcher, form, maxdist) - seen):
            if deadline is not None and time.thread_time() > deadline:
                return best[1] if best is not None else None
            seen.add(cand)
            tokens = analyze_fn(cand, "query")
            if len(tokens) != 1 or tokens[0].chain != chain or tokens[0].stopword:
                continue
            if not set(tokens[0].terms).isdisjoint(terms):
                continue  # another form of the same word, not a correction
            count = _occurrences(searcher, cand)
            if count >= min_count and (best is None or count > best[0]):
                best = (count, cand)
        if best is not None:
            return best[1]
    return None


def _same_case(correction: str, surface: str) -> str:
    if len(surface) > 1 and surface.isupper():
        return correction.upper()
    if surface[:1].isupper():
        return correction[:1].upper() + correction[1:]
    return correction


def suggest(
    searcher: Searcher,
    parsed: ParsedQuery,
    total: int,
    cross_script: bool = True,
    *,
    analyze_fn: xs.AnalyzeFn,
) -> str | None:
    """The query with its misspelt words corrected, or None when there is nothing to correct.

    ``total`` is how many documents the query found; ``cross_script`` whether it was
    searched across scripts (a name found that way is not misspelt); ``analyze_fn`` the
    index's own analyzer.  Bounded as the module docstring says.
    """
    if WORDS_FIELD not in searcher.schema:
        return None  # an index made before the field existed
    deadline = time.thread_time() + SUGGEST_SECONDS
    corrections: dict[str, str] = {}
    checked: set[str] = set()
    budget = MAX_CORRECTED_WORDS

    def correct(tok, min_count: int) -> str | None:
        nonlocal budget
        budget -= 1
        return correct_word(
            searcher, tok.surface, tok.chain, tok.terms, min_count, analyze_fn=analyze_fn, deadline=deadline
        )

    for clause in parsed.clauses:
        if clause.excluded or clause.prefix:
            continue
        for tok in analyze_fn(clause.text, "query"):
            if budget <= 0 or time.thread_time() > deadline:
                break
            if tok.stopword or tok.chain not in SURFACE_CHAINS or tok.surface in checked:
                continue
            checked.add(tok.surface)
            fix = None
            if not _found_as_written(searcher, tok.terms):
                across = 0
                if cross_script:
                    across = _found_across_scripts(searcher, tok.surface, tok.chain, tok.terms, analyze_fn)
                if not across or total < SUGGEST_BELOW:
                    # a name found across scripts is only corrected to a word found more often
                    fix = correct(tok, across + 1)
            elif total < SUGGEST_BELOW and not _dictionary_word(tok.surface, tok.chain):
                n = _occurrences_of_forms(searcher, tok.terms, stop_at=RARE_COUNT + 1)
                if 0 < n <= RARE_COUNT:
                    fix = correct(tok, RARE_RATIO * n)
            if fix is not None:
                corrections[tok.surface] = _same_case(fix, tok.surface)
    if not corrections:
        return None
    raw, out, last = parsed.raw, [], 0
    for tok in analyze_fn(raw, "query"):
        if tok.surface in corrections:
            out.append(raw[last : tok.start])
            out.append(corrections[tok.surface])
            last = tok.end
    out.append(raw[last:])
    suggestion = "".join(out)
    return suggestion if suggestion != raw else None
