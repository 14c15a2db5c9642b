"""Babel formatting for the site: dates, numbers, figures and language names.

Every value shown on the site goes through one of these functions with the
interface locale of the sub-site being built, never through ``locale.setlocale``.
The plugin binds them to that locale as Jinja filters.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date as babel_format_date
from babel.dates import format_interval, format_skeleton
from babel.numbers import format_compact_currency, format_decimal, format_percent, is_currency
from babel.units import format_unit
from markupsafe import Markup, escape

from .model import Figure

Gettext = Callable[[str], str]

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
ISO_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
YEAR_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def clean_language(code: object) -> str:
    """A BCP 47-looking language code, or ``und`` when the value is missing or odd."""
    text = str(code or "").strip()
    return text if LANGUAGE_CODE.match(text) else "und"


@lru_cache(maxsize=256)
def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (ValueError, TypeError, UnknownLocaleError):
        return None


def format_date(value: dt.date, length: str = "long", locale: str = "en") -> str:
    """``4 września 2024``, ``2024年9月4日``, ``September 4, 2024`` (length long)."""
    return _babel_date(_day(value), length, locale)


@lru_cache(maxsize=8192)
def _babel_date(value: dt.date, length: str, locale: str) -> str:
    """Cached: an archive's briefs share a few hundred dates, shown on thousands of cards."""
    return babel_format_date(value, length, locale=locale)


def iso_date(value: dt.date) -> str:
    """``2024-09-04``, for machines (``<time datetime>``, meta tags); Pelican's own
    ``strftime`` parses its format on every call, a cost on every card of every list."""
    return _day(value).isoformat()


def _day(value: dt.date) -> dt.date:
    """The date of a datetime (Pelican's ``SafeDatetime``); a date as it is."""
    return value.date() if isinstance(value, dt.datetime) else value


def format_date_span(first: dt.date, last: dt.date, locale: str = "en") -> str:
    """The dates of a page of briefs: ``3–14 paź 2024``, ``2024年9月30日～10月2日``;
    one date when the two are the same day."""
    first, last = _day(first), _day(last)
    if first == last:
        return format_date(first, "long", locale)
    return format_interval(first, last, "yMMMd", locale=locale)


def format_month(year: int, month: int, locale: str = "en") -> str:
    """A month as a heading: ``wrzesień 2024``, ``2024年9月``."""
    return format_skeleton("yMMMM", dt.date(year, month, 1), locale=locale)


def format_period(period: str, locale: str = "en") -> str:
    """A digest period, ``2025-W20`` or ``2025-05``, as a localized date range or month."""
    dates = period_dates(period)
    if dates is None:
        return period
    start, end = dates
    if ISO_WEEK.match(period):
        return format_interval(start, end, "yMMMd", locale=locale)
    return format_month(start.year, start.month, locale)


def period_dates(period: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a digest period, ``2025-W20`` or ``2025-05``; None when
    it is not one."""
    try:
        week = ISO_WEEK.match(period)
        if week:
            start = dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
            return start, start + dt.timedelta(days=6)
        month = YEAR_MONTH.match(period)
        if month:
            year, number = int(month.group(1)), int(month.group(2))
            return dt.date(year, number, 1), dt.date(year, number, monthrange(year, number)[1])
    except ValueError:  # week 60, month 13, year 0
        return None
    return None


def period_months(period: str) -> set[tuple[int, int]]:
    """The (year, month) pairs a digest period touches; empty when it is not a period."""
    dates = period_dates(period)
    if dates is None:
        return set()
    return {(day.year, day.month) for day in dates}


def format_number(value: float, locale: str = "en") -> str:
    """A plain number with the locale's separators: ``1 234,5`` in Polish."""
    return format_decimal(value, locale=locale)


@lru_cache(maxsize=4096)
def language_name(code: str, locale: str, unknown: str) -> str:
    """The name of language ``code`` in ``locale``: ``polski``, ``Polish``, ``ポーランド語``
    (cached: Babel looks the name up anew each time, and every card shows one)."""
    parsed = _locale(clean_language(code)) if clean_language(code) != "und" else None
    if parsed is None:
        return unknown if clean_language(code) == "und" else str(code)
    return parsed.get_display_name(locale) or str(code)


def text_lang(article: object) -> Markup:
    """``lang`` (and ``dir``) of an element holding a brief's own text, as attributes."""
    lang = escape(getattr(article, "brief_language", "und"))
    rtl = ' dir="rtl"' if getattr(article, "text_dir", "ltr") == "rtl" else ""
    return Markup(f'lang="{lang}"{rtl}')


@lru_cache(maxsize=256)
def autonym(code: str) -> str:
    """A language's name in itself, for the interface language switcher."""
    parsed = _locale(code)
    return parsed.get_display_name(parsed) if parsed else code


@lru_cache(maxsize=1024)
def text_direction(code: str) -> str:
    """``rtl`` for right-to-left scripts (Arabic, Hebrew, Persian...), else ``ltr``."""
    parsed = _locale(clean_language(code))
    return "rtl" if parsed is not None and parsed.character_order == "right-to-left" else "ltr"


@lru_cache(maxsize=256)
def og_locale(code: str) -> str:
    """The ``language_TERRITORY`` form OpenGraph wants, from likely subtags: ``zh`` → ``zh_CN``."""
    likely = get_global("likely_subtags").get(code, code)
    parsed = _locale(likely)
    if parsed is None:
        return code
    return f"{parsed.language}_{parsed.territory}" if parsed.territory else parsed.language


def shorten(text: str, width: int = 220) -> str:
    """``text`` cut to about ``width`` columns at a word end, with "…" when cut.

    Wide (CJK) characters count as two columns, so a Chinese or Japanese summary
    is cut to a similar amount of reading as a Latin one; text without spaces is
    cut between characters.
    """
    text = " ".join(str(text).split())
    used = 0
    for index, char in enumerate(text):
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > width:
            head = text[:index]
            space = head.rfind(" ")
            if space > len(head) // 2:
                head = head[:space]
            return head.rstrip(" ,.;:、，。") + "…"
    return text


def format_figure(figure: Figure, locale: str, gettext: Gettext) -> str:
    """A key figure's value in the interface locale: ``175 mln USD``, ``$175M``, ``30 %``.

    A range reads ``low–high``; a vague amount without a top reads "about ...".
    Anything Babel cannot format falls back to the text as written.
    """
    try:
        low = _figure_value(figure.value, figure.kind, figure.unit, locale)
        if figure.high is not None and figure.high != figure.value:
            return f"{low}–{_figure_value(figure.high, figure.kind, figure.unit, locale)}"
    except (ValueError, TypeError, KeyError, ArithmeticError, UnknownLocaleError):
        return figure.text
    if figure.approximate:
        return gettext("about %(value)s") % {"value": low}
    return low


@lru_cache(maxsize=8192)
def _figure_value(value: float, kind: str, unit: str, locale: str) -> str:
    """One formatted amount (cached: a site shows each figure in many pages and feeds)."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    number = int(value) if float(value).is_integer() else value
    if kind == "money":
        if not is_currency(unit):
            raise ValueError(f"not an ISO 4217 currency: {unit!r}")
        return format_compact_currency(number, unit, locale=locale, fraction_digits=2)
    if kind == "percent":
        ratio = Decimal(str(number)) / 100
        return format_percent(ratio, locale=locale, decimal_quantization=False)
    if kind == "duration":
        return _duration(number, unit, locale)
    raise ValueError(f"unknown figure kind {kind!r}")


def _duration(value: float, unit: str, locale: str) -> str:
    """``3 lata``, ``3 years``; CLDR gives some locales (ja, zh) only the short form."""
    unit_id = f"duration-{unit}"
    for length in ("long", "short"):
        text = format_unit(value, unit_id, length=length, locale=locale)
        if unit_id not in text:
            return text
    raise ValueError(f"no unit pattern for {unit_id} in {locale}")
