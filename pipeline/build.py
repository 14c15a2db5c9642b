"""The thin orchestrator: articles → briefs → site and PDFs, built aside then swapped in.

A build never leaves a half-written ``output/``: the site and PDFs are written to a
staging folder beside it and swapped in only when everything succeeded. Problems
with single articles are reported (one line each, and in ``build-report.json``)
and never stop the build; with ``strict`` they make it fail once all is reported.

Builds are incremental. Analysis results are cached per article (``pipeline.cache``);
when the briefs, digests, settings, theme and code are all what the published
output was made from (``.build-inputs``), the site and PDF stages do not run at
all; otherwise the site is rebuilt and only changed files replace published ones,
and only PDFs whose inputs changed are printed again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .briefs import is_hand_edited, make_slug, read_brief, write_brief
from .cache import (
    AnalysisCache,
    brief_from_json,
    brief_to_json,
    cache_folder,
    outputs_fingerprint,
)
from .errors import BriefpressError
from .extract import collect_inputs, extract_records
from .files import link_tree, write_text_atomic
from .model import Brief, BuildReport, Problem
from .pdf_fonts import fonts_fingerprint
from .pdf_plan import plan_digests
from .progress import Progress
from .settings import Settings

log = logging.getLogger(__name__)

INPUTS_STAMP = ".build-inputs"
# What each stage published, as listed by the stage itself.
SITE_FILES = ".site-files.json"
PDF_FILES = "pdf/.hashes.json"
REPORT = "build-report.json"
# What the briefs stage adds to the report (kept with its cached state).
FRONT_REPORT_KEYS = ("problems", "warnings", "duplicates", "built", "new_entities")


class StrictBuildFailed(BriefpressError):
    """``--strict`` was given and at least one article had a problem."""


def build(
    settings: Settings, strict: bool = False, progress: Progress | None = None
) -> BuildReport:
    """Build the site and PDFs for every article in ``settings.articles``."""
    progress = progress or Progress()
    report = BuildReport()
    cache = AnalysisCache(cache_folder(settings), settings, dt.date.today())
    published, written = _front(settings, cache, report, progress)
    with progress.stage("plan"):
        digests = plan_digests(published, settings)
        plans = [d.to_dict() for d in digests]
        inputs_hash = outputs_fingerprint(settings, plans)
        stamps = {"site": inputs_hash, "pdf": f"{inputs_hash}:{fonts_fingerprint()}"}
    stale = _stale_stages(settings.output, stamps)
    start = time.perf_counter()
    folder = _staging_folder(settings.output) if stale else settings.output
    publishing = time.perf_counter() - start
    if "site" in stale:
        from .site import build_site  # Pelican loads only when the site is rebuilt

        with progress.stage("site", len(settings.locales)):
            site = build_site(settings, settings.briefs, folder, plans, tick=progress.advance)
        report.pages = site.written
        for warning in site.warnings:
            log.warning("%s", warning)
    if "pdf" in stale:
        from .pdf import render_pdfs  # and WeasyPrint only when PDFs may need printing

        with progress.stage("pdf", len(published) + len(digests)):
            pdfs = render_pdfs(published, digests, settings, folder, tick=progress.advance)
        report.pdfs = pdfs.files
        for warning in pdfs.warnings:
            log.warning("%s", warning)
        for path, reason in sorted(pdfs.failures.items()):
            log.warning("%s: no PDF: %s", path, reason)
        stamps["pdf"] = stamps["pdf"] if pdfs.ok else ""
    report.seconds.update(progress.seconds)
    if stale:
        start = time.perf_counter()
        write_text_atomic(folder / INPUTS_STAMP, json.dumps(stamps))
        _swap_in(folder, settings.output)
        report.seconds["publish"] = round(publishing + time.perf_counter() - start, 3)
    _write_report(report, settings.output)
    cache.prune()
    log.info("%s", summary_line(report, len(written)))
    if report.new_entities:
        log.info("%s", new_entities_line(report, settings.entities.name))
    if strict and report.problems:
        raise StrictBuildFailed(f"{len(report.problems)} article(s) had problems (see above)")
    return report


def _front(
    settings: Settings, cache: AnalysisCache, report: BuildReport, progress: Progress
) -> tuple[list[Brief], list[str]]:
    """Analyse and write the briefs; return those to publish and the files that changed.

    When the articles, the code and the brief files are all as the last build left
    them, its briefs and report are taken from the cache instead.
    """
    inputs = collect_inputs([settings.articles])
    with progress.stage("analyse", len(inputs)):
        keys = cache.input_keys(inputs, settings.max_article_bytes)
        front = cache.front_key(inputs, keys)
        state = cache.load_front(front, settings.briefs, keys) if front else None
        if state is None:
            results = extract_records(
                inputs, settings, cache=cache, tick=progress.advance, keys=keys
            )
        else:
            progress.advance(len(inputs))
    written: list[str] = []
    with progress.stage("briefs", len(inputs)):
        if state is not None:
            return _restore_front(report, state), written
        briefs = [r for r in results if isinstance(r, Brief)]
        for problem in (r for r in results if isinstance(r, Problem)):
            log.warning("%s: %s", problem.file, problem.reason)
            report.problems.append(problem)
        published = write_briefs(briefs, settings.briefs, report, written, cache.slug)
        if front:
            cache.save_front(front, settings.briefs, _front_state(report, published))
    return published, written


def _front_state(report: BuildReport, published: list[Brief]) -> dict[str, Any]:
    data = report.to_dict()
    return {
        "report": {key: data[key] for key in FRONT_REPORT_KEYS},
        "published": [brief_to_json(b) for b in published],
    }


def _restore_front(report: BuildReport, state: dict[str, Any]) -> list[Brief]:
    """The last build's briefs stage, its problems and warnings logged again."""
    saved = state["report"]
    report.problems = [Problem(**p) for p in saved["problems"]]
    report.warnings, report.duplicates = saved["warnings"], saved["duplicates"]
    report.built, report.new_entities = saved["built"], saved["new_entities"]
    for problem in report.problems:
        log.warning("%s: %s", problem.file, problem.reason)
    for file, warnings in report.warnings.items():
        for warning in warnings:
            log.warning("%s: %s", file, warning)
    return [brief_from_json(b) for b in state["published"]]


def write_briefs(
    briefs: list[Brief],
    folder: Path,
    report: BuildReport,
    written: list[str] | None = None,
    slug: Callable[[Brief], str] = make_slug,
) -> list[Brief]:
    """Write the briefs to publish, drop stale ones, and read back what will be published.

    Duplicates are reported, not published. The briefs are read back from disk so an
    editor's hand edits reach the site and the PDFs. ``written`` collects the files
    whose text changed; ``slug`` names a brief (``make_slug``, or a cache of it).
    """
    paths: dict[Path, Brief] = {}
    for brief in briefs:
        report.warnings.update({brief.file: brief.warnings} if brief.warnings else {})
        if brief.warnings:  # one line per file; decoding warnings already name it
            prefix = f"{brief.file}: "
            said = "; ".join(w.removeprefix(prefix) for w in brief.warnings)
            log.warning("%s%s", prefix, said)
        if brief.duplicate_of:
            report.duplicates[brief.file] = brief.duplicate_of
            continue
        brief.slug = slug(brief)
        path, state = write_brief(brief, folder)
        if path in paths:
            raise BriefpressError(
                f"{brief.file} and {paths[path].file} would both write {path.name}"
            )
        paths[path] = brief
        if state == "written" and written is not None:
            written.append(brief.file)
        report.built.append(brief.file)
        report.new_entities += [
            {"name": e.name, "kind": e.kind, "file": brief.file}
            for e in brief.entities
            if not e.known
        ]
    _remove_stale_briefs(folder, set(paths))
    return [read_brief(path) for path in sorted(paths)]


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


def _stale_stages(output: Path, stamps: dict[str, str]) -> set[str]:
    """The stages (``site``, ``pdf``) whose published files were not made from these
    inputs, or are no longer all there."""
    try:
        previous = json.loads((output / INPUTS_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set(stamps)
    stale = set()
    prefix = f"{output}{os.sep}"
    for stage, listing in (("site", SITE_FILES), ("pdf", PDF_FILES)):
        try:
            files = json.loads((output / listing).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            files = None
        if (
            not isinstance(previous, dict)
            or previous.get(stage) != stamps[stage]
            or not isinstance(files, list | dict)
            or not all(os.path.isfile(prefix + name) for name in files)
        ):
            stale.add(stage)
    return stale


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
    write_text_atomic(folder / REPORT, text)


def new_entities_line(report: BuildReport, registry: str, shown: int = 8) -> str:
    """Names found in articles that the registry does not know, for the editor to curate."""
    names = sorted({e["name"] for e in report.new_entities})
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return (
        f"{len(names)} names not in {registry} (listed in {REPORT} under new_entities): "
        f"{', '.join(names[:shown])}{more}"
    )


def summary_line(report: BuildReport, changed: int | None = None) -> str:
    """One line: briefs built (changed, unchanged), skipped, failed; files written; times."""
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in report.seconds.items())
    skipped = sum(1 for p in report.problems if p.status == "skipped")
    failed = len(report.problems) - skipped
    built = len(report.built)
    detail = f" ({changed} changed, {built - changed} unchanged)" if changed is not None else ""
    return (
        f"{built} briefs built{detail}, {skipped} skipped, {failed} failed, "
        f"{len(report.duplicates)} duplicates; {report.pages} site files and {report.pdfs} PDFs "
        f"written ({stages})"
    )
