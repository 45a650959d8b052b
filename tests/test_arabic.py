"""Arabic helpers: digit styles, number words and duals, normalisation for search."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctdash.arabic import (
    ARABIC_INDIC,
    PERSIAN,
    find_all,
    normalize,
    number_tokens,
    numbers_in,
    to_western_digits,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("أكثر من 182 زيارة", 182),
        ("١٤ كانون الأول/ديسمبر ٢٠١٧", 2017),
        ("۲۰۱۷", 2017),
        ("ثلاثة وعشرون", 23),
        ("سبعة عشر", 17),
        ("بسبعة عشر عاماً", 17),
        ("اجتماعين", 2),
        ("اجتماعان", 2),
        ("ملياريْ دولار", 2e9),
        ("ألفيْ كيلومتر", 2000),
        ("22,2 مليار دولار", 22.2e9),
        ("21,248", 21248),
        ("حوالي أربعين بلدا", 40),
        ("اجتماعا عاما واحدا", 1),
        ("بيانان وزاريان اثنان", 2),
        ("حلقتي عمل", 2),
        ("في اجتماعي اللجنة", 2),
        ("ما لا یقل عن 26 شریكاً", 26),
        ("أحد عشر", 11),
        ("ثلاثمائة", 300),
        ("1,7 مليون متر مربع", 1.7e6),
        ("خمسة آلاف", 5000),
    ],
)
def test_numbers_in(text: str, value: float) -> None:
    assert value in numbers_in(text)


@pytest.mark.parametrize(("text", "value"), [("أكثر من 182 زيارة", 183), ("سبعة عشر", 7e9), ("الأمم المتحدة", 2)])
def test_numbers_in_rejects(text: str, value: float) -> None:
    assert value not in numbers_in(text)


def test_number_tokens_cover_digits_and_words() -> None:
    text = "عُقد ١٨ اجتماعا، وثلاثة وعشرون لقاء في المائة من 43 حالة"
    tokens = [t for _, _, t in number_tokens(text)]
    assert tokens == ["١٨", "وثلاثة", "وعشرون", "43"]
    for s, e, t in number_tokens(text):
        assert text[s:e] == t


def test_normalize_folds_letter_forms() -> None:
    assert normalize("أإآٱ") == "اااا"
    assert normalize("یکھة") == "يكهه"
    assert normalize("عُقِدَ") == "عقد"
    assert normalize("مــكافحة") == "مكافحه"
    assert normalize("a\u00a0\u00a0B") == "a b"
    assert normalize("٢٠١٧") == "2017"


def test_search_sees_through_forms() -> None:
    """The issue's example: the Farsi-letter, Western-digit sentence is found by the Arabic one."""
    text = "يستخدم ما لا یقل عن 26 شریكاً بالمعلومات"
    spans = find_all(text, "ما لا يقل عن ٢٦ شريكا")
    assert spans and text[spans[0][0]:spans[0][1]].startswith("ما لا یقل عن 26 شریك")


def test_find_all_in_seed() -> None:
    from conftest import ROOT

    text = (ROOT / "seeds/004_1dd2d8d0189c74d3.txt").read_text(encoding="utf-8")
    assert find_all(text, "يشارك ما لا يقل عن ٢٦")


arabic_text = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهوي أإآىیکھةـًٌٍَُِّْ\u00a0" + ARABIC_INDIC + PERSIAN + "0123456789")),
    max_size=60,
)


@given(arabic_text)
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_round_trip(n: int) -> None:
    western = str(n)
    indic = western.translate(str.maketrans("0123456789", ARABIC_INDIC))
    persian = western.translate(str.maketrans("0123456789", PERSIAN))
    assert to_western_digits(indic) == western == to_western_digits(persian)
    assert float(n) in numbers_in(indic)


@given(arabic_text)
def test_normalize_map_points_into_original(text: str) -> None:
    from ctdash.arabic import normalize_with_map

    norm, index = normalize_with_map(text)
    assert len(norm) == len(index)
    assert all(0 <= i < len(text) for i in index)
    assert index == sorted(index)
