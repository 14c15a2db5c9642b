"""The thin orchestrator: articles → briefs → site and PDFs, built aside then swapped in.

A build never leaves a half-written ``output/``: the site and PDFs are written to a
staging folder beside it and swapped in only when everything succeeded. Problems
with single articles are reported (one line each, and in ``build-report.json``)
and never stop the build; with ``strict`` they make it fail once all is reported.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from .briefs import is_hand_edited, make_slug, read_brief, write_brief
from .errors import BriefpressError
from .extract import collect_inputs, extract_records
from .files import link_tree, write_text_atomic
from .model import Brief, BuildReport, Problem
from .pdf import plan_digests, render_pdfs
from .settings import Settings
from .site import build_site

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


class StrictBuildFailed(BriefpressError):
    """``--strict`` was given and at least one article had a problem."""


@contextmanager
def _timed(report: BuildReport, stage: str, progress: Progress):
    progress(f"{stage}…")
    start = time.perf_counter()
    yield
    report.seconds[stage] = round(time.perf_counter() - start, 3)


def build(settings: Settings, strict: bool = False, progress: Progress = log.info) -> BuildReport:
    """Build the site and PDFs for every article in ``settings.articles``."""
    report = BuildReport()
    with _timed(report, "analyse", progress):
        results = extract_records(collect_inputs([settings.articles]), settings)
    briefs = [r for r in results if isinstance(r, Brief)]
    for problem in (r for r in results if isinstance(r, Problem)):
        log.warning("%s: %s", problem.file, problem.reason)
        report.problems.append(problem)
    with _timed(report, "briefs", progress):
        published = write_briefs(briefs, settings.briefs, report)
    with _timed(report, "site", progress):
        staging = _staging_folder(settings.output)
        digests = plan_digests(published, settings)
        site = build_site(settings, settings.briefs, staging, [d.to_dict() for d in digests])
        report.pages = site.page_count
    with _timed(report, "pdf", progress):
        pdfs = render_pdfs(published, digests, settings, staging)
        report.pdfs = pdfs.files
    for warning in [*site.warnings, *pdfs.warnings]:
        log.warning("%s", warning)
    _write_report(report, staging)
    _swap_in(staging, settings.output)
    progress(summary_line(report))
    if strict and report.problems:
        raise StrictBuildFailed(f"{len(report.problems)} article(s) had problems (see above)")
    return report


def write_briefs(briefs: list[Brief], folder: Path, report: BuildReport) -> list[Brief]:
    """Write the briefs to publish, drop stale ones, and read back what will be published.

    Duplicates are reported, not published. The briefs are read back from disk so an
    editor's hand edits reach the site and the PDFs.
    """
    written: dict[Path, Brief] = {}
    for brief in briefs:
        report.warnings.update({brief.file: brief.warnings} if brief.warnings else {})
        for warning in brief.warnings:
            log.warning("%s: %s", brief.file, warning)
        if brief.duplicate_of:
            report.duplicates[brief.file] = brief.duplicate_of
            continue
        brief.slug = make_slug(brief)
        path, _state = write_brief(brief, folder)
        if path in written:
            raise BriefpressError(
                f"{brief.file} and {written[path].file} would both write {path.name}"
            )
        written[path] = brief
        report.built.append(brief.file)
        report.new_entities += [
            {"name": e.name, "kind": e.kind, "file": brief.file}
            for e in brief.entities
            if not e.known
        ]
    _remove_stale_briefs(folder, set(written))
    return [read_brief(path) for path in sorted(written)]


def _remove_stale_briefs(folder: Path, keep: set[Path]) -> None:
    """Delete generated briefs whose article is gone; keep (and name) hand-edited ones."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.md")):
        if path in keep:
            continue
        if is_hand_edited(path.read_text(encoding="utf-8")):
            log.warning("%s: its article is gone, but it was edited by hand: kept", path.name)
        else:
            path.unlink()


def _staging_folder(output: Path) -> Path:
    """A hard-linked copy of the published output, for this build to update and swap in.

    The copy keeps what incremental stages reuse (PDFs and their hashes, the page
    manifest) while the published folder stays untouched until the swap.
    """
    staging = output.parent / f".{output.name}.building"
    if staging.exists():
        shutil.rmtree(staging)
    if output.is_dir():
        link_tree(output, staging)
    else:
        staging.mkdir(parents=True)
    return staging


def _swap_in(staging: Path, output: Path) -> None:
    """Replace ``output`` with ``staging`` in two renames, so it is never half-written."""
    old = output.parent / f".{output.name}.old"
    if old.exists():
        shutil.rmtree(old)
    if output.exists():
        output.rename(old)
    staging.rename(output)
    if old.exists():
        shutil.rmtree(old)


def _write_report(report: BuildReport, folder: Path) -> None:
    text = json.dumps(report.to_dict(), ensure_ascii=False, indent=2)
    write_text_atomic(folder / "build-report.json", text)


def summary_line(report: BuildReport) -> str:
    stages = ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in report.seconds.items())
    skipped = sum(1 for p in report.problems if p.status == "skipped")
    failed = len(report.problems) - skipped
    return (
        f"{len(report.built)} briefs built, {skipped} skipped, {failed} failed, "
        f"{len(report.duplicates)} duplicates; {report.pages} pages and {report.pdfs} PDFs written "
        f"({stages})"
    )
