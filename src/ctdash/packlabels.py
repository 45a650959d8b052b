"""The briefing pack's own labels (English, Arabic), beside `ctdash.i18n`'s."""

from __future__ import annotations

from ctdash.i18n import pick_label, t

_LABELS: dict[str, tuple[str, str]] = {
    "exported": ("Exported on", "تاريخ التصدير"),
    "left_out": (
        "Left out, nothing to show under these filters",
        "لم تُدرج لعدم وجود بيانات ضمن عوامل التصفية هذه",
    ),
    "closing": ("Sources and data-quality notes", "المصادر وملاحظات جودة البيانات"),
    "no_notes": ("No data-quality note touches the exported figures.", "لا توجد ملاحظة جودة تخص الأرقام المصدَّرة."),
    "continued": ("continued", "تابع"),
    "qualifier_key": (
        "Figures as the source states them: 65+ more than, ≈ about, ≥ at least, < fewer than, ≤ up to.",
        "الأرقام كما وردت في المصدر: ‎65+‎ أكثر من، ≈ نحو، ≥ على الأقل، < أقل من، ≤ حتى.",
    ),
    "agg_timeline": (
        "The dashboard draws each dated event on a timeline; this chart counts them per body.",
        "تعرض لوحة المعلومات كل حدث مؤرخ على خط زمني؛ ويحصي هذا الرسم الأحداث لكل هيئة.",
    ),
    "agg_map": (
        "The dashboard shows these visits on a map; this chart gives the same visits per country.",
        "تعرض لوحة المعلومات هذه الزيارات على خريطة؛ ويعطي هذا الرسم الزيارات نفسها لكل بلد.",
    ),
    "table_instead": (
        "The dashboard draws this on a time axis; this table lists the same rows.",
        "تعرض لوحة المعلومات هذه البيانات على محور زمني؛ ويسرد هذا الجدول الصفوف نفسها.",
    ),
    "table_fallback": (
        "Shown as a table: the figure is not a category chart.",
        "معروضة جدولًا: الرسم ليس رسمًا بفئات.",
    ),
    "generated": (
        "Made by ctdash from the curated fact base; every figure carries the sentence it came from.",
        "أُعدّ بواسطة ctdash من قاعدة الوقائع المنسقة؛ لكل رقم الجملة التي ورد فيها.",
    ),
    "contents": ("Contents", "المحتويات"),
    "kind": ("Kind", "النوع"),
    "shown": ("What the charts show", "ما تعرضه الرسوم"),
    "file": ("File", "الملف"),
    "page": ("Dashboard page", "صفحة لوحة المعلومات"),
    "filters_per_slide": ("Each slide states its own filters", "تذكر كل شريحة عوامل التصفية الخاصة بها"),
    "notes_shows": (
        "This chart shows {what} under these filters: {filters}.",
        "يعرض هذا الرسم {what} ضمن عوامل التصفية التالية: {filters}.",
    ),
    "notes_figures": ("Figures as the source states them, with the sentence each came from:",
                      "الأرقام كما وردت في المصدر، مع الجملة التي ورد فيها كل منها:"),
    "notes_more": ("… and {n} more rows: the dashboard and the HTML pack list them all.",
                   "… و{n} صفًّا آخر: تسردها كلها لوحة المعلومات وملف HTML."),
    "notes_conflicts": ("Data-quality notes touching this chart:", "ملاحظات جودة البيانات المتعلقة بهذا الرسم:"),
    "as_of_export": ("As of {date}", "البيانات حتى {date}"),
    "table_note": (
        "Each row: the figure, its source and the quoted sentence.",
        "كل صف: الرقم ومصدره والجملة المقتبسة.",
    ),
}


def label(key: str, lang: str, **fmt: object) -> str:
    """A label of the pack (own keys first, then `ctdash.i18n.t`)."""
    return pick_label(_LABELS, key, lang, **fmt) if key in _LABELS else t(key, lang, **fmt)
