"""Fonts for the PDFs: that the intended ones are installed, and that every character has one.

The print CSS picks a font per script through ``lang`` (see ``theme/pdf/print.css``);
anything those fonts lack falls back, through fontconfig, to any installed font
that has it. A character no installed font has would print as a blank box, so
such a brief fails instead, naming the character. Coverage is read once per
process from fontconfig's charset index of every installed font (one ``fc-list``
call, ~0.1 s): that index is exactly what Pango's fallback consults, so it
answers "can this be drawn at all" without opening hundreds of font files.
"""

from __future__ import annotations

import bisect
import ctypes.util
import hashlib
import re
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from .errors import BriefpressError, SetupError
from .model import Brief

# Font family → the Debian package that installs it.
REQUIRED_FAMILIES = {
    "Noto Sans": "fonts-noto-core",
    "Noto Serif": "fonts-noto-core",
    "Noto Sans CJK JP": "fonts-noto-cjk",
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "Noto Sans CJK TC": "fonts-noto-cjk",
    "Noto Sans CJK KR": "fonts-noto-cjk",
}
# Characters that never need a glyph: controls, format characters, separators,
# variation selectors.
INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}
VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
UNPRINTABLE = re.compile(r"([\x00-\x08\x0b-\x1f\x7f-\x9f])|[\ud800-\udfff]")


class UncoveredCharacterError(BriefpressError):
    """A brief holds a character that no installed font can draw."""

    def __init__(self, slug: str, title: str, chars: list[str]) -> None:
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in chars)
        super().__init__(f"brief {slug!r} ({title[:60]}): no installed font has {names}")
        self.slug = slug
        self.chars = chars


def _run(args: list[str]) -> str:
    return _run_all([args])[0]


def _run_all(commands: list[list[str]]) -> list[str]:
    """The output of each command, run side by side (each fontconfig call is a process
    start of about 10 ms, and a build that changed nothing makes six)."""
    running: list[subprocess.Popen[str]] = []
    try:
        for args in commands:
            running.append(
                subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            )
    except FileNotFoundError as error:
        for process in running:  # none left behind unwaited
            process.communicate()
        name = error.filename or commands[0][0]
        raise SetupError(f"{name} not found: install the Debian package fontconfig") from error
    finished = [process.communicate() for process in running]
    for args, process, (out, err) in zip(commands, running, finished, strict=True):
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, args, out, err)
    return [out for out, _ in finished]


@lru_cache(maxsize=1)
def font_files() -> dict[str, tuple[Path, int]]:
    """The file and collection index fontconfig resolves for each required family.

    Raises ``SetupError`` naming the Debian package of a missing font, or of a
    missing HarfBuzz subsetter (WeasyPrint's fast font subsetting).
    """
    if ctypes.util.find_library("harfbuzz-subset") is None:
        raise SetupError(
            "libharfbuzz-subset is missing: install the Debian package libharfbuzz-subset0"
        )
    found: dict[str, tuple[Path, int]] = {}
    missing: set[str] = set()
    matches = _run_all(
        [["fc-match", "--format", "%{family[0]}\t%{file}\t%{index}", f] for f in REQUIRED_FAMILIES]
    )
    for (family, package), out in zip(REQUIRED_FAMILIES.items(), matches, strict=True):
        name, _, rest = out.partition("\t")
        file, _, index = rest.partition("\t")
        if name != family:
            missing.add(f"{family!r} (Debian package {package})")
            continue
        found[family] = (Path(file), int(index or 0))
    if missing:
        raise SetupError("fonts missing for the PDFs: " + ", ".join(sorted(missing)))
    return found


@lru_cache(maxsize=1)
def fonts_fingerprint() -> str:
    """The resolved font files, for the incremental-build hash: new fonts mean new PDFs."""
    parts = []
    for family, (path, index) in sorted(font_files().items()):
        stat = path.stat()
        parts.append(f"{family}:{path}:{index}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@lru_cache(maxsize=1)
def _fallback_ranges() -> tuple[list[int], list[int]]:
    """Every installed font's charset as sorted, merged [start, end] ranges."""
    spans: list[tuple[int, int]] = []
    for line in _run(["fc-list", "--format", "%{charset}\n"]).split():
        start, _, end = line.partition("-")
        spans.append((int(start, 16), int(end or start, 16)))
    spans.sort()
    starts: list[int] = []
    ends: list[int] = []
    for start, end in spans:
        if ends and start <= ends[-1] + 1:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _needs_glyph(char: str) -> bool:
    point = ord(char)
    if any(low <= point <= high for low, high in VARIATION_SELECTORS):
        return False
    return unicodedata.category(char) not in INVISIBLE_CATEGORIES


def uncovered(chars: Iterable[str]) -> list[str]:
    """The characters among ``chars`` that no installed font can draw, sorted."""
    starts, ends = _fallback_ranges()
    missing = []
    for char in set(chars):
        point = ord(char)
        if not _needs_glyph(char):
            continue
        at = bisect.bisect_right(starts, point) - 1
        if at < 0 or point > ends[at]:
            missing.append(char)
    return sorted(missing)


def printable(text: str) -> str:
    """Text as the PDF prints it: no control characters, lone surrogates made U+FFFD.

    Controls would print as boxes, and a surrogate cannot even be encoded.
    """
    return UNPRINTABLE.sub(lambda m: "" if m.group(1) else "\ufffd", text)


def brief_text(brief: Brief) -> Iterable[str]:
    """Every piece of the brief's text that a PDF prints."""
    yield from (brief.title, brief.summary, brief.source or "", brief.author or "")
    yield from brief.key_points
    yield from brief.body
    yield from brief.tags
    for entity in brief.entities:
        yield entity.name
    for figure in brief.figures:
        yield figure.text


def check_coverage(brief: Brief, slug: str) -> None:
    """Raise ``UncoveredCharacterError`` when the brief holds a character no font draws."""
    missing = uncovered(printable("".join(brief_text(brief))))
    if missing:
        raise UncoveredCharacterError(slug, brief.title, missing)
