"""Stage 5: PDF briefs and digests (WeasyPrint).

``plan_digests`` (see ``pdf_plan``) says which digests exist; ``render_pdfs``
prints every brief to ``pdf/<slug>.pdf`` and every digest to its plan's path.
Builds are incremental: each PDF's inputs (HTML, CSS, templates, labels, fonts,
options) are hashed into ``pdf/.hashes.json`` and a PDF whose hash did not change
is not printed again. Making the HTML to hash costs time too, so a cheaper key
(the briefs, the plan, the settings and the code) is kept in ``pdf/.inputs.json``:
when it did not change, neither did the HTML. Printing runs in two worker
processes when there is more than one PDF to print; the HTML is made lazily, so
at most a few digests' worth of briefs are in memory at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib.metadata import version
from itertools import chain, islice
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .cache import code_fingerprint
from .files import write_text_atomic
from .model import Brief
from .pdf_fonts import UncoveredCharacterError, check_coverage, font_files, fonts_fingerprint
from .pdf_html import PdfPage, brief_page, digest_page, stylesheet, template_sources
from .pdf_plan import DigestPlan, brief_slug, plan_digests
from .pdf_render import PDF_OPTIONS, RenderJob, RenderOutcome, render_job
from .settings import Settings
from .site_i18n import po_path

__all__ = ["DigestPlan", "PdfResult", "plan_digests", "render_pdfs"]

HASHES_FILE = ".hashes.json"
INPUTS_FILE = ".inputs.json"
# The code that turns briefs into PDF pages, for the input keys: every top-level module,
# so no import is missed (a code change only costs making the HTML once to compare).
PAGE_SOURCES = ("*.py",)
WORKERS = 2
IN_FLIGHT = 2 * WORKERS


@dataclass
class PdfResult:
    """What ``render_pdfs`` did; ``failures`` maps an output path to why it has no PDF."""

    files: int = 0
    pages: int = 0
    unchanged: int = 0
    removed: int = 0
    warnings: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "pages": self.pages,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "warnings": list(self.warnings),
            "failures": dict(self.failures),
        }


def _base_fingerprint(settings: Settings, site_url: str) -> str:
    """Everything every PDF depends on besides its own HTML (labels are in the HTML, so a
    translation changes only the PDFs that show it)."""
    parts = [
        stylesheet(settings.theme),
        template_sources(settings.theme),
        fonts_fingerprint(),
        version("weasyprint"),
        json.dumps(PDF_OPTIONS, sort_keys=True),
        site_url,
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _page_hash(base: str, page: PdfPage) -> str:
    meta = json.dumps([page.title, page.lang, page.authors, page.description, page.keywords])
    return hashlib.sha256(f"{base}\0{page.html}\0{meta}".encode()).hexdigest()


def build_time() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention), so two
    builds of the same inputs can give byte-identical PDFs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _inputs_base(settings: Settings, base: str) -> str:
    """Everything a page's HTML is made from besides its briefs and plan."""
    parts = [base, repr(settings), repr(sorted(settings.pelican.items()))]
    parts.append(code_fingerprint(PAGE_SOURCES))
    labels = [settings.theme / "pdf" / "labels.toml"]
    labels += [
        po_path(settings.theme, loc) for loc in {settings.default_locale, *settings.digest_locales}
    ]
    digest = hashlib.sha256("\0".join(parts).encode("utf-8"))
    for path in sorted(labels):
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _inputs_key(base: str, *items: object) -> str:
    return hashlib.sha256("\0".join([base, *map(repr, items)]).encode("utf-8")).hexdigest()


class _Planner:
    """Turns briefs and digest plans into render jobs, skipping unchanged PDFs."""

    def __init__(
        self,
        settings: Settings,
        output_dir: Path,
        site_url: str,
        result: PdfResult,
        tick: Callable[[int], None] | None = None,
    ):
        self.settings = settings
        self.output_dir = output_dir
        self.site_url = site_url
        self.result = result
        self.base = _base_fingerprint(settings, site_url)
        self.inputs_base = _inputs_base(settings, self.base)
        self.tick = tick or (lambda count: None)
        self.css = stylesheet(settings.theme)
        self.allowed = [settings.theme, output_dir]
        self.created = build_time()
        self.old = _load_hashes(output_dir)
        self.new: dict[str, str] = {}
        self.old_inputs = _load_hashes(output_dir, INPUTS_FILE)
        self.new_inputs: dict[str, str] = {}
        self.pending: dict[str, str] = {}
        self.coverage: dict[str, str | None] = {}

    def problem(self, brief: Brief) -> str | None:
        """Why this brief cannot be printed (a character no font has), once per brief."""
        slug = brief_slug(brief)
        if slug not in self.coverage:
            try:
                check_coverage(brief, slug)
                self.coverage[slug] = None
            except UncoveredCharacterError as error:
                self.coverage[slug] = str(error)
        return self.coverage[slug]

    def job(
        self,
        rel: str,
        inputs: str,
        make: Callable[[], PdfPage],
        remake: Callable[[], PdfPage] | None = None,
    ) -> RenderJob | None:
        """A job for ``rel`` unless its PDF is already up to date.

        ``inputs`` is the page's input key; ``make`` gives the page to hash when the
        key changed, ``remake`` the page to print when it differs from the hashed one
        (a digest's cover date is not part of its hash).
        """
        target = self.output_dir / rel
        self.new_inputs[rel] = inputs
        if self.old_inputs.get(rel) == inputs and rel in self.old and target.is_file():
            self.new[rel] = self.old[rel]
            self.result.unchanged += 1
            self.tick(1)
            return None
        page = make()
        digest = _page_hash(self.base, page)
        if self.old.get(rel) == digest and target.is_file():
            self.new[rel] = digest
            self.result.unchanged += 1
            self.tick(1)
            return None
        self.pending[rel] = digest
        if remake is not None:
            page = remake()
        return RenderJob(rel, page, self.css, target, self.allowed, self.created)

    def jobs(self, briefs: list[Brief], digests: list[DigestPlan]) -> Iterator[RenderJob]:
        by_slug = {brief_slug(b): b for b in briefs}
        for plan in digests:
            members = [by_slug[s] for s in plan.slugs if s in by_slug]
            if len(members) < len(plan.slugs):
                self.result.warnings.append(f"{plan.path}: some planned briefs are missing")
            problems = [p for p in map(self.problem, members) if p]
            if problems:
                self.result.failures[plan.path] = "; ".join(problems)
                self.tick(1)
                continue
            job = self.job(
                plan.path,
                _inputs_key(self.inputs_base, plan, members),
                lambda plan=plan, members=members: digest_page(
                    plan, members, self.settings, self.site_url
                ),
                lambda plan=plan, members=members: digest_page(
                    plan, members, self.settings, self.site_url, self.created.date()
                ),
            )
            if job:
                yield job
        for brief in briefs:
            rel = f"pdf/{brief_slug(brief)}.pdf"
            problem = self.problem(brief)
            if problem:
                self.result.failures[rel] = problem
                self.tick(1)
                continue
            job = self.job(
                rel,
                _inputs_key(self.inputs_base, brief),
                lambda brief=brief: brief_page(brief, self.settings, self.site_url),
            )
            if job:
                yield job


def render_pdfs(
    briefs: list[Brief],
    digests: list[DigestPlan],
    settings: Settings,
    output_dir: Path,
    site_url: str = "",
    tick: Callable[[int], None] | None = None,
) -> PdfResult:
    """Print every brief and digest that changed; report files, pages, warnings, failures.

    Raises ``SetupError`` before printing anything when a font or HarfBuzz's
    subsetter is missing. A brief with a character no installed font has gets
    no PDF (nor do the digests holding it): its entry in ``failures`` names the
    brief and the character. ``tick`` is told of each PDF done or skipped.
    """
    font_files()
    result = PdfResult()
    planner = _Planner(settings, output_dir, site_url, result, tick)
    for job, outcome in _print_all(planner.jobs(briefs, digests)):
        result.warnings += outcome.warnings
        planner.tick(1)
        if outcome.error:
            result.failures[job.key] = outcome.error
            continue
        result.files += 1
        result.pages += outcome.pages
        planner.new[job.key] = planner.pending[job.key]
    result.removed = _remove_stale(output_dir, planner.old, planner.new)
    _save_hashes(output_dir, planner.new)
    inputs = {rel: key for rel, key in planner.new_inputs.items() if rel in planner.new}
    _save_hashes(output_dir, inputs, INPUTS_FILE)
    return result


def _print_all(jobs: Iterator[RenderJob]) -> Iterator[tuple[RenderJob, RenderOutcome]]:
    """Print in this process when there is one job, else in a pool of two processes.

    The pool forks: workers start at once with the modules already imported,
    and callers need no ``if __name__ == "__main__"`` guard (spawn would). The
    pipeline starts no threads of its own before this stage.
    """
    head = list(islice(jobs, 2))
    if len(head) < 2:
        for job in head:
            yield job, render_job(job)
        return
    with ProcessPoolExecutor(WORKERS, mp_context=get_context("fork")) as pool:
        yield from _bounded(pool, chain(head, jobs))


def _bounded(
    pool: ProcessPoolExecutor, jobs: Iterable[RenderJob]
) -> Iterator[tuple[RenderJob, RenderOutcome]]:
    """Keep at most ``IN_FLIGHT`` jobs submitted, so HTML is made only as it is needed."""
    flight: list[tuple[RenderJob, Future[RenderOutcome]]] = []
    source = iter(jobs)
    while True:
        flight += [
            (job, pool.submit(render_job, job)) for job in islice(source, IN_FLIGHT - len(flight))
        ]
        if not flight:
            return
        job, future = flight.pop(0)
        try:
            yield job, future.result()
        except Exception as error:  # a crashed worker fails its job, not the build
            yield job, RenderOutcome(job.key, error=f"{type(error).__name__}: {error}")


def _load_hashes(output_dir: Path, name: str = HASHES_FILE) -> dict[str, str]:
    path = output_dir / "pdf" / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _save_hashes(output_dir: Path, hashes: dict[str, str], name: str = HASHES_FILE) -> None:
    text = json.dumps(hashes, indent=0, sort_keys=True)
    write_text_atomic(output_dir / "pdf" / name, text)


def _remove_stale(output_dir: Path, old: dict[str, str], new: dict[str, str]) -> int:
    """Delete PDFs an earlier build made that this build no longer makes (or could not)."""
    removed = 0
    for rel in set(old) - set(new):
        if not rel.startswith("pdf/") or ".." in Path(rel).parts:
            continue
        target = output_dir / rel
        if target.is_file():
            target.unlink()
            removed += 1
    return removed
