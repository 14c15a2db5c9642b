"""Incremental builds: the same output as a clean build, and only what an input change reaches.

(The analysis cache itself is tested in ``test_analysis_cache.py``.) A project in
a temporary folder (its own pelicanconf.py with two interface locales, theme and
entity registry) is built from corpus articles with ``pipeline.build``; articles,
the theme, a catalog, the registry and a setting are changed one at a time, and
each rebuild is checked file by file against a clean build.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS, REPO
from pelican.log import LimitFilter
from small_project import ADDED, FIRST, make_project, run, set_setting, settings_of

import pipeline.analyse
import pipeline.linking
import pipeline.pdf
import pipeline.pdf_warm
import pipeline.search
import pipeline.site
from pipeline.build import (
    PDFS_ALONGSIDE_SITE,
    _front_state,
    _restore_front,
    summary_line,
    write_briefs,
)
from pipeline.cache import (
    ENTRIES,
    cache_folder,
)
from pipeline.child import ChildCall
from pipeline.errors import BriefpressError
from pipeline.model import Brief, BuildReport, Problem
from pipeline.pdf import print_alongside
from pipeline.pdf_warm import WarmPrinter
from pipeline.progress import Progress
from pipeline.settings import Settings, load_settings

# The report's timings and counts say how a build ran, not what it made.
RUN_KEYS = ("seconds", "pages", "pdfs")
# Pagefind writes its filter files in no fixed order (two clean builds differ too); the
# index and fragments are compared byte for byte, these only by count.
PAGEFIND_UNORDERED = re.compile(
    r"pagefind(?:-\d+)?/(?:filter/.*|pagefind\.[^/]*\.pf_meta|pagefind-entry\.json)$"
)
Tree = dict[str, bytes]


# ---- settings ------------------------------------------------------------------------------


def test_a_setting_of_how_a_build_runs_is_not_an_input_of_what_it_writes(tmp_path: Path) -> None:
    conf = (REPO / "pelicanconf.py").read_text(encoding="utf-8")
    variants = {
        "default": conf,
        "sequential": set_setting(conf, "BRIEFPRESS_OVERLAP_MAX_BRIEFS", "10"),
        "renamed": set_setting(conf, "SITENAME", '"Other"'),
    }
    loaded = {}
    for name, text in variants.items():
        (tmp_path / "pelicanconf.py").write_text(text, encoding="utf-8")
        loaded[name] = load_settings(tmp_path / "pelicanconf.py")
    assert loaded["default"].overlaps(2000) and not loaded["default"].overlaps(2001)
    assert loaded["sequential"].overlaps(10) and not loaded["sequential"].overlaps(11)
    assert loaded["sequential"].fingerprint() == loaded["default"].fingerprint()
    assert loaded["renamed"].fingerprint() != loaded["default"].fingerprint()


# ---- progress and summary -----------------------------------------------------------------


def test_progress_counts_on_a_terminal_and_says_nothing_elsewhere() -> None:
    shown = io.StringIO()
    progress = Progress(shown, enabled=True)
    with progress.stage("analyse", 3):
        progress.advance(3)
    assert "analyse 0/3" in shown.getvalue() and "analyse 3/3" in shown.getvalue()
    assert shown.getvalue().endswith(" s\n")
    handler = logging.StreamHandler(shown)
    logging.getLogger().addHandler(handler)
    try:
        with progress.stage("briefs", 2):
            logging.getLogger("pipeline").warning("x.txt: empty")
    finally:
        logging.getLogger().removeHandler(handler)
    assert "briefs 0/2  0.0 s\r\x1b[Kx.txt: empty\n" in shown.getvalue()
    quiet = io.StringIO()
    progress = Progress(quiet, enabled=False)
    with progress.stage("site", 5):
        progress.advance()
    assert quiet.getvalue() == ""
    assert set(progress.seconds) == {"site"}


def test_the_summary_line_counts_briefs_files_and_times() -> None:
    report = BuildReport(
        built=["a.txt", "b.txt", "c.txt"],
        problems=[Problem("e.txt", "skipped", "empty"), Problem("x.bin", "error", "unreadable")],
        duplicates={"d.txt": "a.txt"},
        pages=12,
        pdfs=2,
        seconds={"analyse": 0.25, "briefs": 0.1, "site": 3.0},
    )
    assert summary_line(report, changed=1) == (
        "3 briefs built (1 changed, 2 unchanged), 1 skipped, 1 failed, 1 duplicates; "
        "12 site files and 2 PDFs written (analyse 0.2 s, briefs 0.1 s, site 3.0 s)"
    )


def test_a_build_that_changed_nothing_logs_the_warnings_as_the_first_did(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Decoding warnings name their file already; the replay must not name it twice."""
    warned = Brief(
        file="short.txt",
        language="pl",
        title="Krótki tekst",
        summary="Krótki tekst.",
        warnings=["short.txt: decoded as cp1250 with low confidence", "no date found"],
    )
    report = BuildReport()
    with caplog.at_level(logging.WARNING, logger="pipeline.build"):
        published = write_briefs([warned], tmp_path / "briefs", report)
        first = [r.getMessage() for r in caplog.records]
        caplog.clear()
        # each build is a process of its own; Pelican's loggers drop a message said before
        monkeypatch.setattr(LimitFilter, "_raised_messages", set())
        _restore_front(BuildReport(), _front_state(report, published))
        again = [r.getMessage() for r in caplog.records]
    assert first == ["short.txt: decoded as cp1250 with low confidence; no date found"]
    assert again == first


# ---- whole builds ---------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_project(tmp_path, monkeypatch)


def tree(settings: Settings) -> Tree:
    """Every output and brief file, with what may differ between equal builds removed."""
    files: Tree = {}
    for prefix, folder in (("output", settings.output), ("briefs", settings.briefs)):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if path.name == ".site-files.json":
                listed = [PAGEFIND_UNORDERED.sub("*", name) for name in json.loads(data)]
                data = json.dumps(sorted(listed)).encode()
            elif path.name == "build-report.json":
                report = json.loads(data)
                data = json.dumps({k: v for k, v in report.items() if k not in RUN_KEYS}).encode()
            name = f"{prefix}/{path.relative_to(folder).as_posix()}"
            if PAGEFIND_UNORDERED.search(name):
                name, data = f"{name.rsplit('/', 1)[0]}/*", str(len(data) > 0).encode()
                files[name] = files.get(name, b"") + data
                continue
            files[name] = data
    return files


def changed(before: Tree, after: Tree) -> set[str]:
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def brief_named(settings: Settings, source_file: str) -> str:
    """The slug of the brief made from ``source_file``."""
    for path in settings.briefs.glob("*.md"):
        if f"\nSource_file: {source_file}\n" in path.read_text(encoding="utf-8"):
            return path.stem
    raise AssertionError(f"no brief for {source_file}")


def edit(path: Path, change: Callable[[str], str]) -> None:
    text = path.read_text(encoding="utf-8")
    new = change(text)
    assert new != text, f"{path.name} unchanged"
    path.write_text(new, encoding="utf-8")


@pytest.mark.slow
def test_incremental_build_equals_a_clean_build_of_the_same_inputs(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    printed_alongside: list[int] = []
    processes = tmp_path / "processes"  # a file: the PDF process is forked
    get_ready, print_pdfs = pipeline.pdf_warm._get_ready, pipeline.pdf.print_pdfs

    def alongside(run: pipeline.pdf.PdfRun, printer: WarmPrinter | None = None) -> ChildCall:
        printed_alongside.append(run.pending)
        return print_alongside(run, printer)

    def ready() -> None:
        with processes.open("a", encoding="ascii") as lines:
            lines.write(f"ready {os.getpid()}\n")
        get_ready()

    def printing(*args: Any) -> pipeline.pdf.PdfResult:
        with processes.open("a", encoding="ascii") as lines:
            lines.write(f"printed {os.getpid()}\n")
        return print_pdfs(*args)

    settings = settings_of(project)
    articles = settings.articles
    first = run(project)
    assert sorted(first.built) == sorted(FIRST)
    before = tree(settings)
    page = settings.output / "pl" / "briefs" / f"{brief_named(settings, FIRST[2])}.html"
    inode = page.stat().st_ino

    again = run(project)
    assert (again.pages, again.pdfs) == (0, 0)
    assert "site" not in again.seconds and "pdf" not in again.seconds
    assert changed(before, tree(settings)) == set()
    assert page.stat().st_ino == inode, "an unchanged page was rewritten"

    gone = brief_named(settings, FIRST[1])
    shutil.copy(CORPUS / "articles" / ADDED, articles / ADDED)
    (articles / FIRST[1]).unlink()
    data = (articles / FIRST[0]).read_bytes()
    (articles / FIRST[0]).write_bytes(data + b"\r\nA late paragraph added by the editor.\r\n")
    monkeypatch.setattr(pipeline.pdf, "print_alongside", alongside)
    monkeypatch.setattr(pipeline.pdf_warm, "_get_ready", ready)
    monkeypatch.setattr(pipeline.pdf, "print_pdfs", printing)
    later = run(project)
    assert printed_alongside and 0 < printed_alongside[0] <= PDFS_ALONGSIDE_SITE, (
        "a build that changed a few briefs prints their PDFs while the site is built"
    )
    ready_in, printed_in = (line.split() for line in processes.read_text().splitlines())
    assert ready_in[1] == printed_in[1] != str(os.getpid()), (
        "the PDFs are printed by the process started before the briefs were analysed"
    )
    assert sorted(later.built) == sorted([FIRST[0], FIRST[2], ADDED])
    incremental = tree(settings)
    leftovers = [name for name in incremental if gone in name]
    assert leftovers == [], "the deleted article's brief, pages or PDF remain"
    assert f"output/pdf/{brief_named(settings, ADDED)}.pdf" in incremental
    assert page.stat().st_ino == inode, "a page the change does not reach was rewritten"

    for folder in (settings.output, settings.briefs, cache_folder(settings)):
        shutil.rmtree(folder)
    run(project)
    clean = tree(settings)
    assert sorted(incremental) == sorted(clean)
    assert changed(incremental, clean) == set()


@pytest.mark.slow
def test_a_page_changed_only_where_search_does_not_read_keeps_its_search_shard(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new article on a story the archive has changes the other briefs of the story
    only in their "same story" links, which Pagefind does not index: their shards keep
    their bundles, and the output is as a clean build makes it."""
    conf = project / "pelicanconf.py"
    conf.write_text(set_setting(conf.read_text(encoding="utf-8"), "SEARCH_SHARDS", "16"))
    settings = settings_of(project)
    run(project)
    story = brief_named(settings, FIRST[0])  # the same story as ADDED, in English
    page = settings.output / "briefs" / f"{story}.html"
    before = page.read_text(encoding="utf-8")
    indexed: list[tuple[str, str]] = []
    real_add = pipeline.search.SearchService.add

    def add(service: pipeline.search.SearchService, jobs: list[Any]) -> None:
        indexed.extend((locale, bundle.name) for locale, _, _, bundle in jobs)
        real_add(service, jobs)

    monkeypatch.setattr(pipeline.search.SearchService, "add", add)
    shutil.copy(CORPUS / "articles" / ADDED, settings.articles / ADDED)
    run(project)
    added = brief_named(settings, ADDED)
    after = page.read_text(encoding="utf-8")
    assert added not in before and added in after, "the story's page links the new brief"
    shard = pipeline.search.shard_of(f"briefs/{added}.html", 16)
    assert pipeline.search.shard_of(f"briefs/{story}.html", 16) != shard
    new_bundle = pipeline.search.bundle_dir(shard)
    assert sorted(indexed) == [("en", new_bundle), ("pl", new_bundle)], (
        "only the new brief's shard is indexed again, in each interface locale"
    )
    incremental = tree(settings)
    for folder in (settings.output, settings.briefs, cache_folder(settings)):
        shutil.rmtree(folder)
    run(project)
    assert changed(incremental, tree(settings)) == set()


@pytest.mark.slow
def test_a_moved_project_keeps_its_caches_and_renders_only_what_changed(
    project: Path, tmp_path: Path
) -> None:
    first = run(project)
    before = tree(settings_of(project))
    moved = tmp_path / "moved"
    moved.mkdir()
    for entry in [e for e in tmp_path.iterdir() if e != moved]:
        entry.rename(moved / entry.name)  # the project, its articles, output, briefs and caches
    project = moved / "project"
    settings = settings_of(project)

    again = run(project)
    assert (again.pages, again.pdfs) == (0, 0)
    assert "site" not in again.seconds and "pdf" not in again.seconds
    assert changed(before, tree(settings)) == set()

    data = (settings.articles / FIRST[0]).read_bytes()
    (settings.articles / FIRST[0]).write_bytes(data + b"\r\nA late paragraph.\r\n")
    later = run(project)
    assert 0 < later.pages < first.pages / 2, "pages the change does not reach were rendered"
    assert later.pdfs < first.pdfs
    incremental = tree(settings)
    for folder in (settings.output, settings.briefs, cache_folder(settings)):
        shutil.rmtree(folder)
    run(project)
    assert changed(incremental, tree(settings)) == set()


@pytest.mark.slow
def test_a_large_archive_indexes_and_prints_after_the_site_not_alongside(
    project: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """… and analyses and writes its briefs in a process of its own."""
    events: list[str] = []
    analysed_in = tmp_path / "analysed-in"
    analyse = pipeline.analyse.analyse

    def where(document: Any, options: Any) -> Any:  # a file: it works in forked processes
        with analysed_in.open("a", encoding="ascii") as pids:
            pids.write(f"{os.getpid()}\n")
        return analyse(document, options)

    monkeypatch.setattr(pipeline.analyse, "analyse", where)
    render = pipeline.site._render

    def rendering(*args: Any, **kwargs: Any) -> Any:
        result = render(*args, **kwargs)
        events.append("rendered")
        return result

    class Search(pipeline.search.SearchService):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            events.append("search started")
            super().__init__(*args, **kwargs)

        def add(self, jobs: list[Any]) -> None:
            events.append("indexing " + " ".join(sorted({job[0] for job in jobs})))
            super().add(jobs)

    def alongside(run: pipeline.pdf.PdfRun, printer: WarmPrinter | None = None) -> ChildCall:
        events.append("PDFs alongside")
        return print_alongside(run, printer)

    monkeypatch.setattr(pipeline.site, "_render", rendering)
    monkeypatch.setattr(pipeline.search, "SearchService", Search)
    monkeypatch.setattr(pipeline.pdf, "print_alongside", alongside)
    settings = settings_of(project)
    first = run(project)
    # A small archive's search service starts before its briefs are analysed, and indexes
    # each locale's pages while the next renders.
    indexing = [f"indexing {locale}" for locale in settings.locales]
    assert events == ["search started", "PDFs alongside", *indexing, "rendered"]
    assert set(analysed_in.read_text().split()) == {str(os.getpid())}
    analysed_in.unlink()

    conf = project / "pelicanconf.py"
    edit(conf, lambda text: set_setting(text, "BRIEFPRESS_OVERLAP_MAX_BRIEFS", "2"))
    unchanged = run(project)
    assert "site" not in unchanged.seconds, "the setting is not an input of the output"
    events.clear()
    article = settings.articles / FIRST[0]
    article.write_bytes(article.read_bytes() + b"\r\nA late paragraph added by the editor.\r\n")
    later = run(project)
    locales = " ".join(sorted(settings.locales))
    assert events == ["rendered", "search started", f"indexing {locales}"], "3 briefs are > 2"
    assert later.pdfs >= 2, "the changed brief's PDF and its digests were printed after the site"
    slug = brief_named(settings, FIRST[0])
    assert "late paragraph" in (settings.output / "briefs" / f"{slug}.html").read_text("utf-8")
    # The briefs stage ran apart; its report, times and cache came back.
    analysed_pids = analysed_in.read_text().split()
    assert len(analysed_pids) == 1 and analysed_pids[0] != str(os.getpid())
    assert later.built == first.built and later.warnings == first.warnings
    assert {"analyse", "briefs"} <= set(later.seconds)
    # The main process pruned the cache with what the briefs stage used: the changed
    # article's old entry went, the others stayed.
    assert len(list((cache_folder(settings) / ENTRIES).glob("*.json"))) == len(FIRST)
    again = run(project)
    assert len(analysed_in.read_text().split()) == 1, "the next build takes its briefs as kept"
    assert again.built == first.built and "site" not in again.seconds


def test_a_failing_build_reports_its_own_error_not_the_search_services_after_it(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The search service, started before the briefs were analysed, is let go when the
    build fails; if it fails then too (interrupted as the build was, say), the build's
    own error is still the one raised."""
    run(project)
    settings = settings_of(project)
    article = settings.articles / FIRST[0]
    article.write_bytes(article.read_bytes() + b"\r\nA late paragraph added by the editor.\r\n")
    closed: list[str] = []

    class Search(pipeline.search.SearchService):
        def close(self) -> None:
            super().close()
            closed.append("closed")
            raise BriefpressError("search index: interrupted too")

    def failing_site(*args: Any, **kwargs: Any) -> Any:
        raise BriefpressError("the site could not be rendered")

    monkeypatch.setattr(pipeline.search, "SearchService", Search)
    monkeypatch.setattr(pipeline.site, "build_site", failing_site)
    with pytest.raises(BriefpressError, match="the site could not be rendered"):
        run(project)
    assert closed == ["closed"]


@pytest.mark.slow
def test_each_input_change_rebuilds_what_depends_on_it(project: Path) -> None:
    settings = settings_of(project)
    first = run(project)
    pdfs_per_build = first.pdfs
    assert pdfs_per_build > len(FIRST)

    before = tree(settings)
    block = "{% block content %}"
    edit(
        project / "theme" / "templates" / "article.html",
        lambda t: t.replace(block, f"{block}<!-- edited -->", 1),
    )
    report = run(project)
    after = tree(settings)
    pages = {n for n in changed(before, after) if n.endswith(".html")}
    brief_pages = {n for n in before if re.fullmatch(r"output/(pl/)?briefs/[^/]+\.html", n)}
    assert pages == brief_pages
    assert report.pdfs == 0

    before = after
    po = project / "theme" / "translations" / "pl" / "LC_MESSAGES" / "messages.po"
    edit(po, lambda t: t.replace('msgstr "Archiwum"', 'msgstr "Archiwum notatek"'))
    report = run(project)
    after = tree(settings)
    pages = {n for n in changed(before, after) if n.endswith(".html")}
    assert pages, "the translation reached no page"
    assert all(n.startswith("output/pl/") for n in pages)
    assert report.pdfs == 0

    before = after
    edit(project / "pelicanconf.py", lambda t: set_setting(t, "SITESUBTITLE", '"Daily briefs"'))
    report = run(project)
    after = tree(settings)
    html = {n for n in before if n.endswith(".html")}
    assert html <= changed(before, after)
    assert not any(n.startswith("briefs/") for n in changed(before, after))
    assert report.pdfs == 0

    before = after
    unknown = next(e for e in first.new_entities if e["file"] == FIRST[2])
    entry = f'\n[[entity]]\nname = "{unknown["name"]}"\nkind = "{unknown["kind"]}"\n'
    edit(project / "content" / "entities.toml", lambda t: t + entry)
    report = run(project)
    after = tree(settings)
    slug = brief_named(settings, FIRST[2])
    assert {n for n in changed(before, after) if n.startswith("briefs/")} == {f"briefs/{slug}.md"}
    printed = {n for n in changed(before, after) if n.endswith(".pdf")}
    assert f"output/pdf/{slug}.pdf" in printed
    assert not any(
        n.startswith("output/pdf/") and n.count("/") == 2
        for n in printed - {f"output/pdf/{slug}.pdf"}
    ), "another brief's PDF was printed"
    assert report.pdfs == len(printed) < pdfs_per_build

    before = after
    slug = brief_named(settings, FIRST[0])
    edit(
        settings.briefs / f"{slug}.md",
        lambda t: re.sub(r"^Title: .*$", "Title: Edited by hand", t, count=1, flags=re.M),
    )
    report = run(project)
    after = tree(settings)
    for page in (f"output/briefs/{slug}.html", f"output/pl/briefs/{slug}.html"):
        assert b"Edited by hand" in after[page]
    printed = {n for n in changed(before, after) if n.endswith(".pdf")}
    assert f"output/pdf/{slug}.pdf" in printed
    assert b"Edited by hand" in (settings.briefs / f"{slug}.md").read_bytes(), "edit overwritten"
