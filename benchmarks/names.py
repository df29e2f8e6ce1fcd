"""Names across scripts: how many real name pairs a query finds in the other script, and
how many words of the eval collections match something that is not their translation.

The table (``benchmarks/data/names.tsv``, one pair per line: group, source of the pair,
Latin, Cyrillic, Arabic spelling, any of the last two may be empty) comes from public
data that may be shipped:

- ``cldr-city``: the exemplar city names of CLDR's time zones (the Unicode Common Locale
  Data Repository, Unicode licence), in English, Russian and Arabic, as Babel ships them;
  one-word names only.  ``geox`` marks those pymorphy3 tags as a place (``Geox``).
- ``wikidata-ru`` / ``wikidata-ar``: the word-level personal name pairs (English to
  Russian, English to Arabic) that Merhav & Ash mined from Wikidata labels for "Design
  Challenges in Named Entity Transliteration" (COLING 2018; repository
  steveash/NETransliteration-COLING2018, data under CC0): the pairs seen at least
  ``MIN_SEEN`` times (at most ``PER_GROUP`` per group, the most often seen first), in
  the groups ``japanese`` (Latin spellings made only of Hepburn syllables, with one that
  Western names seldom have: nearly all Japanese names), ``pinyin`` (made only of Pinyin
  syllables likewise: Chinese names, but as many Western and Japanese ones) and ``name``
  (the others); name particles and words of two letters left out; and then, in the group
  ``syllable``, every other such pair whose Latin word is one Pinyin syllable
  (:data:`analyzers.pinyin.SYLLABLES`: *Xi*, *Hu*, *Wu*, *Li*, but also Japanese *Kei* and
  Western *Ban*), two letters or more.  The people table
  (:mod:`analyzers.people`) is made from the same dataset's training slices, so the rows
  whose Latin word it holds measure its coverage, the others what no table gives.

- ``wikidata-ko``, group ``korean``: the syllables of Korean people's names from the same
  repository's English-Korean file (``wd_korean``, CC0: Wikidata's English and Korean
  labels of a person), where the English label is a surname and a hyphenated given name of
  three syllables in all (*Park Geun-hye* = 박근혜, each piece starting with a letter that
  romanises its syllable): the Latin side as Wikidata writes it, the Cyrillic side made
  from the Korean label by Kontsevich's table (:func:`kontsevich`: *Пак Кын Хе*), because
  the dataset has no Russian labels of these people.  So these rows measure how the
  Latin spellings (Revised Romanization, McCune-Reischauer, *Park*, *Lee*, *Choi*...) are
  read, not how Russian texts depart from the table; the most frequent Cyrillic spelling
  per Latin word, words seen twice or more, the most frequent first.

Each group is searched both ways: an index per script holds one short sentence per name
(``В отчёте упомянут Накамура.``), each name is queried as typed in the other script,
and it is *found* when its sentence is among the first 10 hits.  ``--precision`` adds a
measure on the eval collections (one index over xquad-ru, -ar and -en): every word of
every question is looked up across scripts, and a spelling found counts as right when
the same question in the other language (the collections are parallel) has that word.

Usage::

    python benchmarks/names.py                      # the table, found/missed per group
    python benchmarks/names.py --list-missed 20     # and the first missed pairs per group
    python benchmarks/names.py --precision ../shared/eval
    python benchmarks/names.py --lowercase --precision ../shared/eval --across   # names typed in lower case;
                                                    # questions over the other languages' texts
    python benchmarks/names.py --build WIKIDATA_GIT_DIR   # rewrite the table (needs Babel)
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TABLE = Path(__file__).resolve().parent / "data" / "names.tsv"
MIN_SEEN = 20
#: At most this many pairs per group and source, the most often seen first.
PER_GROUP = 300
TOP = 10

# A sentence per script that names someone or somewhere, with the name capitalised as texts write it.
SENTENCE = {
    "en": "The report mentions {} among others.",
    "ru": "В отчёте упомянут {} среди прочих.",
    "ar": "ورد في التقرير اسم {} بين آخرين.",
}
COLUMN = {"en": 2, "ru": 3, "ar": 4}

_HEPBURN = re.compile(r"(?:(?:[kgsztdnhbpmr]y?|sh|ch|ts|j|f|w|y)?[aiueo]|n)+")
# syllables Hepburn writes and Western names rarely have
_JAPANESE = re.compile(r"shi|chi|tsu|fu|ji|ky|ry|hy|ny|sh[aou]|ch[aou]|[aeiou]ki|oka|ama|ura|ita|ko$|ro$|shi|ou|ei")
# syllables Pinyin writes and Western names rarely have
_CHINESE = re.compile(r"^(?:zh|x|q)|ng$|[^aeiou]ao|ou$|iu|ui|ei$|ian|uan|^[zc]h?[aeiou]|zh|x[iu]|q[iu]")
_PINYIN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iong|uang|iang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|"
    r"ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|e|i|o|u))+"
)


# -- building the table ------------------------------------------------------------------------


def _letters(text: str) -> str:
    return text.replace(" ", "")


def _wikidata_pairs(git_dir: Path, script: str) -> dict[str, tuple[str, int]]:
    """Latin word -> (its most frequent spelling in ``script``, times seen), over every slice."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for part in ("16", "20", "64", "80"):
        data = subprocess.run(
            ["git", "--git-dir", str(git_dir), "show", f"HEAD:data/wd_{script}_{part}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        for line in data.splitlines():
            latin, other, count = line.split("\t")
            if latin.isalpha() and latin.isascii():
                seen[latin][_letters(other)] += int(count)
    return {latin: (c.most_common(1)[0][0], sum(c.values())) for latin, c in seen.items()}


def build(git_dir: Path) -> list[tuple[str, ...]]:
    """The rows of the table, from Babel's CLDR data and the Wikidata name pairs."""
    from babel import Locale  # only needed to rebuild the table

    from polyseek.analyzers.russian import morph_analyzer
    from polyseek.analyzers.stopwords import stopword_set

    rows: list[tuple[str, ...]] = []
    en, ru, ar = Locale("en"), Locale("ru"), Locale("ar")
    morph = morph_analyzer()
    for tz, names in sorted(ru.time_zones.items()):
        city_ru = names.get("city", "")
        city_en = en.time_zones.get(tz, {}).get("city") or tz.rsplit("/", 1)[-1].replace("_", " ")
        city_ar = ar.time_zones.get(tz, {}).get("city", "")
        if not (city_ru.isalpha() and city_en.isalpha() and (not city_ar or city_ar.isalpha())):
            continue  # one word each
        geox = any("Geox" in p.tag for p in morph.parse(city_ru.lower()))
        rows.append(("geox" if geox else "city", "cldr-city", city_en, city_ru, city_ar))
    particles = stopword_set("en", "iso")  # de, von, of... (name particles, aligned words)
    for script, column in (("russian", 3), ("arabic", 4)):
        pairs = _wikidata_pairs(git_dir, script)
        common = sorted(
            ((n, w, o) for w, (o, n) in pairs.items() if n >= MIN_SEEN and len(w) >= 3 and w not in particles),
            reverse=True,
        )
        taken: Counter[str] = Counter()
        for n, latin, other in common:
            group = "name"
            if len(latin) >= 5 and _HEPBURN.fullmatch(latin) and _JAPANESE.search(latin):
                group = "japanese"
            elif len(latin) >= 4 and _PINYIN.fullmatch(latin) and _CHINESE.search(latin):
                group = "pinyin"
            if taken[group] >= PER_GROUP:
                continue
            taken[group] += 1
            row = [group, f"wikidata-{script[:2]}", latin.capitalize(), "", ""]
            row[column] = other.capitalize()
            rows.append(tuple(row))
    rows += syllable_rows(git_dir, rows)
    return rows + korean_rows(git_dir)


def syllable_rows(git_dir: Path, rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The ``syllable`` group: Wikidata pairs seen at least ``MIN_SEEN`` times whose Latin word
    is one Pinyin syllable of two letters or more, not already in ``rows``."""
    from polyseek.analyzers.pinyin import SYLLABLES

    out: list[tuple[str, ...]] = []
    for script, column in (("russian", 3), ("arabic", 4)):
        source = f"wikidata-{script[:2]}"
        have = {row[2].lower() for row in rows if row[1] == source}
        pairs = _wikidata_pairs(git_dir, script)
        common = sorted(
            ((n, w, o) for w, (o, n) in pairs.items() if n >= MIN_SEEN and w in SYLLABLES and w not in have),
            reverse=True,
        )
        for _, latin, other in common[:PER_GROUP]:
            row = ["syllable", source, latin.capitalize(), "", ""]
            row[column] = other.capitalize()
            out.append(tuple(row))
    return out


# Kontsevich's Russian spelling of Korean (ㄱ ㄷ ㅂ ㅈ voiced after a vowel or a voiced final
# within a name), for the Russian side of the ``korean`` rows
_KO_INITIALS = ("к", "кк", "н", "т", "тт", "р", "м", "п", "пп", "с", "сс", "", "ч", "чч", "чх", "кх", "тх", "пх", "х")
_KO_VOICED = {0: "г", 3: "д", 7: "б", 12: "чж"}
_KO_VOWELS = ("а", "э", "я", "я", "о", "е", "ё", "е", "о", "ва", "вэ", "ве", "ё", "у", "во", "ве", "ви", "ю", "ы", "ый", "и")
_KO_FINALS = {0: "", 1: "к", 4: "н", 8: "ль", 16: "м", 17: "п", 19: "т", 21: "н"}
_KO_VOICED_FINALS = (0, 4, 8, 16, 21)
# first letters a romanisation gives each initial (ㅇ: a vowel, or the L/R of Lee, Lim, Ryu; ㄴ: the R of Roh)
_KO_LATIN_FIRST = ("gk", "gk", "nr", "dt", "dt", "rln", "m", "bp", "bp", "s", "s", "aeiouywlr", "jc", "jc", "c", "k", "t", "p", "h")


def _syllable_parts(syllable: str) -> tuple[int, int, int]:
    code = ord(syllable) - 0xAC00
    return code // 588, code // 28 % 21, code % 28


def kontsevich(name: str) -> list[str]:
    """A Korean name in Hangul as Russian writes it, a word a syllable: 문재인 -> Мун Чжэ Ин."""
    words, previous_final = [], None
    for n, syllable in enumerate(name):
        initial, vowel, final = _syllable_parts(syllable)
        voiced = n > 0 and previous_final in _KO_VOICED_FINALS
        first = _KO_VOICED.get(initial, _KO_INITIALS[initial]) if voiced else _KO_INITIALS[initial]
        if n == 0 and initial in (5, 11) and vowel == 20 and final == 0:
            first = "л"  # 이, 리: the surname Ли
        if final not in _KO_FINALS:
            return []
        spelt = "и" if vowel == 19 and initial != 11 else _KO_VOWELS[vowel]  # 희 = хи
        words.append((first + spelt + _KO_FINALS[final]).capitalize())
        previous_final = final
    return words


def korean_rows(git_dir: Path) -> list[tuple[str, ...]]:
    """The ``korean`` group: the syllables of Korean people's names, Latin as Wikidata's English
    labels write them (*Park Geun-hye*: a surname and a hyphenated given name, three
    syllables, each piece starting with a letter that romanises its syllable), Cyrillic by Kontsevich's table from their Korean labels
    (박근혜 -> *Пак Кын Хе*); the most frequent Cyrillic spelling per Latin word, the most
    frequent words first."""
    data = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", "HEAD:data/wd_korean"], capture_output=True, text=True, check=True
    ).stdout
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for line in data.splitlines():
        latin, _, hangul = line.partition("\t")
        surname, _, given = latin.partition(" ")
        if given.count("-") != 1 or " " in given:
            continue  # Korean people's labels: "Park Geun-hye" (Chinese and Western names have no hyphen)
        pieces = [surname, *given.split("-")]
        if not (len(hangul) == 3 and all("\uac00" <= c <= "\ud7a3" for c in hangul) and len(pieces) == len(hangul)):
            continue
        if not all(p.isascii() and p.isalpha() for p in pieces):
            continue
        if not all(p[0].lower() in _KO_LATIN_FIRST[_syllable_parts(h)[0]] for p, h in zip(pieces, hangul)):
            continue  # not one syllable a piece in the same order (a Western or Chinese name)
        for piece, word in zip(pieces, kontsevich(hangul)):
            seen[piece.capitalize()][word] += 1
    common = sorted(((sum(c.values()), latin, c.most_common(1)[0][0]) for latin, c in seen.items()), reverse=True)
    return [("korean", "wikidata-ko", latin, cyrillic, "") for n, latin, cyrillic in common[:PER_GROUP] if len(latin) >= 2 and n >= 2]


def write_table(rows: list[tuple[str, ...]]) -> None:
    TABLE.parent.mkdir(exist_ok=True)
    with open(TABLE, "w", encoding="utf-8") as out:
        out.write("# group\tsource\tlatin\tcyrillic\tarabic  (see benchmarks/names.py for the sources)\n")
        for row in rows:
            out.write("\t".join(row) + "\n")


def read_table() -> list[tuple[str, ...]]:
    rows = []
    for line in open(TABLE, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            rows.append(tuple(line.rstrip("\n").split("\t")))
    return rows


# -- found / missed ------------------------------------------------------------------------------


def _index(folder: Path, lang: str, names: list[str]):
    from polyseek.searcher import SearchIndex

    corpus = folder / f"{lang}.jsonl"
    with open(corpus, "w", encoding="utf-8") as out:
        for i, name in enumerate(names):
            doc = {"id": f"{lang}{i}", "lang": lang, "title": "", "text": SENTENCE[lang].format(name)}
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    ix = SearchIndex.create(folder / f"ix-{lang}")
    ix.add_path(corpus)
    return ix


def found_missed(
    rows: list[tuple[str, ...]], list_missed: int = 0, lowercase: bool = False
) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(group, from, to) -> (found, missed) for every direction between two filled columns;
    ``lowercase``: the queries typed in lower case (as users type names)."""
    out: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    missed: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="polyseek-names-") as tmp:
        for target in ("ru", "en", "ar"):
            names = sorted({row[COLUMN[target]] for row in rows if row[COLUMN[target]]})
            doc_of = {name: f"{target}{i}" for i, name in enumerate(names)}
            ix = _index(Path(tmp), target, names)
            try:
                for row in rows:
                    name = row[COLUMN[target]]
                    if not name:
                        continue
                    for source in ("en", "ru", "ar"):
                        query = row[COLUMN[source]].lower() if lowercase else row[COLUMN[source]]
                        if source == target or not query:
                            continue
                        hits = [h.doc_id for h in ix.search(query, limit=TOP, suggest=False).hits]
                        key = (row[0], source, target)
                        ok = doc_of[name] in hits
                        out[key][0 if ok else 1] += 1
                        if not ok:
                            missed[key].append(f"{query}/{name}")
            finally:
                ix.close()
    if list_missed:
        for key, pairs in sorted(missed.items()):
            print(f"missed {key[0]} {key[1]}->{key[2]}: {', '.join(pairs[:list_missed])}")
    return {k: (v[0], v[1]) for k, v in out.items()}


# -- precision on the eval collections --------------------------------------------------------------


def precision(eval_dir: Path, show: int = 15, across: bool = False) -> tuple[int, int, list[str], dict[str, list[int]]]:
    """(spellings found, of which confirmed by the parallel question, examples of unconfirmed,
    {kind of query word: [found, confirmed]}).

    ``across``: each language's questions over an index of the other two languages' passages
    only, so that a question word is nearly always absent from the texts (where the
    collection cannot tell a name from a word and only the dictionaries can).
    """
    from polyseek.analyzers import analyze
    from polyseek.searcher import SearchIndex
    from polyseek.searcher import cross_script as xs

    langs = ("ru", "ar", "en")
    questions: dict[str, dict[str, str]] = defaultdict(dict)
    for lang in langs:
        for line in open(eval_dir / f"xquad-{lang}" / "queries.jsonl", encoding="utf-8"):
            q = json.loads(line)
            questions[q["id"]][lang] = q["text"]
    found = confirmed = 0
    wrong: list[str] = []
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    groups = [(lang, [o for o in langs if o != lang]) for lang in langs] if across else [(None, list(langs))]
    with tempfile.TemporaryDirectory(prefix="polyseek-names-") as tmp:
        for asking, indexed in groups:
            corpus = Path(tmp) / f"{asking}.jsonl"
            with open(corpus, "w", encoding="utf-8") as out:
                for lang in indexed:
                    for line in open(eval_dir / f"xquad-{lang}" / "corpus.jsonl", encoding="utf-8"):
                        doc = json.loads(line)
                        doc["id"] = f"{lang}:{doc['id']}"
                        out.write(json.dumps(doc, ensure_ascii=False) + "\n")
            with SearchIndex.create(Path(tmp) / f"ix-{asking}") as ix:
                ix.add_path(corpus)
                s = ix._current_searcher()
                analyze_fn = ix.analyze  # the index's own analyzer
                reader = s.reader()
                for qid, by_lang in questions.items():
                    terms = {lang: {t for tok in analyze_fn(text, "query") for t in tok.terms} for lang, text in by_lang.items()}
                    for lang, text in by_lang.items():
                        if asking is not None and lang != asking:
                            continue
                        for tok in analyze_fn(text, "query"):
                            if tok.stopword or getattr(tok, "span", 1) > 1 or not tok.terms:
                                continue
                            match = xs.lookup(reader, tok.surface, tok.chain, tok.terms, analyze_fn)
                            if match is None:
                                continue
                            case = "" if tok.chain == "ar" else (", lower case" if tok.surface.islower() else ", capitalised")
                            kind = tok.chain + case
                            for spelling in match.spellings:
                                found += 1
                                kinds[kind][0] += 1
                                spelled = {t for t in analyze(spelling)[0].terms} if analyze(spelling) else set()
                                if any(spelled & terms.get(other, set()) for other in langs if other != lang):
                                    confirmed += 1
                                    kinds[kind][1] += 1
                                elif len(wrong) < show:
                                    wrong.append(f"{tok.surface} -> {spelling}")
    return found, confirmed, wrong, dict(kinds)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", type=Path, metavar="GIT_DIR", help="rewrite the table (Babel + the Wikidata pairs' git dir)")
    ap.add_argument("--list-missed", type=int, default=0, metavar="N")
    ap.add_argument("--precision", type=Path, metavar="EVAL_DIR", help="also measure precision on xquad-{ru,ar,en}")
    ap.add_argument("--across", action="store_true", help="precision: each language's questions over the other two languages' texts")
    ap.add_argument("--lowercase", action="store_true", help="type the Latin and Cyrillic names in lower case")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if args.build:
        write_table(build(args.build))
    rows = read_table()
    result = found_missed(rows, args.list_missed, args.lowercase)
    report: dict = {"pairs": {f"{g} {a}->{b}": {"found": f, "missed": m} for (g, a, b), (f, m) in sorted(result.items())}}
    if args.precision:
        found, confirmed, wrong, kinds = precision(args.precision, across=args.across)
        report["precision"] = {"spellings": found, "confirmed": confirmed, "unconfirmed examples": wrong, "by kind": kinds}
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return
    groups = Counter(row[0] for row in rows)
    print(f"{len(rows)} rows: " + ", ".join(f"{g} {n}" for g, n in sorted(groups.items())))
    print("| group | direction | pairs | found | missed | found % |")
    print("|---|---|---|---|---|---|")
    for (g, a, b), (f, m) in sorted(result.items()):
        print(f"| {g} | {a} -> {b} | {f + m} | {f} | {m} | {100 * f / (f + m):.0f} |")
    if args.precision:
        p = report["precision"]
        share = p["confirmed"] / p["spellings"] if p["spellings"] else 0
        print(f"\nprecision on xquad: {p['spellings']} spellings found across scripts, "
              f"{p['confirmed']} confirmed by the parallel question ({100 * share:.0f}%)")  # fmt: skip
        for kind, (n, ok) in sorted(p["by kind"].items()):
            print(f"  query words {kind}: {n} spellings, {ok} confirmed")
        for example in p["unconfirmed examples"]:
            print("  unconfirmed:", example)


if __name__ == "__main__":
    main()
