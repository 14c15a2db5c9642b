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
  after each new article would take seconds per locale. A page changed only where
  Pagefind does not read (its "same story" links, when a new article joins the
  story; see ``indexed_digest``) does not count, as long as what reads it (Pagefind,
  this module, the shards) is as the last build's bundles were made with
  (``search_base``, kept in ``SEARCH_BASE``).
* Pagefind runs in a process of its own (``search_service``), which indexes each
  locale's shards while the next locale renders.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from .cache import code_fingerprint
from .errors import BriefpressError
from .files import write_text_atomic
from .search_service import INDEX_LANGUAGE, Job, SearchService

BUNDLE_DIR = "pagefind"
HEX_DIGITS = "0123456789abcdef"
# Shards of the search index per locale must divide the 16 hex digits evenly.
SHARD_COUNTS = (1, 2, 4, 8, 16)
# With SEARCH_SHARDS = "auto", an archive gets one more shard per this many briefs.
BRIEFS_PER_SHARD = 50
BUNDLE_FILE = re.compile(rf"{BUNDLE_DIR}(?:-\d+)?/")
# In the output: the ``search_base`` its bundles were made with.
SEARCH_BASE = ".search-base"
# What Pagefind reads from a page besides its body (see ``indexed_digest``).
PAGEFIND_FIELDS = "//*[@data-pagefind-filter or @data-pagefind-meta or @data-pagefind-sort]"
WHITE_SPACE = re.compile(r"\s+")
FILTER_SAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆"})

__all__ = [
    "BUNDLE_DIR",
    "INDEX_LANGUAGE",
    "SearchService",
    "SearchUpdate",
    "SearchUpdater",
    "brief_glob",
    "bundle_dir",
    "filter_value",
    "in_bundle",
    "indexed_digest",
    "search_base",
    "shard_count",
    "shard_globs",
    "shard_of",
    "start_search",
]


@dataclass
class SearchUpdate:
    """What ``SearchUpdater`` did: pages indexed per locale, the files of the bundles it
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


def start_search(setting: Any, briefs: int, warm: bool = True) -> SearchService:
    """A Pagefind service for an archive of ``briefs`` briefs in ``shard_count(setting, ...)``
    shards (which decides whether a large re-index may use two services)."""
    return SearchService(briefs / shard_count(setting, briefs), warm=warm)


def search_base(shards: int) -> str:
    """What a bundle is made with besides its pages: Pagefind, its index language, the
    number of shards and this code. Another base and every shard is indexed again."""
    parts = [code_fingerprint(("search*.py",), ("pagefind",)), INDEX_LANGUAGE, str(shards)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def indexed_digest(page: bytes) -> str | None:
    """A digest of what Pagefind reads from a page: the ``data-pagefind-body`` less what
    ``data-pagefind-ignore`` leaves out, every filter, metadata and sort field (inside
    ignored parts too), the title, ``h1`` headings and language; ``None`` when the page
    has no body to index. Two versions of a page with one digest index alike."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(page)
    except (ValueError, etree.ParserError):
        return None
    bodies = root.xpath("//*[@data-pagefind-body]")
    if not bodies:
        return None
    parts = [root.get("lang") or "", *(e.text_content() for e in root.xpath("//title|//h1"))]
    for element in root.xpath(PAGEFIND_FIELDS):
        parts.append(f"{sorted(element.attrib.items())!r}{element.text_content()}")
    for body in bodies:
        for ignored in body.xpath(".//*[@data-pagefind-ignore]"):
            ignored.drop_tree()
        parts.append(lxml_html.tostring(body, encoding="unicode"))
    # Pagefind reads a run of white space as one: a part left out leaves its own behind.
    text = WHITE_SPACE.sub(" ", "\0".join(parts))
    return hashlib.sha256(text.encode()).hexdigest()


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


@dataclass
class SearchUpdater:
    """Re-indexes a build's changed shards, each locale's as soon as its pages are in place.

    ``previous`` lists the files of the last build (relative to ``output_dir``, the
    published sub-sites). A shard is re-indexed when one of its brief pages was written
    or removed, or its bundle is missing; the new bundle goes to
    ``staging/<locale>/<bundle>``. An empty shard still gets a bundle, so the search page
    can always merge it. Once ``start`` has given it a service, the shards of each locale
    are indexed as it is added, while the build renders the next; ``finish`` waits for
    the last.
    """

    previous: list[str]
    prefixes: dict[str, str]
    output_dir: Path
    staging: Path
    glob: str
    shards: int
    base: str = ""  # ``search_base``: written to ``SEARCH_BASE`` with the bundles
    update: SearchUpdate = field(default_factory=SearchUpdate, init=False)
    _service: SearchService | None = field(default=None, init=False)
    _pending: list[Job] = field(default_factory=list, init=False)
    _bundles: dict[str, list[str]] = field(default_factory=dict, init=False)
    _briefs_before: dict[str, set[str]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self._bundles = _bundle_files(self.previous)
        try:
            made_with = (self.output_dir / SEARCH_BASE).read_text(encoding="utf-8")
        except OSError:
            made_with = ""
        self._same_base = bool(self.base) and made_with == self.base

    def read_alike(self, locale: str, written: Iterable[str], staged: Path) -> set[str]:
        """The brief pages among ``written`` (relative to the locale's sub-site) whose new
        version in ``staged`` Pagefind reads as it read the one still in place: their
        shards need no new index for them. None when the bundles were made otherwise."""
        if not self._same_base:
            return set()
        published = self.output_dir / self.prefixes[locale]
        alike = set()
        for page in written:
            if not fnmatch(page, self.glob):
                continue
            try:
                old, new = (published / page).read_bytes(), (staged / page).read_bytes()
            except OSError:
                continue
            digest = indexed_digest(old)
            if digest is not None and digest == indexed_digest(new):
                alike.add(page)
        return alike

    def keep_base(self) -> None:
        """Record what the bundles now in place were made with (``SEARCH_BASE``)."""
        write_text_atomic(self.output_dir / SEARCH_BASE, self.base)

    def start(self, service: SearchService) -> None:
        """Index with ``service`` from now on, starting with the shards already added."""
        self._service = service
        if self._pending:
            service.add(self._pending)
            self._pending = []

    def gone(self, locale: str, names: Iterable[str]) -> set[str]:
        """The locale's brief pages of the last build that it no longer has (relative to
        the locale's sub-site): they must be deleted before its shards are indexed."""
        before = self._briefs_before.get(locale)
        if before is None:  # the last build's files are many: sifted once per locale
            prefix = self.prefixes[locale]
            before = self._briefs_before[locale] = {
                f[len(prefix) :]
                for f in self.previous
                if f.startswith(prefix) and fnmatch(f[len(prefix) :], self.glob)
            }
        return before - set(names)

    def add_locale(self, locale: str, names: list[str], rendered: Iterable[str]) -> None:
        """Queue the locale's changed shards; ``names`` are all its pages, ``rendered``
        those written by this build, both already in place under ``output_dir``."""
        prefix = self.prefixes[locale]
        if not any(fnmatch(n, self.glob) for n in names):
            self.update.warnings.append(f"{locale}: no brief page to index for search")
        touched = {
            shard_of(n, self.shards)
            for n in self.gone(locale, names).union(rendered)
            if fnmatch(n, self.glob)
        }
        jobs = []
        root = str(self.output_dir)
        for shard in range(self.shards):
            files = self._bundles.get(f"{prefix}{bundle_dir(shard)}/", [])
            kept = files and shard not in touched
            if kept and all(os.path.isfile(os.path.join(root, f)) for f in files):
                self.update.kept += files
                continue
            globs = shard_globs(self.glob, shard, self.shards)
            bundle = self.staging / locale / bundle_dir(shard)
            jobs.append((locale, self.output_dir / prefix, globs, bundle))
        if self._service is None:
            self._pending += jobs
        elif jobs:
            self._service.add(jobs)

    def finish(self) -> SearchUpdate:
        """Wait for every shard added; what was indexed, kept and warned about."""
        if self._service is None:
            raise BriefpressError("search update finished before it was given a service")
        self.update.indexed = self._service.wait()
        return self.update


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
