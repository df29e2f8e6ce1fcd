"""TREC-style scoring (MRR@10, R@1/10/100, nDCG@10), the conventions of the eval collections' eval.py.

A run is ``{qid: {doc_id: score}}``; ties are broken by doc id descending, as trec_eval does.

Example:
    >>> scores = evaluate({"q1": {"d1": 1}}, {"q1": {"d2": 2.0, "d1": 1.0}})
    >>> scores["MRR@10"], scores["R@10"]
    (0.5, 1.0)
"""

from __future__ import annotations

import math
from pathlib import Path

METRICS = ("MRR@10", "R@1", "R@10", "R@100", "nDCG@10")


def read_qrels(path: str | Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    for line in open(path, encoding="utf-8"):
        parts = line.split()
        if len(parts) == 3:
            qid, did, rel = parts
        elif len(parts) == 4:
            qid, _, did, rel = parts
        else:
            continue
        qrels.setdefault(qid, {})[did] = int(float(rel))
    return qrels


def evaluate(qrels: dict[str, dict[str, int]], run: dict[str, dict[str, float]]) -> dict[str, float]:
    """Mean of each metric over the judged queries (a query missing from the run scores 0)."""
    totals = dict.fromkeys(METRICS, 0.0)
    n = 0
    for qid, judged in qrels.items():
        rel = {d: r for d, r in judged.items() if r > 0}
        if not rel:
            continue
        n += 1
        ranked = sorted(run.get(qid, {}).items(), key=lambda x: x[0], reverse=True)
        ranked = [d for d, _ in sorted(ranked, key=lambda x: x[1], reverse=True)]
        totals["MRR@10"] += next((1.0 / (i + 1) for i, d in enumerate(ranked[:10]) if d in rel), 0.0)
        for k in (1, 10, 100):
            totals[f"R@{k}"] += sum(1 for d in ranked[:k] if d in rel) / len(rel)
        dcg = sum(rel.get(d, 0) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
        ideal = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(rel.values(), reverse=True)[:10]))
        totals["nDCG@10"] += dcg / ideal if ideal else 0.0
    return {k: (v / n if n else 0.0) for k, v in totals.items()} | {"queries": n}
