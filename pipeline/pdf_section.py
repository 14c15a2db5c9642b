"""A brief laid out once per interface locale and kept as data, to assemble PDFs from.

Laying text out is what makes PDFs slow, and every brief is printed several
times: in its own PDF and in each digest that holds it. So a brief's ``<article>``
is laid out once per interface locale on pages of its own (a *section*, without
the page-numbered footer, which depends on where it lands) and recorded as plain
data: each page's drawing operators, the PDF/UA structure elements with their
marked-content ids, the links, the bookmarks, and for each font the Pango
description to load it again with the glyphs used. Sections are cached by the
hash of their HTML, so a digest gains or loses a brief without laying out the
others again; ``pdf_assemble`` puts sections on the pages of a *frame* document.

``pdf_record`` makes sections; this module only holds them, without WeasyPrint.
"""

from __future__ import annotations

import marshal
from dataclasses import dataclass, field, fields
from pathlib import Path

from .files import write_bytes_atomic

# Bumped when the recorded data changes shape; part of every section's cache key.
FORMAT = 1
# What reading a damaged or foreign section file raises (``marshal``, then unpacking).
UNREADABLE = (OSError, EOFError, ValueError, TypeError)
SUBSET_SUFFIX = ".subset"
# The zlib level of every stream Briefpress compresses in a PDF: zlib's default, about
# four times as fast as pydyf's 9 on page content for 3% more bytes (1% of a digest).
# Part of every section's and kept subset's key, as this module's code is.
FLATE_LEVEL = 6

# (family, style, weight, variations, size, widths, to_unicode, missing)
FontUse = tuple[str, int, int, str | None, float, dict[int, float], dict[int, str], dict[int, int]]
# A structure element: tag, section page, other keys as PDF bytes, kids. A kid is
# ("m", marked-content id), ("e", element index) or ("l", link index).
Element = tuple[str, int, dict[str, bytes], list[tuple[str, int]]]


@dataclass
class SectionPage:
    width: float
    height: float
    content: bytes  # the page's drawing operators, Flate-compressed
    mcids: int  # marked-content ids 0 … mcids - 1 are used


@dataclass
class Section:
    """One laid-out brief; every field is plain data (``marshal`` stores it)."""

    pages: list[SectionPage]
    elements: list[Element] = field(default_factory=list)
    roots: list[int] = field(default_factory=list)  # elements under the document, in order
    orphans: list[int] = field(default_factory=list)  # margin-box elements, mapped but unlinked
    links: list[tuple[int, list[float], str]] = field(default_factory=list)
    bookmarks: list[tuple[int, int, str, float, float, str]] = field(default_factory=list)
    fonts: dict[str, FontUse] = field(default_factory=dict)  # by WeasyPrint's font hash
    states: dict[str, dict[str, float]] = field(default_factory=dict)  # ExtGState resources


class SectionCache:
    """Sections on disk, one file per HTML hash; written atomically, read with ``marshal``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.section"

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def save(self, key: str, section: Section) -> None:
        pages = [(p.width, p.height, p.content, p.mcids) for p in section.pages]
        data = [pages] + [getattr(section, f.name) for f in fields(Section)[1:]]
        write_bytes_atomic(self.path(key), marshal.dumps((FORMAT, data)))

    def get(self, key: str) -> Section | None:
        """The section, or None when it is not kept or cannot be read (a damaged file is
        deleted, so the section is laid out and kept again)."""
        try:
            return self.load(key)
        except FileNotFoundError:
            return None
        except UNREADABLE:
            self.path(key).unlink(missing_ok=True)
            return None

    def load(self, key: str) -> Section:
        version, data = marshal.loads(self.path(key).read_bytes())
        if version != FORMAT:
            raise ValueError(f"section {key} was recorded in format {version}")
        pages, *rest = data
        return Section([SectionPage(*page) for page in pages], *rest)

    def prune(self, keep: set[str]) -> int:
        """Delete the sections and font subsets no PDF of this build uses; return how many."""
        removed = 0
        for pattern in ("*.section", f"*{SUBSET_SUFFIX}"):
            for path in self.folder.glob(pattern):
                if path.stem not in keep:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed


class SubsetCache:
    """Font subsets of earlier prints, Flate-compressed, one file per key, beside the
    sections (``pdf_assemble.KeptSubsets`` makes and uses them; ``SectionCache.prune``
    prunes them).

    A digest embeds a subset of each font it uses, CJK fonts of hundreds of kilobytes
    among them; subsetting them and compressing the result again took a third of the
    time of reprinting a digest whose glyphs had not changed.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{SUBSET_SUFFIX}"

    def get(self, key: str) -> bytes | None:
        """The kept subset, or None when there is none (or it cannot be read)."""
        try:
            return self.path(key).read_bytes()
        except OSError:
            return None

    def save(self, key: str, data: bytes) -> None:
        write_bytes_atomic(self.path(key), data)

    def forget(self, key: str) -> None:
        """Delete a kept subset that turned out damaged."""
        self.path(key).unlink(missing_ok=True)
