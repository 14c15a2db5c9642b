"""sitemap.xml and robots.txt for the whole site, every interface locale in one sitemap.

Written once after all sub-sites are built. Every page is listed in each locale
that has it, with ``hreflang`` alternates for all of them and ``x-default`` for
the default locale, as search engines expect. Sitemap URLs must be absolute:
``base_url`` is the site's ``SITEURL``, or the local preview address in a
development build.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
# Pages that are not content: the error page and the search page (empty without a query).
NOT_LISTED = frozenset({"404.html", "search.html"})

__all__ = ["ROBOTS", "SITEMAP", "write_robots", "write_sitemap"]


def write_sitemap(pages: dict[str, Iterable[str]], folder: Path, base_url: str) -> Path:
    """Write ``sitemap.xml`` into ``folder`` (where the default locale's site goes).

    ``pages`` maps each locale, default first, to the files of its sub-site.
    """
    locales = list(pages)
    listed = {locale: _pages(files) for locale, files in pages.items()}
    paths = sorted(set().union(*listed.values()))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for path in paths:
        present = [locale for locale in locales if path in listed[locale]]
        urls = {locale: page_url(base_url, locale, locales[0], path) for locale in present}
        alternates = [(locale, urls[locale]) for locale in present]
        if locales[0] in urls:
            alternates.append(("x-default", urls[locales[0]]))
        links = [
            f'<xhtml:link rel="alternate" hreflang={quoteattr(code)} href={quoteattr(url)}/>'
            for code, url in alternates
        ]
        for locale in present:
            lines.append(f"<url><loc>{escape(urls[locale])}</loc>")
            lines += links
            lines.append("</url>")
    lines.append("</urlset>")
    target = folder / SITEMAP
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


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
