"""Whether two versions of the code return the same searches: dump with each, then compare.

A speed change must not change what a search returns.  ``dump`` writes, for every query of
the eval collections (on an index of each, and every third question on one index of them
all) plus a few queries of every kind (names across scripts, codes, phrases, prefixes,
exclusions, ``title:``, ``lang:``), and for the title queries of indexes that
``growth.py --keep`` left: the total, the suggestion, and per hit its document, passage,
score (``repr``: every bit), snippet text and start, highlight ranges, title highlights,
cross-script matches and match line; in both the default and the ``passages=True`` modes
(the latter for a share of the questions).  ``compare`` counts identical queries per group
and shows the first differences.  Run ``dump`` once with each version (``PYTHONPATH`` picks
the checkout) over the same indexes (``--work``: the eval indexes are made there once, by
whichever version runs first)::

    PYTHONPATH=/tmp/main python benchmarks/same_results.py dump /tmp/before.json --work /tmp/same-ix \\
        --growth /tmp/growth/n10000
    python benchmarks/same_results.py dump /tmp/after.json --work /tmp/same-ix --growth /tmp/growth/n10000
    python benchmarks/same_results.py compare /tmp/before.json /tmp/after.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import SCALE_CORPUS  # noqa: E402
from growth import title_queries  # noqa: E402

EVAL = SCALE_CORPUS.parents[1]
COLLECTIONS = ("xquad-ru", "xquad-ar", "xquad-en")
#: Queries of every kind the compiler knows, asked of every index.
SPECIAL = [
    "COVID-19", "Kulibayev", "Кулибаев", "олимп*", '"олимпийский комитет"', "title:Bowl", "Super Bowl -Denver",
    "lang:ar بانثرز", "Tolstoy Казаки", "Толстой", "Dostoevsky", "Достоевский Игрок", "Panthers OR Broncos",
    "Денвер Бронкос", "دنفر برونكو", "Newton", "Ньютон", "نيوتن", "Бейонсе", "Beyonce", "G20", "Су-57",
    "вице-президента", "state-of-the-art", "Олимпийского комитета", "Reuters dlrs", "said the company", "the",
]  # fmt: skip


def _hit(h) -> list:
    return [
        h.doc_id, h.passage, repr(h.score), h.snippet.text, [list(r) for r in h.snippet.ranges], h.snippet.start,
        [list(r) for r in h.title_highlights], h.cross_script, h.match_line,
    ]  # fmt: skip


def _search(ix, q: str, passages: bool = False) -> dict:
    r = ix.search(q, limit=10, passages=passages)
    return {"total": r.total, "suggestion": r.suggestion, "showing": r.showing, "hits": [_hit(h) for h in r.hits]}


def dump(out: Path, work: Path, growth: list[Path], eval_dir: Path) -> None:
    from polyseek.searcher import SearchIndex

    def index(name: str, corpora: list[Path]) -> SearchIndex:
        path = work / name
        if not path.exists():
            with SearchIndex.create(path) as ix:
                for corpus in corpora:
                    ix.add_path(corpus)
        return SearchIndex.open(path)

    res: dict[str, dict] = {}
    every: list[str] = []
    for c in COLLECTIONS:
        qs = [json.loads(line)["text"] for line in open(eval_dir / c / "queries.jsonl", encoding="utf-8")]
        every += qs
        with index(c, [eval_dir / c / "corpus.jsonl"]) as ix:
            for i, q in enumerate(qs + SPECIAL):
                res[f"{c}|{q}"] = _search(ix, q)
                if i % 5 == 0 or q in SPECIAL:
                    res[f"{c}|passages|{q}"] = _search(ix, q, True)
    with index("combined", [eval_dir / c / "corpus.jsonl" for c in COLLECTIONS]) as ix:
        for i, q in enumerate(every[::3] + SPECIAL):
            res[f"combined|{q}"] = _search(ix, q)
            if i % 7 == 0:
                res[f"combined|passages|{q}"] = _search(ix, q, True)
    for folder in growth:  # growth.py --keep: ix-polyseek and all.jsonl
        lines = [ln for ln in (folder / "all.jsonl").read_bytes().splitlines() if ln.strip()]
        qs = list(dict.fromkeys(title_queries(lines, 60) + title_queries(lines, 300)))
        with SearchIndex.open(folder / "ix-polyseek") as ix:
            for q in qs + SPECIAL:
                res[f"{folder.name}|{q}"] = _search(ix, q)
                res[f"{folder.name}|passages|{q}"] = _search(ix, q, True)
    out.write_text(json.dumps(res, ensure_ascii=False), encoding="utf-8")
    print(f"{len(res)} queries dumped to {out}")


def compare(a: Path, b: Path, show: int = 10) -> int:
    """Print per group how many queries are identical; return how many differ."""
    before, after = json.loads(a.read_text(encoding="utf-8")), json.loads(b.read_text(encoding="utf-8"))
    keys = sorted(set(before) | set(after))
    groups: dict[str, list[int]] = {}
    differ = 0
    for k in keys:
        same = k in before and k in after and before[k] == after[k]
        group = k.split("|")[0] + (" passages" if "|passages|" in k else "")
        groups.setdefault(group, [0, 0])[0 if same else 1] += 1
        if not same:
            differ += 1
            if differ <= show:
                print(f"DIFFERS {k}\n  {json.dumps(before.get(k), ensure_ascii=False)[:400]}\n"
                      f"  {json.dumps(after.get(k), ensure_ascii=False)[:400]}")
    for group, (same, other) in sorted(groups.items()):
        print(f"  {group}: {same} identical, {other} differ")
    hits = sum(len(v["hits"]) for v in before.values())
    print(f"{len(keys)} queries ({hits} hits before): {len(keys) - differ} identical, {differ} differ")
    return differ


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--work", type=Path, required=True, help="where the eval collections' indexes are (made once)")
    d.add_argument("--growth", type=Path, nargs="*", default=[], help="folders growth.py --keep left")
    d.add_argument("--eval", type=Path, default=EVAL, help="the folder of the eval collections")
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = ap.parse_args(argv)
    if args.command == "dump":
        dump(args.out, args.work, args.growth, args.eval)
    else:
        sys.exit(1 if compare(args.before, args.after) else 0)


if __name__ == "__main__":
    main()
