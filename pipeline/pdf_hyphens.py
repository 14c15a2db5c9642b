"""Hyphenation patterns kept parsed between PDF processes.

The print stylesheet hyphenates a brief's justified text (``hyphens: auto``), which
WeasyPrint does with pyphen. pyphen parses a language's patterns file the first time a
process hyphenates that language: 0.6 s for German, 0.07 s for English. Every build's PDF
processes are new, so a rebuild that prints one German brief paid that 0.6 s each time.

``keep_parsed(folder)`` makes pyphen take each language's patterns from a ``marshal``
file in ``folder`` when there is one (0.04 s for German), and write it when there is
not. A file is named by pyphen's version, the patterns file and this Python's version,
so an upgrade of either parses afresh. Patterns with nonstandard hyphenation (which
pyphen holds as ints carrying data) are not kept: ``marshal`` cannot hold them.
"""

from __future__ import annotations

import contextlib
import marshal
import sys
from functools import partial
from pathlib import Path

import pyphen

from .files import write_bytes_atomic

__all__ = ["keep_parsed"]

_PARSE = pyphen.HyphDict


def keep_parsed(folder: Path) -> None:
    """From now on in this process (and those it forks), pyphen's patterns are kept in
    ``folder`` (see the module's docstring)."""
    pyphen.HyphDict = partial(kept_patterns, folder)  # type: ignore[misc]


def kept_patterns(folder: Path, path: Path) -> pyphen.HyphDict:
    """The parsed patterns of ``path`` (a pyphen ``hyph_*.dic``): from ``folder`` if kept
    there, else parsed, and kept when they can be."""
    kept = folder / _kept_name(path)
    try:
        patterns, maxlen = marshal.loads(kept.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        parsed = _PARSE(path)
        if _plain(parsed.patterns):
            with contextlib.suppress(OSError):  # a cache that cannot be written fails no PDF
                kept.parent.mkdir(parents=True, exist_ok=True)
                write_bytes_atomic(kept, marshal.dumps((parsed.patterns, parsed.maxlen)))
        return parsed
    hyph = object.__new__(_PARSE)
    hyph.patterns, hyph.cache, hyph.maxlen = patterns, {}, maxlen
    return hyph


def _kept_name(path: Path) -> str:
    size = path.stat().st_size
    python = "".join(map(str, sys.version_info[:2]))
    return f"{path.stem}-{size}-pyphen{pyphen.__version__}-py{python}.marshal"


def _plain(patterns: dict[str, tuple[int, tuple[int, ...]]]) -> bool:
    """Whether every value is a plain ``int`` (no nonstandard hyphenation data)."""
    return all(type(value) is int for _, values in patterns.values() for value in values)
