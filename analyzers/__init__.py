"""polyseek analyzers: text -> words with offsets -> language chains -> index terms.

Mixed Russian, Arabic and English text is split by a Unicode word tokenizer that keeps
code-point offsets; each word goes to the chain of its script (Cyrillic: pymorphy3 lemmas;
Arabic: normalisation + light stemmer; Latin: English Snowball; digits: ASCII digits;
other scripts: lowercase).  :class:`MultilingualAnalyzer` wraps the same thing for Whoosh.

>>> [(t.surface, t.chain, t.terms) for t in analyze("Олимпийского NOC's الأولمبية ٢٠٢٦")]
[('Олимпийского', 'ru', ('олимпийский',)), ("NOC's", 'en', ('noc',)), ('الأولمبية', 'ar', ('اولمب',)), ('٢٠٢٦', 'num', ('2026',))]
"""

from .analysis import MODES, AnalyzedToken, analyze, find_terms
from .arabic import STEMMERS as ARABIC_STEMMERS
from .arabic import set_default_stemmer as set_arabic_stemmer
from .chains import CacheStats, Settings, cache_stats, clear_caches
from .stopwords import POLICIES as STOPWORD_POLICIES
from .stopwords import set_default_policy as set_stopword_policy
from .tokenizer import WordToken, tokenize
from .whoosh_analyzer import MultilingualAnalyzer

__all__ = [
    "ARABIC_STEMMERS",
    "MODES",
    "STOPWORD_POLICIES",
    "AnalyzedToken",
    "CacheStats",
    "MultilingualAnalyzer",
    "Settings",
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


def language_chains() -> dict[str, str]:
    """What each chain does, for ``polyseek analyze`` and ``polyseek info``."""
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
