"""Run an extractor in a child process bounded in time and memory.

Parsers of PDF, Word or e-mail files are large pieces of code meeting hostile input: a
malformed file can make one loop for ever or allocate without end. The extractor runs in
a forked child with an address-space limit (``RLIMIT_AS``) and a wall-clock limit; the
parent gets the result through a pipe, or one line saying why there is none. A child
that outlives its limit is killed, so nothing is left behind.

>>> run_bounded(sum, [1, 2, 3], seconds=10, memory_mib=512)
6
>>> def loop(_):
...     while True:
...         pass
>>> run_bounded(loop, None, seconds=0.5, memory_mib=512)
Traceback (most recent call last):
...
polyseek.corpus.formats.bounded.LimitExceeded: took more than 0.5 s
"""

from __future__ import annotations

import os
import pickle
import resource
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["LimitExceeded", "ExtractionError", "run_bounded", "SECONDS_PER_FILE", "MEMORY_MIB_PER_FILE"]

T = TypeVar("T")

#: Wall-clock limit for extracting one file (``POLYSEEK_EXTRACT_SECONDS`` overrides it).
SECONDS_PER_FILE = float(os.environ.get("POLYSEEK_EXTRACT_SECONDS", "120"))
#: Memory the extraction of one file may add, in MiB (``POLYSEEK_EXTRACT_MIB`` overrides it).
MEMORY_MIB_PER_FILE = int(os.environ.get("POLYSEEK_EXTRACT_MIB", "2048"))


class LimitExceeded(Exception):
    """The extraction took too long or needed too much memory."""


class ExtractionError(Exception):
    """The extractor raised: the message is the library's one-line reason."""


def _address_space() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return 0


def _child(fn: Callable[[Any], Any], arg: Any, memory_mib: int, out: int) -> None:
    try:
        limit = _address_space() + memory_mib * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            payload = pickle.dumps(("ok", fn(arg)), protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            payload = pickle.dumps(("memory", None))
        except Exception as exc:  # noqa: BLE001 - any library failure is the file's fault
            reason = " ".join(str(exc).split()) or type(exc).__name__
            payload = pickle.dumps(("error", f"{type(exc).__name__}: {reason}"[:300]))
        view = memoryview(payload)
        while view:
            view = view[os.write(out, view) :]
    finally:
        os._exit(0)


def run_bounded(fn: Callable[[Any], T], arg: Any, *, seconds: float = SECONDS_PER_FILE, memory_mib: int = MEMORY_MIB_PER_FILE) -> T:
    """``fn(arg)`` computed in a child process; LimitExceeded or ExtractionError if it fails.

    ``fn`` and its result must be picklable (the result comes back through a pipe).
    Without ``fork`` (not Linux/macOS) ``fn`` runs in this process, unbounded.
    """
    if not hasattr(os, "fork"):
        return fn(arg)
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        _child(fn, arg, memory_mib, write_end)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([read_end], [], [], left)[0]:
                raise LimitExceeded(f"took more than {seconds:g} s")
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    if not chunks:
        raise LimitExceeded(f"needed more than {memory_mib} MiB")
    status, value = pickle.loads(b"".join(chunks))
    if status == "memory":
        raise LimitExceeded(f"needed more than {memory_mib} MiB")
    if status == "error":
        raise ExtractionError(value)
    return value
