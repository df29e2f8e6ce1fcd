"""Index stage: the Whoosh index of passages and what each source looked like.

Example:
    >>> from polyseek.index import PassageIndex, sync_paths
"""

from typing import TYPE_CHECKING, Any

from polyseek.index.errors import (
    IndexCorruptError,
    IndexLockedError,
    IndexNotFoundError,
    IndexWriteError,
    PolyseekIndexError,
    SourceFailedError,
)
from polyseek.index.location import default_index_dir
from polyseek.index.schema import KIND_FILE, KIND_PASSAGE, KIND_ROOT, build_schema
from polyseek.index.store import DEFAULT_LOCK_TIMEOUT, FileRecord, PassageIndex, PassageWriter, WriteSession

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.index.sync import Progress, ProgressCallback, SyncStats, reindex, sync_paths

_SYNC_NAMES = frozenset({"Progress", "ProgressCallback", "SyncStats", "reindex", "sync_paths"})

__all__ = [
    "DEFAULT_LOCK_TIMEOUT",
    "FileRecord",
    "IndexCorruptError",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexWriteError",
    "KIND_FILE",
    "KIND_PASSAGE",
    "KIND_ROOT",
    "PassageIndex",
    "PassageWriter",
    "PolyseekIndexError",
    "Progress",
    "ProgressCallback",
    "SourceFailedError",
    "SyncStats",
    "WriteSession",
    "build_schema",
    "default_index_dir",
    "reindex",
    "sync_paths",
]


def __getattr__(name: str) -> Any:
    # index.sync reads sources (corpus: decoders, HTML, boilerplate rules, ~40 ms to
    # import): loaded when indexing, never by a search
    if name in _SYNC_NAMES:
        from polyseek.index import sync

        return getattr(sync, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
