"""Place names across scripts from CLDR: *Cairo* = *Каир* = ``القاهرة``, *Egypt* = *Египет* = ``مصر``.

An exonym is not a transliteration: no rule over letters turns *Cairo* into *Каир*,
*Athens* into *Афины* or *Egypt* into ``مصر``.  The Unicode Common Locale Data Repository
(CLDR, Unicode licence) names every country and territory and the exemplar city of every
time zone in English, Russian and Arabic.  ``data/places.tsv`` holds those names as
`Babel <https://pypi.org/project/babel/>`_ ships them (:func:`build_rows`; rebuild with
``python -m polyseek.analyzers.places``, which needs Babel): reading the file takes about
a millisecond, where loading three Babel locales takes 0.2 s, which a search would pay.

Only one-word names are kept (a query is matched word by word), only names that are not
stop words of their language (*Того* is also "of that"), and on the Russian side only
words that can be a proper name (:func:`analyzers.translit.is_plausible_name`: the
time-zone city *Center* is *Центр*, an ordinary word).  Matching is on forms, not keys: a
Latin name by its letters (``Córdoba`` = ``cordoba``), a Russian one by its lemmas
(*Каире* is *Каир*), an Arabic one without its article and ``و`` (``والقاهرة`` is
``القاهرة``).

:func:`names_by_form` reads any table of that shape (:mod:`analyzers.people` reads
Wikidata's personal names with it).

>>> other_names("Cairo", "en")
(('ru', 'Каир'), ('ar', 'القاهرة'))
>>> other_names("Египта", "ru", ("египет",))
(('en', 'Egypt'), ('ar', 'مصر'))
>>> is_name_of("Каире", "ru", "Каир"), is_name_of("Каирский", "ru", "Каир"), is_name_of("والقاهرة", "ar", "القاهرة")
(True, False, True)
"""

from __future__ import annotations

import functools
import re
import sys
from pathlib import Path

from .russian import normalize_russian
from .translit import arabic_bare_forms, romanize, russian_name_lemmas

__all__ = [
    "CHAINS",
    "TABLE",
    "build_rows",
    "is_name_of",
    "keeps_name",
    "name_forms",
    "names_by_form",
    "other_names",
    "places",
    "read_rows",
]

#: The scripts' language chains: the table's columns, and the order names are returned in.
CHAINS = ("en", "ru", "ar")

#: The names, one place a line, a tab between its English, Russian and Arabic names.
TABLE = Path(__file__).resolve().parent / "data" / "places.tsv"

_POSSESSIVE = re.compile(r"['’]s$")


def name_forms(surface: str, chain: str) -> frozenset[str]:
    """The forms a word is matched by: Latin letters, Russian lemmas, the bare Arabic word.

    >>> sorted(name_forms("Córdoba's", "en")), sorted(name_forms("Афинах", "ru")), sorted(name_forms("بالقاهرة", "ar"))
    (['cordoba'], ['афина', 'афинах', 'афины'], ['قاهرة'])
    """
    if chain == "en":
        return frozenset({romanize(_POSSESSIVE.sub("", surface), "en")})
    if chain == "ru":
        return frozenset({normalize_russian(surface), *russian_name_lemmas(surface)})
    if chain == "ar":
        return frozenset(arabic_bare_forms(surface))
    return frozenset()


def _table_form(name: str, chain: str) -> str:
    """The form a name of the table is known by (a Russian one: its nominative, as CLDR writes it)."""
    if chain == "ru":
        return normalize_russian(name)
    return next(iter(name_forms(name, chain)), "")


def read_rows(path: Path) -> tuple[dict[str, str], ...]:
    """The rows of a names table (English, Russian, Arabic columns; chain -> name, a chain
    without a name absent)."""
    table: list[dict[str, str]] = []
    for line in open(path, encoding="utf-8"):
        if not line.startswith("#") and line.strip():
            table.append({c: n for c, n in zip(CHAINS, line.rstrip("\n").split("\t")) if n})
    return tuple(table)


@functools.cache
def places() -> tuple[dict[str, str], ...]:
    """The places of the table (chain -> name; a chain without a one-word name is absent)."""
    return read_rows(TABLE)


_by_form: dict[tuple[str, str], dict[str, tuple[int, ...]]] = {}


def _rows_by_form(table: tuple[dict[str, str], ...], which: str, chain: str) -> dict[str, tuple[int, ...]]:
    """Form -> the rows it names, for one chain of one table (made when a word of that script asks)."""
    found = _by_form.get((which, chain))
    if found is None:
        by_form: dict[str, list[int]] = {}
        for n, row in enumerate(table):
            if chain in row:
                by_form.setdefault(_table_form(row[chain], chain), []).append(n)
        found = _by_form[(which, chain)] = {k: tuple(v) for k, v in by_form.items()}
    return found


def names_by_form(
    table: tuple[dict[str, str], ...], which: str, surface: str, chain: str, terms: tuple[str, ...] = ()
) -> tuple[tuple[str, str], ...]:
    """``(chain, name)`` of the rows of ``table`` (called ``which``) that ``surface`` names, in
    the other two scripts.

    ``terms`` are the word's terms from its language chain: a Russian word is found by its
    lemmas (*Египта* by ``египет``), or as written when it is the nominative.
    """
    if chain not in CHAINS:
        return ()
    by_form = _rows_by_form(table, which, chain)
    forms = {_table_form(surface, chain), *terms} if chain == "ru" else {_table_form(surface, chain)}
    out: dict[tuple[str, str], None] = {}
    for form in sorted(forms):
        for n in by_form.get(form, ()):
            for other in CHAINS:
                if other != chain and other in table[n]:
                    out[(other, table[n][other])] = None
    return tuple(out)


def other_names(surface: str, chain: str, terms: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
    """``(chain, name)`` of the places ``surface`` names, in the other two scripts
    (:func:`names_by_form` over CLDR's table)."""
    return names_by_form(places(), "places", surface, chain, terms)


def is_name_of(spelling: str, chain: str, name: str) -> bool:
    """Whether a word of the text is ``name`` (a form of it: *Каире* of *Каир*)."""
    return _table_form(name, chain) in name_forms(spelling, chain)


# -- building the table (needs Babel) ------------------------------------------------------------


def _one_word(name: str | None) -> str:
    return name if name and name.isalpha() and len(name) >= 3 else ""


def keeps_name(name: str, chain: str) -> bool:
    """Whether a table keeps a name: not a stop word, and in Russian a word that can be a
    proper name (:func:`analyzers.translit.is_plausible_name`)."""
    from .stopwords import stopword_set
    from .translit import is_plausible_name

    if not name or (chain == "ru" and not is_plausible_name(name, "ru")):
        return False  # Центр (the zone America/North_Dakota/Center) is an ordinary word
    return _table_form(name, chain) not in stopword_set(chain, "function")


def build_rows() -> list[tuple[str, str, str]]:
    """The table's rows from CLDR as Babel ships it: every country, territory and time-zone
    city with a one-word name kept in two scripts or more (an empty cell otherwise)."""
    from babel import Locale

    locales = {chain: Locale(chain) for chain in CHAINS}
    names: list[dict[str, str | None]] = []
    for code in locales["en"].territories:
        if str(code).isalpha():  # 001, 419... are regions of the world
            names.append({c: locales[c].territories.get(code) for c in CHAINS})
    for zone in locales["ru"].time_zones:
        city = {c: (locales[c].time_zones.get(zone) or {}).get("city") for c in CHAINS}
        city["en"] = city["en"] or str(zone).rsplit("/", 1)[-1].replace("_", " ")
        names.append(city)
    rows: list[tuple[str, str, str]] = []
    for place in names:
        kept = [n if keeps_name(n := _one_word(place[c]), c) else "" for c in CHAINS]
        row = (kept[0], kept[1], kept[2])
        if sum(1 for n in row if n) >= 2 and row not in rows:
            rows.append(row)
    return rows


def write_table(path: Path = TABLE) -> int:
    """Write :func:`build_rows` to ``path``; the number of places."""
    from babel import __version__ as babel_version

    rows = build_rows()
    path.parent.mkdir(exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            f"# CLDR's English, Russian and Arabic names of countries, territories and time-zone cities,\n"
            f"# one-word names only (Unicode licence: unicode.org/license.txt), from Babel {babel_version}:\n"
            f"# python -m polyseek.analyzers.places\n"
        )
        for row in rows:
            out.write("\t".join(row) + "\n")
    return len(rows)


if __name__ == "__main__":  # pragma: no cover
    print(f"{write_table(Path(sys.argv[1]) if len(sys.argv) > 1 else TABLE)} places written")
