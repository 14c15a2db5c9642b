"""The built site in a real browser: navigation, the interface switcher, search, accessibility.

One site is built per test session (shared by the xdist workers through a lock)
from the two seeds and a few corpus articles, through the real pipeline, and
served over HTTP on 127.0.0.1. Debian's chromium is driven by Playwright (no
browser is downloaded); axe-core comes from ``tests/node_modules``
(``cd tests && npm ci``). Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import functools
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from conftest import CORPUS, REPO, SEEDS
from shared_build import build_once

from pipeline.search import shard_of

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = REPO / "test-artifacts"
CORPUS_ARTICLES = [
    "pl-cbdc.txt",
    "ja-ev-battery-sjis.txt",
    "en-ai-funding-crlf.txt",
    "pl-ai-funding-cp1250.txt",
    "zh-ev-battery.txt",
]
PL_SEED = "000_fab71328efe51cdd.txt"
JA_SEED = "002_1c4c8d7683c85ca6.txt"
TIMEOUT_MS = 15_000


@dataclass
class Sample:
    """The built sample site: its folder, the slug of each article's brief, its URL."""

    output: Path
    slugs: dict[str, str]
    url: str = ""

    def brief(self, source_file: str, locale: str = "en") -> str:
        prefix = "" if locale == "en" else f"{locale}/"
        return f"{self.url}/{prefix}briefs/{self.slugs[source_file]}.html"


def _build(root: Path, shards: int | None = None, per_page: int | None = None) -> Sample:
    """The real build, except the PDF stage (covered by test_pdf; it would double the time);
    ``shards`` overrides ``SEARCH_SHARDS``, ``per_page`` ``DEFAULT_PAGINATION``."""
    from pipeline import build, pdf
    from pipeline.briefs import read_brief
    from pipeline.pdf import PdfResult
    from pipeline.settings import load_settings

    articles = root / "articles"
    articles.mkdir(parents=True)
    for seed in SEEDS.iterdir():
        shutil.copy(seed, articles / seed.name)
    for name in CORPUS_ARTICLES:
        shutil.copy(CORPUS / "articles" / name, articles / name)
    conf = REPO / "pelicanconf.py"
    if per_page is not None:  # the site stage reads its settings from the file
        base = conf.read_text(encoding="utf-8")
        conf = root / "pelicanconf.py"
        paths = {"THEME": REPO / "theme", "BRIEFPRESS_ENTITIES": REPO / "content/entities.toml"}
        extra = "".join(f"{name} = {str(path)!r}\n" for name, path in paths.items())
        conf.write_text(f"{base}\n{extra}DEFAULT_PAGINATION = {per_page}\n")
    settings = load_settings(conf).with_paths(articles, root / "output")
    if shards is not None:
        settings.pelican["SEARCH_SHARDS"] = shards
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "render_pdfs", lambda *args, **kwargs: PdfResult())
        build.build(settings)
    briefs = [read_brief(path) for path in sorted(settings.briefs.glob("*.md"))]
    return Sample(settings.output, {brief.file: brief.slug for brief in briefs})


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Sample]:
    """Built once per session, even with several xdist workers; served for this worker."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    yield from _served(build_once(tmp_path_factory, worker_id, "browser-site", _build))


@pytest.fixture(scope="session")
def sharded(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Sample]:
    """The same site with its search index split into four shards."""
    build = functools.partial(_build, shards=4)
    yield from _served(build_once(tmp_path_factory, worker_id, "browser-site-sharded", build))


@pytest.fixture(scope="session")
def paginated(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Iterator[Sample]:
    """The same site with two briefs a page."""
    build = functools.partial(_build, per_page=2)
    yield from _served(build_once(tmp_path_factory, worker_id, "browser-site-paginated", build))


def _served(site: Sample) -> Iterator[Sample]:
    handler = functools.partial(_QuietHandler, directory=str(site.output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield site
    server.shutdown()
    server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean; failures show up as console errors instead."""


@pytest.fixture(scope="module")
def browser(sample: Sample) -> Iterator[object]:
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def desktop(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@dataclass
class Watched:
    """A page whose console errors, uncaught exceptions and failed requests are collected."""

    page: object
    problems: list[str] = field(default_factory=list)


def failed(request: Any) -> bool:
    """Whether a failed request is a fault: not one the browser dropped because the page
    moved on (a search form sent while the favicon was still on its way)."""
    return request.failure != "net::ERR_ABORTED"


@pytest.fixture
def watched(desktop: object) -> Iterator[Watched]:
    """A fresh desktop page; the test fails if anything went wrong in the browser."""
    page = desktop.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    seen = Watched(page)
    page.on("console", lambda m: m.type == "error" and seen.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: seen.problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: failed(r) and seen.problems.append(f"failed: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and seen.problems.append(f"{r.status} {r.url}"))
    yield seen
    page.close()
    assert seen.problems == []


def search_results(page: object, *expected_slugs: str) -> list[str]:
    """Wait until Pagefind lists every expected brief; return all result links, in order."""
    for slug in expected_slugs:
        page.locator(f'a.pagefind-ui__result-link[href$="/{slug}.html"]').first.wait_for()
    return [a.get_attribute("href") for a in page.locator("a.pagefind-ui__result-link").all()]


# --- navigation ------------------------------------------------------------------------------


def test_home_to_a_brief_and_the_interface_switcher_keeps_the_page(
    sample: Sample, watched: Watched
) -> None:
    page = watched.page
    page.goto(f"{sample.url}/index.html")
    assert page.locator("html").get_attribute("lang") == "en"
    slug = sample.slugs["pl-cbdc.txt"]
    page.locator(f'.card-title a[href$="briefs/{slug}.html"]').click()
    page.wait_for_url(f"**/briefs/{slug}.html")
    title = page.locator("h1").inner_text()
    assert title.startswith("Cyfrowy złoty")
    assert page.locator("h1").get_attribute("lang") == "pl"

    page.locator('.locale-switcher a[hreflang="ja"]').click()
    page.wait_for_url(f"**/ja/briefs/{slug}.html")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").inner_text() == title
    assert page.locator("#points-heading").inner_text() == "要点"
    assert "2025年5月14日" in page.locator(".meta time").inner_text()

    page.locator('.locale-switcher a[hreflang="en"]').click()
    page.wait_for_url(f"{sample.url}/briefs/{slug}.html")
    assert page.locator("#points-heading").inner_text() == "Key points"


def test_older_and_newer_links_walk_every_brief_once_in_date_order(
    paginated: Sample, watched: Watched
) -> None:
    """The first page holds the newest briefs, the older pages the rest counted from the
    oldest (STABLE_PAGES); walking "older" then "newer" visits every brief once, each
    page named by its briefs' dates in the interface's language."""
    page = watched.page
    page.goto(f"{paginated.url}/ja/index.html")
    visited, seen, dates, labels = [page.url], [], [], []
    while True:
        seen += page.locator(".card-title a").evaluate_all("links => links.map(a => a.href)")
        dates += [t.get_attribute("datetime") for t in page.locator(".card time").all()]
        labels.append(page.locator(".pagination .page-dates").all_inner_texts())
        older = page.locator('.pagination a[rel="next"]')
        if not older.count():
            break
        assert older.inner_text() == "以前の要約"
        older.click()
        page.wait_for_load_state()
        visited.append(page.url)
    briefs = {f"briefs/{slug}.html" for slug in paginated.slugs.values()}
    assert sorted(href.removeprefix(f"{paginated.url}/ja/") for href in seen) == sorted(briefs)
    assert dates == sorted(dates, reverse=True) and len(dates) > 2
    assert len(visited) == -(-len(briefs) // 2)
    assert visited[-1].endswith("/ja/index-1.html")
    assert all(label and label[0].endswith("日") for label in labels[:-1]), labels
    while page.locator('.pagination a[rel="prev"]').count():
        page.locator('.pagination a[rel="prev"]').click()
        page.wait_for_load_state()
        assert page.url == visited.pop(-2)
    assert page.url == f"{paginated.url}/ja/index.html"


# --- search ----------------------------------------------------------------------------------

SEARCHES = [
    ("全固体電池", ["ja-ev-battery-sjis.txt"]),
    ("钠离子电池", ["zh-ev-battery.txt"]),
    ("złoty", ["pl-cbdc.txt"]),
    ("Sam Altman", [PL_SEED, JA_SEED]),
]


@pytest.mark.parametrize("locale", ["en", "ja", "pl"])
def test_search_finds_briefs_in_any_language_from_every_interface(
    sample: Sample, watched: Watched, locale: str
) -> None:
    """The first query comes from the address (as the header form sends it), the rest are typed."""
    page = watched.page
    prefix = "" if locale == "en" else f"/{locale}"
    page.goto(f"{sample.url}{prefix}/search.html?q={quote(SEARCHES[0][0])}")
    assert page.locator("#search-page-input-form").is_hidden()
    for number, (query, expected) in enumerate(SEARCHES):
        if number:
            page.locator("input.pagefind-ui__search-input").fill(query)
        slugs = [sample.slugs[name] for name in expected]
        links = search_results(page, *slugs)
        found = [link.rsplit("/", 1)[1].removesuffix(".html") for link in links]
        # The expected briefs rank first (in any order among themselves).
        assert set(found[: len(slugs)]) == set(slugs), (query, found)
        assert all(link.startswith(f"{prefix}/briefs/") for link in links), (query, links)
    # The address follows the typed query, so reloading or sharing it keeps the results,
    # and so does the interface switcher.
    assert parse_qs(urlsplit(page.url).query) == {"q": [SEARCHES[-1][0]]}
    switch = page.locator('.locale-switcher a[hreflang="de"]').get_attribute("href")
    assert urlsplit(switch).path == "/de/search.html"
    assert parse_qs(urlsplit(switch).query) == {"q": [SEARCHES[-1][0]]}


def test_the_header_form_leads_to_results_and_filters_are_in_the_interface_language(
    sample: Sample, watched: Watched
) -> None:
    page = watched.page
    page.goto(sample.brief("zh-ev-battery.txt", "ja"))
    page.locator("#search-input").fill("Glosa")
    page.locator("#search-input").press("Enter")
    page.wait_for_url("**/ja/search.html?q=Glosa")
    en_brief = sample.slugs["en-ai-funding-crlf.txt"]
    pl_brief = sample.slugs["pl-ai-funding-cp1250.txt"]
    assert set(search_results(page, en_brief, pl_brief)) >= {
        f"/ja/briefs/{en_brief}.html",
        f"/ja/briefs/{pl_brief}.html",
    }
    page.locator(".pagefind-ui__filter-name", has_text="言語").click()
    page.get_by_label("ポーランド語").check()
    page.locator(f'a.pagefind-ui__result-link[href$="/{en_brief}.html"]').wait_for(state="detached")
    assert search_results(page, pl_brief) == [f"/ja/briefs/{pl_brief}.html"]


def test_no_search_runs_before_every_filter_list_has_arrived(
    sample: Sample, watched: Watched
) -> None:
    """Pagefind counts filter values over the filter lists loaded when a search runs, and its
    interface keeps the first counts it gets: a search that ran while a list was on its way
    left that filter group out for good (a flaky "言語" filter on a loaded machine).

    One filter list is held back for 2 s; no results may show until it is let through."""
    page = watched.page
    requested: list[object] = []

    def hold_the_second(route: object) -> None:
        requested.append(route)
        if len(requested) != 2:
            route.continue_()

    page.route("**/filter/*.pf_filter", hold_the_second)
    page.goto(f"{sample.url}/ja/search.html?q=Glosa")
    results = page.locator("a.pagefind-ui__result-link")
    held_until = time.monotonic() + 2
    while time.monotonic() < held_until:
        assert results.count() == 0
        page.wait_for_timeout(100)
    assert len(requested) == 2
    requested[1].continue_()
    search_results(page, sample.slugs["en-ai-funding-crlf.txt"])
    groups = page.locator(".pagefind-ui__filter-name")
    groups.nth(1).wait_for()
    assert sorted(groups.all_inner_texts()) == sorted(["言語", "タグ"])


def test_search_merges_every_shard_of_a_split_index(sharded: Sample, watched: Watched) -> None:
    bundles = sorted(p.name for p in sharded.output.glob("pagefind*") if p.is_dir())
    assert bundles == ["pagefind", "pagefind-1", "pagefind-2", "pagefind-3"]
    wanted = {sharded.slugs[name] for _, expected in SEARCHES for name in expected}
    assert len({shard_of(f"briefs/{slug}.html", 4) for slug in wanted}) > 1
    page = watched.page
    for query, expected in SEARCHES:
        page.goto(f"{sharded.url}/pl/search.html?q={quote(query)}")
        slugs = [sharded.slugs[name] for name in expected]
        found = [
            link.rsplit("/", 1)[1].removesuffix(".html") for link in search_results(page, *slugs)
        ]
        assert set(slugs) <= set(found), (query, found)


def test_a_hostile_query_is_shown_as_text(sample: Sample, watched: Watched) -> None:
    page = watched.page
    query = "<img src=x onerror=window.pwned=1>"
    page.goto(f"{sample.url}/search.html?q={quote(query)}")
    page.locator(".pagefind-ui__message").wait_for()
    assert query in page.locator(".pagefind-ui__message").inner_text()
    assert page.locator("#search-ui img").count() == 0
    assert page.evaluate("window.pwned") is None


def test_reading_and_the_search_page_work_without_javascript(
    sample: Sample, browser: object
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample.brief(JA_SEED, "pl"))
    assert "Sam Altman" in page.locator("section[aria-labelledby=entities-heading]").inner_text()
    page.goto(f"{sample.url}/search.html?q=Altman")
    assert page.locator("#search-page-input-form").is_visible()
    assert "JavaScript" in page.locator("main").inner_text()
    context.close()


# --- accessibility and looks -----------------------------------------------------------------

A11Y_PAGES = {
    "home": "index.html",
    "brief": "briefs/{brief}.html",
    "tags": "tags.html",
    "entity": "entities/sam-altman.html",
    "search": "search.html?q=Altman",
}


@pytest.mark.parametrize("locale", ["en", "ja"])
def test_no_serious_accessibility_violations(sample: Sample, watched: Watched, locale: str) -> None:
    if not AXE.exists():
        pytest.skip("axe-core is not installed: cd tests && npm ci")
    prefix = "" if locale == "en" else f"/{locale}"
    page = watched.page
    found = {}
    for name, path in A11Y_PAGES.items():
        page.goto(f"{sample.url}{prefix}/{path.format(brief=sample.slugs['pl-cbdc.txt'])}")
        if name == "search":
            search_results(page, sample.slugs[PL_SEED])
        page.add_script_tag(path=str(AXE))
        found[name] = page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
                .filter(v => v.impact === "serious" || v.impact === "critical")
                .map(v => `${v.id} (${v.impact}): ${v.nodes.map(n => n.target.join(" "))}`)"""
        )
    assert found == {name: [] for name in A11Y_PAGES}


@pytest.mark.parametrize("width", [1280, 360])
def test_screenshots_and_no_sideways_scrolling(sample: Sample, browser: object, width: int) -> None:
    """Home and a brief at desktop and phone width, saved for a human to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for name, url in (("home", f"{sample.url}/index.html"), ("brief", sample.brief(JA_SEED))):
        page.goto(url)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{name} scrolls sideways at {width}px ({overflow}px wide)"
    context.close()
