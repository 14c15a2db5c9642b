"""Key figures: money amounts, percentages and durations, as written in the text.

One regular expression per language, built once from the word tables in
``figures_units``, finds the figures; small parsers turn each match into a value.
A figure's ``text`` is the exact substring (currency symbol or word and scale word
included, words such as "about", "ok.", "約" or "понад" left out because they are
simply not part of any pattern).

Numbers: in the languages of ``DECIMAL_COMMA`` the comma is the decimal separator
and a point followed by exactly three digits groups thousands; elsewhere the
reverse. Spaces (also no-break and thin ones) group thousands only before exactly
three digits. When both separators occur the last one is the decimal one.

Vague CJK amounts: "数百億ドル" ("several tens of billions") gets ``value`` = 100億
(the unit the vague digit applies to) and ``high`` = ten times that, with
``approximate=True``; likewise 数十億, 数億, 几十亿.

Durations are only the unambiguous ones: "36 miesięcy", "seven-hour", "3年間",
"15分" (not "3分の1" nor "18時20分"), never a bare "3年" in Japanese or Chinese,
and never numbers of 1000 or more (years such as "2025 roku").
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from ..model import Figure
from . import figures_units as units

CJK_LANGUAGES = frozenset({"ja", "zh", "ko"})
DIGIT = "[0-9０-９]"
SPACE = "[ \u00a0\u202f\u2009]"
# Thousands groups (comma, point, space, apostrophe) or a plain number, either with
# an optional decimal part. The full-width comma and point appear in CJK text.
NUMBER = (
    rf"{DIGIT}{{1,3}}(?:[,.，．'’\u00a0\u202f\u2009 ]{DIGIT}{{3}})+(?:[.,．]{DIGIT}+)?(?!{DIGIT})"
    rf"|{DIGIT}+(?:[.,．]{DIGIT}+)?"
)
FULL_WIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
LETTER_AFTER = r"(?![^\W\d_])"
# In CJK text words run together: only a Latin or Cyrillic letter ends a match early.
LATIN_AFTER = r"(?![A-Za-zÀ-ɏЀ-ӿ])"
GROUPING = re.compile(r"[\u00a0\u202f\u2009 '’]")
SMALL = "|".join(units.CJK_SMALL)
STARTS = re.escape("".join({*"$€£¥￥₴₩₹₽", *units.CJK_VAGUE, *units.CJK_SMALL, *units.CJK_DIGITS}))
LARGE = "|".join(sorted(units.CJK_LARGE, key=len, reverse=True))


def _alternatives(words: object) -> str:
    """A regex alternation of literal words, longest first so prefixes do not win."""
    ordered = sorted(set(words), key=len, reverse=True)  # type: ignore[call-overload]
    return "|".join(re.escape(w).replace(r"\ ", SPACE) for w in ordered)


def _merged(table: dict[str, dict[str, object]], language: str) -> dict[str, object]:
    """The language's entries, or every language's when it has none of its own."""
    if language in table:
        return dict(table[language])
    merged: dict[str, object] = {}
    for entries in table.values():
        merged.update(entries)
    return merged


@cache
def tables_for(language: str) -> dict[str, dict[str, object]]:
    """Case-folded lookup tables for one language (built once per language)."""
    fold = {
        "currency": _merged(units.CURRENCY_WORDS, language) | units.SUFFIX_SYMBOLS,
        "scale": _merged(units.SCALE_WORDS, language),
        "duration": _merged(units.DURATION_WORDS, language),
        "number": _merged(units.NUMBER_WORDS, language),
        "cjk_currency": _merged(units.CJK_CURRENCIES, language),
        "cjk_duration": _merged(units.CJK_DURATIONS, language),
    }
    return {name: {k.casefold(): v for k, v in table.items()} for name, table in fold.items()}


@cache
def pattern_for(language: str) -> re.Pattern[str]:
    """The combined figure pattern for ``language``; one named group per kind."""
    tables = tables_for(language)
    cjk = language in CJK_LANGUAGES or language not in units.CURRENCY_WORDS
    before = r"(?<![0-9０-９.,，．A-Za-z])" if cjk else r"(?<![\w.,])"
    after = LATIN_AFTER if cjk else LETTER_AFTER
    num = f"(?:{NUMBER})"
    scale = f"(?:{_alternatives(tables['scale'])}){after}"
    joiner = rf"(?:{SPACE}(?:di|de|of){SPACE}|{SPACE}d['’]|{SPACE}?)"
    currency = f"(?:{_alternatives(tables['currency'])}){after}"
    prefix = _alternatives(units.PREFIX_CURRENCIES)
    percent_words = units.PERCENT_WORDS.get(language) or [
        word for words in units.PERCENT_WORDS.values() for word in words
    ]
    percent = _alternatives([*units.PERCENT_SIGNS, *percent_words])
    number_words = _alternatives(tables["number"])
    duration = _alternatives(tables["duration"])
    parts = [
        rf"(?P<pre>{before}(?<![A-Za-z])(?:{prefix}){SPACE}?{num}(?:{SPACE}?{scale})?)",
        rf"(?P<post>{before}{num}(?:{SPACE}?{scale}{joiner}|{SPACE}?)(?:{currency}))",
        rf"(?P<pct>{before}{num}{SPACE}?(?:{percent})(?:{after}|(?<=\.)))",
        rf"(?P<dur>{before}(?:{num}|(?:{number_words})(?!\w))[ \u00a0-](?:{duration})"
        rf"{after})",
    ]
    if cjk:
        vague = _alternatives(units.CJK_VAGUE)
        cjk_currency = _alternatives(tables["cjk_currency"])
        kanji = _alternatives(units.CJK_DIGITS)
        group = rf"(?:{num}{SPACE}?)?(?:{SMALL})?(?:{LARGE})"
        parts.insert(
            0,
            rf"(?P<cjk>{before}(?:(?:{vague})?(?:{group})+|{num}){SPACE}?(?:{cjk_currency}))",
        )
        parts.append(
            rf"(?P<cjkdur>{before}(?:{num}|(?:{kanji})+)(?:{_alternatives(tables['cjk_duration'])}))"
        )
    # A cheap first test: a match starts at a digit, a symbol, a CJK numeral or the
    # first letter of a word that can open one (currency code, number word).
    openers = [*units.PREFIX_CURRENCIES, *tables["number"]]
    initials = re.escape("".join(sorted({w[0].lower() + w[0].upper() for w in openers})))
    guard = rf"(?:(?=[0-9０-９{STARTS}])|(?<![^\W\d_])(?=[{initials}]))"
    return re.compile(guard + "(?:" + "|".join(parts) + ")", re.IGNORECASE)


def parse_number(raw: str, language: str) -> Decimal:
    """The value of a written number, by the language's separators and digit grouping."""
    text = GROUPING.sub("", raw.translate(FULL_WIDTH))
    commas, points = text.count(","), text.count(".")
    if commas and points:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas + points == 0:
        return Decimal(text)
    else:
        sep = "," if commas else "."
        digits_after = len(text) - text.rfind(sep) - 1
        if commas + points > 1:
            decimal_sep = ""
        elif digits_after != 3:
            decimal_sep = sep
        elif language in units.DECIMAL_COMMA:
            decimal_sep = "" if sep == "." else ","
        else:
            decimal_sep = "" if sep == "," else "."
    thousands = {",", "."} - {decimal_sep}
    for mark in thousands:
        text = text.replace(mark, "")
    return Decimal(text.replace(decimal_sep, ".") if decimal_sep else text)


def _split_suffix(text: str, table: dict[str, object]) -> tuple[str, object]:
    """``text`` without the longest table key it ends with, and that key's value."""
    folded = text.casefold()
    for key in sorted(table, key=len, reverse=True):
        if folded.endswith(key):
            return text[: len(text) - len(key)].rstrip(" \u00a0\u202f\u2009-"), table[key]
    raise KeyError(text)


def _scaled(head: str, language: str) -> Decimal:
    """``2,1 miliardi di`` → 2.1e9: the leading number times the optional scale word."""
    found = re.match(NUMBER, head)
    assert found is not None  # every money pattern starts with a number here
    value = parse_number(found.group(), language)
    scale = GROUPING.sub(" ", head[found.end() :]).strip().casefold()
    scale = re.sub(r"(?:\s(?:di|de|of)|\s?d['’])$", "", scale).strip()
    if scale:
        value *= int(tables_for(language)["scale"][scale])  # type: ignore[call-overload]
    return value


def _money_pre(text: str, language: str) -> Figure:
    symbol = next(
        s
        for s in sorted(units.PREFIX_CURRENCIES, key=len, reverse=True)
        if text.upper().startswith(s.upper())
    )
    value = _scaled(text[len(symbol) :].lstrip(" \u00a0\u202f\u2009"), language)
    return Figure(text, float(value), units.PREFIX_CURRENCIES[symbol], "money")


def _money_post(text: str, language: str) -> Figure:
    head, code = _split_suffix(text, tables_for(language)["currency"])
    return Figure(text, float(_scaled(head, language)), str(code), "money")


def _cjk_money(text: str, language: str) -> Figure | None:
    """``450億円``, ``1兆2000億円``, ``1200억 원``, ``数百億ドル`` (vague: a range)."""
    body, code = _split_suffix(text, tables_for(language)["cjk_currency"])
    vague = body[:1] in units.CJK_VAGUE
    total = Decimal(0)
    groups = re.findall(rf"({NUMBER})?{SPACE}?({SMALL})?({LARGE})?", body[vague:])
    for number, small, large in groups:
        if number or small or large:
            amount = parse_number(number, language) if number else Decimal(1)
            total += amount * units.CJK_SMALL.get(small, 1) * units.CJK_LARGE.get(large, 1)
    if total == 0:
        return None
    high = float(total * 10) if vague else None
    return Figure(text, float(total), str(code), "money", approximate=vague, high=high)


def _kanji_number(text: str) -> int:
    """Small kanji numerals: 三 → 3, 十二 → 12, 二十 → 20."""
    if "十" not in text:
        return units.CJK_DIGITS.get(text, 0)
    tens, _, ones = text.partition("十")
    return units.CJK_DIGITS.get(tens, 1) * 10 + units.CJK_DIGITS.get(ones, 0)


def _duration(text: str, language: str, cjk: bool) -> Figure | None:
    tables = tables_for(language)
    head, unit = _split_suffix(text, tables["cjk_duration" if cjk else "duration"])
    if re.fullmatch(NUMBER, head):
        value = parse_number(head, language)
    elif cjk:
        value = Decimal(_kanji_number(head))
    else:
        value = Decimal(int(tables["number"][head.casefold()]))  # type: ignore[call-overload]
    if not 0 < value < 1000:
        return None
    return Figure(text, float(value), str(unit), "duration")


def _figure(match: re.Match[str], language: str) -> Figure | None:
    """Turn one match into a ``Figure``; ``None`` when context rules it out."""
    text, kind = match.group(), match.lastgroup
    if kind == "pre":
        return _money_pre(text, language)
    if kind == "post":
        return _money_post(text, language)
    if kind == "cjk":
        return _cjk_money(text, language)
    if kind == "pct":
        head = re.match(NUMBER, text)
        assert head is not None  # the percent pattern starts with a number
        return Figure(text, float(parse_number(head.group(), language)), "%", "percent")
    if kind == "dur":
        after = re.match(r"[\s\u00a0-]+(\w+)", match.string[match.end() : match.end() + 12])
        if after and after.group(1).casefold() in units.NOT_DURATION_AFTER:
            return None
        return _duration(text, language, cjk=False)
    after = match.string[match.end() : match.end() + 1]  # "cjkdur": 3年間, 15分
    before = match.string[max(0, match.start() - 1) : match.start()]
    if text.endswith("分") and (after == "の" or (before and before in "時时点:")):
        return None  # 3分の1 is a third, 15時30分 a clock time
    return _duration(text, language, cjk=True)


def find_figures(text: str, language: str) -> list[Figure]:
    """Money amounts, percentages and durations, each once, in order of appearance."""
    language = (language or "und").split("-")[0].lower()
    seen: set[str] = set()
    figures: list[Figure] = []
    for match in pattern_for(language).finditer(text):
        figure = _figure(match, language)
        if figure is None or figure.text in seen:
            continue
        seen.add(figure.text)
        figures.append(figure)
    return figures
