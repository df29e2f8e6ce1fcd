"""Content is never lost unseen: a marker word in a file's main text is found, or the file is reported.

For each reader (.txt, .md, .html, .jsonl) the same folder holds ordinary and hostile
files, each with its own marker word in its main text. One real run of ``polyseek index``
indexes them all; then each marker is searched. A file whose marker is not found must
be on the run's ``skipped`` or ``failed`` lines, and the files marked ``MUST`` (text
polyseek reads) must be found: before this test an HTML page whose article sat next to
a 10 MB attribute, or nested 300 elements deep, was indexed with its text gone and no
word said.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from polyseek.searcher.cli import main

RU = "Национальная сборная Казахстана по боксу начала учебно-тренировочные сборы в Астане."
AR = "أعلنت اللجنة الأولمبية القطرية عن برنامج جديد لدعم الرياضيين الشباب."
EN = "The National Olympic Committee of Kazakhstan opened a new training centre."
MUST, MAY = True, False


def marker(number: int) -> str:
    return "zqhk" + "".join("bcdfgjklmnpvwxz"[int(d)] for d in str(number)) + "q"


def page(body: str, head: str = "<title>Новости спорта</title>") -> str:
    return f"<!DOCTYPE html>\n<html lang='ru'><head><meta charset='utf-8'>{head}</head><body>\n{body}\n</body></html>"


def article(*paragraphs: str) -> str:
    return "<article><h1>Сборная начала сборы</h1>\n" + "\n".join(f"<p>{p}</p>" for p in paragraphs) + "\n</article>"


def text_files(m) -> list[tuple[str, bytes, bool]]:
    """(name, content, must be found) for .txt and .md; ``m(k)`` is the k-th marker."""
    return [
        ("plain.txt", f"{RU}\n\n{m(0)} {EN}\n".encode(), MUST),
        ("end-no-newline.txt", (f"{RU}\n" * 3_000 + f"{AR} {m(1)}").encode(), MUST),
        ("one-long-line.txt", (f"{EN} " * 3_000 + m(2)).encode(), MUST),
        ("cr-only.txt", f"{RU}\r{m(3)} {AR}\r".encode(), MUST),
        ("utf16.txt", codecs.BOM_UTF16_LE + f"{RU}\n{m(4)}\n".encode("utf-16-le"), MUST),
        ("cp1251.txt", f"{RU} {m(5)} Спортсмены готовятся к Олимпиаде.\n".encode("cp1251"), MUST),
        ("controls.txt", f"\x1b[31m {RU}\x1b[0m\n\x0b{m(6)}\x1b[0m\x07\x7f\n".encode(), MUST),
        ("bidi.txt", f"\u202b{AR} {m(7)}\u202c\n".encode(), MUST),
        ("nul-late.txt", (f"{RU}\n" * 1_000 + "\x00\x00" + f"\n{m(8)}\n").encode(), MUST),
        ("nul-early.txt", f"{RU}\x00\n{m(9)}\n".encode(), MAY),  # a NUL byte up front: binary
        ("heading.md", f"# {m(10)} сборы\n\n{RU}\n".encode(), MUST),
        ("code.md", f"{RU}\n\n```python\nprint('{m(11)}')\n```\n".encode(), MUST),
        ("table.md", f"| a | b |\n|---|---|\n| {m(12)} | {EN} |\n".encode(), MUST),
        ("front-matter.md", f"---\ntitle: Сборы\n---\n\n{RU} {m(13)}\n".encode(), MUST),
    ]


def html_files(m) -> list[tuple[str, bytes, bool]]:
    huge = "A" * 10_000_001  # one more than libxml2 keeps without huge_tree
    return [
        ("plain.html", page(article(RU, f"{EN} {m(20)}")).encode(), MUST),
        ("attr-10mb.html", page(article(RU) + f'<p data-x="{huge}">text {m(21)}</p>').encode(), MUST),
        ("deep-300.html", page("<div>" * 300 + f"<p>{RU} {m(23)}</p>" + "</div>" * 300).encode(), MUST),
        ("fragment.html", f"<p>{RU} {m(24)}</p>".encode(), MUST),
        ("pre.html", page(article(RU) + f"<pre>{EN}\n  {m(25)}\n</pre>").encode(), MUST),
        ("table.html", page(article(RU) + f"<table><tr><td>{m(26)}</td><td>{AR}</td></tr></table>").encode(), MUST),
        ("after-comment.html", page("<!--" + "x" * 1_000_000 + "-->" + article(RU, m(27))).encode(), MUST),
        ("entities.html", page(article(f"{RU} &laquo;{m(28)}&raquo; &#1041;&#1086;&#1082;&#1089;")).encode(), MUST),
        ("script-only.html", page(f"<script>var x = '{m(29)}';</script>").encode(), MAY),  # not text
        ("nav-only.html", page(f"<nav><a href='/a'>{m(30)}</a></nav>").encode(), MAY),  # found or reported
    ]


def jsonl_files(m) -> list[tuple[str, bytes, bool]]:
    def line(doc_id: str, text: str, **more) -> str:
        return json.dumps({"id": doc_id, "text": text, **more}, ensure_ascii=False)

    return [
        ("plain.jsonl", (line("a", f"{RU} {m(40)}") + "\n").encode(), MUST),
        ("after-big.jsonl", (line("big", f"{EN} " * 5_000) + "\n" + line("b", f"{AR} {m(41)}")).encode(), MUST),
        ("crlf.jsonl", (line("c", f"{RU}") + "\r\n" + line("d", f"{m(42)} {EN}") + "\r\n").encode(), MUST),
        ("separators.jsonl", (line("e", f"{RU}\u2028{m(43)}\u0085{EN}") + "\n").encode(), MUST),
        ("bom.jsonl", codecs.BOM_UTF8 + (line("f", f"{m(44)} {RU}") + "\n").encode(), MUST),
        ("surrogate.jsonl", (json.dumps({"id": "\ud800", "title": "\udfff", "text": f"{RU} {m(45)}"}) + "\n").encode(), MUST),
        ("bad-line.jsonl", (line("g", f"{RU} {m(46)}") + "\n{not json\n").encode(), MAY),
        ("no-text.jsonl", (json.dumps({"id": "h", "body": f"{RU} {m(47)}"}) + "\n").encode(), MAY),
    ]


def _marker_in(content: bytes) -> str:
    """The marker word written into ``content`` (whatever its encoding)."""
    for encoding in ("utf-8", "utf-16-le", "cp1251"):
        found = re.search(r"zqhk[b-z]+q", content.decode(encoding, "ignore"))
        if found:
            return found.group()
    raise AssertionError("no marker")


@pytest.mark.parametrize("reader", ["txt and md", "html", "jsonl"])
def test_a_marker_in_the_main_text_is_found_or_the_file_is_reported(tmp_path: Path, reader: str) -> None:
    files = {"txt and md": text_files, "html": html_files, "jsonl": jsonl_files}[reader](marker)
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, content, _ in files:
        (docs / name).write_bytes(content)
    ix = str(tmp_path / "ix")
    r = CliRunner().invoke(main, ["index", str(docs), "--index", ix, "--json"], catch_exceptions=False)
    assert r.exit_code in (0, 1), r.output
    stats = json.loads(r.stdout)
    reported = stats["skips"] + stats["failures"]
    lost = []
    for name, content, must in files:
        word = _marker_in(content)
        r = CliRunner().invoke(main, ["search", word, "--index", ix, "--json", "--no-suggest"], catch_exceptions=False)
        sources = [h["source"] for h in json.loads(r.stdout)["hits"]]
        if sources:
            assert sources == [str(docs / name)], (name, sources)
        elif must or not any(str(docs / name) in line for line in reported):
            lost.append((name, [line for line in reported if name in line]))
    assert lost == [], lost
