"""The index's own word cache: each distinct word is analysed once in the index's life.

Analysing a word (pymorphy3's lemmas, the Arabic and English stemmers) costs far more
than looking it up, and the word caches of :mod:`polyseek.analyzers` last one process.  A
:class:`WordCache` keeps each word's entry (its chain, terms, whether it is a stop word) and
a Russian word's name readings beside the segments, for the index's analyzer settings: a
``reindex`` never analyses a word the index has seen, and a search whose words the index
holds loads neither pymorphy3 nor nltk.  (A word's cross-script keys and surface form are
made from its entry again: cheaper than saving them, see :mod:`analyzers.field_analyzers`.)

One file, ``polyseek-words``: shards, each a zlib-compressed ``marshal``-ed
``{kind: {surface: value}}`` (a word's shard is the CRC-32 of its UTF-8 bytes modulo the
shard count), then a table of where each shard lies (16 bytes a shard: offset, length,
CRC-32), then a ``marshal``-ed header (format, analyzer settings, shard count, where the
table starts, how many values the file holds, how many it held after it was last pruned),
then the header's offset (8 bytes).  A
lookup decodes its word's whole shard, so the shard count follows the vocabulary: a
writer doubles it (from :data:`MIN_SHARDS`) while the file would hold more than
:data:`SHARD_VALUES` values a shard, and a lookup costs the same at every size (a
110,000-document index's 2.3 million values in 4,096 shards cost 0.25 ms a lookup, in
65,536 about 0.02 ms).  A search reads the header, then one table entry and one shard
per word it looks up, and keeps at most :data:`SEARCH_SHARDS` shards decoded.  A write
session looks up each new word once and keeps every shard it reads, up to
:data:`WRITE_VALUES` values: past that, a word whose shard is not read yet is analysed
afresh (about what decoding its shard would cost), so a reindex's memory does not follow
the index's vocabulary.  At the end of a write session the writer
adds what its process's caches hold (:func:`polyseek.analyzers.chains.lasting_values`:
nothing is noted per word while indexing), copying the shards that gain nothing, and
replaces the file like the status file (written, fsynced, renamed).  A save given what the
index still uses (:class:`polyseek.analyzers.still_used.UsedWords`) prunes the file once
it holds :data:`PRUNE_GROWTH` times the values it held after the last pruning, if passages
were deleted since (:data:`PRUNE_DUE`): the words of texts that left the collection go,
so a collection whose files change keeps a cache of the size its words need.  A file of
format 4 (4,096 shards listed in the header) or 5 (no count at the last pruning) is read
as it is and rewritten in this layout by the next save that adds a value.  A file that is
missing, cut short, damaged (CRC) or made with other settings is taken as empty: the
cache only ever holds what the analyzers compute for those settings, so losing it costs
time, never results.  Whoosh's ``clean``
removes it with the rest when an index is created over an old one.

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
import struct
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol
from zlib import crc32

from polyseek.analyzers.chains import Settings
from polyseek.index.durable import fsync_folder

__all__ = [
    "FILE",
    "FORMAT",
    "MIN_SHARDS",
    "PENDING_BYTES",
    "PRUNE_GROWTH",
    "SEARCH_SHARDS",
    "SHARD_VALUES",
    "WRITE_VALUES",
    "Pruner",
    "WordCache",
]

FILE = "polyseek-words"
#: Shards of a new file; a writer doubles the count as the vocabulary grows (every count is
#: this times a power of two, so a word's shard at one count tells its shard at the next).
MIN_SHARDS = 4096
#: Values a shard holds on average at most: a writer doubles the shard count past this.  A
#: lookup decodes its word's whole shard (~0.5 us a value): with 4,096 shards for every
#: size, a 110,000-document index's 2.3 million values made a lookup cost 0.25 ms, and
#: showing ten hits looks up over a hundred words.
SHARD_VALUES = 64
#: Decoded shards a reader keeps (the oldest goes first), so that a search process does not
#: grow toward the whole cache (561 MiB decoded at 110,000 documents).
SEARCH_SHARDS = 256
#: Decoded values a write session keeps at most (~0.25 KiB each: ~75 MiB); the whole cache
#: of 10,000 news documents holds ~700,000, of 110,000 ~2.3 million.
WRITE_VALUES = 300_000
#: The file's layout; bump it when a kind's values change shape or meaning.
#: 3: shards zlib-compressed (level 1: about a quarter of the bytes, read in microseconds).
#: 4: 4,096 shards by CRC-32.
#: 5: as many shards as the vocabulary needs, located by a table of fixed-size entries.
#: 6: the header also holds how many values the file held after it was last pruned.
FORMAT = 6
#: Formats before: read, and rewritten as :data:`FORMAT` by the next save that adds a value.
_FORMAT_5 = 5
_FORMAT_4 = 4
#: A save that is told what the index still uses prunes the file once it holds this many
#: times the values it held after it was last pruned (or first written), if passages were
#: deleted since (:data:`PRUNE_DUE`): a collection whose texts change keeps at most this
#: much of what it no longer uses (each pruning reads and writes the whole file once, so
#: their cost adds up to a few times one such pass in all).
PRUNE_GROWTH = 1.25
#: Beside the file while passages were deleted since its last pruning
#: (:meth:`WordCache.passages_deleted`).  Without it a save never prunes: every word of a
#: collection that only grows is still in its texts, and a pruning pass asks the index
#: about every term (at the end of a first index of a 2 GB file: a 702 MiB peak against
#: 347 MiB for the rest of the run; on 150 MB the pass mapped 29 MiB of term tables).
PRUNE_DUE = f"{FILE}.prune-due"

_TAIL_BYTES = 8
#: A shard's entry in the table: offset, length, CRC-32.
_ENTRY = struct.Struct("<QII")
#: Compressed bytes :meth:`WordCache.keep` holds before it saves them, in an unlinked file in
#: the index's folder (held in memory, they were up to 8 MiB of an indexing peak: 6.9 MiB at
#: memray's high-water mark of 10,000 documents in one JSONL file, whose caches drop).
PENDING_BYTES = 8 << 20
#: :meth:`WordCache.keep` compresses the values of this many consecutive shards of
#: :data:`MIN_SHARDS` as one zlib stream (one a shard made a dropped cache half of 150,000
#: words 4,096 small streams: ~0.5 s of CPU a drop, ~6 % of indexing 10,000 documents).
KEEP_GROUP = 64


class Pruner(Protocol):
    """What a pruning save asks of the index: which values it still uses
    (:class:`polyseek.analyzers.still_used.UsedWords`)."""

    def note(self, shard: Mapping[str, Mapping[str, Any]]) -> None:
        """First pass: see each of the file's shards (kind -> surface -> value) once."""

    def keep(self, shard: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
        """Second pass: ``shard`` without the values no longer used."""


def _shard(surface: str, shards: int) -> int:
    """A word's shard of ``shards``: stable across processes (``hash()`` is not) and cheap."""
    return crc32(surface.encode("utf-8", "surrogatepass")) % shards


def _by_shard(values: Mapping[str, Iterable[str]], shards: int, per: int = 1) -> dict[int, dict[str, list[str]]]:
    """The surfaces of ``values`` (kind -> surfaces, or surface -> value) by shard of ``shards``,
    or by run of ``per`` consecutive shards: shard (run) -> kind -> surfaces."""
    out: dict[int, dict[str, list[str]]] = {}
    for kind, by_surface in values.items():
        for surface in by_surface:
            if surface:
                n = _shard(surface, shards) // per
                kinds = out.get(n)
                if kinds is None:
                    kinds = out[n] = {}
                surfaces = kinds.get(kind)
                if surfaces is None:
                    surfaces = kinds[kind] = []
                surfaces.append(surface)
    return out


def _merge(shard: dict[str, dict[str, Any]], kind: str, surfaces: Any, source: Mapping[str, Any]) -> int:
    """Add ``source[surface]`` for each of ``surfaces`` that ``shard`` lacks; how many were."""
    kept = shard.get(kind)
    if not kept:
        shard[kind] = {surface: source[surface] for surface in surfaces}
        return len(shard[kind])
    added = {surface: source[surface] for surface in surfaces if surface not in kept}
    kept.update(added)
    return len(added)


def _split(shard: dict[str, dict[str, Any]], shards: int) -> dict[int, dict[str, dict[str, Any]]]:
    """``shard``'s values by their shard of ``shards``."""
    out: dict[int, dict[str, dict[str, Any]]] = {}
    for kind, by_surface in shard.items():
        for surface, value in by_surface.items():
            out.setdefault(_shard(surface, shards), {}).setdefault(kind, {})[surface] = value
    return out


def _size(shard: dict[str, dict[str, Any]]) -> int:
    return sum(len(values) for values in shard.values())


def _shard_count(values: int, shards: int) -> int:
    """The shard count for ``values`` values: ``shards`` (a count in use) doubled as needed.

    >>> _shard_count(100, MIN_SHARDS), _shard_count(2_311_489, MIN_SHARDS), _shard_count(10, 16384)
    (4096, 65536, 16384)
    """
    while values > SHARD_VALUES * shards:
        shards *= 2
    return shards


class _Snapshot:
    """One version of the file, open for reading shards (a later replace does not change it)."""

    def __init__(self, path: Path, header: tuple) -> None:
        self.fh: Any = None
        self.shards = MIN_SHARDS
        self.values: int | None = 0  # values in the file (None: not recorded, a format 4 file)
        self.pruned: int | None = 0  # values after the last pruning (None: not recorded)
        self._places: list[tuple[int, int, int]] | None = None  # format 4: every shard's place
        self._table = 0  # where the table starts
        self._end = 0  # where the shards end
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
                if self._accept(found, header, start):
                    self.fh = fh
                    return
        except Exception:  # noqa: BLE001 - whatever a damaged file makes marshal raise: no cache
            pass
        fh.close()

    def _accept(self, found: Any, header: tuple, start: int) -> bool:
        """Take the layout of header ``found`` (the header's offset: ``start``) if it is this
        format (or format 4) for these settings."""
        if found[1 : len(header)] == header[1:] and (
            (found[0] == header[0] and len(found) == len(header) + 4) or (found[0] == _FORMAT_5 and len(found) == len(header) + 3)
        ):
            shards, table, values = found[len(header) : len(header) + 3]
            if shards >= MIN_SHARDS and shards % MIN_SHARDS == 0 and table + shards * _ENTRY.size == start:
                self.shards, self._table, self._end, self.values = shards, table, table, values
                self.pruned = found[-1] if found[0] == header[0] else None
                return True
        elif found[:1] == (_FORMAT_4,) and found[1:-1] == header[1:] and len(found[-1]) == MIN_SHARDS:
            self._places = [tuple(place) for place in found[-1]]
            self._end, self.values, self.pruned = start, None, None
            return True
        return False

    def place(self, n: int) -> tuple[int, int, int] | None:
        """Shard ``n``'s offset, length and CRC-32, or None if it cannot be read."""
        if self._places is not None:
            return self._places[n]
        try:
            entry = os.pread(self.fh.fileno(), _ENTRY.size, self._table + n * _ENTRY.size)
        except OSError:
            return None
        return _ENTRY.unpack(entry) if len(entry) == _ENTRY.size else None

    def raw(self, n: int) -> bytes | None:
        """Shard ``n``'s bytes as written, or None if it is empty or damaged."""
        if self.fh is None:
            return None
        place = self.place(n)
        if place is None:
            return None
        start, length, crc = place
        if not length or start + length > self._end:
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

    def count(self) -> int:
        """How many values the file holds (a format 4 file's shards are read to count them)."""
        if self.values is None:
            self.values = sum(_size(self.read(n)) for n in range(self.shards))
        return self.values

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None


class _Output:
    """The file being written: shards in any order, then their table and the header."""

    def __init__(self, path: Path, shards: int) -> None:
        self.fh: Any = open(path, "wb")
        # the table as it will be written, 16 bytes a shard (a dict of tuples was ~200 bytes
        # a shard: ~20 MiB for the 100,000 shards of a big vocabulary, held to the end)
        self.table = bytearray(shards * _ENTRY.size)

    def shard(self, n: int, blob: bytes) -> None:
        if not blob:  # an empty shard: no place (its entry, zeros, reads as empty)
            return
        _ENTRY.pack_into(self.table, n * _ENTRY.size, self.fh.tell(), len(blob), zlib.crc32(blob))
        self.fh.write(blob)

    def finish(self, header: tuple, shards: int, values: int, pruned: int, durable: bool) -> None:
        table = self.fh.tell()
        self.fh.write(self.table)
        start = self.fh.tell()
        self.fh.write(marshal.dumps((*header, shards, table, values, pruned)))
        self.fh.write(start.to_bytes(_TAIL_BYTES, "little"))
        self.fh.flush()
        if durable:
            os.fsync(self.fh.fileno())
        self.fh.close()


class WordCache:
    """The word cache of the index in ``folder`` for analyzer ``settings``.

    Values are kept per *kind* (``"w"``: a word's ``(chain, terms, is_stopword)``; other
    kinds: the side fields' terms, Russian name readings; see
    :func:`polyseek.analyzers.chains.lasting_values`).  :meth:`get` reads a shard on first
    use; :meth:`save` adds values to the file.
    """

    def __init__(self, folder: str | Path, settings: Settings, durable: bool = True) -> None:
        self.path = Path(folder) / FILE
        self._due = Path(folder) / PRUNE_DUE
        self.durable = durable
        self._header = (FORMAT, settings.arabic_stemmer, settings.stopwords, settings.version)
        self._snapshot: _Snapshot | None = None
        self._shards: dict[int, dict[str, dict[str, Any]]] = {}
        self._absent = False  # no file to read (until the next save)
        #: True during a write session: shards read are kept up to :data:`WRITE_VALUES` values.
        self.writing = False
        self._values = 0  # values in the decoded shards
        #: group of KEEP_GROUP shards -> where the values keep() holds for it lie in ``_spill``
        self._pending: dict[int, list[tuple[int, int]]] = {}
        self._spill: Any = None  # an unlinked file in the index's folder, while keep() holds values
        self._pending_bytes = 0
        self._pending_values = 0

    def _current(self) -> _Snapshot:
        if self._snapshot is None:
            self._snapshot = _Snapshot(self.path, self._header)
            self._absent = self._snapshot.fh is None
        return self._snapshot

    def get(self, kind: str, surface: str) -> Any:
        """The value kept for ``surface`` under ``kind``, or None."""
        if self._absent:  # a new index: every word is new
            return None
        snapshot = self._current()
        n = _shard(surface, snapshot.shards)
        shard = self._shards.get(n)
        if shard is None:
            if self.writing:
                if self._values >= WRITE_VALUES:
                    return None  # analysed afresh: the same value, computed
            elif len(self._shards) >= SEARCH_SHARDS:
                self._values -= _size(self._shards.pop(next(iter(self._shards))))  # the oldest read
            shard = self._shards[n] = snapshot.read(n)
            self._values += _size(shard)
        values = shard.get(kind)
        return None if values is None else values.get(surface)

    def keep(self, values: Mapping[str, Mapping[str, Any]]) -> None:
        """Hold ``values`` (kind -> surface -> value) for the next :meth:`save`, compressed
        per :data:`KEEP_GROUP` shards (about 20 bytes a word) in an unlinked file in the
        index's folder; saved at once when they reach :data:`PENDING_BYTES`.  What full
        analyzer caches drop during a write session comes here, so the caches stay small
        and the file still gets every word.  What :meth:`get` reads stays the version it
        first read (decoded shards are held until :meth:`close`: those saved here are not
        read back during the session)."""
        for group, kinds in _by_shard(values, MIN_SHARDS, KEEP_GROUP).items():
            part = {}
            for kind, surfaces in kinds.items():
                given = values[kind]
                part[kind] = {surface: given[surface] for surface in surfaces}
                self._pending_values += len(surfaces)
            blob = zlib.compress(marshal.dumps(part), 1)
            self._pending.setdefault(group, []).append(self._spilled(blob))
            self._pending_bytes += len(blob)
        if self._pending_bytes >= PENDING_BYTES:
            self._write({})

    def _spilled(self, blob: bytes) -> tuple[int, int]:
        """``blob`` appended to the file of what :meth:`keep` holds: where it lies there."""
        if self._spill is None:
            import tempfile  # only a writer whose caches drop needs it (a search imports this module)

            self._spill = tempfile.TemporaryFile(dir=self.path.parent)
        offset = self._spill.seek(0, os.SEEK_END)
        self._spill.write(blob)
        return offset, len(blob)

    def passages_deleted(self) -> None:
        """The index deleted passages (a commit removed or replaced a file's): their words may
        be of no more use, so a later :meth:`save` may prune (see :data:`PRUNE_DUE`).  Only
        a hint: lost, the file keeps words it no longer needs."""
        if not self._due.exists():
            with contextlib.suppress(OSError):
                self._due.touch()

    def save(self, values: Mapping[str, Mapping[str, Any]], used: Callable[[], Pruner] | None = None) -> int:
        """Add ``values`` (kind -> surface -> value) and what :meth:`keep` holds to the file,
        keeping what it holds; return how many shards gained or lost something (0: the file
        is left as it is).  One shard is decoded at a time and written out at once.  With
        ``used``, once the file would hold :data:`PRUNE_GROWTH` times the values it held
        after it was last pruned and passages were deleted since (:meth:`passages_deleted`),
        what it holds is pruned to what ``used()`` keeps (the values added now are kept).
        Raises ``OSError`` if the disk refuses (the file is then as it was)."""
        try:
            return self._write(self._unsaved(values), used)
        finally:
            self.close()

    def _unsaved(self, values: Mapping[str, Mapping[str, Any]]) -> Mapping[str, Mapping[str, Any]]:
        """``values`` but those the shards :meth:`get` decoded hold, while the file is still the
        one they were read from (a process's caches also hold the values it read here: a
        reindex of known words then saves nothing, without reading its shards once more)."""
        snapshot = self._snapshot
        if not self._shards or snapshot is None or snapshot.fh is None:
            return values
        try:
            read, now = os.fstat(snapshot.fh.fileno()), os.stat(self.path)
        except OSError:
            return values
        if (read.st_dev, read.st_ino, read.st_size, read.st_mtime_ns) != (now.st_dev, now.st_ino, now.st_size, now.st_mtime_ns):
            return values  # replaced since (keep() saved): _write reads what it holds now
        shards, decoded = snapshot.shards, self._shards
        nothing: dict[Any, Any] = {}
        out: dict[str, dict[str, Any]] = {}
        for kind, by_surface in values.items():
            out[kind] = {
                surface: value
                for surface, value in by_surface.items()
                if surface not in decoded.get(_shard(surface, shards), nothing).get(kind, nothing)
            }
        return out

    def _write(self, values: Mapping[str, Mapping[str, Any]], used: Callable[[], Pruner] | None = None) -> int:
        pending, self._pending, self._pending_bytes = self._pending, {}, 0
        spill, self._spill = self._spill, None
        incoming, self._pending_values = self._pending_values + sum(map(len, values.values())), 0
        if spill is not None:
            spill.flush()
        try:
            return self._written(values, used, incoming, pending, spill)
        finally:
            if spill is not None:
                spill.close()

    def _written(
        self,
        values: Mapping[str, Mapping[str, Any]],
        used: Callable[[], Pruner] | None,
        incoming: int,
        pending: dict[int, list[tuple[int, int]]],
        spill: Any,
    ) -> int:
        """:meth:`_write` once what :meth:`keep` held is taken: ``pending`` lies in ``spill``."""
        if not incoming:
            return 0
        current = _Snapshot(self.path, self._header)  # what is on disk now: another writer may have saved since
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        old = current.shards
        # another layout or shard count: every shard is written anew (else only those that gain)
        anew = current.fh is None or current.values is None
        held = current.count() if current.fh is not None else 0
        pruned = held if current.pruned is None else current.pruned
        # nothing left the index since the last pruning: every value is still of use, and the
        # file counts as pruned as it is written (a first index that saved in parts would
        # otherwise prune at the first deletion, asking the index about every word)
        deleted = self._due.exists()
        pruner = used() if used is not None and held and deleted and held + incoming > PRUNE_GROWTH * pruned else None
        if pruner is not None:  # first pass: what the index still uses
            for n in range(old):
                pruner.note(current.read(n))
        shards = _shard_count(held + incoming, old)
        anew = anew or shards != old or pruner is not None
        out: _Output | None = None
        done: list[int] = []  # shards left as they are, before the first that changes
        changed = gained = dropped = 0
        try:
            if anew:
                out = _Output(tmp, shards)
            # the surfaces by group of KEEP_GROUP shards (a few bytes a word), one group split
            # by shard at a time: split at once, the shards' dicts and lists of a big session
            # (hundreds of thousands of words over tens of thousands of shards) were ~30 MiB
            by_group = _by_shard(values, MIN_SHARDS, KEEP_GROUP)
            parts: dict[int, dict[str, list[str]]] = {}
            adds: dict[int, dict[str, dict[str, Any]]] = {}
            for base in range(MIN_SHARDS):
                if base % KEEP_GROUP == 0:  # one group's new and kept values at a time
                    parts = _by_shard(by_group.pop(base // KEEP_GROUP, {}), shards)
                    blobs = [os.pread(spill.fileno(), size, at) for at, size in pending.get(base // KEEP_GROUP, ())]
                    adds = _pending_values(blobs, shards)
                for o in range(base, old, MIN_SHARDS):
                    targets = range(o, shards, old)  # the shards that take old shard o's words
                    if not anew and o not in parts and o not in adds:
                        if out is None:
                            done.append(o)
                        else:
                            out.shard(o, current.raw(o) or b"")
                        continue
                    read = current.read(o)
                    if pruner is not None:
                        size = _size(read)
                        read = pruner.keep(read)
                        lost = size - _size(read)
                        dropped += lost
                        changed += bool(lost)
                    split = _split(read, shards) if shards != old else {o: read}
                    for n in targets:
                        shard = split.get(n, {})
                        got = sum(_merge(shard, kind, by, by) for kind, by in adds.get(n, {}).items())
                        got += sum(_merge(shard, kind, surfaces, values[kind]) for kind, surfaces in parts.get(n, {}).items())
                        if got:
                            changed += 1
                            gained += got
                            if out is None:  # the first shard that changes: copy those left before it
                                out = _Output(tmp, shards)
                                for m in done:
                                    out.shard(m, current.raw(m) or b"")
                        if out is None:
                            done.append(n)
                        elif got or shards != old or pruner is not None:
                            if shard:
                                out.shard(n, zlib.compress(marshal.dumps(shard), 1))
                        else:
                            out.shard(n, current.raw(n) or b"")
                    del read, split
            if out is None:
                return 0
            if not changed:  # written anew, but nothing was new after all
                out.fh.close()
                tmp.unlink()
                return 0
            total = held - dropped + gained
            clean = pruner is not None or not held or not deleted
            out.finish(self._header, shards, total, total if clean else pruned, self.durable)
            os.replace(tmp, self.path)
            if pruner is not None:
                with contextlib.suppress(OSError):
                    self._due.unlink()
        except BaseException:
            if out is not None:
                with contextlib.suppress(OSError):  # closing flushes: it fails as the write did
                    out.fh.close()
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


def _pending_values(blobs: Any, shards: int) -> dict[int, dict[str, dict[str, Any]]]:
    """The values of :meth:`WordCache.keep`'s ``blobs`` (of one group of :data:`KEEP_GROUP` shards) by
    shard of ``shards`` (the first value kept for a word wins: they are all the same)."""
    out: dict[int, dict[str, dict[str, Any]]] = {}
    for data in blobs:
        for kind, by_surface in marshal.loads(zlib.decompress(data)).items():
            for surface, value in by_surface.items():
                out.setdefault(_shard(surface, shards), {}).setdefault(kind, {}).setdefault(surface, value)
    return out
