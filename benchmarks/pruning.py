"""Block-max pruning against exhaustive scoring: the same top passages, how much sooner.

For each query set, over one index, both ways in the same process, interleaved query by
query: :func:`polyseek.searcher.fastpath.top_passages` scoring every posting, and with
``prune=True`` (:mod:`polyseek.searcher.maxscore`); the lists must be equal (the script
stops if not).  CPU time per query (the machine is shared; wall time is not
reliable), the top 30 passages (a search for 10 documents asks for 30).

Query sets:

- ``titles``: two words of the titles of evenly spaced documents of the scale corpus (as
  ``growth.py`` and ``search_memory.py`` search);
- ``ngrams``: 1-3 consecutive words of random passages of the scale corpus;
- ``xquad``: the first ``--per-set`` questions of each XQuAD collection.

Usage::

    python benchmarks/pruning.py --index DIR [--per-set 100]

``DIR``: an index of (a slice of) the scale corpus, e.g. one ``growth.py --keep`` left.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import SCALE_CORPUS, machine, percentile  # noqa: E402

from polyseek.searcher import SearchIndex, fastpath  # noqa: E402
from polyseek.searcher.ranking import masked_docnums  # noqa: E402

EVAL = SCALE_CORPUS.parent.parent


def query_sets(corpus: Path, n: int) -> dict[str, list[str]]:
    lines = [ln for ln in corpus.read_bytes().splitlines() if ln.strip()]
    titles: list[str] = []
    for line in lines[:: max(1, len(lines) // (n * 3))]:
        words = [w for w in (json.loads(line).get("title") or "").split() if len(w) > 3 and w.isalpha()]
        if len(words) >= 2 and " ".join(words[:2]) not in titles:
            titles.append(" ".join(words[:2]))
    rng = random.Random(5)
    ngrams: list[str] = []
    for line in rng.sample(lines, n * 2):
        words = [w for w in json.loads(line)["text"].split() if w.isalpha() and len(w) > 2]
        if len(words) > 5 and len(ngrams) < n:
            k = rng.choice([1, 2, 3])
            i = rng.randrange(len(words) - k)
            ngrams.append(" ".join(words[i : i + k]))
    xquad: list[str] = []
    for name in ("xquad-en", "xquad-ru", "xquad-ar"):
        path = EVAL / name / "queries.jsonl"
        if path.exists():
            xquad += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()[:n]]
    return {"titles": titles[:n], "ngrams": ngrams, "xquad": xquad}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--index", required=True, type=Path)
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS)
    ap.add_argument("--per-set", type=int, default=100)
    ap.add_argument("--limit", type=int, default=30)
    args = ap.parse_args(argv)
    ix = SearchIndex.open(args.index)
    s = ix._current_searcher()
    print(f"{machine()}; index {args.index}: {s.doc_count()} passages; top {args.limit}, CPU ms per query")
    print("| queries | n | exhaustive sum / p50 / p95 | pruned sum / p50 / p95 | pruned / exhaustive (sum) |")
    print("|---|---|---|---|---|")
    for name, queries in query_sets(args.corpus, args.per_set).items():
        exhaustive: list[float] = []
        pruned: list[float] = []
        for q in queries:
            cq = ix._context(q).query
            if cq is None or cq.scoring is None:
                continue
            masked = masked_docnums(s, cq)
            started = time.process_time()
            a = fastpath.top_passages(s, cq.scoring, args.limit, deny=masked)
            exhaustive.append((time.process_time() - started) * 1000)
            started = time.process_time()
            b = fastpath.top_passages(s, cq.scoring, args.limit, deny=masked, prune=True)
            pruned.append((time.process_time() - started) * 1000)
            if a != b:
                raise SystemExit(f"pruned and exhaustive top passages differ for {q!r}")
        if not exhaustive:
            continue
        print(
            f"| {name} | {len(exhaustive)} | {sum(exhaustive):.0f} / {percentile(exhaustive, 50):.1f} / "
            f"{percentile(exhaustive, 95):.1f} | {sum(pruned):.0f} / {percentile(pruned, 50):.1f} / "
            f"{percentile(pruned, 95):.1f} | {sum(pruned) / sum(exhaustive):.2f}x |"
        )


if __name__ == "__main__":
    main()
