"""Stage 5: the Pelican site, one sub-site per interface locale.

The default locale is built at the output root, every other one in
``<output>/<locale>/``. Pelican keeps global state (its signals), so each
locale runs in a fresh worker process. Each build is written to a staging
folder and then moved into place: a failed build leaves the previous site
whole, pages of briefs that are gone are removed (the files of the last build
are listed in ``.site-files.json``), and ``pdf/`` or anything else Pelican did
not write is never touched. Once every locale is built, the search index
(``pipeline.search``), ``sitemap.xml`` and ``robots.txt`` are added before publishing.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import multiprocessing
import os
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .cache import site_cache
from .errors import BriefpressError
from .files import write_text_atomic
from .search import brief_glob, index_sites
from .settings import Settings, load_settings
from .site_i18n import compile_catalogs, update_po_files, write_template
from .site_pages import DIGEST_KINDS
from .site_sitemap import write_robots, write_sitemap

PLUGIN = "pipeline.pelican_plugin"
STAGING = ".site-staging"
MANIFEST = ".site-files.json"
MAX_WORKERS = 2
SPAWN_HINT = "a script that calls build_site must run it under `if __name__ == '__main__':`"
DIGEST_KEYS = ("id", "title", "kind", "period", "tag", "locale", "path", "count")

__all__ = ["SiteResult", "build_site", "extract_messages", "update_catalogs"]


@dataclass
class SiteResult:
    """What the site build wrote: HTML pages per locale, and what went wrong on the way.

    ``files`` lists each locale's pages relative to the output root (``pl/briefs/x.html``);
    ``indexed`` counts the briefs each locale's search index holds.
    """

    pages: dict[str, int] = field(default_factory=dict)
    files: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    indexed: dict[str, int] = field(default_factory=dict)
    written: int = 0  # pages whose content changed (unchanged files are left as they were)

    @property
    def page_count(self) -> int:
        return sum(self.pages.values())


def build_site(
    settings: Settings,
    briefs_dir: Path,
    output_dir: Path,
    digests: list[dict],
    tick: Callable[[int], None] | None = None,
) -> SiteResult:
    """Build every interface locale's sub-site from the briefs in ``briefs_dir``.

    ``digests`` describe the PDF digests (see ``normalize_digests``); the
    downloads page lists them and archive, tag and home pages link the relevant ones.
    ``tick`` is told of each locale built (for a progress display).
    """
    briefs_dir, output_dir = briefs_dir.resolve(), output_dir.resolve()
    if not briefs_dir.is_dir():
        raise BriefpressError(f"{briefs_dir}: the briefs folder does not exist")
    warnings = compile_catalogs(settings.theme, settings.locales)
    clean, digest_warnings = normalize_digests(digests, settings.default_locale)
    warnings += digest_warnings
    staging = output_dir / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    jobs = {
        locale: locale_overrides(settings, briefs_dir, staging / locale, locale, clean)
        for locale in settings.locales
    }
    try:
        warnings += _run_builds(str(settings.config_file), jobs, tick)
        sites = {locale: staging / locale for locale in settings.locales}
        indexed, search_warnings = index_sites(sites, _article_glob(settings))
        warnings += search_warnings
        base = absolute_base(settings)
        write_sitemap(sites, base)
        write_robots(sites[settings.default_locale], base)
        files, written = _publish(staging, output_dir, settings.default_locale)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    pages = {
        locale: [f for f in files if f.endswith(".html") and _locale_of(f, settings) == locale]
        for locale in settings.locales
    }
    counts = {locale: len(listed) for locale, listed in pages.items()}
    return SiteResult(
        pages=counts, files=pages, warnings=warnings, indexed=indexed, written=written
    )


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
    settings: Settings, briefs_dir: Path, output: Path, locale: str, digests: list[dict]
) -> dict[str, Any]:
    """Pelican settings that make one locale's sub-site out of the configured ones."""
    conf = settings.pelican
    base = str(conf.get("SITEURL") or "").rstrip("/")
    subdir = "" if locale == settings.default_locale else locale
    relative = bool(conf.get("RELATIVE_URLS"))
    siteurl = f"{base}/{subdir}" if subdir and (base or not relative) else base
    absolute = absolute_base(settings) + (f"/{subdir}" if subdir else "")
    plugins = list(conf.get("PLUGINS") or [])
    cache = site_cache(settings)
    return {
        "PATH": str(briefs_dir.parent),
        "ARTICLE_PATHS": [briefs_dir.name],
        "PAGE_PATHS": [],
        "STATIC_PATHS": [],
        "THEME": str(settings.theme),
        "OUTPUT_PATH": str(output),
        "DELETE_OUTPUT_DIRECTORY": False,
        "CACHE_PATH": str(cache / locale),
        # Pelican's reader cache, one per locale, in a folder keyed by settings and code.
        "CACHE_CONTENT": True,
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


def build_locale(config_file: str, overrides: dict[str, Any]) -> list[str]:
    """Run Pelican once (in a worker process); return what it logged at WARNING and above."""
    from pelican import Pelican
    from pelican.log import console
    from pelican.settings import read_settings

    console.quiet = True
    collector = _Collector()
    for name in ("pelican", "pipeline"):
        logging.getLogger(name).addHandler(collector)
    Pelican(read_settings(config_file, override=overrides)).run()
    return collector.messages


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _run_builds(
    config_file: str, jobs: dict[str, dict[str, Any]], tick: Callable[[int], None] | None = None
) -> list[str]:
    """One fresh process per locale (at most two at once); warnings merged across locales.

    Processes are spawned, not forked, so each starts without the parent's threads
    and state; like any spawned worker they re-import the caller's main module.
    """
    context = multiprocessing.get_context("spawn")
    workers = min(MAX_WORKERS, len(jobs))
    logged: dict[str, list[str]] = {}
    errors = []
    with ProcessPoolExecutor(workers, mp_context=context, max_tasks_per_child=1) as pool:
        futures = {loc: pool.submit(build_locale, config_file, job) for loc, job in jobs.items()}
        for locale, future in futures.items():
            try:
                messages = future.result()
            except BrokenProcessPool as exc:
                errors.append(f"{locale}: the worker process died ({exc}); {SPAWN_HINT}")
                continue
            except Exception as exc:  # a worker's error, re-raised below with its locale
                errors.append(f"{locale}: {type(exc).__name__}: {exc}")
                continue
            for message in dict.fromkeys(messages):
                logged.setdefault(message, []).append(locale)
            if tick:
                tick(1)
    if errors:
        raise BriefpressError("site build failed: " + "; ".join(errors))
    return [f"{', '.join(locales)}: {message}" for message, locales in logged.items()]


def _publish(staging: Path, output_dir: Path, default_locale: str) -> tuple[list[str], int]:
    """Move each staged locale into place, delete what the previous build wrote and this one did
    not; return the files of this build (relative to ``output_dir``) and how many changed.

    A file whose content did not change is left in place (same inode and time), so
    incremental builds and ``rsync`` touch only what changed.
    """
    written = []
    changed = 0
    for built in sorted(p for p in staging.iterdir() if p.is_dir()):
        prefix = PurePosixPath() if built.name == default_locale else PurePosixPath(built.name)
        for path in sorted(p for p in built.rglob("*") if p.is_file()):
            relative = (prefix / path.relative_to(built).as_posix()).as_posix()
            target = output_dir / relative
            written.append(relative)
            if _same_content(path, target):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            changed += 1
    manifest = output_dir / MANIFEST
    previous = set(_read_manifest(manifest))
    for relative in sorted(previous - set(written)):
        _remove(output_dir, relative)
    write_text_atomic(manifest, json.dumps(written, indent=0))
    return written, changed


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


def _locale_of(relative: str, settings: Settings) -> str:
    first = relative.split("/", 1)[0]
    return first if first in settings.locales[1:] and "/" in relative else settings.default_locale
