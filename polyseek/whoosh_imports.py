"""Import Whoosh without the standard library's network and asyncio modules it never uses.

Whoosh's ``whoosh.compat`` imports ``urllib.request`` (for an ``urlretrieve`` nothing in
Whoosh calls), which loads ``http.client``, ``email``, ``ssl`` and ``socket``; the
``cached_property`` package Whoosh's readers use imports ``asyncio`` (to ask, when a
cached property is first read, whether its function is a coroutine function).  Together
a fifth of importing polyseek's command line (~30 ms of ~150 ms CPU).

:func:`import_whoosh_lightly` imports those two modules while a stand-in holds each
name in ``sys.modules``, then takes the stand-in out again, so that any later
``import urllib.request`` or ``import asyncio`` gets the real module:

- ``whoosh.compat.urlretrieve`` is a function that imports the real one when called;
- ``cached_property``'s ``asyncio`` answers ``iscoroutinefunction`` with
  ``inspect.iscoroutinefunction`` until asyncio is loaded (the same answer: asyncio's
  adds functions that carry its own marker, which only exist once it is loaded), and
  anything else from the real module (imported then).

Nothing is done if either module is already imported.  polyseek's package calls it
first thing, so every stage imports Whoosh this way.

Example:
    >>> import sys
    >>> import_whoosh_lightly()
    >>> import whoosh.compat, cached_property
    >>> cached_property.asyncio.iscoroutinefunction(import_whoosh_lightly)
    False
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__all__ = ["import_whoosh_lightly"]


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


def _import_with_stand_in(module: str, stand_in: types.ModuleType, name: str) -> None:
    if module in sys.modules or name in sys.modules:
        return
    sys.modules[name] = stand_in
    try:
        importlib.import_module(module)
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


def import_whoosh_lightly() -> None:
    """Import ``whoosh.compat`` and ``cached_property`` without ``urllib.request`` and ``asyncio``."""
    request = _OnDemand("urllib.request")
    request.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    _import_with_stand_in("whoosh.compat", request, "urllib.request")
    _import_with_stand_in("cached_property", _AsyncioOnDemand("asyncio"), "asyncio")
