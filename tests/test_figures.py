"""Key figures: scale words, separators and units in many languages, and what is not a figure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.text.figures import find_figures, parse_number

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
SEEDS = SHARED / "seeds"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "figures"

# fixture file → (language, every figure found as (text, value, unit)), one quirk per file
CASES: dict[str, tuple[str, list[tuple[str, float, str]]]] = {
    "scale_pl_milionow_dolarow.txt": ("pl", [("175 milionów dolarów", 175e6, "USD")]),
    "scale_pl_mln_after_approximation.txt": (
        "pl",
        [("48 mln dolarów", 48e6, "USD"), ("45 mln zł", 45e6, "PLN")],
    ),
    "scale_pl_tys_abbreviation.txt": ("pl", [("5 tys. zł", 5e3, "PLN")]),
    "scale_it_mld_and_miliardi_di.txt": (
        "it",
        [("2,3 mld euro", 2.3e9, "EUR"), ("2,1 miliardi di euro", 2.1e9, "EUR")],
    ),
    "scale_de_millionen_decimal_comma.txt": ("de", [("2,3 Millionen Euro", 2.3e6, "EUR")]),
    "scale_pt_real_symbol_space.txt": ("pt", [("R$ 2,5 milhões", 2.5e6, "BRL")]),
    "scale_en_billion_after_symbol.txt": ("en", [("$4.2 billion", 4.2e9, "USD")]),
    "scale_en_yen_trillion.txt": ("en", [("¥3 trillion", 3e12, "JPY")]),
    "scale_en_pound_m_suffix.txt": ("en", [("£12m", 12e6, "GBP")]),
    "scale_uk_mlrd_hrn.txt": ("uk", [("1,5 млрд грн", 1.5e9, "UAH")]),
    "scale_ko_eok_won.txt": ("ko", [("1200억 원", 1200e8, "KRW")]),
    "thousands_en_comma_euro.txt": ("en", [("€150,000", 150_000, "EUR")]),
    "thousands_pl_space_and_decimal_comma.txt": (
        "pl",
        [("10 000 zł", 10_000, "PLN"), ("1 500,50 zł", 1500.5, "PLN")],
    ),
    "thousands_de_point.txt": ("de", [("1.500 Euro", 1500, "EUR")]),
    "percent_nbsp_before_sign.txt": ("fr", [("70\u00a0%", 70, "%")]),
    "percent_full_width_digits.txt": ("ja", [("６％", 6, "%")]),
    "percent_pl_proc_word.txt": ("pl", [("30 proc.", 30, "%")]),
    "percent_de_prozent_word.txt": ("de", [("25 Prozent", 25, "%")]),
    "percent_twin_99_in_one_sentence.txt": (
        "en",
        [("10%", 10, "%"), ("99.99%", 99.99, "%"), ("25%", 25, "%"), ("99%", 99, "%")],
    ),
    "ja_oku_yen_after_approximation.txt": (
        "ja",
        [("450億円", 450e8, "JPY"), ("3200億円", 3200e8, "JPY")],
    ),
    "ja_comma_thousands_space_oku_dollar.txt": ("ja", [("1,000 億ドル", 1000e8, "USD")]),
    "ja_vague_suhyaku_oku.txt": ("ja", [("数百億ドル", 1e10, "USD"), ("数十億ドル", 1e9, "USD")]),
    "zh_yi_wan_yuan_after_qualifiers.txt": ("zh", [("35亿元", 35e8, "CNY"), ("8万元", 8e4, "CNY")]),
    "duration_pl_miesiecy.txt": ("pl", [("36 miesięcy", 36, "month")]),
    "duration_en_word_and_digits.txt": ("en", [("seven hours", 7, "hour"), ("7 hours", 7, "hour")]),
    "duration_ja_nen_kan_only.txt": ("ja", [("3年間", 3, "year")]),
    "duration_ja_minutes_not_fraction_or_clock.txt": ("ja", [("15分", 15, "minute")]),
    "not_figures_dates_times_counts.txt": ("de", []),
    "not_figures_zh_capacity_and_date.txt": ("zh", []),
}


def test_every_fixture_has_a_case() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.txt")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture(name: str) -> None:
    language, expected = CASES[name]
    found = find_figures((FIXTURES / name).read_text(encoding="utf-8"), language)
    assert [(f.text, f.unit) for f in found] == [(text, unit) for text, _, unit in expected]
    assert [f.value for f in found] == pytest.approx([value for _, value, _ in expected])


def test_vague_amount_is_a_range() -> None:
    text = (FIXTURES / "ja_vague_suhyaku_oku.txt").read_text(encoding="utf-8")
    first, second = find_figures(text, "ja")
    assert (first.approximate, first.value, first.high) == (True, 1e10, 1e11)
    assert (second.approximate, second.value, second.high) == (True, 1e9, 1e10)


def test_kinds() -> None:
    found = find_figures("Zapłacono 5 tys. zł, czyli 30 proc. więcej, w 36 miesięcy.", "pl")
    assert [f.kind for f in found] == ["money", "percent", "duration"]


def test_each_figure_once_in_order_of_first_appearance() -> None:
    found = find_figures("It raised $48 million. Later: 24%, then $48 million again, 24%.", "en")
    assert [f.text for f in found] == ["$48 million", "24%"]


@pytest.mark.parametrize(
    ("raw", "language", "value"),
    [
        ("1,000", "en", 1000),
        ("1,000", "ja", 1000),
        ("2,5", "pt", 2.5),
        ("1.500", "de", 1500),
        ("1.5", "en", 1.5),
        ("12.000", "de", 12000),
        ("1.234,5", "de", 1234.5),
        ("1,234.5", "en", 1234.5),
        ("10\u00a0000", "pl", 10000),
        ("１，０００", "ja", 1000),
    ],
)
def test_parse_number_by_language_and_grouping(raw: str, language: str, value: float) -> None:
    assert float(parse_number(raw, language)) == value


@given(st.integers(min_value=1000, max_value=999_999_999))
def test_grouped_thousands_read_back_in_every_convention(number: int) -> None:
    english = f"{number:,}"
    assert parse_number(english, "en") == number
    assert parse_number(english.replace(",", "."), "de") == number
    assert parse_number(english.replace(",", "\u00a0"), "pl") == number


def _own_text(name: str) -> str:
    """The article text the pipeline reads; HTML through trafilatura, as ingest does."""
    raw = (CORPUS / "src" / name).read_text(encoding="utf-8")
    if not name.endswith(".html"):
        return raw
    trafilatura = pytest.importorskip("trafilatura", reason="trafilatura cannot be imported")
    return trafilatura.extract(raw) or ""


def test_corpus_money_and_percent_recall_and_precision() -> None:
    expected_total = found_right = found_total = 0
    for name, expected in EXPECTED.items():
        found = find_figures(_own_text(name), expected["language"])
        texts = [f.text for f in found if f.kind != "duration"]
        expected_total += len(expected["figures"])
        found_right += sum(1 for t in expected["figures"] if t in texts)
        found_total += len(texts)
    recall, precision = found_right / expected_total, found_right / found_total
    assert recall >= 0.9, recall
    assert precision >= 0.95, precision


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_article_figures_in_order(name: str) -> None:
    expected = EXPECTED[name]
    found = find_figures(_own_text(name), expected["language"])
    assert [f.text for f in found if f.kind != "duration"] == expected["figures"]


def test_polish_seed() -> None:
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    found = {f.text: f for f in find_figures(text, "pl")}
    bail = found["175 milionów dolarów"]
    assert (bail.value, bail.unit, bail.kind) == (175_000_000, "USD", "money")
    sentence = found["36 miesięcy"]
    assert (sentence.value, sentence.unit, sentence.kind) == (36, "month", "duration")


def test_japanese_seed() -> None:
    text = next(SEEDS.glob("002_*.txt")).read_text(encoding="utf-8")
    found = {f.text: f for f in find_figures(text, "ja")}
    assert found["数百億ドル"].approximate and found["数百億ドル"].value == 1e10
    assert (found["1,000 億ドル"].value, found["1,000 億ドル"].unit) == (1e11, "USD")
    assert all(f.kind == "money" for f in found.values())
