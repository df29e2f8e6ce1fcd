"""Bytes to text for plain sources. The one place to swap in encoding detection."""

from __future__ import annotations

import codecs

from .model import CorpusError

__all__ = ["decode_text"]


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 strictly and drop a leading byte-order mark; nothing else changes.

    Line endings are kept as they are, so offsets into the result are exact
    code-point offsets into the file's text after the BOM. ``name`` is only used
    in the error message.

    >>> decode_text(codecs.BOM_UTF8 + "да\\r\\n".encode(), "x.txt")
    'да\\r\\n'
    >>> decode_text(b"ok \\xff", "x.txt")
    Traceback (most recent call last):
    ...
    corpus.model.CorpusError: x.txt: not valid UTF-8 (byte 0xff at offset 3)
    """
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as err:
        offset = bom + err.start
        raise CorpusError(
            f"{name}: not valid UTF-8 (byte 0x{data[offset]:02x} at offset {offset})"
        ) from None
