"""The fingerprint of everything the site and the PDFs are made from.

The build compares it with the one the published output was made from: when they
are equal, the site and PDF stages need not run at all.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from .cache import OUTPUT_PACKAGES, OUTPUT_SOURCES, cache_folder, code_fingerprint
from .files import load_json_dict, write_text_atomic
from .settings import Settings

FILE_DIGESTS = "file-digests.json"


def outputs_fingerprint(settings: Settings, digests: list[dict[str, Any]], extra: str = "") -> str:
    """A hash of everything the site and the PDFs are made from.

    The brief files (hand edits included), the digest plans, the settings, the
    theme (templates, styles, catalogs, PDF labels) and the code. Equal hashes mean
    a build would write the very same output, so it need not run. Files are hashed
    again only when their signature changed (``FILE_DIGESTS`` in the cache folder).
    """
    digest = hashlib.sha256(code_fingerprint(OUTPUT_SOURCES, OUTPUT_PACKAGES).encode())
    digest.update(settings.fingerprint().encode())
    digest.update(json.dumps(digests, sort_keys=True, ensure_ascii=False).encode())
    digest.update(extra.encode())
    memo_file = cache_folder(settings) / FILE_DIGESTS
    memo = load_json_dict(memo_file)
    used: dict[str, list[Any]] = {}
    for folder in (settings.briefs, settings.theme):
        for name, path in _files(folder):
            digest.update(f"\0{name}\0".encode())
            digest.update(_file_digest(path, memo, used).encode())
    if used != memo:
        write_text_atomic(memo_file, json.dumps(used))
    return digest.hexdigest()


def folder_digest(folder: Path) -> str:
    """The SHA-256 of every file under ``folder`` (names and contents; as ``_files``)."""
    digest = hashlib.sha256()
    for name, path in _files(folder):
        digest.update(f"\0{name}\0".encode())
        with open(path, "rb") as stream:
            digest.update(hashlib.sha256(stream.read()).digest())
    return digest.hexdigest()


def _files(folder: Path) -> list[tuple[str, str]]:
    """Every file under ``folder`` but compiled catalogs (``.mo``, built from the ``.po``
    files), as (POSIX path relative to ``folder``, path), sorted."""
    found = []
    for root, _, names in os.walk(folder):
        prefix = os.path.relpath(root, folder).replace(os.sep, "/")
        for name in names:
            path = os.path.join(root, name)
            if not name.endswith(".mo") and os.path.isfile(path):
                found.append((name if prefix == "." else f"{prefix}/{name}", path))
    return sorted(found)


def _file_digest(path: str, memo: dict[str, Any], used: dict[str, list[Any]]) -> str:
    """The SHA-256 of a file, taken from ``memo`` while the file's signature (size,
    modification and change times, inode) is the one it had when hashed."""
    stat = os.stat(path)
    signature = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
    known = memo.get(path)
    if isinstance(known, list) and known[:-1] == signature:
        used[path] = known
    else:
        with open(path, "rb") as stream:
            used[path] = [*signature, hashlib.sha256(stream.read()).hexdigest()]
    return str(used[path][-1])
