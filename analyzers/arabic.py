"""Arabic chain: orthographic normalisation, then a selectable stemmer.

Normalisation (:func:`normalize_arabic`): NFKC (presentation forms such as ``ﻻ`` ->
``لا``), pyarabic's ``strip_diacritics`` (tashkeel, Quranic marks, dagger alef) and
``strip_tatweel``, any combining mark left, then ``أ إ آ ٱ`` -> ``ا`` and the Persian
``ی ک`` -> ``ي ك``.  Alef maqsura and teh marbuta are folded *after* stemming (``ى`` -> ``ي``,
``ة`` -> ``ه``, :func:`fold_final`), because the Snowball stemmer needs to see ``ة``: fed
``ه`` instead it loses 1.5 points of MRR@10 on xquad-ar.  (The nltk stemmers get ``ى`` as
``ي`` though, so that ``على``/``علي`` and ``مستشفى``/``مستشفي`` meet.)  pyarabic's
``normalize_alef`` is not used since it turns ``ى`` into ``ا`` (pyarabic#39).

Stemmers (:data:`STEMMERS`; pick one per analyzer, or set the process default with
:func:`set_default_stemmer` or the environment variable ``POLYSEEK_AR_STEMMER``):

- ``snowball`` (default, best measured): nltk's Snowball Arabic stemmer (Assem Chelli's),
  with its state leak between calls fixed, its code carried in :mod:`analyzers.arabic_snowball`
  (importing nltk costs ~0.25 s; the stems are nltk's, checked word by word).
- ``light10``: Larkey, Ballesteros & Connell's light10: ``و`` (if 3+ letters remain), one
  of ``ال وال بال كال فال لل`` (if 2+ remain), then the suffixes ``ها ان ات ون ين يه ية ه ة ي``
  once each, in that order (if 2+ remain).
- ``arlstem``, ``arlstem2``, ``isri`` (root extraction): nltk, no data download needed.
- ``none``: normalisation only.

Some spellings are ambiguous, and every stemmer but ``none`` keeps both readings, as two
terms at one position (like the lemmas of a Russian homonym):

- ``لل`` at the start: ``ل`` + ``ال`` + word (``للرياضة``, for the sport) or ``ل`` + a word
  starting with ``ل`` whose article merged (``للجنة``, for the committee, from ``لجنة``);
- ``ه`` at the end, for the nltk stemmers: a pronoun suffix or a ``ة`` written without its
  dots (``الاولمبيه`` for ``الأولمبية``); light10 folds ``ة`` to ``ه`` anyway;
- ``ب ف ك ل`` at the start, for snowball: a proclitic (``بفريق``, with a team) or the
  word's first letter (``فريق``).  Snowball strips the letter unless the word has the
  article (``فريق`` -> ``ريق`` but ``الفريق`` -> ``فريق``), so the second reading stems the
  word as if it had the article.
- the article, for snowball: whether Snowball strips ``ال`` depends on how long the rest
  is (``السنة`` -> ``السن`` but ``سنة`` -> ``سن``), so a word with the article is also read
  as its bare word, and one with ``و ف ب ك`` before the article as the word with the
  article (``والأمن`` as ``الأمن``; analysis version 4 on).

>>> normalize_arabic("الـأَولمبيّة"), fold_final(normalize_arabic("على"))
('الاولمبية', 'علي')
>>> stem("والمشاركون", "snowball"), stem("للجنة", "snowball"), stem("اللجنة", "snowball")
(('مشارك',), ('للجن', 'لجن'), ('لجن',))
>>> stem("والمشاركون", "light10"), stem("للجنة", "light10"), stem("لجنة", "light10")
(('مشارك',), ('جن', 'لجن'), ('لجن',))
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Callable

from .bounded import make_room

__all__ = [
    "DEFAULT_STEMMER",
    "PROCLITICS",
    "STEMMERS",
    "check_stemmer",
    "clear_stems",
    "default_stemmer",
    "fold_final",
    "light10",
    "normalize_arabic",
    "other_person",
    "set_default_stemmer",
    "stem",
    "stem_afresh",
    "with_article",
    "with_conjunction",
    "without_preposition",
]

STEMMERS: tuple[str, ...] = ("light10", "arlstem", "arlstem2", "snowball", "isri", "none")
#: Chosen by measurement (BM25, MRR@10): best of the six on xquad-ar (.935 vs light10 .925)
#: and on xquad-ar-hard (.888 vs .872), paired randomisation p = 0.001 on both.
#: Override with POLYSEEK_AR_STEMMER.
DEFAULT_STEMMER = "snowball"

_IGNORABLE_TABLE = str.maketrans("", "", "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\u061c\ufeff")
_LETTER_TABLE = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ alef wasla
        "\u06cc": "\u064a",  # Persian yeh ی
        "\u06a9": "\u0643",  # Persian keheh ک
    }
)
#: The letters :data:`_LETTER_TABLE` replaces: one word in eight has one (3,000 news
#: documents), and a search for them costs a fifth of the ``translate`` (0.17 vs 0.85 us).
_LETTERS_TO_FOLD = re.compile("[" + "".join(map(chr, _LETTER_TABLE)) + "]")
_FINAL_TABLE = str.maketrans({"\u0649": "\u064a", "\u0629": "\u0647"})  # ى -> ي, ة -> ه
_LEFTOVER = re.compile(r"[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0898-\u089f\u08ca-\u08ff\s]")


# anything normalize_arabic must remove or recompose: format characters, combining marks,
# tatweel, presentation forms (U+FB50-FDFF, U+FE70-FEFF) and the Arabic Mathematical block
_NEEDS_WORK = re.compile(
    "[\u00ad\u200b-\u200f\u2060\u061c\ufeff\u0300-\u036f\u0610-\u061a\u0640"
    "\u064b-\u065f\u0670\u0675-\u0678\u06d6-\u06ed\u0898-\u089f\u08ca-\u08ff\ufb50-\ufdff\ufe70-\ufefc\U0001ee00-\U0001eeff]"
)


def normalize_arabic(surface: str) -> str:
    """Normalise an Arabic word (alef maqsura and teh marbuta kept; see :func:`fold_final`)."""
    word = surface
    if _NEEDS_WORK.search(word):
        from pyarabic import araby  # here: a search of known words never needs it (~15 ms of regexes)

        word = unicodedata.normalize("NFKC", word.translate(_IGNORABLE_TABLE))
        word = araby.strip_tatweel(araby.strip_diacritics(word))
        word = _LEFTOVER.sub("", word)
        if any(unicodedata.category(ch)[0] == "M" for ch in word):
            word = "".join(ch for ch in word if unicodedata.category(ch)[0] != "M")
    return word.translate(_LETTER_TABLE) if _LETTERS_TO_FOLD.search(word) else word


def fold_final(word: str) -> str:
    """``ى`` -> ``ي`` and ``ة`` -> ``ه`` (written interchangeably at the end of a word).

    >>> fold_final("مستشفى"), fold_final("لجنة"), fold_final("كتاب")
    ('مستشفي', 'لجنه', 'كتاب')
    """
    # two substring tests cost a tenth of the translate most words need not (each distinct
    # Arabic word of a text is folded 3-4 times: its stop-word test, its stems)
    return word.translate(_FINAL_TABLE) if "\u0649" in word or "\u0629" in word else word


# light10 -------------------------------------------------------------------------------

_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")  # longest first
_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


def _strip_suffixes(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            word = word[: -len(suffix)]
    return word


def light10(word: str) -> str:
    """Light10 stem of a normalised word (teh marbuta and alef maqsura already folded)."""
    if len(word) >= 4 and word[0] == "و":
        word = word[1:]
    for article in _ARTICLES:
        if word.startswith(article) and len(word) - len(article) >= 2:
            return _strip_suffixes(word[len(article) :])
    return _strip_suffixes(word)


# nltk stemmers (imported lazily: importing nltk costs ~0.25 s; Snowball's code is carried
# in analyzers.arabic_snowball and needs no nltk) -----------------------------------------
# nltk's stemmers keep per-call state on the instance: every call runs under a lock (not
# Snowball's: polyseek's function keeps none).

_nltk_stemmers: dict[str, Callable[[str], str]] = {}
_nltk_lock = threading.RLock()


def _make_nltk_stemmer(name: str) -> Callable[[str], str]:
    if name == "arlstem":
        from nltk.stem.arlstem import ARLSTem

        raw = ARLSTem().stem
    elif name == "arlstem2":
        from nltk.stem.arlstem2 import ARLSTem2

        raw = ARLSTem2().stem
    elif name == "snowball":
        from polyseek.analyzers.arabic_snowball import stem as snowball

        return snowball
    elif name == "isri":
        from nltk.stem.isri import ISRIStemmer

        raw = ISRIStemmer().stem
    else:
        check_stemmer(name)
        raise ValueError(f"{name!r} is not an nltk stemmer")

    def locked(word: str) -> str:
        with _nltk_lock:
            return str(raw(word))

    return locked


def _nltk_stemmer(name: str) -> Callable[[str], str]:
    fn = _nltk_stemmers.get(name)
    if fn is None:
        with _nltk_lock:
            fn = _nltk_stemmers.get(name)
            if fn is None:
                fn = _nltk_stemmers[name] = _make_nltk_stemmer(name)
    return fn


_YEH_TABLE = str.maketrans({"\u0649": "\u064a"})  # ى -> ي
#: One-letter proclitics an Arabic word is written joined to: and, so, with, for, as.
PROCLITICS = "وفبلك"
_PROCLITICS_AND = frozenset(PROCLITICS)
_PROCLITICS = _PROCLITICS_AND - {"و"}  # with, then, like, for
_BEFORE_ARTICLE = _PROCLITICS_AND - {"ل"}  # for + the article is written لل
#: Attached pronouns Snowball strips from a bare word: your, his, her, their, your (pl.), our.
_PRONOUN_SUFFIXES = ("ك", "ه", "ها", "هم", "كم", "نا")


def _stem_one(word: str, stemmer: str) -> str:
    if stemmer == "light10":
        return light10(fold_final(word))
    if stemmer == "none":
        return fold_final(word)
    return fold_final(_nltk_stemmer(stemmer)(word.translate(_YEH_TABLE) if "\u0649" in word else word) or word)


#: Terms by normalised word, per stemmer and ``whole_word``: the analyzers' word cache is
#: keyed by the surface form, and a word's surface form for the side fields is analysed too
#: (``أولمبية`` and ``اولمبية``): of the 50,988 distinct Arabic words of 3,000 news
#: documents, 9,230 were stemmed twice (the cross-script field's terms of their 90,688
#: distinct words, indexing into an index: 2.01 -> 1.69-1.86 s CPU with this).
_stemmed: dict[tuple[str, bool, bool], dict[str, tuple[str, ...]]] = {}
_MAX_STEMMED = 60_000


def stem(word: str, stemmer: str, whole_word: bool = True, article: bool = True) -> tuple[str, ...]:
    """Index terms of a normalised Arabic word (:func:`normalize_arabic`) under ``stemmer``:
    :func:`stem_afresh`, cached per normalised word.

    >>> stem("مشارك", "snowball") is stem("مشارك", "snowball")
    True
    """
    key = (stemmer, whole_word, article)
    known = _stemmed.get(key)
    if known is None:
        known = _stemmed.setdefault(key, {})
    terms = known.get(word)
    if terms is None:
        terms = stem_afresh(word, stemmer, whole_word, article)
        make_room(known, _MAX_STEMMED)
        known[word] = terms
    return terms


def clear_stems() -> None:
    """Forget the cached terms of :func:`stem`."""
    for known in _stemmed.values():
        known.clear()


def stem_afresh(word: str, stemmer: str, whole_word: bool = True, article: bool = True) -> tuple[str, ...]:
    """Index terms of a normalised Arabic word (:func:`normalize_arabic`) under ``stemmer``.

    Usually one term; a second reading is added for the ambiguous spellings listed in
    the module docstring.  ``whole_word`` (analysis version 2 on; see
    :data:`analyzers.chains.ANALYSIS_VERSION`): Snowball reads the end of a bare word
    (one without the article) as a pronoun suffix whenever it can (``مشارك`` "participant"
    -> ``مشار``, ``سلوك`` "behaviour" -> ``سلو``, ``شريك`` -> ``شر``), but never that of a word
    with the article (a definite noun takes no possessive: ``المشارك`` -> ``مشارك``), so
    the bare and the definite forms of one noun never met.  A bare word that ends like an
    attached pronoun (``ك ه ها هم كم نا``) is also read as the
    definite noun, and without a first letter that can be a conjunction or preposition
    (``وسلوك`` "and behaviour" also as ``السلوك``): the pronoun reading is kept (``كتابك``, "your book", still
    meets ``الكتاب``), the word as written is one more reading.

    >>> stem_afresh("مشارك", "snowball"), stem_afresh("وسلوك", "snowball"), stem_afresh("السلوك", "snowball")
    (('مشار', 'مشارك'), ('وسل', 'سلوك', 'وسلوك'), ('سلوك', 'سلو'))
    >>> stem_afresh("مشارك", "snowball", whole_word=False)
    ('مشار',)

    ``article`` (analysis version 4 on): Snowball measures a word's length with its article
    and proclitics before it strips them, so whether it strips ``ال`` depends on how long the
    rest is, and a conjunction before the article can keep both: ``السنة`` (the year) ->
    ``السن`` but ``سنة`` -> ``سن``, ``الوقت`` -> ``الو`` but ``وقت`` -> ``وقت``, ``والأمن`` ->
    ``والام`` but ``الأمن`` -> ``امن`` (7.5% of the definite words of xquad-ar and ARCD whose
    bare form also occurs missed it).  A word with the article and three letters or more
    after it is also read as its bare word, and one with ``و ف ب ك`` before the article as
    the word with the article:

    >>> stem_afresh("السنة", "snowball"), stem_afresh("والامن", "snowball")
    (('السن', 'سن'), ('والام', 'امن'))
    >>> stem_afresh("السنة", "snowball", article=False)
    ('السن',)
    """
    first = _stem_one(word, stemmer) or fold_final(word)
    if stemmer == "none" or len(word) < 3:
        return (first,)
    terms = [first]
    bare = "ال" not in (word[:2], word[1:3])
    if len(word) >= 4 and word.startswith("لل"):
        terms.append(_stem_one(word[1:], stemmer))
    elif whole_word and stemmer == "snowball" and bare and word.endswith(_PRONOUN_SUFFIXES):
        if len(word) >= 5 and word[0] in _PROCLITICS_AND:
            terms.append(_stem_one("ال" + word[1:], stemmer))
        terms.append(_stem_one("ال" + word, stemmer))
    elif stemmer == "snowball" and len(word) >= 4 and word[0] in _PROCLITICS and bare:
        # Snowball strips a leading ب ف ك ل unless the word has the article: read the word
        # as if it had one too, so that فريق meets الفريق
        terms.append(_stem_one("ال" + word, stemmer))
    if article and stemmer == "snowball" and len(word) >= 5:
        # the bare word and the word with the article are often words of the text too: cached
        if word.startswith("ال"):
            terms.extend(stem(word[2:], stemmer, whole_word))
        elif len(word) >= 6 and word[0] in _BEFORE_ARTICLE and word[1:3] == "ال":
            terms.extend(stem(word[1:], stemmer, whole_word))
    if stemmer != "light10" and word.endswith("ه"):
        terms.append(_stem_one(word[:-1] + "ة", stemmer))
    return tuple(dict.fromkeys(t for t in terms if t))


#: The imperfect's prefixes of the third person singular, each to the other: ``ي`` (he; a
#: masculine noun as the subject) and ``ت`` (she; a feminine noun, a non-human plural).
_PERSON_PREFIXES = {"ي": "ت", "ت": "ي"}
#: Endings of a feminine noun or plural (``ة``, ``ات``): such a word is no verb.
_NOUN_ENDINGS = ("ة", "ات")


def _has_article(word: str) -> bool:
    """Whether a normalised word begins with the article, alone or after ``و ف ب ك``
    (``الكويت``, ``والكويت``), as :func:`stem_afresh` reads it (``خالد``, ``قالت`` have none)."""
    return word.startswith("ال") or (word[:1] in _BEFORE_ARTICLE and word[1:3] == "ال")


def other_person(word: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    """The terms of a normalised query word (:func:`normalize_arabic`), and, when the word
    can be a verb in the imperfect, each of them that begins with ``ي`` or ``ت`` also with the
    other letter.

    The imperfect's prefix agrees with the subject: ``يحد`` (*he*, or a masculine noun,
    *borders*), ``تحد`` (*she*, a feminine noun such as a country or a state, or a non-human
    plural), and a question often has another subject than the sentence that answers it:
    *ما الدول التي تحد مصر* (*which states border Egypt*) is answered by *يحدها من الغرب ليبيا*
    (*Libya borders it in the west*), *أين ينشط الحزب* (*where is the party active*) by *تنشط
    الأحزاب في المدن* (*the parties are active in the cities*).  The stemmers keep the prefix
    (it is also a noun's first letter: ``تاريخ``), so the two never met.  A word with the
    article, or ending like a feminine noun or plural (``ة``, ``ات``), is no verb.  A query's
    reading only, weighing what a word's other-script spellings weigh (``searcher.compile``):
    the index keeps each word's own terms, a text's word meets a question's through the
    question's other reading, and a name that begins like a verb (``يونس``, *Younes*; read
    also as ``تونس``, *Tunisia*) still ranks its own texts first.

    >>> other_person("تحد", ("تحد",)), other_person("ينشط", ("ينشط",))
    (('تحد', 'يحد'), ('ينشط', 'تنشط'))
    >>> other_person("التحدي", ("تحد",)), other_person("تجارة", ("تجار",)), other_person("يد", ("يد",))
    (('تحد',), ('تجار',), ('يد',))
    """
    if _has_article(word) or word.endswith(_NOUN_ENDINGS):
        return terms
    other = tuple(_PERSON_PREFIXES[t[0]] + t[1:] for t in terms if len(t) >= 3 and t[0] in _PERSON_PREFIXES)
    return tuple(dict.fromkeys(terms + other)) if other else terms


def with_conjunction(word: str) -> str | None:
    """A normalised query word (:func:`normalize_arabic`) with the conjunction ``و`` (*and*)
    written before it, as a text writes it, or None when the word has the article or begins
    with ``و`` already.

    ``و`` is joined to the word it precedes, and an Arabic narrative opens clause after clause
    with it: *وانتهت في الثاني من سبتمبر* (*and it ended on the second of September*), *وسميت
    أيضا* (*and it was also named*).  The stemmers take it off a word with the article
    (``والكويت``), not reliably off a verb or a noun without it: ``وانتهت`` is indexed ``وان``,
    ``انتهت`` ``انت``, so a question's *متى انتهت الحرب* never met its answer's verb.  A query's
    reading only (``searcher.compile``), weighing what a word's other-script spellings weigh.

    >>> with_conjunction("انتهت"), with_conjunction("الكويت"), with_conjunction("وزير")
    ('وانتهت', None, None)
    """
    if word.startswith("و") or _has_article(word):
        return None
    return "و" + word


def with_article(word: str) -> str | None:
    """A normalised query word written ``ل`` (*for, of*) + the article, ``لل`` (the article's
    alef is dropped after ``ل``: ``ل`` + ``الكويت`` is ``للكويت``), as the word with the article
    alone, or None for another word (or fewer than three letters after ``لل``).

    The stemmers do not take ``لل`` off every word: ``للكويت`` is indexed ``للكو`` / ``لكو``,
    ``الكويت`` ``الكو`` / ``كو``, so *كم يبلغ الناتج المحلى للكويت* never met an answer that
    writes ``الكويت``.  A query's reading only (``searcher.compile``), weighing what a word's
    other-script spellings weigh.

    >>> with_article("للكويت"), with_article("الكويت"), with_article("لله")
    ('الكويت', None, None)
    """
    if not word.startswith("لل") or len(word) < 5:
        return None
    return "ا" + word[1:]


def without_preposition(word: str) -> str | None:
    """A normalised query word (:func:`normalize_arabic`) that begins with one of the
    prepositions or particles ``ب ف ك ل`` (*with, then, like, for*) joined to a word without the
    article, as the word without it, or None for another word (or fewer than three letters
    after it).

    Before the article the stemmers take these off (``بالسفر`` and ``السفر`` are both ``سفر``);
    before a bare word, not reliably: ``لكندا`` (*for Canada*) is indexed ``لكند`` / ``لكن``,
    ``كندا`` ``كند``; ``لغابة`` ``لغاب``, ``غابة`` ``غاب``, so *ما هي اللغة الرسمية لكندا* (*what
    is Canada's official language*) never met a text that writes ``كندا``.  A query's reading
    only (``searcher.compile``), weighing what a word's other-script spellings weigh: a word
    whose first letter is its own (``كتاب``, *book*, read also as ``تاب``) still ranks the texts
    that hold it first.

    >>> without_preposition("لكندا"), without_preposition("بكاليفورنيا"), without_preposition("لجزر")
    ('كندا', 'كاليفورنيا', 'جزر')
    >>> without_preposition("بالسفر"), without_preposition("للكويت"), without_preposition("وزير"), without_preposition("بلد")
    (None, None, None, None)
    """
    if word[:1] not in _PROCLITICS or _has_article(word) or word.startswith("لل") or len(word) < 4:
        return None
    return word[1:]


_default: str | None = None


def check_stemmer(name: str) -> str:
    """Return ``name`` if it is one of :data:`STEMMERS`, else raise ValueError."""
    if name not in STEMMERS:
        raise ValueError(f"unknown Arabic stemmer {name!r}; choose one of {', '.join(STEMMERS)}")
    return name


def default_stemmer() -> str:
    """The stemmer new analyzers use: :func:`set_default_stemmer`, else POLYSEEK_AR_STEMMER."""
    if _default is not None:
        return _default
    env = os.environ.get("POLYSEEK_AR_STEMMER", "").strip().lower()
    if env and env not in STEMMERS:
        raise ValueError(f"POLYSEEK_AR_STEMMER={env!r}: choose one of {', '.join(STEMMERS)}")
    return env or DEFAULT_STEMMER


def set_default_stemmer(name: str | None) -> None:
    """Choose the Arabic stemmer for analyzers created from now on; None restores the default."""
    global _default
    _default = None if name is None else check_stemmer(name)
