"""Every label of the dashboard in English and Arabic: `t(key, lang)`, vocabularies, actor names."""

from __future__ import annotations

# key: (English, Arabic)
LABELS: dict[str, tuple[str, str]] = {
    # app and pages
    "app_title": ("Counter-terrorism cooperation", "التعاون في مكافحة الإرهاب"),
    "app_subtitle": (
        "Figures from five public Arabic documents, each with the sentence it came from",
        "أرقام من خمس وثائق عربية منشورة، ولكل رقم الجملة التي ورد فيها",
    ),
    "page_overview": ("Overview", "نظرة عامة"),
    "page_meetings": ("Meetings", "الاجتماعات"),
    "page_coalition": ("Coalition", "التحالف الدولي"),
    "page_cted": ("CTED visits", "زيارات المديرية التنفيذية"),
    "page_working_groups": ("Working groups", "الأفرقة العاملة"),
    "page_explorer": ("Explorer", "المستكشف"),
    "page_sources": ("Sources", "المصادر"),
    # sidebar
    "filters": ("Filters", "عوامل التصفية"),
    "language": ("Language", "اللغة"),
    "years": ("Years", "السنوات"),
    "actors": ("Actors (states and organisations)", "الجهات (الدول والمنظمات)"),
    "topics": ("Topics and bodies", "المواضيع والهيئات"),
    "all": ("all", "الكل"),
    "reset_filters": ("Reset filters", "إعادة ضبط عوامل التصفية"),
    "share_hint": (
        "The address bar holds these filters: copy it to share this view.",
        "يحمل شريط العنوان عوامل التصفية هذه: انسخه لمشاركة هذا العرض.",
    ),
    "states": ("States", "الدول"),
    "organisations": ("Organisations", "المنظمات"),
    # notices
    "notice_repeated": ("Repeated URL parameter {param}: only the first value is used", "تكرر المعامل {param} في العنوان: استُخدمت القيمة الأولى فقط"),
    "notice_bad_years": ("Ignored the year range in the URL: “{value}” is not a year range", "تم تجاهل نطاق السنوات في العنوان: «{value}» ليس نطاق سنوات"),
    "notice_years_out_of_range": ("Ignored the year range in the URL: “{value}” is outside the data", "تم تجاهل نطاق السنوات في العنوان: «{value}» خارج نطاق البيانات"),
    "notice_years_clamped": ("The year range “{value}” in the URL goes beyond the data: it was cut to the data's years", "نطاق السنوات «{value}» في العنوان يتجاوز البيانات: قُصر على سنوات البيانات"),
    "notice_unknown_actor": ("Ignored unknown actor in the URL: “{value}”", "تم تجاهل جهة غير معروفة في العنوان: «{value}»"),
    "notice_unknown_topic": ("Ignored unknown topic in the URL: “{value}”", "تم تجاهل موضوع غير معروف في العنوان: «{value}»"),
    "notice_bad_lang": ("Ignored unknown language in the URL: “{value}”", "تم تجاهل لغة غير معروفة في العنوان: «{value}»"),
    "notice_bad_url": ("Ignored the URL parameters: they could not be read", "تم تجاهل معاملات العنوان: تعذرت قراءتها"),
    "db_error": (
        "The database could not be built from the curated data, so the dashboard cannot show figures. Details:",
        "تعذر بناء قاعدة البيانات من البيانات المنسقة، لذا لا تستطيع لوحة المعلومات عرض الأرقام. التفاصيل:",
    ),
    "db_stale": (
        "The curated data changed but does not validate; showing the last good database. Problems:",
        "تغيرت البيانات المنسقة لكنها لا تجتاز التحقق؛ تُعرض آخر قاعدة بيانات سليمة. المشكلات:",
    ),
    # chart furniture
    "data_view": ("Data behind this chart", "البيانات التي يعرضها هذا الرسم"),
    "data_view_table": ("Data", "البيانات"),
    "download_csv": ("Download CSV", "تنزيل CSV"),
    "download_all": ("Download all data (CSV, Parquet, datapackage.json)",
                     "تنزيل كل البيانات (CSV وParquet وdatapackage.json)"),
    "source_line": ("Source", "المصدر"),
    "sources_line": ("Sources", "المصادر"),
    "no_data": ("Nothing in the current filters.", "لا شيء ضمن عوامل التصفية الحالية."),
    "rows": ("rows", "صفوف"),
    "pack_title": ("Briefing pack", "ملف إحاطة"),
    "rows_capped": (
        "Showing the first {n} of {total} rows; the CSV download holds them all.",
        "يُعرض أول {n} من {total} صفاً؛ ملف CSV المنزَّل يضمها كلها.",
    ),
    "filters_used": ("Filters", "عوامل التصفية"),
    "as_of": ("as of", "حتى"),
    "period": ("Period", "الفترة"),
    "not_on_axis": ("Not on the axis (the source gives no number)", "خارج المحور (لا يذكر المصدر رقمًا)"),
    "alternative_reading": ("other passage of the source", "مقطع آخر من المصدر"),
    "shown_reading": ("figure shown", "الرقم المعروض"),
    "conflict_note": ("The source disagrees with itself here: see data-quality note", "يتعارض المصدر مع نفسه هنا: انظر ملاحظة جودة البيانات"),
    "undated_role": ("dates not given: as of the source", "لا تواريخ في المصدر: حسب تاريخ المصدر"),
    "dated_role": ("dated term", "فترة مؤرخة"),
    "value": ("Value", "القيمة"),
    "count": ("Count", "العدد"),
    "year": ("Year", "السنة"),
    "date": ("Date", "التاريخ"),
    "body": ("Body", "الهيئة"),
    "country": ("Country", "البلد"),
    "working_group": ("Working group", "الفريق العامل"),
    "actor": ("Actor", "الجهة"),
    "role": ("Role", "الدور"),
    "groups": ("Groups", "الأفرقة"),
    "qualifier": ("How the source states it", "صيغة المصدر"),
    "figures": ("Curated figures", "الأرقام المنسقة"),
    "events": ("Events", "الأحداث"),
    "visits": ("Visits", "الزيارات"),
    "plenaries": ("Plenary meetings", "الاجتماعات العامة"),
    "meetings": ("Meetings", "الاجتماعات"),
    # chart titles
    "chart_headlines": ("Headline figures", "أرقام رئيسية"),
    "chart_sources": ("The five sources", "المصادر الخمسة"),
    "chart_conflicts": ("Data-quality notes: where passages disagree", "ملاحظات جودة البيانات: حيث تتعارض المقاطع"),
    "chart_facts_by_topic": ("Curated figures per topic, by how exactly the source states them", "الأرقام المنسقة لكل موضوع حسب دقة صيغة المصدر"),
    "chart_expert_meetings": ("GCTF expert meetings per year", "اجتماعات الخبراء في المنتدى العالمي لمكافحة الإرهاب سنويًا"),
    "chart_period_totals": ("GCTF meetings over the co-chairs' period (period totals)", "اجتماعات المنتدى خلال فترة الرئاسة المشتركة (مجاميع الفترة)"),
    "chart_wg_plenaries": ("Working-group plenary meetings per group", "الاجتماعات العامة لكل فريق عامل"),
    "chart_timeline": ("Timeline of dated meetings and events, by body", "الخط الزمني للاجتماعات والأحداث المؤرخة حسب الهيئة"),
    "chart_events_per_year": ("Dated events per year and body", "الأحداث المؤرخة لكل سنة وهيئة"),
    "chart_cted_visits": ("CTED visits: cumulative and reporting-period figures", "زيارات المديرية التنفيذية: أرقام تراكمية وأرقام فترة التقرير"),
    "chart_cted_activity": ("CTED recommendations, reports and activities", "توصيات المديرية التنفيذية وتقاريرها وأنشطتها"),
    "chart_country_visits": ("Named country visits", "زيارات قُطرية مسماة"),
    "chart_visits_map": ("Countries visited (named visits)", "البلدان التي زيرت (زيارات مسماة)"),
    "chart_wg_list": ("Working groups of the GCTF, the Coalition and the UN Global Compact", "الأفرقة العاملة للمنتدى والتحالف والاتفاق العالمي للأمم المتحدة"),
    "chart_wg_chairs": ("Chairs over time", "الرئاسات عبر الزمن"),
    "chart_actor_roles": ("Who chairs what: roles per state and organisation", "من يرأس ماذا: أدوار كل دولة ومنظمة"),
    "chart_coalition": ("{topic}", "{topic}"),
    # explorer and sources
    "table": ("Table", "الجدول"),
    "search_rows": ("Search in the rows", "البحث في الصفوف"),
    "tab_browse": ("Browse the tables", "تصفح الجداول"),
    "tab_sql": ("SQL", "SQL"),
    "tab_check": ("Check my CSV", "افحص ملف CSV الخاص بي"),
    "facet_filters": ("Filter by column values", "التصفية حسب قيم الأعمدة"),
    "facets_active": ("{n} active", "{n} مفعّلة"),
    "sql_box": ("SQL over the curated tables (read-only, one SELECT)", "استعلام SQL على الجداول المنسقة (قراءة فقط، SELECT واحد)"),
    "run_query": ("Run", "تشغيل"),
    "sql_truncated": ("Only the first {n} rows are shown.", "تُعرض أول {n} صفًا فقط."),
    "explorer_filters_note": (
        "Facts and events follow the sidebar filters; the other tables are shown whole.",
        "تتبع الوقائع والأحداث عوامل التصفية الجانبية؛ وتُعرض الجداول الأخرى كاملة.",
    ),
    "document": ("Document", "الوثيقة"),
    "search_document": ("Search the document (Arabic letter forms and digits are matched loosely)", "ابحث في الوثيقة (تُطابَق أشكال الحروف العربية والأرقام بمرونة)"),
    "matches": ("{n} match(es)", "{n} نتيجة"),
    "jump_to_quote": ("Go to the passage each row quotes", "انتقل إلى المقطع الذي يقتبسه كل صف"),
    "quotes_in_doc": ("Curated rows quoting this document", "الصفوف المنسقة التي تقتبس هذه الوثيقة"),
    "highlight_legend": ("Highlighted: curated quotes; outlined: search matches.", "المظلل: الاقتباسات المنسقة؛ المؤطر: نتائج البحث."),
    "published": ("Published", "تاريخ النشر"),
    "publisher": ("Publisher", "الناشر"),
    "period_covered": ("Period covered", "الفترة المشمولة"),
    "sources_filters_note": ("The sources are shown whole; the sidebar filters do not apply here.", "تُعرض المصادر كاملة؛ لا تنطبق عوامل التصفية هنا."),
    "quote_not_found": ("quote not found verbatim in the text", "لم يُعثر على الاقتباس حرفيًا في النص"),
}

TOPIC_LABELS: dict[str, tuple[str, str]] = {
    "gctf_meetings": ("GCTF meetings", "اجتماعات المنتدى العالمي"),
    "gctf_documents": ("GCTF documents", "وثائق المنتدى العالمي"),
    "gctf_working_groups": ("GCTF working groups", "الأفرقة العاملة للمنتدى"),
    "gctf_institutions": ("GCTF and its institutions", "المنتدى ومؤسساته"),
    "gctf_outreach": ("GCTF outreach", "تواصل المنتدى"),
    "coalition_membership": ("Coalition: membership", "التحالف: العضوية"),
    "coalition_military": ("Coalition: military", "التحالف: الجهد العسكري"),
    "coalition_stabilization": ("Coalition: stabilisation", "التحالف: تحقيق الاستقرار"),
    "coalition_messaging": ("Coalition: messaging", "التحالف: الرسائل الإعلامية"),
    "coalition_finance": ("Coalition: finance", "التحالف: التمويل"),
    "coalition_ftf": ("Coalition: foreign fighters", "التحالف: المقاتلون الأجانب"),
    "cted_visits": ("CTED visits", "زيارات المديرية التنفيذية"),
    "cted_activity": ("CTED activity", "أنشطة المديرية التنفيذية"),
    "un_mandate": ("UN mandate", "ولاية الأمم المتحدة"),
}

VOCAB: dict[str, dict[str, tuple[str, str]]] = {
    "qualifier": {
        "exact": ("exact", "دقيق"), "more_than": ("more than", "أكثر من"),
        "at_least": ("at least", "على الأقل"), "about": ("about", "نحو"),
        "fewer_than": ("fewer than", "أقل من"), "up_to": ("up to", "حتى"),
        "vague": ("vague (no number)", "غير محدد (بلا رقم)"),
    },
    "unit": {
        "count": ("number", "عدد"), "usd": ("US dollars", "دولار أمريكي"), "percent": ("per cent", "في المائة"),
        "years": ("years", "سنوات"), "months": ("months", "أشهر"), "days": ("days", "أيام"),
        "km": ("km", "كم"), "km2": ("km²", "كم²"), "kg": ("kg", "كغ"), "tonnes": ("tonnes", "طن"),
        "people": ("people", "أشخاص"), "views": ("views", "مشاهدات"), "accounts": ("accounts", "حسابات"),
        "barrels_per_day": ("barrels per day", "برميل يوميًا"), "hours": ("hours", "ساعات"),
    },
    "status": {"active": ("active", "قائم"), "former": ("former", "سابق")},
    "forum": {
        "GCTF": ("GCTF", "المنتدى العالمي لمكافحة الإرهاب"), "Coalition": ("Coalition", "التحالف الدولي"),
        "UN Global Compact": ("UN Global Compact", "الاتفاق العالمي للأمم المتحدة"),
    },
    "role": {
        "chair": ("chair", "رئيس"), "co_chair": ("co-chair", "رئيس مشارك"),
        "vice_chair": ("vice-chair", "نائب الرئيس"), "lead": ("lead", "قيادة"),
    },
    "group": {"gctf": ("GCTF", "المنتدى العالمي"), "coalition": ("Coalition", "التحالف"), "un": ("UN (CTC, CTED)", "الأمم المتحدة")},
    "precision": {"day": ("day", "يوم"), "month": ("month", "شهر"), "year": ("year only", "السنة فقط")},
    "kind": {
        "contradiction": ("contradiction", "تناقض"), "typo": ("typo", "خطأ مطبعي"),
        "date_error": ("date error", "خطأ في التاريخ"), "duplicate": ("duplicate", "تكرار"),
    },
}

# Column headings of the data views (others are shown as they are).
COLUMNS: dict[str, tuple[str, str]] = {
    "label": ("Figure", "الرقم"), "value": ("Value", "القيمة"), "value_text": ("As stated", "كما ورد"),
    "qualifier": ("Qualifier", "الصيغة"), "unit": ("Unit", "الوحدة"), "year": ("Year", "السنة"),
    "period_start": ("Period start", "بداية الفترة"), "period_end": ("Period end", "نهاية الفترة"),
    "source_title": ("Source", "المصدر"), "publisher": ("Publisher", "الناشر"),
    "published": ("Published", "تاريخ النشر"), "quote": ("Quote", "الاقتباس"),
    "title": ("Event", "الحدث"), "body_name": ("Body", "الهيئة"), "date_start": ("Date", "التاريخ"),
    "wg_name": ("Working group", "الفريق العامل"), "actor_name": ("Actor", "الجهة"),
    "country": ("Country", "البلد"), "description": ("Description", "الوصف"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "ar" else pair[0]


def t(key: str, lang: str = "en", **fmt: object) -> str:
    """The label `key` in `lang` ("en" or "ar"), formatted with `fmt`; the key itself if unknown."""
    pair = LABELS.get(key)
    text = _pick(pair, lang) if pair else key
    return text.format(**fmt) if fmt else text


def topic_label(topic: str, lang: str = "en") -> str:
    pair = TOPIC_LABELS.get(topic)
    return _pick(pair, lang) if pair else topic.replace("_", " ")


def vocab(kind: str, value: str | None, lang: str = "en") -> str:
    """A vocabulary value (qualifier, unit, status, forum, role, group ...) in `lang`."""
    if value is None:
        return ""
    pair = VOCAB.get(kind, {}).get(str(value))
    return _pick(pair, lang) if pair else str(value).replace("_", " ")


def column_label(column: str, lang: str = "en") -> str:
    pair = COLUMNS.get(column)
    return _pick(pair, lang) if pair else column
