"""What the front of the last build (analysis, links, brief files) made, kept in one file.

Reading a thousand cache entries, linking every brief again and reading every
brief file back cost seconds when one article changed. The snapshot holds, for
the articles of the last build only:

* ``entries``: each analysis result, unlinked, with the digest of its cache entry
  (the digest names the result's content, so linking memos can be keyed by it);
* ``links``: linking's memo (``pipeline.linking.LinkMemo``);
* ``rankings``: by article name, lingua's rankings its analysis used
  (``pipeline.text.language.remembering``), and ``tables`` built from Babel's data
  (``pipeline.text.tables``): a rebuild after an edit then loads neither;
* ``records``: for each brief file the pipeline wrote or read, what it was made
  from, the file's signature then (``signature``), and the ``Brief`` read
  back from it: while both are unchanged the file need not be rendered or read;
* ``front``: the whole briefs stage, for a build in which nothing changed.

It is a pickle (fast to load and save, as Pelican's own cache is), written at the
end of a build through a temporary file; one that cannot be read, or was made
by other code or settings, is ignored, and every entry is then read from its own file.
"""

from __future__ import annotations

import copyreg
import datetime as dt
import io
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from pathlib import Path
from typing import Any, NamedTuple

from .files import write_bytes_atomic
from .linking import LinkMemo
from .model import Brief, Entity, Figure, Problem

SNAPSHOT_FILE = "front.pickle"
Signature = tuple[int, int, int, int]


class Entry(NamedTuple):
    """One analysis result as cached: ``until`` is the first day it no longer holds."""

    digest: str
    until: dt.date | None
    result: Brief | Problem


class Record(NamedTuple):
    """A brief file: what it was rendered from, its signature then, and its ``Brief``."""

    made_from: tuple[Any, ...]
    signature: Signature
    published: Brief


@dataclass
class Snapshot:
    version: str
    entries: dict[str, Entry] = field(default_factory=dict)
    links: LinkMemo = field(default_factory=LinkMemo)
    rankings: dict[str, dict[bytes, list[tuple[str, float]]]] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict)
    records: dict[str, Record] = field(default_factory=dict)
    front: dict[str, Any] | None = None


def load_snapshot(path: Path, version: str) -> Snapshot:
    """The snapshot at ``path`` if it was made by this ``version``, else an empty one."""
    try:
        with path.open("rb") as stream:
            loaded = pickle.load(stream)
    except FileNotFoundError:
        return Snapshot(version)
    except Exception:  # a damaged or outdated file only costs speed
        return Snapshot(version)
    if not isinstance(loaded, Snapshot) or loaded.version != version:
        return Snapshot(version)
    return loaded


def save_snapshot(path: Path, snapshot: Snapshot) -> None:
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(snapshot)
    write_bytes_atomic(path, stream.getvalue())


def _by_constructor(kind: type) -> Callable[[Any], tuple[Any, tuple[Any, ...]]]:
    """Pickle a model dataclass as a call of its constructor: loading thousands of
    entities and figures this way takes a third of the time of the default."""
    values = attrgetter(*(f.name for f in fields(kind)))
    return lambda item: (kind, values(item))


_DISPATCH = copyreg.dispatch_table | {
    kind: _by_constructor(kind) for kind in (Brief, Entity, Figure, Problem)
}


def signature(path: Path) -> Signature | None:
    """Size, modification and change times, and inode: a file replaced or edited has
    other ones (its change time moves even when a tool restores its modification time)."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


class BriefRecords:
    """Which brief files are exactly as this build would write them, without reading them.

    ``identify`` names everything a brief file's text is made from (the cache entry's
    digest, the links and the slug), or gives ``None`` when it cannot.
    """

    def __init__(
        self, old: dict[str, Record], identify: Callable[[Brief], tuple[Any, ...] | None]
    ) -> None:
        self.old = old
        self.identify = identify
        self.new: dict[str, Record] = {}

    def published(self, path: Path, made_from: tuple[Any, ...]) -> Brief | None:
        """The brief read back from ``path`` last time, if the file and what it would be
        made from are both unchanged since."""
        record = self.old.get(path.name)
        if record is None or record.made_from != made_from:
            return None
        if signature(path) != record.signature:
            return None
        self.new[path.name] = record
        return record.published

    def remember(self, path: Path, made_from: tuple[Any, ...], written: Brief, read: Brief) -> None:
        """Record ``path`` as just written from ``written`` (or kept) and read back as ``read``."""
        found = signature(path)
        if found is not None:
            self.new[path.name] = Record(made_from, found, _share(read, written))


def _share(read: Brief, written: Brief) -> Brief:
    """``read`` with each field equal to ``written``'s replaced by that very object, so
    the snapshot stores the text of a brief once."""
    for item in fields(Brief):
        mine, theirs = getattr(read, item.name), getattr(written, item.name)
        if mine is not theirs and mine == theirs:
            setattr(read, item.name, theirs)
    return read
