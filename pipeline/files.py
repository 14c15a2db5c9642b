"""File writing that never leaves a half-written file or changes a previous build's files.

A build updates a hard-linked mirror of the published output and then swaps the
two folders. The mirror is kept for the next build, so that build only relinks
the entries that differ (``mirror_tree``) instead of copying the whole tree.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# What renameat2 says when the kernel or the file system cannot exchange.
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP})


def load_json_dict(path: Path) -> dict[str, Any]:
    """The JSON object in ``path``; empty when the file is missing, unreadable or not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_text_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and a rename.

    Files in the staging folder are hard links to the published ones, so writing
    in place would change the published site; a rename replaces only the link. The
    temporary file is the process's own: two PDF workers may keep the same font
    subset or folio sheet at once.
    """
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """``write_text_atomic`` for bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def link_tree(source: Path, target: Path) -> None:
    """Copy a folder as hard links: the copy shares no writes with the source as long
    as every writer replaces files instead of rewriting them."""
    shutil.copytree(source, target, copy_function=os.link, symlinks=True)


def mirror_tree(source: Path, target: Path) -> None:
    """Make ``target`` a hard-linked copy of ``source``, touching only what differs.

    Entries are compared by inode, which ``scandir`` reports without a ``stat``: a
    target entry with the source entry's inode is the very same file. When the
    target is the folder the last build swapped out, only the files that build
    replaced, added or removed are relinked.
    """
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        target.unlink()
    if not target.is_dir():
        link_tree(source, target)
        return
    _mirror(os.fspath(source), os.fspath(target))


def _mirror(source: str, target: str) -> None:
    """Remove what ``target`` has and ``source`` lacks (or holds as another kind of
    entry), link what differs, and recurse into the folders both have."""
    with os.scandir(source) as entries:
        wanted = {entry.name: entry for entry in entries}
    with os.scandir(target) as entries:
        present = {entry.name: entry for entry in entries}
    for name, entry in list(present.items()):
        want = wanted.get(name)
        if want is None or want.is_dir(follow_symlinks=False) != entry.is_dir(
            follow_symlinks=False
        ):
            _remove(entry)
            del present[name]
    for name, want in wanted.items():
        have = present.get(name)
        there = os.path.join(target, name)
        if want.is_dir(follow_symlinks=False):
            if have is None:
                shutil.copytree(want.path, there, copy_function=os.link, symlinks=True)
            else:
                _mirror(want.path, there)
        elif have is None or have.inode() != want.inode():
            if have is not None:
                os.unlink(there)
            os.link(want.path, there, follow_symlinks=False)


def files_under(folder: Path) -> set[str]:
    """The files in ``folder`` and its subfolders, as ``/``-separated relative paths: one
    directory read per folder, where testing each of thousands of paths is a ``stat`` each."""
    found: set[str] = set()
    pending = [("", os.fspath(folder))]
    while pending:
        prefix, path = pending.pop()
        try:
            with os.scandir(path) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((f"{prefix}{entry.name}/", entry.path))
                    elif entry.is_file():
                        found.add(prefix + entry.name)
        except OSError:  # gone or unreadable: its files are not there
            continue
    return found


def _remove(entry: os.DirEntry[str]) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders' names in one atomic step (Linux ``renameat2``); ``False`` when
    the system cannot, and nothing was changed."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    error = ctypes.get_errno()
    if error in _UNSUPPORTED:
        return False
    raise OSError(error, os.strerror(error), os.fspath(first), None, os.fspath(second))


@cache
def _renameat2() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function
