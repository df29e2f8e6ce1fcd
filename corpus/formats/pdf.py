"""PDF (text layer): one :class:`Part` per page, paragraphs reassembled from lines.

- Lines of a paragraph are joined with a space; a word hyphenated at a line end
  (``инфор-`` / ``мация``) is joined back when both halves are lower-case letters.
- Lines repeated at the top or bottom of most pages (running headers, footers, page
  numbers; digits ignored when comparing) are page furniture and left out.
- Arabic: text stored as presentation forms (U+FB50-U+FEFF) is normalised to the base
  letters (NFKC); a line stored in visual order (letters right to left in the file, as
  naive PDF writers do) is put back in logical order, Latin and digit runs kept as they are.
- A PDF with no text on any page (a scan) is skipped with one line saying so (no OCR);
  an encrypted PDF that does not open with the empty password is skipped too.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections import Counter
from typing import Any

from ..model import SkippedSource
from .model import Extracted, Part

__all__ = ["extract_pdf", "reassemble", "logical_order"]

_ARABIC_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
# Presentation forms that end a word (final and isolated) / start one (initial).
_LTR_RUN = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u0400-\u04ff][A-Za-z0-9\u00c0-\u024f\u0400-\u04ff.,:%/\-]*[A-Za-z0-9\u00c0-\u024f\u0400-\u04ff%]|[A-Za-z0-9\u0400-\u04ff]")
_SENTENCE_END = re.compile(r"[.!?:;\u061f\u06d4»\"')]$")


def _form(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for form in ("FINAL", "INITIAL", "MEDIAL", "ISOLATED"):
        if name.endswith(f"{form} FORM"):
            return form
    return ""


def _visual(line: str) -> bool:
    """Whether an Arabic line in presentation forms is stored right to left (visual order).

    In logical order a word starts with an initial (or isolated) form; read backwards,
    with a final one.
    """
    starts = Counter(_form(word[0]) for word in line.split() if _ARABIC_FORMS.match(word[0]))
    ends = Counter(_form(word[-1]) for word in line.split() if _ARABIC_FORMS.match(word[-1]))
    backwards = starts["FINAL"] + ends["INITIAL"]
    forwards = starts["INITIAL"] + ends["FINAL"]
    return backwards > forwards


def logical_order(line: str) -> str:
    """An extracted line in logical order with Arabic base letters.

    >>> shaped_visual = "\\ufeae\\ufecc\\ufeb8\\ufedf\\ufe8d"   # "الشعر" as a naive writer stores it
    >>> logical_order(shaped_visual)
    'الشعر'
    >>> logical_order("2026 ناتسخازاك يف ةيبملوألا ةنجللا")   # base letters, stored backwards
    'اللجنة الأولمبية في كازاخستان 2026'
    >>> logical_order("Plain text 2026")
    'Plain text 2026'
    """
    if _ARABIC_FORMS.search(line):
        backwards = _visual(line)
    elif _ARABIC.search(line):
        backwards = _reversed_letters(line)
    else:
        return line
    if backwards:
        line = _LTR_RUN.sub(lambda m: m.group(0)[::-1], line[::-1])
    return unicodedata.normalize("NFKC", line)


def _reversed_letters(line: str) -> bool:
    """Whether an Arabic line in base letters reads backwards: the article ``ال`` opens
    words and teh marbuta / alef maqsura end them; backwards, the opposite.

    >>> _reversed_letters("ةيبملوألا ةنجللا"), _reversed_letters("اللجنة الأولمبية")
    (True, False)
    """
    words = [w.strip("،.:؛؟!()«»\"'") for w in line.split()]
    words = [w for w in words if w and _ARABIC.match(w[0])]
    forwards = sum(w.startswith("ال") for w in words) + sum(w.endswith(("ة", "ى")) for w in words)
    backwards = sum(w.endswith("لا") for w in words) + sum(w.startswith(("ة", "ى")) for w in words)
    return backwards > forwards


def _furniture(pages: list[list[str]]) -> set[str]:
    """Lines that open or close most pages (digits ignored): headers, footers, page numbers."""
    if len(pages) < 3:
        return set()
    seen: Counter[str] = Counter()
    for lines in pages:
        edge = {_shape(line) for line in lines[:2] + lines[-2:] if line.strip()}
        seen.update(edge)
    return {shape for shape, count in seen.items() if count >= max(3, (len(pages) + 1) // 2)}


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def reassemble(lines: list[str]) -> str:
    """Lines of a page joined into paragraphs (blank line between), hyphenation undone.

    >>> print(reassemble(["Олимпийский комитет провёл инфор-", "мационную встречу в Астане", "и в Токио.", "", "Second paragraph."]))
    Олимпийский комитет провёл информационную встречу в Астане и в Токио.
    <BLANKLINE>
    Second paragraph.
    """
    paragraphs: list[str] = []
    current = ""
    widths = sorted(len(line) for line in lines if line.strip())
    full = widths[len(widths) * 3 // 4] if widths else 0
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            if current:
                paragraphs.append(current)
                current = ""
            continue
        if not current:
            current = line
        elif re.search(r"[^\W\d_]-$", current) and line[:1].islower() and current[-2:-1].islower():
            current = current[:-1] + line
        else:
            current = f"{current} {line}"
        if _SENTENCE_END.search(line) and len(raw.strip()) < 0.8 * full:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def _pdf_date(value: object) -> str | None:
    match = re.match(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?", str(value or ""))
    if not match or not match.group(2):
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    return f"{year}-{month}-{day}" if day else f"{year}-{month}"


def extract_pdf(data: bytes) -> Extracted:
    """Pages of a PDF as :class:`Part` s ``page=N`` (1-based)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            opened = bool(reader.decrypt(""))
        except Exception:  # noqa: BLE001 - an unsupported cipher is as good as a password
            opened = False
        if not opened:
            raise SkippedSource("encrypted PDF (needs a password), not indexed")
    pages = []
    for page in reader.pages:
        text = page.extract_text() or ""
        pages.append([logical_order(line) for line in text.splitlines()])
    if not any(line.strip() for lines in pages for line in lines):
        raise SkippedSource(f"scanned PDF: no text layer on its {len(pages)} page(s) (no OCR), not indexed")
    furniture = _furniture(pages)
    parts = []
    for number, lines in enumerate(pages, 1):
        kept = [line for line in lines if _shape(line) not in furniture]
        text = reassemble(kept)
        if text:
            parts.append(Part(text, f"page={number}"))
    meta: Any = reader.metadata or {}
    words = " ".join(str(meta.get("/Title") or "").split())
    title = None if words.lower() in ("", "untitled", "(anonymous)") else words
    return Extracted(parts, title=title, date=_pdf_date(meta.get("/CreationDate")))
