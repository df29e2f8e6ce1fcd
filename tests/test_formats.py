"""Documents people keep (issue 14): PDF, DOCX, ODT, EPUB, e-mail and RTF, read from real
files into a real index, found by a word, highlighted exactly, referenced to their page,
chapter or message.

The PDFs are committed (tests/data/formats, made by make_pdfs.py there from the sample
corpus); every other document is written here with the format's own library or, for EPUB,
e-mail and RTF, by hand in the format's plain syntax.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyseek.corpus.formats.bounded import LimitExceeded, run_bounded
from polyseek.corpus.formats.registry import extract_here
from polyseek.corpus.readers import documents_of
from polyseek.searcher import SearchIndex
from polyseek.searcher.cli import main

DATA = Path(__file__).resolve().parent / "data" / "formats"
SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"


def _index(folder: Path, tmp_path: Path):
    ix = SearchIndex.create(tmp_path / "ix")
    stats = ix.add_path(folder)
    return ix, stats


def _found(ix: SearchIndex, query: str, word: str):
    """The first hit for ``query`` whose snippet has ``word`` highlighted exactly."""
    results = ix.search(query, limit=10, passages=True, suggest=False)
    for hit in results:
        marked = [hit.snippet.text[a:b] for a, b in hit.snippet.ranges]
        if any(m.lower() == word.lower() for m in marked):
            return hit
    raise AssertionError(f"{word!r} not highlighted for {query!r}: {[h.ref for h in results]}")


def test_pdf_pages_paragraphs_and_furniture(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DATA / "report-ru-en.pdf", folder)
    ix, stats = _index(folder, tmp_path)
    with ix:
        assert (stats.added, stats.failed, stats.skipped) == (1, 0, 0)
        # a word hyphenated across a line end on page 2 is one word again
        hit = _found(ix, "консультационную", "консультационную")
        assert hit.page == 2 and hit.ref.endswith("report-ru-en.pdf#page=2:1")
        assert hit.title == "Отчёт НОК Казахстана"  # the PDF's own title
        # the English article is on page 3; offsets slice the page's extracted text
        hit = _found(ix, "Kazakhstan", "Kazakhstan")
        assert hit.page == 3 and hit.as_dict()["page"] == 3
        # running headers and page footers are not text of the document
        assert ix.search("Страница", suggest=False).total == 0


@pytest.mark.parametrize("name", ["arabic-visual.pdf", "arabic-logical.pdf"])
def test_arabic_pdf_in_either_order_reads_in_logical_order(tmp_path, name):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DATA / name, folder)
    ix, stats = _index(folder, tmp_path)
    with ix:
        assert stats.added == 1
        hit = _found(ix, "الرياضات", "الرياضات")
        assert hit.lang == "ar" and hit.page == 1
        # the words stand in reading order: the sample's sentence is found as a phrase
        assert ix.search('"المدير العام لاتحاد الرياضات المائية"', suggest=False).total == 1
        assert "كازاخستان" in hit.snippet.text


def test_scanned_encrypted_and_broken_pdfs_are_reported_and_the_rest_indexed(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("scanned.pdf", "encrypted.pdf", "report-ru-en.pdf"):
        shutil.copy(DATA / name, folder)
    (folder / "broken.pdf").write_bytes((DATA / "report-ru-en.pdf").read_bytes()[:900])
    result = CliRunner().invoke(main, ["index", str(folder), "--index", str(tmp_path / "ix")])
    assert result.exit_code == 1  # broken.pdf failed
    lines = result.stderr.splitlines() if hasattr(result, "stderr") else result.output.splitlines()
    text = "\n".join(lines)
    assert "scanned.pdf: scanned PDF: no text layer" in text
    assert "encrypted.pdf: encrypted PDF" in text
    assert "broken.pdf: cannot read this PDF" in text
    assert "Traceback" not in result.output
    with SearchIndex.open(tmp_path / "ix") as ix:
        assert ix.search("консультационную", suggest=False).total == 1
        assert ix.search("zqsecretq", suggest=False).total == 0


def _docx(path: Path) -> None:
    import datetime

    import docx

    document = docx.Document()
    document.core_properties.title = "Меморандум о сотрудничестве в дзюдо"
    document.core_properties.created = datetime.datetime(2025, 11, 3, 10, 0)
    document.add_heading("Дзюдо: Казахстан и Япония", level=1)
    document.add_paragraph("Федерации дзюдо Казахстана и Японии подписали меморандум о сотрудничестве.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Город"
    table.cell(0, 1).text = "Иокогама"
    table.cell(1, 0).text = "Страна"
    table.cell(1, 1).text = "Япония"
    document.add_paragraph("وقّع الاتحادان مذكرة تفاهم في مدينة يوكوهاما.")
    document.save(str(path))


def test_docx_paragraphs_tables_and_properties(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    _docx(folder / "memo.docx")
    ix, stats = _index(folder, tmp_path)
    with ix:
        assert stats.added == 1
        hit = _found(ix, "Иокогама", "Иокогама")  # a table cell
        assert hit.title == "Меморандум о сотрудничестве в дзюдо" and hit.date == "2025-11-03"
        assert hit.ref.endswith("memo.docx:1") and hit.page is None
        assert _found(ix, "مذكرة", "مذكرة").source.endswith("memo.docx")


def test_odt_headings_paragraphs_tables(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    document = OpenDocumentText()
    document.text.addElement(H(outlinelevel=1, text="Олимпийские лицензии Токио"))
    document.text.addElement(P(text="Казахстанские спортсмены завоевали лицензии на Олимпийские игры в Токио."))
    table = Table()
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    row = TableRow()
    for value in ("Boxing", "Golovkin"):
        cell = TableCell()
        cell.addElement(P(text=value))
        row.addElement(cell)
    table.addElement(row)
    document.text.addElement(table)
    folder = tmp_path / "docs"
    folder.mkdir()
    document.save(str(folder / "licences.odt"))
    ix, stats = _index(folder, tmp_path)
    with ix:
        assert stats.added == 1
        hit = _found(ix, "лицензии", "лицензии")
        assert hit.title == "Олимпийские лицензии Токио"
        assert _found(ix, "Golovkin", "Golovkin").source.endswith("licences.odt")


def _epub(path: Path) -> None:
    chapter = '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title></head><body><h1>{title}</h1>{body}</body></html>'
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("mimetype", "application/epub+zip")
        book.writestr(
            "META-INF/container.xml",
            '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0"><rootfiles>'
            '<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
        )
        book.writestr(
            "OEBPS/content.opf",
            '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<dc:title>Олимпийский вестник</dc:title><dc:date>2026-03-14</dc:date></metadata><manifest>"
            '<item id="a" href="text/a.xhtml" media-type="application/xhtml+xml"/>'
            '<item id="b" href="text/b.xhtml" media-type="application/xhtml+xml"/></manifest>'
            '<spine><itemref idref="b"/><itemref idref="a"/></spine></package>',
        )
        book.writestr("OEBPS/text/b.xhtml", chapter.format(title="Глава первая. Лозанна", body="<p>Тимур Кулибаев встретился с Томасом Бахом в Лозанне.</p>"))
        book.writestr("OEBPS/text/a.xhtml", chapter.format(title="Глава вторая. Астана", body="<p>Сборная по боксу начала сборы в Астане.</p><p>Second paragraph about boxing.</p>"))


def test_epub_chapters_in_spine_order_with_their_titles(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    _epub(folder / "book.epub")
    ix, stats = _index(folder, tmp_path)
    with ix:
        assert stats.added == 1
        hit = _found(ix, "Лозанне", "Лозанне")
        assert re.search(r"/book\.epub#text/b\.xhtml:\d+$", hit.ref) and hit.title == "Глава первая. Лозанна"
        assert hit.date == "2026-03-14"
        hit = _found(ix, "boxing", "boxing")
        assert hit.part == "text/a.xhtml" and hit.title == "Глава вторая. Астана"
    parts = extract_here((folder / "book.epub").read_bytes(), ".epub").parts
    assert [p.fragment for p in parts] == ["text/b.xhtml", "text/a.xhtml"]  # the spine's order, not the files'


def test_email_charsets_subject_sender_and_attachments(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    message = EmailMessage()
    message["Subject"] = "Меморандум по дзюдо"
    message["From"] = "Ерлан Сапаров <saparov@example.kz>"
    message["Date"] = "Tue, 03 Nov 2025 10:00:00 +0600"
    message.set_content("Коллеги, во вложении подписанный меморандум с японской стороной.", charset="koi8-r")
    _docx(tmp_path / "memo.docx")
    message.add_attachment((tmp_path / "memo.docx").read_bytes(), maintype="application",
                           subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename="memo.docx")
    (folder / "memo.eml").write_bytes(bytes(message))
    assert "koi8-r" in bytes(message).decode("ascii", "replace")
    second = EmailMessage()
    second["Subject"] = "Сборы в Астане"
    second["From"] = "press@noc.kz"
    second.set_content("Сборная по боксу начала сборы в Астане.", charset="cp1251")
    (folder / "inbox.mbox").write_bytes(b"From press@noc.kz Sat Mar 14 09:30:00 2026\n" + bytes(second) + b"\nFrom saparov@example.kz Sun Mar 15 10:00:00 2026\n" + bytes(message))
    ix, stats = _index(folder, tmp_path)
    with ix:
        assert (stats.added, stats.failed) == (2, 0)
        hit = _found(ix, "японской", "японской")
        assert hit.title == "Меморандум по дзюдо" and hit.date == "2025-11-03"
        assert "Сапаров" in ix.search("Сапаров", suggest=False)[0].snippet.text  # the sender is searchable
        # the attachment is a part of the message, with the attachment's own title
        refs = {h.ref for h in ix.search("Иокогама", passages=True, suggest=False)}
        assert any(r.endswith("memo.eml#attachment=memo.docx:1") for r in refs)
        hit = _found(ix, "боксу", "боксу")
        assert hit.part == "message=1" and hit.title == "Сборы в Астане"


def test_rtf_code_page_and_unicode_escapes(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    word = "Лозанне".encode("cp1251")
    escaped = "".join(f"\\'{b:02x}" for b in word)
    rtf = "{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0 Arial;}}\\f0 Визит в " + escaped + " \\par \\u1050?\\u1091?\\u1083?\\u1080?\\u1073?\\u1072?\\u1077?\\u1074? and Bach\\par}"
    rtf = rtf.replace("Визит в ", "".join(f"\\'{b:02x}" for b in "Визит в ".encode("cp1251")))
    (folder / "visit.rtf").write_bytes(rtf.encode("ascii"))
    ix, stats = _index(folder, tmp_path)
    with ix:
        assert stats.added == 1
        assert _found(ix, "Лозанна", "Лозанне").source.endswith("visit.rtf")
        assert _found(ix, "Кулибаев", "Кулибаев")


def test_search_json_gives_the_page(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DATA / "report-ru-en.pdf", folder)
    runner = CliRunner()
    assert runner.invoke(main, ["index", str(folder), "--index", str(tmp_path / "ix"), "-q"]).exit_code == 0
    out = runner.invoke(main, ["search", "консультационную", "--json", "--index", str(tmp_path / "ix")])
    hit = json.loads(out.output)["hits"][0]
    assert hit["page"] == 2 and hit["part"] == "page=2"


def _allocate(_):
    return len(bytearray(4 * 1024**3))


def test_extraction_is_bounded_in_memory():
    with pytest.raises(LimitExceeded, match="needed more than 256 MiB"):
        run_bounded(_allocate, None, seconds=30, memory_mib=256)


@pytest.mark.skipif(sys.platform != "linux", reason="fork and RLIMIT_AS")
def test_a_hanging_extractor_is_killed(tmp_path):
    import time

    started = time.monotonic()
    with pytest.raises(LimitExceeded, match="took more than 1 s"):
        run_bounded(time.sleep, 60, seconds=1, memory_mib=256)
    assert time.monotonic() - started < 10


# One document per format holding a paragraph in each language (the sample corpus's own
# sentences); a word of each language must be found in it, highlighted as written.
PARAGRAPHS = {
    "ru": "Тимур Кулибаев встретился с Томасом Бахом в Лозанне.",
    "ar": "ناقش المشاركون تعزيز التعاون بين جمعية التضامن الأولمبي وكازاخستان.",
    "en": "The National Olympic Committee of Kazakhstan signed a memorandum with Japan.",
}
WORDS = {"ru": ("Лозанна", "Лозанне"), "ar": ("التضامن", "التضامن"), "en": ("memorandum", "memorandum")}


def _write_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    for text in PARAGRAPHS.values():
        d.add_paragraph(text)
    d.save(str(path))


def _write_odt(path: Path) -> None:
    from odf.opendocument import OpenDocumentText
    from odf.text import P

    d = OpenDocumentText()
    for text in PARAGRAPHS.values():
        d.text.addElement(P(text=text))
    d.save(str(path))


def _write_epub(path: Path) -> None:
    body = "".join(f"<p>{t}</p>" for t in PARAGRAPHS.values())
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("META-INF/container.xml", '<container><rootfiles><rootfile full-path="c.opf"/></rootfiles></container>')
        z.writestr("c.opf", '<package><manifest><item id="a" href="one.xhtml"/></manifest><spine><itemref idref="a"/></spine></package>')
        z.writestr("one.xhtml", f"<html><body><h1>Новости</h1>{body}</body></html>")


def _write_eml(path: Path) -> None:
    m = EmailMessage()
    m["Subject"] = "Новости НОК"
    m["From"] = "press@noc.kz"
    m.set_content("\n\n".join(PARAGRAPHS.values()), charset="utf-8")
    path.write_bytes(bytes(m))


def _write_rtf(path: Path) -> None:
    escaped = "\\par ".join("".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in t) for t in PARAGRAPHS.values())
    path.write_text("{\\rtf1\\ansi " + escaped + "}", encoding="ascii")


@pytest.mark.parametrize("suffix, write", [(".docx", _write_docx), (".odt", _write_odt), (".epub", _write_epub), (".eml", _write_eml), (".rtf", _write_rtf)])
def test_every_format_in_every_language(tmp_path, suffix, write):
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder / f"news{suffix}")
    ix, stats = _index(folder, tmp_path)
    with ix:
        assert (stats.added, stats.failed) == (1, 0)
        for lang, (query, word) in WORDS.items():
            hit = _found(ix, query, word)
            assert hit.source.endswith(f"news{suffix}"), (lang, hit.ref)
            # the highlight, moved by the snippet's start, slices the document's extracted text to the word
            path = folder / f"news{suffix}"
            (doc,) = [d for d in documents_of(extract_here(path.read_bytes(), suffix), path, hit.source) if d.id == hit.doc_id]
            a, b = (hit.snippet.start + r for r in hit.snippet.ranges[0])
            assert doc.text[a:b] == word and hit.char_start <= a < b <= hit.char_end
