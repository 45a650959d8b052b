"""Every label of the dashboard in English and Arabic: `t(key, lang)`, vocabularies, actor names."""

from __future__ import annotations

import datetime
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass

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
    "page_actors": ("Actor profile", "ملف جهة"),
    "page_briefing": ("Briefing", "الإحاطة"),
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
    "from": ("from", "منذ"),
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
    "body_unnamed": ("body not named in the source", "جهة لم يسمّها المصدر"),
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
    # translations, notes and empty states (issue 13)
    "quote_en": ("English translation (unofficial)", "ترجمة إنجليزية (غير رسمية)"),
    "note": ("Curator's note", "ملاحظة المنسق"),
    "quote_label": ("Quote", "الاقتباس"),
    "no_translation": ("no English translation yet", "لا توجد ترجمة إنجليزية بعد"),
    "yes": ("yes", "نعم"),
    "no": ("no", "لا"),
    "empty_names": ("names {actors}", "يذكر {actors}"),
    "empty_years": ("falls in {years}", "يقع في {years}"),
    "empty_topics": ("is about {topics}", "يتناول {topics}"),
    "empty_because": (
        "Nothing to show: no row of the sources for this chart {why}. Widen the filters in the sidebar to see more.",
        "لا شيء لعرضه: لا يوجد في المصادر صف لهذا الرسم {why}. وسّع عوامل التصفية في الشريط الجانبي لرؤية المزيد.",
    ),
    "empty_nothing": ("The sources give nothing for this chart.", "لا تذكر المصادر شيئًا لهذا الرسم."),
    "and": (" and ", " و"),
    "or": (" or ", " أو "),
    # actor profile page
    "actor_pick": ("State or organisation", "الدولة أو المنظمة"),
    "actor_compare": ("Compare with (optional)", "المقارنة مع (اختياري)"),
    "actor_none": ("—", "—"),
    "actor_prompt": (
        "Pick a state or organisation to see everything the sources say about it.",
        "اختر دولة أو منظمة لرؤية كل ما تقوله المصادر عنها.",
    ),
    "actor_more": (
        "The sidebar names {n} actors: the profile shows the first two.",
        "يذكر الشريط الجانبي {n} جهات: يعرض الملف أول جهتين.",
    ),
    "actor_filters_note": (
        "Follows the sidebar's years and topics; the actor is the one picked here (also kept in the sidebar).",
        "يتبع السنوات والمواضيع في الشريط الجانبي؛ والجهة هي المختارة هنا (وتُحفظ في الشريط الجانبي أيضًا).",
    ),
    "actor_summary": (
        "{roles} role(s), {members} membership(s), {events} event(s), {visits} CTED visit(s), {facts} figure(s) name it.",
        "الأدوار: {roles} · العضويات: {members} · الأحداث: {events} · زيارات المديرية: {visits} · الأرقام التي تذكرها: {facts}",
    ),
    "sec_memberships": ("Memberships", "العضويات"),
    "sec_roles": ("Roles over time (chairing the forums and their working groups)", "الأدوار عبر الزمن (رئاسة المنتديات وأفرقتها العاملة)"),
    "sec_events": ("Events it took part in", "الأحداث التي شارك فيها"),
    "sec_visits": ("CTED visits it received", "زيارات المديرية التنفيذية التي استقبلها"),
    "sec_facts": ("Figures that name it", "الأرقام التي تذكره"),
    "sec_timeline": ("Timeline", "الخط الزمني"),
    "sec_empty": ("The sources name {actor} in no row of this kind{filtered}.", "لا تذكر المصادر {actor} في أي صف من هذا النوع{filtered}."),
    "sec_empty_filtered": (" within the current filters", " ضمن عوامل التصفية الحالية"),
    "wg_unnamed": ("a working group the source does not name", "فريق عامل لا يسميه المصدر"),
    "forum_itself": ("{forum} (the forum itself)", "{forum} (المنتدى نفسه)"),
    "timeline_roles": ("Roles", "الأدوار"),
    "timeline_events": ("Events", "الأحداث"),
    "timeline_facts": ("Figures", "الأرقام"),
    "timeline_visits": ("CTED visits", "زيارات المديرية"),
    "actor_csv_title": ("Everything the sources say about {actor}", "كل ما تقوله المصادر عن {actor}"),
    "evidence": ("Rows", "الصفوف"),
    "section": ("Section", "القسم"),
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
    "actor_role": {
        "subject": ("named", "مذكور"), "host": ("host", "مضيف"), "co_host": ("co-host", "مضيف مشارك"),
        "chair": ("chair", "رئيس"), "co_chair": ("co-chair", "رئيس مشارك"), "vice_chair": ("vice-chair", "نائب الرئيس"),
        "lead": ("lead", "قيادة"), "member": ("member", "عضو"), "participant": ("participant", "مشارك"),
        "visited": ("visited", "زاره الوفد"), "partner": ("partner", "شريك"), "organiser": ("organiser", "منظم"),
        "funder": ("funder", "ممول"), "speaker": ("speaker", "متحدث"), "body": ("holding body", "الهيئة المنظمة"),
    },
    "event_type": {
        "meeting": ("meeting", "اجتماع"), "expert_meeting": ("expert meeting", "اجتماع خبراء"),
        "regional_meeting": ("regional meeting", "اجتماع إقليمي"), "ministerial_meeting": ("ministerial meeting", "اجتماع وزاري"),
        "coordinating_committee": ("Coordinating Committee meeting", "اجتماع لجنة التنسيق"),
        "plenary": ("plenary", "اجتماع عام"), "workshop": ("workshop", "ورشة عمل"), "seminar": ("seminar", "ندوة"),
        "briefing": ("briefing", "إحاطة"), "special_meeting": ("special meeting", "اجتماع خاص"),
        "visit": ("visit", "زيارة"), "launch": ("launch", "إطلاق"), "adoption": ("adoption", "اعتماد"),
        "founding": ("founding", "تأسيس"), "mandate": ("mandate", "ولاية"), "publication": ("publication", "منشور"),
        "conference": ("conference", "مؤتمر"), "training": ("training", "تدريب"), "statement": ("statement", "بيان"),
        "other": ("other", "أخرى"),
    },
    "actor_kind": {
        "state": ("state", "دولة"), "intergovernmental": ("intergovernmental organisation", "منظمة حكومية دولية"),
        "un_body": ("UN body", "هيئة أممية"), "forum": ("forum", "منتدى"), "institution": ("institution", "مؤسسة"),
        "company": ("company", "شركة"), "other": ("other", "أخرى"),
    },
    "doc_kind": {
        "framework_document": ("framework document", "وثيقة إطارية"), "good_practices": ("good practices", "ممارسات جيدة"),
        "memorandum": ("memorandum", "مذكرة"), "toolkit": ("toolkit", "مجموعة أدوات"), "declaration": ("declaration", "إعلان"),
        "recommendations": ("recommendations", "توصيات"), "guide": ("guide", "دليل"), "plan": ("plan", "خطة"),
        "report": ("report", "تقرير"), "initiative": ("initiative", "مبادرة"), "other": ("other", "أخرى"),
    },
    "row_table": {
        "facts": ("figure", "رقم"), "events": ("event", "حدث"), "working_groups": ("working group", "فريق عامل"),
        "wg_roles": ("working-group role", "دور في فريق عامل"), "documents": ("document", "وثيقة"),
    },
    "forum": {
        "GCTF": ("GCTF", "المنتدى العالمي لمكافحة الإرهاب"), "Coalition": ("Coalition", "التحالف الدولي"),
        "UN Global Compact": ("UN Global Compact", "الاتفاق العالمي للأمم المتحدة"),
        "UN": ("United Nations", "الأمم المتحدة"),
    },
    "role": {
        "chair": ("chair", "رئيس"), "co_chair": ("co-chair", "رئيس مشارك"),
        "vice_chair": ("vice-chair", "نائب الرئيس"), "lead": ("lead", "قيادة"),
    },
    "group": {"gctf": ("GCTF", "المنتدى العالمي"), "coalition": ("Coalition", "التحالف"), "un": ("UN (CTC, CTED)", "الأمم المتحدة")},
    "precision": {"day": ("day", "يوم"), "month": ("month", "شهر"), "year": ("year only", "السنة فقط")},
    "date_precision": {"day": ("day", "يوم"), "month": ("month", "شهر"), "year": ("year only", "السنة فقط")},
    "kind": {
        "contradiction": ("contradiction", "تناقض"), "typo": ("typo", "خطأ مطبعي"),
        "date_error": ("date error", "خطأ في التاريخ"), "duplicate": ("duplicate", "تكرار"),
    },
    "body_group": {"gctf": ("GCTF", "المنتدى العالمي"), "coalition": ("Coalition", "التحالف"), "un": ("UN", "الأمم المتحدة")},
}

# Column headings of the data views and of CSV downloads (every column a query returns).
COLUMNS: dict[str, tuple[str, str]] = {
    "label": ("Figure", "الرقم"), "value": ("Value", "القيمة"), "value_text": ("As stated", "كما ورد"),
    "qualifier": ("Qualifier", "الصيغة"), "unit": ("Unit", "الوحدة"), "year": ("Year", "السنة"),
    "period_start": ("Period start", "بداية الفترة"), "period_end": ("Period end", "نهاية الفترة"),
    "source_title": ("Source", "المصدر"), "publisher": ("Publisher", "الناشر"),
    "published": ("Published", "تاريخ النشر"), "quote": ("Quote", "الاقتباس"),
    "quote_en": ("English translation (unofficial)", "ترجمة إنجليزية (غير رسمية)"),
    "note": ("Curator's note", "ملاحظة المنسق"),
    "title": ("Event", "الحدث"), "body_name": ("Body", "الهيئة"), "date_start": ("Date", "التاريخ"),
    "date_end": ("End date", "تاريخ الانتهاء"), "date_precision": ("Date precision", "دقة التاريخ"),
    "date_text": ("Date", "التاريخ"), "period_text": ("Period", "الفترة"),
    "wg_name": ("Working group", "الفريق العامل"), "actor_name": ("Actor", "الجهة"),
    "country": ("Country", "البلد"), "description": ("Description", "الوصف"),
    "fact_id": ("Row", "الصف"), "event_id": ("Row", "الصف"), "doc_id": ("Row", "الصف"),
    "conflict_id": ("Note", "الملاحظة"), "row_id": ("Row", "الصف"), "row_table": ("Kind of row", "نوع الصف"),
    "fact_ids": ("Rows", "الصفوف"), "event_ids": ("Rows", "الصفوف"), "evidence": ("Rows", "الصفوف"),
    "topic": ("Topic", "الموضوع"), "metric": ("Measure", "المقياس"), "wg_id": ("Working group id", "معرّف الفريق العامل"),
    "superseded_by": ("Shown instead", "المعروض بدلًا منه"), "conflict_ids": ("Data-quality notes", "ملاحظات جودة البيانات"),
    "source_id": ("Source id", "معرّف المصدر"), "file": ("File", "الملف"), "sha256": ("SHA-256", "SHA-256"),
    "facts": ("Figures", "الأرقام"), "events": ("Events", "الأحداث"), "visits": ("Visits", "الزيارات"),
    "groups": ("Groups", "الأفرقة"), "wg_names": ("Working groups", "الأفرقة العاملة"), "chairs": ("Chairs", "الرؤساء"),
    "dates": ("Dates", "التواريخ"), "as_of": ("As of", "حتى تاريخ"), "shown": ("Shown in the chart", "معروض في الرسم"),
    "shown_ar": ("Shown in the chart (Arabic)", "معروض في الرسم (بالعربية)"),
    "body": ("Body id", "معرّف الهيئة"), "body_group": ("Body", "الهيئة"), "event_type": ("Kind of event", "نوع الحدث"),
    "location": ("Place", "المكان"), "seq": ("Number", "الرقم الترتيبي"), "forum": ("Forum", "المنتدى"),
    "status": ("Status", "الحالة"), "role": ("Role", "الدور"), "roles": ("Role", "الدور"),
    "actor_id": ("Actor id", "معرّف الجهة"), "actor_kind": ("Kind of actor", "نوع الجهة"), "iso3": ("ISO code", "رمز ISO"),
    "dated": ("Dated in the source", "مؤرخ في المصدر"), "bar_start": ("From", "من"), "bar_end": ("To", "إلى"),
    "rank": ("Order", "الترتيب"), "kind": ("Kind", "النوع"), "refs": ("Rows involved", "الصفوف المعنية"),
    "description_en": ("Description (English)", "الوصف (بالإنجليزية)"), "description_ar": ("Description (Arabic)", "الوصف (بالعربية)"),
    "label_en": ("Label (English)", "التسمية (بالإنجليزية)"), "label_ar": ("Label (Arabic)", "التسمية (بالعربية)"),
    "title_en": ("Title (English)", "العنوان (بالإنجليزية)"), "title_ar": ("Title (Arabic)", "العنوان (بالعربية)"),
    "name_en": ("Name (English)", "الاسم (بالإنجليزية)"), "name_ar": ("Name (Arabic)", "الاسم (بالعربية)"),
    "publisher_en": ("Publisher (English)", "الناشر (بالإنجليزية)"), "publisher_ar": ("Publisher (Arabic)", "الناشر (بالعربية)"),
    "alias": ("Spelling in the source", "الاسم كما ورد في المصدر"), "token": ("Number as written", "الرقم كما كُتب"),
    "reason": ("Why it is not a figure", "سبب استبعاده"), "section": ("Section", "القسم"),
    "name": ("Name", "الاسم"),
}

# The curated tables by name (the Explorer's table picker).
TABLE_LABELS: dict[str, tuple[str, str]] = {
    "sources": ("Sources", "المصادر"), "actors": ("States and organisations", "الدول والمنظمات"),
    "actor_aliases": ("Names as the sources spell them", "الأسماء كما تكتبها المصادر"),
    "working_groups": ("Working groups", "الأفرقة العاملة"), "facts": ("Figures", "الأرقام"),
    "fact_actors": ("Who each figure names", "الجهات التي يذكرها كل رقم"), "events": ("Events", "الأحداث"),
    "event_actors": ("Who took part in each event", "الجهات المشاركة في كل حدث"),
    "wg_roles": ("Working-group chairs and leads", "رئاسات الأفرقة العاملة وقياداتها"),
    "documents": ("Documents", "الوثائق"), "conflicts": ("Data-quality notes", "ملاحظات جودة البيانات"),
    "coverage_exclusions": ("Numbers that are not figures", "أعداد ليست أرقامًا منسقة"),
}


def table_label(table: str, lang: str = "en") -> str:
    """A curated table's name in words (its file name in brackets, so data/ can be found)."""
    pair = TABLE_LABELS.get(table)
    return f"{_pick(pair, lang)} ({table})" if pair else table


# Columns whose values are vocabulary codes, and the vocabulary that words them.
VALUE_VOCAB: dict[str, str] = {
    "qualifier": "qualifier", "unit": "unit", "status": "status", "forum": "forum", "role": "actor_role",
    "roles": "actor_role", "date_precision": "date_precision", "event_type": "event_type",
    "actor_kind": "actor_kind", "body_group": "body_group", "row_table": "row_table",
}
# Columns left out of what the page shows (codes a reader needs no more than the name beside them);
# the CSV keeps them.
HIDDEN_COLUMNS = frozenset({
    "source_id", "wg_id", "actor_id", "body", "rank", "iso3", "metric", "dated", "bar_start", "bar_end",
    "actor_kind", "sha256",
})

MONTHS_AR = ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
             "نوفمبر", "ديسمبر")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "ar" else pair[0]


def pick_label(table: dict[str, tuple[str, str]], key: str, lang: str = "en", **fmt: object) -> str:
    """The label `key` of an (English, Arabic) table in `lang`, formatted with `fmt`; the key
    itself if unknown. Every label table of the package (this module's, the pack's, the briefing
    page's, the citation's) is read through it."""
    pair = table.get(key)
    text = _pick(pair, lang) if pair else key
    return text.format(**fmt) if fmt else text


def t(key: str, lang: str = "en", **fmt: object) -> str:
    """The label `key` in `lang` ("en" or "ar"), formatted with `fmt`; the key itself if unknown."""
    return pick_label(LABELS, key, lang, **fmt)


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
    """A column's heading in `lang` (an unknown column: its name in words, never snake_case)."""
    pair = COLUMNS.get(column)
    return _pick(pair, lang) if pair else str(column).replace("_", " ")


def missing(value: object) -> bool:
    """None, NaN, NaT or pandas' NA: shown as an empty cell, never as "None" or "nan"."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value  # NaN
    if isinstance(value, str | int) or "pandas" not in sys.modules:  # no pandas value before pandas is imported
        return False
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or array: not one missing value
        return False


def value_text(column: str, value: object, lang: str = "en") -> object:
    """One cell as a reader sees it: vocabulary codes as words (a "co_chair, host" list word by
    word), topics by name, booleans as yes/no, dates as ISO dates, missing values empty."""
    if missing(value):
        return ""
    if isinstance(value, datetime.date):  # one type per column (a date or ""), ISO as in the CSV
        return value.isoformat()[:10]
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return t("yes" if value else "no", lang)
    if column == "topic":
        return topic_label(str(value), lang)
    if column == "kind":
        text = str(value)
        for kind in ("kind", "actor_kind", "doc_kind"):
            if text in VOCAB[kind]:
                return vocab(kind, text, lang)
        return text.replace("_", " ")
    words = VALUE_VOCAB.get(column)
    if words:
        parts = [p.strip() for p in str(value).split(",")]
        sep = "، " if lang == "ar" else ", "
        return sep.join(vocab(words, p, lang) for p in parts if p)
    return value


def date_text(value: object, precision: str | None = "day", lang: str = "en") -> str:
    """A date as a reader writes it, to its precision: "15 December 2014" / "15 ديسمبر 2014",
    "December 2014" / "ديسمبر 2014", or the year alone; Western digits, no ISO form that an
    Arabic line would reorder. Empty when missing."""
    if missing(value):
        return ""
    d = as_date(value)
    month = (MONTHS_AR if lang == "ar" else MONTHS_EN)[d.month - 1]
    if precision == "year":
        return str(d.year)
    if precision == "month":
        return f"{month} {d.year}"
    return f"{d.day} {month} {d.year}"


def as_date(value: object) -> datetime.date:
    """A date, datetime, pandas Timestamp or ISO text as a date (pandas only for other types)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    import pandas as pd

    return pd.Timestamp(value).date()


def period_words(start: object, end: object, lang: str = "en") -> str:
    """A period as dates in words: "1 September 2015 – 30 September 2019", "as of …", "from …"."""
    s, e = date_text(start, "day", lang), date_text(end, "day", lang)
    if s and e:
        return f"{s} – {e}"
    if e:
        return f"{t('as_of', lang)} {e}"
    return f"{t('from', lang)} {s}" if s else ""
