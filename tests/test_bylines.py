"""Tests for byline reading: ``pipeline.text.bylines`` and its use in ``split_article``."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.text.bylines import Byline, BylineKind, is_name, is_outlet, parse_byline
from pipeline.text.noise import split_article

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "noise"


@pytest.mark.parametrize(
    ("line", "author", "source", "kind"),
    [
        ("(Hannah Reyes, Vistula Tech Review)", "Hannah Reyes", "Vistula Tech Review", "byline"),
        ("（中村彩、テック経済通信）", "中村彩", "テック経済通信", "byline"),
        ("(劉瑞、financial ap通信)", "劉瑞", "financial ap通信", "byline"),
        ("Autor: Katarzyna Lewandowska / Wiadomości Krzemowe", "Katarzyna Lewandowska",
         "Wiadomości Krzemowe", "byline"),
        ("By Jane Doe | Example Times", "Jane Doe", "Example Times", "byline"),
        ("By Jane Doe, Staff Writer", "Jane Doe", None, "byline"),
        ("By Jane Doe and John Roe", "Jane Doe and John Roe", None, "byline"),
        ("By Daniel Okafor · June 3, 2025", "Daniel Okafor", None, "byline"),
        ("Michał Grabowski | Bursztynowy Rynek | 14 maja 2025, 08:40", "Michał Grabowski",
         "Bursztynowy Rynek", "byline"),
        ("Jane Doe | 14 May 2025", "Jane Doe", None, "byline"),
        ("Von Lena Hoffmann", "Lena Hoffmann", None, "byline"),
        ("Von Lena Hoffmann · 17.07.2025, 14:05 Uhr", "Lena Hoffmann", None, "byline"),
        ("di Giulia Ferraro", "Giulia Ferraro", None, "byline"),
        ("Par Jean Dupont, envoyé spécial à Kyiv", "Jean Dupont", None, "byline"),
        ("Por María López | El Diario del Sur", "María López", "El Diario del Sur", "byline"),
        ("Автор: Ірина Мельник / Київський вісник", "Ірина Мельник", "Київський вісник",
         "byline"),
        ("Автор: Иван Петров", "Иван Петров", None, "byline"),
        ("홍길동 기자 hong@example.com", "홍길동", None, "byline"),
        ("记者 张伟", "张伟", None, "byline"),
        ("（记者 王芳）", "王芳", None, "byline"),
        ("作者：陈志远", "陈志远", None, "byline"),
        ("(Reporting by Jane Doe; Editing by John Roe)", "Jane Doe", None, "byline"),
        ("Quelle: Rhein-Main Digitalbote", None, "Rhein-Main Digitalbote", "source"),
        ("Fonte: Diário do Cerrado Econômico", None, "Diário do Cerrado Econômico", "source"),
        ("Źródło: Gazeta Nadwiślańska", None, "Gazeta Nadwiślańska", "source"),
        ("来源：华东经济日报", None, "华东经济日报", "source"),
        ("出典：テック経済通信", None, "テック経済通信", "source"),
        ("Джерело: Київський фінансовий вісник", None, "Київський фінансовий вісник", "source"),
        ("Источник: Интерфакс", None, "Интерфакс", "source"),
        ("© Riproduzione riservata – Cronache del Silicio", None, "Cronache del Silicio",
         "copyright"),
        ("© 2025 The Northgate Wire. All rights reserved.", None, "The Northgate Wire",
         "copyright"),
        ("© 2025 東京テックジャーナル All Rights Reserved.", None, "東京テックジャーナル",
         "copyright"),
        ("ⓒ 연합뉴스, 무단 전재 및 재배포 금지", None, "연합뉴스", "copyright"),
        ("责任编辑：王五", None, None, "editor"),
        ("Edited by John Smith", None, None, "editor"),
    ],
)  # fmt: skip
def test_parse_byline_forms(
    line: str, author: str | None, source: str | None, kind: BylineKind
) -> None:
    assert parse_byline(line) == Byline(author, source, kind)


@pytest.mark.parametrize(
    "line",
    [
        "By Monday, the company had restored service.",
        "Von den 500 Mitarbeitern wurden 20 entlassen.",
        "Di Maio lascia il movimento",
        "By The Numbers",
        "Par ailleurs, le maire a annoncé une hausse.",
        "Por su parte, el ministro negó los hechos.",
        "Share | Post | Email",
        "Home | World | Business",
        "(Reuters)",
        "(AP, AFP)",
        "(see chart, page 4)",
        "New York | London",
        "Quelle: ",
        "The city council approved a new budget on Tuesday.",
        "According to Blockline Weekly, two exchanges held talks.",
    ],
)
def test_parse_byline_rejects_prose_and_menus(line: str) -> None:
    assert parse_byline(line) is None


def test_name_and_outlet_checks() -> None:
    assert is_name("Marta Zielińska") and is_name("中村彩") and is_name("Ірина Мельник")
    assert is_name("Ludwig van Beethoven")
    assert not is_name("Reuters") and not is_name("the company said") and not is_name("R2 D2")
    assert is_outlet("financial ap通信") and is_outlet("Rhein-Main Digitalbote")
    assert not is_outlet("14 maja 2025, 08:40") and not is_outlet("Staff Writer")
    assert not is_outlet("It rained. Then it stopped")


# fixture stem → (author, source, header lines)
BYLINE_FIXTURES = {
    "byline_paren_name_outlet": ("Hannah Reyes", "Vistula Tech Review", []),
    "byline_fullwidth_paren_ja": ("中村彩", "テック経済通信", []),
    "byline_paren_cjk_name_latin_outlet": ("劉瑞", "financial ap通信", []),
    "byline_autor_name_slash_outlet": ("Katarzyna Lewandowska", "Wiadomości Krzemowe", []),
    "byline_by_name_pipe_outlet": ("Jane Doe", "Example Times", ["By Jane Doe | Example Times"]),
    "byline_name_pipe_outlet_pipe_date": (
        "Michał Grabowski",
        "Bursztynowy Rynek",
        ["Michał Grabowski | Bursztynowy Rynek | 14 maja 2025, 08:40"],
    ),
    "byline_de_von_name": ("Lena Hoffmann", None, ["17.07.2025", "Von Lena Hoffmann"]),
    "byline_it_di_name": (
        "Giulia Ferraro",
        None,
        ["di Giulia Ferraro", "23 settembre 2025 - 07:05"],
    ),
    "byline_fr_par_name": ("Jean Dupont", None, ["Par Jean Dupont", "8 avril 2025"]),
    "byline_es_por_name_pipe_outlet": (
        "María López",
        "El Diario del Sur",
        ["Por María López | El Diario del Sur", "8 de abril de 2025"],
    ),
    "byline_ko_reporter": ("홍길동", None, []),
    "byline_ru_avtor": ("Иван Петров", None, ["Автор: Иван Петров"]),
    "byline_de_quelle_outlet": (None, "Rhein-Main Digitalbote", []),
    "byline_pt_fonte_outlet": (None, "Diário do Cerrado Econômico", []),
    "byline_pl_zrodlo_outlet": (None, "Gazeta Nadwiślańska", []),
    "byline_zh_laiyuan_outlet": (None, "华东经济日报", []),
    "byline_ja_shutten_outlet": (None, "テック経済通信", []),
    "byline_uk_dzherelo_outlet": (None, "Київський фінансовий вісник", []),
    "byline_copyright_outlet": (None, "Example Times", []),
    "byline_cited_outlet_not_source": (None, None, []),
}


def test_every_byline_fixture_has_an_expectation() -> None:
    assert {p.stem for p in FIXTURES.glob("byline_*.txt")} == set(BYLINE_FIXTURES)


@pytest.mark.parametrize("name", sorted(BYLINE_FIXTURES))
def test_byline_fixture(name: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    author, source, header = BYLINE_FIXTURES[name]
    parts = split_article(text)
    assert (parts.author, parts.source) == (author, source)
    assert parts.header_lines == header
    assert parts.title == text.splitlines()[0]
    credit_lines = set(header) | set(parts.removed)
    assert all(line not in credit_lines for line in parts.body)
    assert len(parts.body) == len(text.splitlines()) - 1 - len(credit_lines)


def test_hint_author_wins_but_byline_still_leaves_the_body() -> None:
    text = (FIXTURES / "hint_author_overrides_byline.txt").read_text(encoding="utf-8")
    parts = split_article(text, {"author": "J. Doe"})
    assert (parts.author, parts.source) == ("J. Doe", "Example Times")
    assert parts.header_lines == ["By Jane Doe | Example Times"]
    assert parts.body == text.splitlines()[2:]
    assert parts.warnings == ["byline author 'Jane Doe' differs from metadata"]
