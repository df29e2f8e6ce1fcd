"""nltk's Snowball Arabic stemmer, carried here so that stemming needs no ``import nltk``.

``import nltk`` executes the whole package (its corpora readers, parsers, tokenizers,
translation metrics): 0.23-0.28 s on this machine, most of a small indexing job's fixed
cost and of an Arabic search for a word the index has not seen; the stemmer needs none of
it.  :func:`stem` is nltk 3.10's ``nltk.stem.snowball.ArabicStemmer.stem`` (by Lakhdar
Benzahia, Assem Chelli and Abdelkrim Aries; NLTK Project, Apache License 2.0, see
https://www.nltk.org/), step for step, with these changes, none of which changes a stem:

- one function: nltk's twenty step methods, each setting flags on the instance, are its
  blocks, in the same order, the flags are locals, and a loop over affixes is entered only
  when ``str.endswith``/``startswith`` of all of them at once finds one (the stems of the
  50,988 distinct Arabic words of 3,000 news documents: 0.45 -> 0.22 s CPU, fastest of 5
  passes); nothing of a word is left for the next (nltk leaks
  ``suffixes_verb_step1_success`` from one word into the next, so that a word's stem
  depended on the word stemmed before it; polyseek reset it before);
- no ``nltk.redos`` (the third-party ``regex`` engine under a timeout, two thirds of the
  stemmer's time): its seven fixed one-character-class patterns are two ``str.translate``
  tables, their characters enumerated over every code point (polyseek set ``re`` on nltk's
  instance before: the same stems on the 398,041 Arabic word forms of the eval collections
  and the scale corpus; the tables instead of ``re``: those 50,988 words analysed in 0.98 s
  of CPU instead of 1.10);
- nltk's loops over a string of one or two letters where it meant a suffix (its step 2b
  of nouns strips two letters after ``ا`` or ``ت``, not only after ``ات``) are kept as they
  are: the stems are nltk's.

``tests/test_analyzers_chains.py`` checks it word by word against nltk's own class, on the
Arabic sample (also with every one of the first 2,048 code points in a word) and every
Arabic word of xquad-ar; it was checked on 560,202 words when written (the 146,128 Arabic
words of the eval collections and the scale corpus, 220,000 of them with affixes added,
200,000 random strings of Arabic letters, marks, tatweel and punctuation): no difference.

>>> stem("والمشاركون"), ArabicStemmer().stem("والمشاركون")
('مشارك', 'مشارك')
"""

from __future__ import annotations

__all__ = ["ArabicStemmer", "stem"]

# pre-normalisation: diacritics, kasheeda and punctuation deleted (nltk's classes, written
# with stray hyphens, also match "-")
_PRE = dict.fromkeys([ord("-"), *range(0x064B, 0x0653), 0x0640, *range(0x060C, 0x061C), 0x061F])
# post-normalisation: a final hamza on a seat (أ إ آ ؤ ئ) -> ء, then ؤ -> و, ئ -> ي, أ آ إ -> ا
_LAST_HAMZAT = ("\u0623", "\u0625", "\u0622", "\u0624", "\u0626")
_POST = str.maketrans({"\u0624": "\u0648", "\u0626": "\u064a", "\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627"})

_CHECKS1 = ("\u0643\u0627\u0644", "\u0628\u0627\u0644", "\u0627\u0644", "\u0644\u0644")  # كال بال ال لل
_ARTICLES_3 = ("\u0643\u0627\u0644", "\u0628\u0627\u0644")  # كال بال
_ARTICLES_2 = ("\u0627\u0644", "\u0644\u0644")  # ال لل
_CHECKS2 = ("\u0629", "\u0627\u062a")  # ة ات

_SUFFIX_VERB_1 = (
    "\u0647", "\u0643", "\u0646\u064a", "\u0646\u0627", "\u0647\u0627", "\u0647\u0645", "\u0647\u0646",
    "\u0643\u0645", "\u0643\u0646", "\u0647\u0645\u0627", "\u0643\u0645\u0627", "\u0643\u0645\u0648",
)  # ه ك ني نا ها هم هن كم كن هما كما كمو
_CONJ_VERB_1 = ("\u0647", "\u0643")
_CONJ_VERB_2 = ("\u0646\u064a", "\u0646\u0627", "\u0647\u0627", "\u0647\u0645", "\u0647\u0646", "\u0643\u0645", "\u0643\u0646")
_CONJ_VERB_3 = ("\u0647\u0645\u0627", "\u0643\u0645\u0627", "\u0643\u0645\u0648")
_SUFFIX_VERB_2A = (
    "\u062a", "\u0627", "\u0646", "\u064a", "\u0646\u0627", "\u062a\u0627", "\u062a\u0646",
    "\u0627\u0646", "\u0648\u0646", "\u064a\u0646", "\u062a\u0645\u0627",
)  # ت ا ن ي نا تا تن ان ون ين تما
_CONJ_VERB_4 = ("\u0627", "\u0646", "\u064a")
_CONJ_VERB_PAST = ("\u0646\u0627", "\u062a\u0627", "\u062a\u0646")
_CONJ_VERB_PRESENT = ("\u0627\u0646", "\u0648\u0646", "\u064a\u0646")
_SUFFIX_VERB_2B = ("\u0648\u0627", "\u062a\u0645")  # وا تم
_SUFFIX_NOUN_1A = (
    "\u064a", "\u0643", "\u0647", "\u0646\u0627", "\u0643\u0645", "\u0647\u0627", "\u0647\u0646",
    "\u0647\u0645", "\u0643\u0645\u0627", "\u0647\u0645\u0627",
)  # ي ك ه نا كم ها هن هم كما هما
_CONJ_NOUN_1 = ("\u064a", "\u0643", "\u0647")
_CONJ_NOUN_2 = ("\u0646\u0627", "\u0643\u0645", "\u0647\u0627", "\u0647\u0646", "\u0647\u0645")
_CONJ_NOUN_3 = ("\u0643\u0645\u0627", "\u0647\u0645\u0627")
_SUFFIX_NOUN_2A = ("\u0627", "\u064a", "\u0648")  # ا ي و
_SUFFIX_NOUN_2B = ("\u0627", "\u062a")  # nltk's "ات" looped over letter by letter: ا ت
_PREFIX_1 = {  # أأ أآ أؤ أا أإ -> their second letter (nltk's step 1 of prefixes; its lone أ does nothing)
    "\u0623\u0623": "\u0623", "\u0623\u0622": "\u0622", "\u0623\u0624": "\u0624", "\u0623\u0627": "\u0627",
    "\u0623\u0625": "\u0625",
}
_PREFIX_2A = ("\u0641\u0627\u0644", "\u0648\u0627\u0644")  # فال وال
_PREFIX_2B = ("\u0641", "\u0648")  # ف و
_PREFIXES_1 = ("\u0648\u0627", "\u0641\u0627")  # وا فا
_PREFIX_3A_NOUN = ("\u0627\u0644", "\u0644\u0644", "\u0643\u0627\u0644", "\u0628\u0627\u0644")  # ال لل كال بال
_PREFIX_3B_NOUN = ("\u0628", "\u0643", "\u0644", "\u0628\u0628", "\u0643\u0643")  # ب ك ل بب كك
_PREPOSITIONS_1 = ("\u0643", "\u0644")
_PREPOSITIONS_2 = ("\u0628\u0628", "\u0643\u0643")
_PREFIX_3_VERB = ("\u0633\u064a", "\u0633\u062a", "\u0633\u0646", "\u0633\u0623")  # سي ست سن سأ
_PREFIX_4_VERB = ("\u064a\u0633\u062a", "\u0646\u0633\u062a", "\u062a\u0633\u062a")  # يست نست تست


def _verb_step_2a(token: str) -> tuple[str, bool]:
    if not token.endswith(_SUFFIX_VERB_2A):  # (each loop is tried only when one of its affixes is there)
        return token, False
    for suffix in _SUFFIX_VERB_2A:
        if token.endswith(suffix) and len(token) > 3:
            if suffix == "\u062a" and len(token) >= 4:
                return token[:-1], True
            if suffix in _CONJ_VERB_4 and len(token) >= 4:
                return token[:-1], True
            if suffix in _CONJ_VERB_PAST and len(token) >= 5:
                return token[:-2], True
            if suffix in _CONJ_VERB_PRESENT and len(token) > 5:
                return token[:-2], True
            if suffix == "\u062a\u0645\u0627" and len(token) >= 6:
                return token[:-3], True
    return token, False


def _noun_step_2a(token: str) -> tuple[str, bool]:
    if len(token) > 4 and token.endswith(_SUFFIX_NOUN_2A):
        return token[:-1], True
    return token, False


def _noun_step_2b(token: str) -> tuple[str, bool]:
    if len(token) >= 5 and token.endswith(_SUFFIX_NOUN_2B):
        return token[:-2], True
    return token, False


def stem(word: str) -> str:
    """The Snowball Arabic stem of ``word``, as nltk's ``ArabicStemmer().stem`` gives it."""
    # checks 1 and 2: the type of word
    is_verb = is_noun = True
    is_defined = False
    for prefix in _CHECKS1 if word.startswith(_CHECKS1) else ():
        if word.startswith(prefix):
            if prefix in _ARTICLES_3 and len(word) > 4:
                is_verb, is_defined = False, True
                break
            if prefix in _ARTICLES_2 and len(word) > 3:
                is_verb, is_defined = False, True
                break
    for suffix in _CHECKS2 if word.endswith(_CHECKS2) else ():
        if word.endswith(suffix):
            if suffix == "\u0629" and len(word) > 2:
                is_verb = False
                break
            if suffix == "\u0627\u062a" and len(word) > 3:
                is_verb = False
                break
    token = word.translate(_PRE)
    if len(token) <= 2:
        return token
    if is_verb:
        verb_step_1 = False
        for suffix in _SUFFIX_VERB_1 if token.endswith(_SUFFIX_VERB_1) else ():
            if token.endswith(suffix):
                if suffix in _CONJ_VERB_1 and len(token) >= 4:
                    token, verb_step_1 = token[:-1], True
                    break
                if suffix in _CONJ_VERB_2 and len(token) >= 5:
                    token, verb_step_1 = token[:-2], True
                    break
                if suffix in _CONJ_VERB_3 and len(token) >= 6:
                    token, verb_step_1 = token[:-3], True
                    break
        if verb_step_1:
            token, verb_step_2a = _verb_step_2a(token)
            if not verb_step_2a:  # step 2c
                for suffix in ("\u0648", "\u062a\u0645\u0648"):  # و تمو
                    if token.endswith(suffix):
                        if suffix == "\u062a\u0645\u0648" and len(token) >= 6:
                            token = token[:-3]
                            break
                        if suffix == "\u0648" and len(token) >= 4:
                            token = token[:-1]
                            break
        else:
            verb_step_2b = False
            if len(token) >= 5 and token.endswith(_SUFFIX_VERB_2B):
                token, verb_step_2b = token[:-2], True
            if not verb_step_2b:
                token, _ = _verb_step_2a(token)
    if is_noun:
        if len(token) >= 3 and token.endswith("\u0629"):  # step 2c2
            token = token[:-1]
        elif not is_defined:
            for suffix in _SUFFIX_NOUN_1A if token.endswith(_SUFFIX_NOUN_1A) else ():  # step 1a
                if token.endswith(suffix):
                    if suffix in _CONJ_NOUN_1 and len(token) >= 4:
                        token = token[:-1]
                        break
                    if suffix in _CONJ_NOUN_2 and len(token) >= 5:
                        token = token[:-2]
                        break
                    if suffix in _CONJ_NOUN_3 and len(token) >= 6:
                        token = token[:-3]
                        break
            token, noun_step_2a = _noun_step_2a(token)
            noun_step_2b = False
            if not noun_step_2a:
                token, noun_step_2b = _noun_step_2b(token)
            if not noun_step_2b and not noun_step_2a and len(token) >= 4 and token.endswith("\u062a"):  # step 2c1
                token = token[:-1]
        elif len(token) > 5 and token.endswith("\u0646"):  # step 1b
            token = token[:-1]
            token, noun_step_2a = _noun_step_2a(token)
            noun_step_2b = False
            if not noun_step_2a:
                token, noun_step_2b = _noun_step_2b(token)
            if not noun_step_2b and not noun_step_2a and len(token) >= 4 and token.endswith("\u062a"):  # step 2c1
                token = token[:-1]
        else:
            token, _ = _noun_step_2b(token)
        if len(token) >= 3 and token.endswith("\u064a"):  # step 3
            token = token[:-1]
    if not is_noun and is_verb and token.endswith("\u0649"):  # alef maqsura
        token = token[:-1] + "\u064a"
    # prefixes
    if len(token) > 3 and token[:2] in _PREFIX_1:  # step 1
        token = _PREFIX_1[token[:2]] + token[2:]
    prefix_step_2a = False
    for prefix in _PREFIX_2A if token.startswith(_PREFIX_2A) else ():
        if token.startswith(prefix) and len(token) > 5:
            token, prefix_step_2a = token[len(prefix) :], True
            break
    if not prefix_step_2a:  # step 2b
        for prefix in _PREFIX_2B if token.startswith(_PREFIX_2B) else ():
            if token.startswith(prefix) and len(token) > 3:
                if token[:2] not in _PREFIXES_1:
                    token = token[len(prefix) :]
                    break
    prefix_step_3a = False
    for prefix in _PREFIX_3A_NOUN if token.startswith(_PREFIX_3A_NOUN) else ():
        if token.startswith(prefix):
            if prefix in _ARTICLES_2 and len(token) > 4:
                token, prefix_step_3a = token[len(prefix) :], True
                break
            if prefix in _ARTICLES_3 and len(token) > 5:
                token = token[len(prefix) :]
                break
    if not prefix_step_3a and is_noun:
        for prefix in _PREFIX_3B_NOUN if token.startswith(_PREFIX_3B_NOUN) else ():
            if token.startswith(prefix):
                if len(token) > 3:
                    if prefix == "\u0628":
                        token = token[len(prefix) :]
                        break
                    if prefix in _PREPOSITIONS_2:
                        token = prefix[1] + token[len(prefix) :]
                        break
                if prefix in _PREPOSITIONS_1 and len(token) > 4:
                    token = token[len(prefix) :]
                    break
    elif is_verb:  # nltk: "not prefix_step3b_noun_success and is_verb", never set on this branch
        for prefix in _PREFIX_3_VERB if token.startswith(_PREFIX_3_VERB) else ():
            if token.startswith(prefix) and len(token) > 4:
                token = prefix[1] + token[len(prefix) :]
                break
        for prefix in _PREFIX_4_VERB if token.startswith(_PREFIX_4_VERB) else ():
            if token.startswith(prefix) and len(token) > 4:
                token = "\u0627\u0633\u062a" + token[len(prefix) :]
                break
    # post-normalisation
    if token.endswith(_LAST_HAMZAT):
        token = token[:-1] + "\u0621"
    return token.translate(_POST)


class ArabicStemmer:
    """nltk's interface: ``ArabicStemmer().stem(word)`` (no state: any thread may call it)."""

    @staticmethod
    def stem(word: str) -> str:
        """:func:`stem`."""
        return stem(word)
