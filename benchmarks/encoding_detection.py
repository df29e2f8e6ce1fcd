"""How often legacy encodings are detected right (not part of the test run).

Cuts the bundled sample texts into pieces of 15 to 1,000 characters at several
offsets, encodes each piece in the legacy code pages of its language, and counts how
often :func:`corpus.decoding.decode_text` gives back exactly the original text. If
``charset-normalizer`` is installed, it is scored on the same pieces with the same
candidate code pages, for comparison.

    python benchmarks/encoding_detection.py
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from polyseek.corpus.decoding import LEGACY_ENCODINGS, decode_text

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
ENCODINGS = {
    "ru": ["cp1251", "koi8_r", "cp866", "iso8859_5", "mac_cyrillic"],
    "ar": ["cp1256", "iso8859_6"],
    "en": ["cp1252"],
}
LENGTHS = (15, 30, 60, 120, 300, 1000)


def pieces():
    """(encoding, length, text, bytes) for every piece that is not plain ASCII."""
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8-sig")
        for encoding in ENCODINGS[path.name[:2]]:
            clean = text.encode(encoding, errors="ignore").decode(encoding)
            for length in LENGTHS:
                for offset in range(0, min(len(clean), 3000), 250):
                    piece = clean[offset : offset + length]
                    data = piece.encode(encoding)
                    if not data.isascii():
                        yield encoding, length, piece, data


def polyseek(data: bytes) -> str | None:
    try:
        return decode_text(data, "x")
    except Exception:
        return None


def charset_normalizer_detector():
    try:
        from charset_normalizer import from_bytes
    except ImportError:
        return None

    def detect(data: bytes) -> str | None:
        best = from_bytes(data, cp_isolation=[e.replace("-", "_") for e in LEGACY_ENCODINGS]).best()
        return str(best) if best is not None else None

    return detect


def main() -> None:
    detectors = {"polyseek (chardet)": polyseek}
    if (other := charset_normalizer_detector()) is not None:
        detectors["charset-normalizer"] = other
    data = list(pieces())
    print(f"{len(data)} pieces; share decoded exactly right")
    header = f"{'':<20}" + "".join(f"{e:>13}" for e in sum(ENCODINGS.values(), [])) + "".join(f"{n:>7}" for n in LENGTHS) + f"{'all':>8}"
    print(header)
    for name, detect in detectors.items():
        right, total = Counter(), Counter()
        for encoding, length, piece, raw in data:
            ok = detect(raw) == piece
            for key in (encoding, length, "all"):
                total[key] += 1
                right[key] += ok
        cells = [f"{100 * right[k] / total[k]:.1f}%" for k in [*sum(ENCODINGS.values(), []), *LENGTHS, "all"]]
        widths = [13] * 8 + [7] * len(LENGTHS) + [8]
        print(f"{name:<20}" + "".join(f"{c:>{w}}" for c, w in zip(cells, widths)))


if __name__ == "__main__":
    main()
