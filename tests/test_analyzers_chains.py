"""Language chains: golden terms per language, stop words, settings, cache."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from polyseek.analyzers import AnalyzedToken, analyze, cache_stats, language_chains
from polyseek.analyzers.arabic import STEMMERS

ROOT = Path(__file__).resolve().parent.parent


def terms(word: str, **kw) -> set[str]:
    (token,) = analyze(word, **kw)
    return set(token.terms)


def meet(a: str, b: str, **kw) -> bool:
    return bool(terms(a, **kw) & terms(b, **kw))


# Russian -------------------------------------------------------------------------------


def test_russian_golden():
    got = [(t.surface, t.chain, t.terms) for t in analyze("Олимпийского комитета, олимпийских игр")]
    assert got == [
        ("Олимпийского", "ru", ("олимпийский",)),
        ("комитета", "ru", ("комитет",)),
        ("олимпийских", "ru", ("олимпийский",)),
        ("игр", "ru", ("игра",)),
    ]


def test_russian_inflections_meet_lemma():
    for form in ("олимпийского", "олимпийских", "олимпийскими", "Олимпийский"):
        assert terms(form) == {"олимпийский"}


def test_russian_homonym_keeps_all_lemmas_at_one_position():
    first, second = analyze("Стали стали")
    assert set(first.terms) == {"сталь", "стать"}
    assert (first.pos, second.pos) == (0, 1)


def test_yo_folds_to_ye():
    assert terms("ёлка") == terms("елка") == {"елка"}
    assert terms("Ёлки") == {"елка"}


def test_stress_mark_is_ignored():
    (token,) = analyze("Спортсме\u0301ны")
    assert token.surface == "Спортсме\u0301ны"
    assert token.terms == ("спортсмен",)
    assert terms("спортсмены") == {"спортсмен"}


def test_hyphenated_russian_word_is_its_words_and_the_word_without_the_hyphen():
    tokens = analyze("вице-президента")
    assert [(t.surface, t.pos, t.span) for t in tokens] == [
        ("вице", 0, 1),
        ("вице-президента", 0, 2),
        ("президента", 1, 1),
    ]
    assert tokens[2].terms == ("президент",)
    # the compound is the word written without the hyphen, through the Russian chain
    (solid,) = analyze("вицепрезидентом")
    assert set(solid.terms) & set(tokens[1].terms)


# Arabic --------------------------------------------------------------------------------


@pytest.mark.parametrize("stemmer", ["snowball", "light10"])
def test_arabic_clitics_meet_bare_forms(stemmer):
    assert meet("والمشاركون", "المشاركون", arabic_stemmer=stemmer)
    assert meet("والمشاركون", "مشاركون", arabic_stemmer=stemmer)
    assert meet("للجنة", "لجنة", arabic_stemmer=stemmer)
    assert meet("للجنة", "اللجنة", arabic_stemmer=stemmer)
    assert meet("بالرياضة", "رياضة", arabic_stemmer=stemmer)
    assert meet("بالرياضة", "الرياضة", arabic_stemmer=stemmer)
    assert meet("الأولمبية", "أولمبية", arabic_stemmer=stemmer)
    assert meet("الأولمبية", "اولمبي", arabic_stemmer=stemmer)


@pytest.mark.parametrize("stemmer", ["snowball", "light10"])
def test_arabic_definite_and_bare_forms_meet(stemmer):
    for bare in ("فريق", "بطولة", "بانثرز", "كأس"):
        assert meet(bare, "ال" + bare, arabic_stemmer=stemmer), bare
    assert meet("بالفريق", "فريق", arabic_stemmer=stemmer)


def test_arabic_golden_default():
    got = [(t.surface, t.chain, t.terms) for t in analyze("والمشاركون في اللجنة الأولمبية")]
    assert got == [
        ("والمشاركون", "ar", ("مشارك",)),
        ("في", "ar", ("في",)),
        ("اللجنة", "ar", ("لجن",)),
        ("الأولمبية", "ar", ("اولمب",)),
    ]


def test_arabic_diacritics_and_tatweel_are_ignored():
    assert terms("كَتَبَ") == terms("كتب")
    assert terms("الـأولمبية") == terms("الأولمبية")
    assert terms("الرِّيَاضَةُ") == terms("الرياضة")


def test_arabic_alef_forms_are_equal():
    assert terms("أحمد") == terms("إحمد") == terms("آحمد") == terms("احمد")


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_arabic_teh_marbuta_and_alef_maqsura(stemmer):
    assert meet("لجنة", "لجنه", arabic_stemmer=stemmer)
    assert meet("الأولمبية", "الاولمبيه", arabic_stemmer=stemmer)
    assert meet("مستشفى", "مستشفي", arabic_stemmer=stemmer)
    assert meet("على", "علي", arabic_stemmer=stemmer)


def test_presentation_form_ligature_folds():
    assert terms("ﻻ") == terms("لا") == {"لا"}


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_every_stemmer_runs(stemmer):
    tokens = analyze("والمشاركون في الألعاب الأولمبية", arabic_stemmer=stemmer)
    assert all(t.terms and all(t.terms) for t in tokens)


def test_snowball_arabic_stems_as_nltk_does():
    # polyseek's Snowball stemmer is nltk's code carried in analyzers/arabic_snowball.py
    # (stdlib regular expressions, no nltk import): every word of the Arabic sample, as
    # written (hamza forms, final ى) and with diacritics and tatweel added, and every Arabic
    # word of xquad-ar, stems exactly as by an untouched nltk stemmer
    from nltk.stem.snowball import ArabicStemmer

    from polyseek.analyzers.arabic import _nltk_stemmer
    from polyseek.analyzers.tokenizer import ARABIC, WORD_RE

    text = (ROOT / "corpus" / "samples" / "ar-golovkin-qatar-solidarity.txt").read_text(encoding="utf-8")
    words = {m.group() for m in WORD_RE.finditer(text) if m.lastindex == ARABIC}
    words |= {"\u0648\u064e\u0627\u0644\u0652" + w + "\u064c" for w in list(words)[:50]}
    words |= {w[:2] + "\u0640" + w[2:] for w in list(words)[:50]}
    assert len(words) > 150 and any(ch in w for w in words for ch in "أإآؤئ،")
    # the eval collections sit beside the repository, or at /work/shared for a clone elsewhere
    homes = (ROOT.parent / "shared" / "eval", Path("/work/shared/eval"))
    xquad = next((h / "xquad-ar" / "corpus.jsonl" for h in homes if (h / "xquad-ar" / "corpus.jsonl").exists()), None)
    if xquad is not None:
        words |= {m.group() for m in WORD_RE.finditer(xquad.read_text(encoding="utf-8")) if m.lastindex == ARABIC}
        assert len(words) > 10_000
    pristine = ArabicStemmer()
    ours = _nltk_stemmer("snowball")
    for word in sorted(words):
        pristine.suffixes_verb_step1_success = False  # the state leak polyseek's stemmer resets
        assert ours(word) == pristine.stem(word), word


def test_snowball_arabic_normalisation_deletes_and_folds_what_nltk_s_patterns_do():
    # the stemmer's pre- and post-normalisation are str.translate tables in place of nltk's
    # seven regular expressions: any of the first 2,048 code points (ASCII, the hyphen its
    # classes match by accident, the Arabic block) inside or at the end of a word stems alike
    from nltk.stem.snowball import ArabicStemmer

    from polyseek.analyzers.arabic import _nltk_stemmer

    pristine = ArabicStemmer()
    ours = _nltk_stemmer("snowball")
    for code in range(0x800):
        for word in (f"وال{chr(code)}مشاركون", f"أعلن{chr(code)}", f"{chr(code)}إسلامية"):
            pristine.suffixes_verb_step1_success = False
            assert ours(word) == pristine.stem(word), (hex(code), word)


@pytest.mark.parametrize("stemmer", STEMMERS)
def test_arabic_stems_are_cached_per_normalised_word(stemmer):
    # stem() keeps each normalised word's terms (a word and its surface form, e.g. with and
    # without hamza, are stemmed once): the same terms as stemming afresh, for every word of
    # the Arabic sample, with whole words read or not; clear_caches forgets them
    from polyseek.analyzers import arabic
    from polyseek.analyzers.chains import clear_caches
    from polyseek.analyzers.tokenizer import ARABIC, WORD_RE

    text = (ROOT / "corpus" / "samples" / "ar-golovkin-qatar-solidarity.txt").read_text(encoding="utf-8")
    words = {arabic.normalize_arabic(m.group()) for m in WORD_RE.finditer(text) if m.lastindex == ARABIC}
    assert len(words) > 150
    for whole_word in (True, False):
        for word in sorted(words):
            assert arabic.stem(word, stemmer, whole_word) == arabic.stem_afresh(word, stemmer, whole_word), word
        assert all(arabic.stem(w, stemmer, whole_word) is arabic.stem(w, stemmer, whole_word) for w in words)
    clear_caches()
    assert not any(arabic._stemmed.values())


def test_unknown_stemmer_is_rejected():
    with pytest.raises(ValueError, match="light10"):
        analyze("كتب", arabic_stemmer="porter")


# English -------------------------------------------------------------------------------


def test_english_golden():
    got = [(t.surface, t.terms, t.stopword) for t in analyze("The NOC's swimmers")]
    assert got == [("The", ("the",), True), ("NOC's", ("noc",), False), ("swimmers", ("swimmer",), False)]


def test_english_forms_meet():
    assert meet("swimmers", "swimmer")
    assert meet("refugees", "refugee")
    assert meet("NOC's", "NOC")
    assert meet("NOC’s", "noc")
    assert meet("athletes'", "athlete")


# digits, other, routing ---------------------------------------------------------------


def test_digits_fold_to_ascii():
    assert terms("٢٠٢٦") == terms("۲۰۲۶") == terms("2026") == {"2026"}
    (token,) = analyze("٢٠٢٦")
    assert token.chain == "num"


def test_other_scripts_lowercase_only():
    assert [(t.chain, t.terms) for t in analyze("Αθήνα हिन्दी")] == [("other", ("αθήνα",)), ("other", ("हिन्दी",))]


def test_mixed_query_routes_per_word():
    tokens = analyze("Кулибаев NOC الأولمبية", "query")
    assert [t.chain for t in tokens] == ["ru", "en", "ar"]
    assert [t.pos for t in tokens] == [0, 1, 2]


def test_analyzed_token_offsets_match_text():
    text = "Томас Бах поздравил NOC’s swimmers: اللجنة الأولمبية، ٢٠٢٦ г."
    for t in analyze(text):
        assert isinstance(t, AnalyzedToken)
        assert text[t.start : t.end] == t.surface


def test_modes_give_same_terms():
    text = "Стали ли чемпионами NOC's swimmers في اللجنة الأولمبية؟"
    assert analyze(text, "index") == analyze(text, "query")
    with pytest.raises(ValueError):
        analyze(text, "search")


# stop words ----------------------------------------------------------------------------


def test_stopwords_are_flagged_and_still_have_terms():
    tokens = analyze("в олимпийском комитете")
    assert (tokens[0].stopword, tokens[0].terms) == (True, ("в",))
    assert not tokens[1].stopword


def test_arabic_question_words_are_stopwords():
    for word in ("ماذا", "متى", "كيف", "أين", "من", "ما", "هل", "كم", "لماذا"):
        (token,) = analyze(word)
        assert token.stopword, word


def test_content_words_of_the_iso_lists_are_not_stopwords_by_default():
    for word in ("world", "new", "first", "year", "system", "state"):
        assert not analyze(word)[0].stopword, word
    for word in ("москва", "город", "война", "работа"):
        assert not analyze(word)[0].stopword, word
    # Arabic numbers, ordinals and time words ("the second", "number", "year", "day", "said")
    for word in ("الثانية", "الأولى", "أول", "عدد", "عام", "يوم", "ثلاثة", "قال"):
        assert not analyze(word)[0].stopword, word
    for word in ("في", "التي", "الذين", "كانت", "هذه"):
        assert analyze(word)[0].stopword, word
    assert analyze("الثانية", stopwords="iso")[0].stopword


def test_the_iso_lists_are_stopwordsiso_s_read_without_importing_it():
    code = (
        "import json, sys\n"
        "from polyseek.analyzers.stopwords import _iso_lists, stopword_set\n"
        "assert stopword_set('ar', 'iso')\n"
        "print(json.dumps({'imported': 'stopwordsiso' in sys.modules, 'lists': _iso_lists()}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    out = json.loads(subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout)
    assert out["imported"] is False  # its __init__ asks importlib.metadata for its version
    import stopwordsiso

    assert set(out["lists"]) == stopwordsiso.langs()
    for lang in stopwordsiso.langs():
        assert set(out["lists"][lang]) == stopwordsiso.stopwords(lang), lang


def test_full_iso_policy_is_available():
    assert analyze("world", stopwords="iso")[0].stopword
    assert not analyze("the", stopwords="none")[0].stopword


# cache and start-up --------------------------------------------------------------------


def test_cache_counts_hits_and_misses():
    before = cache_stats()
    analyze("уникальнейшими уникальнейшими")
    after = cache_stats()
    assert after.hits - before.hits >= 1
    assert after.hits + after.misses - before.hits - before.misses == 2
    assert 0.0 <= after.hit_rate <= 1.0


def test_language_chains_describes_every_chain():
    assert {"ru", "ar", "en", "num", "other"} <= set(language_chains())


def test_pymorphy3_loads_only_for_cyrillic_and_env_selects_stemmer():
    code = (
        "import sys\n"
        "from polyseek.analyzers import analyze, MultilingualAnalyzer\n"
        "assert 'pymorphy3' not in sys.modules\n"
        "list(MultilingualAnalyzer()('NOC swimmers 2026 اللجنة'))\n"
        "assert 'pymorphy3' not in sys.modules\n"
        "assert MultilingualAnalyzer().arabic_stemmer == 'light10'\n"
        "analyze('комитет')\n"
        "assert 'pymorphy3' in sys.modules\n"
    )
    env = {**os.environ, "POLYSEEK_AR_STEMMER": "light10"}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def test_the_russian_dictionary_loads_without_the_entry_point_scan_and_parses_as_by_lang() -> None:
    # morph_analyzer() opens pymorphy3-dicts-ru's folder itself: importlib.metadata (pymorphy3's
    # entry-point scan, ~35 ms) is never imported, and every word parses as MorphAnalyzer(lang="ru")
    # parses it (the same dictionary, the same units)
    words = (
        "стали олимпийскими Толстой толстой Кулибаева чюки Возмездие Москве ёлки бежавшие НАТО "
        "Бывшие Юпитер Володя Гора того"
    ).split()
    code = (
        "import json, sys\n"
        "from polyseek.analyzers.russian import morph_analyzer\n"
        "m = morph_analyzer()\n"
        f"got = [[[p.normal_form, str(p.tag), p.score] for p in m.parse(w)] for w in {words!r}]\n"
        "print(json.dumps({'metadata': 'importlib.metadata' in sys.modules, 'parses': got}))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYMORPHY3_DICTIONARY_PATH"}
    out = json.loads(subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout)
    assert out["metadata"] is False
    import pymorphy3

    by_lang = pymorphy3.MorphAnalyzer(lang="ru")
    assert out["parses"] == [[[p.normal_form, str(p.tag), p.score] for p in by_lang.parse(w)] for w in words]


def test_settings_are_one_object_per_value_and_key_the_same_caches() -> None:
    # an analyzer's settings (also unpickled) and Settings.resolve give one object per value,
    # equal to (and hashing as) a Settings made directly: the caches keyed by them are shared
    import pickle

    from polyseek.analyzers import MultilingualAnalyzer, TranslitAnalyzer
    from polyseek.analyzers.chains import Settings, cache_for, settings_of

    a = MultilingualAnalyzer(arabic_stemmer="light10", stopwords="function")
    b = pickle.loads(pickle.dumps(TranslitAnalyzer(arabic_stemmer="light10", stopwords="function")))
    direct = Settings("light10", "function")
    assert a.settings is b.settings is Settings.resolve("light10", "function") is settings_of("light10", "function")
    assert a.settings == direct and hash(a.settings) == hash(direct) and a.settings is not direct
    assert cache_for(direct) is cache_for(a.settings)
    assert settings_of("snowball", "function") is not a.settings
