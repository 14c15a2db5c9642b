"""The brief writer: Markdown that renders article text as text, round trips, hand edits."""

from __future__ import annotations

import datetime as dt
import sys

import markdown
import pytest

from pipeline.briefs import (
    escape_markdown,
    is_hand_edited,
    make_slug,
    read_brief,
    render_brief,
    write_brief,
)
from pipeline.model import Brief, Entity, Figure
from pipeline.text import readings

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg onload=alert(1)>",
    "[click](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "<a href='JaVaScRiPt:alert(1)'>x</a>",
    "![i](file:///etc/passwd)",
    "<iframe src=//example.org></iframe>",
    "*emphasis* __strong__ `code`",
    "# not a heading",
    "1. not a list",
    "> not a quote",
    "    not code",
    "&lt;script&gt; stays entity text",
]


def render(text: str) -> str:
    return markdown.markdown(escape_markdown(text), extensions=["markdown.extensions.extra"])


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_the_same_text_and_no_markup(text: str) -> None:
    html = render(text)
    inner = html.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in inner, html
    import html as html_module

    assert html_module.unescape(inner) == " ".join(text.split())


def sample_brief(**changes) -> Brief:
    brief = Brief(
        file="sub dir/article (1).txt",
        language="pl",
        title="Tytuł z <b>HTML</b> i ../../etc/passwd",
        date=dt.date(2024, 9, 4),
        date_basis="dateline",
        source="Gazeta",
        author="Jan Kowalski",
        tags=["AI", "赵长鹏", "a,b"],
        entities=[Entity("Sam Altman", "person", ["Altmanem"])],
        figures=[Figure("175 milionów dolarów", 175e6, "USD", "money")],
        summary="Streszczenie [link](javascript:alert(1)).",
        key_points=["Punkt pierwszy.", "Punkt drugi."],
        body=["Title: not metadata", "Save_as: ../../index.html", "Zwykły akapit ąłż."],
        warnings=["no title line"],
        encoding="utf-8",
    )
    for key, value in changes.items():
        setattr(brief, key, value)
    brief.slug = make_slug(brief)
    return brief


def test_japanese_readings_can_be_dropped_from_memory_and_come_back() -> None:
    brief = sample_brief(language="ja", title="全固体電池の試験ラインを新設へ")
    assert "-zen-kotai-denchi-" in brief.slug, "kanji are read as Japanese"
    kanwa = sys.modules["pykakasi.kanji"].Kanwa
    assert kanwa._shared_state["_jisyo_table"] is not None
    readings.forget()
    assert kanwa._shared_state["_jisyo_table"] is None, "pykakasi's dictionary is still held"
    assert make_slug(brief) == brief.slug
    assert kanwa._shared_state["_jisyo_table"] is not None


def test_slug_is_path_safe_and_distinguishes_files() -> None:
    brief = sample_brief()
    assert brief.slug.startswith("2024-09-04-tytul-z-b-html-b-i-etc-passwd-")
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in brief.slug)
    other = sample_brief(file="other.txt")
    assert other.slug != brief.slug


def test_round_trip_keeps_every_field(tmp_path) -> None:
    brief = sample_brief()
    path, state = write_brief(brief, tmp_path)
    assert state == "written"
    back = read_brief(path)
    assert back.title == brief.title
    assert back.body == brief.body
    assert back.summary == brief.summary
    assert back.tags == ["AI", "赵长鹏", "a b"]
    assert back.entities[0].name == "Sam Altman"
    assert back.figures[0].value == 175e6
    assert back.key_points == brief.key_points
    assert back.date == brief.date
    assert back.file == brief.file


def test_body_lines_that_look_like_metadata_stay_body(tmp_path) -> None:
    path, _ = write_brief(sample_brief(), tmp_path)
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "Save_as" not in header
    assert header.count("Title:") == 1


def test_hand_edited_brief_is_kept(tmp_path) -> None:
    brief = sample_brief()
    path, _ = write_brief(brief, tmp_path)
    assert write_brief(brief, tmp_path)[1] == "unchanged"
    edited = path.read_text(encoding="utf-8").replace("Zwykły akapit", "Poprawiony akapit")
    path.write_text(edited, encoding="utf-8")
    assert is_hand_edited(edited)
    assert write_brief(brief, tmp_path)[1] == "kept"
    assert "Poprawiony akapit" in path.read_text(encoding="utf-8")


def test_generated_brief_is_not_hand_edited() -> None:
    assert not is_hand_edited(render_brief(sample_brief()))
