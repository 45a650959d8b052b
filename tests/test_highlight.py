"""The source reader's highlighting: quotes and search matches as marks, text escaped."""

from __future__ import annotations

from ctdash import highlight


def test_quotes_and_matches_become_marks_with_anchors():
    text = "<b>أكثر من 182 زيارة</b> و112 دولة"
    spans = highlight.quote_spans(text, [("F-1", "أكثر من 182 زيارة"), ("F-2", "182 زيارة"), ("F-3", "غائب")])
    assert set(spans) == {"F-1", "F-2"}  # F-3's quote is not in the text
    html = highlight.to_html(text, spans, highlight.search_spans(text, "١١٢"))
    assert "&lt;b&gt;" in html and "<b>" not in html  # the document's own text is escaped
    assert html.count('id="row-F-1"') == 1 and html.count('id="row-F-2"') == 1
    same_start = highlight.to_html("abc", {"A": [(0, 2)], "B": [(0, 3)]}, [])
    assert 'id="row-A"' in same_start and 'id="row-B"' in same_start  # every row gets its anchor
    assert 'title="F-1 F-2"' in html  # the overlap names both rows
    assert '<mark class="s">112</mark>' in html  # Arabic-Indic digits found Western ones


def test_repeated_passage_is_marked_each_time():
    text = "نص مكرر. نص مكرر."
    assert highlight.quote_spans(text, [("F-1", "نص مكرر")]) == {"F-1": [(0, 7), (9, 16)]}


def test_search_sees_through_letter_forms():
    text = "يشارك ما لا يقل عن 26 شريكاً"
    assert highlight.search_spans(text, "يشارك ما لا يقل عن ٢٦") == [(0, 21)]
    assert highlight.search_spans(text, "   ") == []


def test_markdown_text_and_anchor_link():
    assert highlight.markdown_text("[x](https://e.example) *y*") == r"\[x\]\(https\://e\.example\) \*y\*"
    assert highlight.anchor_link("wg:gctf-ftf:MAR") == "#row-wg-gctf-ftf-MAR"


def test_rows_sharing_a_passage_are_named_once_and_counted():
    text = "قبل. أكثر من 182 زيارة. بعد."
    rows = [(f"F-{i:03}", "أكثر من 182 زيارة") for i in range(40)]
    spans = highlight.quote_spans(text, rows)
    assert len(spans) == 40 and len({id(s) for s in spans.values()}) == 1  # searched once, shared
    html = highlight.to_html(text, spans, [], anchors={"F-000", "F-039"})
    assert html.count("<mark") == 1  # one passage, one mark
    named = " ".join(f"F-{i:03}" for i in range(highlight.MAX_TITLE_IDS))
    assert f'title="{named} (+{40 - highlight.MAX_TITLE_IDS})"' in html
    assert 'id="row-F-000"' in html and 'id="row-F-039"' in html and 'id="row-F-001"' not in html


def test_match_inside_a_quote_splits_the_mark():
    text = "يشارك ما لا يقل عن 26 شريكاً"
    spans = highlight.quote_spans(text, [("F-1", text)])
    html = highlight.to_html(text, spans, highlight.search_spans(text, "26"))
    assert '<mark class="q s" title="F-1">26</mark>' in html
    assert html.count('id="row-F-1"') == 1
