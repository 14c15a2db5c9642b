"""Stage 5b: the Pagefind search index, one set of bundles per interface locale.

Pagefind chooses the index a page searches by the page's ``<html lang>``, which on
this site is the *interface* locale, while every brief keeps the language of its
article. So each sub-site gets bundles of its own (``<locale>/pagefind/``) holding
every brief, indexed under one forced language:

* Only brief pages are indexed (the theme marks their ``<article>`` with
  ``data-pagefind-body``; interface labels carry ``data-pagefind-ignore``), with
  the article language and tags as ``data-pagefind-filter`` in the interface's
  words (see ``filter_value``).
* ``INDEX_LANGUAGE`` is Japanese because Pagefind's extended build segments
  Chinese and Japanese words only under a CJK index language: under ``en``,
  "固体" inside "全固体電池" or "电池" inside "钠离子电池" is never found. Under ``ja``
  Chinese is segmented as well, and Latin-script words (Polish, German...) are
  indexed unstemmed and found by prefix, with or without their diacritics.
* Bundles per locale, rather than one shared set, keep results linking to the
  reader's own sub-site and filter names in the reader's language.
* A locale's briefs are split by a hash of their path into ``SEARCH_SHARDS``
  bundles (``pagefind/``, ``pagefind-1/``...), which the search page merges
  (Pagefind's ``mergeIndex``). A rebuild re-indexes only the shards whose brief
  pages changed: Pagefind cannot update a bundle, and re-indexing every brief
  after each new article would take seconds per locale.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections.abc import Coroutine
from concurrent.futures import Future
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, TypeVar

import pagefind.service
from pagefind.service import PagefindService

from .errors import BriefpressError

INDEX_LANGUAGE = "ja"
BUNDLE_DIR = "pagefind"
# A re-index of this many shards or more is shared by two Pagefind services (SearchService),
# while shards hold at most PARALLEL_SHARD_LIMIT briefs: a service holds ~300 MB, plus
# ~0.25 MB per page of the shard it indexes.
PARALLEL_FROM = 20
PARALLEL_SHARD_LIMIT = 100
# The pause pagefind.service's reader takes before reading each response (see _NoPollPause).
POLL_PAUSE = 0.1
T = TypeVar("T")
HEX_DIGITS = "0123456789abcdef"
# Shards of the search index per locale must divide the 16 hex digits evenly.
SHARD_COUNTS = (1, 2, 4, 8, 16)
# With SEARCH_SHARDS = "auto", an archive gets one more shard per this many briefs.
BRIEFS_PER_SHARD = 50
BUNDLE_FILE = re.compile(rf"{BUNDLE_DIR}(?:-\d+)?/")
# A page whose Japanese text makes a new service load its CJK dictionary (SearchService).
WARM_UP_PAGE = '<html lang="ja"><body><p data-pagefind-body>全固体電池の量産</p></body></html>'
FILTER_SAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆"})

__all__ = [
    "BUNDLE_DIR",
    "INDEX_LANGUAGE",
    "SearchService",
    "SearchUpdate",
    "brief_glob",
    "bundle_dir",
    "filter_value",
    "in_bundle",
    "shard_count",
    "shard_globs",
    "shard_of",
    "update_search",
]


@dataclass
class SearchUpdate:
    """What ``update_search`` did: pages indexed per locale, the files of the bundles it
    kept from the last build (relative to the output root), and warnings."""

    indexed: dict[str, int] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def shard_count(setting: Any, briefs: int) -> int:
    """How many shards: ``SEARCH_SHARDS`` when it is a number, else one per
    ``BRIEFS_PER_SHARD`` briefs (rounded down to a power of two, at most 16).

    Each shard ranks its pages by its own word statistics, so a small archive
    keeps one index; a large one is split so a rebuild re-indexes only a part.
    """
    if setting not in (None, "auto"):
        if setting not in SHARD_COUNTS:
            raise BriefpressError(f"SEARCH_SHARDS must be one of {SHARD_COUNTS}, not {setting!r}")
        return int(setting)
    return max(n for n in SHARD_COUNTS if n == 1 or n * BRIEFS_PER_SHARD <= briefs)


def bundle_dir(shard: int) -> str:
    """The folder of one shard's bundle in a sub-site; shard 0 also holds the search UI."""
    return BUNDLE_DIR if shard == 0 else f"{BUNDLE_DIR}-{shard}"


def shard_of(page: str, shards: int) -> int:
    """The shard of a brief page: by the last character of its slug, which is a hex
    digit of a hash for generated briefs (so shards are even and stable); any other
    character (a hand-made slug) means shard 0. Pagefind selects the pages of a
    shard with the globs of ``shard_globs``, so both must agree."""
    stem = page.rsplit(".", 1)[0].rstrip("/")
    last = stem[-1:].lower()
    if not last or last not in HEX_DIGITS:
        return 0
    return int(last, 16) * shards // 16


def shard_globs(glob: str, shard: int, shards: int) -> list[str]:
    """File globs matching the brief pages of ``shard`` (``briefs/*[01].html``...)."""
    head, star, tail = glob.rpartition("*")
    if not star:
        return [glob] if shard == 0 else []
    digits = "".join(d for d in HEX_DIGITS if int(d, 16) * shards // 16 == shard)
    chars = "".join(dict.fromkeys(digits + digits.upper()))
    globs = [f"{head}*[{chars}]{tail}"] if chars else []
    if shard == 0:
        globs.append(f"{head}*[!{HEX_DIGITS}{HEX_DIGITS[10:].upper()}]{tail}")
    return globs


def in_bundle(relative: str, prefixes: dict[str, str]) -> bool:
    """Whether a file (relative to the output root) belongs to a search bundle."""
    return any(
        relative.startswith(prefix) and BUNDLE_FILE.match(relative[len(prefix) :])
        for prefix in prefixes.values()
    )


def update_search(
    pages: dict[str, list[str]],
    rendered: dict[str, list[str]],
    previous: list[str],
    prefixes: dict[str, str],
    output_dir: Path,
    staging: Path,
    glob: str,
    shards: int,
    service: SearchService | None = None,
) -> SearchUpdate:
    """Re-index the shards whose brief pages changed, from the published sub-sites.

    ``pages`` and ``rendered`` list each locale's pages (relative to its sub-site) and
    those written by this build; ``previous`` the files of the last build. A shard is
    re-indexed when one of its brief pages was written or removed, or its bundle is
    missing; the new bundle goes to ``staging/<locale>/<bundle>``. An empty shard
    still gets a bundle, so the search page can always merge it. The indexing is done by
    ``service``, or by a service of its own.
    """
    jobs = []
    update = SearchUpdate()
    bundles = _bundle_files(previous)
    root = str(output_dir)
    for locale, names in pages.items():
        prefix = prefixes[locale]
        briefs = [n for n in names if fnmatch(n, glob)]
        if not briefs:
            update.warnings.append(f"{locale}: no brief page to index for search")
        present = set(names)
        gone = {
            f[len(prefix) :]
            for f in previous
            if f.startswith(prefix) and fnmatch(f[len(prefix) :], glob)
        } - present
        touched = {
            shard_of(n, shards) for n in gone.union(rendered.get(locale, ())) if fnmatch(n, glob)
        }
        for shard in range(shards):
            bundle = f"{prefix}{bundle_dir(shard)}/"
            files = bundles.get(bundle, [])
            kept = files and shard not in touched
            if kept and all(os.path.isfile(os.path.join(root, f)) for f in files):
                update.kept += files
                continue
            globs = shard_globs(glob, shard, shards)
            jobs.append((locale, output_dir / prefix, globs, staging / locale / bundle_dir(shard)))
    if jobs:
        if service is None:
            with SearchService() as own:
                update.indexed = own.index(jobs)
        else:
            update.indexed = service.index(jobs)
    return update


def _bundle_files(files: list[str]) -> dict[str, list[str]]:
    """The files of each search bundle (``pagefind-3/``, ``de/pagefind/``...) among ``files``."""
    bundles: dict[str, list[str]] = {}
    for relative in files:
        head, _, rest = relative.partition("/")
        if BUNDLE_FILE.match(f"{head}/"):
            bundles.setdefault(f"{head}/", []).append(relative)
            continue
        second, _, _ = rest.partition("/")
        if rest and BUNDLE_FILE.match(f"{second}/") and "/" in rest:
            bundles.setdefault(f"{head}/{second}/", []).append(relative)
    return bundles


def filter_value(value: object) -> str:
    """A search filter value that is safe in Pagefind's interface.

    The interface inserts filter values into the page as HTML, and Pagefind
    decodes character references in them while indexing, so escaping cannot
    protect them: a tag such as ``<img onerror=...>`` would run. Its ``<``,
    ``>`` and ``&`` become their full-width look-alikes instead.
    """
    return str(value).translate(FILTER_SAFE)


def brief_glob(article_save_as: str) -> str:
    """Pelican's ``ARTICLE_SAVE_AS`` (``briefs/{slug}.html``) as a file glob (``briefs/*.html``)."""
    return re.sub(r"\{[^}]*\}", "*", article_save_as)


class SearchService:
    """Pagefind services for a build, on a thread (and event loop) of their own.

    With ``warm``, the first is launched at once and loads its CJK dictionary (about a
    second, on the first Japanese text it sees): the site does so while the pages
    render, so that this overlaps rendering instead of adding to it, unless the archive
    is large (memory). Otherwise it is launched by the first ``index``, so a build with
    nothing to index starts no Pagefind. A re-index of ``PARALLEL_FROM`` shards or more
    (a cold build) starts a second when the shards are small (``briefs_per_shard`` at
    most ``PARALLEL_SHARD_LIMIT``; memory), and the two take shards from one queue, one
    per core. Use it as a context manager.
    """

    def __init__(self, briefs_per_shard: float = 0, warm: bool = True) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind")
        self._thread.start()
        self._services = [self._submit(_launch())] if warm else []
        self._most = min(2, os.cpu_count() or 1) if briefs_per_shard <= PARALLEL_SHARD_LIMIT else 1

    def index(self, jobs: list[tuple[str, Path, list[str], Path]]) -> dict[str, int]:
        """Index each (locale, site folder, page globs, bundle folder) job; pages per locale."""
        wanted = 1 if len(jobs) < PARALLEL_FROM else self._most
        while len(self._services) < wanted:
            self._services.append(self._submit(_launch()))
        return self._submit(_index(self._services, jobs)).result()

    def close(self) -> None:
        try:
            for service in self._services:
                if service.exception() is None:
                    self._submit(service.result().close()).result()
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _submit(self, job: Coroutine[Any, Any, T]) -> Future[T]:
        return asyncio.run_coroutine_threadsafe(job, self._loop)


async def _launch() -> PagefindService:
    """A running Pagefind service that has segmented some Japanese (see ``SearchService``)."""
    pagefind.service.asyncio = _NoPollPause()  # type: ignore[attr-defined]
    service = await PagefindService().launch()
    warm = await service.create_index({"force_language": INDEX_LANGUAGE})
    await warm.add_html_file(url="/warm-up.html", content=WARM_UP_PAGE)
    await warm.delete_index()
    return service


class _NoPollPause:
    """``asyncio`` as ``pagefind.service`` sees it, less the ``POLL_PAUSE`` its reader sleeps
    before every response: the reader then waits on the service's pipe alone.

    Each request (create an index, add a folder, write the files) otherwise costs at least
    100 ms, and a rebuild sends some fifty. Everything else is ``asyncio`` itself.
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float, result: Any = None) -> Any:
        if delay != POLL_PAUSE:
            return await asyncio.sleep(delay, result)
        return result


async def _index(
    services: list[Future[PagefindService]], jobs: list[tuple[str, Path, list[str], Path]]
) -> dict[str, int]:
    """Index the jobs, each service taking the next one as soon as it is free (a service
    answers one request at a time)."""
    counts: dict[str, int] = {}
    waiting = list(reversed(jobs))

    async def work(starting: Future[PagefindService]) -> None:
        service = await asyncio.wrap_future(starting)
        while waiting:
            locale, site, globs, bundle = waiting.pop()
            index = await service.create_index(
                {"force_language": INDEX_LANGUAGE, "output_path": str(bundle)}
            )
            for glob in globs:
                indexed = await index.add_directory(str(site), glob=glob)
                counts[locale] = counts.get(locale, 0) + int(indexed["page_count"])
            await index.write_files()
            await index.delete_index()  # the service would otherwise keep every shard in memory

    await asyncio.gather(*(work(service) for service in services))
    return counts
