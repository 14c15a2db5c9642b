"""Feeds of the site: Atom and JSON Feed 1.1, for all briefs, per article language and per tag.

A Pelican generator (added by ``pipeline.pelican_plugin``). Feed readers need
absolute links, which a development build does not have (``RELATIVE_URLS``), so
the feeds are written against ``ABSOLUTE_SITEURL`` (``SITEURL``, or the local
preview server; see ``pipeline.site.absolute_base``): Atom through Pelican's own
feed writer, JSON Feed here. Each JSON Feed item carries the brief's structured
metadata in the ``_briefpress`` extension object.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup
from pelican.generators import Generator
from pelican.writers import Writer

from .site_pages import SiteEntity
from .site_signature import signature, text_key

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
EXTENSION = "_briefpress"
FORMATS = {"atom": ".atom.xml", "json": ".json"}
# Where each feed goes, unless pelicanconf.py sets BRIEF_FEEDS.
DEFAULT_FEEDS = {
    "all": "feeds/all",
    "language": "feeds/languages/{slug}",
    "tag": "feeds/tags/{slug}",
}

__all__ = ["FeedsGenerator", "feed_path", "json_feed", "json_item"]


def feed_path(settings: dict[str, Any], kind: str, slug: str = "", fmt: str = "atom") -> str:
    """The path (relative to the sub-site) of feed ``kind`` (all|language|tag) in ``fmt``."""
    patterns = settings.get("BRIEF_FEEDS") or DEFAULT_FEEDS
    return patterns[kind].format(slug=slug) + FORMATS[fmt]


class FeedsGenerator(Generator):
    """Writes every feed of one sub-site once the articles are read."""

    def generate_context(self) -> None:
        """Nothing to add: the feeds are made from the articles generator's context."""

    def generate_output(self, writer: Any) -> None:
        """Write each feed, newest ``FEED_MAX_ITEMS`` briefs; a ``KeyedWriter`` skips
        feeds whose briefs did not change."""
        base = str(self.settings.get("ABSOLUTE_SITEURL") or self.settings.get("SITEURL") or "")
        context = {**self.context, "SITEURL": base, "FEED_DOMAIN": base}
        atom = Writer(self.output_path, settings={**self.settings, "RELATIVE_URLS": False})
        claim = getattr(writer, "claim", None)
        language_name = self.env.filters["language_name"]
        site = str(self.settings["SITENAME"])
        locale = str(self.settings.get("INTERFACE_LOCALE") or self.settings["DEFAULT_LANG"])
        items: dict[str, dict[str, Any]] = {}  # a brief is in several feeds: its item is made once

        def item_of(article: Any) -> dict[str, Any]:
            if article.source_path not in items:
                items[article.source_path] = json_item(article, base)
            return items[article.source_path]

        for kind, slug, title, articles in self._feeds():
            shown = articles[: self.settings.get("FEED_MAX_ITEMS")]
            label = language_name(slug) if kind == "language" else title
            made_of = (base, site, label, signature(shown), [text_key(a) for a in shown])
            path = feed_path(self.settings, kind, slug, "atom")
            if claim is None or claim(path, "atom", made_of):
                atom.write_feed(shown, context, path, feed_title=label)
                _wrote(writer, path)
            path = feed_path(self.settings, kind, slug, "json")
            if claim is None or claim(path, "json", made_of):
                feed = json_feed(
                    [item_of(article) for article in shown],
                    title=f"{site} - {label}" if label else site,
                    base=base,
                    feed_url=urljoin(f"{base}/", path),
                    locale=locale,
                )
                _write_json(Path(self.output_path) / path, feed)
                _wrote(writer, path)

    def _feeds(self) -> Iterator[tuple[str, str, str, list[Any]]]:
        """(kind, slug, title, articles) of every feed, articles newest first."""
        articles = list(self.context.get("articles", []))
        yield "all", "", "", articles
        languages: dict[str, list[Any]] = {}
        tags: dict[str, tuple[str, list[Any]]] = {}
        for article in articles:
            languages.setdefault(article.brief_language, []).append(article)
            for tag in getattr(article, "tags", []):
                tags.setdefault(tag.slug, (str(tag), []))[1].append(article)
        for code, listed in sorted(languages.items()):
            yield "language", code, code, listed
        for slug, (name, listed) in sorted(tags.items()):
            yield "tag", slug, name, listed


def json_feed(
    items: list[dict[str, Any]], *, title: str, base: str, feed_url: str, locale: str
) -> dict[str, Any]:
    """A JSON Feed 1.1 document of ``items`` (see ``json_item``)."""
    return {
        "version": JSON_FEED_VERSION,
        "title": title,
        "home_page_url": f"{base}/",
        "feed_url": feed_url,
        "language": locale,
        "items": items,
    }


def json_item(article: Any, base: str) -> dict[str, Any]:
    """One brief as a JSON Feed item, its structured metadata under ``_briefpress``."""
    url = _absolute(base, article.url)
    authors = [str(author) for author in getattr(article, "authors", [])]
    tags = [str(tag) for tag in getattr(article, "tags", [])]
    date = article.date.date().isoformat() if article.date_known else None
    item: dict[str, Any] = {
        "id": url,
        "url": url,
        "title": _plain(article.title),
        "summary": _plain(getattr(article, "summary", "")),
        "content_html": str(article.content),
        "date_published": article.date.isoformat() if article.date_known else None,
        "authors": [{"name": name} for name in authors],
        "tags": tags,
        "language": article.brief_language if article.brief_language != "und" else None,
    }
    item = {key: value for key, value in item.items() if value}
    item[EXTENSION] = {
        "language": article.brief_language,
        "date": date,
        "date_basis": str(getattr(article, "date_basis", "none")),
        "source": article.source or None,
        "author": authors[0] if authors else None,
        "tags": tags,
        "entities": [_entity_item(entity, base) for entity in article.entities],
        "figures": [figure.to_dict() for figure in article.figures],
        "key_points": list(article.key_points),
    }
    return item


def _entity_item(entity: SiteEntity, base: str) -> dict[str, Any]:
    """An entity of a feed item: its fields, its page's URL made absolute. A field by
    field copy, as ``dataclasses.asdict`` deep-copies, and a brief is in many feeds."""
    item = {field.name: getattr(entity, field.name) for field in dataclasses.fields(entity)}
    item["aliases"] = list(entity.aliases)
    item["url"] = _absolute(base, entity.url)
    return item


@lru_cache(maxsize=4096)
def _absolute(base: str, url: str) -> str:
    """``url`` (relative to the site) under ``base``; a person's page is in many items."""
    return urljoin(f"{base}/", url)


def _plain(html_text: object) -> str:
    """Text of an HTML fragment (titles and summaries are escaped HTML)."""
    return Markup(str(html_text)).striptags()


def _wrote(writer: Any, path: str) -> None:
    """Tell a ``KeyedWriter`` of a feed written (it lists what each build rendered)."""
    rendered = getattr(writer, "rendered", None)
    if rendered is not None:
        rendered.append(path)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Not indented: Python encodes indented JSON in Python, ten times slower than compact.
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
