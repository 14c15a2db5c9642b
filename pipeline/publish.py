"""Publishing a build: it is prepared in a staging folder beside the output, a hard-linked
mirror of the published output kept between builds, and swapped in at once when it
succeeded, so the output is never half-written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .files import exchange, mirror_tree

__all__ = ["recover", "staging_folder", "staging_path", "swap_in"]


def staging_path(output: Path) -> Path:
    """Where a build of ``output`` is prepared (kept between builds, beside the output)."""
    return output.parent / f".{output.name}.building"


def staging_folder(output: Path) -> Path:
    """A hard-linked copy of the published output, for this build to update and swap in.

    The copy keeps what incremental stages reuse (PDFs and their hashes, the page
    manifest) while the published folder stays untouched until the swap. The folder
    the last swap left beside the output is brought up to date rather than copied.
    """
    staging = staging_path(output)
    recover(output)
    if output.is_dir():
        mirror_tree(output, staging)
    else:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
    return staging


def _aside_path(output: Path) -> Path:
    """Where ``swap_in`` moves the published output while it renames the staging folder."""
    return output.parent / f".{output.name}.old"


def recover(output: Path) -> None:
    """Put back the output a build killed half-way through ``swap_in`` had moved aside."""
    old = _aside_path(output)
    if old.is_dir() and not output.exists():
        old.rename(output)
    elif old.exists():
        shutil.rmtree(old)


def swap_in(staging: Path, output: Path) -> None:
    """Publish ``staging`` as ``output`` in one atomic exchange, so ``output`` is never
    half-written; the previous output is left in ``staging`` for the next build.

    Where the system cannot exchange two names, two renames do, and a build killed
    between them is put right by the next (``recover``).
    """
    if not output.exists():
        staging.rename(output)
        return
    if exchange(staging, output):
        return
    old = _aside_path(output)
    output.rename(old)
    staging.rename(output)
    old.rename(staging)
