"""What an index or reindex run did (:class:`SyncStats`) and how far it is (:class:`Progress`).

Without Whoosh: a ``polyseek reindex`` that finds nothing to do reports through these
without opening the index (see :mod:`index.manifest`).

Example:
    >>> stats = SyncStats(unchanged=3)
    >>> stats.note(SkippedSource("a.bin: binary file"))
    >>> stats.as_dict()["skipped"], stats.skips
    (1, ['a.bin: binary file'])
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from polyseek.corpus.model import CorpusError, SkippedSource

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.index.scan import WalkSettings

__all__ = ["Progress", "ProgressCallback", "SyncStats", "run_status"]


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a run is: files read so far out of those that need reading, passages written."""

    files_done: int
    files_total: int
    passages: int
    path: str


#: Called once before the files that must be read are read (``files_done == 0``), then after each.
ProgressCallback = Callable[[Progress], None]


@dataclass(slots=True)
class SyncStats:
    """What one index or reindex run did.

    ``skips`` and ``failures`` hold one line per source skipped or failed; ``ignored``
    counts the files passed over because polyseek does not read their type, by suffix
    (``ignored_files`` lists them).
    """

    added: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    failed: int = 0
    bad_records: int = 0  # JSONL records left out of files that were indexed (listed in failures)
    skipped: int = 0
    passages: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)
    #: the traceback of each unexpected error (a bug: shown with ``polyseek -v``)
    tracebacks: list[str] = field(default_factory=list)
    ignored: dict[str, int] = field(default_factory=dict)
    ignored_files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """The statistics as printed by ``--json``."""
        return {
            "added": self.added,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "skipped": self.skipped,
            "passages": self.passages,
            "seconds": round(self.seconds, 3),
            "bad_records": self.bad_records,
            "failures": list(self.failures),
            "skips": list(self.skips),
            "ignored": dict(self.ignored),
        }

    def note(self, error: CorpusError, detail: str = "") -> None:
        """Count a source left out: skipped on purpose (:class:`SkippedSource`) or failed
        (``detail``: the traceback of an unexpected error)."""
        if isinstance(error, SkippedSource):
            self.skipped += 1
            self.skips.append(error.args[0])
        else:
            self.failed += 1
            self.failures.append(error.args[0])
        if detail:
            self.tracebacks.append(detail)

    def note_bad_records(self, lines: Iterable[str]) -> None:
        """Count bad records left out of a file that was indexed (each line: ``file:line: reason``)."""
        for line in lines:
            self.bad_records += 1
            self.failures.append(line)

    def copy(self) -> SyncStats:
        """An independent copy (to go back to when a transaction is redone)."""
        return dataclasses.replace(
            self, failures=list(self.failures), skips=list(self.skips), tracebacks=list(self.tracebacks),
            ignored=dict(self.ignored), ignored_files=list(self.ignored_files),
        )


def run_status(covered: Iterable[str], all_roots: Mapping[str, bool], settings: WalkSettings, stats: SyncStats) -> dict:
    """What a finished run writes beside the index (:func:`index.folder.write_status`):
    when, the roots it walked or found gone (``covered``), every indexed path with its link
    choice (what a rebuild reads again if the index is damaged), its settings and ``stats``."""
    following = {root: follow for root, follow in all_roots.items() if _is_text(root)}
    return {
        "finished": time.time(),
        "roots": list(covered),
        "all_roots": following,
        "as_text": list(settings.as_text),
        "max_file_size": settings.max_file_size,
        "stats": stats.as_dict(),
    }


def _is_text(name: str) -> bool:
    """Whether ``name`` can be written as UTF-8 (a file name that is not holds surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
