"""The briefing basket: pure edits, its JSON file and its URL value round-trip exactly; anything
unusable is a BasketError naming the item and the field."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctdash.basket import (
    EXPORTABLE,
    MAX_ITEMS,
    Basket,
    BasketError,
    Item,
    from_json,
    from_param,
    to_json,
    to_param,
)
from ctdash.filters import ALL_YEARS, Filters
from ctdash.schema import TOPICS
from ctdash.views import REGISTRY

F1619 = Filters(years=(2016, 2019))


def test_exportable_views_are_every_registry_view_and_keep_their_ids():
    """Every chart and table of the app can go into a briefing (the issue's "every chart and table")."""
    assert {"expert_meetings", "cted_visits", "headlines", "sources", "conflicts", "wg_list"} <= set(EXPORTABLE)
    assert set(EXPORTABLE) == {v.id for v in REGISTRY}


def test_add_remove_move_are_pure():
    b = Basket("Coalition", "2016-2019")
    b1 = b.add(Item("expert_meetings", F1619)).add(Item("cted_visits")).add(Item("headlines"))
    assert b.items == () and [i.view_id for i in b1.items] == ["expert_meetings", "cted_visits", "headlines"]
    assert [i.view_id for i in b1.remove(1).items] == ["expert_meetings", "headlines"]
    assert [i.view_id for i in b1.remove(-1).items] == ["expert_meetings", "cted_visits"]
    assert [i.view_id for i in b1.move(0, 1).items] == ["cted_visits", "expert_meetings", "headlines"]
    assert [i.view_id for i in b1.move(2, -1).items] == ["expert_meetings", "headlines", "cted_visits"]
    assert b1.move(0, -5) == b1 and b1.move(2, 9) == b1  # kept in bounds
    assert b1.items[0].filters == F1619
    with pytest.raises(BasketError, match="item 4: no such item"):
        b1.remove(3)


def test_item_language_is_the_exports():
    item = Item("cted_visits", Filters(years=(2016, 2019), lang="ar"))
    assert item.filters == F1619


def test_json_file_shape():
    b = Basket("T", "S", (Item("expert_meetings", Filters((2016, 2019), ("GCTF",), ("gctf_meetings",))),))
    data = json.loads(to_json(b))
    assert data == {"ctdash_basket": 1, "title": "T", "subtitle": "S", "items": [
        {"view": "expert_meetings", "years": [2016, 2019], "actors": ["GCTF"], "topics": ["gctf_meetings"]}]}
    assert from_json(to_json(b)) == b


def test_json_defaults_for_missing_fields():
    b = from_json('{"ctdash_basket": 1, "items": [{"view": "cted_visits"}]}')
    assert b == Basket(items=(Item("cted_visits", Filters(years=ALL_YEARS)),))


@pytest.mark.parametrize("text, message", [
    ("{", r"not valid JSON \(line 1"),
    ("[]", "not a ctdash basket"),
    ('{"ctdash_basket": 2}', "version 2 is not supported"),
    ('{"ctdash_basket": 1, "items": {}}', "items: expected a list"),
    ('{"ctdash_basket": 1, "title": 5}', "title: expected text"),
    ('{"ctdash_basket": 1, "colour": 5}', "colour: unknown field"),
    ('{"ctdash_basket": 1, "items": [{"view": "cted_visits"}, {"view": "nope"}]}',
     "item 2: view: unknown view 'nope'"),
    ('{"ctdash_basket": 1, "items": [{"view": "Sources"}]}', "item 1: view: unknown view 'Sources'"),
    ('{"ctdash_basket": 1, "items": [{"view": 3}]}', "item 1: view: expected a view id"),
    ('{"ctdash_basket": 1, "items": [{"view": "cted_visits", "years": [2019]}]}', "item 1: years: expected two"),
    ('{"ctdash_basket": 1, "items": [{"view": "cted_visits", "years": [2019, 2016]}]}', "item 1: years: expected"),
    ('{"ctdash_basket": 1, "items": [{"view": "cted_visits", "years": [true, 2016]}]}', "item 1: years"),
    ('{"ctdash_basket": 1, "items": [{"view": "cted_visits", "actors": "GCTF"}]}', "item 1: actors: expected a list"),
    ('{"ctdash_basket": 1, "items": [{"view": "cted_visits", "actors": ["gctf x"]}]}', "item 1: actors: 'gctf x'"),
    ('{"ctdash_basket": 1, "items": [{"view": "cted_visits", "topics": ["nope"]}]}', "item 1: topics: unknown topic"),
    ('{"ctdash_basket": 1, "items": [{"view": "cted_visits", "lang": "ar"}]}', "item 1: lang: unknown field"),
    ('{"ctdash_basket": 1, "items": [7]}', "item 1: expected an object"),
])
def test_bad_json_is_one_line_basket_error(text, message):
    with pytest.raises(BasketError, match=message) as info:
        from_json(text)
    assert "\n" not in str(info.value)


def test_bytes_and_limits():
    assert from_json(to_json(Basket("عنوان")).encode("utf-8")).title == "عنوان"
    with pytest.raises(BasketError, match="not UTF-8"):
        from_json(b"\xff\xfe{")
    with pytest.raises(BasketError, match=f"more than {MAX_ITEMS}"):
        from_json(json.dumps({"ctdash_basket": 1, "items": [{"view": "cted_visits"}] * (MAX_ITEMS + 1)}))


@pytest.mark.parametrize("text", ["", "b1.", "b1.!!!", "b1.AAAA", "x" * 50, "b1." + "A" * 9000,
                                  "b1.eJwLyczPSy0qAgALVAK2"])
def test_bad_param_is_basket_error(text):
    with pytest.raises(BasketError):
        from_param(text)


def test_param_is_url_safe_and_compact():
    b = Basket("التعاون", "2016–2019", tuple(Item(v, F1619) for v in EXPORTABLE[:8]))
    p = to_param(b)
    assert re.fullmatch(r"[A-Za-z0-9_.\-]+", p) and len(p) < 400
    assert from_param(p) == b


_filters = st.builds(
    lambda years, actors, topics: Filters(years=tuple(sorted(years)), actors=tuple(actors), topics=tuple(topics)),
    st.lists(st.integers(ALL_YEARS[0], ALL_YEARS[1]), min_size=2, max_size=2),
    st.lists(st.from_regex(r"[A-Z0-9][A-Z0-9_-]{0,10}", fullmatch=True), max_size=3),
    st.lists(st.sampled_from(sorted(TOPICS)), max_size=3),
)
_baskets = st.builds(
    Basket,
    st.text(max_size=40), st.text(max_size=40),
    st.lists(st.builds(Item, st.sampled_from(EXPORTABLE), _filters), max_size=6).map(tuple),
)


@settings(max_examples=150, deadline=None)
@given(_baskets)
def test_round_trips_exactly(b):
    assert from_json(to_json(b)) == b
    assert from_param(to_param(b)) == b
