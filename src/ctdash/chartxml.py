"""A deck chart's part XML written as one string: the c:chartSpace python-pptx's `add_chart`
writes for a bar or column chart, with the deck's styling already in it (series colours and
hatching, data labels, fonts, axes, legend, right to left for Arabic).

python-pptx builds a chart from its XML template and styles it through proxies that look every
element up again; for a deck of thirty charts that cost twice the charts themselves. The same
XML is written here in one pass, element for element in python-pptx's (the schema's) order, so a
chart opens, reads back and renders as before. `tests/test_chartxml.py` checks it against what
python-pptx and the former styling wrote for the same panels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

LATIN_FONT = "Noto Sans"
ARABIC_FONT = "Noto Sans Arabic"  # the complex-script font: Arabic runs use it
HEAD = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"

# A label python-pptx would write otherwise than as one run of text (a line break, a control
# character) or not at all (a character XML cannot hold): left to python-pptx (`deck`).
_NOT_ONE_RUN = re.compile("[\x00-\x1f\ud800-\udfff\ufffe\uffff]")


def plain_run(text: str) -> bool:
    """Whether a data label is one plain run of text, written here."""
    return _NOT_ONE_RUN.search(text) is None


@dataclass(frozen=True)
class Style:
    """What a chart's text looks like in a deck: its language's direction and fonts."""

    rtl: bool = False
    latin: bool = True  # Noto Sans for Latin text (False: a template's own font)

    @property
    def fonts(self) -> str:
        cs = f'<a:cs typeface="{ARABIC_FONT}"/>'
        return f'<a:latin typeface="{LATIN_FONT}"/>{cs}' if self.latin else cs

    @property
    def ppr(self) -> str:
        """A paragraph's properties' attributes (right to left, right aligned in Arabic)."""
        return ' algn="r" rtl="1"' if self.rtl else ""

    @property
    def lang(self) -> str:
        return ' lang="ar-SA"' if self.rtl else ""

    def txpr(self, size: int, color: str = "") -> str:
        """A c:txPr: the default run properties of an axis, legend or label."""
        fill = f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>' if color else ""
        return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr{self.ppr}><a:defRPr sz="{size * 100}">{fill}'
                f"{self.fonts}</a:defRPr></a:pPr></a:p></c:txPr>")

    def rich_run(self, text: str) -> str:
        """A data label's own text (c:tx, one run that never wraps)."""
        ppr = f"<a:pPr{self.ppr}/>" if self.rtl else ""
        return (f'<c:tx><c:rich><a:bodyPr wrap="none"/><a:lstStyle/><a:p>{ppr}<a:r><a:rPr{self.lang}>{self.fonts}'
                f"</a:rPr><a:t>{escape(text)}</a:t></a:r></a:p></c:rich></c:tx>")


@dataclass
class Series:
    name: str
    values: list[float | None]
    labels: list[str]  # the data label's c:tx of each point ("" for none)
    color: str  # RRGGBB
    pattern: str = ""  # python-pptx's preset name of the hatching ("" solid)


def column(n: int) -> str:
    """'A' for 0, 'Z' for 25, 'AA' for 26: a zero-based column's letters."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


_SHOW = ('<c:showLegendKey val="0"/><c:showVal val="{}"/><c:showCatName val="0"/><c:showSerName val="0"/>'
         '<c:showPercent val="0"/><c:showBubbleSize val="0"/>')
_SHOW_ONE, _SHOW_NONE = _SHOW.format(1), _SHOW.format(0)


def _fill(color: str, pattern: str) -> str:
    if pattern:
        return (f'<a:pattFill prst="{pattern}"><a:fgClr><a:srgbClr val="FFFFFF"/></a:fgClr>'
                f'<a:bgClr><a:srgbClr val="{color}"/></a:bgClr></a:pattFill>')
    return f'<a:solidFill><a:srgbClr val="{color}"/></a:solidFill>'


def _series(k: int, s: Series, cats_xml: str, n: int, label_props: str) -> str:
    col = column(k + 1)
    out = [f'<c:ser><c:idx val="{k}"/><c:order val="{k}"/><c:tx><c:strRef><c:f>Sheet1!${col}$1</c:f><c:strCache>'
           f'<c:ptCount val="1"/><c:pt idx="0"><c:v>{escape(s.name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
           f"<c:spPr>{_fill(s.color, s.pattern)}</c:spPr>"]
    labels = [f'<c:dLbl><c:idx val="{i}"/>{tx}{label_props}</c:dLbl>' for i, tx in enumerate(s.labels) if tx]
    if labels:
        out.append(f'<c:dLbls>{"".join(labels)}{_SHOW_NONE}<c:showLeaderLines val="1"/></c:dLbls>')
    out.append(cats_xml)
    pts = "".join(f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(s.values) if v is not None)
    out.append(f"<c:val><c:numRef><c:f>Sheet1!${col}$2:${col}${n + 1}</c:f><c:numCache><c:formatCode>General"
               f'</c:formatCode><c:ptCount val="{len(s.values)}"/>{pts}</c:numCache></c:numRef></c:val></c:ser>')
    return "".join(out)


def _num(value: float) -> str:
    """A scale value as python-pptx writes it (a float's repr)."""
    return str(float(value))


def bar_chart(categories: list[str], series: list[Series], *, horizontal: bool, stacked: bool, gap: int,
              legend: str, legend_size: int, top: float | None, major_unit: float | None,
              style: Style) -> bytes:
    """The chart part of a clustered or stacked bar (`horizontal`) or column chart. `legend`: "" for
    none, else its position ("r", "l", "b"); `top`: the value axis' maximum (its minimum 0), None for
    the renderer's own scale; labels white on stacked segments, else outside the bar's end."""
    if not categories:
        raise ValueError("chart data contains no categories")
    n = len(categories)
    pts = "".join(f'<c:pt idx="{i}"><c:v>{escape(str(c))}</c:v></c:pt>' for i, c in enumerate(categories))
    cats_xml = (f'<c:cat><c:strRef><c:f>Sheet1!$A$2:$A${n + 1}</c:f><c:strCache><c:ptCount val="{n}"/>{pts}'
                "</c:strCache></c:strRef></c:cat>")
    label_props = (style.txpr(11, "FFFFFF" if stacked else "")
                   + f'<c:dLblPos val="{"ctr" if stacked else "outEnd"}"/>{_SHOW_ONE}')
    cat_pos, val_pos = ("l", "b") if horizontal else ("b", "l")
    cat_orient = "maxMin" if style.rtl and not horizontal else "minMax"
    val_scale = '<c:orientation val="maxMin"/>' if style.rtl and horizontal else ""
    if top is not None:
        val_scale += f'<c:max val="{_num(top)}"/><c:min val="0.0"/>'
    legend_xml = ""
    if legend:
        pos = "" if legend == "r" else f' val="{legend}"'  # right is the schema's default
        legend_xml = f'<c:legend><c:legendPos{pos}/><c:overlay val="0"/>{style.txpr(legend_size)}</c:legend>'
    xml = [
        HEAD,
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<c:date1904 val="0"/><c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:barChart>'
        f'<c:barDir val="{"bar" if horizontal else "col"}"/><c:grouping val="{"stacked" if stacked else "clustered"}"/>',
        *(_series(k, s, cats_xml, n, label_props) for k, s in enumerate(series)),
        f'<c:gapWidth val="{gap}"/>',
        '<c:overlap val="100"/>' if stacked else "",
        '<c:axId val="-2068027336"/><c:axId val="-2113994440"/></c:barChart>'
        f'<c:catAx><c:axId val="-2068027336"/><c:scaling><c:orientation val="{cat_orient}"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{cat_pos}"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/>{style.txpr(11)}<c:crossAx val="-2113994440"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:tickLblSkip val="1"/>'
        '<c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="-2113994440"/><c:scaling>{val_scale}</c:scaling><c:delete val="0"/>'
        f'<c:axPos val="{val_pos}"/><c:majorGridlines/><c:numFmt formatCode="#,##0.##" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'{style.txpr(11)}<c:crossAx val="-2068027336"/><c:crosses val="autoZero"/>',
        f'<c:majorUnit val="{_num(major_unit)}"/>' if major_unit is not None else "",
        f"</c:valAx></c:plotArea>{legend_xml}",
        '<c:dispBlanksAs val="gap"/></c:chart>'
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr{style.ppr}><a:defRPr sz="1200">{style.fonts}</a:defRPr>'
        f"</a:pPr><a:endParaRPr lang=\"{'ar-SA' if style.rtl else 'en-US'}\">{style.fonts}</a:endParaRPr></a:p>"
        '</c:txPr><c:externalData r:id="rId1"><c:autoUpdate val="0"/></c:externalData></c:chartSpace>',
    ]
    return "".join(xml).encode("utf-8")
