"""Stage 5: the Pelican site, one sub-site per interface locale.

The default locale is built at the output root, every other one in
``<output>/<locale>/``. Pelican reads the briefs once and renders every locale
in one child process (``pipeline.site_render``), skipping each page whose key
did not change since the last build (``pipeline.site_keys``; the keys are kept
in ``.site-pages.json``, and those of whole paginated lists, which need not be
paginated again to be found unchanged, in ``.site-lists.json``). Rendered pages
are staged and then moved into place, a file whose content did not change is
left untouched; pages of briefs that are gone are removed (the files of the last
build are listed in ``.site-files.json``), and ``pdf/`` or anything else the site
did not write is never touched. Then the search index of each locale whose brief pages changed
(``pipeline.search``), ``sitemap.xml`` and ``robots.txt`` are written.
"""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

import orjson

from .cache import OUTPUT_PACKAGES, code_fingerprint, site_cache
from .cache_outputs import folder_digest
from .child import ChildCall, ChildDied, start_method
from .errors import BriefpressError
from .files import write_bytes_atomic, write_text_atomic
from .search import (
    SearchService,
    SearchUpdater,
    brief_glob,
    in_bundle,
    search_base,
    shard_count,
    start_search,
)
from .settings import Settings, load_settings
from .site_i18n import compile_catalogs, update_po_files, write_template
from .site_keys import ListRecord, PageRecord
from .site_pages import DIGEST_KINDS
from .site_render import RenderJob, RenderResult, render_site
from .site_signature import digest_of
from .site_sitemap import write_robots, write_sitemap

PLUGIN = "pipeline.pelican_plugin"
STAGING = ".site-staging"
MANIFEST = ".site-files.json"
# Each page's key and the digests it showed, per locale (see pipeline.site_keys).
PAGES = ".site-pages.json"
LISTS = ".site-lists.json"
MAX_WORKERS = 4
# The key and warnings of the catalogs last compiled (see site_i18n.compile_catalogs).
CATALOGS = "catalogs.json"
CARDS = "cards"  # brief cards kept between builds, one file per locale (site_cards)
# The modules a page is made by: a change to any other (analysis, PDFs) keeps the pages.
SITE_SOURCES = (
    "site*.py",
    "pelican_plugin.py",
    "search.py",
    "search_service.py",
    "briefs.py",
    "model.py",
    "settings.py",
)
# The two kinds of record kept between builds (``site_keys``).
Kept = TypeVar("Kept", PageRecord, ListRecord)
SPAWN_HINT = "a script that calls build_site must run it under `if __name__ == '__main__':`"
# Locale overrides a page's key leaves out: the digests (pages record what they read of
# them) and the folders' locations (their contents are keyed: the theme above, the briefs
# page by page), so a moved project renders nothing again.
UNKEYED_OVERRIDES = frozenset({"BRIEFPRESS_DIGESTS", "PATH", "OUTPUT_PATH", "THEME", "CACHE_PATH"})
DIGEST_KEYS = ("id", "title", "kind", "period", "tag", "locale", "path", "count")

__all__ = ["SiteResult", "build_site", "extract_messages", "update_catalogs"]


@dataclass
class SiteResult:
    """What the site build wrote: HTML pages per locale, and what went wrong on the way.

    ``files`` lists each locale's pages relative to the output root (``pl/briefs/x.html``);
    ``indexed`` counts the brief pages this build (re-)indexed for search, per locale.
    """

    pages: dict[str, int] = field(default_factory=dict)
    files: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    indexed: dict[str, int] = field(default_factory=dict)
    rendered: list[str] = field(default_factory=list)  # pages and feeds rendered by this build

    @property
    def written(self) -> int:
        """Pages and feeds rendered (the others were unchanged since the last build)."""
        return len(self.rendered)

    @property
    def page_count(self) -> int:
        return sum(self.pages.values())


def build_site(
    settings: Settings,
    briefs_dir: Path,
    output_dir: Path,
    digests: list[dict],
    tick: Callable[[int], None] | None = None,
    search: SearchService | None = None,
) -> SiteResult:
    """Build every interface locale's sub-site from the briefs in ``briefs_dir``.

    ``digests`` describe the PDF digests (see ``normalize_digests``); the
    downloads page lists them and archive, tag and home pages link the relevant ones.
    ``tick`` is told of the locales built (for a progress display). ``search`` is a
    Pagefind service the caller started (and closes), else one is started here.
    """
    briefs_dir, output_dir = briefs_dir.resolve(), output_dir.resolve()
    if not briefs_dir.is_dir():
        raise BriefpressError(f"{briefs_dir}: the briefs folder does not exist")
    cache = site_cache(settings)
    warnings = compile_catalogs(settings.theme, settings.locales, cache / CATALOGS)
    clean, digest_warnings = normalize_digests(digests, settings.default_locale)
    warnings += digest_warnings
    staging = output_dir / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    prefixes = {
        locale: "" if locale == settings.default_locale else f"{locale}/"
        for locale in settings.locales
    }
    brief_count = len(list(briefs_dir.glob("*.md")))
    setting = settings.pelican.get("SEARCH_SHARDS")
    shards = shard_count(setting, brief_count)
    jobs = {
        locale: {
            **locale_overrides(settings, briefs_dir, staging / locale, locale, clean, cache),
            "SEARCH_SHARDS": shards,
        }
        for locale in settings.locales
    }
    previous_files = _read_manifest(output_dir / MANIFEST)
    job = RenderJob(
        config_file=str(settings.config_file),
        overrides=jobs,
        staging=staging,
        published={locale: output_dir / prefix for locale, prefix in prefixes.items()},
        base_keys=base_keys(settings, jobs),
        previous=read_records(output_dir / PAGES, PageRecord) if previous_files else {},
        previous_lists=read_records(output_dir / LISTS, ListRecord) if previous_files else {},
        workers=render_workers(),
        cards=cache / CARDS,
    )
    # Pagefind gets ready while the pages render, if the build has not started it earlier
    # (``search``), unless the archive is too large to hold it and the renderers at once:
    # then it starts once the pages are rendered.
    updater = SearchUpdater(
        previous_files, prefixes, output_dir, staging, _article_glob(settings), shards,
        search_base(shards),
    )  # fmt: skip
    own: SearchService | None = None
    if search is None and settings.overlaps(brief_count):
        search = own = start_search(setting, brief_count)
    if search is not None:
        updater.start(search)
    moved: list[str] = []

    def place_locale(locale: str, names: list[str], written: list[str]) -> None:
        """Put a locale's pages in place and queue its changed search shards, while the
        next locale renders."""
        prefix = prefixes[locale]
        alike = updater.read_alike(locale, written, staging / locale)
        moved.extend(_move_staged(staging, output_dir, {locale: prefix}))
        for page in updater.gone(locale, names):
            _remove(output_dir, prefix + page)
        updater.add_locale(locale, names, [page for page in written if page not in alike])

    try:
        result = _render(job, tick, place_locale)
        if search is None:
            own = start_search(setting, brief_count, warm=False)
            updater.start(own)
        warnings += result.warnings
        pages = {locale: sorted(result.records.get(locale, {})) for locale in jobs}
        current = {prefixes[loc] + name for loc, names in pages.items() for name in names}
        current |= set(moved)
        for relative in sorted(set(previous_files) - current):
            if not in_bundle(relative, prefixes):
                _remove(output_dir, relative)
        base = absolute_base(settings)  # while Pagefind indexes the last shards
        write_sitemap(pages, staging / settings.default_locale, base)
        write_robots(staging / settings.default_locale, base)
        indexing = updater.finish()
        warnings += indexing.warnings
        bundles = set(_move_staged(staging, output_dir, prefixes)) | set(indexing.kept)
        files = sorted(current | bundles)
        for relative in sorted(set(previous_files) - set(files)):
            _remove(output_dir, relative)
        write_text_atomic(output_dir / MANIFEST, json.dumps(files, indent=0))
        updater.keep_base()
        write_records(output_dir / PAGES, result.records)
        write_records(output_dir / LISTS, result.lists)
    finally:
        if own is not None:
            own.close()
        shutil.rmtree(staging, ignore_errors=True)
    listed = {
        locale: [prefixes[locale] + n for n in names if n.endswith(".html")]
        for locale, names in pages.items()
    }
    counts = {locale: len(names) for locale, names in listed.items()}
    rendered = sorted(
        prefixes[loc] + name for loc, names in result.rendered.items() for name in names
    )
    return SiteResult(
        pages=counts, files=listed, warnings=warnings, indexed=indexing.indexed, rendered=rendered
    )


def render_workers() -> int:
    """Processes that render pages: one per core (the briefs are read once, before forking)."""
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def base_keys(settings: Settings, jobs: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each locale's key of everything all its pages depend on: code, theme and settings.

    The digests are left out, as pages record which digests they show (``site_keys``),
    and so are the folders' locations (``UNKEYED_OVERRIDES``).
    """
    common = [
        code_fingerprint(SITE_SOURCES, OUTPUT_PACKAGES),
        folder_digest(settings.theme),
        settings.fingerprint(),
    ]
    return {
        locale: digest_of(
            common, repr(sorted((k, v) for k, v in job.items() if k not in UNKEYED_OVERRIDES))
        )
        for locale, job in jobs.items()
    }


def read_records(path: Path, kind: type[Kept]) -> dict[str, dict[str, Kept]]:
    """The last build's page or list records (``kind``) of each locale; empty when the
    file is missing or unreadable."""
    try:
        data = orjson.loads(path.read_bytes())
        return {
            locale: {name: kind(str(rec[0]), list(rec[1])) for name, rec in records.items()}
            for locale, records in data.items()
        }
    except (OSError, ValueError, TypeError, AttributeError, IndexError):
        return {}


def write_records(path: Path, records: dict[str, dict[str, Kept]]) -> None:
    data = {
        locale: {
            name: [getattr(rec, f.name) for f in dataclasses.fields(rec)]
            for name, rec in kept.items()
        }
        for locale, kept in records.items()
    }
    write_bytes_atomic(path, orjson.dumps(data, option=orjson.OPT_SORT_KEYS))


def _render(
    job: RenderJob,
    tick: Callable[[int], None] | None,
    rendered: Callable[[str, list[str], list[str]], None] | None = None,
) -> RenderResult:
    """Run ``render_site`` in a child process (Pelican's signals are process-wide state).
    Once every render worker has written its share of a locale, ``tick`` is told, and
    ``rendered`` given the locale, its pages and those written (relative to its
    sub-site), while the next locale renders."""
    method = start_method()
    finished = multiprocessing.get_context(method).SimpleQueue()
    rendering = ChildCall("site build", render_site, job, finished, method=method)
    shares: dict[str, tuple[int, list[str], list[str]]] = {}
    while not (rendering.done() and finished.empty()):
        if finished.empty():
            time.sleep(0.02)
            continue
        locale, names, written = finished.get()
        count, earlier_names, earlier_written = shares.get(locale, (0, [], []))
        shares[locale] = (count + 1, earlier_names + names, earlier_written + written)
        if count + 1 < job.workers:
            continue
        if tick:
            tick(1)
        if rendered:
            rendered(locale, sorted(earlier_names + names), earlier_written + written)
    try:
        return rendering.result()
    except ChildDied as exc:
        hint = f"; {SPAWN_HINT}" if rendering.method == "spawn" else ""
        raise ChildDied(f"{exc}{hint}") from exc
    except BriefpressError:
        raise
    except Exception as exc:  # a worker's error, with its type
        raise BriefpressError(f"site build failed: {type(exc).__name__}: {exc}") from exc


def absolute_base(settings: Settings) -> str:
    """The site root as an absolute URL, for feeds and the sitemap.

    A development build has no ``SITEURL`` (its links are relative); its absolute
    links then point at the local preview server, ``PREVIEW_SITEURL``.
    """
    conf = settings.pelican
    return str(conf.get("SITEURL") or conf.get("PREVIEW_SITEURL") or "").rstrip("/")


def _article_glob(settings: Settings) -> str:
    return brief_glob(str(settings.pelican.get("ARTICLE_SAVE_AS") or "briefs/{slug}.html"))


def extract_messages(settings: Settings | None = None) -> Path:
    """Write ``theme/translations/messages.pot`` from the theme (for an invoke task)."""
    return write_template((settings or load_settings()).theme)


def update_catalogs(settings: Settings | None = None) -> list[Path]:
    """Merge new theme strings into every locale's .po (new ones empty, for translators)."""
    settings = settings or load_settings()
    return update_po_files(settings.theme, settings.locales)


def normalize_digests(
    digests: Iterable[Any], default_locale: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """Plain, picklable digest records; one warning per record that cannot be linked.

    Each has ``id``, ``title``, ``kind`` (period|topic|latest), ``period``, ``tag``,
    ``locale``, ``path`` (relative to the output root) and ``count``.
    """
    clean, warnings = [], []
    for digest in digests:
        data = dataclasses.asdict(digest) if dataclasses.is_dataclass(digest) else dict(digest)
        record = {key: data.get(key) for key in DIGEST_KEYS}
        path = PurePosixPath(str(record["path"] or ""))
        if record["kind"] not in DIGEST_KINDS or not path.parts or path.is_absolute():
            warnings.append(f"digest {record['id']!r}: bad kind or path; not linked")
            continue
        if ".." in path.parts:
            warnings.append(f"digest {record['id']!r}: path leaves the output folder; not linked")
            continue
        record.update(
            id=str(record["id"] or path.stem),
            title=str(record["title"] or record["id"] or path.stem),
            locale=str(record["locale"] or default_locale),
            path=path.as_posix(),
            count=int(record["count"] or 0),
        )
        clean.append(record)
    return clean, warnings


def locale_overrides(
    settings: Settings,
    briefs_dir: Path,
    output: Path,
    locale: str,
    digests: list[dict],
    cache: Path,
) -> dict[str, Any]:
    """Pelican settings that make one locale's sub-site out of the configured ones;
    ``cache`` is the site cache folder (``cache.site_cache``)."""
    conf = settings.pelican
    base = str(conf.get("SITEURL") or "").rstrip("/")
    subdir = "" if locale == settings.default_locale else locale
    relative = bool(conf.get("RELATIVE_URLS"))
    siteurl = f"{base}/{subdir}" if subdir and (base or not relative) else base
    absolute = absolute_base(settings) + (f"/{subdir}" if subdir else "")
    plugins = list(conf.get("PLUGINS") or [])
    return {
        "PATH": str(briefs_dir.parent),
        "ARTICLE_PATHS": [briefs_dir.name],
        "PAGE_PATHS": [],
        "STATIC_PATHS": [],
        "THEME": str(settings.theme),
        "OUTPUT_PATH": str(output),
        "DELETE_OUTPUT_DIRECTORY": False,
        # Pelican's content cache, in a folder keyed by settings and code: the articles it
        # made from unchanged briefs, kept whole, so a build does not parse their metadata
        # again (see pelican_plugin.adopt_articles). The briefs are read once, with the
        # default locale's settings (see site_render).
        "CACHE_PATH": str(cache),
        "CACHE_CONTENT": True,
        "CONTENT_CACHING_LAYER": "generator",
        "LOAD_CONTENT_CACHE": True,
        "CHECK_MODIFIED_METHOD": "md5",
        "GZIP_CACHE": False,
        "SITEURL": siteurl,
        "FEED_DOMAIN": absolute,
        "ABSOLUTE_SITEURL": absolute,
        "DEFAULT_LANG": locale,
        "PLUGINS": plugins if PLUGIN in plugins else [*plugins, PLUGIN],
        "INTERFACE_LOCALE": locale,
        "INTERFACE_LOCALES": list(settings.locales),
        "SITE_ROOT_URL": base,
        "SITE_SUBDIR": subdir,
        "BRIEFPRESS_DIGESTS": digests,
    }


def _move_staged(staging: Path, output_dir: Path, prefixes: dict[str, str]) -> list[str]:
    """Move every file staged for a locale into place; return them relative to ``output_dir``.

    A file whose content did not change is left in place (same inode and time), so
    ``rsync`` and the browser's cache see only what changed.
    """
    moved = []
    for locale, prefix in prefixes.items():
        built = staging / locale
        if not built.is_dir():
            continue
        for path in sorted(p for p in built.rglob("*") if p.is_file()):
            relative = prefix + path.relative_to(built).as_posix()
            moved.append(relative)
            target = output_dir / relative
            if _same_content(path, target):
                path.unlink()
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
    return moved


def _same_content(new: Path, old: Path) -> bool:
    try:
        return old.stat().st_size == new.stat().st_size and old.read_bytes() == new.read_bytes()
    except OSError:
        return False


def _read_manifest(path: Path) -> list[str]:
    try:
        files = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return []
    return [f for f in files if isinstance(f, str)] if isinstance(files, list) else []


def _remove(output_dir: Path, relative: str) -> None:
    """Delete one stale file and the folders it leaves empty, never outside ``output_dir``."""
    path = (output_dir / relative).resolve()
    if not path.is_relative_to(output_dir) or not path.is_file():
        return
    path.unlink()
    folder = path.parent
    while folder != output_dir and folder.is_relative_to(output_dir) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
