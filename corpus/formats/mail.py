"""E-mail: ``.eml`` (one message) and ``.mbox`` (many), read with the standard library.

A message is a :class:`Part` titled with its subject; its text starts with a ``From:``
line (the sender is searchable) followed by the body. Body parts are decoded by their
declared charset (Russian mail is often KOI8-R or cp1251; an unknown or non-text
charset falls back to UTF-8 with replacement); an HTML-only body is reduced to its text.
Attachments in a format polyseek reads (PDF, Word, OpenDocument, EPUB, RTF, plain
text) become parts of their own, ``attachment=NAME`` in the reference.
"""

from __future__ import annotations

import codecs
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from pathlib import PurePath

from .model import Extracted, Part

__all__ = ["extract_eml", "extract_mbox"]

_ATTACHED = (".pdf", ".docx", ".odt", ".epub", ".rtf")


def _charset(part: EmailMessage) -> str:
    name = part.get_content_charset() or "utf-8"
    try:
        return name if codecs.lookup(name)._is_text_encoding else "utf-8"  # type: ignore[attr-defined]
    except LookupError:
        return "utf-8"


def _text(part: EmailMessage) -> str:
    payload: bytes = part.get_payload(decode=True) or b""  # type: ignore[assignment]  # decode=True: bytes
    text = payload.decode(_charset(part), errors="replace")
    if part.get_content_subtype() == "html":
        from lxml import html

        try:
            text = html.document_fromstring(text).text_content()
        except Exception:  # noqa: BLE001 - an empty or broken body has no text
            text = ""
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()


def _date(message: EmailMessage) -> str | None:
    try:
        return parsedate_to_datetime(str(message["date"])).date().isoformat() if message["date"] else None
    except (TypeError, ValueError, IndexError):
        return None


def _message_parts(message: EmailMessage, fragment: str | None) -> list[Part]:
    from .registry import extract_here

    subject = " ".join(str(message["subject"] or "").split()) or None
    sender = " ".join(str(message["from"] or "").split())
    plain: list[str] = []
    html: list[str] = []
    attached: list[Part] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if name:
            suffix = PurePath(name).suffix.lower()
            prefix = f"{fragment}/" if fragment else ""
            if suffix in _ATTACHED:
                try:
                    inner = extract_here(part.get_payload(decode=True) or b"", suffix)  # type: ignore[arg-type]
                except Exception:  # noqa: BLE001 - a bad attachment does not cost the message
                    continue
                for sub in inner.parts:
                    where = f"{prefix}attachment={name}" + (f"#{sub.fragment}" if sub.fragment else "")
                    attached.append(Part(sub.text, where, sub.title or inner.title or name))
            elif suffix in (".txt", ".md") or part.get_content_type() == "text/plain":
                attached.append(Part(_text(part), f"{prefix}attachment={name}", name))
            continue
        if part.get_content_type() == "text/plain":
            plain.append(_text(part))
        elif part.get_content_type() == "text/html":
            html.append(_text(part))
    body = "\n\n".join(t for t in (plain or html) if t)
    head = f"From: {sender}" if sender else ""
    text = "\n\n".join(t for t in (head, body) if t)
    return [Part(text, fragment, subject), *(p for p in attached if p.text)]


def _parse(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)  # type: ignore[return-value]


def extract_eml(data: bytes) -> Extracted:
    """One message and its readable attachments.

    >>> mail = "Subject: =?koi8-r?b?8NLJ18XU?=\\nFrom: Ivan <i@example.org>\\nContent-Type: text/plain; charset=koi8-r\\n\\n"
    >>> e = extract_eml(mail.encode() + "Встреча в Астане".encode("koi8-r"))
    >>> e.title, e.parts[0].text
    ('Привет', 'From: Ivan <i@example.org>\\n\\nВстреча в Астане')
    """
    message = _parse(data)
    subject = " ".join(str(message["subject"] or "").split()) or None
    return Extracted(_message_parts(message, None), title=subject, date=_date(message))


_FROM_LINE = re.compile(rb"^From [^\r\n]*\r?\n", re.M)


def extract_mbox(data: bytes) -> Extracted:
    """Every message of an mbox file, ``message=N`` (1-based) in the reference."""
    starts = [m.start() for m in _FROM_LINE.finditer(data)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    parts: list[Part] = []
    dates = []
    for number, (start, end) in enumerate(zip(starts, [*starts[1:], len(data)]), 1):
        chunk = _FROM_LINE.sub(b"", data[start:end], count=1) if data[start:end].startswith(b"From ") else data[start:end]
        chunk = re.sub(rb"(?m)^>(>*From )", rb"\1", chunk)
        message = _parse(chunk)
        parts.extend(_message_parts(message, f"message={number}"))
        dates.append(_date(message))
    return Extracted(parts, title=None, date=next((d for d in dates if d), None))
