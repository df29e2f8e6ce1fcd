"""polyseek imports Whoosh without urllib.request, asyncio, whoosh.lang.morph_en, tempfile and
shutil, and anyascii without importlib.resources; all still work when asked for."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from polyseek.searcher import SearchIndex

ROOT = Path(__file__).resolve().parents[1]

_INDEX = """
import sys
from polyseek import SearchIndex
docs, ix_dir = sys.argv[1], sys.argv[2]
with SearchIndex.create(ix_dir) as ix:
    ix.add_path(docs)
page = docs + "/ru-judo-memorandum-japan.txt"
text = open(page, encoding="utf-8").read()
open(page, "w", encoding="utf-8").write(text.replace("Казахстан", "Казахстана"))
with SearchIndex.open(ix_dir) as ix:
    ix.reindex()  # the file's old passages are deleted: a search reads them through a cached_property
"""

_SEARCH = """
import json, sys
from polyseek.searcher import cli  # the whole command line, as `polyseek search` loads it
from polyseek import SearchIndex
with SearchIndex.open(sys.argv[1]) as ix:
    hits = ix.search("олимпийский комитет").total
loaded = sorted(m for m in ("asyncio", "urllib.request", "http.client", "ssl", "email", "whoosh.lang.morph_en",
                            "importlib.resources", "zipfile", "tempfile", "shutil") if m in sys.modules)
import io, whoosh.externalsort, whoosh.filedb.compound, whoosh.filedb.filestore
copied = io.BytesIO()
whoosh.filedb.compound.copyfileobj(io.BytesIO(b"segment"), copied)  # through the stand-in: the real one
import tempfile
real_tempfile = whoosh.filedb.filestore.tempfile.gettempdir() == tempfile.gettempdir() and callable(
    whoosh.externalsort.tempfile.mkstemp) and copied.getvalue() == b"segment"
import anyascii
text = "Кулибаев الأولمبية Ḑ 北京 ﬁ ①"
stood_in = anyascii.anyascii(text)  # its tables read through the stand-in's files()
import importlib.resources
anyascii._blocks.clear()
anyascii.files = importlib.resources.files
import asyncio, urllib.request, whoosh.compat, whoosh.query.terms
variations = whoosh.query.terms.variations("rendering")  # through the stand-in: imports the real module
import whoosh.lang.morph_en
print(json.dumps({
    "hits": hits, "loaded": loaded,
    "real_asyncio": hasattr(asyncio, "run") and asyncio.iscoroutinefunction(asyncio.sleep),
    "real_request": hasattr(urllib.request, "Request") and urllib.request.urlretrieve is not whoosh.compat.urlretrieve,
    "real_variations": variations == whoosh.lang.morph_en.variations("rendering") and len(variations) > 5,
    "real_tempfile": real_tempfile,
    "same_ascii": stood_in == anyascii.anyascii(text) and stood_in.startswith("Kulibaev l'wlmbyh D BeiJing"),
}))
"""


def _python(code: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout


def test_a_search_loads_no_network_or_asyncio_modules(samples_dir: Path, tmp_path: Path) -> None:
    docs, ix = tmp_path / "docs", tmp_path / "ix"
    shutil.copytree(samples_dir, docs)
    _python(_INDEX, str(docs), str(ix))
    with SearchIndex.open(ix) as index:
        assert index.info().deleted >= 1  # a segment with deleted passages (read through a cached_property)
    result = json.loads(_python(_SEARCH, str(ix)))
    assert result["hits"] >= 1
    assert result["loaded"] == []
    assert result["real_asyncio"] and result["real_request"] and result["real_variations"]  # imported later: the real modules
    assert result["real_tempfile"]
    assert result["same_ascii"]  # anyascii's tables read without importlib.resources: the same


def test_cached_property_answers_as_asyncio_would() -> None:
    import cached_property

    async def coroutine() -> None:
        pass

    def plain() -> None:
        pass

    import asyncio

    assert cached_property.asyncio.iscoroutinefunction(coroutine) is asyncio.iscoroutinefunction(coroutine) is True
    assert cached_property.asyncio.iscoroutinefunction(plain) is asyncio.iscoroutinefunction(plain) is False
