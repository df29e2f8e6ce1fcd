"""Personal names across scripts from Wikidata: *Michael* = *Майкл* = ``مايكل``, *Wright* = *Райт*.

English spelling is not pronunciation: no rule over letters turns *Michael* into *Майкл*
or *Wright* into *Райт*, and a name of one consonant (*Xi* = *Си*) has no key at all.  The
names are read like CLDR's places (:mod:`analyzers.places`): a query word that is such a
name also looks up its Russian and Arabic spellings, and a word of the text is kept only
when it is that name (*Майкла*, not *Майкоп*).

``data/people.tsv`` holds the word-level personal-name pairs that Merhav & Ash mined from
Wikidata labels ("Design Challenges in Named Entity Transliteration", COLING 2018;
repository steveash/NETransliteration-COLING2018, data CC0): English -> Russian
(``wd_russian``) and English -> Arabic (``wd_arabic``), each pair aligned at least
:data:`MIN_SEEN` times, from the training slices only (``_80``).  Their held-out slices
(``_20``, other words) stay a test of what the table cannot know
(``benchmarks/names.py``).  Rebuild with ``python -m polyseek.analyzers.people GIT_DIR``
(the repository's git directory).

>>> other_people("Michael", "en")
(('ru', 'Майкл'), ('ar', 'مايكل'))
>>> other_people("Райта", "ru", ("райт",))
(('en', 'Wright'), ('ar', 'رايت'))
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from .places import CHAINS, keeps_name, names_by_form, read_rows

__all__ = ["MIN_SEEN", "TABLE", "build_rows", "other_people", "people"]

#: The names, one a line: English, Russian and Arabic spelling (a tab between; one may be empty).
TABLE = Path(__file__).resolve().parent / "data" / "people.tsv"

#: A pair is kept when Wikidata's labels align it at least this often (a spelling that
#: many people's names share is the usual one).
MIN_SEEN = 20


@functools.cache
def people() -> tuple[dict[str, str], ...]:
    """The names of the table (chain -> spelling; a chain without one is absent)."""
    return read_rows(TABLE)


def other_people(surface: str, chain: str, terms: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
    """``(chain, spelling)`` of the personal name ``surface`` is, in the other two scripts."""
    return names_by_form(people(), "people", surface, chain, terms)


# -- building the table (needs the dataset's git directory) -----------------------------------


def _pairs(git_dir: Path, script: str) -> dict[str, str]:
    """Latin word -> its spelling in ``script`` (letters joined), for the pairs seen often."""
    import subprocess  # building the table only

    data = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"HEAD:data/wd_{script}_80"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    out: dict[str, str] = {}
    for line in data.splitlines():
        latin, other, count = line.split("\t")
        if latin.isalpha() and latin.isascii() and int(count) >= MIN_SEEN:
            out[latin] = other.replace(" ", "")
    return out


def build_rows(git_dir: Path) -> list[tuple[str, str, str]]:
    """The table's rows: every Latin name with a Russian or an Arabic spelling kept."""
    russian, arabic = _pairs(git_dir, "russian"), _pairs(git_dir, "arabic")
    rows = []
    for latin in sorted(set(russian) | set(arabic)):
        row = (latin.capitalize(), russian.get(latin, "").capitalize(), arabic.get(latin, ""))
        kept = tuple(n if keeps_name(n, c) else "" for n, c in zip(row, CHAINS))
        if kept[0] and (kept[1] or kept[2]):
            rows.append((kept[0], kept[1], kept[2]))
    return rows


if __name__ == "__main__":  # pragma: no cover
    rows = build_rows(Path(sys.argv[1]))
    with open(TABLE, "w", encoding="utf-8") as out:
        out.write(
            "# Wikidata's English, Russian and Arabic spellings of personal names, each pair aligned at least\n"
            f"# {MIN_SEEN} times (Merhav & Ash, COLING 2018, CC0; training slices): python -m polyseek.analyzers.people\n"
        )
        for row in rows:
            out.write("\t".join(row) + "\n")
    print(f"{len(rows)} names written", file=sys.stderr)
