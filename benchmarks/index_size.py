"""Index size: polyseek against stock Whoosh on the same documents, bytes per field, in one run.

For each collection, a stock Whoosh index (``StemmingAnalyzer``, one Whoosh document per
record, the same stored fields, the text with positions and character offsets as
``indexing.py`` builds it: the baseline of issues 12 and 21), the same with positions only
(``stock-positions``: Whoosh's default ``TEXT``, what polyseek indexes since it dropped the
offsets) and a polyseek index (one process) are built in fresh child processes, and each ``--before`` checkout builds one
with its own code; the table gives the bytes on disk, the ratio to stock Whoosh and to
the collection's text (titles and texts, UTF-8), then the bytes per field of each index
(what ``polyseek info --fields`` reports: term table or lexicon file, postings, columns,
stored fields). Usage::

    python benchmarks/index_size.py                                  # 10,000 and all 40,977 scale documents, the XQuAD corpora
    python benchmarks/index_size.py --docs 10000 --before /tmp/old   # before/after a change
    python benchmarks/index_size.py --docs 3000 --txt                 # the same documents as a folder of .txt files
    python benchmarks/index_size.py --corpus ALL.jsonl --docs 0 --collections --polyseek-index DIR
                                          # a polyseek index of ALL.jsonl already built (index_memory.py --keep-indexes)

Slices are evenly spaced lines of the scale corpus (every k-th line over the whole file, so
that every language keeps its share). The scale corpus is under a research licence: the
slices live in a temporary folder and are deleted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import REPO, SCALE_CORPUS, machine, write_slice  # noqa: E402
from command import run_command, write_txt_folder  # noqa: E402

EVAL = SCALE_CORPUS.parents[1]
COLLECTIONS = [EVAL / f"xquad-{lang}" for lang in ("ru", "ar", "en")]

_STOCK = '''
import sys
from pathlib import Path
sys.path.insert(0, {bench!r})
import indexing
from whoosh import index as whoosh_index

STOCK_SCHEMA = indexing._stock_schema

def schema():
    schema = STOCK_SCHEMA()  # the text field with positions and character offsets
    if not {chars!r}:  # Whoosh's default TEXT: positions only
        from whoosh.analysis import StemmingAnalyzer
        from whoosh.fields import TEXT
        schema.remove("text")
        schema.add("text", TEXT(analyzer=StemmingAnalyzer(), stored=True, phrase=True))
    return schema

source, index_dir = Path(sys.argv[1]), Path(sys.argv[2])
indexing._stock_schema = schema
if source.is_file():
    indexing._index_stock(source, index_dir)
    raise SystemExit
index_dir.mkdir(parents=True)
ix = whoosh_index.create_in(str(index_dir), schema())
with ix.writer(limitmb=256) as w:
    for path in sorted(source.rglob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        title, _, text = raw.partition("\\n")
        name = str(path.resolve())
        w.add_document(kind="passage", pid=name + "#0", doc_id=name, source=name, root=str(source),
                       title=title, text=text, lang="", passage=0, line=1, char_start=0,
                       char_end=len(text), boilerplate=False)
ix.close()
'''


class _Whoosh:
    """What :func:`index.sizes.field_sizes` asks of an index, for a plain Whoosh index."""

    def __init__(self, path: Path) -> None:
        from whoosh import index as whoosh_index

        self._ix = whoosh_index.open_dir(str(path))
        self._path = path

    def searcher(self):
        return self._ix.searcher()

    def size_bytes(self) -> int:
        return _bytes(self._path)


def _bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.iterdir() if p.is_file())


def _text_bytes(corpus: Path) -> int:
    """UTF-8 bytes of the titles and texts of a JSONL corpus, or of a folder of .txt files."""
    if corpus.is_dir():
        return sum(p.stat().st_size for p in corpus.rglob("*.txt"))
    total = 0
    for line in open(corpus, encoding="utf-8"):
        if line.strip():
            doc = json.loads(line)
            total += len((doc.get("title") or "").encode()) + len(doc.get("text", "").encode())
    return total


def _field_sizes(path: Path) -> dict[str, int]:
    from polyseek.index.sizes import field_sizes

    ix = _Whoosh(path)
    try:
        return field_sizes(ix)
    finally:
        ix._ix.close()


def _build(name: str, source: Path, ixdir: Path, code: Path | None, tmp: Path, built: Path | None = None) -> Path:
    """The index of ``source`` by variant ``name`` (``built``: one ``polyseek index`` already made)."""
    if built is not None and name == "polyseek":
        return built
    bench = Path(__file__).resolve().parent
    if name.startswith("stock"):
        script = tmp / f"{name}.py"
        script.write_text(_STOCK.format(bench=str(bench), chars=name == "stock"), encoding="utf-8")
        run_command([sys.executable, str(script), str(source), str(ixdir)])
    else:
        env = dict(os.environ, PYTHONPATH=str(code))
        # a checkout from before the packages moved under polyseek (0.1.0) has searcher/ at the top
        package = "polyseek.searcher" if (Path(str(code)) / "polyseek" / "__init__.py").exists() else "searcher"
        cmd = [sys.executable, "-P", "-c", f"from {package}.cli import main; main()", "index", str(source), "-q", "-j", "1", "--index", str(ixdir)]
        run_command(cmd, env)
    return ixdir


def measure(label: str, source: Path, variants: list[tuple[str, Path | None]], tmp: Path,
            built: Path | None = None) -> dict:
    text = _text_bytes(source)
    out: dict = {"collection": label, "text_bytes": text, "variants": {}}
    for name, code in variants:
        ixdir = _build(name, source, tmp / f"ix-{label}-{name}", code, tmp, built)
        size = _bytes(ixdir)
        out["variants"][name] = {"bytes": size, "fields": _field_sizes(ixdir)}
        print(f"{label}: {name} {size:,} bytes", file=sys.stderr)
    stock = out["variants"]["stock"]["bytes"]
    positions = out["variants"].get("stock-positions", out["variants"]["stock"])["bytes"]
    for v in out["variants"].values():
        v["vs_stock"] = v["bytes"] / stock
        v["vs_stock_positions"] = v["bytes"] / positions
        v["vs_text"] = v["bytes"] / text
    return out


def _table(results: list[dict]) -> None:
    names = list(results[0]["variants"])
    print("| collection | text MB | " + " | ".join(f"{n} MB (x stock, x stock-positions, x text)" for n in names) + " |")
    print("|---|---|" + "---|" * len(names))
    for r in results:
        cols = " | ".join(
            f"{v['bytes'] / 1e6:.1f} ({v['vs_stock']:.2f}x, {v['vs_stock_positions']:.2f}x, {v['vs_text']:.1f}x)"
            for v in r["variants"].values()
        )
        print(f"| {r['collection']} | {r['text_bytes'] / 1e6:.1f} | {cols} |")
    for r in results:
        print(f"\nbytes per field, {r['collection']} (MB, share of the index)")
        fields: dict[str, None] = {}
        for v in r["variants"].values():
            fields.update(dict.fromkeys(v["fields"]))
        print("| field | " + " | ".join(names) + " |")
        print("|---|" + "---|" * len(names))
        for f in fields:
            cells = []
            for v in r["variants"].values():
                n = v["fields"].get(f)
                cells.append("" if n is None else f"{n / 1e6:.2f} ({100 * n / v['bytes']:.0f}%)")
            print(f"| {f} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SCALE_CORPUS, help="JSONL corpus to slice [the scale corpus]")
    ap.add_argument("--docs", type=int, nargs="*", default=[10000, 0], help="slice sizes (0: the whole corpus)")
    ap.add_argument("--collections", type=Path, nargs="*", default=COLLECTIONS, help="folders with a corpus.jsonl")
    ap.add_argument("--txt", action="store_true", help="the slices as folders of .txt files instead of JSONL")
    ap.add_argument("--before", type=Path, nargs="+", default=[], help="other checkouts to measure (named by folder)")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    ap.add_argument("--polyseek-index", type=Path, metavar="DIR",
                    help="measure this index, made by `polyseek index` of the one slice (--docs N) with this "
                         "checkout, instead of building it again (a 110,000-document build takes 15-20 CPU-minutes)")
    ap.add_argument("--no-positions-baseline", action="store_true",
                    help="leave out the stock-positions index (the x stock-positions ratios are then x stock)")
    args = ap.parse_args(argv)
    if args.polyseek_index and (len(args.docs) != 1 or args.collections or args.txt):
        raise SystemExit("--polyseek-index needs one --docs slice, --collections with no folder and no --txt")
    variants: list[tuple[str, Path | None]] = [
        ("stock", None),
        *([] if args.no_positions_baseline else [("stock-positions", None)]),
        *((b.name, b) for b in args.before),
        ("polyseek", REPO),
    ]
    results = []
    with tempfile.TemporaryDirectory(prefix="polyseek-size-") as tmpname:
        tmp = Path(tmpname)
        for docs in args.docs:
            source = write_slice(args.corpus, docs, tmp / f"slice{docs}.jsonl")
            n = sum(1 for line in open(source, "rb") if line.strip())
            label = f"scale{n}"
            if args.txt:
                source, label = write_txt_folder(source, tmp / f"txt{n}"), f"txt{n}"
            results.append(measure(label, source, variants, tmp, args.polyseek_index))
        for folder in args.collections:
            results.append(measure(folder.name, folder / "corpus.jsonl", variants, tmp))
    if args.json:
        print(json.dumps({"machine": machine(), "results": results}))
        return
    print(f"{machine()}")
    _table(results)


if __name__ == "__main__":
    main()
