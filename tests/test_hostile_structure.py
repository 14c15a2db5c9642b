"""Hostile article text against the structure of briefs, pages and PDFs.

Metadata look-alikes stay body text, markup renders as text through Pelican's own
Markdown configuration, and the PDF renderer's sandbox fetches nothing. Fixtures
are in ``tests/fixtures/hostile/``; the whole-site check is ``test_hostile_build.py``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from test_hostile_input import (
    FORBIDDEN_CHARS,
    HEADER_KEYS,
    HOSTILE,
    LIMIT,
    SAFE_SLUG,
    SETTINGS,
    Rendered,
    canary_server,
    hostile,
    pelican_markdown,
    pelican_meta,
)

from pipeline.briefs import make_slug, read_brief, render_brief, write_brief
from pipeline.extract import analysis_options
from pipeline.ingest import read_document
from pipeline.model import Brief
from pipeline.pdf_html import PdfPage
from pipeline.pdf_render import RenderJob, is_allowed, render_job


@pytest.fixture(scope="module")
def options():
    return analysis_options(SETTINGS)


# --- 3. no injection into structure -----------------------------------------------------
@pytest.mark.parametrize(
    ("name", "injected"),
    [
        ("pelican_metadata_lines_in_body.txt", "Save_as: ../../index.html"),
        ("rst_fields_in_body.txt", ":save_as: ../../index.html"),
        ("yaml_front_matter_in_txt.txt", "save_as: ../../index.html"),
    ],
)
def test_metadata_lookalikes_in_the_body_stay_body_text(name, injected, tmp_path, options) -> None:
    brief = hostile(name, options)
    brief.slug = make_slug(brief)
    path, state = write_brief(brief, tmp_path)
    meta = pelican_meta(path.read_text(encoding="utf-8"))
    assert state == "written" and set(meta) <= HEADER_KEYS
    assert meta["slug"] == [brief.slug] and meta["title"][0] != "Hacked title"
    assert injected in read_brief(path).body


def test_front_matter_of_a_markdown_article_gives_only_known_hints(tmp_path, options) -> None:
    brief = hostile("md_front_matter_hostile_values.md", options)
    assert brief.title == "../../../index <script>alert(1)</script>"
    assert brief.tags == ["../../etc", "<b>bold</b>", "batteries"]
    assert brief.language == "en"  # not the front matter's '"><script>'
    brief.slug = make_slug(brief)
    assert SAFE_SLUG.match(brief.slug)
    path, _ = write_brief(brief, tmp_path)
    assert set(pelican_meta(path.read_text(encoding="utf-8"))) <= HEADER_KEYS


def test_html_line_separators_cannot_start_metadata_lines(tmp_path, options) -> None:
    name = "html_line_separator_entities.html"
    document = read_document(HOSTILE / name, name, LIMIT)
    assert not FORBIDDEN_CHARS.search(document.text)
    assert document.hints["author"] == "Ann Reporter Slug: evil-author"
    brief = hostile(name, options)
    brief.slug = make_slug(brief)
    path, _ = write_brief(brief, tmp_path)
    back = read_brief(path)
    assert (back.slug, back.author, back.file) == (brief.slug, brief.author, name)
    assert set(pelican_meta(path.read_text(encoding="utf-8"))) <= HEADER_KEYS


def test_control_characters_from_html_references_are_dropped(options) -> None:
    name = "html_control_char_entities.html"
    document = read_document(HOSTILE / name, name, LIMIT)
    assert not FORBIDDEN_CHARS.search(document.text)
    assert document.hints["title"] == "Forest fire[31m contained"


def test_lone_surrogates_in_json_ld_do_not_stop_the_brief_being_written(tmp_path, options) -> None:
    brief = hostile("html_json_ld_lone_surrogates.html", options)
    assert (brief.author, brief.source) == ("Ann \ufffdReporter\ufffd", "Daily \ufffdNews")
    brief.slug = make_slug(brief)
    path, state = write_brief(brief, tmp_path)
    assert state == "written" and read_brief(path).author == brief.author


def test_same_title_and_date_give_two_slugs(options) -> None:
    a = hostile("same_title_same_date_a.txt", options)
    b = hostile("same_title_same_date_b.txt", options)
    assert (a.title, a.date) == (b.title, b.date)
    assert make_slug(a) != make_slug(b)


def test_dotdot_title_gives_a_path_safe_slug(options) -> None:
    brief = hostile("title_with_dotdot_path.txt", options)
    assert brief.title.startswith("../../../../etc/passwd")
    slug = make_slug(brief)
    assert SAFE_SLUG.match(slug) and slug.startswith("2024-05-14-etc-passwd-windows-system32-")


# --- 2. no executable content ----------------------------------------------------------
def rendered_body(brief: Brief) -> Rendered:
    """The brief's body as Pelican renders it (its Markdown configuration), parsed."""
    brief.slug = make_slug(brief)
    return Rendered(pelican_markdown().convert(render_brief(brief)))


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("markup_script_in_title_and_body.txt", "<SCRIPT>document.location="),
        ("markup_event_handlers.txt", "<img src=x onerror=alert(1)>"),
        ("markup_iframe_object_embed.txt", '<IFRAME SRCDOC="<script>alert(1)</script>">'),
        ("markup_svg_onload_mixed_case.txt", "<SVG OnLoAd=alert(2)>"),
        ("links_javascript_and_data_mixed_case.txt", "[there](JaVaScRiPt:alert(2))"),
        ("html_article_script_and_handlers.html", "<iframe src=javascript:alert(10)>"),
        ("remote_refs_in_text.txt", '<img src="__CANARY__/img.png">'),
    ],
)
def test_markup_in_article_text_renders_as_text(name, shown, options) -> None:
    parsed = rendered_body(hostile(name, options))
    assert set(parsed.tags) == {"p"}
    assert shown in "".join(parsed.text)


def test_markdown_link_tricks_lose_their_targets(options) -> None:
    brief = hostile("markdown_link_tricks.md", options)
    parsed = rendered_body(brief)
    text = " ".join(parsed.text)
    assert set(parsed.tags) == {"p"}
    assert "See the results and the map." in text  # link text kept, targets gone
    assert "alert(1)" not in text and "alert(2)" not in text
    assert '<div onclick="alert(5)">raw HTML block</div>' in text
    assert ": a definition list line" in text  # not a <dl>


# --- 4. no reaching out (the PDF renderer's sandbox) -----------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://127.0.0.1/etc/passwd",
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/x.png",
        "data:text/css,body{}",
        "javascript:alert(1)",
        "ftp://10.0.0.1/x",
    ],
)
def test_pdf_sandbox_refuses_urls_outside_the_allowed_folders(url, tmp_path) -> None:
    assert not is_allowed(url, [tmp_path])


def test_pdf_sandbox_refuses_traversal_and_symlinks_out(tmp_path) -> None:
    inside = tmp_path / "theme"
    inside.mkdir()
    (inside / "ok.css").write_text("p {}")
    (inside / "out.css").symlink_to("/etc/passwd")
    assert is_allowed((inside / "ok.css").as_uri(), [inside])
    assert not is_allowed(f"file://{inside}/../../../etc/passwd", [inside])
    assert not is_allowed(f"file://{inside}/%2e%2e/%2e%2e/etc/passwd", [inside])
    assert not is_allowed((inside / "out.css").as_uri(), [inside])


def test_pdf_of_hostile_html_fetches_nothing(tmp_path) -> None:
    """Defence in depth: even markup that reached the PDF HTML would fetch nothing."""
    secret = tmp_path / "secret.css"
    secret.write_text('body::after { content: "CANARY-FILE-READ" }')
    with canary_server() as (url, requests):
        page = PdfPage(
            html=(
                f'<link rel="stylesheet" href="{url}/link.css">'
                f'<style>@import url("{url}/import.css"); @import "{secret.as_uri()}";'
                f" p {{ background: url({url}/bg.png) }}</style>"
                f'<p>Visible text</p><img src="{url}/img.png"><img src="{secret.as_uri()}">'
                f'<object data="{url}/object"></object><iframe src="{url}/frame"></iframe>'
                '<img src="data:image/svg+xml,%3Csvg%20onload%3Dalert(1)%3E">'
            ),
            title="t",
            lang="en",
        )
        job = RenderJob(
            "x", page, "", tmp_path / "out" / "x.pdf", [tmp_path / "out"], dt.datetime.now(dt.UTC)
        )
        outcome = render_job(job)
    assert outcome.error is None and requests == []
    assert any(u.startswith(url) for u in outcome.refused)
    assert any(u.startswith("file:") for u in outcome.refused)
    text = "".join(p.extract_text() for p in PdfReader(job.target).pages)
    assert "Visible text" in text and "CANARY" not in text
