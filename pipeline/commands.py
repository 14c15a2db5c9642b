"""What the invoke tasks run besides a full build: one stage alone, with logging set up."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from .briefs import read_brief
from .build import write_briefs
from .errors import BriefpressError
from .extract import collect_inputs, extract_records
from .model import Brief, BuildReport, Problem
from .settings import Settings

log = logging.getLogger("pipeline")


def configure_logging(verbose: bool = False) -> None:
    """Briefpress and Pelican speak at INFO; the libraries only when something is wrong."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("pipeline").setLevel(logging.DEBUG if verbose else logging.INFO)


def run_logged(action: Callable[[], object]) -> None:
    """Run ``action`` with the build's log format; a Briefpress error exits 1 with one line."""
    configure_logging()
    try:
        action()
    except BriefpressError as error:
        log.error("%s", error)
        sys.exit(1)


def write_briefs_only(settings: Settings) -> BuildReport:
    """Analyse the articles and write ``content/briefs/``; report problems as the build does."""
    report = BuildReport()
    results = extract_records(collect_inputs([settings.articles]), settings)
    for problem in (r for r in results if isinstance(r, Problem)):
        log.warning("%s: %s", problem.file, problem.reason)
        report.problems.append(problem)
    write_briefs([r for r in results if isinstance(r, Brief)], settings.briefs, report)
    log.info("%d briefs written, %d problems", len(report.built), len(report.problems))
    return report


def render_pdfs_only(settings: Settings) -> None:
    """Render PDFs from the briefs already in ``content/briefs/`` into the output folder."""
    from .pdf import plan_digests, render_pdfs  # not loaded by the commands that print none

    briefs = [read_brief(p) for p in sorted(settings.briefs.glob("*.md"))]
    digests = plan_digests(briefs, settings)
    result = render_pdfs(briefs, digests, settings, settings.output)
    for warning in result.warnings:
        log.warning("%s", warning)
    log.info("%d PDFs written", result.files)
