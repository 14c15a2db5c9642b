"""Printing one HTML page to PDF with WeasyPrint, inside a sandbox.

WeasyPrint is imported only here and only when a PDF is printed, so the parent
process of the worker pool never loads Pango. The URL fetcher refuses every
URL except files inside the folders we allow (the theme and the output): no
network, no ``data:``, nothing else on disk, symlinks resolved before checking.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

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


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings so the build report can show them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_job(job: RenderJob) -> RenderOutcome:
    """Print ``job`` to its target through a temporary file; never raises."""
    from weasyprint import CSS, HTML

    refused: list[str] = []
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    outcome = RenderOutcome(job.key)
    tmp = job.target.with_name(job.target.name + ".tmp")
    try:
        fetcher = sandbox_fetcher(job.allowed, refused)
        html = HTML(string=job.page.html, base_url=None, url_fetcher=fetcher)
        css = CSS(string=job.css, url_fetcher=fetcher)
        document = html.render(stylesheets=[css], **PDF_OPTIONS)
        meta = document.metadata
        meta.title = job.page.title
        meta.authors = list(job.page.authors)
        meta.description = job.page.description or None
        meta.keywords = list(job.page.keywords)
        meta.lang = job.page.lang
        meta.created = job.created.isoformat(timespec="seconds")
        meta.modified = meta.created
        meta.generator = "Briefpress (WeasyPrint)"
        job.target.parent.mkdir(parents=True, exist_ok=True)
        document.write_pdf(tmp, **PDF_OPTIONS)
        tmp.replace(job.target)
        outcome.pages = len(document.pages)
    except Exception as error:  # one bad PDF must not stop the others
        outcome.error = f"{type(error).__name__}: {error}"
        tmp.unlink(missing_ok=True)
    finally:
        logger.removeHandler(collect)
    outcome.warnings = [f"{job.key}: {m}" for m in collect.messages]
    outcome.refused = refused
    return outcome
