"""Make the small PDF fixtures of tests/test_formats.py (run once; the PDFs are committed).

    pip install reportlab arabic-reshaper python-bidi
    python tests/data/formats/make_pdfs.py

The text is the bundled sample corpus's real news (corpus/samples). reportlab writes a
text layer with a DejaVu Sans subset (Debian's fonts-dejavu-core). The Arabic PDFs are the
two ways Arabic text reaches PDFs in the wild: shaped presentation forms stored in visual
order (what a writer without a shaping engine is fed after arabic_reshaper + bidi), and
base letters in logical order.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parents[2] / "corpus" / "samples"
pdfmetrics.registerFont(TTFont("DejaVu", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))


def _page(c: canvas.Canvas, lines: list[str], header: str | None, footer: str | None, right: bool = False) -> None:
    width, height = A4
    c.setFont("DejaVu", 10)
    if header:
        c.drawString(60, height - 40, header)
    y = height - 80
    for line in lines:
        if right:
            c.drawRightString(width - 60, y, line)
        else:
            c.drawString(60, y, line)
        y -= 14
    if footer:
        c.drawString(60, 30, footer)
    c.showPage()


def report() -> None:
    """Four pages of Russian and English news with a running header and page footers; a
    word hyphenated across a line end on page 2; page 3 holds the English article."""
    ru = (SAMPLES / "ru-kulibaev-bach-lausanne.txt").read_text(encoding="utf-8").split("\n")
    en = (SAMPLES / "en-noc-kazakhstan-news.txt").read_text(encoding="utf-8").split("\n")
    c = canvas.Canvas(str(HERE / "report-ru-en.pdf"), pagesize=A4)
    c.setTitle("Отчёт НОК Казахстана")
    c.setCreator("polyseek test fixtures")
    pages = [
        textwrap.wrap(" ".join(ru[2:4]), 85)[:20],
        ["Олимпийский комитет провёл консульта-", "ционную встречу с федерацией дзюдо.", "", *textwrap.wrap(" ".join(ru[4:6]), 85)[:18]],
        textwrap.wrap(" ".join(en[2:5]), 90)[:22],
        textwrap.wrap(" ".join(ru[6:9]), 85)[:20],
    ]
    for number, lines in enumerate(pages, 1):
        _page(c, lines, "НОК Республики Казахстан — новости 2026", f"Страница {number} из {len(pages)}")
    c.save()


def arabic() -> None:
    import arabic_reshaper
    from bidi.algorithm import get_display

    text = (SAMPLES / "ar-golovkin-qatar-solidarity.txt").read_text(encoding="utf-8").split("\n")
    lines = textwrap.wrap(" ".join(text[1:3]), 70)[:16]
    c = canvas.Canvas(str(HERE / "arabic-visual.pdf"), pagesize=A4)
    _page(c, [get_display(arabic_reshaper.reshape(line)) for line in lines], None, None, right=True)
    c.save()
    c = canvas.Canvas(str(HERE / "arabic-logical.pdf"), pagesize=A4)
    _page(c, lines, None, None, right=True)
    c.save()


def scanned_and_encrypted() -> None:
    c = canvas.Canvas(str(HERE / "scanned.pdf"), pagesize=A4)
    for _ in range(2):
        c.rect(60, 400, 300, 200, fill=1)  # a picture of a page, no text layer
        c.showPage()
    c.save()
    c = canvas.Canvas(str(HERE / "encrypted.pdf"), pagesize=A4, encrypt="secret")
    _page(c, ["Совершенно секретно: zqsecretq"], None, None)
    c.save()


if __name__ == "__main__":
    report()
    arabic()
    scanned_and_encrypted()
