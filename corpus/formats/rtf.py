"""RTF: the text of the document (striprtf), paragraphs as lines."""

from __future__ import annotations

from .model import Extracted, Part

__all__ = ["extract_rtf"]


def extract_rtf(data: bytes) -> Extracted:
    """The text of an RTF file. RTF is 7-bit: ``\\uN`` escapes and ``\\'hh`` bytes of the
    declared code page (``\\ansicpg1251``) carry other scripts; striprtf decodes both.

    >>> extract_rtf(rb"{\\rtf1\\ansi\\ansicpg1251 \\'cf\\'f0\\'e8\\'e2\\'e5\\'f2 \\u1052?\\u1080?\\u1088?}").parts[0].text
    'Привет Мир'
    """
    from striprtf.striprtf import rtf_to_text

    text = rtf_to_text(data.decode("latin-1"), encoding=_codepage(data), errors="replace")
    return Extracted([Part(text.strip())])


def _codepage(data: bytes) -> str:
    import re

    match = re.search(rb"\\ansicpg(\d+)", data[:4096])
    return f"cp{int(match.group(1))}" if match else "cp1252"
