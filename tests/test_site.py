"""The Pelican site: localized sub-sites, extra pages, escaping and links.

One build per session (shared by the xdist workers) of three hand-made briefs
(Polish, Japanese, and an undated English one full of markup) serves most
tests; the tests that build are marked slow. Formatting and catalogs are tested
without Pelican in test_site_format.py; the search index, feeds and sitemap in
test_site_outputs.py.
"""

from __future__ import annotations

import dataclasses
import pickle
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from shared_build import build_once
from site_helpers import (
    DIGESTS,
    LOCALES,
    THEME,
    Built,
    Elements,
    build_fixture_site,
    only,
    write_fixture_briefs,
)

from pipeline.briefs import read_brief, write_brief
from pipeline.cache import site_cache
from pipeline.model import Brief
from pipeline.pdf_plan import brief_slug
from pipeline.settings import Settings, load_settings
from pipeline.site import build_site


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Built:
    return build_once(tmp_path_factory, worker_id, "site", build_fixture_site)


# --- the built site --------------------------------------------------------------------------


@pytest.mark.slow
def test_every_locale_gets_the_same_pages(site: Built) -> None:
    pages = site.result.files
    assert list(pages) == LOCALES
    assert site.result.pages == {locale: len(pages["en"]) for locale in LOCALES}
    en = sorted(pages["en"])
    for locale in LOCALES[1:]:
        assert sorted(p.removeprefix(f"{locale}/") for p in pages[locale]) == en
    expected = {
        "index.html", "archives.html", "archives/2024/09/index.html", "tags.html", "tags/ai.html",
        "authors.html", "entities.html", "entities/marta-zielinska.html", "languages.html",
        "languages/ja.html", "sources.html", "downloads.html", "search.html", "404.html",
        *(f"briefs/{b.slug}.html" for b in site.briefs.values()),
    }  # fmt: skip
    assert expected <= set(en)
    # The one category holds every brief, as the home page does: no pages of its own.
    assert not [p for p in en if p.startswith("categor")]
    assert not (site.output / ".site-staging").exists()
    # Not even Pelican's notice about feeds without SITEURL in a development build.
    assert site.result.warnings == []


@pytest.mark.slow
def test_nothing_is_written_outside_the_output_folder_and_pdfs_are_kept(site: Built) -> None:
    new = set(site.root.rglob("*")) - site.before
    assert new and all(path.is_relative_to(site.output) for path in new)
    assert (site.output / "pdf" / "kept.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_dates_are_localized_per_sub_site(site: Built) -> None:
    expected = {"en": "September 4, 2024", "pl": "4 września 2024", "ja": "2024年9月4日",
                "de": "4. September 2024", "zh": "2024年9月4日"}  # fmt: skip
    for locale, text in expected.items():
        time = only(Elements(site.brief_page("pl", locale)).select("time"))
        assert time == {"tag": "time", "attrs": {"datetime": "2024-09-04"}, "text": text}
    undated = Elements(site.brief_page("en", "pl"))
    assert only(undated.select("span", **{"class": "date-unknown"}))["text"] == "data nieznana"
    assert not undated.select("time")


@pytest.mark.slow
def test_article_language_names_and_html_lang_follow_the_interface(site: Built) -> None:
    names = {"en": "Japanese", "pl": "japoński", "ja": "日本語", "de": "Japanisch", "zh": "日语"}
    for locale, name in names.items():
        page = Elements(site.brief_page("ja", locale))
        assert only(page.select("html"))["attrs"]["lang"] == locale
        meta = only(page.select("p", **{"class": "meta"}))["text"]
        assert name in meta
    assert "ポーランド語" in site.page("ja/index.html")


@pytest.mark.slow
def test_every_element_with_article_text_carries_the_article_language(site: Built) -> None:
    for language in ("pl", "ja", "en"):
        page = Elements(site.brief_page(language, "de"))
        brief = site.briefs[language]
        assert only(page.select("h1"))["attrs"].get("lang") == language
        assert only(page.select("div", **{"class": "article-text"}))["attrs"]["lang"] == language
        points = page.select("li", lang=language)
        assert [p["text"] for p in points[: len(brief.key_points)]] == brief.key_points
        figure_cells = page.select("td", lang=language)
        assert [c["text"] for c in figure_cells] == [f.text for f in brief.figures]
        summary = only(page.select("section", **{"class": "brief-summary"}))
        assert brief.summary in summary["text"]
    interface = Elements(site.brief_page("ja", "de"))
    assert only(interface.select("h2", id="points-heading"))["attrs"].get("lang") is None


@pytest.mark.slow
def test_localized_figures_sit_beside_the_text_as_written(site: Built) -> None:
    page = Elements(site.brief_page("ja", "pl"))
    values = [c["text"] for c in page.select("td", **{"class": "figure-value"})]
    assert values == ["ok. 45\xa0mld\xa0JPY", "3 lata"]
    english = Elements(site.brief_page("pl", "en"))
    assert [c["text"] for c in english.select("td", **{"class": "figure-value"})] == [
        "$175M",
        "30%",
    ]


@pytest.mark.slow
def test_hostile_text_is_shown_as_text_never_as_markup(site: Built) -> None:
    raw = site.brief_page("en")
    page = Elements(raw)
    assert (
        only(page.select("h1"))["text"] == "Start-up <script>alert('title')</script> raises $175M"
    )
    assert (
        "Body text <script>alert('body')</script> here."
        in page.select("div", lang="en")[-1]["text"]
    )
    assert "&lt;script&gt;" in raw
    for html_file in site.output.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8").lower()
        for tag in ("<img", "<iframe", "<b>", "<i>"):
            assert tag not in text, (html_file, tag)
        # Reading needs no JavaScript: only the search page loads any, and none is inline.
        scripts = re.findall(r"<script[^>]*>(.*?)</script>", text, re.S)
        if html_file.name != "search.html":
            assert scripts == [], html_file
        assert all(body == "" for body in scripts), html_file
        sources = re.findall(r'<script src="([^"]+)"', text)
        assert len(sources) == len(scripts)
        assert all(s.endswith(("/pagefind/pagefind-ui.js", "/js/search.js")) for s in sources)
    organisations = [a["text"] for a in page.select("a") if "entities/" in a["attrs"]["href"]]
    assert "<img src=x onerror=alert(1)> Corp" in organisations
    # Pagefind's interface shows search filter values as HTML: they carry no markup at all.
    filters = [e["text"] for e in page.select("span") if "data-pagefind-filter" in e["attrs"]]
    assert filters == ["English", "AI", "＜i＞markup＜/i＞"]


@pytest.mark.slow
def test_all_internal_links_resolve_and_the_switcher_keeps_the_page(site: Built) -> None:
    pdfs = set()
    for html_file in site.output.rglob("*.html"):
        relative = html_file.relative_to(site.output).as_posix()
        for element in Elements(html_file.read_text(encoding="utf-8")).found:
            href = element["attrs"].get("href")
            if not href or href.startswith("#") or urlsplit(href).scheme:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(relative), unquote(href)))
            assert not target.startswith(".."), (relative, href)
            if target.startswith("pdf/"):
                pdfs.add(target)  # written later by the PDF stage
                continue
            assert (site.output / target).is_file(), (relative, href)
    briefs = {f"pdf/{b.slug}.pdf" for b in site.briefs.values()}
    assert pdfs == briefs | {d["path"] for d in DIGESTS}
    page = Elements(site.brief_page("pl", "ja"))
    links = [e["attrs"] for e in page.select("link", rel="alternate")]
    alternates = {a["hreflang"]: a["href"] for a in links if "hreflang" in a}
    slug = site.briefs["pl"].slug
    assert alternates == {
        "en": f"../../briefs/{slug}.html",
        "pl": f"../../pl/briefs/{slug}.html",
        "ja": f"../../ja/briefs/{slug}.html",
        "de": f"../../de/briefs/{slug}.html",
        "zh": f"../../zh/briefs/{slug}.html",
        "x-default": f"../../briefs/{slug}.html",
    }
    switcher = only(page.select("a", hreflang="ja", **{"aria-current": "page"}))
    assert switcher["text"] == "日本語"


@pytest.mark.slow
def test_same_story_links_to_the_other_language(site: Built) -> None:
    page = Elements(site.brief_page("pl", "pl"))
    link = only(
        [a for a in page.select("a", hreflang="en") if a["text"] == site.briefs["en"].title]
    )
    assert link["attrs"]["href"] == f"../briefs/{site.briefs['en'].slug}.html"
    assert link["attrs"]["lang"] == "en"


@pytest.mark.slow
def test_entity_language_and_source_pages_list_their_briefs(site: Built) -> None:
    def titles(relative: str) -> set[str]:
        cards = Elements(site.page(relative)).select("h2", **{"class": "card-title"})
        return {card["text"] for card in cards}

    pl, ja, en = (site.briefs[code].title for code in ("pl", "ja", "en"))
    assert titles("entities/marta-zielinska.html") == {pl, en}
    assert titles("ja/entities/toyota-motor.html") == {ja}
    assert titles("pl/languages/ja.html") == {ja}
    assert titles("sources/gazeta-probna.html") == {pl}
    entity = Elements(site.page("pl/entities/marta-zielinska.html"))
    alias = only(entity.select("span", **{"class": "alias"}))
    assert alias["attrs"]["lang"] == "pl" and alias["text"] == "Marty Zielińskiej"
    source = only(Elements(site.page("de/sources/jing-ji-ri-bao.html")).select("h1"))
    assert source["text"].split() == ["Kurzberichte", "aus", "der", "Quelle", "経済日報"]
    spans = Elements(site.page("sources/jing-ji-ri-bao.html")).select("span", lang="ja")
    assert [span["text"] for span in spans if span["text"] == "経済日報"] == ["経済日報"]
    index = Elements(site.page("entities.html"))
    assert [h["text"] for h in index.select("h2")] == ["People", "Organisations"]
    people = [a["text"] for a in index.select("a") if a["attrs"]["href"].startswith("./entities/")]
    assert people[:2] == ["Daisuke Suzuki", "Marta Zielińska"]
    assert "authors/briefpress.html" not in site.result.files["en"]


@pytest.mark.slow
def test_archives_keep_undated_briefs_out_of_month_pages(site: Built) -> None:
    month = Elements(site.page("de/archives/2024/09/index.html"))
    assert only(month.select("h1"))["text"] == "Kurzberichte im September 2024"
    assert {c["text"] for c in month.select("h2", **{"class": "card-title"})} == {
        site.briefs["pl"].title,
        site.briefs["ja"].title,
    }
    archives = Elements(site.page("archives.html"))
    assert [h["text"].split("  ")[0].strip() for h in archives.select("h2")][-1].startswith(
        "Date unknown"
    )
    assert not any(p.startswith("archives/1970") for p in site.result.files["en"])


@pytest.mark.slow
def test_digests_are_listed_and_linked_where_relevant(site: Built) -> None:
    home = site.page("index.html")
    assert 'href="./pdf/digests/latest-en.pdf"' in home
    assert 'href="./../pdf/digests/latest-en.pdf"' in site.page("pl/index.html")
    month = site.page("archives/2024/09/index.html")
    assert "Przegląd tygodnia 2024-W36" in month and "Topic digest" not in month
    assert "pdf/digests/topic-ai-en.pdf" in site.page("tags/ai.html")
    downloads = Elements(site.page("ja/downloads.html"))
    cells = [td["text"] for td in downloads.select("td")]
    assert "2024年9月2日～8日" in cells and "ポーランド語" in cells
    assert [a["text"] for a in downloads.select("a", type="application/pdf")] == [
        d["title"] for d in DIGESTS
    ]


@pytest.mark.slow
def test_pagination_and_a_rebuild_that_removes_gone_pages(tmp_path: Path) -> None:
    conf = tmp_path / "pelicanconf.py"
    base = (THEME.parent / "pelicanconf.py").read_text(encoding="utf-8")
    extra = f"DEFAULT_PAGINATION = 2\nTHEME = {str(THEME)!r}\nBRIEFPRESS_LOCALES = ['en', 'pl']\n"
    conf.write_text(f"{base}\n{extra}", encoding="utf-8")
    settings = load_settings(conf)
    briefs = tmp_path / "briefs"
    written = write_fixture_briefs(briefs)
    output = tmp_path / "output"
    build_site(settings, briefs, output, [])
    first = Elements((output / "pl" / "index.html").read_text(encoding="utf-8"))
    assert only(first.select("a", rel="next"))["attrs"]["href"] == "./index-1.html"
    assert only(first.select("a", rel="next"))["text"] == "Starsze notatki"
    assert only(first.select("span", **{"class": "page-dates"}))["text"] == "4 września 2024"
    second = Elements((output / "pl" / "index-1.html").read_text(encoding="utf-8"))
    assert only(second.select("a", rel="prev"))["attrs"]["href"] == "./index.html"
    assert second.select("a", rel="next") == []
    assert second.select("span", **{"class": "page-dates"}) == []  # its one brief is undated

    gone = written["en"].slug
    (briefs / f"{gone}.md").unlink()
    (output / "pdf").mkdir()
    (output / "pdf" / f"{gone}.pdf").write_bytes(b"%PDF")
    result = build_site(dataclasses.replace(settings, locales=["en"]), briefs, output, [])
    assert not (output / "briefs" / f"{gone}.html").exists()
    assert not (output / "index-1.html").exists()
    assert not (output / "pl").exists()
    assert (output / "pdf" / f"{gone}.pdf").exists()
    assert f"briefs/{written['pl'].slug}.html" in result.files["en"]


def english_only(tmp_path: Path) -> Path:
    """A settings file in ``tmp_path`` (so its caches are there too), English site only."""
    conf = tmp_path / "pelicanconf.py"
    base = (THEME.parent / "pelicanconf.py").read_text(encoding="utf-8")
    conf.write_text(f"{base}\nTHEME = {str(THEME)!r}\nBRIEFPRESS_LOCALES = ['en']\n", "utf-8")
    return conf


def built_once(tmp_path: Path) -> tuple[Settings, Path, dict[str, Brief], Path]:
    """The English site of the fixture briefs built in ``tmp_path``: settings, briefs
    folder, briefs by language, output folder."""
    settings = load_settings(english_only(tmp_path))
    briefs = tmp_path / "content" / "briefs"
    written = write_fixture_briefs(briefs)
    output = tmp_path / "output"
    build_site(settings, briefs, output, [])
    return settings, briefs, written, output


def test_a_content_cache_a_killed_build_left_empty_is_read_again(tmp_path: Path) -> None:
    settings, briefs, written, output = built_once(tmp_path)
    cache = site_cache(settings) / "BriefsGenerator"
    assert cache.stat().st_size > 0, "Pelican's content cache is not where it was expected"
    cache.write_bytes(b"")  # killed between opening the file and writing to it
    write_brief(dataclasses.replace(written["en"], summary="Read again."), briefs)
    result = build_site(settings, briefs, output, [])
    assert [w for w in result.warnings if "content cache unreadable" in w]
    assert "Read again." in (output / "index.html").read_text(encoding="utf-8")
    assert build_site(settings, briefs, output, []).warnings == [], "the cache was not rebuilt"


def test_the_content_cache_keeps_only_the_briefs_there_are(tmp_path: Path) -> None:
    settings, briefs, written, output = built_once(tmp_path)
    (briefs / f"{written['ja'].slug}.md").unlink()
    build_site(settings, briefs, output, [])
    cache = site_cache(settings) / "BriefsGenerator"
    kept = pickle.loads(cache.read_bytes())
    assert sorted(Path(name).stem for name in kept) == sorted(
        written[language].slug for language in written if language != "ja"
    )
    assert not list(cache.parent.glob("*.tmp")), "the cache is written through a temporary file"


def test_the_content_cache_is_written_only_when_a_brief_was_read_afresh(tmp_path: Path) -> None:
    settings, briefs, written, output = built_once(tmp_path)
    cache = site_cache(settings) / "BriefsGenerator"
    first = cache.stat()
    build_site(settings, briefs, output, [])
    again = cache.stat()
    assert (again.st_ino, again.st_mtime_ns) == (first.st_ino, first.st_mtime_ns)
    write_brief(dataclasses.replace(written["en"], summary="Read afresh."), briefs)
    build_site(settings, briefs, output, [])
    kept = pickle.loads(cache.read_bytes())
    assert cache.stat().st_ino != first.st_ino  # replaced through a temporary file
    entry = next(data for name, (_, data) in kept.items() if written["en"].slug in name)
    assert "Read afresh." in str(entry.summary)


def test_a_hand_edited_unsafe_slug_puts_the_brief_where_its_pdf_links(tmp_path: Path) -> None:
    conf = english_only(tmp_path)
    briefs = tmp_path / "content" / "briefs"
    written = write_fixture_briefs(briefs)
    edited = briefs / f"{written['pl'].slug}.md"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("\nSlug: ", "\nSlug: ../../escaped-", 1), encoding="utf-8")
    output = tmp_path / "site" / "output"
    result = build_site(load_settings(conf), briefs, output, [])
    page = output / "briefs" / f"{brief_slug(read_brief(edited))}.html"
    assert page.is_file()
    assert f'href="../pdf/{page.stem}.pdf"' in page.read_text(encoding="utf-8")
    assert not list(tmp_path.rglob("escaped*"))
    assert [w for w in result.warnings if edited.name in w and "not a safe file name" in w]
    # The next build takes the brief from Pelican's content cache, parsed; it still says so.
    again = build_site(load_settings(conf), briefs, output, [])
    assert [w for w in again.warnings if edited.name in w and "not a safe file name" in w]
