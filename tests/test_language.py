"""Language detection: ISO 639-1 codes, ``und`` when unsure, menus and names ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.ingest import read_document
from pipeline.text import language
from pipeline.text.language import detect_language

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
INGEST_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"


def source(name: str) -> str:
    return (INGEST_FIXTURES / f"source_{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_language(name: str) -> None:
    document = read_document(CORPUS / "articles" / name, name, 1_000_000)
    assert (
        detect_language(document.text, document.hints.get("language"))
        == (EXPECTED[name]["language"])
    )
    assert detect_language(document.text) == EXPECTED[name]["language"]


@pytest.mark.parametrize(("prefix", "code"), [("000_", "pl"), ("002_", "ja")])
def test_seed_language(prefix: str, code: str) -> None:
    path = next((SHARED / "seeds").glob(f"{prefix}*.txt"))
    assert detect_language(path.read_text(encoding="utf-8")) == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("en", "en"), ("pl", "pl"), ("ja", "ja"), ("zh_hans", "zh"), ("zh_hant", "zh"),
        ("de", "de"), ("fr", "fr"), ("es", "es"), ("it", "it"), ("pt", "pt"), ("uk", "uk"),
        ("ko", "ko"), ("ru", "ru"),
    ],
)  # fmt: skip
def test_each_language_on_a_paragraph(name: str, code: str) -> None:
    assert detect_language(source(name)) == code


@pytest.mark.parametrize(
    "menu",
    [
        "PolskiEnglishУкраїнська",
        "УкраїнськаEnglishPolski",
        "한어Русский языкEnglishFrançaisIndonesianSanskrit日本語DeutschPortuguêsΕλληνικάespañol"
        "ItalianoSuomalainenLatina",
    ],
)
@pytest.mark.parametrize("name", ["uk", "pl", "en"])
def test_language_menu_lines_do_not_change_the_result(menu: str, name: str) -> None:
    title, _, body = source(name).partition("\n")
    short = body.split(". ")[0] + "."  # one sentence, so the menu weighs as much as it can
    expected = detect_language(f"{title}\n{short}")
    assert expected == {"uk": "uk", "pl": "pl", "en": "en"}[name]
    assert detect_language(f"{title}\n{menu}\n{short}") == expected


def test_a_menu_alone_is_undetermined() -> None:
    assert detect_language("PolskiEnglishУкраїнська\nDeutschFrançaisEspañolItaliano") == "und"


def test_foreign_names_do_not_change_the_language() -> None:
    text = (
        "Fundusz Baltic Ridge Ventures oraz Helix Growth Partners przekazały spółce "
        "pieniądze, a rozmowy prowadzili Sam Altman, Jensen Huang i Satya Nadella z "
        "Microsoft, OpenAI oraz Nvidia w siedzibie firmy w Warszawie."
    )
    assert detect_language(text) == "pl"
    japanese = "トヨタ自動車は4日、OpenAIやMicrosoft、Nvidiaと提携すると発表した。"
    assert detect_language(japanese) == "ja"


def test_chinese_quoting_a_japanese_name_stays_chinese() -> None:
    text = source("zh_hans") + "\n报道援引日本企业トヨタ的说法。"
    assert detect_language(text) == "zh"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Amharic (Ethiopic script): no lingua model, shared with Tigrinya → und, never Arabic.
        ("ኢትዮጵያ በአፍሪካ ቀንድ የምትገኝ ሀገር ናት። ዋና ከተማዋ አዲስ አበባ ሲሆን ብዙ ሕዝብ ይኖርባታል።" * 2, "und"),
        # Khmer and Sinhala: one language each.
        ("ប្រទេសកម្ពុជាមានរាជធានីភ្នំពេញ ហើយប្រជាជនភាគច្រើននិយាយភាសាខ្មែរ។" * 2, "km"),
        ("ශ්‍රී ලංකාවේ අගනුවර කොළඹ වන අතර බොහෝ දෙනා සිංහල භාෂාව කතා කරති." * 2, "si"),
        # Georgian and Greek: lingua knows them.
        ("საქართველო არის ქვეყანა კავკასიაში, რომლის დედაქალაქი თბილისია." * 2, "ka"),
        ("Η κυβέρνηση ανακοίνωσε νέο πρόγραμμα στήριξης για τις μικρές επιχειρήσεις." * 2, "el"),
    ],
)
def test_scripts_map_to_their_language_or_und(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "   \n", "Hello", "OK thanks", "12 345 678", "#AI #ML"])
def test_short_text_is_undetermined(text: str) -> None:
    assert detect_language(text) == "und"


def test_kanji_only_short_line_is_undetermined() -> None:
    assert detect_language("#全固体電池 #EV #蓄電池") == "und"


def test_hint_settles_short_text_but_never_overrides_a_clear_result() -> None:
    assert detect_language("Hello", "pl-PL") == "pl"
    assert detect_language("Hello", "not a language tag") == "und"
    assert detect_language(source("en"), "de") == "en"
    assert detect_language(source("ja"), "zh-CN") == "ja"


def test_detector_is_built_once() -> None:
    detect_language(source("de"))
    detect_language(source("fr"))
    info = language._detector.cache_info()
    assert (info.currsize, info.misses) == (1, 1)
