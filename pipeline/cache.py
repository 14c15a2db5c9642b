"""The analysis cache: each article's ``Brief`` (or ``Problem``), kept until an input changes.

Analysis is the slow part of reading an archive, and its result depends only on the
article's bytes and name, the analysis code, the entity registry and a few settings.
An entry's key hashes all of them, so any change to one of them misses the cache;
nothing is ever invalidated by hand. One JSON file per entry under ``<cache>/analysis/``.

Dates are the one input that is not a file: an article that mentions a future date
is analysed differently once that day has come (a body date no longer "in the
future" may become the inferred publication date). Each entry therefore records
the first future date its article mentions and is not used from that day on.

The cross-article links (same story, duplicates) depend on every brief at once;
they are cached as a whole under a key made of every entry's digest. So is the
whole front of a build (``load_front``): when every article, the registry, the
code and the brief files are what the last build saw, its published briefs and
report are reused without reading a single entry. The entries a build used, the
linking memo, the brief-file records and the front are kept together in one
snapshot (``pipeline.cache_snapshot``), read in one go by the next build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache_snapshot import SNAPSHOT_FILE, Entry, Record, Snapshot, load_snapshot, save_snapshot
from .files import load_json_dict, write_text_atomic
from .model import Brief, Document, Entity, Figure, Problem
from .settings import Settings

if TYPE_CHECKING:
    from .text.language import Rankings

FORMAT = 1
PIPELINE = Path(__file__).resolve().parent
# The code an article's analysis runs (linking is keyed separately, see ``link_key``).
ANALYSIS_SOURCES = ("analyse.py", "cache.py", "errors.py", "extract.py", "ingest*.py", "model.py")
ANALYSIS_PACKAGES = (
    "babel",
    "charset-normalizer",
    "lingua-language-detector",
    "lxml",
    "pykakasi",
    "pypinyin",
    "trafilatura",
)
LINK_SOURCES = ("linking*.py",)
SLUG_SOURCES = ("briefs.py",)
SLUG_PACKAGES = ("pykakasi", "pypinyin", "python-slugify", "text-unidecode", "Unidecode")
ENTRIES = "analysis"
LINKS_FILE = "links.json"
SLUGS_FILE = "slugs.json"
# Settings that do not change what analysis makes of an article (any other one does).
NOT_ANALYSIS = frozenset(
    {
        "root",
        "config_file",
        "articles",
        "briefs",
        "entities",  # hashed by content instead
        "output",
        "theme",
        "locales",
        "digest_period",
        "digest_latest",
        "digest_locales",
        "overlap_max_briefs",
        "pelican",
    }
)

__all__ = [
    "AnalysisCache",
    "brief_from_json",
    "brief_to_json",
    "cache_folder",
    "code_fingerprint",
    "site_cache",
    "valid_until",
]


def cache_folder(settings: Settings) -> Path:
    """Where this build's caches live: the project's ``cache/`` for its own output,
    ``.<output>-cache`` beside any other output (so two outputs never share one)."""
    conf = settings.pelican
    default_output = settings.root / str(conf.get("OUTPUT_PATH") or "output")
    if settings.output == default_output.resolve():
        return settings.root / str(conf.get("CACHE_PATH") or "cache")
    return settings.output.parent / f".{settings.output.name}-cache"


def code_fingerprint(patterns: Iterable[str], packages: Iterable[str] = ()) -> str:
    """A hash of the pipeline sources matching ``patterns`` and the versions of ``packages``."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for pattern in patterns:
        for path in sorted(PIPELINE.glob(pattern)):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(PIPELINE).as_posix().encode())
            digest.update(path.read_bytes())
    for package in packages:
        try:
            digest.update(f"{package} {version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package} missing".encode())
    return digest.hexdigest()


def analysis_fingerprint(settings: Settings) -> str:
    """Everything besides the article itself that an analysis result depends on."""
    registry = settings.entities.read_bytes() if settings.entities.is_file() else b""
    values = {
        field.name: getattr(settings, field.name)
        for field in dataclasses.fields(settings)
        if field.name not in NOT_ANALYSIS
    }
    parts = [
        code_fingerprint([*ANALYSIS_SOURCES, "text/**/*"], ANALYSIS_PACKAGES),
        hashlib.sha256(registry).hexdigest(),
        json.dumps(values, sort_keys=True, default=str),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def valid_until(document: Document, language: str, today: dt.date) -> dt.date | None:
    """The first day on which analysing ``document`` could give another result, or ``None``.

    Analysis compares dates the article mentions with today; its result can only
    change on the day one of those dates stops being in the future.
    """
    from .text.dates import find_mentions  # with the analysis, which only misses need

    texts = [*document.text.splitlines(), " ".join(document.text.split())]
    texts += [value for key, value in document.hints.items() if key == "date"]
    future = [
        mention.value
        for text in texts
        for mention in find_mentions(text, language)
        if mention.value is not None and mention.value > today
    ]
    return min(future) if future else None


class AnalysisCache:
    """Entries of one build: ``lookup`` before analysing, ``store`` after, ``save`` once
    the briefs are written, ``prune`` at the end."""

    def __init__(self, folder: Path, settings: Settings, today: dt.date) -> None:
        self.folder = folder / ENTRIES
        self.fingerprint = analysis_fingerprint(settings)
        self.today = today
        self.used: set[str] = set()
        self.expires: dt.date | None = None  # the first day an entry used is not valid
        self._slugs: dict[str, str] | None = None
        self._slugs_loaded: set[str] = set()
        self._slugs_used: set[str] = set()
        self._slug_code = code_fingerprint(SLUG_SOURCES, SLUG_PACKAGES)
        self._snapshot_code = code_fingerprint((*LINK_SOURCES, "cache_snapshot.py"))
        self._snapshot: Snapshot | None = None
        self.entries: dict[str, Entry] = {}
        """The entries used so far, unlinked, by key."""
        self.names: set[str] = set()
        """The names of the articles keyed (``input_keys``)."""

    @property
    def snapshot(self) -> Snapshot:
        """The last build's snapshot (read on first use) if this code and settings made it."""
        if self._snapshot is None:
            version = f"{FORMAT}\0{self.fingerprint}\0{self._snapshot_code}\0{self._slug_code}"
            version = hashlib.sha256(version.encode()).hexdigest()
            self._snapshot = load_snapshot(self.folder.parent / SNAPSHOT_FILE, version)
        return self._snapshot

    def key(self, path: Path, name: str) -> str:
        digest = hashlib.sha256(f"{self.fingerprint}\0{name}\0".encode())
        digest.update(path.read_bytes())
        return digest.hexdigest()

    def input_keys(self, inputs: list[tuple[Path, str]], max_bytes: int) -> list[str | None]:
        """The key of every input; a file too large to read is keyed by its size (all its
        result depends on), an unreadable one has none (it is never cached)."""
        keys: list[str | None] = []
        self.names.update(name for _, name in inputs)
        for path, name in inputs:
            try:
                size = path.stat().st_size
                if size > max_bytes:
                    text = f"{self.fingerprint}\0{name}\0{size} bytes"
                    keys.append(hashlib.sha256(text.encode()).hexdigest())
                else:
                    keys.append(self.key(path, name))
            except OSError:
                keys.append(None)
        return keys

    def uncached(self, keys: list[str | None]) -> int:
        """How many of the inputs keyed ``keys`` have no cached result (at most: an entry
        found may still have expired)."""
        entries = self.snapshot.entries
        return sum(
            1 for k in keys if k is None or (k not in entries and not self._path(k).is_file())
        )

    def _expiring(self, until: dt.date | None) -> None:
        if until and (self.expires is None or until < self.expires):
            self.expires = until

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def lookup(self, key: str) -> Brief | Problem | None:
        """The cached result for ``key`` if there is one still valid today (a copy: the
        caller may link it)."""
        self.used.add(key)
        entry = self.snapshot.entries.get(key) or self._read(key)
        if entry is None or (entry.until and entry.until <= self.today):
            return None
        self._expiring(entry.until)
        self.entries[key] = entry
        return dataclasses.replace(entry.result)

    def _read(self, key: str) -> Entry | None:
        try:
            text = self._path(key).read_text(encoding="utf-8")
            entry = json.loads(text)
            if entry.get("format") != FORMAT:
                return None
            until = entry.get("valid_until")
            data = entry["data"]
            result = Problem(**data) if entry.get("kind") == "problem" else brief_from_json(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        digest = hashlib.sha256(text.encode()).hexdigest()
        return Entry(digest, dt.date.fromisoformat(until) if until else None, result)

    def store(self, key: str, result: Brief | Problem, until: dt.date | None) -> None:
        self.used.add(key)
        self._expiring(until)
        kind = "problem" if isinstance(result, Problem) else "brief"
        data = dataclasses.asdict(result) if kind == "problem" else brief_to_json(result)
        entry = {
            "format": FORMAT,
            "valid_until": until.isoformat() if until else None,
            "kind": kind,
            "data": data,
        }
        text = json.dumps(entry, ensure_ascii=False)
        write_text_atomic(self._path(key), text)
        digest = hashlib.sha256(text.encode()).hexdigest()
        self.entries[key] = Entry(digest, until, dataclasses.replace(result))

    @property
    def rankings(self) -> dict[str, Rankings]:
        """lingua's rankings by article name (``text.language.remembering``): the last
        build's, updated as articles are analysed."""
        return self.snapshot.rankings

    def digest(self, key: str) -> str | None:
        """A hash of the content of the entry ``key`` this build used (looked up or
        stored), ``None`` for a result that was not cached."""
        entry = self.entries.get(key)
        return entry.digest if entry else None

    def slug(self, brief: Brief) -> str:
        """``make_slug(brief)``, remembered: romanising a title can load a large dictionary."""
        if self._slugs is None:
            self._slugs = load_json_dict(self.folder.parent / SLUGS_FILE)
            self._slugs_loaded = set(self._slugs)
        key = hashlib.sha256(
            "\0".join([self._slug_code, brief.file, brief.title, str(brief.date)]).encode()
        ).hexdigest()
        self._slugs_used.add(key)
        if key not in self._slugs:
            from .briefs import make_slug

            self._slugs[key] = make_slug(brief)
        return self._slugs[key]

    def save(self, records: dict[str, Record] | None = None) -> None:
        """Keep this build's entries, linking memo and brief ``records`` for the next one."""
        snapshot = self.snapshot
        snapshot.entries = {key: self.entries[key] for key in sorted(self.entries)}
        snapshot.rankings = {n: r for n, r in snapshot.rankings.items() if n in self.names}
        if records is not None:
            snapshot.records = records
        save_snapshot(self.folder.parent / SNAPSHOT_FILE, snapshot)

    def release(self) -> None:
        """Drop the snapshot and the entries from memory once the briefs stage is done:
        the rest of the build does not read them, and a large archive's take ~130 MB
        (5,000 articles) through the site and PDF stages. ``prune`` still works."""
        self._snapshot = None
        self.entries = {}

    def prune(self) -> int:
        """Save the slugs this build used; delete the entries it did not use; return how many."""
        if self._slugs is not None and self._slugs_loaded != self._slugs_used:
            kept = {key: self._slugs[key] for key in sorted(self._slugs_used)}
            write_text_atomic(self.folder.parent / SLUGS_FILE, json.dumps(kept))
        removed = 0
        if not self.folder.is_dir():
            return removed
        with os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name.endswith(".json") and entry.name[:-5] not in self.used:
                    os.unlink(entry.path)
                    removed += 1
        return removed

    def front_key(self, inputs: list[tuple[Path, str]], keys: list[str | None]) -> str | None:
        """A key for everything the briefs stage is made from, or ``None`` when some input
        cannot be keyed."""
        if None in keys:
            return None
        digest = hashlib.sha256(f"format {FORMAT}".encode())
        digest.update(code_fingerprint((*LINK_SOURCES, *SLUG_SOURCES), SLUG_PACKAGES).encode())
        for (_, name), key in zip(inputs, keys, strict=True):
            digest.update(f"{name}\0{key}\n".encode())
        return digest.hexdigest()

    def load_front(self, key: str, briefs: Path, keys: list[str | None]) -> dict[str, Any] | None:
        """What the last build's briefs stage made, if it had this key and the brief files
        are still exactly those it left."""
        stored = self.snapshot.front or {}
        until = stored.get("valid_until")
        if (
            stored.get("key") != key
            or stored.get("signature") != files_signature(briefs)
            or (until and until <= self.today)
        ):
            return None
        self.used.update(k for k in keys if k)
        return stored.get("state")

    def keep_front(self, key: str | None, briefs: Path, state: dict[str, Any] | None) -> None:
        """Remember the briefs stage's ``state`` under ``key`` for ``save`` (nothing when
        some input could not be keyed)."""
        self.snapshot.front = None
        if key is not None and state is not None:
            self.snapshot.front = {
                "key": key,
                "signature": files_signature(briefs),
                "valid_until": self.expires,
                "state": state,
            }

    def link_key(self, digests: list[str]) -> str:
        digest = hashlib.sha256(code_fingerprint(LINK_SOURCES).encode())
        for key in digests:
            digest.update(key.encode())
        return digest.hexdigest()

    def load_links(self, key: str) -> dict[str, Any] | None:
        """The links stored for exactly this set of entries, by file name."""
        stored = load_json_dict(self.folder.parent / LINKS_FILE)
        return stored.get("links") if stored.get("key") == key else None

    def save_links(self, key: str, briefs: list[Brief]) -> None:
        links = {b.file: [b.same_story_as, b.duplicate_of, b.warnings] for b in briefs}
        text = json.dumps({"key": key, "links": links}, ensure_ascii=False)
        write_text_atomic(self.folder.parent / LINKS_FILE, text)


def files_signature(folder: Path) -> list[list[Any]]:
    """Name, size, modification and change times of every file in ``folder`` (not
    recursive)."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        stats = [(e.name, e.stat()) for e in entries if e.is_file()]
    return sorted([name, st.st_size, st.st_mtime_ns, st.st_ctime_ns] for name, st in stats)


def brief_to_json(brief: Brief) -> dict[str, Any]:
    """Every field of a ``Brief`` (unlike ``Brief.to_dict``, the public extract contract)."""
    data = dataclasses.asdict(brief)
    data["date"] = brief.date.isoformat() if brief.date else None
    return data


def brief_from_json(data: dict[str, Any]) -> Brief:
    fields = dict(data)
    fields["date"] = dt.date.fromisoformat(data["date"]) if data.get("date") else None
    fields["entities"] = [Entity(**e) for e in data.get("entities", [])]
    fields["figures"] = [Figure(**f) for f in data.get("figures", [])]
    return Brief(**fields)


# Pipeline code the site and the PDFs are made by: all of it, so no import is missed.
OUTPUT_SOURCES = ("**/*",)
OUTPUT_PACKAGES = ("babel", "jinja2", "markdown", "pagefind", "pelican", "pydyf", "weasyprint")


def site_cache(settings: Settings) -> Path:
    """The folder of Pelican's per-locale content caches for these settings and this code.

    Pelican keys its cache entries by file only, and cached metadata carries the
    settings it was read with, so the folder is named after everything else a
    reading depends on; caches made under other settings or code are deleted.
    """
    digest = hashlib.sha256(code_fingerprint(OUTPUT_SOURCES, OUTPUT_PACKAGES).encode())
    digest.update(settings.fingerprint().encode())
    parent = cache_folder(settings) / "site"
    folder = parent / digest.hexdigest()[:16]
    if parent.is_dir():
        for other in parent.iterdir():
            if other != folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)
    return folder
