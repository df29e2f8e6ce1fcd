"""A test hook: make one stage of reading one file fail, to test the indexer's fault barrier.

The indexer promises that an unexpected error while reading one file (a bug in a
parser, a library that gives up) fails *that file* only (see :func:`index.sync.prepare`).
Tests keep that promise honest with real runs: with the environment variable
``POLYSEEK_FAILPOINT=STAGE:NAME`` set, the stage ``STAGE`` raises
:class:`FailpointError` for every file whose path ends with ``NAME``:

========  ==============================================================
open      before the file's bytes are read
decode    before its bytes are decoded (text files, HTML, JSONL)
parse     before its structure is read (title and language, HTML, JSON)
split     before its text is cut into passages
analyse   after the first passage of one of its documents was analysed
part      before the second and each later part of a big file is handed
          on, its first part already written (not in :data:`STAGES`: a
          small file has one part)
========  ==============================================================

Several can be given, separated by commas (``parse:a.txt,split:b.html``). Unset
(as always outside tests), a check is one dictionary lookup.

>>> import os
>>> os.environ["POLYSEEK_FAILPOINT"] = "parse:b.txt"
>>> failpoint("parse", "/data/a.txt")
>>> failpoint("parse", "/data/b.txt")
Traceback (most recent call last):
...
polyseek.corpus.failpoints.FailpointError: injected failure at stage 'parse' (POLYSEEK_FAILPOINT)
>>> del os.environ["POLYSEEK_FAILPOINT"]
"""

from __future__ import annotations

import os

__all__ = ["ENV", "STAGES", "FailpointError", "failpoint"]

#: The environment variable read by :func:`failpoint`.
ENV = "POLYSEEK_FAILPOINT"
#: The stages of reading one file, in order.
STAGES = ("open", "decode", "parse", "split", "analyse")


class FailpointError(RuntimeError):
    """The injected failure: an ordinary exception, as unexpected as a bug would be."""


def failpoint(stage: str, path: str | os.PathLike[str]) -> None:
    """Raise :class:`FailpointError` if ``POLYSEEK_FAILPOINT`` names ``stage`` and the end of ``path``."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    for point in spec.split(","):
        wanted, _, name = point.partition(":")
        if wanted == stage and name and str(path).endswith(name):
            raise FailpointError(f"injected failure at stage {stage!r} ({ENV})")
