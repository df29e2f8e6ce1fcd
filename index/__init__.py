"""Index stage: the Whoosh index of passages and what each source looked like.

Example:
    >>> from index import PassageIndex, sync_paths
"""

from index.errors import (
    IndexCorruptError,
    IndexLockedError,
    IndexNotFoundError,
    IndexWriteError,
    PolyseekIndexError,
    SourceFailedError,
)
from index.location import default_index_dir
from index.schema import KIND_FILE, KIND_PASSAGE, KIND_ROOT, build_schema
from index.store import DEFAULT_LOCK_TIMEOUT, FileRecord, PassageIndex, PassageWriter, WriteSession
from index.sync import Progress, ProgressCallback, SyncStats, reindex, sync_paths

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
