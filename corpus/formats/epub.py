"""EPUB: chapters in spine order, one :class:`Part` per chapter (fragment: the chapter's
file inside the book), the chapter's first heading as its title.

EPUB is a ZIP of XHTML files; ``META-INF/container.xml`` names the package document,
whose spine gives the reading order. Read with zipfile and lxml (already installed for
HTML pages), no EPUB library needed.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from .model import Extracted, Part

__all__ = ["extract_epub"]

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr", "dt", "dd", "section", "article", "br"}
_MAX_MEMBER = 256 * 1024 * 1024  # a chapter larger than this uncompressed is a zip bomb


def _xml(book: zipfile.ZipFile, name: str):
    from lxml import etree

    info = book.getinfo(name)
    if info.file_size > _MAX_MEMBER:
        raise ValueError(f"{name} unpacks to {info.file_size} bytes")
    return etree.fromstring(book.read(name), etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False))


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _chapter(root) -> tuple[str | None, str]:
    """(first heading, text with a blank line between blocks) of an XHTML chapter."""
    pieces: list[str] = []
    heading = None
    body = next((el for el in root.iter() if _local(el.tag) == "body"), root)
    for el in body.iter():
        name = _local(el.tag)
        if name in ("script", "style"):
            continue
        if name in _BLOCKS:
            pieces.append("\n\n")
            if heading is None and name in ("h1", "h2", "h3"):
                heading = " ".join("".join(el.itertext()).split()) or None
        if el.text and _local(el.tag) not in ("script", "style"):
            pieces.append(el.text)
        if el.tail and el is not body:
            pieces.append(el.tail)
    paragraphs = (" ".join(p.split()) for p in "".join(pieces).split("\n\n"))
    return heading, "\n\n".join(p for p in paragraphs if p)


def extract_epub(data: bytes) -> Extracted:
    """Chapters of an EPUB in spine order."""
    book = zipfile.ZipFile(io.BytesIO(data))
    container = _xml(book, "META-INF/container.xml")
    opf_path = next(el.get("full-path") for el in container.iter() if _local(el.tag) == "rootfile")
    opf = _xml(book, opf_path)
    base = posixpath.dirname(opf_path)
    manifest = {el.get("id"): el.get("href") for el in opf.iter() if _local(el.tag) == "item"}
    title = next((" ".join("".join(el.itertext()).split()) for el in opf.iter() if _local(el.tag) == "title"), None)
    date = next(("".join(el.itertext()).strip()[:10] for el in opf.iter() if _local(el.tag) == "date"), None)
    parts = []
    for ref in (el for el in opf.iter() if _local(el.tag) == "itemref"):
        href = manifest.get(ref.get("idref"))
        if not href:
            continue
        name = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
        if name not in book.namelist():
            continue
        heading, text = _chapter(_xml(book, name))
        if text:
            parts.append(Part(text, fragment=href.split("#")[0], title=heading))
    return Extracted(parts, title=title or None, date=date or None)
