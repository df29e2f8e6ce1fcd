"""Errors of the index stage: each carries a one-line message that names the next step."""

from __future__ import annotations


class PolyseekIndexError(Exception):
    """Base class: something about the index prevents the operation."""


class IndexNotFoundError(PolyseekIndexError):
    """There is no polyseek index at the given location."""


class IndexLockedError(PolyseekIndexError):
    """Another writer holds the index lock longer than the lock timeout."""


class IndexWriteError(PolyseekIndexError):
    """Writing failed (disk full, permissions); the last committed index is intact."""
