"""Tokenizer: word boundaries, scripts and offsets into the original text."""

from itertools import pairwise
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from polyseek.analyzers import WordToken, tokenize

SAMPLES = Path(__file__).resolve().parent.parent / "corpus" / "samples"

MIXED = (
    "Тимур Кулибаев поздравил NOC's Olympic swimmers — "
    "عقد رئيس اللجنة الأولمبية الوطنية اجتماعا، في ٢٠٢٦؟ "
    "вице-президента Олимпийского Совета Азии (ОСА) 08:00Олимпиада"
)


def surfaces(text: str) -> list[str]:
    return [t.surface for t in tokenize(text)]


def assert_offsets(text: str) -> None:
    tokens = list(tokenize(text))
    for i, t in enumerate(tokens):
        assert text[t.start : t.end] == t.surface
        assert t.pos == i
    for a, b in pairwise(tokens):
        assert a.end <= b.start


def test_golden_mixed_line():
    assert [(t.surface, t.script) for t in tokenize("Кулибаев NOC's الأولمبية ٢٠٢٦")] == [
        ("Кулибаев", "cyrillic"),
        ("NOC's", "latin"),
        ("الأولمبية", "arabic"),
        ("٢٠٢٦", "digit"),
    ]


def test_word_token_fields():
    t = next(tokenize("  Азии"))
    assert t == WordToken(surface="Азии", pos=0, start=2, end=6, script="cyrillic")


def test_offsets_on_mixed_text():
    assert_offsets(MIXED)
    assert "NOC's" in surfaces(MIXED)
    assert "اجتماعا" in surfaces(MIXED)  # Arabic comma is not part of the word


def test_offsets_on_bundled_samples():
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines()[:40]:
            assert_offsets(line)
        assert_offsets(text)


def test_hyphen_splits_words():
    assert surfaces("вице-президента") == ["вице", "президента"]
    assert surfaces("Issyk-Kul") == ["Issyk", "Kul"]


def test_script_change_splits_words():
    assert surfaces("08:00Олимпиада") == ["08", "00", "Олимпиада"]
    assert surfaces("Паралимпиаде-20263") == ["Паралимпиаде", "20263"]
    assert [t.script for t in tokenize("COVID19")] == ["latin", "digit"]


def test_inner_apostrophes_stay_trailing_do_not():
    assert surfaces("NOC's O’Brien players' 'quoted'") == ["NOC's", "O’Brien", "players", "quoted"]


def test_combining_stress_mark_does_not_split():
    text = "Спортсме\u0301ны приехали"
    tokens = list(tokenize(text))
    assert [t.surface for t in tokens] == ["Спортсме\u0301ны", "приехали"]
    assert (tokens[0].start, tokens[0].end) == (0, 11)


def test_arabic_tashkeel_and_tatweel_do_not_split():
    assert surfaces("كَتَبَ الـأولمبية") == ["كَتَبَ", "الـأولمبية"]


def test_format_characters_inside_a_word_do_not_split():
    for joiner in ("\u200c", "\u200d", "\u00ad", "\u200f", "\u200e", "\u061c"):
        assert surfaces(f"спорт{joiner}смены") == [f"спорт{joiner}смены"]
        assert surfaces(f"الرياض{joiner}ة") == [f"الرياض{joiner}ة"]
        assert surfaces(f"swim{joiner}mers") == [f"swim{joiner}mers"]


def test_format_character_between_words_is_not_a_word():
    assert surfaces("word\u200f next") == ["word", "next"]
    assert surfaces("\u200fword") == ["word"]


def test_arabic_punctuation_and_digits_are_not_letters():
    assert surfaces("نعم،لا؛ماذا؟٪٥۔كم") == ["نعم", "لا", "ماذا", "٥", "كم"]
    assert [t.script for t in tokenize("عام٢٠٢٦")] == ["arabic", "digit"]


def test_presentation_forms_are_arabic_letters():
    assert [(t.surface, t.script) for t in tokenize("ﻻ ﺍﻟﻠﻪ")] == [("ﻻ", "arabic"), ("ﺍﻟﻠﻪ", "arabic")]


def test_other_scripts():
    assert [(t.surface, t.script) for t in tokenize("Αθήνα हिन्दी")] == [("Αθήνα", "other"), ("हिन्दी", "other")]


def test_tatweel_alone_is_not_a_word():
    assert surfaces("ـــ _ - —") == []


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("aZ'’ -:.Ёёжй\u0301\u0308بـأةى\u064e\u0651ﻻ٢3\u200c\u200d\u00ad\u200f،؟\u0915\u093f日 \n")
        ),
        max_size=60,
    )
)
def test_offsets_property(text):
    assert_offsets(text)


def test_the_word_pattern_is_what_re_compiles_from_the_kept_copy():
    import re

    from polyseek.analyzers import word_pattern as kept
    from polyseek.analyzers.tokenizer import WORD_RE

    # patterns compare equal by their flags, source and compiled code
    assert WORD_RE == re.compile(kept.PATTERN)
    text = MIXED + " ".join(p.read_text(encoding="utf-8") for p in sorted(SAMPLES.iterdir()))
    spans = [(m.span(), m.lastindex) for m in WORD_RE.finditer(text)]
    assert len(spans) > 1000 and spans == [(m.span(), m.lastindex) for m in re.compile(kept.PATTERN).finditer(text)]


def test_a_process_takes_the_kept_code_and_compiles_no_pattern():
    import os
    import subprocess
    import sys
    from re import _compiler, _parser  # type: ignore[attr-defined]

    from polyseek.analyzers import word_pattern as kept

    if kept.PYTHON != sys.implementation.cache_tag:  # made by another Python: compiled as usual
        return
    assert kept.CODE == tuple(_compiler._code(_parser.parse(kept.PATTERN, 0), 0))  # current for this Python
    code = (
        "import re\n"
        "from polyseek.analyzers import word_pattern as kept\n"
        "from polyseek.analyzers.tokenizer import WORD_RE\n"
        "print(any(key[1] == kept.PATTERN for key in re._cache))\n"  # re.compile keeps what it compiled
    )
    env = {**os.environ, "PYTHONPATH": str(SAMPLES.parents[1])}
    out = subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True).stdout
    assert out.strip() == "False"
