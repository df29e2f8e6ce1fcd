"""Make XQuAD collections where every document has a title of its own, in the query's language.

XQuAD (CC BY-SA 4.0) is 240 paragraphs of 48 English Wikipedia articles, translated, with
the English article name as the title of every paragraph, even in Russian. Here each
article's five paragraphs are one document (as ``arcd-articles`` does for ARCD), titled
with the article's name in the collection's language: the English name as XQuAD has it,
or the Russian Wikipedia article's name (:data:`RUSSIAN_TITLES`, written by hand for
these 48 articles). The questions and their judgements are XQuAD's: a question is
relevant to the article its paragraph belongs to.

    python benchmarks/make_xquad_articles.py PATH/eval benchmarks/collections
    python benchmarks/make_xquad_articles.py PATH/eval OUT --distractors PATH/eval/scale/corpus.jsonl --suffix=-hard

writes ``xquad-ru-articles`` and ``xquad-en-articles`` (``corpus.jsonl``, ``queries.jsonl``,
``qrels.tsv``, ``SOURCE.md``). With ``--distractors``, every document of that corpus in the
collection's language is added (the eval scale corpus is research-only: build those
outside the repository).
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

#: The Russian Wikipedia article for each of XQuAD's 48 articles (persons as Russian
#: Wikipedia names them, "Surname, Name").
RUSSIAN_TITLES = {
    "Super Bowl 50": "Супербоул 50",
    "Warsaw": "Варшава",
    "Normans": "Норманны",
    "Nikola Tesla": "Тесла, Никола",
    "Computational complexity theory": "Теория сложности вычислений",
    "Teacher": "Учитель",
    "Martin Luther": "Лютер, Мартин",
    "Southern California": "Южная Калифорния",
    "Sky (United Kingdom)": "Sky (Великобритания)",
    "Victoria (Australia)": "Виктория (штат)",
    "Huguenot": "Гугеноты",
    "Steam engine": "Паровая машина",
    "Oxygen": "Кислород",
    "1973 oil crisis": "Нефтяной кризис 1973 года",
    "Apollo program": "Аполлон (космическая программа)",
    "European Union law": "Право Европейского союза",
    "Amazon rainforest": "Амазонская сельва",
    "Ctenophora": "Гребневики",
    "Fresno, California": "Фресно",
    "Packet switching": "Коммутация пакетов",
    "Black Death": "Чёрная смерть",
    "Geology": "Геология",
    "Newcastle upon Tyne": "Ньюкасл-апон-Тайн",
    "Victoria and Albert Museum": "Музей Виктории и Альберта",
    "American Broadcasting Company": "American Broadcasting Company",
    "Genghis Khan": "Чингисхан",
    "Pharmacy": "Фармация",
    "Immune system": "Иммунная система",
    "Civil disobedience": "Гражданское неповиновение",
    "Construction": "Строительство",
    "Private school": "Частная школа",
    "Harvard University": "Гарвардский университет",
    "Jacksonville, Florida": "Джэксонвилл",
    "Economic inequality": "Экономическое неравенство",
    "Doctor Who": "Доктор Кто",
    "University of Chicago": "Чикагский университет",
    "Yuan dynasty": "Юань (династия)",
    "Kenya": "Кения",
    "Intergovernmental Panel on Climate Change": "Межправительственная группа экспертов по изменению климата",
    "Chloroplast": "Хлоропласты",
    "Prime number": "Простое число",
    "Rhine": "Рейн",
    "Scottish Parliament": "Парламент Шотландии",
    "Islamism": "Исламизм",
    "Imperialism": "Империализм",
    "United Methodist Church": "Объединённая методистская церковь",
    "French and Indian War": "Франко-индейская война",
    "Force": "Сила",
}

SOURCE = """# {name}

**What**: XQuAD's {language} questions over its 48 Wikipedia articles as whole documents,
each with a title of its own in {language} ({titles}).

**Granularity**: one document per article (its five XQuAD paragraphs, in order, separated
by a blank line): 48 documents, 48 distinct titles; a question's relevant document is the
article of the paragraph it was written on.

**Source**: XQuAD (Artetxe, Ruder & Yogatama 2019), https://github.com/google-deepmind/xquad,
`xquad.{lang}.json` (commit 7d30520c717524000f0d9d2f9c10a069acd9d285), as converted to the
eval format (one document per paragraph, `a<article>p<paragraph>`).

**Licence**: CC BY-SA 4.0 (XQuAD's text and questions; Wikipedia text); the Russian titles
are Russian Wikipedia article names. Shipped here with this attribution.

**How it was made**: `python benchmarks/make_xquad_articles.py PATH/eval benchmarks/collections`
(document `a<article>`, its paragraphs' text joined; questions and ids unchanged).
`--distractors PATH/eval/scale/corpus.jsonl --suffix=-hard` adds every document of the
scale corpus in the same language (research-only: build it outside the repository).

**Counts**: {docs} documents, {queries} queries, {qrels} relevant pairs.

These collections are for measuring, not for tuning to: no rule, list or constant in the
project may be derived from their queries.
"""


def build(eval_dir: Path, lang: str, out: Path, distractors: Path | None, suffix: str) -> Path:
    src = eval_dir / f"xquad-{lang}"
    name = f"xquad-{lang}-articles{suffix}"
    dest = out / name
    dest.mkdir(parents=True, exist_ok=True)
    articles: dict[str, dict] = {}
    for line in open(src / "corpus.jsonl", encoding="utf-8"):
        doc = json.loads(line)
        article = doc["id"].split("p")[0]
        title = doc["title"] if lang == "en" else RUSSIAN_TITLES[doc["title"]]
        entry = articles.setdefault(article, {"id": article, "lang": lang, "title": title, "text": []})
        entry["text"].append(doc["text"])
    n = 0
    with open(dest / "corpus.jsonl", "w", encoding="utf-8") as w:
        for entry in articles.values():
            w.write(json.dumps({**entry, "text": "\n\n".join(entry["text"])}, ensure_ascii=False) + "\n")
            n += 1
        if distractors is not None:
            for line in open(distractors, encoding="utf-8"):
                if json.loads(line)["lang"] == lang:
                    w.write(line)
                    n += 1
    shutil.copyfile(src / "queries.jsonl", dest / "queries.jsonl")
    qrels = [line.split("\t") for line in open(src / "qrels.tsv", encoding="utf-8") if line.strip()]
    with open(dest / "qrels.tsv", "w", encoding="utf-8") as w:
        for qid, doc_id, rel in qrels:
            w.write(f"{qid}\t{doc_id.split('p')[0]}\t{rel.strip()}\n")
    if distractors is None:
        language = {"ru": "Russian", "en": "English"}[lang]
        titles = "the Russian Wikipedia article names" if lang == "ru" else "the English Wikipedia article names"
        (dest / "SOURCE.md").write_text(
            SOURCE.format(name=name, language=language, titles=titles, lang=lang, docs=n,
                          queries=sum(1 for _ in open(dest / "queries.jsonl", encoding="utf-8")), qrels=len(qrels)),
            encoding="utf-8",
        )
    return dest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("eval_dir", type=Path, help="the folder holding xquad-ru and xquad-en")
    ap.add_argument("out", type=Path)
    ap.add_argument("--distractors", type=Path, help="a corpus.jsonl whose same-language documents are added")
    ap.add_argument("--suffix", default="")
    args = ap.parse_args()
    for lang in ("ru", "en"):
        print(build(args.eval_dir, lang, args.out, args.distractors, args.suffix))


if __name__ == "__main__":
    main()
