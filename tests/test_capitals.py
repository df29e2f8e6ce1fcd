"""Where a capital letter tells nothing (analyzers.capitals): what the cross-script name test
leaves out of its counts, on lines as real texts write them."""

from __future__ import annotations

import pytest

from polyseek.analyzers.capitals import plain_capitals


@pytest.mark.parametrize(
    "text, plain",
    [
        # a news agency's headline in capitals, then its story
        ("TAIWAN BUYS 54,000 TONNES OF U.S. WHEAT\nTaiwan's flour mills bought 54,000 tonnes of U.S. wheat "
         "for delivery in March and April, an official of the Taiwan Flour Mills Association said.",
         {"TAIWAN": 1, "BUYS": 1, "TONNES": 1, "OF": 1, "U": 1, "S": 1, "WHEAT": 1}),
        # verse: every line starts with a capital
        ("Гора молчит над тёмною долиной,\nГора хранит полночную звезду,", {"Гора": 2}),
        # prose: a sentence's first word counts as a capital like any other
        ("Oxygen is a chemical element with symbol O and atomic number 8. Oxygen is a highly reactive "
         "nonmetal and oxidizing agent that readily forms oxides with most elements.", {}),
        # an Arabic sentence that quotes two acronyms is no headline
        ("قال الأمين العام لحلف NATO إن USA سترسل قوات إضافية إلى المنطقة خلال الأسابيع المقبلة", {}),
        # a short line after a bullet, quotes or a dash
        ("• Москва\n«Ночь»\n— Кто там?", {"Москва": 1, "Ночь": 1, "Кто": 1}),
        # bidirectional marks and a byte order mark do not hide a line's first word
        ("\u200fBach arrived in Lausanne.\n\ufeff\u2067Kulibayev met him there.", {"Bach": 1, "Kulibayev": 1}),
    ],
)
def test_what_counts_as_a_capital_that_tells_nothing(text: str, plain: dict[str, int]) -> None:
    assert dict(plain_capitals(text)) == plain
