"""The index's own word cache: each distinct word is analysed once in the index's life.

Analysing a word (pymorphy3's lemmas, the Arabic and English stemmers, cross-script
keys, the surface form for did-you-mean) costs far more than looking it up, and the word
caches of :mod:`polyseek.analyzers` last one process.  A :class:`WordCache` keeps the
results beside the segments, for the index's analyzer settings: a ``reindex`` never
analyses a word the index has seen, and a search whose words the index holds loads
neither pymorphy3 nor nltk.

One file, ``polyseek-words``: an 8-byte length, a ``marshal``-ed header (format,
analyzer settings, and where each of :data:`SHARDS` shards lies with its length and
CRC-32), then the shards, each a ``marshal``-ed ``{kind: {surface: value}}`` (a word's
shard comes from its first and last letters and its length).  A search reads the
header and the shards of its words only; a writer rewrites the file at the end of a run
(or when many new words wait), copying the shards that did not change, and replaces it
like the status file
(:func:`~polyseek.index.durable.replace_durably`: written, fsynced, renamed).  A file
that is missing, cut short, damaged (CRC) or made with other settings is taken as
empty: the cache only ever holds what the analyzers compute for those settings, so
losing it costs time, never results.  Whoosh's ``clean`` removes it with the rest when
an index is created over an old one.

Example:
    >>> import tempfile
    >>> from polyseek.analyzers.chains import Settings
    >>> folder = tempfile.mkdtemp()
    >>> cache = WordCache(folder, Settings("light10", "function"))
    >>> cache.recording = True
    >>> cache.remember("w", "стали", ("ru", ("стать", "сталь"), False))
    >>> cache.save()
    1
    >>> WordCache(folder, Settings("light10", "function")).get("w", "стали")
    ('ru', ('стать', 'сталь'), False)
    >>> WordCache(folder, Settings("snowball", "function")).get("w", "стали") is None  # other settings
    True
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from pathlib import Path
from typing import Any

from polyseek.analyzers.chains import Settings
from polyseek.index.durable import replace_durably

__all__ = ["FILE", "FORMAT", "SHARDS", "WordCache"]

FILE = "polyseek-words"
SHARDS = 64
#: The file's layout; bump it when a kind's values change shape or meaning.
FORMAT = 1
#: A writer saves before the end of its run once this many new values wait (memory).
SAVE_EARLY = 200_000

_LENGTH_BYTES = 8


def _shard(surface: str) -> int:
    """A word's shard: stable across processes (``hash()`` is not) and cheap."""
    return (ord(surface[0]) + 7 * ord(surface[-1]) + 31 * len(surface)) % SHARDS


class _Snapshot:
    """One version of the file, open for reading shards (a later replace does not change it)."""

    def __init__(self, path: Path, header: tuple) -> None:
        self.fh: Any = None
        self.places: list[tuple[int, int, int]] = []
        try:
            fh = open(path, "rb")
        except OSError:
            return
        try:
            size = int.from_bytes(fh.read(_LENGTH_BYTES), "little")
            if size <= os.fstat(fh.fileno()).st_size:
                found = marshal.loads(fh.read(size))
                if found[:-1] == header and len(found[-1]) == SHARDS:
                    base = _LENGTH_BYTES + size
                    self.places = [(base + start, length, crc) for start, length, crc in found[-1]]
                    self.fh = fh
                    return
        except Exception:  # noqa: BLE001 - whatever a damaged file makes marshal raise: no cache
            pass
        fh.close()

    def raw(self, n: int) -> bytes | None:
        """Shard ``n``'s bytes as written, or None if it is empty or damaged."""
        if self.fh is None:
            return None
        start, length, crc = self.places[n]
        if not length:
            return None
        try:
            data = os.pread(self.fh.fileno(), length, start)
        except OSError:
            return None
        return data if len(data) == length and zlib.crc32(data) == crc else None

    def read(self, n: int) -> dict[str, dict[str, Any]]:
        data = self.raw(n)
        if data is None:
            return {}
        try:
            kinds = marshal.loads(data)
        except Exception:  # noqa: BLE001 - the CRC matched, but be safe: no cache
            return {}
        return kinds if isinstance(kinds, dict) else {}

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


class WordCache:
    """The word cache of the index in ``folder`` for analyzer ``settings``.

    Values are kept per *kind* (``"w"``: a word's ``(chain, terms, is_stopword)``; the side
    fields' analyzers keep their terms under kinds of their own).  :meth:`get` reads a
    shard on first use; :meth:`remember` notes a value computed while ``recording`` (a
    writer sets it; a search never does, so a long-running search process does not
    collect the words of its queries); :meth:`save` writes them.
    """

    def __init__(self, folder: str | Path, settings: Settings, durable: bool = True) -> None:
        self.path = Path(folder) / FILE
        self.durable = durable
        self.recording = False
        self._header = (FORMAT, settings.arabic_stemmer, settings.stopwords, settings.version)
        self._snapshot: _Snapshot | None = None
        self._shards: dict[int, dict[str, dict[str, Any]]] = {}
        self._absent = False  # no file to read (until the next save)
        self._fresh: dict[str, dict[str, Any]] = {}  # kind -> surface -> value
        self.waiting = 0  #: values remembered and not saved yet
        self.chains: set[str] = set()  #: the language chains of the words remembered

    def get(self, kind: str, surface: str) -> Any:
        """The value kept for ``surface`` under ``kind``, or None."""
        if self._absent:  # a new index: every word is new
            return None
        n = _shard(surface)
        shard = self._shards.get(n)
        if shard is None:
            if self._snapshot is None:
                self._snapshot = _Snapshot(self.path, self._header)
                self._absent = self._snapshot.fh is None
            shard = self._shards[n] = self._snapshot.read(n)
        values = shard.get(kind)
        return None if values is None else values.get(surface)

    def remember(self, kind: str, surface: str, value: Any) -> None:
        """Keep ``value`` for the next :meth:`save` (only while ``recording``)."""
        if self.recording:
            values = self._fresh.get(kind)
            if values is None:
                values = self._fresh[kind] = {}
            values[surface] = value
            self.waiting += 1
            if kind == "w":
                self.chains.add(value[0])

    def save(self) -> int:
        """Write what was remembered since the last save into the file (the current file's
        other values kept); return how many shards changed.  Raises ``OSError`` if the disk
        refuses (what was remembered is then dropped: the cache is only a cache)."""
        by_kind, self._fresh, self.waiting = self._fresh, {}, 0
        fresh: dict[int, dict[str, dict[str, Any]]] = {}
        for kind, values in by_kind.items():
            for surface, value in values.items():
                fresh.setdefault(_shard(surface), {}).setdefault(kind, {})[surface] = value
        if not fresh:
            return 0
        current = _Snapshot(self.path, self._header)  # another writer may have saved since
        try:
            blobs = []
            for n in range(SHARDS):
                if n in fresh:
                    shard = current.read(n)
                    for kind, values in fresh[n].items():
                        shard.setdefault(kind, {}).update(values)
                    blobs.append(marshal.dumps(shard))
                else:
                    blobs.append(current.raw(n) or b"")
        finally:
            current.close()
        places, start = [], 0
        for blob in blobs:
            places.append((start, len(blob), zlib.crc32(blob)))
            start += len(blob)
        header = marshal.dumps((*self._header, places))  # offsets from the end of the header
        data = b"".join((len(header).to_bytes(_LENGTH_BYTES, "little"), header, *blobs))
        replace_durably(self.path, data, self.durable)
        self.close()  # read the new file from now on
        return len(fresh)

    def close(self) -> None:
        """Let go of the file and of the shards read (they are read again when needed)."""
        if self._snapshot is not None:
            self._snapshot.close()
            self._snapshot = None
        self._shards.clear()
        self._absent = False

    @staticmethod
    def remove_leftovers(folder: str | Path) -> None:
        """Remove the temporary file of a save that a killed writer left (under the writer lock)."""
        for name in os.listdir(folder):
            if name.startswith(f".{FILE}."):
                with contextlib.suppress(OSError):
                    os.remove(Path(folder) / name)
