"""The Explorer's "check my CSV" box: upload curated CSVs, see every problem, change nothing.

The files are checked by `ctdash.upload` in memory against the live tables and the seeds; the
live data folder and the database are never written. Problems are shown in a code block (one
`FILE:LINE: column: message` line each), so nothing in a file can render as Markdown or HTML.
"""

from __future__ import annotations

from pathlib import Path, PurePath

import streamlit as st

from ctdash.i18n import LABELS, t
from ctdash.schema import TABLES
from ctdash.upload import MAX_UPLOAD_BYTES, Upload, check_uploads

AUTO = ""
MAX_SHOWN = 300  # problem lines shown; the rest are counted
# This box's labels, added to the dashboard's table under an `upload_` prefix.
_LABELS: dict[str, tuple[str, str]] = {
    "upload_title": ("Check my CSV", "افحص ملف CSV الخاص بي"),
    "upload_help": (
        "Upload the whole file of a table as you would commit it to data/ (several tables at once "
        "if they refer to each other). It is checked against the schema, the other tables and the "
        "source documents, exactly as `ctdash validate` does. Nothing is saved: the dashboard's "
        "data does not change.",
        "ارفع الملف الكامل لجدول كما ستضيفه إلى data/ (أو عدة جداول معاً إن كانت تشير إلى بعضها). "
        "يُفحص الملف مقابل المخطط والجداول الأخرى والوثائق المصدرية كما يفعل `ctdash validate`. "
        "لا يُحفظ شيء ولا تتغير بيانات اللوحة.",
    ),
    "upload_table": ("Table", "الجدول"),
    "upload_auto": ("(from the file name)", "(من اسم الملف)"),
    "upload_files": ("CSV files", "ملفات CSV"),
    "upload_ok": ("No problems: {files} file(s) would load as they are.", "لا مشكلات: يمكن تحميل {files} ملف(ات) كما هي."),
    "upload_problems": ("{n} problem(s) found", "عُثر على {n} مشكلة"),
    "upload_more": ("... and {n} more", "... و{n} أخرى"),
}
for _key, _pair in _LABELS.items():
    LABELS.setdefault(_key, _pair)


def table_for(filename: str, chosen: str) -> str:
    """The table a file is for: the one chosen, else its name without `.csv` (e.g. facts.csv)."""
    return chosen or PurePath(filename.replace("\\", "/")).stem.lower()


def upload_box(lang: str, data_dir: Path | None = None, heading: bool = True) -> list[str] | None:
    """Render the box; return the problem lines shown ([] when all is well, None before an upload).
    `heading=False` leaves out its title (when a tab already names it)."""
    if heading:
        st.subheader(t("upload_title", lang))
    st.caption(t("upload_help", lang))
    names = [AUTO] + [t.name for t in TABLES]
    chosen = st.selectbox(t("upload_table", lang), names, key="up_table",
                          format_func=lambda n: n or t("upload_auto", lang))
    files = st.file_uploader(t("upload_files", lang), type=["csv"], accept_multiple_files=True, key="up_files",
                             max_upload_size=max(1, MAX_UPLOAD_BYTES // (1024 * 1024)))
    if not files:
        return None
    uploads = [Upload(f.getvalue(), table_for(f.name, chosen), f.name) for f in files]
    problems = [str(p) for p in check_uploads(uploads, data_dir)]
    if problems:
        st.error(t("upload_problems", lang, n=len(problems)))
        shown = problems[:MAX_SHOWN]
        if len(problems) > MAX_SHOWN:
            shown.append(t("upload_more", lang, n=len(problems) - MAX_SHOWN))
        st.code("\n".join(shown), language=None)
    else:
        st.success(t("upload_ok", lang, files=len(uploads)))
    return problems
