"""Stop lists per language, taken from the ``stopwordsiso`` package and normalised the way
the language chain normalises a surface form.

The stopwordsiso lists are very aggressive: the English one holds ``world``, ``new``,
``first``, ``year``, ``system``; the Russian one ``город``, ``война``, ``москва``,
``россия``.  Content words in a stop list hurt retrieval, so a *policy* picks how much of a
list to use (:data:`POLICIES`):

- ``function`` (default): only the closed-class (function) words of the list, by a rule
  taken from grammar, never from data.  Russian: entries whose most probable pymorphy3
  parse is a preposition, conjunction, particle, interjection, pronoun (NPRO),
  pronominal adjective (``Apro``: который, свой, этот), interrogative adverb (``Ques``)
  or predicative (можно, нет): 230 of 559.  English: entries also in the Snowball
  English stop list (Porter's list of function words, as shipped with Whoosh): 127 of
  1298.  Arabic: entries also in Jacques Savoy's Arabic stop list (:data:`SAVOY_ARABIC`,
  the one Lucene's and Elasticsearch's Arabic analyzers use; particles, pronouns,
  relatives, demonstratives and forms of كان): 86 of 480; the rest of the list holds
  content words (numbers, ordinals, يوم, عام, سنة, قال, اكد).
- ``snowball``: as ``function``, but Russian also uses the Snowball list (151 entries).
- ``iso``: the whole stopwordsiso list (Arabic: what ``function`` meant before issue 11).
- ``both``: entries that are in stopwordsiso and in the ``stop-words`` package (which
  polyseek does not depend on; install it to measure this policy).
- ``none``: no stop words.

Under every policy but ``none`` the Arabic list includes the interrogatives
(:data:`ARABIC_INTERROGATIVES`; stopwordsiso lacks ``لماذا``).

Lists are built on first use, per language.

>>> is_stopword("ru", "которых", "function"), is_stopword("en", "world", "function")
(True, False)
"""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Callable
from importlib.util import find_spec

from .arabic import PROCLITICS

__all__ = [
    "ARABIC_INTERROGATIVES",
    "ARABIC_PROCLITICS",
    "RUSSIAN_INTERROGATIVES",
    "SAVOY_ARABIC",
    "DEFAULT_POLICY",
    "arabic_question_forms",
    "POLICIES",
    "check_policy",
    "default_policy",
    "is_stopword",
    "set_default_policy",
    "stopword_set",
]

POLICIES: tuple[str, ...] = ("function", "snowball", "iso", "both", "none")
#: Chosen by measurement on xquad-{ru,ar,en} and their -hard variants: the full lists cost
#: up to 2.4 points of MRR@10 (English), ``function`` was best or tied everywhere.
DEFAULT_POLICY = "function"

#: Arabic question words, a closed grammatical class, always stop words (policy != none).
ARABIC_INTERROGATIVES: tuple[str, ...] = ("ماذا", "متى", "كيف", "أين", "من", "ما", "هل", "كم", "لماذا")

#: Russian question words by lemma, a closed class like the Arabic one: every form of each is a
#: stop word of a query (:func:`analyzers.analysis.analyze`, ``mode="query"``). The stop lists
#: hold some forms of those that decline (какой, который) and none of others (каков, чей,
#: сколько; *какова* is lemmatised каковой), so *Какие*, *каким*, *сколько* were searched as
#: content words (issue 11's seventeenth pass, docs/relevance.md).
RUSSIAN_INTERROGATIVES: frozenset[str] = frozenset(
    {"кто", "что", "какой", "каков", "каковой", "который", "чей", "сколько"}
    | {"когда", "где", "куда", "откуда", "почему", "зачем", "как"}
)

#: One-letter proclitics an Arabic word is written joined to (:data:`analyzers.arabic.PROCLITICS`).
ARABIC_PROCLITICS = PROCLITICS


@functools.cache
def arabic_question_forms() -> frozenset[str]:
    """The Arabic question words as questions are typed, normalised as a surface form is:
    stop words of a query (:func:`analyzers.analysis.analyze`, ``mode="query"``).  An
    interrogative (:data:`ARABIC_INTERROGATIVES` and أي, *which*) after a proclitic
    (:data:`ARABIC_PROCLITICS`: بماذا *with what*, لمن *for whom*, وكيف), and ما / من joined
    to the pronoun that follows (ماهو, ماهي *what is*, منهو; ما الذي as مالذي).  A closed
    class built by rule, like the interrogatives; not the feminine أية, which normalises as
    آية (*verse*) does.

    >>> sorted(w for w in arabic_question_forms() if w.startswith("ب"))[:4]
    ['باي', 'باين', 'بكم', 'بكيف']
    >>> {"ماهي", "بماذا", "لمن"} <= arabic_question_forms()
    True
    """
    from .arabic import fold_final, normalize_arabic

    words = {"ماهو", "ماهي", "ماهى", "ماهم", "منهو", "منهي", "مالذي", "ماالذي"}
    words.update(p + q for q in (*ARABIC_INTERROGATIVES, "أي") for p in ARABIC_PROCLITICS)
    return frozenset(fold_final(normalize_arabic(w)) for w in words)

#: Jacques Savoy's Arabic stop list (BSD licence, http://members.unine.ch/jacques.savoy/clef/),
#: as Lucene's ``ArabicAnalyzer`` ships it (``org/apache/lucene/analysis/ar/stopwords.txt``).
SAVOY_ARABIC: frozenset[str] = frozenset({
    "من", "ومن", "منها", "منه", "في", "وفي", "فيها", "فيه", "و", "ف", "ثم", "او", "أو", "ب", "بها",
    "به", "ا", "أ", "اى", "اي", "أي", "أى", "لا", "ولا", "الا", "ألا", "إلا", "لكن", "ما", "وما",
    "كما", "فما", "عن", "مع", "اذا", "إذا", "ان", "أن", "إن", "انها", "أنها", "إنها", "انه", "أنه",
    "إنه", "بان", "بأن", "فان", "فأن", "وان", "وأن", "وإن", "التى", "التي", "الذى", "الذي",
    "الذين", "الى", "الي", "إلى", "إلي", "على", "عليها", "عليه", "اما", "أما", "إما", "ايضا",
    "أيضا", "كل", "وكل", "لم", "ولم", "لن", "ولن", "هى", "هي", "هو", "وهى", "وهي", "وهو", "فهى",
    "فهي", "فهو", "انت", "أنت", "لك", "لها", "له", "هذه", "هذا", "تلك", "ذلك", "هناك", "كانت",
    "كان", "يكون", "تكون", "وكانت", "وكان", "غير", "بعض", "قد", "نحو", "بين", "بينما", "منذ",
    "ضمن", "حيث", "الان", "الآن", "خلال", "بعد", "قبل", "حتى", "عند", "عندما", "لدى", "جميع",
})

_RU_FUNCTION_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "PRED"})
_RU_FUNCTION_GRAMMEMES = frozenset({"Apro", "Ques"})

_sets: dict[tuple[str, str], frozenset[str]] = {}
_lock = threading.Lock()


def _normalizer(lang: str) -> Callable[[str], str]:
    if lang == "ru":
        from .russian import normalize_russian

        return normalize_russian
    if lang == "ar":
        from .arabic import fold_final, normalize_arabic

        return lambda w: fold_final(normalize_arabic(w))
    from .english import normalize_english

    return normalize_english


def _ru_is_function_word(word: str) -> bool:
    from .russian import morph_analyzer

    tag = morph_analyzer().parse(word)[0].tag
    return tag.POS in _RU_FUNCTION_POS or bool(_RU_FUNCTION_GRAMMEMES & tag.grammemes)


def _in_snowball_list(lang: str, word: str) -> bool:
    from whoosh.lang.stopwords import stoplists

    return word in stoplists[lang]


@functools.cache
def _iso_lists() -> dict[str, list[str]]:
    """stopwordsiso's lists, read from the package's own file without importing the package:
    its ``__init__`` asks ``importlib.metadata`` for its version (``email``, ``zipfile``, a
    scan of the installed packages: ~25 ms of a search that checks a name's Arabic
    spellings); the package's ``stopwords()`` if the file is not where it always was."""
    spec = find_spec("stopwordsiso")
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        path = os.path.join(folder, "stopwords-iso.json")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as fh:
                lists: dict[str, list[str]] = json.load(fh)
            return lists
    import stopwordsiso

    return {lang: sorted(stopwordsiso.stopwords(lang)) for lang in stopwordsiso.langs()}


def _build(lang: str, policy: str) -> frozenset[str]:
    if policy == "none":
        return frozenset()
    words: set[str] = set(_iso_lists().get(lang, ()))
    if policy == "both":
        try:
            from stop_words import get_stop_words
        except ImportError as exc:  # not a dependency of polyseek: only for measuring
            raise ValueError("stop word policy 'both' needs the stop-words package: pip install stop-words") from exc

        words &= set(get_stop_words(lang))
    elif policy == "function" and lang == "ru":
        words = {w for w in words if _ru_is_function_word(w)}
    elif policy in ("function", "snowball") and lang in ("ru", "en"):
        words = {w for w in words if _in_snowball_list(lang, w)}
    elif policy in ("function", "snowball") and lang == "ar":
        savoy = {_normalizer("ar")(w) for w in SAVOY_ARABIC}
        words = {w for w in words if _normalizer("ar")(w) in savoy}
    if lang == "ar":
        words.update(ARABIC_INTERROGATIVES)
    normalize = _normalizer(lang)
    # multi-word entries ("все еще") and abbreviations ("i.e.") can never equal one token
    return frozenset(n for w in words if (n := normalize(w)) and n.replace("'", "").isalpha())


def check_policy(policy: str) -> str:
    """Return ``policy`` if it is one of :data:`POLICIES`, else raise ValueError."""
    if policy not in POLICIES:
        raise ValueError(f"unknown stop word policy {policy!r}; choose one of {', '.join(POLICIES)}")
    return policy


def stopword_set(lang: str, policy: str) -> frozenset[str]:
    """Normalised stop words of ``lang`` ("ru", "ar", "en") under ``policy``."""
    key = (lang, policy)
    words = _sets.get(key)
    if words is None:
        check_policy(policy)
        with _lock:
            words = _sets.get(key)
            if words is None:
                words = _sets[key] = _build(lang, policy)
    return words


def is_stopword(lang: str, normalized: str, policy: str) -> bool:
    """Whether a normalised surface form is a stop word of ``lang``."""
    return normalized in stopword_set(lang, policy)


_default: str | None = None


def default_policy() -> str:
    """Policy for new analyzers: :func:`set_default_policy`, else POLYSEEK_STOPWORDS, else the default."""
    if _default is not None:
        return _default
    env = os.environ.get("POLYSEEK_STOPWORDS", "").strip().lower()
    if env and env not in POLICIES:
        raise ValueError(f"POLYSEEK_STOPWORDS={env!r}: choose one of {', '.join(POLICIES)}")
    return env or DEFAULT_POLICY


def set_default_policy(policy: str | None) -> None:
    """Choose the stop word policy for analyzers created from now on; None restores the default."""
    global _default
    _default = None if policy is None else check_policy(policy)
