"""The site's extra pages: people and organisations, article languages, sources, downloads.

``SitePagesGenerator`` is a Pelican generator (added by ``pipeline.pelican_plugin``):
it groups the published briefs by entity, language and source after the
articles generator has read them, and writes one page per group plus an index
of each, paginated with Pelican's own writer and ``PAGINATED_TEMPLATES``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from pelican.generators import Generator
from slugify import slugify

from .briefs import entity_slug
from .site_format import period_dates, period_months

# Where each page goes, unless pelicanconf.py sets <KIND>_SAVE_AS.
SAVE_AS_DEFAULTS = {
    "ENTITY": "entities/{slug}.html",
    "ENTITIES": "entities.html",
    "LANGUAGE": "languages/{slug}.html",
    "LANGUAGES": "languages.html",
    "SOURCE": "sources/{slug}.html",
    "SOURCES": "sources.html",
    "DOWNLOADS": "downloads.html",
}
SAFE_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DIGEST_KINDS = ("latest", "period", "topic")


def page_url_for(settings: dict[str, Any], kind: str, slug: str = "") -> str:
    """The path (relative to the sub-site) of a page of ``kind`` (``ENTITY``, ``SOURCES``...)."""
    pattern = settings.get(f"{kind}_SAVE_AS") or SAVE_AS_DEFAULTS[kind]
    return pattern.format(slug=slug)


@dataclass
class SiteEntity:
    """A person or organisation as the site shows it, with the URL of its page."""

    name: str
    kind: str
    slug: str
    url: str
    aliases: list[str] = field(default_factory=list)
    known: bool = True


def entity_from_dict(data: dict[str, Any], settings: dict[str, Any]) -> SiteEntity:
    """One entry of a brief's ``Entities`` metadata; an unsafe (hand-edited) slug is re-made."""
    name = str(data["name"]).strip()
    if not name:
        raise ValueError("entity without a name")
    slug = str(data.get("slug") or "")
    if not SAFE_SLUG.match(slug):
        slug = entity_slug(name)
    return SiteEntity(
        name=name,
        kind="person" if data.get("kind") == "person" else "organisation",
        slug=slug,
        url=page_url_for(settings, "ENTITY", slug),
        aliases=[str(a) for a in data.get("aliases") or [] if str(a) != name],
        known=bool(data.get("known", True)),
    )


def source_slug(name: str) -> str:
    """An ASCII slug for an outlet name, a hash when the name has no Latin transliteration."""
    return slugify(name) or hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


@dataclass
class Group:
    """Briefs sharing one entity, language or source: one page of the site.

    ``aliases`` maps each form of an entity's name found in the briefs to the
    language of the first brief it was found in (for its ``lang`` attribute).
    """

    key: str
    name: str
    url: str
    articles: list[Any] = field(default_factory=list)
    entity: SiteEntity | None = None
    aliases: dict[str, str] = field(default_factory=dict)


def group_articles(
    articles: Iterable[Any],
    keys: Callable[[Any], Iterable[tuple[str, str, SiteEntity | None]]],
    settings: dict[str, Any],
    kind: str,
) -> list[Group]:
    """Group ``articles`` by ``keys(article)`` → (slug, name, entity), keeping their order."""
    groups: dict[str, Group] = {}
    for article in articles:
        for slug, name, entity in keys(article):
            group = groups.get(slug)
            if group is None:
                url = page_url_for(settings, kind, slug)
                group = groups[slug] = Group(slug, name, url, entity=entity)
            for alias in entity.aliases if entity is not None else []:
                group.aliases.setdefault(alias, getattr(article, "brief_language", "und"))
            if not group.articles or group.articles[-1] is not article:
                group.articles.append(article)
    return sorted(groups.values(), key=lambda g: (g.name.casefold(), g.key))


def _entity_keys(article: Any) -> list[tuple[str, str, SiteEntity | None]]:
    return [(e.slug, e.name, e) for e in getattr(article, "entities", [])]


def _language_keys(article: Any) -> list[tuple[str, str, SiteEntity | None]]:
    code = getattr(article, "brief_language", "und")
    return [(code, code, None)]


def _source_keys(article: Any) -> list[tuple[str, str, SiteEntity | None]]:
    source = getattr(article, "source", "")
    return [(source_slug(source), source, None)] if source else []


class SitePagesGenerator(Generator):
    """Writes entities/, languages/, sources/ (each with an index page) and downloads.html."""

    def generate_context(self) -> None:
        articles = self.context.get("articles", [])
        self.entities = group_articles(articles, _entity_keys, self.settings, "ENTITY")
        self.languages = group_articles(articles, _language_keys, self.settings, "LANGUAGE")
        self.sources = group_articles(articles, _source_keys, self.settings, "SOURCE")
        self.context.update(
            ENTITIES_URL=page_url_for(self.settings, "ENTITIES"),
            LANGUAGES_URL=page_url_for(self.settings, "LANGUAGES"),
            SOURCES_URL=page_url_for(self.settings, "SOURCES"),
            DOWNLOADS_URL=page_url_for(self.settings, "DOWNLOADS"),
        )

    def generate_output(self, writer: Any) -> None:
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        sections = (
            ("entity", "ENTITIES", self.entities),
            ("language", "LANGUAGES", self.languages),
            ("source", "SOURCES", self.sources),
        )
        for template, index_kind, groups in sections:
            index = page_url_for(self.settings, index_kind)
            write(
                index,
                self.get_template(f"{template}_index"),
                self.context,
                paginated={"groups": groups},
                template_name=f"{template}_index",
                url=index,
                groups=groups,
            )
            for group in groups:
                write(
                    group.url,
                    self.get_template(template),
                    self.context,
                    paginated={"articles": group.articles},
                    template_name=template,
                    url=group.url,
                    group=group,
                    articles=group.articles,
                )
        downloads = page_url_for(self.settings, "DOWNLOADS")
        write(downloads, self.get_template("downloads"), self.context, url=downloads)


def digest_helpers(digests: list[dict[str, Any]], locale: str) -> dict[str, Any]:
    """Jinja globals for the digest links: by kind, those in the interface locale first,
    and the newest first (the period ending last; of two ending together, the shorter)."""
    ordered = sorted(digests, key=_newest_first, reverse=True)
    ordered.sort(key=lambda d: (DIGEST_KINDS.index(d["kind"]), d["locale"] != locale))

    def latest_digest() -> dict[str, Any] | None:
        return next((d for d in ordered if d["kind"] == "latest"), None)

    # Every month's period digests, found once: an archive of years has hundreds of weekly
    # digests, and a build asks for each month's in every locale.
    by_month: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for digest in ordered:
        if digest["kind"] == "period":
            for month in sorted(period_months(str(digest.get("period") or ""))):
                by_month.setdefault(month, []).append(digest)

    def digests_for_month(year: int, month: int) -> list[dict[str, Any]]:
        return list(by_month.get((year, month), []))

    def digests_for_tag(tag: object) -> list[dict[str, Any]]:
        name = str(tag).casefold()
        return [
            d
            for d in ordered
            if d["kind"] == "topic" and str(d.get("tag") or "").casefold() == name
        ]

    return {
        "digests": ordered,
        "latest_digest": latest_digest,
        "digests_for_month": digests_for_month,
        "digests_for_tag": digests_for_tag,
    }


def _newest_first(digest: dict[str, Any]) -> tuple[dt.date, dt.date]:
    """A digest's sort key: its period's last and first day (the earliest date when it has
    no period)."""
    dates = period_dates(str(digest.get("period") or ""))
    if dates is None:
        return dt.date.min, dt.date.min
    start, end = dates
    return end, start
