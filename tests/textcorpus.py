"""Generated folders of real text for reindex, concurrency and crash tests (and benchmarks).

Every file is made of whole sentences taken from the bundled sample corpus
(Russian, Arabic and English news), shuffled deterministically, so analysis and
indexing do the same work they do on real documents.

>>> import tempfile
>>> from pathlib import Path
>>> root = Path(tempfile.mkdtemp())
>>> paths = write_corpus(root, 3, seed=1)
>>> [p.name for p in paths]
['f0000.txt', 'f0001.txt', 'f0002.txt']
>>> len(paths[0].read_text(encoding="utf-8")) > 200
True
"""

from __future__ import annotations

import functools
import random
import re
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"

_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+")


@functools.cache
def sample_sentences() -> dict[str, tuple[str, ...]]:
    """Sentences of the sample corpus by language (``ru``, ``ar``, ``en``), longer than 40 characters."""
    out: dict[str, list[str]] = {"ru": [], "ar": [], "en": []}
    for path in sorted(SAMPLES.glob("*.txt")):
        lang = path.name[:2]
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            out[lang].extend(s.strip() for s in _SENTENCE_END.split(line) if len(s.strip()) > 40)
    return {lang: tuple(sents) for lang, sents in out.items()}


def make_text(rng: random.Random, paragraphs: int = 4, lang: str | None = None) -> str:
    """A document: a title line, then ``paragraphs`` paragraphs of 2-4 real sentences."""
    sentences = sample_sentences()
    lang = lang or rng.choice(["ru", "ru", "ar", "en"])
    pool = sentences[lang]
    title = rng.choice(pool)[:80]
    paras = [" ".join(rng.sample(pool, rng.randint(2, 4))) for _ in range(paragraphs)]
    return title + "\n\n" + "\n\n".join(paras) + "\n"


def write_corpus(root: Path, n_files: int, seed: int = 0, per_folder: int = 100, paragraphs: int = 4) -> list[Path]:
    """Write ``n_files`` text files under ``root`` (``per_folder`` per subfolder when more than that)."""
    rng = random.Random(seed)
    paths = []
    for i in range(n_files):
        folder = root / f"d{i // per_folder:02d}" if n_files > per_folder else root
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"f{i:04d}.txt"
        path.write_text(make_text(rng, paragraphs), encoding="utf-8")
        paths.append(path)
    return paths
