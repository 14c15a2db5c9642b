"""PDF briefs and digests: planning, labels, fonts, sandbox, and the printed PDFs themselves.

Test briefs are built by hand from the corpus (its ground truth plus the article
text) and from the feature-named fixtures in ``tests/fixtures/pdf``. Rendering
tests share one build (module fixture) and read the PDFs back with pypdf.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from pipeline import pdf_fonts
from pipeline.briefs import make_slug
from pipeline.errors import SetupError
from pipeline.model import Brief, Entity, Figure
from pipeline.pdf import plan_digests, render_pdfs
from pipeline.pdf_fonts import UncoveredCharacterError, check_coverage, printable
from pipeline.pdf_html import PdfPage, css_page_counter, css_string
from pipeline.pdf_labels import Labels, format_figure
from pipeline.pdf_render import RenderJob, is_allowed, render_job
from pipeline.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
ARTIFACTS = ROOT / "test-artifacts"
CORPUS_FILES = [
    "pl-cbdc.txt",
    "ja-ev-battery-sjis.txt",
    "zh-ev-battery.txt",
    "uk-crypto-exchange.txt",
    "de-cloud-outage-bom.txt",
    "en-ai-funding-crlf.txt",
]


def corpus_brief(name: str) -> Brief:
    """A brief as the pipeline would make it, from the corpus truth and the article's text."""
    truth = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))[name]
    lines = (CORPUS / "src" / name).read_text(encoding="utf-8").splitlines()[1:]
    body = [line.strip() for line in lines if len(line.strip()) > 60]
    figures = [
        Figure(text, float(text.rstrip("%").replace(",", ".")), "%", "percent")
        for text in truth["figures"]
        if re.fullmatch(r"[\d.,]+%", text)
    ]
    brief = Brief(
        file=name,
        language=truth["language"],
        title=truth["title"],
        date=dt.date.fromisoformat(truth["date"]),
        date_basis="dateline",
        source=truth["source"],
        author=truth["author"],
        tags=truth["tags"],
        entities=[Entity(n, "organisation") for n in truth["entities"]],
        figures=figures,
        summary=body[0][:300],
        key_points=body[1:4],
        body=body,
    )
    brief.slug = make_slug(brief)
    return brief


def fixture_brief(name: str, **replace: str) -> Brief:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    for old, new in replace.items():
        text = text.replace(old, new)
    data = json.loads(text)
    data["date"] = dt.date.fromisoformat(data["date"]) if data.get("date") else None
    data["entities"] = [Entity(e["name"], e["kind"]) for e in data.get("entities", [])]
    data["figures"] = [Figure.from_dict(f) for f in data.get("figures", [])]
    brief = Brief(**data)
    brief.slug = make_slug(brief)
    return brief


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fonts_of(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


@pytest.fixture(scope="module")
def settings():
    return dataclasses.replace(load_settings(), digest_locales=["en", "pl"], digest_latest=20)


@pytest.fixture(scope="module")
def briefs() -> list[Brief]:
    found = [corpus_brief(name) for name in CORPUS_FILES]
    return [
        *found,
        fixture_brief("korean_hangul_brief.json"),
        fixture_brief("undated_without_byline.json"),
    ]


# ---- planning ---------------------------------------------------------------------------


def test_plan_groups_by_iso_week_and_keeps_undated_out_of_periods(briefs, settings):
    plans = plan_digests(briefs, settings)
    periods = [p for p in plans if p.kind == "period" and p.locale == "en"]
    by_id = {p.id: p for p in periods}
    # pl-ai/en-ai funding is 2025-03-12 (ISO week 11); the Korean fixture is 2025-09-24 (week 39).
    assert "week-2025-w11" in by_id and "week-2025-w39" in by_id
    undated = fixture_brief("undated_without_byline.json").slug
    assert all(undated not in p.slugs for p in periods)
    latest = next(p for p in plans if p.kind == "latest" and p.locale == "pl")
    assert latest.slugs[-1] == undated and latest.count == len(briefs)
    assert latest.to_dict()["path"] == "pdf/digests/latest-pl.pdf"
    assert sorted({p.locale for p in plans}) == ["en", "pl"]
    assert all(re.fullmatch(r"[a-z0-9-]+", p.id) for p in plans)


def test_plan_topics_only_for_latest_period_and_month_option(briefs, settings):
    plans = plan_digests(briefs, settings)
    topics = [p for p in plans if p.kind == "topic" and p.locale == "en"]
    korean = fixture_brief("korean_hangul_brief.json")
    assert {p.tag for p in topics} == set(korean.tags)  # only the Korean brief is in week 39
    assert all(
        p.period == "2025-W39" and re.fullmatch(r"topic-2025-w39-[a-z0-9-]+", p.id) for p in topics
    )
    monthly = plan_digests(briefs, dataclasses.replace(settings, digest_period="month"))
    titles = {p.title for p in monthly if p.kind == "period"}
    assert {"March 2025", "marzec 2025", "September 2025", "wrzesień 2025"} <= titles
    keys = "id title kind period tag locale path count slugs"
    assert set(plans[0].to_dict()) == set(keys.split())


def test_plan_latest_is_bounded_and_skips_duplicates(briefs, settings):
    dup = dataclasses.replace(briefs[0], file="copy.txt", duplicate_of=briefs[0].file)
    dup.slug = make_slug(dup)
    plans = plan_digests([*briefs, dup], dataclasses.replace(settings, digest_latest=3))
    latest = next(p for p in plans if p.kind == "latest")
    assert latest.count == 3 and dup.slug not in latest.slugs
    assert all(dup.slug not in p.slugs for p in plans)


# ---- labels and formatting ---------------------------------------------------------------


def test_polish_plurals_and_catalog_override(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme" / "pdf", theme / "pdf")
    labels = Labels(theme)
    assert [labels.get("briefs_count", "pl", count=n) for n in (1, 3, 5)] == [
        "1 notatka",
        "3 notatki",
        "5 notatek",
    ]
    po = theme / "translations" / "pl" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n\nmsgid "Contents"\nmsgstr "Zawartość"\n', encoding="utf-8")
    assert Labels(theme).get("contents", "pl") == "Zawartość"
    assert Labels(theme).get("contents", "de") == "Inhalt"


def test_figures_formatted_by_babel_per_locale():
    def shown(figure: Figure, locale: str) -> str:
        return format_figure(figure, locale).replace("\xa0", " ")

    assert shown(Figure("3천억 원", 3e11, "KRW", "money"), "en") == "₩300B"
    assert shown(Figure("99,99%", 99.99, "%", "percent"), "pl") == "99,99%"
    assert shown(Figure("25 Prozent", 25, "%", "percent"), "de") == "25 %"
    approx = Figure("ok. 12 mln zł", 12e6, "PLN", "money", approximate=True)
    assert shown(approx, "pl") == "≈ 12 mln zł"
    assert shown(Figure("€150,000", 150000, "EUR", "money"), "de") == "150.000 €"
    assert shown(Figure("$4.5", 4.5, "USD", "money"), "en") == "$4.50"
    assert shown(Figure("3 lata", 3, "year", "duration"), "pl") == "3 lata"
    assert shown(Figure("2 hours", 2, "hour", "duration"), "ja") == "2 時間"


def test_css_strings_cannot_break_out_of_style():
    quoted = css_string('x" } body { color: red } </style><b>')
    assert '"' not in quoted[1:-1] and "<" not in quoted and "}" not in quoted
    assert css_page_counter("Strona {page} z {pages}") == (
        '"Strona " counter(page) " z " counter(pages)'
    )


# ---- fonts --------------------------------------------------------------------------------


def test_uncovered_character_names_brief_and_code_point():
    brief = fixture_brief("private_use_icon_glyph.json")
    with pytest.raises(UncoveredCharacterError) as caught:
        check_coverage(brief, brief.slug)
    assert "U+E000" in str(caught.value) and "U+E001" in str(caught.value)
    assert brief.slug in str(caught.value)
    for name in CORPUS_FILES:
        check_coverage(corpus_brief(name), name)  # every corpus script has a font


def test_control_characters_and_surrogates_are_not_printed():
    assert printable("a\x07b\tc\ud800") == "ab\tc\ufffd"


def test_missing_font_or_subsetter_names_the_debian_package(monkeypatch):
    pdf_fonts.font_files.cache_clear()
    monkeypatch.setattr(pdf_fonts.ctypes.util, "find_library", lambda name: None)
    with pytest.raises(SetupError, match="libharfbuzz-subset0"):
        pdf_fonts.font_files()
    monkeypatch.undo()
    monkeypatch.setitem(pdf_fonts.REQUIRED_FAMILIES, "Noto Sans CJK XX", "fonts-noto-cjk")
    pdf_fonts.font_files.cache_clear()
    with pytest.raises(SetupError, match="fonts-noto-cjk"):
        pdf_fonts.font_files()
    monkeypatch.undo()
    pdf_fonts.font_files.cache_clear()
    assert set(pdf_fonts.font_files()) == set(pdf_fonts.REQUIRED_FAMILIES)


def test_a_missing_fontconfig_tool_leaves_no_lookup_unwaited(monkeypatch):
    started: list[subprocess.Popen] = []
    real_popen = subprocess.Popen

    def recorded(*args, **kwargs):
        started.append(real_popen(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(pdf_fonts.subprocess, "Popen", recorded)
    with pytest.raises(SetupError, match="no-such-fc-tool not found"):
        pdf_fonts._run_all([["true"], ["true"], ["no-such-fc-tool"]])
    assert len(started) == 2
    assert all(process.returncode == 0 for process in started)
    assert pdf_fonts._run_all([["echo", "a"], ["echo", "b"]]) == ["a\n", "b\n"]


# ---- sandbox ------------------------------------------------------------------------------


def test_fetcher_allows_only_files_inside_allowed_folders(tmp_path):
    theme = ROOT / "theme"
    assert is_allowed((theme / "pdf" / "print.css").as_uri(), [theme])
    assert not is_allowed("file:///etc/passwd", [theme])
    assert not is_allowed(f"{theme.as_uri()}/../../../etc/passwd", [theme])
    assert not is_allowed("http://127.0.0.1/x.css", [theme])
    assert not is_allowed("data:text/css,p{}", [theme])
    link = tmp_path / "out" / "link"
    link.parent.mkdir()
    link.symlink_to("/etc/passwd")
    assert not is_allowed(link.as_uri(), [tmp_path / "out"])


@pytest.fixture
def listener():
    """A TCP listener on a random loopback port that must see no connection."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)
    yield server
    server.close()


def assert_no_connection(server: socket.socket) -> None:
    with pytest.raises(BlockingIOError):
        server.accept()


@pytest.mark.slow
def test_hostile_article_text_prints_as_text_and_fetches_nothing(tmp_path, settings, listener):
    port = str(listener.getsockname()[1])
    brief = fixture_brief("hostile_markup_in_text.json", PORT=port)
    result = render_pdfs([brief], [], settings, tmp_path, cache=tmp_path / "cache")
    assert result.ok and result.files == 1
    text = squash(PdfReader(tmp_path / "pdf" / f"{brief.slug}.pdf").pages[0].extract_text())
    assert squash('<img src="file:///etc/passwd">') in text
    assert not [w for w in result.warnings if "passwd" in w or port in w]
    assert_no_connection(listener)


@pytest.mark.slow
def test_sandbox_refuses_real_markup_even_if_it_got_through(tmp_path, listener):
    port = listener.getsockname()[1]
    html = f"""<html><head><link rel=stylesheet href="http://127.0.0.1:{port}/a.css">
      <style>@import url(http://127.0.0.1:{port}/b.css);
      p {{ background: url(http://169.254.169.254/latest/) }}</style></head>
      <body><p>x</p><img src="file:///etc/passwd"><object data="http://127.0.0.1:{port}/o"></object>
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></body></html>"""
    job = RenderJob(
        "hostile", PdfPage(html, "t", "en"), "", tmp_path / "x.pdf", [tmp_path],
        dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )  # fmt: skip
    outcome = render_job(job)
    assert outcome.error is None and outcome.pages == 1
    refused = " ".join(outcome.refused)
    for url in (
        "/etc/passwd",
        f"{port}/a.css",
        f"{port}/b.css",
        "169.254.169",
        f"{port}/o",
        "data:",
    ):
        assert url in refused
    assert_no_connection(listener)


# ---- printed PDFs -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def build(tmp_path_factory, briefs, settings):
    """One build: every brief, and the "latest" digests in English and Polish."""
    out = tmp_path_factory.mktemp("pdf-build")
    digests = [p for p in plan_digests(briefs, settings) if p.kind == "latest"]
    result = render_pdfs(briefs, digests, settings, out, cache=out / "cache")
    return out, result, digests


@pytest.mark.slow
def test_build_writes_every_pdf(build, briefs):
    out, result, digests = build
    assert result.ok, result.failures
    assert result.files == len(briefs) + len(digests)
    for brief in briefs:
        pages = len(PdfReader(out / "pdf" / f"{brief.slug}.pdf").pages)
        assert 1 <= pages <= 4, brief.file
    assert result.pages >= len(briefs) + 2 * (len(briefs) + 2)


@pytest.mark.slow
def test_brief_pdf_text_metadata_footer_and_link(build, briefs):
    out, _, _ = build
    for brief in briefs:
        reader = PdfReader(out / "pdf" / f"{brief.slug}.pdf")
        first = reader.pages[0].extract_text()
        assert squash(brief.title) in squash(first), brief.file
        assert f"Page 1 of {len(reader.pages)}" in first
        meta = reader.metadata
        assert meta.title == brief.title and meta["/Subject"] == brief.summary
        assert meta.author == (brief.author or brief.source)
        assert meta.creation_date is not None
        assert reader.trailer["/Root"]["/Lang"] == brief.language
        uris = [
            a.get_object()["/A"]["/URI"]
            for page in reader.pages
            for a in page.get("/Annots", [])
            if "/A" in a.get_object()
        ]
        assert f"../briefs/{brief.slug}.html" in uris
    undated = next(b for b in briefs if b.date is None)
    text = PdfReader(out / "pdf" / f"{undated.slug}.pdf").pages[0].extract_text()
    assert "date unknown" in text and "Zażółć gęślą jaźń" in text and "≈ PLN12M" in text


@pytest.mark.slow
def test_each_script_uses_its_own_font(build, briefs):
    out, _, _ = build
    expected = {"ja": "Noto-Sans-CJK-JP", "zh": "Noto-Sans-CJK-SC", "ko": "Noto-Sans-CJK-KR"}
    for brief in briefs:
        fonts = fonts_of(PdfReader(out / "pdf" / f"{brief.slug}.pdf"))
        cjk = {f for f in fonts if "CJK" in f}
        if brief.language in expected:
            assert cjk and all(f.startswith(expected[brief.language]) for f in cjk), (
                brief.file,
                fonts,
            )
        else:
            assert not cjk, (brief.file, fonts)
            assert {"Noto-Serif", "Noto-Sans"} <= fonts


@pytest.mark.slow
@pytest.mark.parametrize("locale", ["en", "pl"])
def test_digest_toc_pages_outline_and_links_agree(build, briefs, locale):
    out, _, digests = build
    plan = next(p for p in digests if p.locale == locale)
    reader = PdfReader(out / plan.path)
    by_slug = {b.slug: b for b in briefs}
    titles = [by_slug[s].title for s in plan.slugs]
    toc = reader.pages[1].extract_text() + "\n" + reader.pages[2].extract_text()
    outline = reader.outline
    assert [o.title for o in outline] == titles
    texts = [squash(page.extract_text()) for page in reader.pages]
    for title, entry in zip(titles, outline, strict=True):
        spread = r"\s*".join(map(re.escape, squash(title)))  # the title may wrap anywhere
        number = int(re.search(r"(?:^|\n)(\d+)\s*" + spread, toc).group(1))  # number, title
        start = reader.get_destination_page_number(entry)
        assert number == start + 1, title
        assert squash(title) in texts[start] and all(squash(title) not in t for t in texts[2:start])
    dests = reader.named_destinations
    links = [a.get_object()["/Dest"] for a in reader.pages[1].get("/Annots", [])]
    assert {reader.get_destination_page_number(dests[d]) for d in links} >= {
        reader.get_destination_page_number(o) for o in outline[:5]
    }
    uris = {
        a.get_object()["/A"]["/URI"]
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object()
    }
    site = {"en": "../../briefs/", "pl": "../../pl/briefs/"}[locale]
    assert uris == {f"{site}{slug}.html" for slug in plan.slugs}
    cover = reader.pages[0].extract_text()
    footer = {"en": f"Page 2 of {len(reader.pages)}", "pl": f"Strona 2 z {len(reader.pages)}"}
    assert footer[locale] in reader.pages[1].extract_text()
    assert {"en": "Contents", "pl": "Spis treści"}[locale] in reader.pages[1].extract_text()
    assert {"en": f"{len(titles)} briefs", "pl": f"{len(titles)} notatek"}[locale] in cover
    assert reader.metadata.title == plan.title and reader.trailer["/Root"]["/Lang"] == locale
    # the running header names the brief on its later pages, not on its first
    starts = [reader.get_destination_page_number(o) for o in outline] + [len(reader.pages)]
    long_one = next(i for i in range(len(outline)) if starts[i + 1] - starts[i] >= 2)
    header_then_footer = re.escape(squash(outline[long_one].title)) + r"(Page|Strona)\d+(of|z)\d+$"
    assert re.search(header_then_footer, squash(reader.pages[starts[long_one] + 1].extract_text()))
    assert not re.search(header_then_footer, squash(reader.pages[starts[long_one]].extract_text()))


@pytest.mark.slow
def test_digest_pages_rendered_to_png_for_review(build):
    out, _, digests = build
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("digest-*.png"):
        old.unlink()
    for plan in digests:
        prefix = ARTIFACTS / f"digest-{plan.id}-{plan.locale}"
        subprocess.run(
            ["pdftoppm", "-r", "50", "-l", "5", "-png", out / plan.path, prefix], check=True
        )
    pngs = sorted(ARTIFACTS.glob("digest-*.png"))
    assert len(pngs) == 5 * len(digests) and all(p.stat().st_size > 3000 for p in pngs)


@pytest.mark.slow
def test_unchanged_pdfs_are_not_printed_again(tmp_path, settings, briefs):
    pair = [briefs[3], briefs[-1]]
    first = render_pdfs(pair, [], settings, tmp_path, cache=tmp_path / "cache")
    assert (first.files, first.unchanged) == (2, 0)
    again = render_pdfs(pair, [], settings, tmp_path, cache=tmp_path / "cache")
    assert (again.files, again.unchanged, again.pages) == (0, 2, 0)
    edited = dataclasses.replace(pair[0], summary=pair[0].summary + " Updated.")
    third = render_pdfs([edited, pair[1]], [], settings, tmp_path, cache=tmp_path / "cache")
    assert (third.files, third.unchanged) == (1, 1)
    gone = render_pdfs([pair[1]], [], settings, tmp_path, cache=tmp_path / "cache")
    assert gone.removed == 1 and not (tmp_path / "pdf" / f"{edited.slug}.pdf").exists()


def test_uncovered_character_fails_that_brief_only(tmp_path, settings):
    bad = fixture_brief("private_use_icon_glyph.json")
    plans = plan_digests([bad], settings)
    result = render_pdfs([bad], plans[:1], settings, tmp_path, cache=tmp_path / "cache")
    assert not result.ok and result.files == 0
    assert "U+E000" in result.failures[f"pdf/{bad.slug}.pdf"]
    assert bad.slug in result.failures[plans[0].path]
    assert not (tmp_path / "pdf" / f"{bad.slug}.pdf").exists()
