"""Tests for ``pipeline.text.noise.split_article`` on the corpus, the seeds and fixtures.

Fixtures in ``tests/fixtures/noise/`` hold one quirk each; byline fixtures are
tested in ``test_bylines.py``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.model import ArticleParts
from pipeline.text.noise import split_article

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "src"
SEEDS = SHARED / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "noise"
EXPECTED = json.loads((SHARED / "corpus" / "expected.json").read_text(encoding="utf-8"))
CORPUS_TXT = sorted(CORPUS.glob("*.txt"))
# Paragraph counts checked by reading each file.
CORPUS_PARAGRAPHS = {
    "de-cloud-outage-bom.txt": 8,
    "en-ai-funding-crlf.txt": 9,
    "en-crypto-exchange-licensing.txt": 11,
    "it-chip-export.txt": 8,
    "ja-ev-battery-sjis.txt": 7,
    "pl-ai-funding-cp1250.txt": 9,
    "pl-cbdc.txt": 10,
    "pt-cbdc-drex.txt": 8,
    "uk-crypto-exchange.txt": 9,
    "zh-ev-battery.txt": 6,
}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def seed(prefix: str) -> str:
    return read(next(SEEDS.glob(f"{prefix}_*.txt")))


def pieces(parts: ArticleParts) -> list[str]:
    """Every string of ``parts`` that must come from the input."""
    found = [parts.title, parts.author, parts.source]
    return [p for p in found if p] + parts.body + parts.tags + parts.header_lines + parts.removed


def assert_from_input(parts: ArticleParts, text: str) -> None:
    for piece in pieces(parts):
        assert piece, "empty string returned"
        assert piece in text, f"{piece!r} is not in the input"
    for gone in parts.removed:
        assert gone not in parts.body
        if len(gone) >= 12:
            assert all(gone not in line for line in parts.body), f"{gone!r} left in body"


@pytest.mark.parametrize("path", CORPUS_TXT, ids=lambda p: p.name)
def test_corpus_fields_match_expected(path: Path) -> None:
    parts = split_article(read(path))
    expected = EXPECTED[path.name]
    assert parts.title == expected["title"]
    assert parts.author == expected["author"]
    assert parts.source == expected["source"]
    assert parts.tags == expected["tags"]


@pytest.mark.parametrize("path", CORPUS_TXT, ids=lambda p: p.name)
def test_corpus_body_keeps_every_paragraph_and_only_those(path: Path) -> None:
    text = read(path)
    parts = split_article(text)
    assert len(parts.body) == CORPUS_PARAGRAPHS[path.name]
    assert all(len(line) >= 60 for line in parts.body)
    assert len(parts.header_lines) in (1, 2)
    assert parts.warnings == []
    assert_from_input(parts, text)


def test_corpus_noise_lines_never_reach_body() -> None:
    noise = re.compile(
        r"cookie|^(Share|Udostępnij|Teilen|Condividi|Compartilhe|Поділитися|分享到|シェア)"
        r"|^(Read more|Czytaj także|Mehr zum Thema|Leggi anche|Leia mais|Читайте також|"
        r"阅读更多|関連記事)|^(Quelle|Fonte|Autor):|©|#|English",
        re.IGNORECASE,
    )
    for path in CORPUS_TXT:
        parts = split_article(read(path))
        leaked = [line for line in [*parts.body, *parts.header_lines] if noise.search(line)]
        assert leaked == [], path.name


def test_polish_seed_has_no_title_and_keeps_the_tag_run_out_of_body() -> None:
    text = seed("000")
    parts = split_article(text)
    assert parts.title is None
    assert parts.warnings == ["no title line"]
    assert (parts.author, parts.source) == (None, None)
    assert parts.tags == ["赵长鹏", "SamAltman", "AI投资"]
    assert parts.body[0].startswith("Wygląda na to, że założyciel Binance")
    assert parts.body[-1].endswith("konsekwencji prawnych.")
    assert len(parts.body) == 8
    assert_from_input(parts, text)


def test_japanese_seed_label_menu_dateline_and_byline() -> None:
    text = seed("002")
    parts = split_article(text)
    assert (
        parts.title == "「chatgptの父」が世界的なaiインフラ計画を策定:まず米国に数百億ドルを投じる"
    )
    assert parts.header_lines == ["2024-09-04"]
    assert (parts.author, parts.source) == ("劉瑞", "financial ap通信")
    assert parts.tags == []
    assert parts.removed[0] == "ニュース"
    assert parts.removed[1].startswith("한어Русский язык")
    assert parts.removed[-1] == "(劉瑞、financial ap通信)"
    assert parts.body[0].startswith("financial ap通信、9月4日(編集者liu rui)関係者によると")
    assert "アルトマン氏、aiインフラ計画を模索" in parts.body
    assert not any("劉瑞" in line for line in parts.body)
    assert_from_input(parts, text)


def html_hints(html: str) -> dict[str, str]:
    """What the ingest stage reads from meta tags: og:title or <title>, author, site name."""
    meta = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', html))
    title = re.search(r"<title>(.*?)</title>", html)
    assert title is not None
    return {
        "title": meta.get("og:title", title.group(1)),
        "author": meta["author"],
        "source": meta["og:site_name"],
    }


@pytest.mark.parametrize("name", ["en-cloud-outage.html", "ja-chip-export.html"])
def test_corpus_html_via_trafilatura(name: str) -> None:
    trafilatura = pytest.importorskip("trafilatura", reason="trafilatura cannot be imported")
    html = read(CORPUS / name)
    text = trafilatura.extract(html, include_comments=False)
    parts = split_article(text, html_hints(html))
    expected = EXPECTED[name]
    assert parts.title == expected["title"]
    assert (parts.author, parts.source, parts.tags) == (
        expected["author"],
        expected["source"],
        expected["tags"],
    )
    assert len(parts.body) == len(text.splitlines()) - 1


@dataclass(frozen=True)
class Expect:
    """What one fixture must give; ``paragraphs`` is the number of body lines."""

    title: str | None
    paragraphs: int
    header: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    author: str | None = None
    source: str | None = None


# One entry per noise fixture, written by hand after reading each fixture.
FIXTURE_EXPECTATIONS = {
    name: Expect(**fields)
    for name, fields in json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8")).items()
}


def test_every_noise_fixture_has_an_expectation() -> None:
    names = {p.stem for p in FIXTURES.glob("*.txt")}
    noise = {n for n in names if not n.startswith(("byline_", "hint_"))}
    assert {n for n in names if n.startswith("hint_")} == {
        "hint_author_overrides_byline",
        "hint_title_reworded",
        "hint_title_site_suffix",
        "hint_title_spacing_differs",
    }
    assert noise == set(FIXTURE_EXPECTATIONS)


@pytest.mark.parametrize("name", sorted(FIXTURE_EXPECTATIONS))
def test_noise_fixture(name: str) -> None:
    text = read(FIXTURES / f"{name}.txt")
    parts = split_article(text)
    expect = FIXTURE_EXPECTATIONS[name]
    assert parts.title == expect.title
    assert parts.header_lines == expect.header
    assert parts.tags == expect.tags
    assert parts.removed == expect.removed
    assert len(parts.body) == expect.paragraphs
    assert (parts.author, parts.source) == (expect.author, expect.source)
    assert_from_input(parts, text)


def test_hint_title_wins_and_its_spacing_variant_leaves_the_body() -> None:
    text = read(FIXTURES / "hint_title_spacing_differs.txt")
    title = "政府、半導体製造装置の輸出管理を強化\u3000先端品目を追加"
    parts = split_article(
        text, {"title": title, "author": "小林誠", "source": "東京テックジャーナル"}
    )
    assert (parts.title, parts.author, parts.source) == (title, "小林誠", "東京テックジャーナル")
    assert parts.body == text.splitlines()[1:]


def test_hint_title_loses_its_site_suffix() -> None:
    text = read(FIXTURES / "hint_title_site_suffix.txt")
    title = "Seven-hour outage at Altostrata cloud region disrupts payments"
    hints = {"title": f"{title} | The Northgate Wire", "source": "The Northgate Wire"}
    parts = split_article(text, hints)
    assert parts.title == title
    assert parts.author == "Daniel Okafor"
    assert parts.header_lines == ["By Daniel Okafor · June 3, 2025"]
    assert parts.body == text.splitlines()[2:]


def test_hint_title_reworded_on_the_page_still_replaces_the_title_line() -> None:
    text = read(FIXTURES / "hint_title_reworded.txt")
    hint = text.splitlines()[0] + " for Central European languages"
    parts = split_article(text, {"title": hint})
    assert parts.title == hint
    assert parts.body == text.splitlines()[1:]


def test_hint_title_missing_from_text_keeps_the_first_paragraph() -> None:
    text = read(FIXTURES / "no_title_first_line_paragraph.txt")
    parts = split_article(text, {"title": "Rada miasta przyjęła budżet"})
    assert parts.title == "Rada miasta przyjęła budżet"
    assert parts.body == [line for line in text.splitlines() if line]
    assert parts.warnings == []


def test_cookie_sentences_cut_from_the_start_of_a_paragraph() -> None:
    parts = split_article(read(FIXTURES / "cookie_banner_prefixed_to_paragraph.txt"))
    assert parts.body[0].startswith("The city council approved a new budget")


def test_weibo_topics_cut_from_paragraph_edges() -> None:
    parts = split_article(read(FIXTURES / "tags_weibo_topic_style.txt"))
    assert parts.body == [
        "市议会4日以多数票通过明年预算案，公共交通支出增加12%。",
        "反对派认为收入预测过于乐观。",
    ]


def test_hashtags_stuck_to_paragraph_are_cut_not_the_sentence() -> None:
    parts = split_article(read(FIXTURES / "tags_stuck_to_last_paragraph.txt"))
    assert parts.body == [
        "Na razie nic nie wskazuje na to, by NBP zdecydował się na taki krok w 2026 r."
    ]


def test_prose_with_number_sign_and_csharp_is_untouched() -> None:
    text = read(FIXTURES / "tags_number_and_csharp_in_prose_kept.txt")
    parts = split_article(text)
    assert parts.body[0] == text.splitlines()[1]


def test_news_about_cookies_is_body() -> None:
    text = read(FIXTURES / "cookie_news_paragraph_kept.txt")
    assert split_article(text).body[0] == text.splitlines()[1]


def test_empty_and_blank_text() -> None:
    for text in ("", "\n\n  \n", "\ufeff"):
        parts = split_article(text)
        assert (parts.title, parts.body, parts.tags) == (None, [], [])
        assert parts.warnings == ["no title line", "no body text"]


def test_crlf_and_bom_are_tolerated() -> None:
    text = read(CORPUS / "de-cloud-outage-bom.txt")
    parts = split_article("\ufeff" + text.replace("\n", "\r\n"))
    assert parts.title == EXPECTED["de-cloud-outage-bom.txt"]["title"]
    assert parts.source == "Rhein-Main Digitalbote"


_NOISY = st.sampled_from(
    ["#", "#tag", "#話題#", " ", "\n", "(", ")", "（", "、", ",", "By ", "Jane Doe", " | ",
     "©", "cookie", "We use cookies.", "Share", "English", "Polski", "2025-01-02",
     "Read more:", "Quelle: ", "。", ".", "\u3000", "\ufeff", "\r", "SamAltman", "Von "]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(_NOISY, st.text(max_size=4))).map("".join)))
def test_never_raises_and_never_invents_text(text: str) -> None:
    parts = split_article(text)
    for piece in pieces(parts):
        assert piece and piece in text
