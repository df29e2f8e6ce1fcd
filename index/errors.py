"""Errors of the index stage: each carries a one-line message that names the next step."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from polyseek.corpus import CorpusError


class PolyseekIndexError(Exception):
    """Base class: something about the index prevents the operation."""


class IndexNotFoundError(PolyseekIndexError):
    """There is no polyseek index at the given location."""


class IndexLockedError(PolyseekIndexError):
    """Another writer holds the index lock longer than the lock timeout."""


class IndexWriteError(PolyseekIndexError):
    """Writing failed (disk full, permissions); the last committed index is intact."""


class IndexCorruptError(PolyseekIndexError):
    """The index's files are damaged (cut short, missing, altered); the message names the remedy.

    >>> str(IndexCorruptError("/srv/ix", "MAIN_x.seg is missing"))
    'the index at /srv/ix is damaged (MAIN_x.seg is missing); rebuild it from the indexed files with: polyseek index --rebuild --index /srv/ix'
    """

    def __init__(self, path: object, detail: str) -> None:
        super().__init__(
            f"the index at {path} is damaged ({detail}); "
            f"rebuild it from the indexed files with: polyseek index --rebuild --index {path}"
        )
        self.path = path
        self.detail = detail


#: polyseek's modules that decode an index's files beside Whoosh (an exception raised in one of
#: them on an index that opened may be damaged bytes: the command then checks the whole index,
#: and reports damage only if the check finds it).
INDEX_DECODERS = tuple(
    f"index/{name}.py"
    for name in ("codec", "speedups", "legacy_names", "lexicon", "stored", "columns", "docruns", "mapped", "merging")
) + tuple(f"searcher/{name}.py" for name in ("fastpath", "termpostings", "positions", "doctables"))


def raised_by_whoosh(exc: BaseException) -> bool:
    """Whether ``exc`` was raised while Whoosh (or polyseek's codec) decoded index files:
    on an index that opened, that means damaged bytes.

    >>> raised_by_whoosh(ValueError("x"))
    False
    """
    tb = exc.__traceback__
    last = None
    while tb is not None:
        last = tb.tb_frame.f_code.co_filename
        tb = tb.tb_next
    if last is None:
        return False
    parts = last.replace("\\", "/").split("/")
    return "whoosh" in parts or last.endswith(INDEX_DECODERS)


class SourceFailedError(PolyseekIndexError):
    """Analysing the passages of one source raised an unexpected error.

    The transaction it happened in cannot be committed (its writer holds part of a
    document) and is discarded; :func:`index.sync.sync_paths` then redoes it without
    that source, which is reported as failed. ``detail`` is the traceback.

    >>> str(SourceFailedError("/data/a.txt", "ValueError: bad", ""))
    '/data/a.txt: could not be analysed (ValueError: bad)'
    """

    def __init__(self, source: str, reason: str, detail: str) -> None:
        super().__init__(f"{source}: could not be analysed ({reason})")
        self.source = source
        self.reason = reason
        self.detail = detail

    def __reduce__(self):  # crosses from a worker process to the writing one
        return type(self), (self.source, self.reason, self.detail)


class SourceReadError(SourceFailedError):
    """Reading one source failed after part of it was written (an I/O error, an unexpected
    error in a later part of a big file): the transaction is redone without it, as for
    :class:`SourceFailedError`, and ``error`` (a :class:`corpus.CorpusError`) is reported.

    >>> from polyseek.corpus import CorpusError
    >>> str(SourceReadError("/data/a.txt", CorpusError("/data/a.txt: cannot read (Input/output error)")))
    '/data/a.txt: cannot read (Input/output error)'
    """

    def __init__(self, source: str, error: CorpusError, detail: str = "") -> None:
        Exception.__init__(self, str(error))
        self.source = source
        self.reason = str(error)
        self.detail = detail
        self.error = error

    def __reduce__(self):
        return type(self), (self.source, self.error, self.detail)


def one_line_reason(exc: BaseException, limit: int = 200) -> str:
    """``Type: message`` on one line, at most ``limit`` characters: how an unexpected error is reported.

    >>> one_line_reason(ValueError("bad\\nvalue"))
    'ValueError: bad value'
    >>> one_line_reason(KeyError())
    'KeyError'
    """
    message = " ".join(str(exc).split())
    reason = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
    return reason if len(reason) <= limit else reason[: limit - 1] + "…"


@contextlib.contextmanager
def blamed_on(source: str) -> Iterator[None]:
    """Turn an unexpected error in the block into :class:`SourceFailedError` for ``source``.

    OS errors (the disk) and errors already blamed pass unchanged.

    >>> with blamed_on("/data/a.txt"):
    ...     int("x")
    Traceback (most recent call last):
    ...
    polyseek.index.errors.SourceFailedError: /data/a.txt: could not be analysed (ValueError: invalid literal for int() with base 10: 'x')
    """
    try:
        yield
    except (OSError, SourceFailedError):
        raise
    except Exception as exc:
        import traceback  # a failed source only (with linecache and tokenize: not for a search)

        raise SourceFailedError(source, one_line_reason(exc), traceback.format_exc()) from None
