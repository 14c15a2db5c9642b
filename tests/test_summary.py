"""Extractive summary, key points and headlines from leads, on real article bodies."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.summary import KEY_POINT_MAX, headline_from_lead, summarise, trim

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "summary"
EXPECTED = json.loads((SHARED / "corpus" / "expected.json").read_text(encoding="utf-8"))

# Cleaned bodies of corpus articles (one paragraph per line) and their corpus file.
CORPUS_FIXTURES = {
    "summary_en_funding_round.txt": "en-ai-funding-crlf.txt",
    "summary_pl_funding_round_dash_quotes.txt": "pl-ai-funding-cp1250.txt",
    "summary_de_guillemet_quotes.txt": "de-cloud-outage-bom.txt",
    "summary_uk_cyrillic.txt": "uk-crypto-exchange.txt",
    "summary_cjk_no_spaces.txt": "ja-ev-battery-sjis.txt",
    "summary_zh_fullwidth_quotes.txt": "zh-ev-battery.txt",
    "summary_it_guillemets.txt": "it-chip-export.txt",
}
CJK = {"ja", "zh"}


def body(name: str) -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").splitlines()


def seed_body(prefix: str) -> list[str]:
    """A seed article's paragraphs, minus the noise the cleaner removes before us."""
    path = next((SHARED / "seeds").glob(f"{prefix}_*.txt"))
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@pytest.mark.parametrize(("fixture", "corpus_file"), sorted(CORPUS_FIXTURES.items()))
def test_corpus_summary_and_key_points(fixture: str, corpus_file: str) -> None:
    expected = EXPECTED[corpus_file]
    language = expected["language"]
    paragraphs = body(fixture)
    text = "\n".join(paragraphs)
    summary, points = summarise(paragraphs, language, title=expected["title"])
    limit = 200 if language in CJK else 400
    assert 0 < len(summary) <= limit
    assert paragraphs[0].startswith(summary[:30])  # the lead, not a later sentence
    assert summary[-1] in ".。…!?！？」”"  # whole sentences (or a marked cut)
    assert 3 <= len(points) <= 5
    positions = [text.find(p.rstrip("…")) for p in points]
    assert all(pos >= 0 for pos in positions), "key points are the article's own text"
    assert positions == sorted(positions), "key points come in article order"
    assert len(set(points)) == len(points)
    assert all(len(p) <= KEY_POINT_MAX for p in points)
    assert not any(p in summary for p in points), "summary sentences are not repeated"
    assert not any(p[0] in '"„“«「–—' for p in points), "no bare quotations"
    # Key points carry the facts: most of the article's figures appear in summary or points.
    found = [f for f in expected["figures"] if f in summary + "".join(points)]
    assert len(found) * 2 >= len(expected["figures"])


def test_english_key_points_skip_quotes_and_question_subheads() -> None:
    paragraphs = body("summary_hedged_lead_en_quotes_questions.txt")
    summary, points = summarise(paragraphs, "en")
    assert summary.startswith("It seems that the harbour authority")
    assert summary.endswith("which already runs the southern terminal.")
    assert points
    assert not any(p.endswith("?") or p.startswith('"') for p in points)
    assert any("€420 million" in p or "1.8 million" in p for p in [summary, *points])


def test_cjk_summary_has_no_spaces_added_and_is_halved() -> None:
    paragraphs = body("summary_cjk_no_spaces.txt")
    summary, points = summarise(paragraphs, "ja", max_chars=400)
    assert summary.startswith("電池メーカーのミナトエナジー（Minato Energy）は9日")
    assert len(summary) <= 200
    assert " " not in summary.replace("Minato Energy", "")
    assert len(points) == 5
    assert (
        "ミナトエナジーの2025年3月期の売上高は3200億円で、このうち車載向けが半分以上を占める。"
        in points
    )


def test_japanese_seed_skips_subheads_and_question() -> None:
    paragraphs = body("summary_ja_seed_subheads_question.txt")
    _, points = summarise(paragraphs, "ja", points=5)
    assert len(points) == 5
    subheads = {"アルトマン氏、aiインフラ計画を模索", "openaiの幹部が総動員"}
    assert not subheads & set(points)
    assert not any(p.endswith(("?", "？")) for p in points)


def test_polish_seed_summary_and_points() -> None:
    paragraphs = body("summary_pl_seed_untitled.txt")
    summary, points = summarise(paragraphs, "pl", points=4)
    assert summary == paragraphs[0]
    assert len(points) == 4
    assert all("#" not in p for p in points)


def test_unpunctuated_text_gives_bounded_summary_and_points() -> None:
    paragraphs = body("summary_no_punctuation_long_line.txt")
    assert len(paragraphs) == 1 and len(paragraphs[0]) > 4000
    summary, points = summarise(paragraphs, "pl")
    assert 100 < len(summary) <= 400
    assert paragraphs[0].startswith(summary)  # cut between words
    assert 3 <= len(points) <= 5
    assert all(len(p) <= KEY_POINT_MAX for p in points)
    for point in points:
        assert point.endswith("…") or paragraphs[0].endswith(point)
        assert point.rstrip("…") in paragraphs[0]


def test_short_article_gives_fewer_points() -> None:
    paragraphs = [
        "The council approved the new budget of €12 million on Tuesday after a long debate.",
        "Too short.",
    ]
    summary, points = summarise(paragraphs, "en")
    assert summary == paragraphs[0]
    assert points == [paragraphs[0]]  # the only usable sentence, repeated as a last resort
    assert summarise([], "en") == ("", [])


def test_near_duplicate_sentences_give_one_point() -> None:
    sentence = "Glosa AI raised $48 million in a Series B round led by Baltic Ridge Ventures."
    variant = "Glosa AI raised $48 million in a Series B round led by Baltic Ridge Ventures today."
    paragraphs = [
        "Warsaw start-up news opens the week with a busy schedule for investors.",
        sentence,
        "The company will hire 65 engineers and open offices in Prague and Bucharest.",
        variant,
        "Annual recurring revenue tripled last year to $9 million, the company said.",
    ]
    _, points = summarise(paragraphs, "en")
    assert len([p for p in points if "Baltic Ridge" in p]) == 1
    assert len(points) == 3


def test_trim_cuts_at_a_word_boundary_or_clause() -> None:
    text = "Glosa trains its models on Nvidia graphics processors rented from data centres"
    assert trim(text, 40) == "Glosa trains its models on Nvidia…"
    assert trim(text, 200) == text
    assert trim(
        "一位长期关注电池行业的券商分析师表示，钠离子电池短期内难以在主流乘用车市场", 30, cjk=True
    ) == ("一位长期关注电池行业的券商分析师表示…")


def test_polish_seed_headline() -> None:
    headline = headline_from_lead(seed_body("000"), "pl")
    assert headline == (
        "Założyciel Binance, Changpeng Zhao (CZ), rozważa inwestycje w centra danych oparte na "
        "sztucznej inteligencji"
    )


@pytest.mark.parametrize(
    ("fixture", "language", "expected"),
    [
        (
            "summary_en_funding_round.txt",
            "en",
            "Glosa AI has raised $48 million in a Series B funding round led by "
            "Baltic Ridge Ventures",
        ),
        (
            "summary_hedged_lead_en_quotes_questions.txt",
            "en",
            "The harbour authority of the fictional port of Kestrel Bay is preparing to double its "
            "container capacity",
        ),
        (
            "summary_hedged_lead_de.txt",
            "de",
            "Die Stadtwerke-Gruppe Lindenau ihre geplante Wasserstoffanlage am Hafen um mindestens "
            "zwei Jahre verschieben muss",
        ),
        (
            "summary_pl_funding_round_dash_quotes.txt",
            "pl",
            "Glosa AI pozyskała 48 mln dolarów (ok. 185 mln zł) w rundzie finansowania serii B",
        ),
        (
            "summary_long_first_paragraph_no_stop.txt",
            "pl",
            "Założyciel Binance, Changpeng Zhao (CZ), rozważa inwestycje w centra danych oparte na "
            "sztucznej inteligencji",
        ),
        (
            "summary_no_punctuation_long_line.txt",
            "pl",
            "Założyciel Binance Changpeng Zhao CZ rozważa inwestycje w centra danych oparte na "
            "sztucznej inteligencji",
        ),
        (
            "summary_zh_fullwidth_quotes.txt",
            "zh",
            "储能企业华澜储能（Hualan Energy）宣布，其位于安徽省芜湖市的钠离子电池生产线正式投产",
        ),
        (
            "summary_cjk_no_spaces.txt",
            "ja",
            "電池メーカーのミナトエナジー（Minato Energy）、電気自動車（EV）向け全固体電池の"
            "試験生産ラインを愛知県内に新設すると発表した",
        ),
        (
            "summary_ja_seed_subheads_question.txt",
            "ja",
            "「chatgptの父」でopenaiのceoであるサム・アルトマン氏、人工知能の開発をサポートする"
            "インフラを構築するために世界中の投資家を招集する計画",
        ),
    ],
)
def test_headline_from_lead(fixture: str, language: str, expected: str) -> None:
    headline = headline_from_lead(body(fixture), language)
    assert headline == expected
    assert len(headline) <= 120
    assert headline[-1] not in ".,;:–—、，。"


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("summary_*.txt")))
def test_every_headline_is_short_and_not_a_paragraph(fixture: str) -> None:
    paragraphs = body(fixture)
    for max_chars in (60, 120):
        headline = headline_from_lead(paragraphs, "und", max_chars=max_chars)
        assert 10 <= len(headline) <= max_chars
        assert headline.lower() != "untitled"
        assert headline[-1] not in ".,;:、，。 "


def test_headline_of_a_short_title_like_first_line_is_kept() -> None:
    paragraphs = ["Central bank keeps rates on hold", "The bank said on Tuesday that inflation…"]
    assert headline_from_lead(paragraphs, "en") == "Central bank keeps rates on hold"
    assert headline_from_lead([], "en") == ""


def test_summary_is_fast() -> None:
    cases = [(body(f), EXPECTED[c]["language"]) for f, c in CORPUS_FIXTURES.items()]
    summarise(*cases[0])
    start = time.process_time()
    for paragraphs, language in cases * 10:
        summarise(paragraphs, language)
        headline_from_lead(paragraphs, language)
    per_article = (time.process_time() - start) / (len(cases) * 10)
    assert per_article < 0.005  # about 1.5 ms on an idle core


def test_headline_skips_a_one_word_label_and_drops_attribution() -> None:
    paragraphs = [
        "Analysis",
        "It appears that the city council will delay the tram extension by a year, officials said.",
    ]
    assert headline_from_lead(paragraphs, "en") == (
        "The city council will delay the tram extension by a year"
    )


def test_summary_falls_back_to_the_first_sentence() -> None:
    summary, points = summarise(["Why now?", "And what comes next for the tram?"], "en")
    assert summary == "Why now?"
    assert points == []


_PIECES = [*'ab Zł.,;:!?…"„“”«»「」。！？、 1', "Dr. ", "It seems that ", "関係者によると、", "字"]
_PARAGRAPHS = st.lists(st.lists(st.sampled_from(_PIECES), max_size=200).map("".join), max_size=6)


@settings(max_examples=200, deadline=None)
@given(paragraphs=_PARAGRAPHS, language=st.sampled_from(["en", "pl", "ja", "zh", "und"]))
def test_any_body_gives_bounded_output(paragraphs: list[str], language: str) -> None:
    summary, points = summarise(paragraphs, language, max_chars=120, points=3)
    assert len(summary) <= 120
    assert len(points) <= 3 and all(len(p) <= KEY_POINT_MAX for p in points)
    headline = headline_from_lead(paragraphs, language, max_chars=60)
    assert len(headline) <= 60
    assert headline == headline.strip()


@pytest.mark.parametrize("paragraph", ["x" * 500, "word " * 16, "Ab cd " + "x" * 90])
def test_headline_never_exceeds_the_limit(paragraph: str) -> None:
    headline = headline_from_lead([paragraph], "en", max_chars=60)
    assert 0 < len(headline) <= 60


@pytest.mark.parametrize(
    ("paragraph", "language", "expected_start"),
    [
        (
            "financial ap通信、9月4日(編集者liu rui)関係者によると、計画が明らかになったという。",
            "ja",
            "関係者によると",
        ),
        (
            "WARSAW, March 12 (Reuters) - Glosa raised $48 million in a new funding round.",
            "en",
            "Glosa",
        ),
        (
            "BERLIN, 17. Juli (dpa) – Die Hitze legt ein großes Rechenzentrum lahm.",
            "de",
            "Die Hitze",
        ),
        ("NEW YORK, Sept. 4, 2024 — OpenAI said it would raise more money soon.", "en", "OpenAI"),
        ("Glosa AI, a Warsaw start-up, said on Monday it raised money.", "en", "Glosa AI, a"),
        ("Start-up Glosa AI pozyskał 48 mln dolarów - poinformowała firma.", "pl", "Start-up"),
    ],
    ids=["ja-agency", "en-reuters", "de-dpa", "en-year", "en-apposition-kept", "pl-dash-kept"],
)
def test_agency_dateline_opener_is_not_part_of_the_summary(
    paragraph: str, language: str, expected_start: str
) -> None:
    summary, _ = summarise([paragraph, "Second paragraph with more text to read here."], language)
    assert summary.startswith(expected_start)
