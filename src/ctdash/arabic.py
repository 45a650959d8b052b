"""Arabic text helpers: digit styles, letter normalisation for search, and number words.

The sources mix Western, Arabic-Indic and Persian digits, Persian letter forms (ی ک ھ),
diacritics, tatweel and no-break spaces; searching and value checks must see through all of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
PERSIAN = "۰۱۲۳۴۵۶۷۸۹"
_DIGITS = str.maketrans(
    ARABIC_INDIC + PERSIAN + "٫٬",
    "0123456789" * 2 + ".,",
)

# Harakat, superscript alef, Quranic marks and tatweel: dropped for search.
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",  # Farsi yeh
        "ې": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ک": "ك",  # keheh
        "ھ": "ه",  # heh doachashmee
        "ہ": "ه",
        "ۀ": "ه",
        "ة": "ه",  # taa marbuta
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200c": "",
        "\u200d": "",
        "\u200e": "",
        "\u200f": "",
    }
)

LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"  # Unicode directional isolates (left-to-right, right-to-left, end)


def isolate(text: str, rtl: bool) -> str:
    """`text` as a directional isolate: it keeps its own direction (and its punctuation in place)
    inside a line that runs the other way."""
    return f"{RLI if rtl else LRI}{text}{PDI}"


_SPACES = re.compile(r"\s+")  # str.isspace() and re's \s agree on str patterns


def to_western_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits (and the Arabic decimal/thousands marks)."""
    return text.translate(_DIGITS)


@lru_cache(maxsize=4096)  # characters: a small alphabet, looked up for every character
def _norm_char(ch: str) -> str:
    if _DIACRITICS.fullmatch(ch):
        return ""
    return ch.translate(_DIGITS).translate(_LETTERS).lower()


def normalize(text: str) -> str:
    """Fold a string for Arabic-aware matching: digits, letter forms, diacritics, spaces, case.

    The same text as `normalize_with_map(text)[0]`, without building the index map.
    """
    return _SPACES.sub(" ", "".join(map(_norm_char, text)))


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise `text` and return, for each output character, its index in `text`.

    Used to highlight a match found in normalised text at its place in the original.
    """
    out: list[str] = []
    index: list[int] = []
    prev_space = False
    for i, ch in enumerate(text):
        n = _norm_char(ch)
        for c in n:
            if c.isspace():
                if prev_space:
                    continue
                c = " "
                prev_space = True
            else:
                prev_space = False
            out.append(c)
            index.append(i)
    return "".join(out), index


def find_all(haystack: str, needle: str) -> list[tuple[int, int]]:
    """Spans (start, end) in `haystack` where `needle` occurs, compared after normalisation."""
    norm_needle = normalize(needle).strip()
    if not norm_needle:
        return []
    norm, index = normalize_with_map(haystack)
    spans = []
    start = norm.find(norm_needle)
    while start != -1:
        end = start + len(norm_needle)
        spans.append((index[start], index[end - 1] + 1))
        start = norm.find(norm_needle, end)
    return spans


# ---------------------------------------------------------------- number words

_UNITS = {
    "واحد": 1, "واحده": 1, "واحدا": 1, "احد": 1, "احدي": 1,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2, "اثنتا": 2,
    "اثنتي": 2, "ثنتان": 2, "ثنتين": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثماني": 8, "ثمانيه": 8, "ثمان": 8, "تسع": 9, "تسعه": 9,
    "عشر": 10, "عشره": 10,
}
_TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
_HUNDREDS = {
    "مائه": 100, "مئه": 100, "مائتان": 200, "مائتين": 200, "مئتان": 200, "مئتين": 200,
    "مائتي": 200, "مئتي": 200,
}
_MAGNITUDE = {
    "الف": 1e3, "الاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارات": 1e9,
    "بليون": 1e9, "بلايين": 1e9,
}
_MAGNITUDE_DUAL = {
    "الفان": 2e3, "الفين": 2e3, "الفي": 2e3, "الفا": 2e3,
    "مليونان": 2e6, "مليونين": 2e6, "مليوني": 2e6, "مليونا": 2e6,
    "ملياران": 2e9, "مليارين": 2e9, "ملياري": 2e9, "مليارا": 2e9,
}
_FRACTIONS = {"نصف": 0.5, "ثلث": 1 / 3, "ربع": 0.25}
# Keys in the normalised spelling, so that lookups see through letter forms (مائة -> مايه).
_UNITS, _TENS, _HUNDREDS, _MAGNITUDE, _MAGNITUDE_DUAL, _FRACTIONS = (  # type: ignore[assignment]
    {normalize(k): v for k, v in table.items()}
    for table in (_UNITS, _TENS, _HUNDREDS, _MAGNITUDE, _MAGNITUDE_DUAL, _FRACTIONS)
)
_PREFIXES = ("وبال", "وال", "بال", "لل", "فال", "كال", "ال", "و", "ب", "ل", "ف", "ك")
# أحد alone is "anyone": a number only inside أحد عشر.
_ONLY_BEFORE_TEN = {"احد", "احدي"}
# في المائة is "per cent", not a hundred.
_PERCENT_WORDS = {"المايه", "بالمايه", "المئه", "بالمئه"}


def _stems(word: str) -> Iterator[str]:
    """The word, then the word with each clitic prefix removed."""
    yield word
    for p in _PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 2:
            yield word[len(p):]


@lru_cache(maxsize=65536)  # words repeat across quotes: the vocabulary is small
def _cardinal(word: str) -> float | None:
    for stem in _stems(word):
        stem = stem.rstrip("ا") if stem.endswith("ا") and stem[:-1] in _TENS | _UNITS else stem
        for table in (_UNITS, _TENS, _HUNDREDS, _FRACTIONS):
            if stem in table:
                return float(table[stem])
        for hundred in ("مايه", "مئه"):  # ثلاثمائة
            if stem.endswith(hundred) and stem[: -len(hundred)] in _UNITS:
                return _UNITS[stem[: -len(hundred)]] * 100.0
    return None


@lru_cache(maxsize=65536)  # words repeat across quotes: the vocabulary is small
def _magnitude(word: str) -> float | None:
    for stem in _stems(word):
        if stem in _MAGNITUDE:
            return _MAGNITUDE[stem]
    return None


@lru_cache(maxsize=65536)  # words repeat across quotes: the vocabulary is small
def _magnitude_dual(word: str) -> float | None:
    for stem in _stems(word):
        if stem in _MAGNITUDE_DUAL:
            return _MAGNITUDE_DUAL[stem]
    return None


_WORD = re.compile(r"[\w\u0600-\u06ff]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _readings(token: str) -> set[float]:
    """Every value a digit token can mean: the comma as a thousands separator or a decimal mark."""
    values: set[float] = set()
    plain = token.replace(",", "").replace(".", "")
    values.add(float(plain))
    if "," in token and "." not in token:
        groups = token.split(",")
        if len(groups) == 2:
            values.add(float(groups[0] + "." + groups[1]))
    if "." in token and "," not in token and token.count(".") == 1:
        values.add(float(token))
    if "," in token and "." in token:
        values.add(float(token.replace(",", "")))
        values.add(float(token.replace(".", "").replace(",", ".")))
    return values


def numbers_in(text: str) -> set[float]:
    """Every number `text` states, in digits or in words, with magnitude words and duals applied.

    Generous on purpose: it is used to check that a curated value appears in its quote.
    """
    return set(_numbers_in(text))


@lru_cache(maxsize=16384)  # several rows often quote the same sentence
def _numbers_in(text: str) -> frozenset[float]:
    folded = normalize(text)
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded)]
    values: set[float] = set()

    def magnitude_after(pos: int) -> float | None:
        for start, _end, w in words:
            if start >= pos:
                dual = _magnitude_dual(w)
                return _magnitude(w) or (dual / 2 if dual else dual)
        return None

    for m in _NUMBER.finditer(folded):
        readings = _readings(m.group())
        values |= readings
        mag = magnitude_after(m.end())
        if mag:
            values |= {r * mag for r in readings}

    # Word numbers: runs of cardinal words joined by و, e.g. ثلاثة وعشرون, سبعة عشر.
    run: list[float] = []
    run_end = 0
    for i, (start, end, w) in enumerate(words):
        dual = _magnitude_dual(w)
        if dual:
            values.add(dual)
            values.add(2)
        card = _cardinal(w)
        if card is not None:
            if run and folded[run_end:start].strip() in ("", "و") or (run and w.startswith("و")):
                run.append(card)
            else:
                _close_run(run, values, words, i)
                run = [card]
            run_end = end
            continue
        mag = _magnitude(w)
        if mag and run:
            values.add(_run_value(run) * mag)
        elif mag:
            values.add(mag)  # ألف alone is a thousand
        _close_run(run, values, words, i)
        run = []
        if _looks_dual(w, words[i + 1][2] if i + 1 < len(words) else ""):
            values.add(2)
    _close_run(run, values, words, len(words))
    return frozenset(values)


def _run_value(run: list[float]) -> float:
    """Value of a run of number words: teens are unit+ten, compounds are summed."""
    if len(run) == 2 and run[1] == 10 and run[0] < 10:
        return run[0] + 10  # سبعة عشر
    return sum(run)


def _close_run(run: list[float], values: set[float], words: list, i: int) -> None:
    if run:
        values.add(_run_value(run))
        values.update(run)


def _looks_dual(word: str, following: str) -> bool:
    """A noun in the dual: -ان/-ين (اجتماعين، ندوتين), or construct -ا/-ي before a definite noun."""
    if len(word) < 4 or _cardinal(word) is not None:
        return False
    if word.endswith(("ين", "ان", "تين", "تان", "تي")):  # تي: حلقتي عمل
        return True
    return word.endswith(("ي", "ا")) and following.startswith("ال")


def number_tokens(text: str) -> list[tuple[int, int, str]]:
    """Spans of number tokens in `text`: digit runs of any script and cardinal number words.

    These are what `ctdash coverage` expects every curated row or exclusion to account for.
    """
    norm, index = normalize_with_map(text)
    spans: list[tuple[int, int, str]] = []
    for m in _NUMBER.finditer(norm):
        s, e = index[m.start()], index[m.end() - 1] + 1
        spans.append((s, e, text[s:e]))
    for m in _WORD.finditer(norm):
        w = m.group()
        if _NUMBER.fullmatch(w) or any(ch.isdigit() for ch in w):
            continue
        if _cardinal(w) is not None or _magnitude_dual(w) is not None:
            if w in _PERCENT_WORDS:
                continue
            if w in _ONLY_BEFORE_TEN and not norm[m.end():].lstrip().startswith("عشر"):
                continue
            s, e = index[m.start()], index[m.end() - 1] + 1
            spans.append((s, e, text[s:e]))
    spans.sort()
    return spans
