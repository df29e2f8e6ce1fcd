"""Walk a run's roots: every supported file with its size and mtime (stage 1 of :mod:`index.sync`).

Without Whoosh: a ``polyseek reindex`` that finds nothing to do walks the roots with
:func:`scan` and :func:`walk_settings` too, before it would open the index (see
:mod:`index.manifest`), so both paths see the same files and the same problems.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "a.txt").write_text("Олимпийский комитет.", encoding="utf-8")
    >>> _ = (root / "b.log").write_text("not read", encoding="utf-8")
    >>> found = scan({str(root): False})
    >>> [Path(sf.path).name for sf in found.files], [Path(p).name for p in found.ignored]
    (['a.txt'], ['b.log'])
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from polyseek.corpus.files import ignored_key, iter_source_files, text_suffixes, unusable_name
from polyseek.corpus.jsonl_fields import JsonlFields
from polyseek.corpus.model import CorpusError, SkippedSource
from polyseek.index.sourcetable import SourceFile, SourceTable

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.index.stats import SyncStats

__all__ = [
    "AS_TEXT", "JSONL_FIELDS", "MAX_FILE_SIZE", "RACY_WINDOW_NS", "Scan", "SourceFile", "WalkSettings",
    "format_size", "is_racy", "is_under", "scan", "walk_settings",
]

#: A file modified this close (ns) before it was examined may change again without a
#: visible mtime change (coarse timestamps), so it is hashed on the next run too.
RACY_WINDOW_NS = 2_000_000_000

#: Settings of an index (see :data:`index.schema.KIND_SETTING`): the suffixes read as plain
#: text (comma-separated), the largest file read (bytes), the field names of JSONL records.
AS_TEXT = "as_text"
MAX_FILE_SIZE = "max_file_size"
JSONL_FIELDS = "jsonl_fields"


def is_racy(mtime_ns: int, checked_ns: int) -> bool:
    """Whether a file record's mtime is too close to when it was examined to trust size+mtime.

    >>> is_racy(mtime_ns=10**18, checked_ns=10**18 + 1_000_000_000), is_racy(10**18, 10**18 + RACY_WINDOW_NS + 1)
    (True, False)
    """
    return mtime_ns >= checked_ns - RACY_WINDOW_NS


@dataclass(frozen=True, slots=True)
class WalkSettings:
    """How a run walks its roots: each root and whether links below it are followed, the
    suffixes read as plain text, the largest file read (None: any), the JSONL field names."""

    follow: dict[str, bool]
    as_text: tuple[str, ...]
    max_file_size: int | None
    fields: JsonlFields


def walk_settings(
    roots: Iterable[str],
    recorded_roots: dict[str, bool],
    settings: dict[str, str],
    follow_links: bool | None = None,
    as_text: Iterable[str] | None = None,
    max_file_size: int | None = None,
    fields: JsonlFields | None = None,
) -> tuple[WalkSettings, WalkSettings]:
    """This run's settings and the index's (``recorded_roots``, ``settings``: as recorded):
    what is given (not None) replaces what was recorded; ``max_file_size`` 0 is no limit.

    >>> now, before = walk_settings(["/a"], {"/a": True}, {"as_text": ".log"}, max_file_size=0)
    >>> now == before, now.follow, now.as_text
    (True, {'/a': True}, ('.log',))
    """
    recorded_text = tuple(filter(None, settings.get(AS_TEXT, "").split(",")))
    recorded_limit = int(settings.get(MAX_FILE_SIZE) or 0) or None
    recorded_fields = JsonlFields.parse(settings.get(JSONL_FIELDS, ""))
    before = WalkSettings(dict(recorded_roots), recorded_text, recorded_limit, recorded_fields)
    now = WalkSettings(
        {root: recorded_roots.get(root, False) if follow_links is None else follow_links for root in roots},
        recorded_text if as_text is None else text_suffixes(as_text),
        recorded_limit if max_file_size is None else (max_file_size or None),
        recorded_fields if fields is None else fields,
    )
    return now, before


@dataclass(slots=True)
class Scan:
    """Every file found under the roots (packed: :class:`index.sourcetable.SourceTable`), and
    what the walk could not do.

    ``walked``: roots that exist (what vanished below them is deleted); ``missing``:
    roots that are gone; ``kept``: folders and files that could not be examined
    (what was indexed below them stays); ``problems``: what was skipped or failed;
    ``ignored``: files of a type polyseek does not read; ``stopped``: the walk stopped
    early (see :func:`scan`'s ``until``), so all of these are partial.
    """

    files: SourceTable = field(default_factory=SourceTable)
    walked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    problems: list[CorpusError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    stopped: bool = False

    def ignore(self, path: Path) -> None:
        """Note a file of a type polyseek does not read (a :data:`corpus.files.IgnoredCallback`)."""
        self.ignored.append(str(path))

    def count_into(self, stats: SyncStats) -> None:
        """Count what the walk left out in ``stats``: its problems, and the files ignored, by suffix."""
        for problem in self.problems:
            stats.note(problem)
        stats.ignored_files = self.ignored
        by_suffix = Counter(ignored_key(p) for p in self.ignored)
        stats.ignored = dict(sorted(by_suffix.items(), key=lambda item: (-item[1], item[0])))

    def report(self, path: str | Path, error: CorpusError) -> None:
        """Record a problem of the walk (a :data:`corpus.files.ProblemCallback`)."""
        self.problems.append(error)
        if not isinstance(error, SkippedSource):
            self.kept.append(str(path))


def is_under(source: str, root: str) -> bool:
    """Whether ``source`` is ``root`` or lies below it (by their paths).

    >>> is_under("/data/a/b.txt", "/data/a"), is_under("/data/ab.txt", "/data/a"), is_under("/data/a", "/data/a")
    (True, False, True)
    """
    return source == root or source.startswith(root.rstrip(os.sep) + os.sep)


def _missing(root: str) -> bool:
    """Whether ``root`` is gone (one that is there but cannot be examined is reported by the walk)."""
    try:
        os.stat(root)
    except (FileNotFoundError, NotADirectoryError):
        return True
    except OSError:
        pass
    return False


def scan(
    roots: dict[str, bool],
    as_text: tuple[str, ...] = (),
    max_file_size: int | None = None,
    fields: JsonlFields | None = None,
    until: Callable[[SourceFile], bool] | None = None,
    folder: str | Path | None = None,
) -> Scan:
    """Walk ``roots`` (absolute path -> whether to follow links). A file under two roots belongs to the first.

    Files with a suffix in ``as_text`` are read as plain text; files larger than
    ``max_file_size`` bytes are skipped; JSONL records are read with ``fields``. The walk
    stops at the first file for which ``until`` is true (then :attr:`Scan.stopped`). The files
    found beyond :data:`index.sourcetable.BUFFER_BYTES` of them wait in a temporary file in
    ``folder`` (the index's; without one, in memory)."""
    result = Scan(SourceTable(folder))
    for root, follow_links in roots.items():
        if (problem := unusable_name(root)) is not None:
            result.problems.append(problem)
            continue
        if _missing(root):
            result.missing.append(root)
            continue
        # the files of an earlier root that this one may find again (roots one inside the other)
        earlier = _found_under(result, root)
        result.walked.append(root)
        real_root = os.path.realpath(root)
        walk = iter_source_files(
            root, follow_links=follow_links, on_problem=result.report, as_text=as_text, on_ignored=result.ignore
        )
        for path in walk:
            source = os.path.abspath(path)  # normalised as read_file names Document.source
            if source in earlier:
                continue
            try:
                st = os.stat(source)
            except FileNotFoundError:
                result.report(path, SkippedSource(f"{path}: vanished during the scan"))
                continue
            except OSError as exc:
                result.report(path, CorpusError(f"{path}: cannot read ({exc.strerror or exc})"))
                continue
            if max_file_size is not None and st.st_size > max_file_size:
                limit = f"{format_size(max_file_size)} (--max-file-size)"
                result.report(path, SkippedSource(f"{path}: {format_size(st.st_size)}, larger than {limit}; not read"))
                continue
            # where it may be read from: no link below the root is followed without follow_links
            real = os.path.realpath(source) if follow_links else os.path.normpath(real_root + source[len(root) :])
            if real == source:  # the usual case: one string held for both (~100 bytes a file)
                real = source
            found = SourceFile(source, root, st.st_size, st.st_mtime_ns, real, follow_links, as_text, fields)
            result.files.append(found)
            if until is not None and until(found):  # the walk's generator is closed as it is dropped
                result.stopped = True
                return result
    return result


def _found_under(result: Scan, root: str) -> set[str]:
    """The files already found that ``root``'s walk may find again: those of the roots walked
    before it that lie inside it or hold it (none when no two roots nest, the usual case)."""
    nested = [r for r in result.walked if is_under(root, r) or is_under(r, root)]
    return {sf.path for sf in result.files if sf.root in nested} if nested else set()


def format_size(n: int) -> str:
    """A size for people, in binary units.

    >>> format_size(512), format_size(1536), format_size(200 * 2**20), format_size(3 * 2**30)
    ('512 B', '1.5 KiB', '200 MiB', '3 GiB')
    """
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} B"
