"""The HTML that WeasyPrint prints: Jinja templates in ``theme/pdf`` filled with plain views.

A brief is laid out from ``section.html`` once per interface locale; a PDF is a
*frame* on which the laid-out briefs are drawn (see ``pdf_section`` and
``pdf_assemble``). A brief's frame (``brief.html``) is one empty host page per
page of the brief, with footers. A digest's (``digest.html``) is its cover and
contents only: its brief pages are not laid out in it, and their footers come from
a *folio sheet* (``folios.html``), laid out apart and kept like a section.

Article text is untrusted. It reaches the HTML only as autoescaped text nodes;
attributes carry only values we make (slugs checked to be ``[a-z0-9-]``, language
codes checked against a pattern, our own URLs). The PDF's title, author, subject
and keywords are set on WeasyPrint's document object instead of ``<meta>``
attributes, so article text never sits in an attribute either.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .model import Brief
from .pdf_fonts import printable
from .pdf_labels import (
    Labels,
    format_figure,
    labels_for,
    language_name,
    long_date,
    period_range,
)
from .pdf_plan import DigestPlan, brief_slug, period_bounds
from .settings import Settings

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
PLACEHOLDER_SPLIT = re.compile(r"(\{page\}|\{pages\})")
CSS_SAFE = re.compile(r"[^\W_]| ")


@dataclass
class PdfPage:
    """One PDF to print: its HTML and the document metadata WeasyPrint should record."""

    html: str
    title: str
    lang: str
    authors: list[str] = field(default_factory=list)
    description: str = ""
    keywords: list[str] = field(default_factory=list)


def css_string(text: str) -> Markup:
    """A CSS string literal that needs no HTML escaping (every symbol hex-escaped)."""
    body = "".join(c if CSS_SAFE.fullmatch(c) else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{body}"')


def css_page_counter(template: str, pages: int | None = None) -> Markup:
    """``Page {page} of {pages}`` as a CSS ``content`` value with page counters; the
    number of pages written out when given (a digest's pages are not all in one layout)."""
    parts = []
    for piece in PLACEHOLDER_SPLIT.split(template):
        if piece == "{page}":
            parts.append("counter(page)")
        elif piece == "{pages}":
            parts.append("counter(pages)" if pages is None else str(css_string(str(pages))))
        elif piece:
            parts.append(str(css_string(piece)))
    return Markup(" ".join(parts) or '""')


@lru_cache(maxsize=4)
def environment(theme: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(theme / "pdf"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["css_string"] = css_string
    env.filters["css_page_counter"] = css_page_counter
    return env


def stylesheet(theme: Path) -> str:
    return (theme / "pdf" / "print.css").read_text(encoding="utf-8")


def template_sources(theme: Path) -> str:
    """Every template's text, for the incremental-build hash."""
    folder = theme / "pdf"
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.html")))


def language_code(code: str) -> str:
    return code if LANGUAGE_CODE.fullmatch(code or "") else "und"


def brief_url(slug: str, site_url: str, prefix: str = "") -> str:
    """The brief's page: under ``site_url``, else relative to the site's root.

    ``prefix`` is ``pl/`` and the like for an interface locale's sub-site. A
    relative URL is made relative to each PDF's folder when it is assembled
    (``link_from``), so one laid-out brief serves PDFs in different folders.
    """
    if site_url:
        return f"{site_url.rstrip('/')}/{prefix}briefs/{slug}.html"
    return f"{prefix}briefs/{slug}.html"


def link_from(depth: int) -> Callable[[str], str]:
    """Rewrites a root-relative link for a PDF ``depth`` folders below the site root."""

    def fix(url: str) -> str:
        return url if urlsplit(url).scheme or url.startswith("/") else "../" * depth + url

    return fix


def site_prefix(locale: str, settings: Settings) -> str:
    """The sub-site of an interface locale: none for the default, ``<locale>/`` otherwise."""
    if locale == settings.default_locale or locale not in settings.locales:
        return ""
    return f"{locale}/"


def brief_anchor(brief: Brief) -> str:
    """The anchor a digest's contents link a brief's first page by (``pdf_assemble``)."""
    return f"b-{brief_slug(brief)}"


def brief_view(brief: Brief, locale: str, site_url: str, prefix: str = "") -> dict[str, Any]:
    """What the templates show of a brief: cleaned text and Babel-formatted values."""
    slug = brief_slug(brief)
    clean = printable
    return {
        "slug": slug,
        "lang": language_code(brief.language),
        "title": clean(brief.title) or slug,
        "date": long_date(brief.date, locale) if brief.date else None,
        "source": clean(brief.source or ""),
        "author": clean(brief.author or ""),
        "language": language_name(language_code(brief.language), locale),
        "summary": clean(brief.summary),
        "key_points": [clean(p) for p in brief.key_points if p.strip()],
        "figures": [(format_figure(f, locale), clean(f.text)) for f in brief.figures],
        "people": [clean(e.name) for e in brief.entities if e.kind == "person"],
        "organisations": [clean(e.name) for e in brief.entities if e.kind != "person"],
        "tags": [clean(t) for t in brief.tags],
        "body": [clean(p) for p in brief.body if p.strip()],
        "url": brief_url(slug, site_url, prefix),
        # A relative address means nothing on paper: it is printed only when absolute.
        "show_url": bool(site_url),
    }


def _translator(labels: Labels, locale: str) -> Callable[..., str]:
    def translate(key: str, count: int | None = None, **values: object) -> str:
        return labels.get(key, locale, count=count, **values)

    return translate


def section_html(brief: Brief, locale: str, settings: Settings, site_url: str = "") -> str:
    """The brief laid out on its own pages for ``locale``: what its PDF and the digests share."""
    view = brief_view(brief, locale, site_url, site_prefix(locale, settings))
    return _render("section.html", settings, locale, b=view)


def brief_frame(brief: Brief, settings: Settings, pages: int) -> PdfPage:
    """The frame of a brief's own PDF: ``pages`` host pages with footer and site name."""
    locale = settings.default_locale
    view = brief_view(brief, locale, "")
    html = _render("brief.html", settings, locale, b=view, count=pages, total=None)
    return PdfPage(
        html=html,
        title=view["title"],
        lang=view["lang"] if view["lang"] != "und" else locale,
        authors=[a for a in (view["author"] or view["source"],) if a],
        description=view["summary"],
        keywords=view["tags"],
    )


def digest_frame(
    plan: DigestPlan,
    briefs: list[Brief],
    settings: Settings,
    pages: list[int],
    generated: dt.date | None,
    front: int,
) -> PdfPage:
    """A digest's cover and contents, taking ``front`` pages, before brief ``i``'s
    ``pages[i]`` pages.

    The contents give each brief's first page as a number: the brief pages are not
    in this layout (see ``folio_sheet``), so CSS cannot count them. ``generated`` is
    left out when hashing, so a digest is not printed again just because a day has
    passed.
    """
    labels = labels_for(settings.theme)
    locale = plan.locale
    period = None
    if plan.period:
        period = period_range(*period_bounds(plan.period), locale)
    starts = list(accumulate(pages, initial=front + 1))[:-1]  # each brief's first page
    views = [
        brief_view(b, locale, "") | {"page": n, "anchor": brief_anchor(b)}
        for b, n in zip(briefs, starts, strict=True)
    ]
    html = _render(
        "digest.html",
        settings,
        locale,
        plan=plan,
        title=printable(plan.title),
        tag=printable(plan.tag or ""),
        briefs=views,
        period=period,
        generated=long_date(generated, locale) if generated else "",
        total=front + sum(pages),
    )
    count = labels.get("briefs_count", locale, count=len(views))
    return PdfPage(
        html=html,
        title=printable(plan.title),
        lang=language_code(locale),
        authors=[str(settings.pelican.get("SITENAME", "Briefpress"))],
        description=" · ".join(p for p in (period, count) if p),
        keywords=sorted({t for v in views for t in v["tags"]}),
    )


def folio_sheet(locale: str, settings: Settings, first: int, count: int, total: int) -> str:
    """The footers of a digest's brief pages ``first`` … ``first + count - 1`` of ``total``:
    empty pages laid out like the host pages they are drawn on (``pdf_assemble``)."""
    return _render("folios.html", settings, locale, first=first, count=count, total=total)


def _render(template: str, settings: Settings, locale: str, **values: Any) -> str:
    """A template of ``theme/pdf`` in ``locale``: its labels as ``t``, the site's name."""
    return (
        environment(settings.theme)
        .get_template(template)
        .render(
            ui=locale,
            t=_translator(labels_for(settings.theme), locale),
            site=settings.pelican.get("SITENAME", "Briefpress"),
            **values,
        )
    )
