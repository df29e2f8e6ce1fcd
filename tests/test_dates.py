"""Publication dates: found in Russian, Arabic and English datelines, stored, filtered, shown."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from polyseek.corpus import read_file
from polyseek.corpus.dates import find_dates, normalize_date, published_date
from polyseek.searcher import SearchIndex
from polyseek.searcher.query import QuerySyntaxError, parse_query


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Опубликовано 14 марта 2026 г. в 09:30", "2026-03-14"),
        ("- 19 марта, 2026", "2026-03-19"),
        ("14.03.2026 12:00", "2026-03-14"),
        ("1 сентября 2025 года", "2025-09-01"),
        ("الأحد 15 مارس 2026", "2026-03-15"),
        ("١٥ آذار ٢٠٢٦", "2026-03-15"),
        ("نشر في 2026/03/15", "2026-03-15"),
        ("Published March 18, 2019", "2019-03-18"),
        ("18 Mar. 2019", "2019-03-18"),
        ("date 2021-02-01 Date 01 Feb 2021", "2021-02-01"),
        ("03/14/2026", "2026-03-14"),
    ],
)
def test_date_forms_in_three_languages(text: str, iso: str) -> None:
    found = find_dates(text)
    assert found and found[0].iso == iso
    assert text[found[0].start : found[0].end].strip()  # the span is how it was written


@pytest.mark.parametrize(
    "text",
    ["31.02.2026", "13 декабря в Астане", "Олимпийские игры-2020 в Токио", "10:30", "в 2019 году", "Maya 2020"],
)
def test_what_is_not_a_complete_date(text: str) -> None:
    assert find_dates(text) == []


def test_published_date_is_taken_from_the_dateline_only() -> None:
    assert published_date("Бокс в Астане\n14 марта 2026\nСборная начала сборы.") == "2026-03-14"
    body = "Заголовок\nПервый абзац без даты.\nВторой абзац.\nВ четвёртой строке 1 мая 2020 года прошёл турнир."
    assert published_date(body) is None  # an event in the body is not the publication date
    assert normalize_date("2019-03-18T10:00:00Z") == "2019-03-18" and normalize_date("2026-02-30") is None


def test_samples_dates() -> None:
    samples = Path(__file__).resolve().parent.parent / "corpus" / "samples"
    dates = {path.name: read_file(path)[0].date for path in sorted(samples.glob("*.txt"))}
    # Only the English page has a dateline; the Lausanne page's dates belong to its
    # related-headlines list (when the page was saved), not to the article.
    assert dates == {
        "ar-golovkin-qatar-solidarity.txt": None,
        "en-noc-kazakhstan-news.txt": "2021-02-01",
        "ru-judo-memorandum-japan.txt": None,
        "ru-kulibaev-bach-lausanne.txt": None,
        "ru-tokyo-2020-licences.txt": None,
    }


def test_date_query_syntax() -> None:
    assert parse_query("бокс date:2026-03").dates == (("2026-03", "2026-03"),)
    assert parse_query("date:2025-11..2026-3").dates == (("2025-11", "2026-03"),)
    assert parse_query("date:..2019").dates == (("", "2019"),)
    for bad in ("date:2026-13", "date:март", "date:.."):
        with pytest.raises(QuerySyntaxError):
            parse_query(bad)


@pytest.fixture()
def dated_index(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ru.txt").write_text("Сборная по боксу\n14 марта 2026\nСборная Казахстана по боксу начала сборы.\n", "utf-8")
    (docs / "ar.txt").write_text("منتخب الملاكمة\n١٥ مارس ٢٠٢٦\nبدأ منتخب كازاخستان للملاكمة معسكره.\n", "utf-8")
    (docs / "en.txt").write_text("Boxing team\nMarch 2, 2025\nThe boxing team of Kazakhstan began training.\n", "utf-8")
    (docs / "undated.txt").write_text("Бокс\nСборная по боксу провела тренировку.\n", "utf-8")
    (docs / "c.jsonl").write_text(
        json.dumps({"id": "j1", "text": "Boxing news from Astana.", "date": "2024-12-31T23:00:00Z"}) + "\n", "utf-8"
    )
    with SearchIndex.create(tmp_path / "ix") as ix:
        ix.add_path(docs)
    return tmp_path / "ix"


def names(results) -> list[str]:
    return sorted(Path(h.source).name if h.doc_id.startswith("/") else h.doc_id for h in results)


def test_date_filter_by_month_year_day_and_range(dated_index) -> None:
    with SearchIndex.open(dated_index) as ix:
        assert names(ix.search("бокс OR boxing OR الملاكمة date:2026-03")) == ["ar.txt", "ru.txt"]
        assert names(ix.search("бокс OR boxing OR الملاكمة date:2026-03-15")) == ["ar.txt"]
        assert names(ix.search("boxing date:2025")) == ["en.txt"]
        assert names(ix.search("boxing date:2024-12..2025-03")) == ["en.txt", "j1"]
        assert names(ix.search("бокс date:2026..")) == ["ru.txt"]
        assert names(ix.search("бокс")) == ["ru.txt", "undated.txt"]
        hit = ix.search("бокс date:2026-03").hits[0]
        assert hit.date == "2026-03-14" and hit.as_dict()["date"] == "2026-03-14"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polyseek", *args], capture_output=True, text=True, timeout=120)


def test_cli_shows_dates_and_rejects_bad_ones(dated_index) -> None:
    shown = run_cli("search", "boxing", "--index", str(dated_index))
    assert shown.returncode == 0 and "2025-03-02" in shown.stdout
    as_json = json.loads(run_cli("search", "الملاكمة", "--index", str(dated_index), "--json").stdout)
    assert [(h["date"], h["url"]) for h in as_json["hits"]] == [("2026-03-15", None)]  # url: HTML only
    bad = run_cli("search", "бокс date:2026-13", "--index", str(dated_index))
    assert bad.returncode == 2 and bad.stderr.startswith("polyseek: error: bad date") and "Traceback" not in bad.stderr
