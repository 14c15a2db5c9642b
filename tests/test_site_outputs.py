"""What the site offers besides pages: the search index, the feeds, sitemap.xml and robots.txt.

Uses the same session-wide build of the hand-made briefs as ``test_site.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from shared_build import build_once
from site_helpers import (
    DIGESTS,
    LOCALES,
    Built,
    Elements,
    build_fixture_site,
    only,
    write_fixture_briefs,
)

import pipeline.site_sitemap
from pipeline.search import bundle_dir, shard_count
from pipeline.settings import load_settings
from pipeline.site import build_site
from pipeline.site_sitemap import write_sitemap

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Built:
    return build_once(tmp_path_factory, worker_id, "site", build_fixture_site)


def test_every_locale_gets_a_search_index_of_the_brief_pages_only(site: Built) -> None:
    assert site.result.indexed == {locale: 3 for locale in LOCALES}
    shards = shard_count(load_settings().pelican["SEARCH_SHARDS"], len(site.briefs))
    for prefix in ("", "pl/", "ja/"):
        counts: dict[str, int] = {}
        for shard in range(shards):
            entry = json.loads(site.page(f"{prefix}{bundle_dir(shard)}/pagefind-entry.json"))
            for code, data in entry["languages"].items():
                counts[code] = counts.get(code, 0) + data["page_count"]
        # The briefs spread over the shards, forced to a CJK language so Chinese and
        # Japanese words are segmented.
        assert counts == {"ja": 3}
        assert (site.output / f"{prefix}pagefind/pagefind-ui.js").is_file()
    search = Elements(site.page("pl/search.html"))
    merged = only([e for e in search.found if "data-merge" in e["attrs"]])["attrs"]["data-merge"]
    assert merged.split() == [f"./{bundle_dir(k)}/" for k in range(1, shards)]
    page = Elements(site.brief_page("pl", "de"))
    body = only([e for e in page.found if "data-pagefind-body" in e["attrs"]])
    assert body["tag"] == "article"
    filters = {
        (e["attrs"]["data-pagefind-filter"], e["text"])
        for e in page.found
        if "data-pagefind-filter" in e["attrs"]
    }
    assert filters == {
        ("Sprache", "Polnisch"),
        ("Schlagwörter", "AI"),
        ("Schlagwörter", "startupy"),
    }
    ignored = {e["text"].strip() for e in page.select("h2") if "data-pagefind-ignore" in e["attrs"]}
    assert {"Zusammenfassung", "Kernpunkte"} <= ignored
    assert not any(
        "data-pagefind-body" in page for page in map(site.page, ("index.html", "tags.html"))
    )


def test_json_feeds_carry_the_structured_brief(site: Built) -> None:
    feed = json.loads(site.page("pl/feeds/all.json"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == "http://127.0.0.1:8000/pl/feeds/all.json"
    assert feed["language"] == "pl"
    items = {item["language"]: item for item in feed["items"]}
    assert list(items) == ["pl", "ja", "en"]  # newest first, undated last
    pl = items["pl"]
    brief = site.briefs["pl"]
    assert pl["url"] == f"http://127.0.0.1:8000/pl/briefs/{brief.slug}.html"
    assert pl["title"] == brief.title and pl["summary"] == brief.summary
    assert pl["date_published"] == "2024-09-04T00:00:00+00:00"
    extension = pl["_briefpress"]
    assert extension["date"] == "2024-09-04" and extension["date_basis"] == "dateline"
    assert (extension["source"], extension["author"]) == ("Gazeta Próbna", "Anna Nowak")
    assert extension["tags"] == ["AI", "startupy"]
    assert extension["key_points"] == brief.key_points
    assert extension["figures"] == [figure.to_dict() for figure in brief.figures]
    person = extension["entities"][0]
    assert person["name"] == "Marta Zielińska" and person["aliases"] == ["Marty Zielińskiej"]
    assert person["url"] == "http://127.0.0.1:8000/pl/entities/marta-zielinska.html"
    undated = items["en"]
    assert "date_published" not in undated and undated["_briefpress"]["date"] is None
    assert undated["title"] == "Start-up <script>alert('title')</script> raises $175M"
    language = json.loads(site.page("feeds/languages/ja.json"))
    assert [item["language"] for item in language["items"]] == ["ja"]
    tag = json.loads(site.page("feeds/tags/ai.json"))
    assert {item["language"] for item in tag["items"]} == {"pl", "en"}


def test_atom_feeds_have_absolute_links_and_are_linked_from_the_pages(site: Built) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(site.page("ja/feeds/tags/ai.atom.xml"))
    assert root.find(f"{atom}title").text == "Briefpress - AI"
    links = [e.find(f"{atom}link").get("href") for e in root.iter(f"{atom}entry")]
    assert links == [
        f"http://127.0.0.1:8000/ja/briefs/{site.briefs[code].slug}.html" for code in ("pl", "en")
    ]
    language = ElementTree.fromstring(site.page("pl/feeds/languages/ja.atom.xml"))
    assert language.find(f"{atom}title").text == "Briefpress - japoński"
    head = Elements(site.page("pl/tags/ai.html")).select("link", rel="alternate")
    feeds = {
        (link["attrs"]["type"], link["attrs"]["href"]) for link in head if "type" in link["attrs"]
    }
    assert feeds == {
        ("application/atom+xml", "../feeds/all.atom.xml"),
        ("application/feed+json", "../feeds/all.json"),
        ("application/atom+xml", "../feeds/tags/ai.atom.xml"),
        ("application/feed+json", "../feeds/tags/ai.json"),
    }


def test_the_sitemap_lists_every_page_in_every_locale_with_alternates(site: Built) -> None:
    namespaces = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "x": "http://www.w3.org/1999/xhtml",
    }
    root = ElementTree.fromstring(site.page("sitemap.xml"))
    entries = {
        url.find("s:loc", namespaces).text: {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", namespaces)
        }
        for url in root.findall("s:url", namespaces)
    }
    base = "http://127.0.0.1:8000"
    pages = [p for p in site.result.files["en"] if p not in ("404.html", "search.html")]
    assert len(entries) == len(pages) * len(LOCALES)
    slug = site.briefs["ja"].slug
    alternates = entries[f"{base}/de/briefs/{slug}.html"]
    assert alternates == {
        **{
            code: f"{base}{'' if code == 'en' else '/' + code}/briefs/{slug}.html"
            for code in LOCALES
        },
        "x-default": f"{base}/briefs/{slug}.html",
    }
    assert not any(loc.endswith(("/404.html", "/search.html")) for loc in entries)
    assert site.page("robots.txt").endswith(f"Sitemap: {base}/sitemap.xml\n")


@pytest.mark.parametrize(("max_urls", "max_bytes"), [(7, 10**9), (10**6, 2500)])
def test_a_site_too_large_for_one_sitemap_gets_an_index_of_several(
    tmp_path: Path, max_urls: int, max_bytes: int
) -> None:
    """sitemaps.org allows 50,000 URLs and 50 MB per sitemap: past either (here made
    small), ``sitemap.xml`` becomes an index of sitemaps that list every page once, in
    order, each with its alternates."""
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    pages = {
        "en": [f"briefs/brief-{n}.html" for n in range(12)] + ["404.html", "index.html"],
        "pl": [f"briefs/brief-{n}.html" for n in range(10)] + ["index.html"],
    }
    base = "https://briefs.example.org"

    def entries(sitemap: Path) -> list[tuple[str, list[tuple[str, str]]]]:
        root = ElementTree.parse(sitemap).getroot()
        assert root.tag == f"{namespace}urlset"
        return [
            (
                url.find(f"{namespace}loc").text,
                [(link.get("hreflang"), link.get("href")) for link in url.findall(xhtml)],
            )
            for url in root.findall(f"{namespace}url")
        ]

    (single,) = write_sitemap(pages, tmp_path / "whole", base)
    whole = entries(single)
    assert len(whole) == 13 + 11
    written = write_sitemap(pages, tmp_path / "split", base, max_urls, max_bytes)
    index = ElementTree.parse(written[0]).getroot()
    assert written[0].name == "sitemap.xml" and index.tag == f"{namespace}sitemapindex"
    assert [loc.text for loc in index.iter(f"{namespace}loc")] == [
        f"{base}/{part.name}" for part in written[1:]
    ]
    assert len(written) >= 3
    split = []
    for part in written[1:]:
        listed = entries(part)
        assert 0 < len(listed) <= max_urls and part.stat().st_size <= max_bytes
        split += listed
    assert split == whole


def test_the_sitemap_escapes_a_site_address_once_and_percent_encodes_paths(
    tmp_path: Path,
) -> None:
    """Only the address (a setting) and the locale codes are escaped for XML; page paths
    are percent-encoded, which leaves nothing to escape, even for a hostile file name."""
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    base = 'https://example.org/a&b"c'
    pages = {"en": ['briefs/<x>&"y".html', "index.html"], "pl": ["index.html"]}
    (sitemap,) = write_sitemap(pages, tmp_path, base)
    root = ElementTree.parse(sitemap).getroot()
    locs = [loc.text for loc in root.iter(f"{namespace}loc")]
    assert locs == [
        f"{base}/briefs/%3Cx%3E%26%22y%22.html",
        f"{base}/index.html",
        f"{base}/pl/index.html",
    ]
    hrefs = {link.get("hreflang"): link.get("href") for link in root.iter() if link.get("hreflang")}
    assert hrefs["x-default"] == f"{base}/index.html"


def test_the_parts_of_a_sitemap_the_site_no_longer_needs_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A site split into several sitemaps, then small enough for one again, keeps no
    stale ``sitemap-N.xml`` beside its ``sitemap.xml``."""
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    folder = tmp_path / "content" / "briefs"
    write_fixture_briefs(folder)
    output = tmp_path / "output"
    settings = load_settings()
    monkeypatch.setattr(pipeline.site_sitemap, "MAX_URLS", 10)
    build_site(settings, folder, output, DIGESTS)
    parts = sorted(output.glob("sitemap-*.xml"))
    index = ElementTree.parse(output / "sitemap.xml").getroot()
    assert index.tag == f"{namespace}sitemapindex" and len(parts) >= 2
    assert len(list(index)) == len(parts)
    monkeypatch.setattr(pipeline.site_sitemap, "MAX_URLS", 50_000)
    build_site(settings, folder, output, DIGESTS)
    assert not list(output.glob("sitemap-*.xml"))
    whole = ElementTree.parse(output / "sitemap.xml").getroot()
    assert whole.tag == f"{namespace}urlset" and len(whole) > 10
