"""HTML pages: main content only, <title>, <html lang>, dates, and source lines that lead to the text."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from polyseek.corpus import SkippedSource, read_file
from polyseek.searcher import SearchIndex

RU_PAGE = """<!DOCTYPE html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <title>Сборная Казахстана по боксу начала сборы в Астане</title>
  <meta property="article:published_time" content="2026-03-14T09:30:00+05:00">
</head>
<body>
  <header><nav>
    <a href="/">Главная</a> <a href="/news">Новости</a> <a href="/video">Видеоархив</a>
  </nav></header>
  <main><article>
    <h1>Сборная Казахстана по боксу начала сборы</h1>
    <p>Национальная сборная Казахстана по боксу начала учебно-тренировочные сборы в Астане.
    Тренерский штаб пригласил двадцать четыре спортсмена, среди которых чемпионы Азии и
    призёры мировых первенств.</p>
    <p>Главный тренер сборной рассказал, что основная задача сборов &mdash; подготовка к
    отборочным турнирам. Особое внимание уделяется молодым спортсменам, которые впервые
    вызваны в национальную команду.</p>
    <p>Сборы продлятся три недели, после чего команда отправится на международный турнир в
    Ташкент, где боксёры проведут первые официальные поединки сезона и попробуют завоевать
    путёвки на чемпионат мира.</p>
  </article>
  <aside class="related"><h2>Читайте также</h2><ul>
    <li><a href="/n/1">Головкин поздравил боксёров с победой на чемпионате Азии</a> 13 марта, 2026</li>
    <li><a href="/n/2">Определились соперники казахстанцев на турнире в Ташкенте</a> 12 марта, 2026</li>
  </ul></aside></main>
  <footer><p>Подписывайтесь на наш канал в Telegram</p><p>© 2026 Спортивный портал. Все права защищены.</p></footer>
</body>
</html>
"""

AR_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head><meta charset="utf-8"><title>اللجنة الأولمبية تطلق برنامجا لدعم الرياضيين الشباب</title></head>
<body>
<nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/archive">الأرشيف</a></li><li><a href="/sport">رياضة</a></li></ul></nav>
<div class="article-body">
<h1>اللجنة الأولمبية تطلق برنامجا لدعم الرياضيين الشباب</h1>
<span class="date">الأحد ١٥ مارس ٢٠٢٦</span>
<p>أعلنت اللجنة الأولمبية الوطنية في كازاخستان عن إطلاق برنامج جديد لدعم الرياضيين الشباب في
جميع أنحاء البلاد، بالتعاون مع <span dir="ltr">UNESCO</span> ووزارة السياحة والرياضة. ويهدف البرنامج
إلى توفير فرص التدريب والمنح الدراسية للمواهب الصاعدة في الرياضات الأولمبية.</p>
<p>وقال رئيس اللجنة إن البرنامج سيشمل أكثر من خمسمائة رياضي من مختلف المناطق، ومن المتوقع أن
تبدأ المرحلة الأولى في شهر أبريل المقبل، على أن يتم تقييم النتائج في نهاية العام.</p>
<p>وأكد المسؤولون أن البرنامج سيولي اهتماما خاصا بالرياضات المائية والملاكمة والمصارعة، وأن
المدربين سيتلقون دورات تأهيلية بالتعاون مع الاتحادات الدولية قبل انطلاق الموسم الجديد.</p>
</div>
<footer>جميع الحقوق محفوظة © 2026 — تابعونا على تويتر</footer>
</body>
</html>
"""

EN_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Kazakhstan NOC signs cooperation agreement with UNESCO | Olympic News</title>
<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2019-03-18T10:00:00Z"}</script>
<style>p { color: black; }</style>
</head>
<body>
<div id="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<header><a href="/">Home</a> | <a href="/news">News</a> | <a href="/contact">Contact</a></header>
<article>
<h1>Kazakhstan NOC signs cooperation agreement with UNESCO</h1>
<p>The Kazakhstan NOC has signed a memorandum of cooperation with UNESCO. The document was signed by
the NOC Secretary General and the Director of the UNESCO Almaty Cluster Office during their meeting.</p>
<p>Within the framework of this memorandum, the parties intend to join forces to promote physical
education and sport. Special attention will be focused on inclusive and equal access to sports.</p>
<p>The collaboration will focus on key areas such as Sport for All, education, gender equality and
the fight against doping, with seminars for coaches and athletes planned in Almaty and Astana.</p>
</article>
<footer>Follow us on Twitter. Subscribe to our newsletter. Copyright 2019 Olympic News.</footer>
</body></html>
"""

PAGES = {"ru.html": RU_PAGE, "ar.html": AR_PAGE, "en.htm": EN_PAGE}


@pytest.fixture()
def pages(tmp_path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, html in PAGES.items():
        (folder / name).write_text(html, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "title", "lang", "date", "kept", "dropped"),
    [
        ("ru.html", "Сборная Казахстана по боксу начала сборы в Астане", "ru", "2026-03-14",
         "учебно-тренировочные сборы", ["Главная", "Видеоархив", "Головкин", "Подписывайтесь", "права защищены"]),
        ("ar.html", "اللجنة الأولمبية تطلق برنامجا لدعم الرياضيين الشباب", "ar", "2026-03-15",
         "المنح الدراسية", ["الرئيسية", "الأرشيف", "الحقوق محفوظة", "تابعونا"]),
        ("en.htm", "Kazakhstan NOC signs cooperation agreement with UNESCO | Olympic News", "en", "2019-03-18",
         "memorandum of cooperation", ["cookies", "Contact", "newsletter", "color"]),
    ],
)
def test_main_content_title_language_and_date(pages, name, title, lang, date, kept, dropped) -> None:
    (doc,) = read_file(pages / name)
    assert (doc.title, doc.lang, doc.date) == (title, lang, date)
    assert kept in doc.text
    for word in dropped:
        assert word not in doc.text
    assert {p.lang for p in doc.passages} == {lang}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_passage_lines_lead_to_the_passage_in_the_source(pages, name) -> None:
    (doc,) = read_file(pages / name)
    source_lines = PAGES[name].split("\n")
    assert len(doc.passages) >= 2
    for passage in doc.passages:
        assert passage.text == doc.text[passage.char_start : passage.char_end]  # offsets into the extracted text
        first_word = passage.text.split()[0]
        assert first_word in source_lines[passage.line - 1], (passage.line, first_word)
    assert [p.line for p in doc.passages] == sorted(p.line for p in doc.passages)


def test_lang_hint_yields_to_the_letters_of_a_mislabelled_page(tmp_path) -> None:
    page = tmp_path / "mislabelled.html"
    page.write_text(RU_PAGE.replace('lang="ru"', 'lang="en"'), encoding="utf-8")
    assert read_file(page)[0].lang == "ru"
    mixed = tmp_path / "mixed.html"  # an English page quoting a Russian paragraph keeps its hint
    mixed.write_text(EN_PAGE.replace("</article>", "<p>Олимпийский комитет подписал меморандум.</p></article>"), "utf-8")
    assert read_file(mixed)[0].lang == "en"


def test_declared_charset_empty_and_tiny_pages(tmp_path) -> None:
    cp1251 = tmp_path / "cp1251.html"
    cp1251.write_bytes(RU_PAGE.replace("utf-8", "windows-1251").encode("cp1251", errors="replace"))
    assert "учебно-тренировочные сборы" in read_file(cp1251)[0].text
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    with pytest.raises(SkippedSource, match="empty file"):
        read_file(empty)
    tiny = tmp_path / "tiny.html"
    tiny.write_text("<p>Короткая заметка о боксе.</p>", encoding="utf-8")  # a fragment
    (doc,) = read_file(tiny)
    assert [(p.text, p.line) for p in doc.passages] == [("Короткая заметка о боксе.", 1)]
    links = tmp_path / "links.html"  # only a list of links: the baseline keeps its text
    links.write_text("<html><body>\n<ul>\n<li><a href='/a'>Первая ссылка</a></li>\n</ul></body></html>", "utf-8")
    assert [(p.text, p.line) for p in read_file(links)[0].passages] == [("Первая ссылка", 3)]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polyseek", *args], capture_output=True, text=True, timeout=120)


def test_indexing_and_searching_pages_through_the_cli(pages, tmp_path) -> None:
    (pages / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")  # an image named .html
    ix = tmp_path / "ix"
    indexed = run_cli("index", str(pages), "--index", str(ix))
    assert indexed.returncode == 0  # a binary file is skipped, not a failure
    assert "3 added" in indexed.stdout and "1 skipped" in indexed.stdout
    assert "skipped" in indexed.stderr and "broken.html" in indexed.stderr
    assert "Traceback" not in indexed.stderr
    found = json.loads(run_cli("search", "сборы боксёров", "--index", str(ix), "--json").stdout)
    (hit,) = found["hits"]
    assert Path(hit["source"]).name == "ru.html" and hit["date"] == "2026-03-14"
    assert hit["url"].startswith((pages / "ru.html").as_uri() + "#:~:text=")
    passage = read_file(pages / "ru.html")[0].passages[hit["passage"]]
    assert (passage.char_start, passage.char_end) == (hit["char_start"], hit["char_end"])
    assert passage.text.split()[0] in RU_PAGE.split("\n")[hit["line"] - 1]
    rtl = json.loads(run_cli("search", "الرياضيين", "--index", str(ix), "--json").stdout)
    assert [Path(h["source"]).name for h in rtl["hits"]] == ["ar.html"]
    # Navigation and footers were never indexed: not even as furniture.
    for word in ("Видеоархив", "newsletter", "الأرشيف"):
        assert json.loads(run_cli("search", word, "--index", str(ix), "--json", "--include-boilerplate").stdout)[
            "hits"
        ] == [], word
    with SearchIndex.open(ix) as opened:
        assert opened.search("UNESCO date:2019-03").hits[0].title.startswith("Kazakhstan NOC")
