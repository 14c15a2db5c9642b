"""Publication dates: formats in many languages, and the traps around them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pipeline.ingest import read_document
from pipeline.text.dates import find_date, find_mentions, parse_date
from pipeline.text.dates_months import month_number

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dates"
TODAY = dt.date(2025, 11, 1)
D = dt.date


def fixture_parts(name: str) -> tuple[list[str], list[str]]:
    """(header lines, body paragraphs): the block under the title, then the paragraphs."""
    head, _, rest = (FIXTURES / name).read_text(encoding="utf-8").partition("\n\n")
    return head.splitlines()[1:], [line for line in rest.splitlines() if line.strip()]


# --- one file per dateline format -----------------------------------------------------------

DATELINES = {
    "dateline_iso.txt": ("en", D(2024, 9, 4)),
    "dateline_year_first_slashes.txt": ("ja", D(2024, 9, 4)),
    "dateline_pl_day_genitive_month.txt": ("pl", D(2024, 9, 4)),
    "dateline_ja_kanji.txt": ("ja", D(2024, 9, 4)),
    "dateline_zh_kanji.txt": ("zh", D(2024, 9, 4)),
    "dateline_ja_era.txt": ("ja", D(2024, 9, 4)),
    "dateline_ja_fullwidth_digits.txt": ("ja", D(2024, 9, 4)),
    "dateline_en_month_day_year.txt": ("en", D(2024, 9, 4)),
    "dateline_en_day_month_year.txt": ("en", D(2024, 9, 4)),
    "dateline_en_abbreviated_month.txt": ("en", D(2024, 9, 4)),
    "dateline_en_us_numeric.txt": ("en", D(2024, 9, 4)),
    "dateline_de_numeric.txt": ("de", D(2024, 9, 4)),
    "dateline_de_numeric_no_zeros.txt": ("de", D(2024, 9, 4)),
    "dateline_de_day_dot_month_name.txt": ("de", D(2025, 7, 17)),
    "dateline_fr_le_day_month.txt": ("fr", D(2024, 9, 4)),
    "dateline_es_de_month_de_year.txt": ("es", D(2024, 9, 4)),
    "dateline_it_day_month.txt": ("it", D(2024, 9, 4)),
    "dateline_pt_de_month_de_year.txt": ("pt", D(2025, 9, 4)),
    "dateline_ko_hangul_units.txt": ("ko", D(2024, 9, 4)),
    "dateline_ko_dotted.txt": ("ko", D(2024, 9, 4)),
    "dateline_uk_genitive_month_r.txt": ("uk", D(2024, 9, 4)),
    "dateline_ru_genitive_month_g.txt": ("ru", D(2024, 9, 4)),
    "dateline_cs_day_dot_month.txt": ("cs", D(2024, 9, 4)),
    "dateline_hu_year_first_month_name.txt": ("hu", D(2024, 9, 4)),
    "dateline_nl_day_month.txt": ("nl", D(2024, 9, 4)),
}


def test_every_dateline_fixture_is_listed() -> None:
    assert sorted(DATELINES) == sorted(p.name for p in FIXTURES.glob("dateline_*"))


@pytest.mark.parametrize("name", sorted(DATELINES))
def test_dateline_formats(name: str) -> None:
    language, expected = DATELINES[name]
    header, body = fixture_parts(name)
    assert find_date(header, body, {}, language, TODAY) == (expected, "dateline", [])


# --- traps ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "language", "expected"),
    [
        ("trap_published_and_updated.txt", "en", D(2025, 4, 8)),
        ("trap_updated_before_published.txt", "en", D(2025, 4, 8)),
        ("trap_aktualisiert.txt", "de", D(2025, 7, 17)),
        ("trap_atualizado_em.txt", "pt", D(2025, 2, 11)),
        ("trap_body_dates_differ.txt", "pl", D(2025, 3, 12)),
    ],
)
def test_published_date_wins_over_updated_and_body_dates(
    name: str, language: str, expected: dt.date
) -> None:
    header, body = fixture_parts(name)
    assert find_date(header, body, {}, language, TODAY) == (expected, "dateline", [])


def test_impossible_dateline_gives_no_date_and_names_it() -> None:
    header, body = fixture_parts("trap_impossible_dateline.txt")
    assert find_date(header, body, {}, "en", TODAY) == (
        None,
        "none",
        ["impossible date '31.02.2024' in the dateline ignored"],
    )


def test_future_dateline_is_kept_with_a_warning() -> None:
    header, body = fixture_parts("trap_future_dateline.txt")
    assert find_date(header, body, {}, "en", TODAY) == (
        D(2031, 9, 4),
        "dateline",
        ["publication date 2031-09-04 is in the future"],
    )


def test_future_is_judged_against_the_real_today_by_default() -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    date, basis, warnings = find_date([tomorrow.isoformat()], [], {}, "en")
    assert (date, basis) == (tomorrow, "dateline")
    assert warnings == [f"publication date {tomorrow} is in the future"]


def test_inference_takes_the_latest_past_date_of_the_body() -> None:
    header, body = fixture_parts("no_dateline_body_dates.txt")
    assert header == []
    assert find_date(header, body, {}, "en", TODAY) == (
        D(2025, 4, 14),  # 1 January 2030 is a plan, not a publication date
        "text",
        ["no dateline: publication date 2025-04-14 inferred from the text"],
    )


def test_partial_dates_are_never_completed() -> None:
    header, body = fixture_parts("no_dateline_partial_dates_only.txt")
    assert find_date(header, body, {}, "pl", TODAY) == (None, "none", ["no publication date found"])


def test_agency_dateline_opening_the_body() -> None:
    header, body = fixture_parts("body_dateline_agency_style.txt")
    assert find_date(header, body, {}, "en", TODAY) == (D(2024, 9, 4), "dateline", [])


def test_event_date_in_the_first_sentence_is_not_a_dateline() -> None:
    header, body = fixture_parts("body_first_sentence_event_date.txt")
    date, basis, _ = find_date(header, body, {}, "en", TODAY)
    assert (date, basis) == (D(2025, 3, 10), "text")


# --- metadata -----------------------------------------------------------------------------


def test_metadata_wins_and_a_different_dateline_is_reported() -> None:
    hints = {"date": "2025-06-03T16:45:00+00:00"}
    assert find_date(["June 2, 2025"], [], hints, "en", TODAY) == (
        D(2025, 6, 3),
        "metadata",
        ["dateline date 2025-06-02 differs from metadata date 2025-06-03"],
    )


def test_unreadable_or_impossible_metadata_falls_back_to_the_dateline() -> None:
    assert find_date(["4 September 2024"], [], {"date": "soon"}, "en", TODAY) == (
        D(2024, 9, 4),
        "dateline",
        ["unrecognised date in metadata: 'soon'"],
    )
    assert find_date(["4 September 2024"], [], {"date": "2024-02-30"}, "en", TODAY) == (
        D(2024, 9, 4),
        "dateline",
        ["impossible date '2024-02-30' in metadata ignored"],
    )


# --- parse_date and find_mentions ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2024-09-04", "2024/09/04", "2024.09.04", "2024-09-04T14:05:00+09:00", "4 września 2024",
        "2024年9月4日", "２０２４年９月４日", "令和6年9月4日", "2024년 9월 4일", "2024. 9. 4.",
        "September 4, 2024", "Sept. 4, 2024", "Sep 4 2024", "4 September 2024",
        "4th of September, 2024", "04.09.2024", "4.9.2024", "4. 9. 2024", "le 4 septembre 2024",
        "4 sept. 2024",
        "4 de septiembre de 2024", "4 settembre 2024", "4 de setembro de 2024", "4 вересня 2024 р.",
        "4 сентября 2024 г.", "4. September 2024, 14:05 Uhr", "4 Σεπτεμβρίου 2024", "4 Eylül 2024",
        "2024. szeptember 4.", "4. září 2024", "4 septembrie 2024", "4 de setembre de 2024",
    ],
)  # fmt: skip
def test_parse_date_formats(text: str) -> None:
    assert parse_date(text) == D(2024, 9, 4)


def test_parse_date_first_day_forms() -> None:
    assert parse_date("1er septembre 2024") == D(2024, 9, 1)
    assert parse_date("1 d’agost de 2024") == D(2024, 8, 1)
    assert parse_date("17. Juli 2025") == D(2025, 7, 17)


@pytest.mark.parametrize(
    "text",
    ["31.02.2024", "2024-13-01", "30 lutego 2024", "2023年2月29日", "April 31, 2025"],
)
def test_impossible_dates_are_none_never_rolled_over(text: str) -> None:
    assert parse_date(text) is None
    assert [m.value for m in find_mentions(text)] == [None]


@pytest.mark.parametrize(
    "text", ["4 września", "wrzesień 2024", "9月4日", "September 2024", "14:05", "2024", ""]
)
def test_partial_dates_are_not_dates(text: str) -> None:
    assert parse_date(text) is None


def test_numeric_slashes_read_month_first_only_in_english() -> None:
    assert [m.value for m in find_mentions("04/09/2024", "en")] == [D(2024, 4, 9)]
    assert [m.value for m in find_mentions("04/09/2024", "fr")] == [D(2024, 9, 4)]
    assert [m.value for m in find_mentions("13/09/2024", "en")] == [D(2024, 9, 13)]


def test_month_words_are_read_in_the_article_language() -> None:
    assert month_number("listopada", "pl") == 11
    assert month_number("listopada", "hr") == 10  # Croatian October
    assert month_number("listopada", "und") is None  # ambiguous without a language
    assert month_number("Września", "und") == 9
    assert month_number("fevrier", "fr") == 2  # accent dropped by the writer


def test_year_first_with_month_name_only_where_it_is_written_so() -> None:
    assert find_mentions("In 2024 May 5 people left the board.", "en") == []
    assert [m.value for m in find_mentions("2024. május 5.", "hu")] == [D(2024, 5, 5)]


def test_times_and_numbers_next_to_dates_are_ignored() -> None:
    mentions = find_mentions("Published 14:05, 17.07.2025 · 1012 readers · 61 proc.", "pl")
    assert [(m.text, m.value) for m in mentions] == [("17.07.2025", D(2025, 7, 17))]


# --- corpus and seeds ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_dates(name: str) -> None:
    document = read_document(CORPUS / "articles" / name, name, 1_000_000)
    lines = [line for line in document.text.split("\n") if line.strip()]
    header, body = ([], lines[1:]) if document.format == "html" else (lines[:6], lines[6:])
    language = EXPECTED[name]["language"]
    date, basis, warnings = find_date(header, body, document.hints, language, TODAY)
    assert date == D.fromisoformat(EXPECTED[name]["date"])
    assert basis == ("metadata" if document.format == "html" else "dateline")
    assert warnings == []


def seed_parts(prefix: str) -> tuple[list[str], list[str]]:
    path = next((SHARED / "seeds").glob(f"{prefix}*.txt"))
    lines = [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    return lines[:6], lines[6:]


def test_japanese_seed_dateline() -> None:
    header, body = seed_parts("002_")
    assert find_date(header, body, {}, "ja", TODAY) == (D(2024, 9, 4), "dateline", [])


def test_polish_seed_has_no_full_date() -> None:
    """Its body says "w grudniu 2023 r.", "listopadzie 2023 r." and "30 kwietnia": no full date."""
    header, body = seed_parts("000_")
    assert find_date(header, body, {}, "pl", TODAY) == (None, "none", ["no publication date found"])
