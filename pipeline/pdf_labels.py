"""Interface labels and Babel formatting for the PDFs.

Labels come from the site's gettext catalogs when they translate the English
text, else from ``theme/pdf/labels.toml``. Dates, numbers, currencies and
language names are formatted by Babel only, in the interface locale.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_skeleton
from babel.messages.pofile import read_po
from babel.numbers import (
    UnknownCurrencyError,
    format_compact_currency,
    format_currency,
    format_decimal,
    format_percent,
)
from babel.units import UnknownUnitError, format_unit

from .model import Figure

PLACEHOLDER = re.compile(r"\{(\w+)\}")
CURRENCY_CODE = re.compile(r"[A-Z]{3}")
WHOLE_CURRENCY = re.compile(r"\.0+")  # the cents of a currency pattern
DEFAULT_LABEL_LOCALE = "en"
Table = dict[str, dict[str, object]]


class Labels:
    """Label lookup for one theme: catalog translation, then labels.toml, then English."""

    def __init__(self, theme: Path) -> None:
        self.theme = theme
        with (theme / "pdf" / "labels.toml").open("rb") as handle:
            self.table: Table = tomllib.load(handle)
        self._catalogs: dict[str, dict[str, str]] = {}

    def get(self, key: str, locale: str, count: int | None = None, **values: object) -> str:
        """The label ``key`` in ``locale`` with ``{name}`` placeholders filled in."""
        english = self.table[DEFAULT_LABEL_LOCALE][key]
        local = self.table.get(_language(locale), {}).get(key, english)
        if isinstance(local, dict):
            category = _plural_category(locale, count or 0)
            text = str(local.get(category) or local.get("other") or "")
            values["count"] = format_decimal(count or 0, locale=_babel_locale(locale))
        else:
            text = self._catalog(locale).get(str(english)) or str(local)
        return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), text)

    def _catalog(self, locale: str) -> dict[str, str]:
        """Plain (non-plural, non-fuzzy) translations of the site's catalog for ``locale``."""
        if locale not in self._catalogs:
            path = self.theme / "translations" / locale / "LC_MESSAGES" / "messages.po"
            found: dict[str, str] = {}
            if path.is_file():
                with path.open("rb") as handle:
                    for message in read_po(handle, locale=_language(locale)):
                        if (
                            isinstance(message.id, str)
                            and isinstance(message.string, str)
                            and message.string
                            and not message.fuzzy
                        ):
                            found[message.id] = message.string
            self._catalogs[locale] = found
        return self._catalogs[locale]

    def fingerprint(self) -> str:
        """What the labels depend on, for the incremental-build hash."""
        parts = [repr(sorted(self.table.items()))]
        for po in sorted((self.theme / "translations").glob("*/LC_MESSAGES/messages.po")):
            parts.append(f"{po}:{po.stat().st_mtime_ns}:{po.stat().st_size}")
        return "\n".join(parts)


@lru_cache(maxsize=8)
def labels_for(theme: Path) -> Labels:
    return Labels(theme)


def _language(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0]


@lru_cache(maxsize=64)
def _babel_locale(locale: str) -> Locale:
    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(DEFAULT_LABEL_LOCALE)


def _plural_category(locale: str, count: int) -> str:
    return _babel_locale(locale).plural_form(count)


def period_title(key: str, first: dt.date, locale: str, labels: Labels) -> str:
    """The period's name: "Week 11, 2025" for a week key, "March 2025" for a month key."""
    if "-W" in key:
        year, week = key.split("-W")
        return labels.get("week_title", locale, week=int(week), year=year)
    return format_skeleton("yMMMM", first, locale=_babel_locale(locale))


def period_range(first: dt.date, last: dt.date, locale: str) -> str:
    """The days a period covers, e.g. "Mar 10 – 16, 2025"."""
    return format_interval(first, last, "yMMMd", locale=_babel_locale(locale))


def long_date(date: dt.date, locale: str) -> str:
    return format_date(date, "long", locale=_babel_locale(locale))


def language_name(code: str, locale: str) -> str | None:
    """The article language's name in the interface locale; None when unknown."""
    if not code or code == "und":
        return None
    loc = _babel_locale(locale)
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(loc)
    except (UnknownLocaleError, ValueError):
        name = loc.languages.get(code)
    return name or code


def format_figure(figure: Figure, locale: str) -> str:
    """A figure's value the way the interface locale writes it; ranges as "low – high"."""
    low = _format_value(figure.value, figure, locale)
    if figure.high is not None and figure.high != figure.value:
        return f"{low} – {_format_value(figure.high, figure, locale)}"
    return f"≈ {low}" if figure.approximate else low


def _format_value(value: float, figure: Figure, locale: str) -> str:
    loc = _babel_locale(locale)
    if figure.kind == "money" and CURRENCY_CODE.fullmatch(figure.unit):
        try:
            if abs(value) >= 1_000_000:
                return format_compact_currency(value, figure.unit, locale=loc, fraction_digits=2)
            pattern = loc.currency_formats["standard"].pattern
            if float(value).is_integer():
                pattern = WHOLE_CURRENCY.sub("", pattern)
            return format_currency(value, figure.unit, pattern, locale=loc, currency_digits=False)
        except UnknownCurrencyError:
            pass
    if figure.kind == "percent":
        # Decimal keeps 99.99 % from printing as 99.98999999999999 %.
        return format_percent(Decimal(repr(value)) / 100, locale=loc, decimal_quantization=False)
    if figure.kind == "duration":
        for length in ("long", "short"):
            try:
                text = format_unit(value, f"duration-{figure.unit}", length=length, locale=loc)
            except UnknownUnitError:
                break
            if "duration-" not in text:
                return text
    number = format_decimal(value, locale=loc, decimal_quantization=False)
    return f"{number} {figure.unit}".strip()
