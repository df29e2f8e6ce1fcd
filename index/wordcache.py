"""The index's own word cache: each distinct word is analysed once in the index's life.

Analysing a word (pymorphy3's lemmas, the Arabic and English stemmers, cross-script
keys, the surface form for did-you-mean) costs far more than looking it up, and the word
caches of :mod:`polyseek.analyzers` last one process.  A :class:`WordCache` keeps them
beside the segments, for the index's analyzer settings: a ``reindex`` never analyses a
word the index has seen, and a search whose words the index holds loads neither
pymorphy3 nor nltk.

One file, ``polyseek-words``: :data:`SHARDS` shards, each a zlib-compressed ``marshal``-ed
``{kind: {surface: value}}`` (a word's shard is the CRC-32 of its UTF-8 bytes), then a ``marshal``-ed header (format, analyzer settings, where each shard
lies with its length and CRC-32), then the header's offset (8 bytes).  A search reads
the header and the shards of its words only, and keeps at most :data:`SEARCH_SHARDS` of them
decoded.  A write session looks up each new word once and keeps every shard it reads, up
to :data:`WRITE_VALUES` values: past that, a word whose shard is not read yet is analysed
afresh (about what decoding its shard would cost), so a reindex's memory does not follow
the index's vocabulary.  At the end of a write session the writer
adds what its process's caches hold (:func:`polyseek.analyzers.chains.lasting_values`:
nothing is noted per word while indexing), copying the shards that gain nothing, and
replaces the file like the status file (written, fsynced, renamed).  A file that is
missing, cut short, damaged (CRC) or made with other settings is taken as empty: the
cache only ever holds what the analyzers compute for those settings, so losing it costs
time, never results.  Whoosh's ``clean`` removes it with the rest when an index is
created over an old one.

Example:
    >>> import tempfile
    >>> from polyseek.analyzers.chains import Settings
    >>> folder = tempfile.mkdtemp()
    >>> WordCache(folder, Settings("light10", "function")).save({"w": {"стали": ("ru", ("стать", "сталь"), False)}})
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
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zlib import crc32

from polyseek.analyzers.chains import Settings
from polyseek.index.durable import fsync_folder

__all__ = ["FILE", "FORMAT", "PENDING_BYTES", "SEARCH_SHARDS", "SHARDS", "WRITE_VALUES", "WordCache"]

FILE = "polyseek-words"
#: Shards of the file.  A lookup decodes its word's whole shard (~1.2 us a word in it):
#: with 64 shards, a 110,000-document index's 2.3 million values made a search word cost
#: ~45 ms; with 4,096, under 1 ms.
SHARDS = 4096
#: Decoded shards a reader keeps (the oldest goes first), so that a search process does not
#: grow toward the whole cache (561 MiB decoded at 110,000 documents).
SEARCH_SHARDS = 256
#: Decoded values a write session keeps at most (~0.25 KiB each: ~75 MiB); the whole cache
#: of 10,000 news documents holds ~250,000, of 110,000 ~2.3 million.
WRITE_VALUES = 300_000
#: The file's layout; bump it when a kind's values change shape or meaning.
#: 3: shards zlib-compressed (level 1: about a quarter of the bytes, read in microseconds).
#: 4: 4,096 shards by CRC-32.
FORMAT = 4

_TAIL_BYTES = 8
#: Compressed bytes :meth:`WordCache.keep` holds before it saves them.
PENDING_BYTES = 8 << 20


def _by_shard(values: Mapping[str, Mapping[str, Any]]) -> dict[int, dict[str, list[str]]]:
    """The surfaces of ``values`` (kind -> surface -> value) by shard: shard -> kind -> surfaces."""
    out: dict[int, dict[str, list[str]]] = {}
    for kind, by_surface in values.items():
        for surface in by_surface:
            if surface:
                n = _shard(surface)
                kinds = out.get(n)
                if kinds is None:
                    kinds = out[n] = {}
                surfaces = kinds.get(kind)
                if surfaces is None:
                    surfaces = kinds[kind] = []
                surfaces.append(surface)
    return out


def _merge(shard: dict[str, dict[str, Any]], kind: str, surfaces: Any, source: Mapping[str, Any]) -> bool:
    """Add ``source[surface]`` for each of ``surfaces`` that ``shard`` lacks; whether any was."""
    kept = shard.get(kind)
    if not kept:
        shard[kind] = {surface: source[surface] for surface in surfaces}
        return bool(shard[kind])
    added = {surface: source[surface] for surface in surfaces if surface not in kept}
    kept.update(added)
    return bool(added)


def _append(out: Any, places: list[tuple[int, int, int]], blob: bytes) -> None:
    places.append((out.tell(), len(blob), zlib.crc32(blob)))
    out.write(blob)


def _size(shard: dict[str, dict[str, Any]]) -> int:
    return sum(len(values) for values in shard.values())


def _shard(surface: str) -> int:
    """A word's shard: stable across processes (``hash()`` is not) and cheap."""
    return crc32(surface.encode("utf-8", "surrogatepass")) % SHARDS


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
            size = os.fstat(fh.fileno()).st_size
            fh.seek(size - _TAIL_BYTES)
            start = int.from_bytes(fh.read(_TAIL_BYTES), "little")
            if 0 <= start < size - _TAIL_BYTES:
                fh.seek(start)
                found = marshal.loads(fh.read(size - _TAIL_BYTES - start))
                if found[:-1] == header and len(found[-1]) == SHARDS:
                    self.places = [tuple(place) for place in found[-1]]
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
            kinds = marshal.loads(zlib.decompress(data))
        except Exception:  # noqa: BLE001 - the CRC matched, but be safe: no cache
            return {}
        return kinds if isinstance(kinds, dict) else {}

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


class WordCache:
    """The word cache of the index in ``folder`` for analyzer ``settings``.

    Values are kept per *kind* (``"w"``: a word's ``(chain, terms, is_stopword)``; other
    kinds: the side fields' terms, Russian name readings; see
    :func:`polyseek.analyzers.chains.lasting_values`).  :meth:`get` reads a shard on first
    use; :meth:`save` adds values to the file.
    """

    def __init__(self, folder: str | Path, settings: Settings, durable: bool = True) -> None:
        self.path = Path(folder) / FILE
        self.durable = durable
        self._header = (FORMAT, settings.arabic_stemmer, settings.stopwords, settings.version)
        self._snapshot: _Snapshot | None = None
        self._shards: dict[int, dict[str, dict[str, Any]]] = {}
        self._absent = False  # no file to read (until the next save)
        #: True during a write session: shards read are kept up to :data:`WRITE_VALUES` values.
        self.writing = False
        self._values = 0  # values in the decoded shards
        self._pending: dict[int, list[bytes]] = {}  # shard -> compressed values held by keep()
        self._pending_bytes = 0

    def _current(self) -> _Snapshot:
        if self._snapshot is None:
            self._snapshot = _Snapshot(self.path, self._header)
            self._absent = self._snapshot.fh is None
        return self._snapshot

    def get(self, kind: str, surface: str) -> Any:
        """The value kept for ``surface`` under ``kind``, or None."""
        if self._absent:  # a new index: every word is new
            return None
        n = _shard(surface)
        shard = self._shards.get(n)
        if shard is None:
            if self.writing:
                if self._values >= WRITE_VALUES:
                    return None  # analysed afresh: the same value, computed
            elif len(self._shards) >= SEARCH_SHARDS:
                self._values -= _size(self._shards.pop(next(iter(self._shards))))  # the oldest read
            shard = self._shards[n] = self._current().read(n)
            self._values += _size(shard)
        values = shard.get(kind)
        return None if values is None else values.get(surface)

    def keep(self, values: Mapping[str, Mapping[str, Any]]) -> None:
        """Hold ``values`` (kind -> surface -> value) for the next :meth:`save`, compressed
        per shard (about 20 bytes a word); saved at once when they reach
        :data:`PENDING_BYTES`.  What full analyzer caches drop during a write session
        comes here, so the caches stay small and the file still gets every word.  What
        :meth:`get` reads stays the version it first read (decoded shards are held until
        :meth:`close`: those saved here are not read back during the session)."""
        for n, kinds in _by_shard(values).items():
            part = {kind: {surface: values[kind][surface] for surface in surfaces} for kind, surfaces in kinds.items()}
            blob = zlib.compress(marshal.dumps(part), 1)
            self._pending.setdefault(n, []).append(blob)
            self._pending_bytes += len(blob)
        if self._pending_bytes >= PENDING_BYTES:
            self._write({})

    def save(self, values: Mapping[str, Mapping[str, Any]]) -> int:
        """Add ``values`` (kind -> surface -> value) and what :meth:`keep` holds to the file,
        keeping what it holds; return how many shards gained something (0: the file is left
        as it is).  One shard is decoded at a time and written out at once.  Raises
        ``OSError`` if the disk refuses (the file is then as it was)."""
        try:
            return self._write(values)
        finally:
            self.close()

    def _write(self, values: Mapping[str, Mapping[str, Any]]) -> int:
        pending, self._pending, self._pending_bytes = self._pending, {}, 0
        parts = _by_shard(values)
        if not parts and not pending:
            return 0
        current = _Snapshot(self.path, self._header)  # what is on disk now: another writer may have saved since
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        out: Any = None
        places: list[tuple[int, int, int]] = []
        changed = 0
        try:
            for n in range(SHARDS):
                blob = None
                if n in parts or n in pending:
                    shard = current.read(n)
                    gained = False
                    for data in pending.get(n, ()):
                        for kind, adds in marshal.loads(zlib.decompress(data)).items():
                            gained |= _merge(shard, kind, adds, adds)
                    for kind, surfaces in parts.get(n, {}).items():
                        gained |= _merge(shard, kind, surfaces, values[kind])
                    if gained:
                        blob = zlib.compress(marshal.dumps(shard), 1)
                        changed += 1
                        if out is None:  # the first shard that changes: copy those before it
                            out = open(tmp, "wb")
                            for m in range(n):
                                _append(out, places, current.raw(m) or b"")
                    del shard
                if out is not None:
                    _append(out, places, blob or current.raw(n) or b"")
            if out is None:
                return 0
            start = out.tell()
            out.write(marshal.dumps((*self._header, places)))
            out.write(start.to_bytes(_TAIL_BYTES, "little"))
            out.flush()
            if self.durable:
                os.fsync(out.fileno())
            out.close()
            os.replace(tmp, self.path)
        except BaseException:
            if out is not None:
                with contextlib.suppress(OSError):  # closing flushes: it fails as the write did
                    out.close()
                with contextlib.suppress(OSError):
                    tmp.unlink()
            raise
        finally:
            current.close()
        if self.durable:
            fsync_folder(self.path.parent)
        return changed

    def close(self) -> None:
        """Let go of the file and of the shards read (they are read again when needed)."""
        if self._snapshot is not None:
            self._snapshot.close()
            self._snapshot = None
        self._shards.clear()
        self._values = 0
        self._absent = False

    @staticmethod
    def remove_leftovers(folder: str | Path) -> None:
        """Remove the temporary file of a save that a killed writer left (under the writer lock)."""
        for name in os.listdir(folder):
            if name.startswith(f".{FILE}."):
                with contextlib.suppress(OSError):
                    os.remove(Path(folder) / name)
