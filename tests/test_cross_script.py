"""Cross-script names: a word typed in one script finds the same name written in another.

Runs on the bundled samples (Тимур Кулибаев / Timur Kulibayev, جينادي جولوفكين,
ЮНЕСКО / UNESCO) and on small texts written here: an Arabic one for اليونسكو, which the
samples lack, and a Russian one for Геннадий Головкин, whom the Russian sample names
only in its page furniture (kept out of search, and out of the cross-script lexicon).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from polyseek.analyzers import analyze
from polyseek.analyzers.translit import index_keys, query_keys
from conftest import SAMPLES
from polyseek.index.schema import build_schema
from polyseek.searcher import SearchIndex


def _name(hit) -> str:
    return hit.source.rsplit("/", 1)[-1]


def _marked(hit) -> list[str]:
    return [hit.snippet.text[s:e] for s, e in hit.highlights]


def _hits_by_file(results) -> dict[str, list]:
    out: dict[str, list] = {}
    for hit in results.hits:
        out.setdefault(_name(hit), []).append(hit)
    return out


# -- the keys ------------------------------------------------------------------------------

# (Latin, Cyrillic, Arabic) spellings of the same name, as real texts write them.
SAME_NAMES = [
    ("Kulibayev", "Кулибаев", "كوليباييف"),
    ("Golovkin", "Головкин", "جولوفكين"),
    ("Gennady", "Геннадий", "جينادي"),
    ("UNESCO", "ЮНЕСКО", "اليونسكو"),
    ("Kazakhstan", "Казахстан", "كازاخستان"),
    ("Astana", "Астана", "أستانا"),
    ("Bach", "Бах", "باخ"),
    ("Lausanne", "Лозанна", "لوزان"),
    ("Mikhail", "Михаил", "ميخائيل"),
    ("Yerbol", "Ербол", "يربول"),
    ("Zhakupov", "Жакупов", "جاكوبوف"),
    ("Alexander", "Александр", "ألكسندر"),
    ("Alexander", "Александр", "الكسندر"),  # without hamza: read as al + كسندر
    ("Almaty", "Алматы", "ألماتي"),
    ("Tokyo", "Токио", "طوكيو"),
    ("Abdullah", "Абдулла", "عبدالله"),
]


def _keys(word: str, mode: str) -> set[str]:
    tok = analyze(word)[0]
    fn = query_keys if mode == "query" else index_keys
    return set(fn(tok.surface, tok.chain, tok.terms))


@pytest.mark.parametrize(("latin", "cyrillic", "arabic"), SAME_NAMES)
def test_each_spelling_finds_the_other_two(latin: str, cyrillic: str, arabic: str) -> None:
    for query, others in ((latin, (cyrillic, arabic)), (cyrillic, (latin, arabic)), (arabic, (latin, cyrillic))):
        for other in others:
            assert _keys(query, "query") & _keys(other, "index"), (query, other)


# Japanese and Chinese names: Hepburn and Pinyin in Latin, Polivanov and Palladius in Russian
EAST_ASIAN = [
    ("Nakamura", "Накамура"),
    ("Watanabe", "Ватанабэ"),
    ("Hiroshi", "Хироси"),
    ("Kenji", "Кэндзи"),
    ("Suzuki", "Судзуки"),
    ("Chiba", "Тиба"),
    ("Yoshida", "Ёсида"),
    ("Jinping", "Цзиньпин"),
    ("Zhang", "Чжан"),
    ("Xiaoping", "Сяопин"),
    ("Muhammad", "Мухаммед"),
]


@pytest.mark.parametrize(("latin", "cyrillic"), EAST_ASIAN)
def test_japanese_and_chinese_names_meet_their_russian_transcription(latin: str, cyrillic: str) -> None:
    assert _keys(latin, "query") & _keys(cyrillic, "index"), (latin, cyrillic)
    assert _keys(cyrillic, "query") & _keys(latin, "index"), (cyrillic, latin)


def test_inflected_russian_name_meets_its_latin_spelling() -> None:
    assert _keys("Kulibayev", "query") & _keys("Кулибаева", "index")
    assert _keys("Кулибаеву", "query") & _keys("Kulibayev", "index")


def test_a_word_never_asks_for_its_own_script() -> None:
    assert all(k.startswith(("cf:", "as:")) for k in _keys("Golovkin", "query"))
    assert all(k.startswith(("lf:", "as:")) for k in _keys("Головкин", "query"))
    assert all(k.startswith(("ls:", "cs:")) for k in _keys("جولوفكين", "query"))


def test_ordinary_russian_words_are_no_names() -> None:
    # a common word, even capitalised at the start of a sentence, gets no key; names do
    assert _keys("Встреча", "index") == set() and _keys("спорт", "query") == set()
    assert _keys("был", "query") == set()
    assert _keys("Кулибаев", "index") and _keys("ЮНЕСКО", "index") and _keys("НОК", "index")
    # lowercase Latin words in a text are not keyed, but a query may be typed in lowercase
    assert _keys("swimmer", "index") == set() and _keys("golovkin", "query")


def test_latin_words_the_texts_have_only_in_lowercase_are_not_looked_up(sample_index_dir) -> None:
    from whoosh import index as whoosh_index

    from polyseek.searcher.cross_script import lookup

    ix = whoosh_index.open_dir(str(sample_index_dir))
    with ix.reader() as reader:
        assert lookup(reader, "swimmer", "en", ("swimmer",), analyze) is None  # only "swimmer" in the texts
        # a lowercase query is looked up; Головкин is only in the Russian sample's page furniture
        assert lookup(reader, "golovkin", "en", ("golovkin",), analyze).spellings == ("جولوفكين",)
        found = lookup(reader, "Kulibayev", "en", ("kulibayev",), analyze)
        assert set(found.spellings) == {"кулибаев", "кулибаева"} and "кулибаев" in found.terms
    ix.close()


# -- searching the samples --------------------------------------------------------------------


def test_latin_name_finds_the_russian_articles_and_highlights_the_inflected_forms(sample_index) -> None:
    results = sample_index.search("Kulibayev", limit=10, passages=True)
    by_file = _hits_by_file(results)
    assert {"ru-kulibaev-bach-lausanne.txt", "ru-tokyo-2020-licences.txt", "en-noc-kazakhstan-news.txt"} <= set(by_file)
    russian = by_file["ru-kulibaev-bach-lausanne.txt"] + by_file["ru-tokyo-2020-licences.txt"]
    marked = {w for hit in russian for w in _marked(hit)}
    assert {"Кулибаев", "Кулибаева"} <= marked, marked
    for hit in russian:
        # some passages match through their document's title "Тимур Кулибаев и ..." only
        assert set(_marked(hit)) <= {"Кулибаев", "Кулибаева"}
        found = hit.cross_script.get("Kulibayev", [])
        assert found and set(found) <= {"Кулибаев", "Кулибаева"}, hit.cross_script
    english = by_file["en-noc-kazakhstan-news.txt"][0]
    assert _marked(english) == ["Kulibayev"] and english.cross_script == {}
    # the word as written ranks above its transliteration
    assert _name(results.hits[0]) == "en-noc-kazakhstan-news.txt"


def test_golovkin_finds_cyrillic_and_arabic(written_index) -> None:
    results = written_index.search("Gennady Golovkin", limit=10)
    by_file = _hits_by_file(results)
    # not ru-kulibaev-bach-lausanne.txt: it names him only in a related headline (page furniture)
    assert set(by_file) == {"golovkin-astana.txt", "ar-golovkin-qatar-solidarity.txt"}
    russian = by_file["golovkin-astana.txt"][0]
    assert set(_marked(russian)) == {"Геннадий", "Головкин"}
    assert russian.cross_script == {"Gennady": ["Геннадий"], "Golovkin": ["Головкин"]}
    arabic = by_file["ar-golovkin-qatar-solidarity.txt"][0]
    assert set(_marked(arabic)) == {"جينادي", "جولوفكين"}
    assert arabic.cross_script == {"Gennady": ["جينادي"], "Golovkin": ["جولوفكين"]}


def test_cyrillic_name_finds_the_english_article(sample_index) -> None:
    results = sample_index.search("Кулибаев", limit=10)
    english = [h for h in results.hits if h.lang == "en"]
    assert len(english) == 1 and _name(english[0]) == "en-noc-kazakhstan-news.txt"
    assert _marked(english[0]) == ["Kulibayev"]
    assert english[0].cross_script == {"Кулибаев": ["Kulibayev"]}
    # Russian articles, which have the word as written, come first
    assert results.hits[0].lang == "ru"


@pytest.mark.parametrize(("query", "lang", "written"), [("UNESCO", "ru", "ЮНЕСКО"), ("ЮНЕСКО", "en", "UNESCO")])
def test_unesco_both_ways(sample_index, query: str, lang: str, written: str) -> None:
    hits = [h for h in sample_index.search(query, limit=10, passages=True).hits if h.lang == lang]
    assert hits
    assert all(written in _marked(h) for h in hits)
    assert all(h.cross_script == {query: [written]} for h in hits)


def test_arabic_name_finds_the_russian_spelling(written_index) -> None:
    results = written_index.search("جولوفكين", limit=10)
    russian = [h for h in results.hits if h.lang == "ru"]
    assert [_name(h) for h in russian] == ["golovkin-astana.txt"]
    assert set(_marked(russian[0])) == {"Головкин"}
    assert results.hits[0].lang == "ar"


def test_exact_script_turns_it_off(sample_index) -> None:
    results = sample_index.search("Kulibayev", limit=10, passages=True, cross_script=False)
    assert {h.lang for h in results.hits} == {"en"}
    assert all(h.cross_script == {} for h in results.hits)
    assert sample_index.search("Kulibayev", cross_script=False).total == 1
    assert [d for d, _ in sample_index.rank_documents("UNESCO", cross_script=False)] == [
        d for d, _ in sample_index.rank_documents("UNESCO", cross_script=True)
    ][:1]


def test_ordinary_words_stay_in_their_script(sample_index) -> None:
    # "sport" is in every sample; across scripts it must not meet Спорт or رياضة
    assert {h.lang for h in sample_index.search("sport", limit=30, passages=True).hits} == {"en"}
    assert {h.lang for h in sample_index.search("спорт", limit=30, passages=True).hits} == {"ru"}
    assert {h.lang for h in sample_index.search("الرياضة", limit=30, passages=True).hits} == {"ar"}


def test_phrases_exclusions_and_title_clauses_stay_exact(sample_index) -> None:
    assert sample_index.search('"Timur Kulibayev"', limit=10).total == 1
    assert sample_index.search("title:Kulibayev", limit=10).total == 0
    # excluding the Latin spelling keeps the Russian articles
    results = sample_index.search("Кулибаев -Kulibayev", limit=10)
    assert {h.lang for h in results.hits} == {"ru"} and results.total == 2


# -- texts written here: اليونسكو, Геннадий Головкин -------------------------------------------

ARABIC_UNESCO = (
    "وقعت اللجنة الأولمبية الوطنية في كازاخستان مذكرة تفاهم مع مكتب اليونسكو في ألماتي "
    "لتعزيز التربية البدنية والرياضة للجميع، وتشمل المذكرة برامج للمساواة بين الجنسين ومكافحة المنشطات."
)

RUSSIAN_GOLOVKIN = (
    "Президент Национального олимпийского комитета Казахстана Геннадий Головкин встретился в Астане "
    "с призёрами Паралимпиады-2026. Головкин поблагодарил спортсменов и тренеров за выступление в Италии."
)


@pytest.fixture(scope="module")
def written_index(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("written")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "almaty-memorandum.txt").write_text(ARABIC_UNESCO, encoding="utf-8")
    (tmp_path / "docs" / "golovkin-astana.txt").write_text(RUSSIAN_GOLOVKIN, encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(SAMPLES, tmp_path / "docs")
        yield ix


@pytest.mark.parametrize("query", ["UNESCO", "ЮНЕСКО", "unesco"])
def test_unesco_finds_the_arabic_article_with_its_article_prefix(written_index, query: str) -> None:
    hits = [h for h in written_index.search(query, limit=10).hits if _name(h) == "almaty-memorandum.txt"]
    assert len(hits) == 1
    assert _marked(hits[0]) == ["اليونسكو"]
    assert hits[0].cross_script == {query: ["اليونسكو"]}


def test_arabic_unesco_finds_latin_and_cyrillic(written_index) -> None:
    langs = {h.lang for h in written_index.search("اليونسكو", limit=10).hits}
    assert langs == {"ar", "en", "ru"}


# -- files that change or go: their names leave the lexicons ---------------------------------------


def test_names_of_a_changed_or_deleted_file_no_longer_match_or_get_suggested(tmp_path) -> None:
    from polyseek.searcher.cross_script import lookup

    docs = tmp_path / "docs"
    docs.mkdir()
    story = docs / "golovkin-astana.txt"
    # the name is in the second paragraph (passage), the side fields are on the file's first;
    # the first has a misspelling, "Астанне"
    story.write_text("Итоги Паралимпиады-2026 подвели в Астанне.\n\n" + RUSSIAN_GOLOVKIN + "\n", encoding="utf-8")
    records = docs / "records.jsonl"
    records.write_text(
        json.dumps({"id": "r1", "text": "Сборная Казахстана вернулась из Италии."}, ensure_ascii=False) + "\n"
        + json.dumps({"id": "r2", "text": "Тимур Кулибаев встретился с Томасом Бахом."}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    # enough other passages that the segments keep the deleted ones (not merged away)
    camp = [{"id": f"c{i}", "text": f"Сборная провела {i}-й день сбора в Астане."} for i in range(60)]
    (docs / "camp.jsonl").write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in camp), encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(docs)  # one segment: the replaced and deleted passages stay in it, masked
        assert [h.cross_script for h in ix.search("Golovkin").hits] == [{"Golovkin": ["Головкин"]}]
        assert [h.doc_id for h in ix.search("Kulibayev").hits] == ["r2"]
        assert ix.search("Головкн").suggestion == "Головкин"

        story.write_text("Итоги Паралимпиады-2026 подвели в Астане.\n\nСпортсменов поблагодарили.\n", encoding="utf-8")
        records.unlink()
        stats = ix.reindex(commit_every=1)
        assert (stats.updated, stats.deleted) == (1, 1) and ix.info().deleted > 0
        for query in ("Golovkin", "Kulibayev", "جولوفكين", "Головкин"):
            assert ix.search(query).total == 0, query
        assert ix.search("Головкн").suggestion is None
        # the misspelling went with the old text: it finds nothing now, and is corrected
        assert ix.search("Астанне").suggestion == "Астане"
        with ix._pix.searcher() as s:
            assert lookup(s.reader(), "Golovkin", "en", ("golovkin",), analyze) is None


# -- an index made before the side fields existed ----------------------------------------------


def test_an_index_without_the_side_fields_still_searches(tmp_path) -> None:
    from whoosh import index as whoosh_index

    from polyseek.corpus import read_file
    from polyseek.index import PolyseekIndexError

    schema = build_schema()
    schema.remove("translit")
    schema.remove("words")
    (tmp_path / "ix").mkdir()
    old = whoosh_index.create_in(str(tmp_path / "ix"), schema)
    with old.writer() as w:  # the passages as a polyseek without the side fields wrote them
        for path in sorted(SAMPLES.iterdir()):
            for doc in read_file(path):
                for p in doc.passages:
                    w.add_document(
                        kind="passage", pid=f"{doc.id}#{p.number}", doc_id=doc.id, source=doc.source,
                        title=doc.title, text=p.text, lang=p.lang, passage=p.number, boilerplate=p.boilerplate,
                    )  # fmt: skip
    old.close()
    with SearchIndex.open(tmp_path / "ix") as ix:
        results = ix.search("Kulibayev")
        assert {h.lang for h in results.hits} == {"en"}
        assert results.suggestion is None and ix.search("swimer").suggestion is None
        with pytest.raises(PolyseekIndexError, match="made by an older polyseek; rebuild it"):
            ix.add_path(SAMPLES)


# -- the command line ----------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polyseek", *args], capture_output=True, text=True, timeout=120)


def test_cli_json_says_which_words_matched_across_scripts(sample_index_dir) -> None:
    out = _cli("search", "Kulibayev", "--index", str(sample_index_dir), "--json", "--passages")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)["hits"]
    russian = [h for h in hits if h["lang"] == "ru"]
    assert russian and all(h["cross_script"]["Kulibayev"] for h in russian)
    for h in russian:
        assert {h["snippet"][s:e] for s, e in h["highlights"]} <= {"Кулибаев", "Кулибаева"}
    assert all(h["cross_script"] == {} for h in hits if h["lang"] == "en")
    exact = _cli("search", "Kulibayev", "--index", str(sample_index_dir), "--json", "--exact-script")
    assert {h["lang"] for h in json.loads(exact.stdout)["hits"]} == {"en"}


def test_cli_text_output_names_the_cross_script_match(sample_index_dir) -> None:
    out = _cli("search", "Golovkin", "--index", str(sample_index_dir))
    assert out.returncode == 0, out.stderr
    assert "across scripts: Golovkin = جولوفكين" in out.stdout
    out = _cli("search", "Kulibayev", "--index", str(sample_index_dir))
    assert "across scripts: Kulibayev = Кулибаев" in out.stdout


def test_a_spelling_with_a_function_word_reading_is_not_searched_by_it(tmp_path) -> None:
    """``غيره`` ("other than it") keys like *Гора*; the light stemmer also reads it as ``غير``
    ("not", in most Arabic passages) + ``ه``. The cross-script match searches its other
    reading only: the passage that merely has ``غير`` is not a hit."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ar-both.txt").write_text(
        "وقال الوزير إن القرار غير نهائي، وإن الحكومة ستدرس غيره من الخيارات قبل نهاية الشهر.\n", encoding="utf-8"
    )
    (docs / "ar-not.txt").write_text("انتهت المباراة بنتيجة غير متوقعة في الملعب الرئيسي للمدينة.\n", encoding="utf-8")
    (docs / "ru.txt").write_text("Гора Эльбрус — высочайшая вершина России и Европы.\n", encoding="utf-8")
    assert ("غير", "غيره") == analyze("غيره", "query")[0].terms  # the two readings
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(docs)
        found = {_name(hit) for hit in ix.search("Гора").hits}
    assert "ru.txt" in found and "ar-not.txt" not in found


# Arabic sentences of an ordinary word whose stem is تعا ("cooperation": التعاون, بالتعاون,
# للتعاون, وتعاون), one with بتعاون ("with the cooperation of"), whose letters are Putin's.
COOPERATION = [
    "وقعت الوزارة مذكرة للتعاون مع الجامعة في مجال البحث العلمي.",
    "أكد الوزير أهمية التعاون بين البلدين في مكافحة الإرهاب.",
    "نظمت الغرفة التجارية الملتقى بالتعاون مع هيئة الاستثمار.",
    "دعا المجلس إلى تعزيز التعاون الاقتصادي بين دول الخليج.",
    "أطلقت البلدية الحملة بالتعاون مع جمعيات الأحياء.",
    "بحث الجانبان سبل التعاون في مجالات الطاقة والمياه.",
    "وتعاون الفريقان على إنجاز المشروع قبل موعده.",
    "افتتح المحافظ المعرض الذي أقيم بالتعاون مع وزارة الثقافة.",
    "تم توقيع اتفاقية للتعاون الفني بين المعهدين.",
    "شدد البيان على ضرورة التعاون الدولي لمواجهة الأزمة.",
    "عقدت الندوة بالتعاون مع مركز الدراسات الاستراتيجية.",
    "ناقش الاجتماع آفاق التعاون بين القطاعين العام والخاص.",
    "أعلنت الشركة عن برنامج تدريبي بالتعاون مع الكلية التقنية.",
    "وقع البلدان اتفاقا للتعاون في مجال النقل البحري.",
    "أشاد السفير بمستوى التعاون القائم بين البلدين.",
    "نفذت الجمعية المبادرة بالتعاون مع المدارس الحكومية.",
    "تناول اللقاء التعاون في مجال الأمن الغذائي.",
    "وتعاون الأهالي مع فرق الإنقاذ لإخلاء المنازل.",
    "جاء المؤتمر بالتعاون مع منظمة الصحة العالمية.",
    "اتفق الطرفان على توسيع التعاون في قطاع السياحة.",
    "أقيمت الدورة للتعاون مع الاتحاد الرياضي.",
    "تواصل الجامعة التعاون مع المستشفيات في التدريب الميداني.",
]


def test_a_stem_far_more_common_than_the_arabic_spelling_is_not_searched(tmp_path) -> None:
    """*Putin*'s letters find ``بتعاون`` ("with the cooperation of"), whose stem ``تعا`` is
    the stem of ``التعاون`` in every sentence here: that stem is not searched, so a query
    for *Putin* finds the passage that names him and none of the sentences on cooperation
    (it used to rank all of them)."""
    from conftest import index_of_sentences

    rows = [(f"coop{n}", "ar", text) for n, text in enumerate(COOPERATION)]
    rows += [
        ("with", "ar", "افتتح المعرض بتعاون الغرفة التجارية والبلدية."),
        ("putin", "ar", "وصل الرئيس الروسي فلاديمير بوتين إلى العاصمة في زيارة رسمية."),
    ]
    assert "تعا" in analyze("بتعاون", "query")[0].terms and "تعا" in analyze("بالتعاون", "query")[0].terms
    with index_of_sentences(tmp_path / "ix", rows) as ix:
        found = {hit.doc_id for hit in ix.search("Putin", limit=50).hits}
    assert "putin" in found
    assert not {f"coop{n}" for n in range(len(COOPERATION))} & found


def test_capitals_at_line_starts_and_in_headlines_do_not_make_a_name(tmp_path) -> None:
    """A poem capitalises *Гора* at the start of its lines and a news agency *BUYS* in its
    headlines: those capitals tell nothing (analyzers.capitals), so the words are judged on
    the rest of the texts, where they are written in lower case, and are not looked up in
    Arabic (``غارة`` "raid" and ``باص`` "bus" have their letters)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ru-poem.txt").write_text(
        "Гора молчит над тёмною долиной,\nГора хранит полночную звезду,\n"
        "Гора встаёт над медленной равниной,\nГора зовёт, и я к тебе иду.\n\n"
        "Мы долго шли, и гора всё не кончалась; за ней вставала новая гора, а там опять гора.\n",
        encoding="utf-8",
    )
    (docs / "en-wire.txt").write_text(
        "TAIWAN BUYS U.S. WHEAT\nTaiwan's flour mills said the board buys most of its wheat in the "
        "spring and buys corn in the autumn.\n\nJAPAN BUYS SOYBEANS\nThe ministry said it buys "
        "soybeans every quarter, and a trading house buys the rest.\n",
        encoding="utf-8",
    )
    (docs / "ar-raid.txt").write_text("أسفرت غارة جوية على المدينة عن تدمير عدد من المباني.\n", encoding="utf-8")
    (docs / "ar-bus.txt").write_text("انقلب باص يقل عمالا على الطريق السريع صباح اليوم.\n", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(docs)
        mountain = {_name(hit) for hit in ix.search("Гора").hits}
        buys = {_name(hit) for hit in ix.search("BUYS").hits}
    assert "ru-poem.txt" in mountain and "ar-raid.txt" not in mountain
    assert "en-wire.txt" in buys and "ar-bus.txt" not in buys


def test_a_name_that_ends_in_a_vowel_needs_it_written_in_arabic(tmp_path) -> None:
    """*Gorky* and *Горький* have the consonants of ``غرق`` ("drowned"), *Tesla* those of
    ``توصل`` ("reached") and *Africa* those of ``الفريق`` ("the team"); a transcription writes
    the name's final vowel (``غوركي``, ``تسلا``, ``أفريقيا``), so only the passages naming
    them are found.  A silent *e* (*Cambridge*), a place's *-ia* (*Tunisia*, ``تونس``) and a
    Russian *-а* (*Прага*, ``براغ``) may be left out by a spelling with a long vowel."""
    from conftest import index_of_sentences

    rows = [
        ("drowned", "ar", "غرق القارب قرب الساحل وأنقذت فرق الدفاع المدني جميع الركاب."),
        ("gorky", "ar", "تحول منزل الكاتب مكسيم غوركي في موسكو إلى متحف يزوره آلاف السياح."),
        ("reached", "ar", "توصل الطرفان إلى اتفاق بعد مفاوضات استمرت أسبوعين."),
        ("tesla", "ar", "أعلنت شركة تسلا عن افتتاح مصنع جديد للسيارات الكهربائية."),
        ("team", "ar", "فاز الفريق بالمباراة النهائية أمام منافسه العنيد."),
        ("africa", "ar", "تعاني دول أفريقيا من موجة جفاف شديدة هذا الصيف."),
        ("cambridge", "ar", "تخرج الباحث في جامعة كامبريدج قبل أن يعود إلى بلاده."),
        ("tunis", "ar", "استضافت تونس المؤتمر الإقليمي للطاقة المتجددة هذا العام."),
        ("prague", "ar", "عقد اجتماع وزراء الخارجية في براغ بمشاركة عشرين دولة."),
    ]
    queries = ("Gorky", "Горький", "Tesla", "Africa", "Cambridge", "Tunisia", "Прага")
    with index_of_sentences(tmp_path / "ix", rows) as ix:
        found = {query: {hit.doc_id for hit in ix.search(query, limit=10).hits} for query in queries}
    assert found == {
        "Gorky": {"gorky"},
        "Горький": {"gorky"},
        "Tesla": {"tesla"},
        "Africa": {"africa"},
        "Cambridge": {"cambridge"},
        "Tunisia": {"tunis"},
        "Прага": {"prague"},
    }


def test_arabic_function_words_terms_are_one_value_of_the_word_cache(sample_index_dir, monkeypatch) -> None:
    # a search process's first name lookup needs the terms of the ~450 Arabic function words:
    # the index's writer keeps them as one value of its word cache (one shard read, not one
    # per word), the same terms as analysing each word gives
    from polyseek.analyzers import chains
    from polyseek.analyzers.stopwords import stopword_set
    from polyseek.index import wordcache
    from polyseek.searcher import cross_script

    reads: list[int] = []
    original = wordcache._Snapshot.read
    monkeypatch.setattr(wordcache._Snapshot, "read", lambda self, n: reads.append(n) or original(self, n))
    with SearchIndex.open(sample_index_dir) as ix:
        analyze = ix._context("Kulibayev").analyze
        store = ix._pix.word_cache()  # attached for the index's settings (again: other tests' indexes share them)
        assert chains.store_for(analyze.__self__.settings) is store and store.get(chains.REMEMBERED, "ar") is True
        cross_script._function_stems.cache_clear()
        chains.clear_caches()
        reads.clear()
        kept = cross_script._function_stems(analyze)
        assert len(reads) <= 1
        analysed = frozenset(t for w in stopword_set("ar", "iso") for tok in analyze(w, "query") for t in tok.terms)
        assert kept == analysed and len(kept) > 100
        assert len(reads) > 100  # analysed through the word cache: a shard read for most words
    cross_script._function_stems.cache_clear()
