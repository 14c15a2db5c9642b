"""Sentence segmentation: abbreviations, numbers, quotes, CJK, unpunctuated text, speed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.segment import MAX_SENTENCE, split_sentences

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "summary"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Zebrano ok. 5 tys. zł od 120 osób. Kolejna zbiórka ruszy w maju.",
            "pl",
            ["Zebrano ok. 5 tys. zł od 120 osób.", "Kolejna zbiórka ruszy w maju."],
        ),
        (
            "Podczas spotkania w grudniu 2023 r. Changpeng Zhao potwierdził rozmowy. Nic więcej.",
            "pl",
            [
                "Podczas spotkania w grudniu 2023 r. Changpeng Zhao potwierdził rozmowy.",
                "Nic więcej.",
            ],
        ),
        (
            "Glosa AI powstała w 2021 r. Jej założycielami są Marta Zielińska i Piotr Nowicki.",
            "pl",
            [
                "Glosa AI powstała w 2021 r.",
                "Jej założycielami są Marta Zielińska i Piotr Nowicki.",
            ],
        ),
        (
            "Projekt opracowuje m.in. zasady działania systemu. Budżet to 48 mln dolarów.",
            "pl",
            ["Projekt opracowuje m.in. zasady działania systemu.", "Budżet to 48 mln dolarów."],
        ),
        (
            "Dr. Schmidt nannte z.B. Kosten von 2,5 Mio. Euro. Das Werk öffnet am 17. Juli.",
            "de",
            ["Dr. Schmidt nannte z.B. Kosten von 2,5 Mio. Euro.", "Das Werk öffnet am 17. Juli."],
        ),
        (
            "Revenue rose 4.2% in the U.S. market, e.g. in Texas. J. Smith joined in Jan. 2024.",
            "en",
            [
                "Revenue rose 4.2% in the U.S. market, e.g. in Texas.",
                "J. Smith joined in Jan. 2024.",
            ],
        ),
        (
            "Біржа витратить 40 млн грн, т.е. більше, ніж торік. Регулятор погодився.",
            "uk",
            ["Біржа витратить 40 млн грн, т.е. більше, ніж торік.", "Регулятор погодився."],
        ),
        (
            "Ceny wzrosły o 2,5 proc. r/r. Analitycy się nie dziwią!Tak mówią.",
            "pl",
            ["Ceny wzrosły o 2,5 proc. r/r.", "Analitycy się nie dziwią!", "Tak mówią."],
        ),
    ],
)
def test_abbreviations_numbers_and_initials(text: str, language: str, expected: list[str]) -> None:
    assert split_sentences(text, language) == expected


def test_closing_quotes_stay_with_their_sentence() -> None:
    german = "„Das war ein Fehler, und wir werden ihn beheben.“ Die Ursache wird untersucht."
    assert split_sentences(german, "de") == [
        "„Das war ein Fehler, und wir werden ihn beheben.“",
        "Die Ursache wird untersucht.",
    ]
    two_inside = "„Das war ein Fehler. Wir beheben ihn.“ Die Ursache wird untersucht. Mehr folgt."
    assert split_sentences(two_inside, "de") == [
        "„Das war ein Fehler. Wir beheben ihn.“",
        "Die Ursache wird untersucht.",
        "Mehr folgt.",
    ]
    english = '"They work well in a quiet room. That gap is our business." Then she left.'
    assert split_sentences(english, "en") == [
        '"They work well in a quiet room. That gap is our business."',
        "Then she left.",
    ]


def test_cjk_quotes_and_brackets_stay_with_their_sentence() -> None:
    body = (FIXTURES / "summary_cjk_no_spaces.txt").read_text(encoding="utf-8")
    sentences = split_sentences(body, "ja")
    quoted = [s for s in sentences if "「" in s]
    assert quoted == [
        "鈴木大輔社長は記者会見で「EVの普及には、航続距離と充電時間の両方で利用者の不安を解消する"
        "必要がある。量産技術をいち早く確立し、海外勢との競争で先行したい」と述べた。",
        "調査会社カエデ・リサーチ（Kaede Research）の高橋健太アナリストは「量産効果が出るまでには"
        "時間がかかる。まずは高級車や商用車など、価格に比較的敏感でない分野から採用が広がるだろう」"
        "と指摘する。",
    ]
    assert all(s.endswith(("。", "」", "）")) for s in sentences)
    assert "課題はコストだ。" in sentences


def test_chinese_full_width_punctuation_and_closing_quote() -> None:
    text = "他说：“我们会继续投资。明年再扩产！”公司股价上涨？分析师表示乐观。"
    assert split_sentences(text, "zh") == [
        "他说：“我们会继续投资。明年再扩产！”",
        "公司股价上涨？",
        "分析师表示乐观。",
    ]


def test_full_width_decimal_point_does_not_split() -> None:
    assert split_sentences("成長率は２．５％だった。次の話題。", "ja") == [
        "成長率は２．５％だった。",
        "次の話題。",
    ]


def test_line_breaks_always_end_a_sentence() -> None:
    assert split_sentences("Subheading without stop\nBody text follows here.", "en") == [
        "Subheading without stop",
        "Body text follows here.",
    ]


def test_corpus_article_sentences() -> None:
    text = (SHARED / "corpus" / "src" / "en-ai-funding-crlf.txt").read_text(encoding="utf-8")
    sentences = split_sentences(text, "en")
    assert "Glosa declined to comment on the valuation." in sentences
    assert (
        "Annual recurring revenue tripled last year to $9 million, the company said." in sentences
    )
    assert all(len(s) <= MAX_SENTENCE for s in sentences)


def test_unpunctuated_long_line_is_cut_on_spaces() -> None:
    line = (FIXTURES / "summary_no_punctuation_long_line.txt").read_text(encoding="utf-8")
    chunks = split_sentences(line, "pl")
    assert len(chunks) >= len(line) // MAX_SENTENCE
    assert all(0 < len(c) <= MAX_SENTENCE for c in chunks)
    words = line.split()
    assert " ".join(chunks).split() == words  # cut between words, nothing lost


def test_unpunctuated_cjk_is_cut_by_length() -> None:
    text = "人工知能の開発をサポートするインフラ" * 300
    chunks = split_sentences(text, "ja")
    assert all(len(c) <= MAX_SENTENCE for c in chunks)
    assert "".join(chunks) == text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("słowo " * 175_000, "pl"),
        ("字" * 1_000_000, "zh"),
        ("a." * 500_000, "en"),
        ("A. " * 350_000, "en"),
        ("「" + "あ。" * 500_000, "ja"),
        ("„" + "Tak. " * 200_000, "pl"),
        ("x" * 1_000_000, "en"),
    ],
    ids=["words", "cjk", "glued-dots", "initials", "unclosed-cjk-quote", "unclosed-quote", "blob"],
)
def test_one_megabyte_single_line_is_linear_and_bounded(text: str, language: str) -> None:
    start = time.perf_counter()
    sentences = split_sentences(text, language)
    assert time.perf_counter() - start < 60, "catastrophic backtracking"
    assert sentences
    assert max(map(len, sentences)) <= MAX_SENTENCE


_PIECES = [*'ab Zł.,!?…"„“”«»「」。！？ 1\n', "Dr. ", "w 2021 r. ", "U.S. ", "J. ", "ok. ", "字"]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=300).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT, language=st.sampled_from(["en", "pl", "de", "ja", "zh"]))
def test_any_text_splits_into_bounded_stripped_sentences(text: str, language: str) -> None:
    sentences = split_sentences(text, language)
    assert all(s and s == s.strip() and len(s) <= MAX_SENTENCE for s in sentences)
    assert "".join("".join(sentences).split()) == "".join(text.split())
