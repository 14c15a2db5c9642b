"""Pelican and Briefpress settings for a development build.

Pelican reads the upper-case names it knows; Briefpress reads the ``BRIEFPRESS_``
ones through ``pipeline.settings``. Every setting has its default here, with a
comment saying what it does; ``publishconf.py`` overrides only what differs when
publishing.
"""

AUTHOR = "Briefpress"
SITENAME = "Briefpress"
SITESUBTITLE = "Multilingual news briefs"
# Empty for a development build so links are relative and the site works from disk.
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
# Pelican reads only the generated briefs, never the raw articles beside them.
ARTICLE_PATHS = ["briefs"]
PAGE_PATHS = []
STATIC_PATHS = []
ARTICLE_EXCLUDES = []
OUTPUT_PATH = "output"
THEME = "theme"
TIMEZONE = "UTC"
# The default interface locale; each entry of BRIEFPRESS_LOCALES gets its own sub-site.
DEFAULT_LANG = "en"
# Undated briefs sort last and show "date unknown"; Pelican needs some date.
DEFAULT_DATE = (1970, 1, 1)
DEFAULT_PAGINATION = 12
SUMMARY_MAX_LENGTH = 40

ARTICLE_URL = "briefs/{slug}.html"
ARTICLE_SAVE_AS = "briefs/{slug}.html"
TAG_URL = "tags/{slug}.html"
TAG_SAVE_AS = "tags/{slug}.html"
AUTHOR_URL = "authors/{slug}.html"
AUTHOR_SAVE_AS = "authors/{slug}.html"
# Every brief is in the one category "briefs", whose pages would repeat the home page's
# list: no category pages are written.
CATEGORY_URL = ""
CATEGORY_SAVE_AS = ""
ARCHIVES_SAVE_AS = "archives.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = "archives/{date:%Y}/{date:%m}/index.html"
# URLs name the file, so the site also works opened from disk.
MONTH_ARCHIVE_URL = "archives/{date:%Y}/{date:%m}/index.html"
# The extra pages of pipeline.site_pages; {slug} is the entity, language code or source slug.
ENTITY_SAVE_AS = "entities/{slug}.html"
ENTITIES_SAVE_AS = "entities.html"
LANGUAGE_SAVE_AS = "languages/{slug}.html"
LANGUAGES_SAVE_AS = "languages.html"
SOURCE_SAVE_AS = "sources/{slug}.html"
SOURCES_SAVE_AS = "sources.html"
DOWNLOADS_SAVE_AS = "downloads.html"
# Pages rendered once each from the theme; "search" is the no-JavaScript search page.
DIRECT_TEMPLATES = ["index", "tags", "authors", "archives", "search", "404"]
# Templates whose lists are split into pages (None: DEFAULT_PAGINATION items per page).
PAGINATED_TEMPLATES = {
    "index": None,
    "tag": None,
    "category": None,
    "author": None,
    "period_archives": None,
    "entity": None,
    "language": None,
    "source": None,
    "entity_index": 100,
    "language_index": 100,
    "source_index": 100,
}
# Lists of briefs keep their older pages as briefs are added: the first page shows the
# newest briefs, the others are counted from the oldest (tags/x-1.html holds its oldest),
# so a new brief changes the first page and the newest older page only, and a link to any
# other keeps showing what it showed (pipeline/site_pagination.py). False: Pelican's pages,
# counted from the newest, every one of which a new brief changes.
STABLE_PAGES = True
# The first page of tags/x.html is tags/x.html; the page numbered 2 is tags/x-2.html.
PAGINATION_PATTERNS = [
    (1, "{name}{extension}", "{name}{extension}"),
    (2, "{name}-{number}{extension}", "{name}-{number}{extension}"),
]
DEFAULT_CATEGORY = "briefs"
USE_FOLDER_AS_CATEGORY = False
# Briefs are Markdown; the reStructuredText reader is not needed.
READERS = {"rst": None}
# Markdown must not turn article text into markup: only what the brief writer emits.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

# Links that must be absolute (feeds, sitemap.xml, robots.txt) are made from SITEURL; a
# development build has none, so they point at the local preview server of `invoke serve`.
PREVIEW_SITEURL = "http://127.0.0.1:8000"
# Pelican's own feeds are off: with RELATIVE_URLS its feed entries would link relatively.
# pipeline.site_feeds writes the feeds below instead, with absolute links, as Atom (through
# Pelican's feed writer) and JSON Feed 1.1 (".json"). {slug} is the article language's code
# or the tag's slug; each pattern gets ".atom.xml" and ".json" appended.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
# Search bundles per interface locale (1, 2, 4, 8 or 16, or "auto": one per 50 briefs).
# Briefs are spread over them by their slug's hash and a rebuild re-indexes only the
# bundles whose briefs changed; each bundle ranks by its own word statistics.
SEARCH_SHARDS = "auto"
# Each feed holds the newest this many briefs (the site's lists hold them all).
FEED_MAX_ITEMS = 50
BRIEF_FEEDS = {
    "all": "feeds/all",
    "language": "feeds/languages/{slug}",
    "tag": "feeds/tags/{slug}",
}

# Article text is untrusted: every template variable is HTML-escaped unless marked safe.
# The i18n extension gets each locale's gettext from pipeline.pelican_plugin.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": ["jinja2.ext.i18n"],
}
PLUGINS = ["pipeline.pelican_plugin"]
# Pelican's own cache is per locale (see pipeline.site); off here so a plain
# ``pelican`` run never reuses a cache written for another locale.
LOAD_CONTENT_CACHE = False
# Per-locale subfolders of this one hold Pelican's cache (relative to this file).
CACHE_PATH = "cache"

# --- Briefpress ---------------------------------------------------------------
# Raw input articles, relative to this file's folder. Never modified by the build.
BRIEFPRESS_ARTICLES = "content/articles"
# Generated Markdown briefs, one per article.
BRIEFPRESS_BRIEFS = "content/briefs"
# Editable registry of people and organisations (canonical name, kind, aliases).
BRIEFPRESS_ENTITIES = "content/entities.toml"
# Files larger than this many bytes are refused as "too large".
BRIEFPRESS_MAX_ARTICLE_BYTES = 5_000_000
# Articles with more characters of text than this (after decoding and HTML extraction)
# are refused as "too large", so no input makes analysis or its PDF take long.
BRIEFPRESS_MAX_ARTICLE_CHARS = 100_000
# Interface locales; the first is the default and is built at the site root.
BRIEFPRESS_LOCALES = ["en", "pl", "ja", "de", "zh"]
# Summary length bound, in characters, and the number of key points.
BRIEFPRESS_SUMMARY_MAX_CHARS = 400
BRIEFPRESS_KEY_POINTS = 5
# Digest period: "week" (ISO week) or "month".
BRIEFPRESS_DIGEST_PERIOD = "week"
# How many of the latest briefs the "latest" digest holds.
BRIEFPRESS_DIGEST_LATEST = 20
# Interface locales in which digests are produced.
BRIEFPRESS_DIGEST_LOCALES = ["en", "pl"]
# While the archive holds at most this many briefs, the search indexer (~250 MB) and the
# PDFs of a small rebuild run alongside the site's renderers: faster, but all of them are
# in memory at once. A larger archive runs them one after another, and analyses and writes
# its briefs in a process of its own, which keeps a build of 5,000 briefs under 1 GB (see
# bench/RESULTS.md); raise it on a machine with memory to spare.
BRIEFPRESS_OVERLAP_MAX_BRIEFS = 2000
