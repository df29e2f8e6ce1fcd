"""Separate processes for the concurrency tests: ``python tests/workers.py ROLE ARGS...``.

* ``hold-lock INDEX SECONDS``: take the writer lock, print ``locked``, hold it, exit.
* ``writer INDEX DOCS ROUNDS``: each round rewrites every file's title to ``Редакция K``
  and reindexes; prints one JSON line per round: ``{"k", "start", "done"}``.
* ``reader INDEX STOPFILE``: searches in a loop with one long-lived index object until
  STOPFILE exists; prints one JSON line per search: ``{"t0", "t1", "versions", "hits"}``.

Times are ``time.monotonic()``, one clock for every process on the machine.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from textcorpus import make_text  # noqa: E402

from polyseek.index import PassageIndex  # noqa: E402
from polyseek.searcher import SearchIndex  # noqa: E402

TITLE = re.compile(r"^Редакция (\d+):")


def versioned_text(k: int, body: str) -> str:
    """A document whose title carries version ``k`` above a fixed body of real text."""
    return f"Редакция {k}: новости спорта\n\n{body}"


def _bodies(docs: Path) -> Path:
    return docs.parent / f"{docs.name}-bodies"


def write_versioned_corpus(docs: Path, n: int) -> None:
    """``n`` files at version 0 in ``docs``; their bodies are kept beside it for the writer."""
    import random

    rng = random.Random(11)
    docs.mkdir(parents=True, exist_ok=True)
    _bodies(docs).mkdir(exist_ok=True)
    for i in range(n):
        body = make_text(rng, paragraphs=2)
        (_bodies(docs) / f"f{i:02d}.txt").write_text(body, encoding="utf-8")
        (docs / f"f{i:02d}.txt").write_text(versioned_text(0, body), encoding="utf-8")


def hold_lock(index: str, seconds: str) -> None:
    pix = PassageIndex.open(index)
    with pix.write_session(lock_timeout=0):
        print("locked", flush=True)
        time.sleep(float(seconds))


def writer(index: str, docs: str, rounds: str) -> None:
    folder = Path(docs)
    bodies = {folder / p.name: p.read_text(encoding="utf-8") for p in sorted(_bodies(folder).glob("*.txt"))}
    with SearchIndex.open(index) as ix:
        for k in range(1, int(rounds) + 1):
            for path, body in bodies.items():
                path.write_text(versioned_text(k, body), encoding="utf-8")
            start = time.monotonic()
            stats = ix.reindex(lock_timeout=30)
            done = time.monotonic()
            assert stats.updated == len(bodies) and stats.failed == 0, stats
            print(json.dumps({"k": k, "start": start, "done": done}), flush=True)


def reader(index: str, stopfile: str) -> None:
    with SearchIndex.open(index) as ix:
        while not Path(stopfile).exists():
            t0 = time.monotonic()
            results = ix.search("редакция", passages=True, limit=10_000)
            t1 = time.monotonic()
            versions: dict[str, list[int]] = {}
            for hit in results:
                m = TITLE.match(hit.title)
                versions.setdefault(hit.source, []).append(int(m.group(1)) if m else -1)
            out = {"t0": t0, "t1": t1, "hits": len(results.hits), "versions": versions}
            print(json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    role, *args = sys.argv[1:]
    {"hold-lock": hold_lock, "writer": writer, "reader": reader}[role](*args)
