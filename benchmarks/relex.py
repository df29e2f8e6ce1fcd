"""A copy of an index with its lexicon files rewritten by this checkout's writer.

A change of the lexicon file's format (``index/lexicon.py``) is measured on the same
documents in both formats: this copies an index folder and rewrites each segment's
``.lex`` file (inside its compound ``.seg``) from its entries, read by this checkout, with
this checkout's :class:`~polyseek.index.lexicon.LexiconWriter`; every other file keeps its
bytes, and each segment's ``.sums`` is written again for the new ``.seg``.  The rewritten
file is read back and its entries compared with the original's before it is kept::

    python benchmarks/relex.py /tmp/growth/n110000/ix-polyseek /tmp/ix110-new
    python benchmarks/search_stages.py --index /tmp/ix110-new --other-index /tmp/growth/n110000/ix-polyseek \\
        --corpus /tmp/growth/n110000/all.jsonl --against /tmp/main
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.filedb.structfile import BufferFile, StructFile

from polyseek.index.integrity import write_sums
from polyseek.index.lexicon import LEXICON_EXT, LexiconReader, LexiconWriter


def rewrite(data: bytes) -> bytes:
    """A lexicon file's bytes written again, the same entries in this checkout's format."""
    old = LexiconReader(BufferFile(data), len(data))
    w = LexiconWriter(StructFile(io.BytesIO()))
    field = None
    for fn, btext, flat in old.entries():
        if fn != field:
            if field is not None:
                w.finish_field()
            w.start_field(fn)
            field = fn
        for k in range(0, len(flat), 3):
            w.add(btext, flat[k], flat[k + 1], flat[k + 2])
    new = w.finish()
    if list(LexiconReader(BufferFile(new), len(new)).entries()) != list(old.entries()):
        raise AssertionError("the rewritten lexicon reads differently")
    return new


def relex(source: Path, target: Path) -> list[tuple[str, int, int]]:
    """Copy ``source`` to ``target`` and rewrite each segment's lexicon file there;
    ``(name, bytes before, bytes after)`` of each."""
    shutil.copytree(source, target)
    storage = FileStorage(str(target))
    sizes = []
    for seg in sorted(target.glob("*.seg")):
        compound = CompoundStorage(storage.open_file(seg.name), use_mmap=False)
        names = compound.list()
        ram = RamStorage()
        for name in names:
            f = compound.open_file(name)
            data = f.read()
            f.close()
            if name.endswith(LEXICON_EXT):
                new = rewrite(data)
                sizes.append((name, len(data), len(new)))
                data = new
            with ram.create_file(name) as fh:
                fh.write(data)
        compound.close()
        CompoundStorage.assemble(storage.create_file(seg.name + ".new"), ram, names)
        os.replace(target / (seg.name + ".new"), seg)
        (target / seg.with_suffix(".sums").name).unlink(missing_ok=True)
    ix = whoosh_index.open_dir(str(target))
    write_sums(ix.storage, ix._segments())  # each segment's sums again, for its new .seg
    return sizes


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path, help="an index folder (not changed)")
    ap.add_argument("target", type=Path, help="where the copy goes (must not exist)")
    args = ap.parse_args(argv)
    for name, before, after in relex(args.source, args.target):
        print(f"{name}: {before:,} -> {after:,} bytes ({after / before:.3f}x)")


if __name__ == "__main__":
    main()
