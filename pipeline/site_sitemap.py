"""sitemap.xml and robots.txt for the whole site, every interface locale in one sitemap.

Written once after all sub-sites are built. Every page is listed in each locale
that has it, with ``hreflang`` alternates for all of them and ``x-default`` for
the default locale, as search engines expect. Sitemap URLs must be absolute:
``base_url`` is the site's ``SITEURL``, or the local preview address in a
development build. A sitemap may list at most 50,000 URLs and weigh at most 50 MB
(sitemaps.org), which five interface locales reach at about 5,000 briefs: a larger
site gets ``sitemap-1.xml``, ``sitemap-2.xml``… and ``sitemap.xml`` lists them (a
sitemap index), so robots.txt and search consoles keep the one address.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
# Pages that are not content: the error page and the search page (empty without a query).
NOT_LISTED = frozenset({"404.html", "search.html"})
# What one sitemap may hold (sitemaps.org).
MAX_URLS = 50_000
MAX_BYTES = 50 * 1000 * 1000
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
URLSET = f'<urlset xmlns="{NAMESPACE}" xmlns:xhtml="http://www.w3.org/1999/xhtml">'

__all__ = ["ROBOTS", "SITEMAP", "write_robots", "write_sitemap"]


def write_sitemap(
    pages: dict[str, Iterable[str]],
    folder: Path,
    base_url: str,
    max_urls: int | None = None,
    max_bytes: int | None = None,
) -> list[Path]:
    """Write ``sitemap.xml`` into ``folder`` (where the default locale's site goes), and
    the sitemaps it then lists if the site needs more than one; return the files.

    ``pages`` maps each locale, default first, to the files of its sub-site; a sitemap
    holds at most ``max_urls`` URLs and ``max_bytes`` bytes (``MAX_URLS``, ``MAX_BYTES``).
    """
    head, tail = f"{XML_DECLARATION}\n{URLSET}\n", "</urlset>\n"
    room = (max_bytes or MAX_BYTES) - len(head) - len(tail)
    parts = _split(_entries(pages, base_url), max_urls or MAX_URLS, room)
    names = [SITEMAP] if len(parts) == 1 else [f"sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, entries in zip(names, parts, strict=True):
        (folder / name).write_text(head + "".join(entries) + tail, encoding="utf-8")
        written.append(folder / name)
    if len(parts) == 1:
        return written
    base = _xml(base_url.rstrip("/"))
    index = "".join(f"<sitemap><loc>{base}/{name}</loc></sitemap>\n" for name in names)
    (folder / SITEMAP).write_text(
        f'{XML_DECLARATION}\n<sitemapindex xmlns="{NAMESPACE}">\n{index}</sitemapindex>\n',
        encoding="utf-8",
    )
    return [folder / SITEMAP, *written]


def _entries(pages: dict[str, Iterable[str]], base_url: str) -> Iterator[str]:
    """Each page's ``<url>`` entry in each locale that has it, with its alternates.

    Only the base URL and the locale codes are escaped for XML, once: a page's path is
    percent-encoded (``page_url``), which leaves no character XML would need escaped.
    """
    locales = list(pages)
    listed = {locale: _pages(files) for locale, files in pages.items()}
    base = _xml(base_url)
    codes = {code: _xml(code) for code in [*locales, "x-default"]}
    for path in sorted(set().union(*listed.values())):
        present = [locale for locale in locales if path in listed[locale]]
        urls = {locale: page_url(base, locale, locales[0], path) for locale in present}
        alternates = [(locale, urls[locale]) for locale in present]
        if locales[0] in urls:
            alternates.append(("x-default", urls[locales[0]]))
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{codes[code]}" href="{url}"/>\n'
            for code, url in alternates
        )
        for locale in present:
            yield f"<url><loc>{urls[locale]}</loc>\n{links}</url>\n"


def _xml(text: str) -> str:
    """``text`` escaped for XML, inside an element or a double-quoted attribute."""
    return escape(text, {'"': "&quot;"})


def _split(entries: Iterable[str], max_urls: int, max_bytes: int) -> list[list[str]]:
    """The entries in order, cut into sitemaps of at most ``max_urls`` entries and
    ``max_bytes`` bytes each (always at least one sitemap, if empty)."""
    parts: list[list[str]] = [[]]
    size = 0
    for entry in entries:
        length = len(entry) if entry.isascii() else len(entry.encode("utf-8"))
        if parts[-1] and (len(parts[-1]) >= max_urls or size + length > max_bytes):
            parts.append([])
            size = 0
        parts[-1].append(entry)
        size += length
    return parts


def write_robots(folder: Path, base_url: str) -> Path:
    """``robots.txt`` allowing everything and naming the sitemap."""
    target = folder / ROBOTS
    target.write_text(
        f"User-agent: *\nAllow: /\n\nSitemap: {base_url.rstrip('/')}/{SITEMAP}\n", encoding="utf-8"
    )
    return target


def page_url(base_url: str, locale: str, default_locale: str, path: str) -> str:
    """The absolute URL of ``path`` in the sub-site of ``locale``."""
    prefix = "" if locale == default_locale else f"{locale}/"
    return f"{base_url.rstrip('/')}/{prefix}{quote(path)}"


def _pages(files: Iterable[str]) -> set[str]:
    return {name for name in files if name.endswith(".html") and name not in NOT_LISTED}
