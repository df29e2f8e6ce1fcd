"""Recognise web page furniture in a document's lines, by structure.

Saved web pages end (and sometimes start) with furniture: lists of related
headlines with dates and times, category labels, "subscribe"/"read also" lines,
navigation words run together. This module finds such *runs of lines* so that
passages can be cut at their edges and marked (``Passage.boilerplate``).

How it decides (all on stripped, non-empty lines; no list of phrases from any
particular site):

1. **Article lines.** A line of at least :data:`CONTENT_CHARS` characters that
   ends a sentence, or any line of at least :data:`PARAGRAPH_CHARS`, is article
   text. A document without such a line (a poem, a table, a list, hard-wrapped
   prose) has no article to protect and nothing in it is marked.
2. **Runs.** The other lines form runs between article lines. Lines that end a
   sentence at the start of a run still belong to the article before it (a short
   closing sentence); the run proper starts at the first line that does not.
3. **List shape.** A run looks like a list of links or headlines when it has at
   least :data:`MIN_LIST_LINES` lines, at most a third of them end with punctuation
   (headlines, labels and links do not; sentences and verse do), no line ends with
   ``:`` and the line before it does not (an introduced list is the author's), it
   does not open with a Markdown heading, fewer than half its lines are numbered
   (``1.``, ``2)``) and fewer than a third hold figures other than dates, times and
   years (a table, a price list).
4. **Evidence** on the lines of a run of *n* lines (a "share" is at least 2 lines
   and a quarter of the run):

   * *stamps*: dates or clock times (``- 20 марта, 2026``, ``00:38``) on a share;
   * *run-together words*: ``00:38Олимпиада``, ``ОлимпиадаКазахстан`` on a share;
   * *repeated edge words*: one word opening or closing half the lines (a
     category name such as ``Олимпиада`` after every headline);
   * *links*: URLs, e-mail addresses, @handles on a share;
   * *labels*: one- or two-word lines (categories, menu items) on a third;
   * *a call-to-action line*: a line of at most :data:`CUE_CHARS` opening with a
     generic page-furniture phrase (subscribe, follow, read/see also, related,
     share, advertising, copyright, tags) in Russian, Arabic or English (:data:`CUE`).

5. **Verdict.** A run is furniture when its first line is a call to action (unless
   the run opens the document); or when it has the list shape and either is the
   *last* run (after the last article line, where related-headline lists and
   footers sit) with stamps, run-together words, links, labels or a call to action,
   or is anywhere else with two of stamps, run-together words and repeated edge words.

>>> lines = ["Тимур Кулибаев и Томас Бах обсудили сотрудничество.",
...          " ".join(["В Лозанне состоялся официальный визит."] * 5),
...          "Смотрите также",
...          "Чемпион Паралимпиады-2026 вернулся в Казахстан - 16 марта, 2026",
...          "- 20:44Олимпиада",
...          "Российский призёр ответил на слова депутата - 14:36Олимпиада"]
>>> text = "\\n".join(lines)
>>> units = [(m.start(), m.end(), 0) for m in re.finditer(".+", text)]
>>> furniture_runs(text, units)
[(2, 6)]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .dates import TIME, find_dates

__all__ = [
    "CONTENT_CHARS",
    "CUE",
    "MIN_LIST_LINES",
    "PARAGRAPH_CHARS",
    "LineFeatures",
    "furniture_runs",
    "is_article_line",
    "judge_run",
    "line_features",
]

#: A line at least this long that ends a sentence is article text.
CONTENT_CHARS = 120
#: A line at least this long is article text whatever its punctuation.
PARAGRAPH_CHARS = 250
#: A run needs at least this many lines to have the shape of a list.
MIN_LIST_LINES = 3
#: A call-to-action line is at most this long (longer lines are prose that happens to say "read").
CUE_CHARS = 160

Span = tuple[int, int, int]  # (char_start, char_end, line) of a stripped non-empty line

#: Generic call-to-action / page-furniture openings (case-insensitive, at the start of a
#: line, after an optional bullet). Written from how news sites phrase them in general.
CUE = re.compile(
    r"^[\s•·*►▪|>#]*(?:"
    # Russian
    r"подпис(?:ывайтесь|ывайся|аться|ка)|подпишитесь|подпишись|присоединяйтесь|следите\s+за|"
    r"читайте|смотрите\s+(?:также|ещ[её]|видео|нас)|также\s+(?:читайте|смотрите)|"
    r"(?:другие|ещ[её]|все|последние|похожие|главные)\s+(?:новости|статьи|материалы)|"
    r"(?:новости|материалы|статьи)\s+по\s+теме|по\s+теме\s*:|поделит(?:есь|ься)|поделиться|"
    r"комментари[ия]\s*(?:\(|:|$)|реклама\b|все\s+права\s+защищены|при\s+(?:полном\s+или\s+частичном\s+)?"
    r"(?:использовании|цитировании|копировании)|теги\s*:|метки\s*:|источник\s*:|фото\s*:|"
    r"наш\s+(?:канал|telegram)|мы\s+в\s+(?:соцсетях|социальных)|"
    # English
    r"subscribe\b|sign\s+up\b|follow\s+us\b|join\s+us\s+on\b|read\s+(?:more|also|next)\b|"
    r"see\s+also\b|related\s*(?::|articles|stories|news|posts|content|coverage|topics)|"
    r"more\s+(?:news|stories|from)\b|share\s+(?:this|on|via)\b|share\s*:|comments?\s*(?:\(|:|$)|"
    r"advertisement\b|sponsored\b|all\s+rights\s+reserved|copyright\b|©|tags\s*:|"
    r"you\s+(?:may|might)\s+also\s+like|recommended\s+(?:for\s+you|stories|articles)|"
    r"(?:most\s+)?popular\s+(?:now|posts|stories)|trending\s+(?:now|stories)|click\s+here\b|"
    # Arabic
    r"اشترك|تابعونا|تابعنا|تابعوا|[اإ]قر[أا]\s+[أا]يض|شاهد\s+[أا]يض|"
    r"(?:[أا]خبار|مواضيع|مقالات)\s+ذات\s+صلة|ذات\s+صلة|شارك(?:وا)?\b|مشاركة\b|"
    r"التعليقات|[إا]علان\b|جميع\s+الحقوق\s+محفوظة|حقوق\s+النشر|المصدر\s*:|الوسوم|"
    r"كلمات\s+مفتاحية|للمزيد|المزيد\s+من\s+ال(?:[أا]خبار|مقالات|مواضيع|تفاصيل)|ال[أا]كثر\s+(?:قراءة|مشاهدة)"
    r")",
    re.IGNORECASE,
)

# A sentence end: a terminator and up to 3 closing quotes/brackets at the end of the line.
_TERMINAL = re.compile("[.!?\u2026\u061f\u06d4\u3002][\"'\u00bb\u201d\u2019)\\]]{0,3}$")
# Any punctuation that ends a sentence, a clause, a verse or an introduced list item.
_PUNCTUATED = re.compile("[.!?\u2026\u061f\u06d4\u3002,;:\u060c\u061b\u2014\u2013-][\"'\u00bb\u201d\u2019)\\]]{0,3}$")
_WORD = re.compile(r"[^\W\d_]+")
# A Cyrillic word running into the next (lower then upper case, as in "ОлимпиадаКазахстан"),
# or a clock time glued to a word ("00:38Олимпиада").
_GLUED = re.compile(r"[а-яё]{2}[А-ЯЁ][а-яё]{2}|(?<![\d:])\d{1,2}:\d\d(?=[^\W\d_])")
_MARKDOWN_HEADING = re.compile(r"#{1,6}\s")
_FIGURE = re.compile(r"(?<![\w.,])[\d٠-٩][\d٠-٩.,]*(?![\w])")
_YEAR_OR_TIME = re.compile(r"(?<!\d)(?:1[89]\d\d|2[01]\d\d)(?!\d)|" + TIME.pattern)
_NUMBERED = re.compile(r"[\d٠-٩]{1,3}\s?[.)/]")
_LINK = re.compile(r"https?://|www\.|[\w.+-]+@[\w-]+\.\w|(?<!\w)@\w{3,}")


@dataclass(frozen=True, slots=True)
class LineFeatures:
    """What the verdict looks at in one stripped line."""

    chars: int
    letters: int
    terminal: bool  # ends a sentence
    punctuated: bool  # ends with sentence, clause or list punctuation
    stamp: bool  # holds a date or a clock time
    glued: bool  # words or a time run together
    cue: bool  # opens with a call-to-action phrase
    label: bool  # one or two words, no punctuation: a category or menu label
    link: bool  # holds a URL, an e-mail address or an @handle
    numbered: bool  # opens with "1." / "2)" / "3/": an authored enumeration
    figures: bool  # holds a number that is not part of a date, a time or a year
    colon: bool  # ends with ":", introducing what follows
    edge_words: frozenset[str]  # first and last word (3+ letters), lower case


def is_article_line(line: str) -> bool:
    """Whether a stripped line is article text (step 1 of the module docstring).

    >>> is_article_line("Подписывайтесь на главные новости"), is_article_line("Слово. " * 40)
    (False, True)
    """
    if len(line) < CONTENT_CHARS or (len(line) < PARAGRAPH_CHARS and not _TERMINAL.search(line)):
        return False
    return not _is_cue(line)


def _without_dates(line: str, dates: list) -> str:
    for date in reversed(dates):
        line = line[: date.start] + " " + line[date.end :]
    return line


def line_features(line: str) -> LineFeatures:
    """Features of one stripped line.

    >>> f = line_features("- 23:46ОлимпиадаКазахстан поставил ряд рекордов")
    >>> f.stamp, f.glued, f.punctuated, sorted(f.edge_words)
    (True, True, False, ['олимпиадаказахстан', 'рекордов'])
    """
    words = _WORD.findall(line)
    edges = {words[0].lower(), words[-1].lower()} if words else set()
    punctuated = bool(_PUNCTUATED.search(line))
    dates = find_dates(line)
    return LineFeatures(
        chars=len(line),
        letters=sum(map(len, words)),
        terminal=bool(_TERMINAL.search(line)),
        punctuated=punctuated,
        stamp=bool(dates) or bool(TIME.search(line)),
        glued=bool(_GLUED.search(line)),
        cue=_is_cue(line),
        label=1 <= len(words) <= 2 and len(line) <= 30 and not punctuated,
        link=bool(_LINK.search(line)),
        numbered=bool(_NUMBERED.match(line)),
        figures=bool(_FIGURE.search(_YEAR_OR_TIME.sub(" ", _without_dates(line, dates)))),
        colon=line.endswith((":", "\uff1a")),
        edge_words=frozenset(w for w in edges if len(w) >= 3),
    )


def furniture_runs(text: str, units: Sequence[Span]) -> list[tuple[int, int]]:
    """Runs of ``units`` (stripped lines of ``text``) that are page furniture.

    Returns ``(first, stop)`` index ranges into ``units``, in order, not overlapping.
    """
    articles = [i for i, (start, end, _) in enumerate(units) if is_article_line(text[start:end])]
    if not articles:
        return []
    runs = []
    bounds = [-1, *articles, len(units)]
    for left, right in zip(bounds, bounds[1:]):
        lines = [text[start:end] for start, end, _ in units[left + 1 : right]]
        before = text[units[left][1] - 1] if left >= 0 else ""
        skip, furniture = judge_run(lines, after_article=left >= 0, trailing=right == len(units), before=before)
        if furniture:
            runs.append((left + 1 + skip, right))
    return runs


def judge_run(lines: Sequence[str], *, after_article: bool, trailing: bool, before: str = "") -> tuple[int, bool]:
    """The verdict on one run of non-article lines (steps 2-5 of the module docstring).

    ``lines``: the run's stripped lines; ``after_article``: an article line comes before
    the run; ``trailing``: none comes after it; ``before``: the last character of the line
    before the run (``""`` at the top of the document). Returns ``(skip, furniture)``:
    the first ``skip`` lines (closing sentences) stay with the article, and whether the
    rest is furniture.

    >>> judge_run(["Конец статьи.", "Смотрите также", "Новость 1", "Новость 2"], after_article=True, trailing=True)
    (1, True)
    """
    # Closing sentences of the article before the run stay with it.
    skip = 0
    while skip < len(lines) and _TERMINAL.search(lines[skip]) and not _is_cue(lines[skip]):
        skip += 1
    if skip == len(lines):
        return skip, False
    first = lines[skip]
    if _is_cue(first) and after_article:  # a call to action (not at the top of the document)
        return skip, True
    rest = lines[skip:]
    if skip:
        before = lines[skip - 1][-1]
    furniture = len(rest) >= MIN_LIST_LINES and _is_furniture(
        [line_features(line) for line in rest],
        trailing=trailing,
        introduced=before in (":", "\uff1a"),
        heading=bool(_MARKDOWN_HEADING.match(first)),
    )
    return skip, furniture


def _is_cue(line: str) -> bool:
    return len(line) <= CUE_CHARS and bool(CUE.match(line))


def _is_furniture(run: list[LineFeatures], trailing: bool, introduced: bool, heading: bool) -> bool:
    """The verdict on a run of 3+ non-article lines not opened by a call to action."""
    n = len(run)
    if introduced or heading or any(f.colon for f in run):
        return False
    if sum(f.punctuated for f in run) * 3 > n or sum(f.numbered for f in run) * 2 >= n:
        return False
    if sum(f.figures for f in run) * 3 >= n:  # rows of figures: a table or a price list
        return False
    share = max(2, -(-n // 4))  # at least 2 lines and a quarter of the run
    stamps = sum(f.stamp for f in run) >= share
    glued = sum(f.glued for f in run) >= share
    repeated = max(Counter(w for f in run for w in f.edge_words).values(), default=0) >= max(3, -(-n // 2))
    if trailing:
        return (
            stamps
            or glued
            or any(f.cue for f in run)
            or sum(f.link for f in run) >= share
            or sum(f.label for f in run) >= max(3, -(-n // 3))
        )
    return stamps + glued + repeated >= 2
