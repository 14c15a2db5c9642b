"""Hostile and broken input, end to end: one site built from every hostile fixture.

The build runs once for the module (``build(load_settings().with_paths(...))``), with
a loopback canary server and a canary file that the articles reference; the tests
then read every file it wrote (pages, feeds, sitemap, search index, PDFs), its
report and its log lines. The last tests run the command line: ``--strict``, and a
build killed half-way.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPO
from test_hostile_input import HOSTILE, PROBLEMS, WARNINGS, canary_server, write_generated
from test_hostile_scan import (
    BAD_SCHEME,
    MarkupScan,
    bad_urls,
    pagefind_fragments,
    pdf_problems,
    pdf_text,
    tree_hashes,
)

from pipeline.briefs import read_brief
from pipeline.build import INPUTS_STAMP, build
from pipeline.commands import write_briefs_only
from pipeline.model import BuildReport
from pipeline.search import SEARCH_BASE
from pipeline.settings import Settings, load_settings
from pipeline.site import PAGES

pytestmark = pytest.mark.slow

CANARY_TEXT = "CANARY-"
# What a page, feed or PDF made from an empty slug would be called.
EMPTY_SLUG = re.compile(r"(?:-\d+)?\.(?:html|json|atom\.xml|pdf)")


@dataclass
class HostileSite:
    root: Path
    articles: Path
    output: Path
    settings: Settings
    report: BuildReport
    log: list[str]
    requests: list[str]
    canary: str
    raw_before: dict[str, str]


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.extend(record.getMessage().splitlines() or [""])


def copy_articles(target: Path, canary_url: str, canary_file: Path) -> None:
    """Every hostile fixture, references pointed at the canaries, plus the generated files."""
    target.mkdir(parents=True)
    for source in HOSTILE.iterdir():
        data = source.read_bytes()
        data = data.replace(b"__CANARY_FILE__", str(canary_file).encode())
        data = data.replace(b"__CANARY__", canary_url.encode())
        (target / source.name).write_bytes(data)
    write_generated(target)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> HostileSite:
    root = tmp_path_factory.mktemp("hostile-site")
    canary_file = root / "canary" / "secret.css"
    canary_file.parent.mkdir()
    canary_file.write_text('body::before { content: "CANARY-FILE-READ" }', encoding="utf-8")
    handler = _Lines()
    with canary_server() as (url, requests):
        articles = root / "articles"
        copy_articles(articles, url, canary_file)
        raw_before = tree_hashes(articles)
        settings = load_settings().with_paths(articles, root / "output")
        logging.getLogger("pipeline").addHandler(handler)
        try:
            report = build(settings)
        finally:
            logging.getLogger("pipeline").removeHandler(handler)
    return HostileSite(
        root, articles, settings.output, settings, report, handler.lines, requests, url, raw_before
    )


def clone(site: HostileSite, folder: Path, *, forget_site: bool = False) -> Settings:
    """The site's articles, output, briefs and analysis cache, copied under ``folder``.

    With ``forget_site`` the copy's output no longer records what it was built from
    (its inputs stamp, page keys and search base), so the next build renders every page
    and indexes every search shard again.
    """
    settings = load_settings().with_paths(folder / "articles", folder / "output")
    for name in ("articles", "output", ".output-briefs", ".output-cache"):
        shutil.copytree(site.root / name, folder / name)
    if forget_site:
        for name in (INPUTS_STAMP, PAGES, SEARCH_BASE):
            (settings.output / name).unlink()
    return settings


def output_files(site: HostileSite, suffix: str) -> list[Path]:
    return sorted(p for p in site.output.rglob(f"*{suffix}") if p.is_file())


# --- 1. reported, not fatal ---------------------------------------------------------------
def test_every_problem_is_in_the_build_report(site: HostileSite) -> None:
    data = json.loads((site.output / "build-report.json").read_text(encoding="utf-8"))
    problems = {p["file"]: (p["status"], p["reason"]) for p in data["problems"]}
    assert problems == PROBLEMS
    assert {p.file: (p.status, p.reason) for p in site.report.problems} == PROBLEMS
    assert data["warnings"] == WARNINGS | {
        "long_line_no_punctuation.txt": ["no title line", "no publication date found"],
        "yaml_front_matter_in_txt.txt": [
            "no dateline: publication date 2024-05-14 inferred from the text"
        ],
    }


def test_every_other_article_is_built(site: HostileSite) -> None:
    names = {p.name for p in site.articles.iterdir()}
    assert set(site.report.built) == names - set(PROBLEMS)
    assert site.report.duplicates == {}
    briefs = [read_brief(p) for p in site.settings.briefs.glob("*.md")]
    assert {b.file for b in briefs} == names - set(PROBLEMS)
    for brief in briefs:
        assert (site.output / "briefs" / f"{brief.slug}.html").is_file(), brief.file
        assert (site.output / "pdf" / f"{brief.slug}.pdf").is_file(), brief.file


def test_each_problem_file_is_named_on_exactly_one_log_line(site: HostileSite) -> None:
    for name, (_, reason) in PROBLEMS.items():
        lines = [line for line in site.log if name in line]
        assert lines == [f"{name}: {reason}"]


def test_each_warned_file_is_named_on_exactly_one_log_line(site: HostileSite) -> None:
    for name, warnings in WARNINGS.items():
        lines = [line for line in site.log if name in line]
        said = "; ".join(w.removeprefix(f"{name}: ") for w in warnings)
        assert lines == [f"{name}: {said}"]


def test_scripts_without_tools_keep_their_language(site: HostileSite) -> None:
    briefs = {b.file: b for b in map(read_brief, site.settings.briefs.glob("*.md"))}
    assert briefs["script_amharic.txt"].language == "und"
    assert briefs["script_georgian.txt"].language == "ka"
    slug = briefs["script_georgian.txt"].slug
    page = (site.output / "briefs" / f"{slug}.html").read_text(encoding="utf-8")
    assert 'lang="ka"' in page and "თბილისის მერიამ" in page


# --- 2. no executable content anywhere ---------------------------------------------------
def check_html(text: str, where: str, site: HostileSite) -> MarkupScan:
    """Only the theme's elements and scripts, no handler, no bad or canary URL."""
    scan = MarkupScan(text, site.canary)
    assert (scan.problems, scan.unknown) == ([], set()), where
    return scan


def test_no_page_holds_markup_from_article_text(site: HostileSite) -> None:
    pages = output_files(site, ".html")
    assert len(pages) > 100
    for page in pages:
        check_html(page.read_text(encoding="utf-8"), str(page), site)


def test_markup_from_article_text_is_shown_as_text(site: HostileSite) -> None:
    briefs = {b.file: b for b in map(read_brief, site.settings.briefs.glob("*.md"))}
    shown = {
        "markup_script_in_title_and_body.txt": "<SCRIPT>document.location=",
        "markup_svg_onload_mixed_case.txt": "Night trains to the coast <svg onload=alert(0)>",
        "markup_event_handlers.txt": "<img src=x onerror=alert(1)>",
        "html_article_script_and_handlers.html": "<script>alert(8)</script> Stadium expansion",
    }
    for name, text in shown.items():
        page = site.output / "briefs" / f"{briefs[name].slug}.html"
        parsed = check_html(page.read_text(encoding="utf-8"), name, site)
        assert text in "".join(parsed.text), name


def test_feeds_are_well_formed_and_their_html_holds_no_markup(site: HostileSite) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = output_files(site, ".atom.xml")
    assert feeds
    for feed in feeds:
        root = ET.parse(feed).getroot()
        for element in root.iter():
            if element.get("type") == "html" and element.text:
                check_html(element.text, f"{feed}: {element.tag}", site)
        for link in root.iter(f"{atom}link"):
            assert not BAD_SCHEME.match(link.get("href", "")), feed
    json_feeds = [p for p in output_files(site, ".json") if "/feeds/" in p.as_posix()]
    assert json_feeds
    for feed in json_feeds:
        data = json.loads(feed.read_text(encoding="utf-8"))
        for item in data["items"]:
            check_html(item.get("content_html", ""), f"{feed}: {item['id']}", site)
        assert bad_urls(data) == [], feed


def test_sitemap_and_every_xml_file_are_well_formed(site: HostileSite) -> None:
    files = output_files(site, ".xml")
    assert any(p.name == "sitemap.xml" for p in files)
    for path in files:
        root = ET.parse(path).getroot()
        for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
            assert loc.text and loc.text.startswith(("http://", "https://")), path


def test_search_index_holds_article_text_only_as_text(site: HostileSite) -> None:
    fragments = pagefind_fragments(site.output)
    assert fragments, "no Pagefind fragment was written"
    # Pagefind marks word boundaries with U+200B under its CJK index language.
    contents = " ".join(f.get("content", "") for f in fragments).replace("\u200b", "")
    assert "<SCRIPT>document.location=" in contents  # the hostile briefs are indexed, as text
    # ... which Pagefind's own script escapes before it shows an excerpt as HTML;
    script = (site.output / "pagefind" / "pagefind.js").read_text(encoding="utf-8")
    assert 'fragment.content.replace(/</g,"&lt;").replace(/>/g,"&gt;")' in script
    for fragment in fragments:
        assert not BAD_SCHEME.match(fragment.get("url", ""))
        # ... while its interface shows filter values (tags) as HTML: none may hold markup.
        for values in fragment.get("filters", {}).values():
            for value in values:
                assert not re.search("[<>&]", value), value


def test_pdfs_hold_no_actions_and_show_markup_as_text(site: HostileSite) -> None:
    pdfs = output_files(site, ".pdf")
    briefs = {b.file: b for b in map(read_brief, site.settings.briefs.glob("*.md"))}
    assert len(pdfs) >= len(briefs)
    for path in pdfs:
        assert pdf_problems(path, site.canary) == [], path
    brief = briefs["markup_svg_onload_mixed_case.txt"]
    text = pdf_text(site.output / "pdf" / f"{brief.slug}.pdf")
    assert "<SVG OnLoAd=alert(2)>" in text


# --- 3. no injection into structure --------------------------------------------------------
def test_every_output_file_stays_inside_the_output_folder(site: HostileSite) -> None:
    assert sorted(p.name for p in site.root.iterdir()) == sorted(
        ["articles", "canary", "output", ".output-briefs", ".output-cache"]
    )
    output = site.output.resolve()
    for path in site.output.rglob("*"):
        assert not path.is_symlink(), path
        assert path.resolve().is_relative_to(output), path
        assert not EMPTY_SLUG.fullmatch(path.name), path


def test_metadata_lookalikes_did_not_change_pages(site: HostileSite) -> None:
    home = (site.output / "index.html").read_text(encoding="utf-8")
    assert "<title>Briefpress" in home  # not overwritten by "Save_as: ../../index.html"
    assert not any(site.output.rglob("drafts"))  # nor hidden by "Status: draft"
    assert len(list((site.output / "briefs").glob("*.html"))) == len(site.report.built)
    briefs = {b.file: b for b in map(read_brief, site.settings.briefs.glob("*.md"))}
    expected = {
        "pelican_metadata_lines_in_body.txt": "Wind turbines supply record share of power",
        "rst_fields_in_body.txt": "Zoo welcomes twin red panda cubs",
        "html_line_separator_entities.html": "Flu vaccine rollout Save_as: ../../index.html",
    }
    for name, title in expected.items():
        page = site.output / "briefs" / f"{briefs[name].slug}.html"
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
        assert heading and title in " ".join("".join(MarkupScan(heading[1]).text).split())


def test_same_title_and_date_give_two_pages(site: HostileSite) -> None:
    briefs = [read_brief(p) for p in site.settings.briefs.glob("*.md")]
    twins = [b for b in briefs if b.title == "Harbour news in brief"]
    assert len(twins) == 2 and twins[0].slug != twins[1].slug
    slugs = [b.slug for b in briefs]
    assert len(slugs) == len(set(slugs))


# --- 4. no reaching out ------------------------------------------------------------------
def test_no_stage_fetched_or_read_the_canaries(site: HostileSite) -> None:
    assert site.requests == []
    for path in site.output.rglob("*"):
        if path.is_file() and path.suffix != ".pdf":
            assert CANARY_TEXT.encode() not in path.read_bytes(), path
    for path in output_files(site, ".pdf"):
        assert CANARY_TEXT not in pdf_text(path), path


# --- 6. nothing lost ----------------------------------------------------------------------
def test_raw_articles_are_never_modified(site: HostileSite) -> None:
    assert tree_hashes(site.articles) == site.raw_before


def test_hand_edited_brief_survives_the_next_run(site: HostileSite, tmp_path: Path) -> None:
    settings = clone(site, tmp_path)
    articles = settings.articles
    edited = next(p for p in sorted(settings.briefs.glob("*.md")) if "footbridge" in p.name)
    text = edited.read_text(encoding="utf-8").replace(
        "Council backs second footbridge", "EDITOR: Council backs a second footbridge", 1
    )
    edited.write_text(text, encoding="utf-8")
    (articles / "date_future_2099.txt").unlink()  # even its article going does not remove it
    before = tree_hashes(settings.briefs)
    write_briefs_only(settings)
    after = tree_hashes(settings.briefs)
    assert after[edited.name] == before[edited.name]
    assert read_brief(edited).title == "EDITOR: Council backs a second footbridge over the river"
    assert after == before


def test_failed_build_leaves_the_published_output_intact(
    site: HostileSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.site

    settings = clone(site, tmp_path, forget_site=True)
    before = tree_hashes(settings.output)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the site stage broke")

    monkeypatch.setattr(pipeline.site, "build_site", broken)
    with pytest.raises(RuntimeError, match="the site stage broke"):
        build(settings)
    assert tree_hashes(settings.output) == before


def run_cli(site: HostileSite, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", "build", "--articles", str(site.articles),
         "--output", str(site.output), *extra],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_strict_fails_after_reporting_every_problem(site: HostileSite) -> None:
    plain = run_cli(site)
    strict = run_cli(site, "--strict")
    assert plain.returncode == 0, plain.stderr
    assert strict.returncode == 1
    lines = strict.stderr.splitlines()
    for name, (_, reason) in PROBLEMS.items():
        assert [line for line in lines if name in line] == [f"WARNING: {name}: {reason}"]
    assert lines[-1] == f"ERROR: {len(PROBLEMS)} article(s) had problems (see above)"
    report = json.loads((site.output / "build-report.json").read_text(encoding="utf-8"))
    assert {p["file"] for p in report["problems"]} == set(PROBLEMS)


def test_killed_build_leaves_the_published_output_byte_identical(
    site: HostileSite, tmp_path: Path
) -> None:
    settings = clone(site, tmp_path, forget_site=True)
    output, articles = settings.output, settings.articles
    before = tree_hashes(output)
    staging = tmp_path / ".output.building"
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "build", "--articles", str(articles),
         "--output", str(output)],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while not (staging / ".site-staging").exists() and process.poll() is None:
            assert time.monotonic() < deadline, "the build never reached the site stage"
            time.sleep(0.05)
        assert process.poll() is None, "the build ended before it could be killed"
        time.sleep(1)  # let the site stage write into the staging folder
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    assert tree_hashes(output) == before
