"""HTML articles: the main text through trafilatura, the metadata from the page's own tags.

trafilatura only ever receives the already-parsed page, never a URL, so nothing
is fetched. Before it runs, the site's chrome (nav, header, footer, asides, forms)
and the small containers whose class or id says what they are (cookie notices,
share bars, language switchers, breadcrumbs, related links) are dropped, so a
page whose layout fools its boilerplate detection still yields clean text. A page
too short for trafilatura falls back to its headings and paragraphs. Metadata
comes from what the page states: ``<h1>``, ``og:*`` and ``article:*`` meta tags,
JSON-LD, ``<html lang>``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import html as lxml_html
from lxml.etree import ParserError

from .errors import ArticleRejected
from .text.dates import parse_date
from .text.language import normalise_hint

WIDGET_MAX_CHARS = 300  # a container with more text than this is not a widget
# Containers only: a <span class="lang-ja"> inside a sentence is text, not a menu.
_WIDGET_TAGS = {"div", "section", "ul", "ol", "li", "p", "dl", "select", "details", "dialog"}
_WIDGET = re.compile(
    r"^(?:cookies?|consent|gdpr|share|sharing|social|socials|lang|langs|language|languages|"
    r"breadcrumbs?|related|newsletter|subscribe|paywall|promo|advert|ads?)(?:[-_]\w+)*$",
    re.IGNORECASE,
)
_CHROME = (
    "//nav | //footer | //aside | //form | //button | //iframe | //svg | //noscript"
    " | //header[not(ancestor::article)]"
)
_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre")
_ASCII_SPACE = re.compile(r"[ \t\r\n\f]+")
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ", " / ")
_META_KEY_ATTRIBUTES = ("property", "name", "itemprop", "http-equiv")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_ARTICLE_TYPES = ("Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "WebPage")
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
)


def read_html(text: str, name: str) -> tuple[str, dict[str, str]]:
    """(main text one paragraph per line, hints) for one HTML page."""
    try:
        tree = lxml_html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (ParserError, ValueError) as error:
        raise ArticleRejected(name, f"unparsable HTML: {error}", "error") from None
    hints = page_hints(tree)
    _drop_chrome(tree)
    return _exact_title_line(_main_text(tree), hints.get("title")), hints


def _main_text(tree: lxml_html.HtmlElement) -> str:
    """trafilatura's main text; a page too short for it falls back to its blocks."""
    import trafilatura

    text = trafilatura.extract(
        tree,
        fast=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
        with_metadata=False,
    )
    return text or _plain_blocks(tree)


def _plain_blocks(tree: lxml_html.HtmlElement) -> str:
    """Headings, paragraphs and list items of the article, or else of the page."""
    container = (tree.xpath("//article | //main") or tree.xpath("//body") or [tree])[0]
    lines = []
    for element in container.iter(*_BLOCKS):
        if not any(ancestor.tag in _BLOCKS for ancestor in element.iterancestors()):
            line = _clean(element.text_content())
            if line:
                lines.append(line)
    return "\n".join(lines)


def _exact_title_line(body: str, title: str | None) -> str:
    """trafilatura collapses spaces (U+3000 too); put the ``<h1>`` back as written."""
    first, _, rest = body.partition("\n")
    if title and first.split() == title.split() and first != title:
        return f"{title}\n{rest}" if rest else title
    return body


def _drop_chrome(tree: lxml_html.HtmlElement) -> None:
    """Remove the site's chrome and the small widgets inside the article."""
    doomed = tree.xpath(_CHROME) + [
        element
        for element in tree.iter()
        if element.tag in _WIDGET_TAGS
        and any(_WIDGET.match(token) for token in _class_tokens(element))
        and len(element.text_content()) <= WIDGET_MAX_CHARS
    ]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _class_tokens(element: lxml_html.HtmlElement) -> list[str]:
    return [*element.get("class", "").split(), *element.get("id", "").split()]


def page_hints(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """Title, author, date (ISO when readable), source and language the page states."""
    meta = _meta_tags(tree)
    ld = _json_ld_article(tree)
    source = meta.get("og:site_name") or _name_of(ld.get("publisher")) or meta.get("publisher")
    found = {
        "title": _title(tree, meta, source),
        "author": _author(tree, meta, ld),
        "date": _date(tree, meta, ld),
        "source": source,
        "language": normalise_hint(tree.get("lang") or tree.get("xml:lang"))
        or normalise_hint(meta.get("content-language") or meta.get("og:locale"))
        or normalise_hint(_text(ld.get("inLanguage"))),
    }
    return {key: value for key, value in found.items() if value}


def _clean(value: str | None) -> str:
    return _ASCII_SPACE.sub(" ", value or "").strip()


def _meta_tags(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """``<meta>`` contents by lower-cased name/property/itemprop/http-equiv; first one wins."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = next((element.get(a) for a in _META_KEY_ATTRIBUTES if element.get(a)), None)
        content = _clean(element.get("content"))
        if key and content:
            found.setdefault(key.strip().lower(), content)
    return found


def _json_ld_article(tree: lxml_html.HtmlElement) -> dict[str, Any]:
    """The first JSON-LD object that describes an article (or has a publication date)."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for item in _json_ld_items(data):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if "datePublished" in item or any(k in _ARTICLE_TYPES for k in kinds):
                return item
    return {}


def _json_ld_items(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _json_ld_items(item)
    elif isinstance(data, dict):
        yield data
        yield from _json_ld_items(data.get("@graph", []))


def _text(value: Any) -> str:
    return _clean(value) if isinstance(value, str) else ""


def _name_of(value: Any) -> str:
    """The name(s) of a JSON-LD person/organisation, a list of them, or a plain string."""
    if isinstance(value, list):
        return ", ".join(filter(None, (_name_of(v) for v in value)))
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _title(tree: lxml_html.HtmlElement, meta: dict[str, str], source: str | None) -> str:
    """``<h1>`` as written (inside the article first), else og:title or ``<title>``."""
    for path in ("//article//h1", "//main//h1", "//h1"):
        for heading in tree.xpath(path):
            title = _clean(heading.text_content())
            if title:
                return title
    title = meta.get("og:title") or _clean(tree.findtext(".//title"))
    for separator in _TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and source and tail.strip().casefold() == source.casefold():
            return head.strip()
    return title


def _author(tree: lxml_html.HtmlElement, meta: dict[str, str], ld: dict[str, Any]) -> str:
    """``<meta name="author">``, else JSON-LD ``author``, else a ``rel``/``itemprop`` author."""
    author = meta.get("author") or meta.get("article:author")
    if author and not author.startswith(("http://", "https://")):
        return author
    author = _name_of(ld.get("author"))
    if author:
        return author
    for element in tree.xpath("//*[@rel='author' or @itemprop='author']"):
        name = _clean(element.text_content())
        if name:
            return name
    return ""


def _date(tree: lxml_html.HtmlElement, meta: dict[str, str], ld: dict[str, Any]) -> str:
    """The published (never the modified) date, ISO when readable, else as written."""
    raw = next((meta[key] for key in _DATE_META if meta.get(key)), "") or _text(
        ld.get("datePublished")
    )
    if not raw:
        times = tree.xpath("//article//time[@datetime] | //time[@pubdate][@datetime]")
        raw = _clean(times[0].get("datetime")) if times else ""
    parsed = parse_date(raw) if raw else None
    return parsed.isoformat() if parsed else raw
