"""File writing that never leaves a half-written file or changes a previous build's files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_text_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and a rename.

    Files in the staging folder are hard links to the published ones, so writing
    in place would change the published site; a rename replaces only the link.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def link_tree(source: Path, target: Path) -> None:
    """Copy a folder as hard links: instant, and the copy shares no writes with the source
    as long as every writer replaces files instead of rewriting them."""
    shutil.copytree(source, target, copy_function=os.link, symlinks=True)
