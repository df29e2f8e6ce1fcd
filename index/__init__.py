"""Index stage: the Whoosh index of passages and what each source looked like.

Its names are imported on first use: a ``polyseek reindex`` that finds nothing to do
(:mod:`polyseek.index.manifest`) never imports Whoosh.

Example:
    >>> from polyseek.index import PassageIndex, sync_paths
"""

import importlib
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
from polyseek.index.folder import DEFAULT_LOCK_TIMEOUT

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.index.schema import KIND_FILE, KIND_PASSAGE, KIND_ROOT, build_schema
    from polyseek.index.stats import Progress, ProgressCallback, SyncStats
    from polyseek.index.store import FileRecord, PassageIndex, PassageWriter, WriteSession
    from polyseek.index.sync import reindex, sync_paths

#: name -> the module that defines it, imported when the name is first asked for: the
#: store and schema import Whoosh (~60 ms), index.sync reads sources (corpus: decoders,
#: HTML, boilerplate rules, ~40 ms; never imported by a search)
_LAZY = {
    **dict.fromkeys(("KIND_FILE", "KIND_PASSAGE", "KIND_ROOT", "build_schema"), "schema"),
    **dict.fromkeys(("Progress", "ProgressCallback", "SyncStats"), "stats"),
    **dict.fromkeys(("FileRecord", "PassageIndex", "PassageWriter", "WriteSession"), "store"),
    **dict.fromkeys(("reindex", "sync_paths"), "sync"),
}

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
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"polyseek.index.{module}"), name)
