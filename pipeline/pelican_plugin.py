"""Pelican plugin: brief metadata as objects, Babel filters, gettext, and the extra pages.

Pelican reads each brief's one-line JSON metadata as plain strings; this plugin
turns them into objects on the article, links articles that tell the same story,
installs the interface locale's translations and Babel filters in every Jinja
environment, and adds the generators of the entity, language, source and
download pages (``pipeline.site_pages``) and of the feeds (``pipeline.site_feeds``).

Settings it reads, set per sub-site by ``pipeline.site``: ``INTERFACE_LOCALE``,
``INTERFACE_LOCALES``, ``SITE_ROOT_URL``, ``SITE_SUBDIR``, ``ABSOLUTE_SITEURL``,
``BRIEFPRESS_DIGESTS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import logging
from collections.abc import Callable
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from jinja2 import FileSystemBytecodeCache, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from markupsafe import escape as html_escape
from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, Generator
from pelican.utils import order_content

from .briefs import GENERATED_KEY, read_brief, unescape_markdown
from .model import Figure
from .pdf_plan import SAFE_SLUG, brief_slug
from .search import BUNDLE_DIR, bundle_dir, filter_value
from .site_cards import Cards, card_key
from .site_feeds import FeedsGenerator, feed_path
from .site_format import (
    autonym,
    clean_language,
    format_date,
    format_date_span,
    format_figure,
    format_month,
    format_number,
    format_period,
    iso_date,
    language_name,
    og_locale,
    shorten,
    text_direction,
    text_lang,
)
from .site_i18n import load_translations
from .site_keys import recorded_helpers
from .site_pages import (
    SitePagesGenerator,
    digest_helpers,
    entity_from_dict,
    page_url_for,
    source_slug,
)

logger = logging.getLogger(__name__)


def N_(message: str) -> str:
    """Mark a string for the catalogs without translating it here."""
    return message


# Stands for the page's base URL in a cached card; no brief text can contain it (NUL).
CARD_SITEURL = "\x00siteurl\x00"

# Every list of ``ArticlesGenerator.generate_context`` an article read from a file ends in.
ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)

# Settings the theme shows through gettext; their default values need catalog entries.
SETTING_MESSAGES = (N_("Multilingual news briefs"),)


def register() -> None:
    signals.content_object_init.connect(parse_brief_metadata)
    signals.article_generator_pretaxonomy.connect(order_briefs)
    signals.article_generator_pretaxonomy.connect(adopt_articles)
    signals.article_generator_finalized.connect(link_articles)
    signals.generator_init.connect(install_jinja)
    signals.get_generators.connect(extra_generators)


def extra_generators(pelican: object) -> tuple[type[Generator], ...]:
    return SitePagesGenerator, FeedsGenerator


def parse_brief_metadata(content: object) -> None:
    """Give an article typed attributes from its JSON metadata; bad values become empty.

    The title is Markdown-escaped text in the brief; it becomes escaped HTML
    (``Markup``) so templates and feeds show exactly the headline as written.
    A brief without a byline has no author (no page for the site's name).
    What is wrong with the metadata goes to ``read_warnings``, logged by ``adopt_articles``
    in every build, as Pelican's content cache keeps articles read by an earlier one.
    """
    if not isinstance(content, Article):
        return
    settings = content.settings
    name = content.source_path
    content.read_warnings = []
    content.title = Markup(html.escape(unescape_markdown(str(content.title))))
    if "author" not in content.metadata and "authors" not in content.metadata:
        content.authors = []  # not the site's AUTHOR, which Pelican would put in
    for wrapper in [*getattr(content, "tags", []), *getattr(content, "authors", [])]:
        if not wrapper.slug:  # a name without Latin transliteration: no "tags/.html"
            wrapper.slug = source_slug(str(wrapper))
    content.brief_language = clean_language(getattr(content, "brief_language", "und"))
    content.text_dir = text_direction(content.brief_language)
    content.language_url = page_url_for(settings, "LANGUAGE", content.brief_language)
    content.key_points = [str(p) for p in _json_list(content, "key_points") if str(p).strip()]
    content.warnings = [str(w) for w in _json_list(content, "warnings")]
    content.same_story_files = [str(f) for f in _json_list(content, "same_story")]
    content.same_story = []
    content.figures = _parse_items(content, "figures", Figure.from_dict)
    content.headline_figure = headline_figure(content.figures)
    entities = _parse_items(content, "entities", partial(entity_from_dict, settings=settings))
    content.entities = entities
    content.people = [e for e in entities if e.kind == "person"]
    content.organisations = [e for e in entities if e.kind != "person"]
    content.source = str(getattr(content, "source", "") or "").strip()
    content.source_url = (
        page_url_for(settings, "SOURCE", source_slug(content.source)) if content.source else ""
    )
    content.source_file = str(getattr(content, "source_file", "") or "")
    content.date_known = _date_known(content)
    content.content_key, content.header_key = _file_keys(name, "summary" in content.metadata)
    content.slug = _safe_slug(content, name)
    # Pelican formats a brief's address from its settings on every use (tens of thousands
    # per build); it is fixed once the brief is read, so it is formatted once.
    content.override_url, content.override_save_as = content.url, content.save_as


def order_briefs(generator: ArticlesGenerator) -> None:
    """Put the briefs in ``ARTICLE_ORDER_BY`` order (newest first), those that tie (of one
    day) by slug. Every list of the site follows this order; Pelican leaves ties in the
    order its translations step happens to leave them, and a tie that changed order between
    two builds would move briefs between pages and render them again (``STABLE_PAGES``)."""
    generator.articles.sort(key=attrgetter("slug"))
    order_content(generator.articles, generator.settings["ARTICLE_ORDER_BY"])


def adopt_articles(generator: ArticlesGenerator) -> None:
    """Attach every article to this build's context and log what is wrong with its metadata.

    Pelican's content cache (``CONTENT_CACHING_LAYER = "generator"``) hands back the
    articles an earlier build read, still pointing at that build's context, which
    Pelican reads for the site URL of the locale being written and for internal links.
    """
    for name in ARTICLE_LISTS:
        for article in getattr(generator, name, []):
            article._context = generator.context
            for message in getattr(article, "read_warnings", ()):
                logger.warning("%s", message)


def _safe_slug(content: Article, path: str) -> str:
    """The brief's ``Slug`` when it is path-safe, else the slug its PDF gets (``brief_slug``):
    a hand edit may leave none, or one such as ``../../x`` that Pelican would skip."""
    given = str(content.metadata.get("slug") or "")
    if SAFE_SLUG.fullmatch(given):
        return given
    try:
        safe = brief_slug(read_brief(Path(path)))
    except (OSError, ValueError, KeyError, TypeError):
        safe = "brief-" + hashlib.sha1(path.encode("utf-8")).hexdigest()[:10]
    if given:
        content.read_warnings.append(
            f"{path}: Slug {given!r} is not a safe file name; the brief is at {safe}"
        )
    return safe


def _file_keys(path: str, has_summary: bool) -> tuple[str, str]:
    """What a page key knows of the brief (see ``site_keys``): the hash of its whole file,
    and the hash of its metadata alone, which is all a list of briefs shows of it.

    The ``Generated`` line is left out of the latter, as it changes with the text. Without
    a summary line Pelican makes the summary from the text, so both are the whole file's.
    """
    try:
        data = Path(path).read_bytes()
    except OSError:
        return path, path
    whole = hashlib.blake2b(data, digest_size=16).hexdigest()
    if not has_summary:
        return whole, whole
    header = data.replace(b"\r\n", b"\n").split(b"\n\n", 1)[0]
    lines = [
        line for line in header.split(b"\n") if not line.startswith(f"{GENERATED_KEY}:".encode())
    ]
    return whole, hashlib.blake2b(b"\n".join(lines), digest_size=16).hexdigest()


def _json_list(content: Article, key: str) -> list[Any]:
    raw = getattr(content, key, None)
    if isinstance(raw, list):
        return raw
    try:
        value = json.loads(raw) if raw else []
    except (TypeError, json.JSONDecodeError):
        content.read_warnings.append(
            f"{content.source_path}: metadata {key} is not valid JSON; ignored"
        )
        return []
    return value if isinstance(value, list) else []


def _parse_items(content: Article, key: str, parse: Callable[[Any], Any]) -> list[Any]:
    parsed = []
    for item in _json_list(content, key):
        try:
            parsed.append(parse(item))
        except (KeyError, TypeError, ValueError, AttributeError):
            content.read_warnings.append(
                f"{content.source_path}: ignored a malformed metadata entry {item!r}"
            )
    return parsed


def headline_figure(figures: list[Figure]) -> Figure | None:
    """The figure a list shows for a brief: the first amount of money, else the first
    percentage, else the first duration (a sentence length is rarely the story)."""
    for kind in ("money", "percent", "duration"):
        for figure in figures:
            if figure.kind == kind:
                return figure
    return None


def _date_known(content: Article) -> bool:
    """Briefs without a date carry Pelican's DEFAULT_DATE and ``Date_basis: none``."""
    if getattr(content, "date_basis", "none") != "none":
        return True
    default, date = content.settings.get("DEFAULT_DATE"), getattr(content, "date", None)
    if date is None or not isinstance(default, tuple | list):
        return False
    return date.date() != dt.date(*default[:3])


def link_articles(generator: ArticlesGenerator) -> None:
    """Resolve ``same_story`` file names to articles; keep undated briefs out of month archives."""
    articles = [*generator.articles, *generator.hidden_articles]
    by_file = {a.source_file: a for a in articles if a.source_file}
    for article in articles:
        article.same_story = [
            by_file[f]
            for f in article.same_story_files
            if f in by_file and by_file[f] is not article
        ]
    for granularity, archives in generator.period_archives.items():
        kept = []
        for archive in archives:
            archive["dates"] = [a for a in archive["dates"] if a.date_known]
            archive["articles"] = [a for a in archive["articles"] if a.date_known]
            if archive["dates"]:
                kept.append(archive)
        generator.period_archives[granularity] = kept
    generator.context["period_archives"] = generator.period_archives


def install_jinja(generator: Generator) -> None:
    """gettext of the interface locale, Babel filters and URL helpers, in every environment."""
    settings = generator.settings
    locale = settings.get("INTERFACE_LOCALE") or settings["DEFAULT_LANG"]
    translations = load_translations(Path(settings["THEME"]), locale)
    env = generator.env
    if env.bytecode_cache is None and settings.get("CACHE_PATH"):
        env.bytecode_cache = template_cache(Path(settings["CACHE_PATH"]))
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations, newstyle=True)
    env.globals["gettext"] = cached_gettext(translations.gettext)
    unknown = translations.gettext("unknown language")
    env.filters.update(
        format_date=partial(format_date, locale=locale),
        date_span=partial(format_date_span, locale=locale),
        iso_date=iso_date,
        format_month=lambda period: format_month(period[0], period[1], locale=locale),
        format_period=partial(format_period, locale=locale),
        format_number=partial(format_number, locale=locale),
        format_figure=partial(format_figure, locale=locale, gettext=translations.gettext),
        language_name=partial(language_name, locale=locale, unknown=unknown),
        autonym=autonym,
        text_direction=text_direction,
        text_lang=text_lang,
        og_locale=og_locale,
        shorten=shorten,
        pagefind_filter_value=filter_value,
    )
    env.globals.update(
        root_url=root_url,
        locale_url=locale_url,
        page_url=page_url,
        feed_path=partial(feed_path, settings),
        search_bundle=BUNDLE_DIR,
        search_shards=[bundle_dir(k) for k in range(1, int(settings.get("SEARCH_SHARDS") or 1))],
        interface_locales=list(settings.get("INTERFACE_LOCALES") or [locale]),
        interface_locale=locale,
        **card_globals(),
        **recorded_helpers(digest_helpers(settings.get("BRIEFPRESS_DIGESTS") or [], locale)),
    )


def template_cache(folder: Path) -> FileSystemBytecodeCache:
    """Compiled templates, kept in the site cache folder (named after the settings and
    code): every render process would otherwise compile the theme again."""
    path = folder / "templates"
    path.mkdir(parents=True, exist_ok=True)
    return FileSystemBytecodeCache(str(path))


def cached_gettext(translate: Callable[[str], str]) -> Callable[..., str]:
    """Jinja's "new style" ``gettext`` (the result is a format string, escaped under
    autoescape), with each message looked up and formatted once: every page shows the
    same few dozen interface strings."""
    done: dict[tuple[str, bool], str] = {}

    @pass_context
    def gettext(ctx: Context, message: str, **variables: Any) -> str:
        autoescape = bool(ctx.eval_ctx.autoescape)
        if variables:
            text = translate(message)
            return (Markup(text) if autoescape else text) % variables
        key = (message, autoescape)
        if key not in done:
            text = translate(message)
            done[key] = (Markup(text) if autoescape else text) % {}
        return done[key]

    return gettext


def card_globals(kept: Cards | None = None) -> dict[str, Callable[..., Markup]]:
    """The globals that render a brief's fragment of ``macros.html`` once per locale: its
    ``card`` in lists (``brief_card_html``, by heading) and its ``line`` in the archive
    (``brief_line_html``). A build passes the fragments earlier builds rendered (``kept``,
    see ``site_cards``)."""
    return {
        "card": _fragment_cache("brief_card_html", kept),
        "line": _fragment_cache("brief_line_html", kept),
    }


def _fragment_cache(macro: str, kept: Cards | None) -> Callable[..., Markup]:
    """A global that renders ``macro`` for a brief once per arguments.

    A brief is listed on many pages (latest, tags, months, entities, language, source);
    its fragment differs between them only by the relative base URL, so it is rendered
    once with a placeholder for that URL and reused. A new cache comes with each
    locale's environment. Fragments are filed by the hash of the brief's metadata, in
    ``kept`` when given (the others only for this environment).
    """
    local = Cards()
    modules: list[Any] = []

    def render(ctx: Context, article: Article, args: tuple[str, ...]) -> str:
        if not modules:
            macros = ctx.environment.get_template("macros.html")
            modules.append(macros.make_module({"SITEURL": CARD_SITEURL}))
        return str(getattr(modules[0], macro)(article, *args))

    @pass_context
    def fragment(ctx: Context, article: Article, *args: str) -> Markup:
        header_key = getattr(article, "header_key", None)
        store = kept if kept is not None and header_key else local
        key = card_key(header_key or f"id{id(article)}", macro, *args)
        html = store.get(key)
        if html is None:
            html = render(ctx, article, args)
            store.put(key, html)
        return Markup(html.replace(CARD_SITEURL, html_escape(str(ctx.get("SITEURL", "")))))

    return fragment


@pass_context
def root_url(ctx: Context) -> str:
    """The URL of the output root (where ``pdf/`` and the default locale live)."""
    if ctx.get("RELATIVE_URLS"):
        base = ctx.get("SITEURL") or "."
        return f"{base}/.." if ctx.get("SITE_SUBDIR") else base
    return str(ctx.get("SITE_ROOT_URL", ""))


@pass_context
def locale_url(ctx: Context, code: str) -> str:
    """The page being rendered, in the sub-site of interface locale ``code``."""
    locales = ctx.get("INTERFACE_LOCALES") or [code]
    prefix = "" if code == locales[0] else f"/{code}"
    return f"{root_url(ctx)}{prefix}/{ctx.get('output_file', 'index.html')}"


@pass_context
def page_url(ctx: Context) -> str:
    """The URL of the page being rendered, for ``rel=canonical`` and ``og:url``."""
    return f"{ctx.get('SITEURL', '')}/{ctx.get('output_file', 'index.html')}"
