"""Finding source files: which suffixes are read and how folders are walked."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from .model import CorpusError

__all__ = ["SUPPORTED_SUFFIXES", "is_supported", "iter_source_files"]

#: Suffixes :func:`corpus.read_file` understands (matched case-insensitively).
SUPPORTED_SUFFIXES = (".txt", ".md", ".jsonl", ".html", ".htm")


def is_supported(path: str | Path) -> bool:
    """Whether ``path`` has a suffix polyseek reads.

    >>> is_supported("notes/README.MD"), is_supported("photo.jpg")
    (True, False)
    """
    return Path(path).suffix.lower() in SUPPORTED_SUFFIXES


def iter_source_files(root: str | Path) -> Iterator[Path]:
    """Yield ``root`` if it is a supported file, or every supported file under a folder.

    Folders are walked depth first with the entries of each folder in code-point
    order of their names, so the order is the same on every machine. Names
    starting with ``.`` are skipped below ``root`` (``root`` itself is always
    used); symlinked folders are not followed (no cycles), symlinked files are.
    Paths are ``root`` joined with the names found, not resolved.

    >>> from pathlib import Path
    >>> [p.name for p in iter_source_files(Path(__file__).parent / "samples")][:2]
    ['ar-golovkin-qatar-solidarity.txt', 'en-noc-kazakhstan-news.txt']
    """
    root = Path(root)
    if root.is_dir():
        yield from _walk(root)
    elif root.is_file():
        if is_supported(root):
            yield root
    else:
        raise CorpusError(f"{root}: no such file or folder")


def _walk(folder: Path) -> Iterator[Path]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as err:
        raise CorpusError(f"{folder}: cannot list folder ({err.strerror or err})") from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_file() and is_supported(path):
            yield path
