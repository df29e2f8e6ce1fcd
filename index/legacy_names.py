"""Indexes written before the packages moved under ``polyseek`` keep opening.

Whoosh pickles the schema (our field and analyzer classes) and the segment list (our
codec) into each table of contents. Up to 0.1.0 those classes lived in top-level packages
(``index.fields.PassageText``, ``analyzers.whoosh_analyzer.MultilingualAnalyzer``); now they
are ``polyseek.index.fields.PassageText`` and so on. Whoosh unpickles them by name, so this
module gives Whoosh's two unpicklers (the schema's ``pickle.loads`` in :mod:`whoosh.index`
and the segments' ``load_pickle`` in :mod:`whoosh.filedb.structfile`) a ``find_class`` that
reads an old module name as its new one. Nothing else changes: an old name is never
imported, so a user's own ``index.py`` can neither shadow nor be shadowed by ours.

:func:`install` runs when :mod:`polyseek.index` is imported; it is idempotent.

Example:
    >>> import pickle
    >>> from polyseek.index.fields import SideField
    >>> old = pickle.dumps(SideField, 2).replace(b"polyseek.index.", b"index.")  # as 0.1.0 wrote it
    >>> b"polyseek" in old, loads(old) is SideField
    (False, True)
    >>> new_name("index.fields"), new_name("analyzers"), new_name("whoosh.fields")
    ('polyseek.index.fields', 'polyseek.analyzers', 'whoosh.fields')
"""

from __future__ import annotations

import io
import pickle
import types
from typing import IO, Any

#: The top-level packages of versions up to 0.1.0, now under ``polyseek``.
OLD_PACKAGES = frozenset({"analyzers", "corpus", "index", "searcher"})


def new_name(module: str) -> str:
    """The module an old pickle's ``module`` name now lives at."""
    return f"polyseek.{module}" if module.partition(".")[0] in OLD_PACKAGES else module


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        return super().find_class(new_name(module), name)


def load(file: IO[bytes]) -> Any:
    """``pickle.load`` that reads classes of the old top-level packages under their new names."""
    return _Unpickler(file).load()


def loads(data: bytes) -> Any:
    """``pickle.loads`` that reads classes of the old top-level packages under their new names."""
    return _Unpickler(io.BytesIO(data)).load()


def install() -> None:
    """Give Whoosh's table-of-contents reader the unpickler above (idempotent)."""
    import whoosh.filedb.structfile as structfile
    import whoosh.index as whoosh_index

    if getattr(whoosh_index.pickle, "loads", None) is not loads:
        shim = types.SimpleNamespace(**{k: getattr(pickle, k) for k in ("dumps", "PicklingError")})
        shim.loads = loads
        whoosh_index.pickle = shim  # type: ignore[assignment]
    structfile.load_pickle = load  # type: ignore[assignment]
