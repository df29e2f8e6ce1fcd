"""The suffixes of the document formats and the module that reads each (no imports: a search
asks which sources are extracted text, and must not load the extractors' machinery for that)."""

from __future__ import annotations

__all__ = ["FORMAT_SUFFIXES"]

#: suffix -> (module, function, name shown in messages)
FORMAT_SUFFIXES: dict[str, tuple[str, str, str]] = {
    ".pdf": ("pdf", "extract_pdf", "PDF"),
    ".docx": ("office", "extract_docx", "Word document"),
    ".odt": ("office", "extract_odt", "OpenDocument text"),
    ".epub": ("epub", "extract_epub", "EPUB book"),
    ".eml": ("mail", "extract_eml", "e-mail message"),
    ".mbox": ("mail", "extract_mbox", "mailbox"),
    ".rtf": ("rtf", "extract_rtf", "RTF document"),
}
