"""Laying HTML out with WeasyPrint inside a sandbox, and printing one page to PDF.

WeasyPrint is imported only here and by ``pdf_record`` and ``pdf_assemble``, and
only when a PDF is printed. The URL fetcher refuses every URL except files inside
the folders we allow (the theme and the output): no network, no ``data:``,
nothing else on disk, symlinks resolved before checking.
Each process parses the print stylesheet and sets up fonts once
(``weasyprint_setup``) and reuses them for every document it lays out.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .errors import WarningCollector
from .pdf_html import PdfPage

# Tagged PDF/UA-1: text extraction and outline survive it (tests check), and
# screen readers get the structure.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}


@dataclass
class RenderJob:
    """One PDF to print: where, from what, and which folders it may read."""

    key: str
    page: PdfPage
    css: str
    target: Path
    allowed: list[Path]
    created: dt.datetime


@dataclass
class RenderOutcome:
    key: str
    pages: int = 0
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    error: str | None = None
    digest: str | None = None  # the hash of what was printed, or found unchanged
    unchanged: bool = False
    folios: str = ""  # the key of a digest's folio sheet, kept in the section cache
    cover: str = ""  # the key of a digest's cover and contents, kept there too (if recorded)
    subsets: list[str] = field(default_factory=list)  # keys of a digest's kept font subsets
    front: int = 0  # the pages of a digest's cover and contents


def is_allowed(url: str, allowed: list[Path]) -> bool:
    """True only for a ``file:`` URL whose real path lies inside one of ``allowed``."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = os.path.realpath(unquote(parts.path))
    return any(
        os.path.commonpath([path, os.path.realpath(root)]) == os.path.realpath(root)
        for root in allowed
    )


def sandbox_fetcher(allowed: list[Path], refused: list[str]) -> Any:
    """A WeasyPrint URL fetcher that records and refuses everything outside ``allowed``."""
    from weasyprint.urls import URLFetcher

    class SandboxFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not is_allowed(url, allowed):
                refused.append(url[:200])
                raise ValueError(f"refused by the PDF sandbox: {url[:200]}")
            return super().fetch(url, headers)

    return SandboxFetcher(timeout=5, allowed_protocols=("file",), allow_redirects=False)


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """The messages WeasyPrint logs while the block runs."""
    collect = WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        yield collect.messages
    finally:
        logger.removeHandler(collect)


@lru_cache(maxsize=2)
def weasyprint_setup(css: str, allowed: tuple[Path, ...]) -> tuple[Any, Any]:
    """This process's font configuration and parsed stylesheet, made once."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    refused: list[str] = []
    sheet = CSS(string=css, url_fetcher=sandbox_fetcher(list(allowed), refused), font_config=fonts)
    if refused:
        raise ValueError(f"the print stylesheet refers outside the theme: {refused[0]}")
    return fonts, sheet


def lay_out(html: str, css: str, allowed: list[Path], refused: list[str]) -> Any:
    """``html`` laid out as a WeasyPrint document, fetching only inside ``allowed``."""
    from weasyprint import HTML

    fonts, sheet = weasyprint_setup(css, tuple(allowed))
    document = HTML(string=html, base_url=None, url_fetcher=sandbox_fetcher(allowed, refused))
    return document.render(stylesheets=[sheet], font_config=fonts, **PDF_OPTIONS)


def set_metadata(document: Any, page: PdfPage, created: dt.datetime) -> None:
    """The PDF's title, authors, subject, keywords, language and dates."""
    meta = document.metadata
    meta.title = page.title
    meta.authors = list(page.authors)
    meta.description = page.description or None
    meta.keywords = list(page.keywords)
    meta.lang = page.lang
    meta.created = created.isoformat(timespec="seconds")
    meta.modified = meta.created
    meta.generator = "Briefpress (WeasyPrint)"


def render_job(job: RenderJob) -> RenderOutcome:
    """Print ``job``'s page as it is to its target through a temporary file; never raises."""
    outcome = RenderOutcome(job.key)
    tmp = job.target.with_name(job.target.name + ".tmp")
    with collected_warnings() as warnings:
        try:
            document = lay_out(job.page.html, job.css, job.allowed, outcome.refused)
            set_metadata(document, job.page, job.created)
            job.target.parent.mkdir(parents=True, exist_ok=True)
            document.write_pdf(tmp, **PDF_OPTIONS)
            tmp.replace(job.target)
            outcome.pages = len(document.pages)
        except Exception as error:  # one bad PDF must not stop the others
            outcome.error = f"{type(error).__name__}: {error}"
            tmp.unlink(missing_ok=True)
    outcome.warnings = [f"{job.key}: {m}" for m in warnings]
    return outcome
