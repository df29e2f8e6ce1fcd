"""Web page furniture: recognised by structure, kept in the index, kept out of search by default."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from polyseek.corpus import read_file, split_passages
from polyseek.corpus.boilerplate import furniture_runs, line_features
from polyseek.searcher import SearchIndex

SAMPLES = Path(__file__).resolve().parent.parent / "corpus" / "samples"

RU_ARTICLE = (
    "Национальная сборная Казахстана по боксу начала учебно-тренировочные сборы в Астане. "
    "Тренерский штаб пригласил двадцать четыре спортсмена, среди которых чемпионы Азии и призёры "
    "мировых первенств. Сборы продлятся три недели."
)
AR_ARTICLE = (
    "أعلنت اللجنة الأولمبية الوطنية في كازاخستان عن إطلاق برنامج جديد لدعم الرياضيين الشباب "
    "في جميع أنحاء البلاد. ويهدف البرنامج إلى توفير فرص التدريب والمنح الدراسية للمواهب الصاعدة."
)
EN_ARTICLE = (
    "The Kazakhstan NOC has signed a memorandum of cooperation with UNESCO. The document was signed "
    "by the NOC Secretary General and the Director of the UNESCO Almaty Cluster Office in Almaty."
)

# Furniture written for these tests, one of each kind the rule looks for.
RU_FURNITURE = """Подпишитесь на наш канал в Telegram
Главные новости
Боксёр Жанибек Алимханулы готовится к бою в Лас-Вегасе - 12 апреля, 2025
- 18:05Бокс
Сборная по дзюдо завоевала три медали на турнире в Ташкенте - 11 апреля, 2025
- 09:12Дзюдо"""
AR_FURNITURE = """اقرأ أيضا
منتخب كازاخستان للملاكمة يبدأ معسكره في أستانا - 12 أبريل 2025
جولوفكين يلتقي رئيس رابطة اللجان الأولمبية الوطنية - 11 أبريل 2025
منتدى الرياضيين القاريين يختتم أعماله في أستانا - 10 أبريل 2025"""
EN_FURNITURE = """Boxing
Zhanibek Alimkhanuly prepares for his title fight in Las Vegas
Judo
Kazakh judoka win three medals at the Tashkent Grand Prix
Swimming
Open-water swimmer crosses Lake Issyk-Kul in thirteen hours"""


def marked(text: str) -> list[str]:
    """The text of every passage marked as furniture."""
    return [p.text for p in split_passages(text) if p.boilerplate]


@pytest.mark.parametrize(
    ("article", "furniture"),
    [(RU_ARTICLE, RU_FURNITURE), (AR_ARTICLE, AR_FURNITURE), (EN_ARTICLE, EN_FURNITURE)],
    ids=["ru-stamps-and-categories", "ar-read-also-with-dates", "en-category-labels"],
)
def test_furniture_after_an_article_is_its_own_marked_passage(article: str, furniture: str) -> None:
    text = f"{article}\n{article}\n{furniture}\n"
    passages = split_passages(text)
    flags = [p.boilerplate for p in passages]
    first = flags.index(True)
    assert not any(flags[:first]) and all(flags[first:])
    assert text[: passages[first - 1].char_end] == f"{article}\n{article}"
    assert text[passages[first].char_start : passages[-1].char_end] == furniture
    assert passages[first].line == 3


def test_a_read_also_line_inside_an_article_is_marked_alone() -> None:
    text = f"{RU_ARTICLE}\nЧитайте также: Головкин поздравил боксёров с победой\n{RU_ARTICLE}"
    passages = split_passages(text)
    assert [p.boilerplate for p in passages] == [False, True, False]
    assert passages[1].text.startswith("Читайте также")


def test_the_bundled_samples_lose_exactly_their_furniture() -> None:
    expected_first_lines = {
        "ru-kulibaev-bach-lausanne.txt": (13, "Подписывайтесь на главные новости"),
        "ru-tokyo-2020-licences.txt": (12, "АЭС"),
        "ru-judo-memorandum-japan.txt": (12, "Читайте Metaratings, чтобы быть в курсе"),
    }
    for path in sorted(SAMPLES.glob("*.txt")):
        (doc,) = read_file(path)
        flags = [p.boilerplate for p in doc.passages]
        if path.name not in expected_first_lines:
            assert not any(flags), path.name
            continue
        first = flags.index(True)
        assert all(flags[first:]) and not any(flags[:first]), path.name  # one block at the end
        line, start = expected_first_lines[path.name]
        assert (doc.passages[first].line, doc.passages[first].text[: len(start)]) == (line, start)
        # The article's last paragraph is not swallowed by the furniture after it.
        assert doc.passages[first - 1].text.rstrip().endswith((".", "»"))


@pytest.mark.parametrize(
    "text",
    [
        # A poem: short lines, verse punctuation, no article line.
        "Мой дядя самых честных правил,\nКогда не в шутку занемог,\nОн уважать себя заставил\nИ лучше выдумать не мог.",
        # An article ending with a list it introduces.
        f"{RU_ARTICLE}\nВ состав сборной вошли:\nБекзад Нурдаулетов\nСофья Османова\nАбылайхан Жусупов",
        # A results table after an article.
        f"{EN_ARTICLE}\nShr 1.04 dlrs vs 78 cts\nNet 109.2 mln vs 83.9 mln\nRevs 561.3 mln vs 460.5 mln\nNine mths",
        # A numbered list after an article.
        f"{AR_ARTICLE}\n1. تطبيق فيسبوك\n2. تطبيق يوتيوب\n3. تطبيق إنستغرام",
        # Photo captions repeating a word, after an article.
        f"{AR_ARTICLE}\nالملك خلال الاستقبال\nالحضور في الاستقبال\nمسؤولون ووزراء في الاستقبال\nجانب من الحفل",
        # A Markdown section with a bullet list.
        f"# Notes\n\n{EN_ARTICLE}\n\n## Links\n\n- Project page\n- Issue tracker\n- Mailing list",
        # Hard-wrapped prose: no line is long enough to be an article line.
        "Зима 1911 года была исполнена глубокого внутреннего мужественного\nнапряжения и трепета. Я помню "
        "ночные разговоры, из которых впервые\nвырастало сознание нераздельности искусства, жизни и\nполитики",
    ],
    ids=["poem", "introduced-list", "table", "numbered", "captions", "markdown", "hard-wrapped"],
)
def test_article_text_and_authored_lists_are_never_marked(text: str) -> None:
    assert marked(text) == []


def test_line_features_see_run_together_stamps_and_categories() -> None:
    f = line_features("- 23:46ОлимпиадаКазахстан поставил ряд рекордов на Паралимпиаде-2026")
    assert f.stamp and f.glued and not f.punctuated and not f.cue
    assert line_features("- 20 марта, 2026").stamp
    assert line_features("Подписывайтесь на главные новости").cue
    assert not line_features("-- Подпишись, говорит, -- продолжал мужик свое суждение о речи барина.").cue


def test_runs_are_found_in_linear_time_on_a_long_list() -> None:
    article = f"{RU_ARTICLE}\n" * 50
    sports = ["боксе", "дзюдо", "плавании", "борьбе", "хоккее"]
    listing = "".join(f"Новость о {sports[i % 5]} - 12 апреля, 2025\n- 18:05Бокс\n" for i in range(5000))
    text = article + listing
    units = [(m.start(), m.end(), 0) for m in __import__("re").finditer(r"\S[^\n]*\S|\S", text)]
    assert furniture_runs(text, units) == [(50, len(units))]


def test_furniture_only_words_find_nothing_unless_included(sample_index) -> None:
    # "Шайдоров" occurs only in the related-headlines list of the Lausanne article.
    lausanne = (SAMPLES / "ru-kulibaev-bach-lausanne.txt").read_text(encoding="utf-8")
    assert "Шайдоров" in lausanne.split("Подписывайтесь")[1] and "Шайдоров" not in lausanne.split("Подписывайтесь")[0]
    assert sample_index.search("Шайдоров").hits == []
    hits = sample_index.search("Шайдоров", include_boilerplate=True).hits
    assert [(Path(h.source).name, h.boilerplate) for h in hits] == [("ru-kulibaev-bach-lausanne.txt", True)]
    assert "Шайдоров" in hits[0].snippet.mark()
    assert sample_index.rank_documents("Шайдоров") == []
    assert len(sample_index.rank_documents("Шайдоров", include_boilerplate=True)) == 1


def test_article_hits_never_show_a_furniture_snippet(sample_index) -> None:
    # "Олимпиада" is all over the Lausanne furniture, but the article also speaks of it.
    for hit in sample_index.search("Олимпиада Казахстан", passages=True, limit=50):
        assert not hit.boilerplate
        assert "00:38" not in hit.snippet.text and "Подписывайтесь" not in hit.snippet.text


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polyseek", *args], capture_output=True, text=True, timeout=120)


def test_cli_include_boilerplate_flag_and_json_field(sample_index_dir) -> None:
    plain = run_cli("search", "Шайдоров", "--index", str(sample_index_dir), "--json")
    assert plain.returncode == 0 and json.loads(plain.stdout)["hits"] == []
    included = run_cli("search", "Шайдоров", "--index", str(sample_index_dir), "--json", "--include-boilerplate")
    (hit,) = json.loads(included.stdout)["hits"]
    assert hit["boilerplate"] is True and hit["line"] == 13 and hit["match_line"] == 16
    text = run_cli("search", "Шайдоров", "--index", str(sample_index_dir), "--include-boilerplate")
    assert "ru-kulibaev-bach-lausanne.txt:16" in text.stdout and "page furniture" in text.stdout


def test_furniture_stays_in_the_index(tmp_path) -> None:
    source = tmp_path / "news.txt"
    source.write_text(f"{RU_ARTICLE}\n{RU_ARTICLE}\n{RU_FURNITURE}\n", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        assert ix.add_path(source).passages == 3  # the article, the furniture in two passages
        assert ix.search("Алимханулы").hits == []
        (hit,) = ix.search("Алимханулы", include_boilerplate=True).hits
        assert hit.boilerplate and hit.line == 3
        assert ix.search("сборы Астане").hits[0].boilerplate is False


def test_furniture_read_once_per_index_state_and_again_after_a_change(tmp_path) -> None:
    from polyseek.searcher.ranking import furniture

    source = tmp_path / "docs" / "news.txt"
    source.parent.mkdir()
    source.write_text(f"{RU_ARTICLE}\n", encoding="utf-8")
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(source.parent)
        first = furniture(ix._current_searcher())
        assert first == set() and ix.search("Алимханулы").total == 0
        assert furniture(ix._current_searcher()) is first  # the same index state: not read again
        # the same open index, after the file gained furniture: its passages are masked
        source.write_text(f"{RU_ARTICLE}\n{RU_FURNITURE}\n", encoding="utf-8")
        assert ix.reindex().updated == 1
        assert ix.search("Алимханулы").total == 0
        assert ix.search("Алимханулы", include_boilerplate=True).total == 1
        assert len(furniture(ix._current_searcher())) == 1  # the furniture passage, read anew
