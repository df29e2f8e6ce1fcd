"""Digests of everything an index holds, to check that a change to the writer left its output as it was.

For each index folder: every posting of every field (terms, documents, weights, values:
positions and counts), every stored field (but the file record's ``indexed_at`` and
``checked_ns``, the times of the run), every document's field lengths, every column, and
the word cache's contents (every kind, word and value, whatever its shards' compression), a
digest each; and the segment files byte for byte (a digest per file, the compound files
opened).  Two folders built by two versions from the same files in the same place should
print the same lines.

Usage::

    python benchmarks/index_digest.py IX_BEFORE IX_AFTER      # prints both, and whether they match
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

#: Stored fields that hold the time of the run, not what was indexed.
RUN_TIMES = ("indexed_at", "checked_ns")


def _hash(items: object) -> str:
    # repr, not pickle: pickle writes an object met twice as a reference, so equal values
    # shared in one index and not in the other would differ
    return hashlib.sha256(repr(items).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def digests(index_dir: Path) -> dict[str, str]:
    """Part name -> digest of that part of the index in ``index_dir``."""
    from whoosh import index as whoosh_index

    from polyseek.analyzers.chains import Settings
    from polyseek.index.wordcache import FILE, MIN_SHARDS, WordCache, _Snapshot

    out: dict[str, str] = {}
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.reader() as r:
        postings = hashlib.sha256()
        count = 0
        for posting in r.iter_postings():
            postings.update(repr(posting).encode())
            count += 1
        out["postings"] = f"{count} {postings.hexdigest()[:16]}"
        fields = list(ix.schema.names())
        stored = hashlib.sha256()
        lengths = hashlib.sha256()
        for d in r.all_doc_ids():
            kept = {k: v for k, v in r.stored_fields(d).items() if k not in RUN_TIMES}
            stored.update(repr((d, sorted(kept.items()))).encode("utf-8", "surrogatepass"))
            lengths.update(repr((d, [r.doc_field_length(d, f, -1) for f in fields])).encode())
        out["stored"], out["lengths"] = stored.hexdigest()[:16], lengths.hexdigest()[:16]
        out["columns"] = _hash([(f, list(r.column_reader(f))) for f in fields if r.has_column(f)])
        for seg in ix._segments():
            storage = seg.open_compound_file(ix.storage) if seg.is_compound() else ix.storage
            segid = seg.segment_id()
            for name in sorted(storage.list()):
                if segid in name and "_stored" not in name:  # the stored fields hold the run's times
                    f = storage.open_file(name)
                    out[f"file {name.replace(segid, 'SEG')}"] = hashlib.sha256(f.read()).hexdigest()[:16]
                    f.close()
    ix.close()
    path = index_dir / FILE
    words: dict = {}
    if path.exists():
        header = WordCache(index_dir, Settings.resolve(None, None, None))._header
        snap = _Snapshot(path, header)
        for n in range(snap.shards if snap.fh is not None else MIN_SHARDS):
            for kind, values in snap.read(n).items():
                words.setdefault(kind, {}).update(values)
        snap.close()
    out["word cache"] = f"{sum(map(len, words.values()))} {_hash(sorted((k, sorted(v.items())) for k, v in words.items()))}"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("index", type=Path, nargs="+")
    args = ap.parse_args()
    found = [digests(ix) for ix in args.index]
    for part in found[0]:
        values = [d.get(part, "-") for d in found]
        print(f"{part:<40} {'  '.join(values)}{'' if len(set(values)) == 1 else '   DIFFER'}")
    same = all(d == found[0] for d in found)
    print("identical" if same else "INDEXES DIFFER")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
