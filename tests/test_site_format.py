"""What the site shows, without Pelican: Babel formatting of dates, periods, figures and
language names in the interface locale, card summaries and headline figures, the digest
list a build is given, and the interface catalogs (compiled, memoised, with fallbacks).
The built site is tested in test_site.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from site_helpers import DIGESTS, LOCALES, copy_theme

import pipeline.site_i18n
from pipeline.model import Figure
from pipeline.pelican_plugin import headline_figure
from pipeline.site import normalize_digests
from pipeline.site_format import (
    format_date,
    format_figure,
    format_period,
    language_name,
    period_months,
    shorten,
)
from pipeline.site_i18n import compile_catalogs


def test_dates_are_formatted_by_babel_in_the_interface_locale() -> None:
    day = dt.date(2024, 9, 4)
    assert format_date(day, locale="pl") == "4 września 2024"
    assert format_date(day, locale="ja") == "2024年9月4日"
    assert format_date(day, locale="en") == "September 4, 2024"
    assert format_period("2024-W36", locale="en") == "Sep 2\u2009–\u20098, 2024"
    assert format_period("2024-09", locale="pl") == "wrzesień 2024"
    for not_a_period in ("2024-13", "2024-W60", "0000-01", "latest"):
        assert format_period(not_a_period, locale="pl") == not_a_period
        assert period_months(not_a_period) == set()
    assert period_months("2024-W05") == {(2024, 1), (2024, 2)}


def test_figures_show_localized_values() -> None:
    money = Figure("175 mln dolarów", 175e6, "USD", "money")
    assert format_figure(money, "pl", str) == "175\xa0mln\xa0USD"
    assert format_figure(money, "en", str) == "$175M"
    percent = Figure("99.99%", 99.99, "%", "percent")
    assert format_figure(percent, "de", str) == "99,99\xa0%"
    years = Figure("3年", 3, "year", "duration")
    assert format_figure(years, "pl", str) == "3 lata"
    assert format_figure(years, "ja", str) == "3 年"
    vague = Figure("約450億円", 45e9, "JPY", "money", approximate=True)
    assert format_figure(vague, "en", lambda s: s.replace("about", "circa")) == "circa ¥45B"
    ranged = Figure("数百億ドル", 1e10, "USD", "money", approximate=True, high=9e10)
    assert format_figure(ranged, "en", str) == "$10B–$90B"
    for odd in (
        Figure("5 parsecs", 5, "parsec", "duration"),
        Figure("5 mln zł", 5e6, "złoty", "money"),
        Figure("n/a %", float("nan"), "%", "percent"),
    ):
        assert format_figure(odd, "en", str) == odd.text


def test_language_names_in_the_interface_locale() -> None:
    assert language_name("pl", "pl", "?") == "polski"
    assert language_name("pl", "en", "?") == "Polish"
    assert language_name("pl", "ja", "?") == "ポーランド語"
    assert language_name("und", "de", "unbekannte Sprache") == "unbekannte Sprache"
    assert language_name("<x>", "de", "unbekannt") == "unbekannt"


def test_digests_with_bad_paths_or_kinds_are_dropped_with_a_warning() -> None:
    bad = [
        {**DIGESTS[0], "id": "up", "path": "../../etc/passwd"},
        {**DIGESTS[0], "id": "abs", "path": "/tmp/x.pdf"},
        {**DIGESTS[0], "id": "kind", "kind": "weekly"},
    ]
    clean, warnings = normalize_digests([*DIGESTS, *bad], "en")
    assert [d["id"] for d in clean] == ["latest", "2024-W36", "topic-ai"]
    assert len(warnings) == 3
    assert all(any(d in w for w in warnings) for d in ("'up'", "'abs'", "'kind'"))


def test_every_interface_string_is_translated_in_every_catalog(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    copy_theme(theme, "templates", "translations")
    assert compile_catalogs(theme, LOCALES) == []
    for locale in LOCALES:
        assert (theme / "translations" / locale / "LC_MESSAGES" / "messages.mo").is_file()


def test_catalogs_compiled_from_the_same_sources_are_not_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    theme, memo = tmp_path / "theme", tmp_path / "cache" / "catalogs.json"
    copy_theme(theme, "templates", "translations")
    (theme / "templates" / "extra.html").write_text("{{ _('A brand-new label') }}")
    first = compile_catalogs(theme, ["pl"], memo)
    assert len(first) == 1
    mo = theme / "translations" / "pl" / "LC_MESSAGES" / "messages.mo"
    written = mo.stat().st_mtime_ns

    def not_again(theme: Path) -> None:
        raise AssertionError("the theme's strings were extracted again")

    monkeypatch.setattr(pipeline.site_i18n, "collect_messages", not_again)
    assert compile_catalogs(theme, ["pl"], memo) == first
    assert mo.stat().st_mtime_ns == written
    monkeypatch.undo()

    po = theme / "translations" / "pl" / "LC_MESSAGES" / "messages.po"
    po.write_text(
        po.read_text(encoding="utf-8") + '\nmsgid "A brand-new label"\nmsgstr "Nowa etykieta"\n',
        encoding="utf-8",
    )
    assert compile_catalogs(theme, ["pl"], memo) == []
    mo.unlink()
    assert compile_catalogs(theme, ["pl"], memo) == []
    assert mo.is_file(), "a compiled catalog that went missing is compiled again"


def test_a_missing_string_or_catalog_falls_back_to_english_with_a_warning(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    copy_theme(theme, "templates", "translations")
    (theme / "templates" / "extra.html").write_text("{{ _('A brand-new label') }}")
    warnings = compile_catalogs(theme, ["pl", "fr"])
    assert len(warnings) == 2
    assert warnings[0].startswith("pl: 1 interface string(s) not translated")
    assert "'A brand-new label'" in warnings[0]
    assert warnings[1].startswith("fr: no interface catalog")


def test_card_summaries_are_shortened_by_display_width() -> None:
    latin = "word " * 100
    assert shorten(latin, 40) == ("word " * 8).strip() + "…"
    japanese = "全固体電池の試験ラインを稼働させた。" * 20
    assert len(shorten(japanese, 40)) == 21  # twenty wide characters fill 40 columns
    assert shorten("short", 40) == "short"


def test_headline_figure_prefers_money_then_percent_over_durations() -> None:
    duration = Figure("trzech lat", 3, "year", "duration")
    percent = Figure("61 proc.", 61, "%", "percent")
    money = Figure("175 milionów dolarów", 175e6, "USD", "money")
    assert headline_figure([duration, percent, money]) is money
    assert headline_figure([duration, percent]) is percent
    assert headline_figure([duration]) is duration
    assert headline_figure([]) is None
