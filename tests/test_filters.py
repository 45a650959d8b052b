"""Filters from URL query parameters and back: junk is ignored with a notice, never an exception."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ctdash.filters import (
    ALL_YEARS,
    LANGS,
    MAX_VALUES,
    Filters,
    Vocab,
    parse,
    to_params,
    topic_group,
    with_changes,
)
from ctdash.schema import TOPICS

VOCAB = Vocab(bounds=(2001, 2025), actors=frozenset({"MAR", "NLD", "CTED", "EU"}), topics=TOPICS)


def keys(notices) -> list[str]:
    return [n.key for n in notices]


def test_defaults():
    f, notices = parse({}, VOCAB)
    assert f == Filters(years=(2001, 2025)) and notices == []
    assert to_params(f, VOCAB.bounds) == {}


def test_full_url():
    f, notices = parse({"years": "2016-2019", "actor": ["mar", "NLD"], "topic": "gctf_meetings", "lang": "ar"}, VOCAB)
    assert f == Filters(years=(2016, 2019), actors=("MAR", "NLD"), topics=("gctf_meetings",), lang="ar")
    assert notices == []


def test_round_trip():
    f = Filters(years=(2016, 2017), actors=("CTED", "MAR"), topics=("cted_visits",), lang="ar")
    params = to_params(f, VOCAB.bounds)
    assert params == {"years": "2016-2017", "actor": ["CTED", "MAR"], "topic": ["cted_visits"], "lang": "ar"}
    assert parse(params, VOCAB) == (f, [])


def test_comma_separated_and_arabic_digits():
    f, notices = parse({"actor": "MAR,EU", "years": "٢٠١٦-٢٠١٨"}, VOCAB)
    assert f.actors == ("EU", "MAR") and f.years == (2016, 2018) and notices == []


def test_single_year_and_reversed_range():
    assert parse({"years": "2017"}, VOCAB)[0].years == (2017, 2017)
    assert parse({"years": "2019-2016"}, VOCAB)[0].years == (2016, 2019)


def test_unknown_actor_and_topic_are_ignored_with_notices():
    f, notices = parse({"actor": ["MAR", "XYZ"], "topic": ["nope", "cted_visits"]}, VOCAB)
    assert f.actors == ("MAR",) and f.topics == ("cted_visits",)
    assert keys(notices) == ["notice_unknown_actor", "notice_unknown_topic"]
    assert notices[0].value == "XYZ"


def test_years_out_of_range_and_junk():
    f, notices = parse({"years": "1800-1850"}, VOCAB)
    assert f.years == (2001, 2025) and keys(notices) == ["notice_years_out_of_range"]
    f, notices = parse({"years": "1990-2018"}, VOCAB)
    assert f.years == (2001, 2018) and keys(notices) == ["notice_years_clamped"]
    f, notices = parse({"years": "abc"}, VOCAB)
    assert f.years == (2001, 2025) and keys(notices) == ["notice_bad_years"]
    f, notices = parse({"years": "9" * 5000}, VOCAB)
    assert f.years == (2001, 2025) and keys(notices) == ["notice_bad_years"]
    assert len(notices[0].value) <= 40


def test_repeated_keys_and_bad_lang():
    f, notices = parse({"years": ["2016-2017", "2018-2019"], "lang": ["fr", "ar"]}, VOCAB)
    assert f.years == (2016, 2017) and f.lang == "en"
    assert keys(notices) == ["notice_repeated", "notice_bad_lang"]


def test_huge_lists_are_capped():
    f, notices = parse({"actor": ["MAR"] * 10_000 + ["ZZZ"] * 10_000}, VOCAB)
    assert f.actors == ("MAR",)
    assert len(notices) <= MAX_VALUES


def test_st_query_params_like_mapping():
    class QP(dict):
        def get_all(self, key):
            return list(self.get(key, []))

    f, _ = parse(QP({"actor": ["MAR", "EU"], "lang": ["ar"]}), VOCAB)
    assert f.actors == ("EU", "MAR") and f.lang == "ar"


def test_misbehaving_mapping_gives_a_notice():
    class Broken(dict):
        def get_all(self, key):
            raise RuntimeError("boom")

    f, notices = parse(Broken(), VOCAB)
    assert f.years == VOCAB.bounds and keys(notices) == ["notice_bad_url"]


def test_helpers():
    assert topic_group("gctf_meetings") == "gctf"
    assert topic_group("coalition_ftf") == "coalition"
    assert topic_group("cted_visits") == topic_group("un_mandate") == "un"
    f = with_changes(Filters(), actors=["NLD", "MAR", "MAR"], years=[2016, 2017])
    assert f.actors == ("MAR", "NLD") and f.years == (2016, 2017) and Filters().years == ALL_YEARS
    assert "actors=MAR,NLD" in f.describe()


text = st.text(max_size=80)
values = st.one_of(text, st.lists(text, max_size=6), st.binary(max_size=40))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["years", "actor", "topic", "lang", "junk", ""]) | text, values, max_size=6))
def test_fuzz_parse_never_raises_and_stays_in_vocabulary(params):
    f, notices = parse(params, VOCAB)
    lo, hi = VOCAB.bounds
    assert lo <= f.years[0] <= f.years[1] <= hi
    assert set(f.actors) <= VOCAB.actors and set(f.topics) <= VOCAB.topics
    assert f.lang in LANGS
    for n in notices:
        assert n.key.startswith("notice_") and len(n.value) <= 40
    # what the app writes back parses to the same filters, silently
    assert parse(to_params(f, VOCAB.bounds), VOCAB) == (f, [])


@settings(max_examples=200, deadline=None)
@given(st.integers(1800, 2200), st.integers(1800, 2200),
       st.lists(st.sampled_from(sorted(VOCAB.actors) + ["BAD"]), max_size=5))
def test_fuzz_years_and_actors(a, b, actors):
    f, notices = parse({"years": f"{a}-{b}", "actor": actors}, VOCAB)
    lo, hi = min(a, b), max(a, b)
    if hi < 2001 or lo > 2025:
        assert f.years == VOCAB.bounds and "notice_years_out_of_range" in keys(notices)
    else:
        assert f.years == (max(lo, 2001), min(hi, 2025))
    assert ("notice_unknown_actor" in keys(notices)) == ("BAD" in actors)
