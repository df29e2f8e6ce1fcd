"""Cross-script lookup: a query word -> its keys -> the other scripts' spellings in the index.

The ``translit`` field is a lexicon of ``key|spelling`` entries (see
:mod:`analyzers.translit`): for a query word, each of its keys is looked up by prefix,
which yields the words of the other scripts that share the key, as they occur in the
collection (``Kulibayev`` -> ``cf:kalabav`` -> ``кулибаев``, ``кулибаева``).  Those
spellings are then analysed like any word, and their terms are searched in ``text`` and
``title``: a cross-script match is an ordinary match of another word, weighted lower.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.analyzers import analyze
    >>> from polyseek.searcher import SearchIndex
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> with SearchIndex.create(Path(tempfile.mkdtemp()) / "ix") as ix:
    ...     _ = ix.add_path(samples)
    ...     with ix._pix.searcher() as s:
    ...         found = lookup(s.reader(), "Kulibayev", "en", ("kulibayev",), analyze)
    >>> found.spellings, sorted(found.terms)
    (('кулибаев', 'кулибаева'), ['кулибаев', 'кулибай'])
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

from polyseek.analyzers import AnalyzedToken
from polyseek.analyzers.arabic_dictionary import ordinary_arabic_word
from polyseek.analyzers.capitals import PLAIN_KEY
from polyseek.analyzers.chains import ARABIC_FUNCTION_TERMS, REMEMBERED, store_for
from polyseek.analyzers.dictionary import ordinary_english_word
from polyseek.analyzers.people import other_people
from polyseek.analyzers.places import is_name_of, other_names
from polyseek.analyzers.stopwords import default_policy, stopword_set
from polyseek.analyzers.surface import MIN_SURFACE_LETTERS, surface_form
from polyseek.analyzers.translit import (
    ENTRY_SEPARATOR,
    MIN_SYLLABLE_LETTERS,
    SCRIPT_OF_CHAIN,
    agrees_with_arabic,
    arabic_name_like,
    chinese_syllable,
    fine_keys,
    index_keys,
    is_plausible_name,
    korean_syllable,
    query_keys,
    russian_name_lemmas,
    skeleton_keys,
)
from polyseek.index import records

__all__ = [
    "FIELD",
    "KEPT_LOOKUPS",
    "MAX_PLACE_CANDIDATES",
    "MAX_SPELLINGS",
    "NAME_SHARE",
    "WORDS_FIELD",
    "AnalyzeFn",
    "CrossScriptMatch",
    "Lookups",
    "dictionary_word",
    "live_occurrences",
    "lookup",
    "ordinary_word",
    "place_spellings",
    "rarity_caps",
    "spellings",
]

#: The lexicon field of ``key|spelling`` entries.
FIELD = records.TRANSLIT

#: At most this many spellings per query word, the most frequent first, so that a key
#: shared by many words (a short one) cannot flood a query.
MAX_SPELLINGS = 12

#: Query words whose :func:`lookup` a :class:`Lookups` keeps (the oldest goes first).
KEPT_LOOKUPS = 2048

#: At most this many words sharing a key with a place's name are compared with it.
MAX_PLACE_CANDIDATES = 200

#: A Latin or Cyrillic word counts as a name in the collection when at least this share
#: of its occurrences is capitalised (names nearly always are; an ordinary word only at
#: the start of a sentence or in a headline).
NAME_SHARE = 0.5

#: A word's occurrences whose capital tells nothing are left out of :func:`_mostly_capitalised`'s
#: counts only when at least this many others remain (a word met twice in titles and once
#: in a text is not judged on that one).
MIN_JUDGED = 3

#: The field of surface forms with their occurrences (see :mod:`index.schema`).
WORDS_FIELD = records.WORDS

#: A term of an Arabic spelling of a Latin or Cyrillic query word is searched only when at
#: most this many times as many passages have it as the texts have the spelling
#: (:func:`_arabic_name_terms`; a real name's stem: *Newton* ``نيوتن`` ``نيو`` 14, *Apollo*
#: ``ابولو`` ``ابول`` 11, most under 5; an ordinary word's: 28-9,000, at 110,000 documents).
STEM_SPREAD = 20

#: ``analyze(text, mode)``: the index's own analyzer (its settings are pinned in the index).
AnalyzeFn = Callable[[str, str], list[AnalyzedToken]]


@dataclass(frozen=True, slots=True)
class CrossScriptMatch:
    """The other scripts' spellings of a query word found in the index, and their terms.

    ``caps`` (term, at most 1) scale their weight so that a spelling rarer in the
    collection than the word as typed counts no more than the word would
    (:func:`rarity_caps`); a term not listed has 1.
    """

    spellings: tuple[str, ...]
    terms: frozenset[str]
    caps: tuple[tuple[str, float], ...] = ()


def _idf(reader, term: str) -> float:
    """Whoosh's idf of a term of ``text`` (as its BM25F scorer computes it)."""
    return math.log(reader.doc_count_all() / (reader.doc_frequency(records.TEXT, term) + 1)) + 1


def rarity_caps(reader, own: tuple[str, ...], others: frozenset[str]) -> tuple[tuple[str, float], ...]:
    """``(term, idf(word) / idf(term))`` for the other spellings' terms rarer than the word
    as typed (none when the word as typed is not in the texts).

    BM25 gives a rare term more weight than a common one, so a name that the collection
    writes mostly in Russian (``Казахстан`` in many passages, ``كازاخستان`` in one) would
    rank its rare Arabic spelling, even at half weight, above the Russian texts that have
    the word as typed.  Scaled by this cap, the other spelling's weight is no more than
    the word's own, times :data:`searcher.compile.CROSS_SCRIPT_WEIGHT`: the word as typed
    comes first, and a spelling found only in other scripts keeps its full weight.
    """
    present = [t for t in own if reader.doc_frequency(records.TEXT, t)]
    if not present or not others:
        return ()
    word = min(_idf(reader, t) for t in present)  # the most common reading of the word
    return tuple((t, word / idf) for t in sorted(others) if (idf := _idf(reader, t)) > word)


def _form(surface: str, chain: str) -> str:
    """A word's surface form as the ``translit`` field keeps it (a Mandarin syllable may have two letters)."""
    return surface_form(surface, chain, MIN_SYLLABLE_LETTERS)


def _capitals(reader, form: str, keys: tuple[str, ...]) -> tuple[int, int]:
    """Occurrences of ``form`` written capitalised, and of those the ones capitalised where any
    word is (the ``^key|form`` entries, :mod:`analyzers.capitals`), under the first key of
    ``keys`` that has the most (each keyed occurrence counts once per key; the index counts
    the second kind under a word's first key only, the fine key of its surface, which is the
    first of the keys a Latin or Cyrillic word asks about itself)."""
    best = (0, 0)
    for k in keys:
        capitalised = int(reader.frequency(FIELD, f"{k}{ENTRY_SEPARATOR}{form}"))
        if capitalised > best[0]:
            best = (capitalised, int(reader.frequency(FIELD, f"{PLAIN_KEY}{k}{ENTRY_SEPARATOR}{form}")))
    return best


def _mostly_capitalised(reader, form: str, keys: tuple[str, ...], terms: tuple[str, ...] = ()) -> bool:
    """Whether at least :data:`NAME_SHARE` of the occurrences of ``form`` are capitalised (as
    counted under ``keys``); a form too short for the ``words`` field (*си*) is counted by its
    ``terms`` in the texts.

    Occurrences capitalised where any word is (first in a short line: verse, a title; in a
    headline in capitals: :mod:`analyzers.capitals`) are left out of both counts when at
    least :data:`MIN_JUDGED` others remain: a poem's *Гора* at the start of its lines, a
    news agency's *BUYS* in its headlines and an encyclopedia's *Oxygen* in the titles of its
    article's passages are judged on the rest of the texts (an index made before those were
    counted has none: every occurrence counts)."""
    if len(form) < MIN_SURFACE_LETTERS:
        total = max((int(reader.frequency(records.TEXT, t)) for t in terms), default=0)
    else:
        total = int(reader.frequency(WORDS_FIELD, form)) if WORDS_FIELD in reader.schema else 0
    capitalised, plain = _capitals(reader, form, keys)
    if plain and total - plain >= MIN_JUDGED:
        return capitalised - plain >= NAME_SHARE * (total - plain)
    return capitalised >= NAME_SHARE * total


def ordinary_word(reader, surface: str, chain: str, terms: tuple[str, ...]) -> bool:
    """A Latin or Cyrillic query word the texts have, but mostly not capitalised: no name.

    English has no dictionary here to tell names from words (pymorphy3 does that for
    Russian), so the collection decides: ``game`` is not looked up in other scripts when
    the texts write *game* more often than *Game*; ``golovkin`` is, when they have
    *Golovkin*, or no such word at all.
    """
    if chain not in ("en", "ru") or not any(reader.doc_frequency(records.TEXT, t) for t in terms):
        return False
    form = _form(surface, chain)
    keys = index_keys(surface[:1].upper() + surface[1:], chain, terms)
    return not _mostly_capitalised(reader, form, keys, terms)


def dictionary_word(reader, surface: str, chain: str, terms: tuple[str, ...]) -> bool:
    """A query word a dictionary lists as an ordinary word: no name.  A Latin word typed in
    lower case that the texts lack (:func:`analyzers.dictionary.ordinary_english_word`), an
    Arabic word whatever the texts hold (:func:`analyzers.arabic_dictionary.ordinary_arabic_word`).

    Where the texts have a Latin word, :func:`ordinary_word` lets the collection decide; where
    they have not, this keeps *change* from being read as a name and matching *Кинг*.  Arabic
    has no capitals for the collection to decide by: ``بطن`` ("belly") matched *button*.
    Russian needs no such rule: a word pymorphy3 knows without a name reading gets no keys
    (:func:`analyzers.translit.is_plausible_name`).
    """
    if chain == "ar":
        return ordinary_arabic_word(surface)
    if chain != "en" or any(reader.doc_frequency(records.TEXT, t) for t in terms):
        return False
    return ordinary_english_word(surface)


def _arabic_name_terms(reader, spelling: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    """The ``terms`` of an Arabic spelling (found for a Latin or Cyrillic query word) that at
    most :data:`STEM_SPREAD` times as many passages have as the texts have the spelling.  A
    stem far more common than the name is the stem of other words: the stemmer took letters
    of the name for an affix (``امرتك``, found for *Amertek*, has the term ``امر``, "order",
    in 9,000 passages of 110,000 documents, and ``امرتك`` in one), or the spelling is an
    ordinary word (``بتعاون``, "with cooperation", found for *Putin* by its letters: ``تعا``
    in 5,080 passages against 66).  A spelling too short for the ``words`` field keeps them all.
    """
    form = _form(spelling, "ar")
    if len(form) < MIN_SURFACE_LETTERS or WORDS_FIELD not in reader.schema:
        return terms
    most = STEM_SPREAD * max(1, int(reader.frequency(WORDS_FIELD, form)))
    return tuple(t for t in terms if reader.doc_frequency(records.TEXT, t) <= most)


def live_occurrences(reader, fieldname: str, term: str, stop_at: int | None = None) -> int:
    """Occurrences of ``term`` in documents that are not deleted, counting up to ``stop_at``.

    A segment's lexicon (and ``reader.frequency``) keeps counting the passages of a
    replaced or removed file until the segment is merged; its postings skip them.
    """
    total = 0
    for leaf, _ in reader.leaf_readers():
        if (fieldname, term) in leaf:
            m = leaf.postings(fieldname, term)  # skips deleted documents
            while m.is_active():
                total += int(m.weight())
                if stop_at is not None and total >= stop_at:
                    return total
                m.next()
    return total


def spellings(reader, keys: tuple[str, ...], limit: int = MAX_SPELLINGS) -> dict[str, int]:
    """Words of the index that have one of ``keys`` -> their keyed occurrences, most first.

    A spelling counts the largest of its entries' occurrences (``reader.frequency``: the
    segments' counts summed, deleted passages included) among the entries that a live
    passage still has. Each segment's entries under a key are read with their statistics
    in one pass over its lexicon (:func:`_keyed_entries`), not looked up one by one: a short
    key shares its prefix with hundreds of entries in a large collection.
    """
    if FIELD not in reader.schema:
        return {}
    count: dict[str, int] = {}
    for key in keys:
        prefix = f"{key}{ENTRY_SEPARATOR}"
        for entry, (frequency, live) in _keyed_entries(reader, prefix).items():
            if not live:
                continue  # only in a replaced or removed file
            spelling = entry[len(prefix) :]
            count[spelling] = max(count.get(spelling, 0), int(frequency))
    return dict(sorted(count.items(), key=lambda item: (-item[1], item[0]))[:limit])


def _keyed_entries(reader, prefix: str) -> dict[str, tuple[float, bool]]:
    """Each entry of :data:`FIELD` that starts with ``prefix`` -> (its frequency summed over
    the segments in order, as ``reader.frequency`` sums it; whether a live passage has it,
    as :func:`live_occurrences` with ``stop_at=1`` tells)."""
    found: dict[str, list] = {}
    for leaf, _ in reader.leaf_readers():
        deleted = leaf.deleted_docs_set if leaf.has_deletions() else frozenset()
        for btext, info in leaf.iter_prefix(FIELD, prefix):
            entry = btext.decode("utf-8")
            got = found.get(entry)
            if got is None:
                got = found[entry] = [0, False]
            got[0] += info.weight()
            if not got[1]:
                got[1] = _live(leaf, info, entry, deleted)
    return {entry: (frequency, live) for entry, (frequency, live) in found.items()}


def _live(leaf, info, entry: str, deleted: frozenset[int]) -> bool:
    """Whether a live passage of segment ``leaf`` has ``entry`` (``info``: its term info there)."""
    if info.is_inlined():  # a lexicon entry's few postings are in its term info
        ids, weights, _ = info.inlined_postings()
        return any(int(w) >= 1 for d, w in zip(ids, weights) if d not in deleted)
    m = leaf.postings(FIELD, entry)  # skips deleted documents
    while m.is_active():
        if int(m.weight()) >= 1:
            return True
        m.next()
    return False


@functools.lru_cache(maxsize=16)
def _function_stems(analyze_fn: AnalyzeFn) -> frozenset[str]:
    """The terms of the Arabic function words under an analyzer (``كانوا`` "they were" has the
    term of ``كان``): the whole stopwordsiso list (``iso``; only part of it is skipped in a
    query), none under the policy ``none``."""
    analyzer = getattr(analyze_fn, "__self__", None)
    policy = getattr(analyzer, "stopwords", None)  # the index's own policy
    if (policy or default_policy()) == "none":
        return frozenset()
    # kept as one value by the index's writer: the words lie in ~450 of its word cache's
    # shards, each read for one word (40 ms of a process's first name at 110,000 documents)
    settings = getattr(analyzer, "settings", None)
    store = store_for(settings) if settings is not None else None
    kept = store.get(REMEMBERED, ARABIC_FUNCTION_TERMS) if store is not None else None
    if kept is not None:
        return frozenset(kept)
    return frozenset(t for w in stopword_set("ar", "iso") for tok in analyze_fn(w, "query") for t in tok.terms)


def _plausible(
    reader, word: tuple[str, str, tuple[str, ...]], spelling: str, keys: tuple[str, ...], analyze_fn: AnalyzeFn
) -> bool:
    """Whether a spelling found by ``keys`` can be the query word in another script."""
    tokens = analyze_fn(spelling, "query")
    if len(tokens) != 1 or tokens[0].stopword:
        return False
    chain, terms = tokens[0].chain, tokens[0].terms
    if chain == "ar" and set(terms) <= _function_stems(analyze_fn):
        return False  # a form of a function word (كانوا, كانا), no name
    surface, word_chain, word_terms = word
    if chain != "ar" and not _mostly_capitalised(reader, spelling, keys, terms):
        return False  # an ordinary word that is sometimes capitalised
    if chain == "ar":  # no ordinary word (البطن "the belly" for *Putin*)
        return (
            arabic_name_like(spelling)
            and not ordinary_arabic_word(spelling)
            and agrees_with_arabic(spelling, surface, word_chain, word_terms)
        )
    if word_chain == "ar":
        return agrees_with_arabic(surface, spelling, chain, terms)
    return True


def _short_arabic_name(reader, name: str, analyze_fn: AnalyzeFn) -> tuple[str, int] | None:
    """An Arabic name too short for a key (``وو`` *Wu*, ``يو`` *Yu*) as a word of the texts, with
    its occurrences; None when the texts lack it or it is a form of a function word (``لي``)."""
    form = surface_form(name, "ar", MIN_SYLLABLE_LETTERS)
    tokens = analyze_fn(form, "query") if form else []
    if len(tokens) != 1 or tokens[0].stopword or set(tokens[0].terms) <= _function_stems(analyze_fn):
        return None
    count = max((int(reader.frequency(records.TEXT, t)) for t in tokens[0].terms), default=0)
    return (form, count) if count else None


def _short_form_terms(spelling: str, analyze_fn: AnalyzeFn | None) -> tuple[str, ...]:
    """The terms of a spelling too short for the ``words`` field (how :func:`_mostly_capitalised`
    counts it); none for a longer one."""
    if analyze_fn is None or len(spelling) >= MIN_SURFACE_LETTERS:
        return ()
    return tuple(t for tok in analyze_fn(spelling, "query") for t in tok.terms)


def place_spellings(
    reader,
    surface: str,
    chain: str,
    terms: tuple[str, ...],
    people: bool = False,
    analyze_fn: AnalyzeFn | None = None,
) -> tuple[str, ...]:
    """Words of the index that name the same place as the query word in another script, by
    CLDR's names (:mod:`analyzers.places`: *Cairo* -> *Каир* -> ``каире``, ``القاهرة``), and
    with ``people`` the same person, by Wikidata's (:mod:`analyzers.people`: *Michael* ->
    *Майкл* -> ``майкла``, ``مايكل``).

    Each name in another script is looked up by the keys the index gives it (a Russian text
    word is keyed by its lemmas too, so *Каир*'s key finds ``каире``), and a spelling found
    is kept only when it is that name (a form of it), and, in Latin or Cyrillic, a name in
    the collection (mostly capitalised), as any spelling found by key.  An Arabic name too
    short for a key is looked up as a word of the texts, given ``analyze_fn``
    (:func:`_short_arabic_name`).
    """
    names = other_names(surface, chain, terms) + (other_people(surface, chain, terms) if people else ())
    out: dict[str, int] = {}
    for other, name in dict.fromkeys(names):
        kind = "s" if "ar" in (chain, other) else "f"
        prefix = f"{SCRIPT_OF_CHAIN[other]}{kind}:"
        keys = tuple(prefix + k for k in (fine_keys(name, other) if kind == "f" else skeleton_keys(name, other)))
        if syllable := chinese_syllable(name, other):
            keys += (f"{SCRIPT_OF_CHAIN[other]}p:{syllable}",)  # Wu = وو: Wu has no letter key
        if not keys and other == "ar" and analyze_fn is not None:
            if short := _short_arabic_name(reader, name, analyze_fn):
                out[short[0]] = max(out.get(short[0], 0), short[1])
            continue
        for spelling, n in spellings(reader, keys, limit=MAX_PLACE_CANDIDATES).items():
            if is_name_of(spelling, other, name) and (
                other == "ar" or _mostly_capitalised(reader, spelling, keys, _short_form_terms(spelling, analyze_fn))
            ):
                out[spelling] = max(out.get(spelling, 0), n)
    return tuple(s for s, _ in sorted(out.items(), key=lambda item: (-item[1], item[0])))


def _name_terms(reader, spelling: str, analyze_fn: AnalyzeFn) -> tuple[str, ...]:
    """The index terms a spelling is searched by: of a Russian one, the lemmas of its name
    readings when it has any (``толстой`` is searched as the surname, not as the adjective
    *толстый*); of an Arabic one, those not far more common than the spelling
    (:func:`_arabic_name_terms`); none leaves the spelling unsearched."""
    tokens = [t for t in analyze_fn(spelling, "query") if not t.stopword]
    if len(tokens) == 1 and tokens[0].chain == "ru":
        names = tuple(t for t in russian_name_lemmas(spelling) if t in tokens[0].terms)
        if names:
            return names
    if len(tokens) == 1 and tokens[0].chain == "ar":
        return _arabic_name_terms(reader, spelling, tokens[0].terms)
    return tuple(t for tok in tokens for t in tok.terms)


def _short_name(surface: str, chain: str, terms: tuple[str, ...], analyze_fn: AnalyzeFn) -> bool:
    """A query word too short for letter keys that may still be a name of the tables: a Mandarin
    or Korean syllable (*Xi*, *Си*, *Хе*), or an Arabic word of two letters that is no function
    word (``وو``)."""
    if chain == "ar":
        return len(surface) >= MIN_SYLLABLE_LETTERS and not set(terms) <= _function_stems(analyze_fn)
    return bool(chinese_syllable(surface, chain, query=True) or korean_syllable(surface, chain, query=True))


def _by_syllable_first(reader, keys: tuple[str, ...]) -> dict[str, int]:
    """:func:`spellings` of ``keys``, those of the Mandarin and Korean syllable keys (``cp:xi``,
    ``ck:PAK``) first.  When the Mandarin key finds a word, the letter keys of its script are
    not asked (a Pinyin syllable has one spelling by Palladius's table, and its letter key is
    loose: *Jian* = *Цзянь*, not *Сюнь*); a Korean key is a reading of a spelling that may be
    no Korean name (*Park*), so the letter keys are asked too."""
    mandarin = tuple(k for k in keys if k[1:3] == "p:")
    exact = spellings(reader, mandarin) if mandarin else {}
    if exact:
        keys = tuple(k for k in keys if k[0] != mandarin[0][0])
    korean = tuple(k for k in keys if k[1:3] == "k:")
    if korean:
        exact.update((s, n) for s, n in spellings(reader, korean).items() if s not in exact)
    rest = tuple(k for k in keys if k[1:3] not in ("p:", "k:"))
    return {**exact, **{s: n for s, n in spellings(reader, rest).items() if s not in exact}} if rest else exact


def lookup(
    reader,
    surface: str,
    chain: str,
    terms: tuple[str, ...],
    analyze_fn: AnalyzeFn,
    assume_name: bool = False,
) -> CrossScriptMatch | None:
    """The other scripts' spellings of a query word in the index, or None when there are none.

    A word the collection writes mostly in lower case (:func:`ordinary_word`) is looked up
    not at all; a lower-case dictionary word the collection lacks, or an Arabic word the
    dictionary lists as no name (:func:`dictionary_word`), only by its place names (a place is
    matched by name, not by letters: *mali*, *chad*; an Arabic word also by Wikidata's
    personal names); any other word also by the spellings Wikidata gives a personal name
    (*Michael* = *Майкл*).  Spellings are kept when they are names in the collection (mostly
    capitalised) and, across Arabic, when the dictionary does not list them as ordinary words
    and their long vowels agree (:func:`analyzers.translit.agrees_with_arabic`);
    the names CLDR gives the same place in the other scripts come first (:func:`place_spellings`);
    they are analysed with ``analyze_fn`` (pass the index's own analyzer).  ``assume_name``:
    the query word is taken for a name, whatever the dictionary and the collection say
    (the letters of a code such as ``Интернет2``).
    """
    if FIELD not in reader.schema or (not assume_name and ordinary_word(reader, surface, chain, terms)):
        return None
    by_letters = assume_name or not dictionary_word(reader, surface, chain, terms)
    keys = query_keys(surface, chain, terms, assume_name=assume_name) if by_letters else ()
    found = _by_syllable_first(reader, keys)
    kept = tuple(s for s in found if _plausible(reader, (surface, chain, terms), s, keys, analyze_fn))
    if assume_name or is_plausible_name(surface, chain, query=True) or _short_name(surface, chain, terms, analyze_fn):
        # an Arabic word the dictionary knows may still be a name the people table gives (هاري *Harry*)
        people = by_letters or chain == "ar"
        places = place_spellings(reader, surface, chain, terms, people=people, analyze_fn=analyze_fn)
        kept = tuple(dict.fromkeys(places + kept))[: max(MAX_SPELLINGS, len(places))]
    if not kept:
        return None
    # an Arabic spelling read two ways (غيرك: a name's letters, or غير "other than" + ك) is
    # searched by its other readings only: a function word's term is in most passages (a
    # name the tables give whose only term is one, كيفن *Kevin* -> كيف, keeps it)
    function_stems = _function_stems(analyze_fn)
    found_terms: set[str] = set()
    searched: list[str] = []
    for spelling in kept:
        name_terms = _name_terms(reader, spelling, analyze_fn)
        if name_terms:
            searched.append(spelling)
            found_terms.update([t for t in name_terms if t not in function_stems] or name_terms)
    found_terms.difference_update(terms)
    if not found_terms:
        return None
    return CrossScriptMatch(tuple(searched), frozenset(found_terms), rarity_caps(reader, terms, frozenset(found_terms)))


class Lookups:
    """:func:`lookup` over one reader (one committed state of the index, which does not change),
    each query word's answer kept: a search process that is asked a word again (the next page,
    a query refined around it) does not look it up again (a name's spellings in other scripts
    cost a few milliseconds: keys, lexicon prefixes, the capitalisation of each spelling).

    >>> import tempfile
    >>> from pathlib import Path
    >>> from polyseek.searcher import SearchIndex
    >>> samples = Path(__file__).resolve().parents[1] / "corpus" / "samples"
    >>> with SearchIndex.create(Path(tempfile.mkdtemp()) / "ix") as ix:
    ...     _ = ix.add_path(samples)
    ...     with ix._pix.searcher() as s:
    ...         lookups = Lookups(s.reader(), s.schema["text"].analyzer.analyze)
    ...         first = lookups("Kulibayev", "en", ("kulibayev",))
    ...         again = lookups("Kulibayev", "en", ("kulibayev",))
    >>> first is again, first.spellings
    (True, ('кулибаев', 'кулибаева'))
    """

    def __init__(self, reader, analyze_fn: AnalyzeFn) -> None:
        self.reader = reader
        self.analyze_fn = analyze_fn
        self._kept: dict[tuple, CrossScriptMatch | None] = {}

    def __call__(
        self, surface: str, chain: str, terms: tuple[str, ...], assume_name: bool = False
    ) -> CrossScriptMatch | None:
        key = (surface, chain, terms, assume_name)
        try:
            return self._kept[key]
        except KeyError:
            pass
        found = lookup(self.reader, surface, chain, terms, self.analyze_fn, assume_name=assume_name)
        if len(self._kept) >= KEPT_LOOKUPS:
            del self._kept[next(iter(self._kept))]
        self._kept[key] = found
        return found
