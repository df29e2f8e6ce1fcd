"""Where a capital letter tells nothing: the first word of a line of verse or a heading, and a headline in capitals.

Cross-script lookup takes a Latin or Cyrillic word for a name when the collection writes it
capitalised at least half the time (:mod:`searcher.cross_script`), since English has no
dictionary of names and pymorphy3 gives many ordinary Russian words a name reading
(*Гора*, a surname).  But a capital at the start of a short line (every line of a poem, a
heading), or in a line written all in capitals (a news agency's headline: *TAIWAN BUYS U.S.
WHEAT*), is there whatever the word: *Гора* at the start of a poet's lines, *BUYS* in
hundreds of headlines, passed for names and were looked up in the other scripts.

:func:`plain_capitals` counts those occurrences in a text, for the ``translit`` side field
to keep beside its ``key|spelling`` entries (as ``^key|spelling``, :data:`PLAIN_KEY`); the
lookup then judges a word on its other occurrences, where a capital is a choice.

>>> sorted(plain_capitals("Гора стоит. Гора и Москва.\\nНочь TAIWAN\\nTAIWAN BUYS WHEAT").items())
[('BUYS', 1), ('TAIWAN', 1), ('WHEAT', 1), ('Гора', 1), ('Ночь', 1)]
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from .tokenizer import plain_word_re

__all__ = ["PLAIN_KEY", "plain_capitals"]

#: Before a ``translit`` entry, an entry counting its capitals that tell nothing: ``^cf:Jara|гора``.
PLAIN_KEY = "^"


#: A line of at most this many characters is a line of verse, a heading or a list's item,
#: whose first word is capitalised whatever it is; a longer one is prose, where a capital
#: after a sentence's end is left to count (a word that starts many sentences, *Oxygen*, is
#: as likely a name as not, and a loanword's spelling in another script is worth finding).
SHORT_LINE = 80


#: Two words in capitals one after the other: a text that may have a headline in capitals.
_TWO_IN_CAPITALS = re.compile(r"\b[A-ZА-ЯЁ]{2,}[^\w\n]+[A-ZА-ЯЁ]{2,}\b")


@functools.cache
def _first_words() -> re.Pattern[str]:
    """The first word of each line of at most :data:`SHORT_LINE` characters, past spaces,
    bidirectional marks and a byte order mark, then opening quotes, brackets, dashes and bullets."""
    opening = r"(?:[^\S\n]|[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff])*[\"'«“‘(\[*•–—-]*[^\S\n]*"
    return re.compile(rf"^(?=[^\n]{{0,{SHORT_LINE}}}$){opening}({plain_word_re().pattern})", re.M)


def plain_capitals(text: str) -> Counter[str]:
    """Each capitalised word of ``text`` -> how many of its occurrences are capitalised
    because of where they stand: the first word of a short line (verse, a heading, a list),
    and every word of a headline: a line written all in capitals whose words are at least
    two and at least half of them capitalised (not an Arabic or Russian sentence that quotes
    *NATO* and *USA*) (words as :func:`analyzers.tokenizer.plain_word_re` finds them)."""
    found: Counter[str] = Counter(w for w in _first_words().findall(text) if w[:1].isupper())
    if _TWO_IN_CAPITALS.search(text):  # most texts have no headline: no line split
        words = plain_word_re().findall
        for line in filter(str.isupper, text.splitlines()):
            every = words(line)
            capitals = [w for w in every if w[:1].isupper()]
            if len(capitals) >= 2 and 2 * len(capitals) >= len(every):
                # a short line's first word is counted above
                short = len(line) <= SHORT_LINE and line.lstrip()[:1].isupper()
                found.update(capitals[1:] if short else capitals)
    return found
