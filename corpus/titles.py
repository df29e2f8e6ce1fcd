"""Titles for plain-text and Markdown sources."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

__all__ = ["TITLE_MAX", "first_line_title", "markdown_heading", "title_for"]

#: The first line is taken as the title only up to this many characters.
TITLE_MAX = 160

_NONSPACE = re.compile(r"\S")
_ATX = re.compile(r" {0,3}#{1,6}(?:[ \t]+(.*)|[ \t]*)$")
_ATX_CLOSE = re.compile(r"(?:^|[ \t]+)#+$")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def title_for(text: str, path: str | Path, markdown: bool = False) -> str:
    """Markdown heading, else a short first line followed by more text, else "" (no title).

    A file name is never made into a title: it is not something the author wrote, and
    as indexed text it would match queries (``ru-judo-memorandum.txt`` for ``memorandum``).

    >>> title_for("Тимур Кулибаев и Томас Бах\\n\\nВ Лозанне ...", "ru-news.txt")
    'Тимур Кулибаев и Томас Бах'
    >>> title_for("intro\\n# Real title #\\n", "a.md", markdown=True)
    'Real title'
    >>> title_for("only one line", "noc_news-2021.txt")
    ''
    """
    if markdown and (heading := markdown_heading(text)):
        return heading
    return first_line_title(text) or ""


def first_line_title(text: str) -> str | None:
    """The first non-empty line, stripped, if short enough and more text follows it.

    >>> first_line_title("\\n  Headline  \\r\\nBody") , first_line_title("Headline\\n \\n")
    ('Headline', None)
    """
    first = _NONSPACE.search(text)
    if first is None:
        return None
    newline = text.find("\n", first.start())
    if newline < 0:
        return None
    line = text[first.start() : newline].strip()
    if len(line) > TITLE_MAX or _NONSPACE.search(text, newline) is None:
        return None
    return line


def markdown_heading(text: str) -> str | None:
    """Text of the first non-empty ATX heading outside fenced code, if any.

    >>> markdown_heading("```\\n# not this\\n```\\n## Intro ##\\n")
    'Intro'
    """
    fence = ""
    for line in _lines(text):
        line = line.rstrip()
        marker = _FENCE.match(line)
        if marker and (not fence or marker.group(1).startswith(fence)):
            fence = "" if fence else marker.group(1)[0] * 3
            continue
        if fence:
            continue
        heading = _ATX.match(line)
        if heading and heading.group(1):
            content = _ATX_CLOSE.sub("", heading.group(1).strip()).strip()
            if content:
                return content
    return None


def _lines(text: str) -> Iterator[str]:
    """Lines split on ``\\n`` only, lazily (a heading is usually near the top)."""
    start = 0
    while (newline := text.find("\n", start)) >= 0:
        yield text[start:newline]
        start = newline + 1
    yield text[start:]
