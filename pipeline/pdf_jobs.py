"""The two kinds of work a PDF worker does: lay a brief out, and assemble a PDF.

A ``SectionTask`` makes the brief's section HTML for one interface locale and,
unless the cache has it already, checks that fonts cover its text, lays it out
and records it (``pdf_section``).
An ``AssembleTask`` lays out the frame of a brief's own PDF or of a digest and
draws the cached sections on its host pages (``pdf_assemble``), a digest's with
footers from its folio sheet, cached like a section, as its cover and contents are;
it writes nothing when the hash of the frame and its sections is the one printed before.
Both run in the worker processes, which inherit a ``PdfContext`` when they start.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Brief
from .pdf_fonts import UncoveredCharacterError, check_coverage
from .pdf_html import (
    PdfPage,
    brief_anchor,
    brief_frame,
    digest_frame,
    folio_sheet,
    link_from,
    section_html,
)
from .pdf_plan import DigestPlan, brief_slug
from .pdf_render import (
    PDF_OPTIONS,
    RenderOutcome,
    collected_warnings,
    lay_out,
    set_metadata,
)
from .settings import Settings


@dataclass(frozen=True)
class PdfContext:
    """What every task needs besides its own inputs."""

    settings: Settings
    output: Path
    cache: Path
    css: str
    base: str  # hash of the stylesheet, templates, fonts, WeasyPrint and the recorder
    site_url: str
    created: dt.datetime

    @property
    def allowed(self) -> list[Path]:
        return [self.settings.theme, self.output]


@dataclass
class SectionTask:
    brief: Brief
    slug: str
    locale: str


@dataclass
class SectionOutcome:
    slug: str
    locale: str
    key: str = ""
    pages: int = 0  # laid out now (0 when the cache had it)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class AssembleTask:
    """A brief's own PDF (``plan`` is None, one brief) or a digest, at ``rel``."""

    rel: str
    briefs: list[Brief]
    keys: list[str]
    locale: str  # of the sections it is assembled from
    old_digest: str | None
    plan: DigestPlan | None = None
    front: int | None = None  # a digest's cover and contents pages when last printed


def section_key(base: str, html: str) -> str:
    return hashlib.sha256(f"{base}\0{html}".encode()).hexdigest()


def lay_out_section(context: PdfContext, task: SectionTask) -> SectionOutcome:
    """Make sure the cache holds the task's section; never raises."""
    from .pdf_record import record_section
    from .pdf_section import SectionCache

    outcome = SectionOutcome(task.slug, task.locale)
    with collected_warnings() as warnings:
        try:
            settings = context.settings
            html = section_html(task.brief, task.locale, settings, context.site_url)
            outcome.key = key = section_key(context.base, html)
            cache = SectionCache(context.cache)
            if not cache.has(key):
                check_coverage(task.brief, task.slug)
                refused: list[str] = []
                document = lay_out(html, context.css, context.allowed, refused)
                if refused:
                    raise ValueError(f"refused by the PDF sandbox: {refused[0]}")
                cache.save(key, record_section(document, key[:12]))
                outcome.pages = len(document.pages)
        except UncoveredCharacterError as error:
            outcome.error = str(error)
        except Exception as error:  # one bad brief must not stop the others
            outcome.error = f"brief {task.slug!r} ({task.locale}): {type(error).__name__}: {error}"
    outcome.warnings = [f"{task.slug} ({task.locale}): {m}" for m in warnings]
    return outcome


def assemble(context: PdfContext, task: AssembleTask) -> RenderOutcome:
    """Print the task's PDF from its frame and cached sections; never raises."""
    from .pdf_assemble import KeptSubsets, folio_pages, host_pages, write_assembled
    from .pdf_section import SectionCache, SubsetCache

    outcome = RenderOutcome(task.rel)
    target = context.output / task.rel
    tmp = target.with_name(target.name + ".tmp")
    with collected_warnings() as warnings:
        try:
            cache = SectionCache(context.cache)
            sections = [_kept_section(context, cache, task, i) for i in range(len(task.keys))]
            counts = [len(section.pages) for section in sections]
            outcome.digest = _digest(context, task, _frame(context, task, counts, dated=False))
            if outcome.digest == task.old_digest and target.is_file():
                outcome.unchanged = True
                return outcome
            folios = subsets = None
            if task.plan is None:
                page = _frame(context, task, counts, dated=True)
                document = _frame_document(context, page.html, outcome.refused)
                hosts = host_pages(document, sections)
            else:
                page, document, drawn, outcome.cover = _digest_front(
                    context, cache, task, counts, outcome.refused
                )
                outcome.front = len(document.pages)
                outcome.folios, folios = _folio_sheet(
                    context, cache, task.locale, outcome.front, counts, outcome.refused
                )
                anchors = [brief_anchor(brief) for brief in task.briefs]
                hosts = drawn + folio_pages(document, sections, folios, anchors)
                # A digest's fonts, CJK ones among them, are large subsets; a brief's are small.
                subsets = KeptSubsets(SubsetCache(context.cache), context.base)
            set_metadata(document, page, context.created)
            target.parent.mkdir(parents=True, exist_ok=True)
            depth = task.rel.count("/")
            fix = link_from(depth)
            write_assembled(document, hosts, tmp, fix, folios, subsets, **PDF_OPTIONS)
            tmp.replace(target)
            outcome.subsets = subsets.keys if subsets else []
            outcome.pages = len(document.pages)
        except Exception as error:  # one bad PDF must not stop the others
            outcome.error = f"{type(error).__name__}: {error}"
            tmp.unlink(missing_ok=True)
        finally:
            outcome.warnings = [f"{task.rel}: {m}" for m in warnings]
    return outcome


def _kept_section(context: PdfContext, cache: Any, task: AssembleTask, index: int) -> Any:
    """The task's ``index``-th section from the cache; laid out again from its brief if
    the cache lost it or cannot read it, so a damaged file fails no build after it."""
    section = cache.get(task.keys[index])
    if section is not None:
        return section
    brief = task.briefs[index]
    again = lay_out_section(context, SectionTask(brief, brief_slug(brief), task.locale))
    if again.error or again.key != task.keys[index]:
        raise ValueError(again.error or f"the section of {brief_slug(brief)!r} changed")
    return cache.load(again.key)


_FRAMES: OrderedDict[str, Any] = OrderedDict()
FRAMES_KEPT = 32
# How many pages a digest's cover and contents are first laid out as taking (the
# contents number the brief pages after them), unless they took another number before.
FRONT_PAGES = 3
FRONT_LAYOUTS = 4
# The document a digest's kept cover and contents are drawn in: its pages are replaced,
# its metadata set, so only WeasyPrint's document-wide state is taken from it.
STAND_IN = '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body></body></html>'


def _frame_document(context: PdfContext, html: str, refused: list[str]) -> Any:
    """A brief's frame laid out: the same for all briefs of a language and length, it is
    laid out once per process and copied, as WeasyPrint copies documents."""
    document = _FRAMES.pop(html, None) or lay_out(html, context.css, context.allowed, refused)
    _FRAMES[html] = document
    while len(_FRAMES) > FRAMES_KEPT:
        _FRAMES.popitem(last=False)
    return document.copy(list(document.pages))


def _frame(
    context: PdfContext,
    task: AssembleTask,
    counts: list[int],
    dated: bool,
    front: int = FRONT_PAGES,
) -> PdfPage:
    if task.plan is None:
        return brief_frame(task.briefs[0], context.settings, counts[0])
    when = context.created.date() if dated else None
    return digest_frame(task.plan, task.briefs, context.settings, counts, when, front)


def _digest_front(
    context: PdfContext, cache: Any, task: AssembleTask, counts: list[int], refused: list[str]
) -> tuple[PdfPage, Any, list[Any], str]:
    """A digest's cover and contents with the page numbers they lead to, the document to
    print the digest in, its pages that draw them, and the key they are kept under.

    They are laid out again when they take another number of pages than the numbers
    assumed (the pages they took when last printed, else ``FRONT_PAGES``). Their
    layout is recorded and cached like a brief's section, by the hash of their HTML,
    and drawn on a frame with no page of its own (``STAND_IN``): a reprint whose
    contents read as before, one brief edited say, lays out none of them. A theme
    whose cover a section cannot hold (an image, say) prints them as laid out, in
    their own document.
    """
    from .pdf_assemble import drawn_pages
    from .pdf_record import UnsupportedSection, record_section

    front = task.front or FRONT_PAGES
    for _ in range(FRONT_LAYOUTS):
        page = _frame(context, task, counts, dated=True, front=front)
        key = section_key(context.base, page.html)
        kept = cache.get(key)
        if kept is None:
            document = lay_out(page.html, context.css, context.allowed, refused)
            if len(document.pages) != front:
                front = len(document.pages)
                continue
            try:
                kept = record_section(document, key[:12], within=True)
            except UnsupportedSection:
                return page, document, [], ""
            cache.save(key, kept)
        stand_in = _frame_document(context, STAND_IN, refused)
        anchors = [brief_anchor(brief) for brief in task.briefs]
        return page, stand_in, drawn_pages(stand_in, kept, anchors), key
    raise ValueError(f"the contents take {front} pages, then more or fewer, as they are numbered")


def _folio_sheet(
    context: PdfContext,
    cache: Any,
    locale: str,
    front: int,
    counts: list[int],
    refused: list[str],
) -> tuple[str, Any]:
    """The footers of a digest's brief pages, from the section cache (key and sheet): the
    same for every digest of this locale whose brief pages start and end where its do."""
    from .pdf_record import record_folios

    pages = sum(counts)
    html = folio_sheet(locale, context.settings, front + 1, pages, front + pages)
    key = section_key(context.base, html)
    folios = cache.get(key)
    if folios is not None:
        return key, folios
    folios = record_folios(lay_out(html, context.css, context.allowed, refused))
    cache.save(key, folios)
    return key, folios


def _digest(context: PdfContext, task: AssembleTask, page: PdfPage) -> str:
    """What the PDF shows: its frame, its metadata and its sections."""
    meta = json.dumps([page.title, page.lang, page.authors, page.description, page.keywords])
    parts = [context.base, context.site_url, task.rel, page.html, meta, *task.keys]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()
