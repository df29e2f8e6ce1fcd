"""polyseek analyzers: text -> words with offsets -> language chains -> index terms.

Mixed Russian, Arabic and English text is split by a Unicode word tokenizer that keeps
code-point offsets; each word goes to the chain of its script (Cyrillic: pymorphy3 lemmas;
Arabic: normalisation + Snowball stemmer; Latin: English Snowball; digits: ASCII digits;
other scripts: lowercase).  :class:`MultilingualAnalyzer` wraps the same thing for Whoosh.

>>> for t in analyze("Олимпийского NOC's الأولمبية ٢٠٢٦"):
...     print(t.pos, f"{t.start}-{t.end}", t.surface, t.chain, t.terms)
0 0-12 Олимпийского ru ('олимпийский',)
1 13-18 NOC's en ('noc',)
2 19-28 الأولمبية ar ('اولمب',)
3 29-33 ٢٠٢٦ num ('2026',)
"""

from typing import TYPE_CHECKING, Any

from .analysis import MODES, AnalyzedToken, analyze, find_terms
from .arabic import STEMMERS as ARABIC_STEMMERS
from .arabic import set_default_stemmer as set_arabic_stemmer
from .chains import CacheStats, Settings, cache_stats, clear_caches
from .stopwords import POLICIES as STOPWORD_POLICIES
from .stopwords import set_default_policy as set_stopword_policy
from .tokenizer import WordToken, tokenize

if TYPE_CHECKING:  # pragma: no cover
    from .field_analyzers import SurfaceAnalyzer, TranslitAnalyzer
    from .whoosh_analyzer import MultilingualAnalyzer

__all__ = [
    "ARABIC_STEMMERS",
    "MODES",
    "STOPWORD_POLICIES",
    "AnalyzedToken",
    "CacheStats",
    "MultilingualAnalyzer",
    "Settings",
    "SurfaceAnalyzer",
    "TranslitAnalyzer",
    "WordToken",
    "analyze",
    "cache_stats",
    "clear_caches",
    "find_terms",
    "language_chains",
    "set_arabic_stemmer",
    "set_stopword_policy",
    "tokenize",
]


def __getattr__(name: str) -> Any:
    # the Whoosh analyzers import Whoosh (~20 ms): only when asked for
    if name == "MultilingualAnalyzer":
        from .whoosh_analyzer import MultilingualAnalyzer

        return MultilingualAnalyzer
    if name in ("SurfaceAnalyzer", "TranslitAnalyzer"):
        from . import field_analyzers

        return getattr(field_analyzers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def language_chains() -> dict[str, str]:
    """What each chain does (and the stop word policy), for ``polyseek analyze`` and ``info``.

    >>> sorted(language_chains())
    ['ar', 'en', 'num', 'other', 'ru', 'stopwords']
    """
    from .arabic import default_stemmer
    from .stopwords import default_policy

    return {
        "ru": "pymorphy3 lemmas (all lemmas of a homonym), ё -> е",
        "ar": f"normalise (tashkeel, tatweel, alef forms, ى/ة) + stemmer {default_stemmer()}",
        "en": "possessive removed + Snowball English",
        "num": "digits of any script -> ASCII",
        "other": "lowercase",
        "stopwords": f"stopwordsiso, policy {default_policy()}",
    }
