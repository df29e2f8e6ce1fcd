"""Bytes to text for every source: the one place where encodings are decided.

The order of decisions (offsets everywhere are code points of the returned text):

1. **Byte-order mark.** UTF-8, UTF-16 and UTF-32 BOMs name the encoding; the BOM is
   dropped (bytes that then do not decode, say a cut-off last character, are read
   as U+FFFD).
2. **Binary.** Without a BOM, a NUL byte in the first :data:`BINARY_PROBE` bytes marks
   a binary file (images, archives, executables, as ``git`` decides), and so does a
   known binary format: :class:`NotTextError`, a :class:`~corpus.model.SkippedSource`.
3. **UTF-8.** If the probe is UTF-8, the file is: that is what modern text is, and
   legacy bytes almost never form valid UTF-8 by chance.
4. **Damaged UTF-8.** Text that is UTF-8 apart from a few invalid bytes (a truncated
   download, one stray byte) stays UTF-8; every byte that does not decode, here or
   after the probe, is read as U+FFFD, so nothing else moves.
5. **Legacy code pages.** Otherwise ``chardet`` picks among :data:`LEGACY_ENCODINGS`,
   the single-byte code pages that real Russian, Arabic and Western archives use;
   among near-equal guesses the one that mixes no Latin with Cyrillic or Arabic
   letters inside a word wins. Nothing fitting means the bytes are not text.

Line endings are kept as they are. A big file is decoded as it is read
(:func:`decode_chunks`): the decisions are taken on its first piece, the same
:data:`BINARY_PROBE` bytes as for a file read whole, so both give the same text.

>>> decode_text(codecs.BOM_UTF8 + "да\\r\\n".encode(), "x.txt")
'да\\r\\n'
>>> decode_text("Спортсмены готовятся к Олимпиаде.".encode("cp1251"), "x.txt")
'Спортсмены готовятся к Олимпиаде.'
>>> decode_text(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR", "x.txt")
Traceback (most recent call last):
...
polyseek.corpus.decoding.NotTextError: x.txt: binary file (image/png), not text
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Iterator

from .model import SkippedSource

__all__ = [
    "BINARY_PROBE",
    "LEGACY_ENCODINGS",
    "NotTextError",
    "binary_reason",
    "decode_chunks",
    "decode_text",
    "detect_encoding",
]

#: Bytes looked at for NUL bytes and binary signatures, and given to the detector.
BINARY_PROBE = 64 * 1024

#: Code pages considered when a file is neither UTF-8 nor has a BOM: the legacy
#: encodings of Russian (Windows, KOI8, DOS, ISO, Mac), Arabic (Windows, ISO) and
#: Western text. Restricting the guess to them keeps short files from being read as
#: Greek or Chinese, which polyseek does not analyse anyway.
LEGACY_ENCODINGS: tuple[str, ...] = (
    "cp1251",
    "koi8-r",
    "koi8-u",
    "cp866",
    "iso8859-5",
    "mac-cyrillic",
    "cp1256",
    "iso8859-6",
    "cp1252",
)

#: Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: A guess within this share of the best one's confidence competes with it.
_NEAR = 0.5

# A word with a Latin letter next to a Cyrillic or Arabic one: the sign of a wrong code page.
_MIXED_WORD = re.compile(
    r"[A-Za-z\u00c0-\u024f][\u0400-\u04ff\u0600-\u06ff]|[\u0400-\u04ff\u0600-\u06ff][A-Za-z\u00c0-\u024f]"
)


class NotTextError(SkippedSource):
    """The bytes are not text (a binary file): the source is skipped, not failed.

    >>> issubclass(NotTextError, SkippedSource)
    True
    """


def detect_encoding(data: bytes) -> tuple[str, int] | None:
    """``(codec name, bytes to skip)`` for ``data``, or None when it is not text.

    >>> detect_encoding(codecs.BOM_UTF16_LE + "Бах".encode("utf-16-le"))
    ('utf-16-le', 2)
    >>> detect_encoding("Привет, мир".encode("koi8-r"))
    ('koi8-r', 0)
    >>> detect_encoding(b"\\x7fELF\\x02\\x01\\x01\\x00") is None
    True
    >>> detect_encoding(codecs.BOM_UTF8 + b"\\x00") is None
    True
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            if codec.startswith("utf-8") and b"\x00" in data[len(bom) : BINARY_PROBE]:
                return None  # UTF-8 text never holds NUL: a BOM on a binary file names nothing
            return codec, len(bom)
    probe = data[:BINARY_PROBE]
    if b"\x00" in probe:
        return None
    if _is_utf8(probe):
        return "utf-8", 0
    import chardet  # only for text that is not UTF-8: not imported by every run

    guesses = chardet.detect_all(
        probe, compat_names=False, prefer_superset=False, include_encodings=LEGACY_ENCODINGS
    )
    guesses = [g for g in guesses if g["encoding"]]
    if not guesses:
        return None
    floor = guesses[0]["confidence"] * _NEAR
    near: list[str] = [g["encoding"] for g in guesses if g["confidence"] >= floor and g["encoding"]]
    return min(near, key=lambda enc: _mixed_words(probe, enc)), 0


def decode_text(data: bytes, name: str) -> str:
    """Decode ``data`` (see the module doc); ``name`` is used in error messages.

    Raises :class:`NotTextError` for binary data or text in no known encoding.

    >>> decode_text(codecs.BOM_UTF16_BE + "نص".encode("utf-16-be"), "x.txt")
    'نص'
    >>> decode_text("Привет".encode() + b"\\xff" + " мир, всё хорошо".encode(), "x.txt")
    'Привет\\ufffd мир, всё хорошо'
    """
    detected = detect_encoding(data)
    if detected is None:
        raise NotTextError(f"{name}: {binary_reason(data)}, not text")
    codec, skip = detected
    body = memoryview(data)[skip:]
    try:
        return str(body, codec)
    except UnicodeDecodeError:
        # damaged UTF-8/16 (a stray byte, a cut-off character), or a code page
        # guessed from the probe that a later byte does not fit: keep the text,
        # mark the bytes that do not decode.
        return str(body, codec, "replace")


def decode_chunks(chunks: Iterable[bytes], name: str) -> Iterator[str]:
    """:func:`decode_text` for bytes given in pieces (a big file as it is read): the text, in pieces.

    The encoding is decided on the first piece (give at least :data:`BINARY_PROBE`
    bytes in it, unless the file is shorter); ``"".join(decode_chunks(pieces, name))``
    equals ``decode_text(b"".join(pieces), name)``. Raises :class:`NotTextError` before
    yielding anything for bytes that are not text.

    >>> data = "Привет".encode() + b"\\xff" + " мир".encode()
    >>> "".join(decode_chunks([data[:3], data[3:9], data[9:]], "x.txt")) == decode_text(data, "x.txt")
    True
    """
    pieces = iter(chunks)
    first = next(pieces, b"")
    detected = detect_encoding(first)
    if detected is None:
        raise NotTextError(f"{name}: {binary_reason(first)}, not text")
    codec, skip = detected
    # "replace" gives what decode_text gives: its strict decoding either succeeds (then the
    # same text) or falls back to "replace"; a sequence cut between pieces is held, not replaced
    decoder = codecs.getincrementaldecoder(codec)("replace")
    pending = first[skip:] if skip else first
    for data in pieces:
        yield decoder.decode(pending)
        pending = data
    yield decoder.decode(pending, final=True)


def _is_utf8(probe: bytes) -> bool:
    """UTF-8 (a sequence cut by the probe's end allowed), or UTF-8 with a few damaged bytes."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(probe, final=False)
        return True
    except UnicodeDecodeError:
        pass
    decoded = probe.decode("utf-8", "replace")
    bad = decoded.count("\ufffd")
    good = sum(1 for ch in decoded if ch > "\x7f") - bad
    return bad * 4 <= good


def _mixed_words(probe: bytes, encoding: str) -> int:
    return len(_MIXED_WORD.findall(str(probe, encoding, "replace")))


def binary_reason(data: bytes) -> str:
    """``binary file (image/png)`` when the format is known, else what gave it away."""
    import chardet

    mime = chardet.detect(data[:BINARY_PROBE], compat_names=False)["mime_type"] or ""
    if mime and not mime.startswith("text/") and mime != "application/octet-stream":
        return f"binary file ({mime})"
    nul = data.find(b"\x00", 0, BINARY_PROBE)
    if nul >= 0:
        return f"binary file (NUL byte at offset {nul})"
    return "binary file (no known text encoding fits)"
