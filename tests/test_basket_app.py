"""The briefing basket in the app (issue 15), through AppTest: "Add to briefing" under a chart, the
Briefing page's reorder and remove, the basket in the URL (a shared link gives the same basket, a
page switch keeps it), and a saved JSON file loaded back. Also each chart's image name, summary
and "Cite this chart" line."""

from __future__ import annotations

import json

from support.apptest import app, charts, no_exception, open_rows, qp

from ctdash import basket
from ctdash.basket import Basket, Item
from ctdash.filters import Filters
from ctdash.pages_table import BY_NAME

Y = (2016, 2019)


def _basket(at) -> Basket:
    value = qp(at, basket.PARAM)
    assert value, "the basket is not in the URL"
    return basket.from_param(value[0])


def _rows(at) -> list[str]:
    """The Briefing page's items as listed (their first line)."""
    return [m.value.split("  \n")[0] for m in at.markdown if m.value.startswith("**")]


def test_add_to_briefing_keeps_the_filters_and_goes_into_the_url() -> None:
    at = app({"years": "2016-2019", "lang": "ar"}, page="meetings", rows=True)
    no_exception(at)
    assert qp(at, basket.PARAM) is None  # nothing added: no parameter
    at.button(key="add_expert_meetings").click().run()
    no_exception(at)
    b = _basket(at)
    assert b.items == (Item("expert_meetings", Filters(years=Y)),)  # the filters it was added with
    assert at.button(key="add_expert_meetings").disabled  # "In the briefing"
    assert at.button(key="add_expert_meetings").label == "في الإحاطة"
    at.button(key="add_period_totals").click().run()
    assert [i.view_id for i in _basket(at).items] == ["expert_meetings", "period_totals"]
    # a page switch (which clears the URL) keeps the basket, in the session and in the URL
    at.switch_page(BY_NAME["cted"].file).run()
    no_exception(at)
    assert [i.view_id for i in _basket(at).items] == ["expert_meetings", "period_totals"]
    assert qp(at, "years") == ["2016-2019"]


def test_every_table_has_add_to_briefing_too() -> None:
    """The issue's "every chart and table": the sources, the data-quality notes and the working
    groups are added like charts, and the Briefing page lists them."""
    at = app({"years": "2016-2019"}, rows=True)
    no_exception(at)
    for view_id in ("sources", "conflicts", "headlines"):
        at.button(key=f"add_{view_id}").click().run()
    at.switch_page(BY_NAME["working_groups"].file).run()
    open_rows(at, "wg_list")
    at.button(key="add_wg_list").click().run()
    no_exception(at)
    assert [i.view_id for i in _basket(at).items] == ["sources", "conflicts", "headlines", "wg_list"]


def test_briefing_page_reorders_and_removes() -> None:
    b = Basket("Coalition brief", "", (Item("expert_meetings", Filters(years=Y)),
                                      Item("cted_visits", Filters(actors=("MAR",))),
                                      Item("period_totals")))
    at = app({basket.PARAM: basket.to_param(b)}, page="briefing")
    no_exception(at)
    rows = _rows(at)
    assert [r.split(". ", 1)[0] for r in rows] == ["**1", "**2", "**3"]
    assert "expert meetings" in rows[0] and "CTED visits" in rows[1]
    assert at.text_input(key="bk_title").value == "Coalition brief"
    assert at.button(key="bk_up_0").disabled and at.button(key="bk_down_2").disabled
    # the filters each item was added with, in words
    words = [m.value for m in at.markdown if m.value.startswith("**2.")][0]
    assert "Morocco" in words
    at.button(key="bk_down_0").click().run()
    assert [i.view_id for i in _basket(at).items] == ["cted_visits", "expert_meetings", "period_totals"]
    at.button(key="bk_up_2").click().run()
    assert [i.view_id for i in _basket(at).items] == ["cted_visits", "period_totals", "expert_meetings"]
    at.button(key="bk_remove_0").click().run()
    no_exception(at)
    assert [i.view_id for i in _basket(at).items] == ["period_totals", "expert_meetings"]
    assert "expert meetings" in _rows(at)[1]
    at.text_input(key="bk_title").input("إحاطة التحالف").run()
    assert _basket(at).title == "إحاطة التحالف"
    at.button(key="bk_clear").click().run()
    assert qp(at, basket.PARAM) is None and not _rows(at)


def test_url_round_trip_and_a_damaged_link() -> None:
    b = Basket("T", "S", (Item("coalition_finance", Filters(years=(2015, 2020), topics=("coalition_finance",))),))
    at = app({basket.PARAM: basket.to_param(b), "lang": "ar"}, page="briefing")
    no_exception(at)
    assert _basket(at) == b
    assert at.text_input(key="bk_subtitle").value == "S"
    bad = app({basket.PARAM: "b1.not-a-basket"}, page="briefing")
    no_exception(bad)
    assert any("basket" in e.value for e in bad.error)


def test_save_and_load_json() -> None:
    b = Basket("Deck", "sub", (Item("expert_meetings", Filters(years=Y)), Item("cted_visits")))
    at = app(page="briefing")
    no_exception(at)
    assert not _rows(at)
    assert not at.get("download_button") and not at.text_input  # empty: nothing to title, export or save
    assert at.info and at.file_uploader(key="bk_load")  # what to do instead: add charts, or load a basket
    at.file_uploader(key="bk_load").set_value(("brief.json", basket.to_json(b).encode("utf-8"), "application/json"))
    at.run()
    no_exception(at)
    assert _basket(at) == b
    assert len(_rows(at)) == 2
    assert {d.key for d in at.get("download_button")} >= {"bk_save"} and at.text_input(key="bk_title").value == "Deck"
    assert any("2" in s.value for s in at.success)
    saved = at.get("download_button")
    assert any(d.proto.label.startswith("Save basket") for d in saved)
    # a file that is not a basket: an error naming why, the basket unchanged
    at.file_uploader(key="bk_load").set_value(("x.json", b'{"items": []}', "application/json"))
    at.run()
    assert any("not a ctdash basket" in e.value for e in at.error)
    assert _basket(at) == b


def test_chart_image_name_summary_and_cite_line() -> None:
    at = app({"years": "2016-2019"}, page="meetings", rows=True)
    no_exception(at)
    fig = charts(at)[0]
    config = json.loads(fig.proto.config) if isinstance(fig.proto.config, str) else fig.proto.config
    options = config["toImageButtonOptions"]
    assert options == {"format": "png", "filename": "gctf-expert-meetings_2016-2019", "scale": 2}
    layout = json.loads(fig.proto.spec)["layout"]
    assert "GCTF expert meetings per year" in layout["title"]["text"]
    assert "2016–2019" in layout["title"]["subtitle"]["text"] and "Source" in layout["title"]["subtitle"]["text"]
    summaries = [h.proto.body for h in at.get("html") if 'class="ct-sum"' in h.proto.body]
    assert "the largest is 23 (2019)" in summaries[0] and 'lang="en"' in summaries[0]
    cite = at.code[0].value
    assert cite.startswith("GCTF expert meetings per year.") and "Source: " in cite
    assert cite.endswith("/meetings?years=2016-2019")


def test_svg_chosen_on_the_briefing_page_applies_to_every_chart() -> None:
    at = app({"years": "2016-2019"}, page="briefing")
    at.button_group(key="bk_image_format").set_value("svg").run()  # st.segmented_control
    no_exception(at)
    at.switch_page(BY_NAME["meetings"].file).run()
    fig = charts(at)[0]
    config = json.loads(fig.proto.config) if isinstance(fig.proto.config, str) else fig.proto.config
    assert config["toImageButtonOptions"]["format"] == "svg"
    assert config["toImageButtonOptions"]["filename"] == "gctf-expert-meetings_2016-2019"
