"""Import Whoosh without the standard library's network and asyncio modules it never uses.

Whoosh's ``whoosh.compat`` imports ``urllib.request`` (for an ``urlretrieve`` nothing in
Whoosh calls), which loads ``http.client``, ``email``, ``ssl`` and ``socket``; the
``cached_property`` package Whoosh's readers use imports ``asyncio`` (to ask, when a
cached property is first read, whether its function is a coroutine function).  Together
a fifth of importing polyseek's command line (~30 ms of ~150 ms CPU).  ``whoosh.query.terms``
imports ``whoosh.lang.morph_en`` (English word variations for Whoosh's ``Variations``
query, which polyseek never builds): its hundreds of regular expressions cost ~6 ms CPU.
``whoosh.filedb.filestore`` and ``whoosh.externalsort`` import ``tempfile`` (with
``shutil``, ``bz2`` and ``lzma``: ~2.5 ms) for temporary storages and sort runs that
only writing makes, and ``whoosh.filedb.compound`` ``shutil`` for a copy that only
writing a compound file makes.
Not Whoosh, but the same: ``anyascii`` (cross-script keys) reads its tables through
``importlib.resources.files``, which with the readers and ``zipfile`` it loads cost ~15 ms
of every search's CPU; for a package in a folder it returns that folder's path, which the
stand-in gives without them.

The import hook :func:`install` registers runs those modules' code while a stand-in holds
the name of what they import in ``sys.modules``, then takes the stand-in out again, so that
any later ``import urllib.request``, ``import asyncio``, ``import whoosh.lang.morph_en`` or
``import importlib.resources`` gets the real module:

- ``whoosh.compat.urlretrieve`` is a function that imports the real one when called,
  and so are ``whoosh.query.terms.variations`` and ``whoosh.filedb.compound.copyfileobj``;
  the ``tempfile`` of ``whoosh.filedb.filestore``
  and ``whoosh.externalsort`` imports the real module when first asked anything;
- ``anyascii``'s ``files`` gives a package's folder as the real one does, and asks the
  real one for a package that is not in a folder (a zip);
- ``cached_property``'s ``asyncio`` answers ``iscoroutinefunction`` with
  ``inspect.iscoroutinefunction`` until asyncio is loaded (the same answer: asyncio's
  adds functions that carry its own marker, which only exist once it is loaded), and
  anything else from the real module (imported then).

Nothing is done if the module stood in for is already imported.  polyseek's package calls
:func:`install` first thing; the hook acts when a stage first imports Whoosh, not before,
so what imports no Whoosh (``polyseek --help``, a ``polyseek reindex`` that finds nothing
to do) does not pay for it.

Example:
    >>> install()
    >>> import whoosh.compat, cached_property
    >>> cached_property.asyncio.iscoroutinefunction(install)
    False
"""

from __future__ import annotations

import importlib
import importlib.machinery
import os
import pathlib
import sys
import types
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["install"]


class _OnDemand(types.ModuleType):
    """A stand-in for a module: any attribute comes from the real module, imported then."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system's questions (``__path__``...): not a package
            raise AttributeError(name)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


class _AsyncioOnDemand(_OnDemand):
    def iscoroutinefunction(self, func: Any) -> bool:
        real = sys.modules.get("asyncio")
        if real is not None and real is not self:
            return bool(real.iscoroutinefunction(func))
        import inspect

        return inspect.iscoroutinefunction(func)


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _request_stand_in() -> types.ModuleType:
    request = _OnDemand("urllib.request")
    request.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    return request


def _variations(word: str) -> Any:
    from whoosh.lang.morph_en import variations

    return variations(word)


def _morph_en_stand_in() -> types.ModuleType:
    morph_en = _OnDemand("whoosh.lang.morph_en")
    morph_en.variations = _variations  # type: ignore[attr-defined]
    return morph_en


def _copyfileobj(*args: Any, **kwargs: Any) -> Any:
    from shutil import copyfileobj

    return copyfileobj(*args, **kwargs)


def _shutil_stand_in() -> types.ModuleType:
    shutil = _OnDemand("shutil")
    shutil.copyfileobj = _copyfileobj  # type: ignore[attr-defined]
    return shutil


def _package_files(package: str) -> Any:
    """``importlib.resources.files(package)`` for a package in a folder: that folder, as
    the real function gives it (a ``pathlib.Path``); for any other, the real function's answer."""
    module = importlib.import_module(package)
    locations = list(getattr(module.__spec__, "submodule_search_locations", None) or ())
    if len(locations) == 1 and os.path.isdir(locations[0]):
        return pathlib.Path(locations[0])
    from importlib.resources import files

    return files(package)


def _resources_stand_in() -> types.ModuleType:
    resources = _OnDemand("importlib.resources")
    resources.files = _package_files  # type: ignore[attr-defined]
    return resources


#: module -> (the module it imports but never needs at import time, a stand-in for it)
_STAND_INS: dict[str, tuple[str, Callable[[], types.ModuleType]]] = {
    "whoosh.compat": ("urllib.request", _request_stand_in),
    "cached_property": ("asyncio", lambda: _AsyncioOnDemand("asyncio")),
    "whoosh.query.terms": ("whoosh.lang.morph_en", _morph_en_stand_in),
    "anyascii": ("importlib.resources", _resources_stand_in),
    "whoosh.filedb.filestore": ("tempfile", lambda: _OnDemand("tempfile")),
    "whoosh.externalsort": ("tempfile", lambda: _OnDemand("tempfile")),
    "whoosh.filedb.compound": ("shutil", _shutil_stand_in),
}


class _WithStandIn:
    """Runs a module's code with a stand-in in ``sys.modules`` under ``name``, taken out after."""

    def __init__(self, loader: Any, name: str, make: Callable[[], types.ModuleType]) -> None:
        self._loader, self._name, self._make = loader, name, make

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        if self._name in sys.modules:  # the real one is loaded meanwhile: nothing to spare
            self._loader.exec_module(module)
            return
        stand_in = self._make()
        sys.modules[self._name] = stand_in
        try:
            self._loader.exec_module(module)
        finally:
            if sys.modules.get(self._name) is stand_in:
                del sys.modules[self._name]

    def __getattr__(self, name: str) -> Any:  # get_source, get_code, is_package...: the real loader's
        return getattr(self._loader, name)


class _LightWhoosh:
    """Finds ``whoosh.compat`` and ``cached_property`` as usual, to be run with their stand-ins."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        entry = _STAND_INS.get(fullname)
        if entry is None or entry[0] in sys.modules:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _WithStandIn(spec.loader, *entry)  # type: ignore[assignment]  # a Loader in all but name
        return spec


def install() -> None:
    """Have ``whoosh.compat`` and ``cached_property`` imported without ``urllib.request`` and
    ``asyncio`` whenever they are first imported (once per process; nothing is imported now)."""
    if not any(isinstance(finder, _LightWhoosh) for finder in sys.meta_path):
        sys.meta_path.insert(0, _LightWhoosh())
