"""Reading files and folders into :class:`~corpus.model.Document` objects."""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from collections.abc import Generator, Iterable, Iterator
from itertools import chain
from pathlib import Path

from .dates import published_date
from .decoding import decode_chunks
from .failpoints import failpoint
from .files import SUPPORTED_SUFFIXES, iter_source_files, unusable_name
from .formats import FORMAT_SUFFIXES, Extracted, extract
from .jsonl import JsonlFields, JsonlReader, parse_jsonl
from .language import detect_language
from .model import CorpusError, Document, Passage, SkippedSource, valid_unicode
from .opening import OpenSource, open_source
from .passages import PassageStream, build_passages
from .titles import title_for

__all__ = ["PART_CHARS", "READ_CHUNK", "SourceStream", "documents_of", "parse_source", "read_file", "read_path", "text_documents"]


def read_file(path: str | Path, as_text: Iterable[str] = (), fields: JsonlFields | None = None) -> list[Document]:
    """Read one file: one Document for ``.txt``/``.md``/``.html``, one per record for ``.jsonl``.

    A text file's ``id`` and ``source`` are its absolute path (normalised, symlinks
    kept as found) and its ``text`` is the whole decoded file (BOM removed, line
    endings untouched; see :mod:`corpus.decoding` for encodings). The file is opened
    by :func:`~corpus.opening.open_source`: only a regular file is read (a FIFO is
    never waited on), and no more than the size it had when it was opened.
    Unreadable, unsupported or malformed input raises :class:`CorpusError`; binary,
    empty or whitespace-only files, names that are not UTF-8, and files gone before
    they could be read raise :class:`SkippedSource` (a CorpusError too). A file whose
    suffix is in ``as_text`` (see :func:`corpus.files.text_suffixes`) is read as ``.txt``.
    ``fields``: the field names of JSONL records (see :mod:`corpus.jsonl`); a JSONL
    file's bad records are left out and listed in the result's ``bad``.

    >>> from pathlib import Path
    >>> (doc,) = read_file(Path(__file__).parent / "samples" / "ru-kulibaev-bach-lausanne.txt")
    >>> doc.title[:14], doc.lang, doc.passages[0].line, doc.passages[1].line
    ('Тимур Кулибаев', 'ru', 1, 4)
    """
    path = Path(path)
    _check_name(path, as_text)
    with open_source(path) as opened:
        data = opened.read()
    return parse_source(data, path, as_text, fields)


def parse_source(
    data: bytes, path: str | Path, as_text: Iterable[str] = (), fields: JsonlFields | None = None
) -> list[Document]:
    """The Documents in ``data``, the bytes of the file ``path`` (read as :func:`read_file` does).

    >>> [d.text for d in parse_source("Привет, мир".encode(), "/data/a.txt")]
    ['Привет, мир']
    """
    path = Path(path)
    suffix = _check_name(path, as_text)
    source = os.path.abspath(path)
    if not data or data.isspace():
        raise SkippedSource(f"{path}: {'whitespace only' if data else 'empty file'}, nothing to index")
    if suffix == ".jsonl":
        documents = parse_jsonl(data, str(path), source, fields)
        if not documents:
            raise SkippedSource(f"{path}: no records, nothing to index")
        return documents
    if suffix in (".html", ".htm"):
        from .html import parse_html  # html.parser and the page-date rules: for HTML files only

        return [parse_html(data, str(path), source)]
    if suffix in FORMAT_SUFFIXES:
        return documents_of(extract(data, path), path, source)
    return list(text_documents([data], path, source, markdown=suffix == ".md", keep_text=True))


def text_documents(
    chunks: Iterable[bytes],
    path: str | Path,
    source: str,
    *,
    markdown: bool = False,
    part_chars: int | None = None,
    keep_text: bool = False,
) -> Iterator[Document]:
    """The Document of a plain-text or Markdown file whose bytes are ``chunks``, in parts.

    The bytes are decoded (:func:`~corpus.decoding.decode_chunks`) and split
    (:class:`~corpus.passages.PassageStream`) as they come; with ``part_chars`` a part
    (a Document with the file's id, title, language and date, and the next passages)
    is yielded each time its passages hold that many characters, so no more than a
    part and the splitter's window is held. The title, language and date are found in
    the first piece of text (the whole text of a file read in one piece). A part's
    ``text`` is ``""`` (offsets count from the start of the file's text), unless
    ``keep_text``: then the one Document holds the whole text.

    >>> data = ("Заголовок\\n\\n" + "\\n\\n".join(f"Абзац {n}. " * 100 for n in range(5))).encode()
    >>> chunks = [data[i : i + 500] for i in range(0, len(data), 500)]
    >>> [(len(d.passages), d.title, d.passages[0].line) for d in text_documents(chunks, "a.txt", "/a.txt", part_chars=1000)]
    [(2, 'Заголовок', 1), (3, 'Заголовок', 7)]
    """
    failpoint("decode", path)
    pieces = iter(chunks)
    first = next(pieces, b"")
    if not first:
        raise SkippedSource(f"{path}: empty file, nothing to index")
    texts = decode_chunks(chain([first], pieces), str(path))
    sample = next(texts)
    del first
    failpoint("parse", path)
    lang = detect_language(sample)
    title = title_for(sample, path, markdown=markdown)
    date = published_date(sample)
    failpoint("split", path)
    stream = PassageStream(fallback=lang)
    kept: list[str] = []
    part: list[Passage] = []
    chars = 0
    found = False
    for text in chain([sample], texts):
        if keep_text:
            kept.append(text)
        for passage in stream.feed(text):
            part.append(passage)
            chars += passage.char_end - passage.char_start
            if part_chars is not None and chars >= part_chars:
                yield Document(id=source, source=source, title=title, text="", lang=lang, passages=tuple(part), date=date)
                found, part, chars = True, [], 0
    del sample, text
    part.extend(stream.close())
    if not (found or part):
        raise SkippedSource(f"{path}: whitespace only, nothing to index")
    if part:
        whole = "".join(kept)
        yield Document(id=source, source=source, title=title, text=whole, lang=lang, passages=tuple(part), date=date)


#: Bytes read from a source at a time when it is streamed (:class:`SourceStream`).
READ_CHUNK = 1 << 20
#: Characters of passage text in one part of a source handed on by :class:`SourceStream`.
PART_CHARS = 1_000_000


class SourceStream:
    """The Documents of one open source, read, decoded and split in bounded parts.

    Plain text, Markdown and JSONL are read :data:`READ_CHUNK` bytes at a time and
    handed on as they are split, in parts (lists of Documents) of about
    :data:`PART_CHARS` characters of passage text: memory does not grow with the size
    of the file. (A part of a text file is a Document of its own, with the file's id,
    title, language and date, see :func:`text_documents`.) Other formats are read
    whole, in one part. The stream owns ``opened`` and closes it once read.

    :meth:`start` reads up to the first part, so what makes a source skipped or failed
    as a whole (binary, empty, every JSONL record bad) is raised there; :meth:`parts`
    then yields every part once. Once they are read, :attr:`sha256` is the hash of the
    bytes read, and :attr:`documents`, :attr:`passages`, :attr:`languages` and
    :attr:`bad` (one line per bad JSONL record) say what they held.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Заголовок\\n\\n" + "Первый абзац. " * 100, encoding="utf-8")
    >>> stream = SourceStream(open_source(folder / "a.txt"), folder / "a.txt")
    >>> [len(part) for part in stream.parts()], stream.documents, stream.passages, dict(stream.languages)
    ([1], 1, 1, {'ru': 1})
    """

    def __init__(
        self,
        opened: OpenSource,
        path: str | Path,
        as_text: Iterable[str] = (),
        fields: JsonlFields | None = None,
        *,
        part_chars: int | None = None,
        chunk: int | None = None,
    ) -> None:
        self.path = Path(path)
        self._opened = opened
        try:
            self._suffix = _check_name(self.path, as_text)
        except BaseException:
            opened.close()
            raise
        self._as_text = tuple(as_text)
        self._fields = fields
        self._part_chars = PART_CHARS if part_chars is None else part_chars
        self._chunk = READ_CHUNK if chunk is None else chunk
        self._digest = hashlib.sha256()
        self._blank = True  # every byte read so far is white space
        self._read = 0  # bytes read
        self._last_id: str | None = None
        self._first: list[Document] | None = None
        self._generator = self._generate()
        self.documents = 0
        self.passages = 0
        self.languages: Counter[str] = Counter()
        self.bad: list[str] = []

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the bytes read (of the whole file once :meth:`parts` is exhausted)."""
        return self._digest.hexdigest()

    def start(self) -> None:
        """Read up to the first part; raises what makes the whole source skipped or failed."""
        if self._first is None:
            try:
                self._first = self._count(next(self._generator))
            except BaseException:
                self.close()
                raise

    @property
    def first_part(self) -> list[Document]:
        """The documents of the first part once :meth:`start` has read it (until
        :meth:`parts` hands it on; then none)."""
        return self._first or []

    def parts(self) -> Iterator[list[Document]]:
        """Every part of the source, in order (see the class doc); the file is closed after."""
        try:
            self.start()
            first, self._first = self._first, []
            yield first or []
            for part in self._generator:
                failpoint("part", self.path)
                yield self._count(part)
        finally:
            self.close()

    def close(self) -> None:
        self._generator.close()
        self._opened.close()

    def _count(self, part: list[Document]) -> list[Document]:
        for doc in part:
            if doc.passages:
                self.passages += len(doc.passages)
                if doc.id != self._last_id:  # a text file's parts are one document
                    self.documents += 1
                    self.languages[doc.lang] += 1
                    self._last_id = doc.id
        return part

    def _chunks(self) -> Iterator[bytes]:
        for data in self._opened.chunks(self._chunk):
            self._digest.update(data)
            self._blank = self._blank and data.isspace()
            self._read += len(data)
            yield data

    def _generate(self) -> Generator[list[Document], None, None]:
        path, suffix = self.path, self._suffix
        source = os.path.abspath(path)
        if suffix in (".txt", ".md"):
            for doc in text_documents(self._chunks(), path, source, markdown=suffix == ".md", part_chars=self._part_chars):
                yield [doc]
        elif suffix == ".jsonl":
            reader = JsonlReader(str(path), source, self._fields)
            self.bad = reader.bad
            part: list[Document] = []
            chars = 0
            handed = False
            for doc in reader.documents(self._chunks()):
                part.append(doc)
                chars += sum(len(p.text) for p in doc.passages)
                if chars >= self._part_chars:
                    yield part
                    handed, part, chars = True, [], 0
            if part or handed:
                if part:
                    yield part
                return
            if self._blank:
                raise SkippedSource(f"{path}: {'whitespace only' if self._read else 'empty file'}, nothing to index")
            raise SkippedSource(f"{path}: no records, nothing to index")
        else:
            if suffix in (".html", ".htm"):  # refused before it is read
                from .html import check_html_size

                check_html_size(self._opened.size, str(path))
            data = self._opened.read()
            self._digest.update(data)
            yield parse_source(data, path, self._as_text, self._fields)


_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?$")


def documents_of(extracted: Extracted, path: str | Path, source: str) -> list[Document]:
    """One Document per part of an extracted file (a PDF page, an EPUB chapter, a message).

    A part's Document has the id ``source#fragment`` (``/docs/report.pdf#page=3``), lines
    and offsets counted in the part's extracted text, the part's own title (a chapter's
    heading, a message's subject) or else the file's, and the file's date.

    >>> from polyseek.corpus.formats import Part
    >>> docs = documents_of(Extracted([Part("Первая страница.", "page=1"), Part("Вторая.", "page=2")], title="Отчёт"), "r.pdf", "/d/r.pdf")
    >>> [(d.id, d.title, d.passages[0].line) for d in docs]
    [('/d/r.pdf#page=1', 'Отчёт', 1), ('/d/r.pdf#page=2', 'Отчёт', 1)]
    """
    first_text = next((part.text for part in extracted.parts if part.text.strip()), "")
    file_title = extracted.title or title_for(first_text, path)
    date = extracted.date if extracted.date and _DATE.match(extracted.date) else None
    documents = []
    for part in extracted.parts:
        text = valid_unicode(part.text)
        if not text.strip():
            continue
        lang = detect_language(text)
        documents.append(
            Document(
                id=f"{source}#{part.fragment}" if part.fragment else source,
                source=source,
                title=part.title or file_title,
                text=text,
                lang=lang,
                passages=build_passages(text, default_lang=lang),
                date=date or published_date(text),
            )
        )
    return documents


def _check_name(path: Path, as_text: Iterable[str] = ()) -> str:
    """``path``'s suffix, lower case (``.txt`` for one of ``as_text``); CorpusError if polyseek
    does not read it, SkippedSource if not UTF-8."""
    if (problem := unusable_name(path)) is not None:
        raise problem
    suffix = path.suffix.lower()
    if suffix in as_text:
        return ".txt"
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(SUPPORTED_SUFFIXES)
        raise CorpusError(f"{path}: unsupported file type {suffix or '(none)'!r} (supported: {supported})")
    return suffix


def read_path(path: str | Path) -> Iterator[Document]:
    """Every Document in a file or, recursively, a folder (order of :func:`iter_source_files`).

    Sources that are skipped (binary, empty, links not followed) are left out
    silently; a source that cannot be read raises :class:`CorpusError`.

    >>> from pathlib import Path
    >>> docs = list(read_path(Path(__file__).parent / "samples"))
    >>> len(docs), sorted({d.lang for d in docs})
    (5, ['ar', 'en', 'ru'])
    """
    for source in iter_source_files(path):
        try:
            documents = read_file(source)
        except SkippedSource:
            continue
        yield from documents
