"""The thin orchestrator: articles → briefs → site and PDFs, built aside then swapped in.

A build never leaves a half-written ``output/``: the site and PDFs are written to a
staging folder beside it and swapped in only when everything succeeded. The
staging folder is a hard-linked mirror of the output that stays between builds,
so preparing it costs only what the last build changed (``pipeline.publish``). Problems
with single articles are reported (one line each, and in ``build-report.json``)
and never stop the build; with ``strict`` they make it fail once all is reported.

Builds are incremental. Analysis results are cached per article (``pipeline.cache``);
when the briefs, digests, settings, theme and code are all what the published
output was made from (``.build-inputs``), the site and PDF stages do not run at
all; otherwise the site is rebuilt and only changed files replace published ones,
and only PDFs whose inputs changed are printed again. When those are few and the
archive is not large, they are printed in a forked process while the site is built;
when few articles changed, that process and Pagefind's (``search_service``) start
before the articles are analysed, or, in a watching process, as soon as the last build
ended (``head_start``).
A large archive's briefs stage runs in a forked process instead, when it analyses, so
this process stays lean for the processes it forks later (``Settings.overlaps``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .briefs import is_hand_edited, make_slug, read_brief, write_brief
from .cache import AnalysisCache, cache_folder
from .cache_outputs import outputs_fingerprint
from .cache_snapshot import BriefRecords
from .child import ChildCall, release_free_memory, start_method
from .errors import BriefpressError
from .extract import collect_inputs, extract_records
from .files import files_under, write_text_atomic
from .head_start import HeadStart, start_ahead
from .model import Brief, BuildReport, Problem
from .pdf_fonts import fonts_fingerprint
from .pdf_plan import plan_digests
from .progress import Progress
from .publish import staging_folder, swap_in
from .settings import Settings
from .text import readings

log = logging.getLogger(__name__)

INPUTS_STAMP = ".build-inputs"
# What each stage published, as listed by the stage itself.
SITE_FILES = ".site-files.json"
PDF_FILES = "pdf/.hashes.json"
REPORT = "build-report.json"
# A build with at most this many PDFs to print prints them in a process of their own while
# the site is built (a few changed briefs), unless the archive is too large to hold both in
# memory (Settings.overlaps); more, and the PDF stage follows the site, each stage using
# every core in turn, and the memory of one at a time.
PDFS_ALONGSIDE_SITE = 12
# A changed article stales its own PDF and, in each digest locale, the digests holding it
# (its week's, maybe a topic's and the latest): three at least, often more.
PDFS_PER_CHANGED_ARTICLE = 4
# What the briefs stage adds to the report (kept with its cached state).
FRONT_REPORT_KEYS = ("problems", "warnings", "duplicates", "built", "new_entities")


class StrictBuildFailed(BriefpressError):
    """``--strict`` was given and at least one article had a problem."""


def build(
    settings: Settings,
    strict: bool = False,
    progress: Progress | None = None,
    ahead: HeadStart | None = None,
) -> BuildReport:
    """Build the site and PDFs for every article in ``settings.articles``.

    ``ahead`` holds processes started for this build before it was called (by a watching
    process, see ``head_start``); the build uses them where it can and stops them when it
    ends. Without them, a build that analyses a few articles starts its own."""
    progress = progress or Progress()
    ahead = ahead or HeadStart()
    try:
        cache = AnalysisCache(cache_folder(settings), settings, dt.date.today())
        inputs = _read_inputs(settings, cache)
        if not ahead.started and _starts_warm(settings, cache, inputs):
            ahead = start_ahead(settings, len(inputs.files))
        else:
            ahead.drop_stopped()
        report = _build(settings, strict, progress, cache, inputs, ahead)
    except BaseException:
        ahead.close(failing=True)
        raise
    ahead.close()
    return report


def _build(
    settings: Settings,
    strict: bool,
    progress: Progress,
    cache: AnalysisCache,
    inputs: Inputs,
    ahead: HeadStart,
) -> BuildReport:
    front = _briefs_stage(settings, cache, progress, inputs)
    published, written, report, cache = front.published, front.written, front.report, front.cache
    with progress.stage("plan"):
        digests = plan_digests(published, settings)
        plans = [d.to_dict() for d in digests]
        inputs_hash = outputs_fingerprint(settings, plans)
        stamps = {"site": inputs_hash, "pdf": f"{inputs_hash}:{fonts_fingerprint()}"}
    stale = _stale_stages(settings.output, stamps)
    if stale:  # what only the briefs stage needed is not carried into the processes forked next
        cache.release()
        readings.forget()
        release_free_memory()
    start = time.perf_counter()
    folder = staging_folder(settings.output) if stale else settings.output
    publishing = time.perf_counter() - start
    pdf_run = printing = None
    if "pdf" in stale:
        from .pdf import plan_pdfs, print_alongside, print_pdfs  # WeasyPrint only if needed

        pdf_run = plan_pdfs(published, digests, settings, folder)
        alongside = 0 < pdf_run.pending <= PDFS_ALONGSIDE_SITE
        if "site" in stale and alongside and settings.overlaps(len(published)):
            printing = print_alongside(pdf_run, ahead.printer)
    if "site" in stale:
        from .site import build_site  # Pelican loads only when the site is rebuilt

        with progress.stage("site", len(settings.locales)):
            site = build_site(
                settings, settings.briefs, folder, plans, tick=progress.advance, search=ahead.search
            )
        report.pages = site.written
        for warning in site.warnings:
            log.warning("%s", warning)
    if pdf_run is not None:
        total = len(published) + len(digests)
        with progress.stage("pdf", total):
            if printing:
                pdfs = printing.result()
                progress.advance(total)
            else:
                pdfs = print_pdfs(pdf_run, progress.advance)
        report.pdfs = pdfs.files
        for warning in pdfs.warnings:
            log.warning("%s", warning)
        for path, reason in sorted(pdfs.failures.items()):
            log.warning("%s: no PDF: %s", path, reason)
        stamps["pdf"] = stamps["pdf"] if pdfs.ok else ""
    report.seconds.update(progress.seconds)
    if printing:  # the PDF stage's own time, not the wait that was left after the site
        report.seconds["pdf"] = round(pdfs.seconds, 3)
    if stale:
        start = time.perf_counter()
        write_text_atomic(folder / INPUTS_STAMP, json.dumps(stamps))
        swap_in(folder, settings.output)
        report.seconds["publish"] = round(publishing + time.perf_counter() - start, 3)
    _write_report(report, settings.output)
    cache.prune()
    log.info("%s", summary_line(report, len(written)))
    if report.new_entities:
        log.info("%s", new_entities_line(report, settings.entities.name))
    if strict and report.problems:
        raise StrictBuildFailed(f"{len(report.problems)} article(s) had problems (see above)")
    return report


@dataclass
class Front:
    """What the briefs stage hands on: the briefs to publish, the articles whose brief file
    changed, the report so far, the cache (pruned at the end) and, when the stage ran in a
    child, its seconds (the child's ``Progress`` kept them, not this process's)."""

    published: list[Brief]
    written: list[str]
    report: BuildReport
    cache: AnalysisCache
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class Inputs:
    """The articles, their cache keys, and the last build's briefs stage if it still holds
    (``state``: the articles, code and brief files are all as it left them)."""

    files: list[tuple[Path, str]]
    keys: list[str | None]
    front_key: str | None
    state: dict[str, Any] | None


def _read_inputs(settings: Settings, cache: AnalysisCache) -> Inputs:
    files = collect_inputs([settings.articles])
    keys = cache.input_keys(files, settings.max_article_bytes)
    front_key = cache.front_key(files, keys)
    state = cache.load_front(front_key, settings.briefs, keys) if front_key else None
    return Inputs(files, keys, front_key, state)


def _starts_warm(settings: Settings, cache: AnalysisCache, inputs: Inputs) -> bool:
    """Whether to start a ``WarmPrinter`` and the search service before the briefs stage:
    it analyses, but few enough articles for their PDFs to be printed alongside the site
    (and for their search shards to be indexed while it renders)."""
    return (
        inputs.state is None
        and settings.overlaps(len(inputs.files))
        and start_method() == "fork"
        and cache.uncached(inputs.keys) * PDFS_PER_CHANGED_ARTICLE <= PDFS_ALONGSIDE_SITE
    )


def _briefs_stage(
    settings: Settings, cache: AnalysisCache, progress: Progress, inputs: Inputs
) -> Front:
    """The briefs stage. When it analyses an archive too large to overlap stages
    (``Settings.overlaps``), it runs in a forked process of its own: what analysis and
    linking load and leave behind (the cache snapshot, tables, a fragmented heap: some
    200 MB at 5,000 articles) then never reaches this process, nor those it forks later."""
    if (
        inputs.state is None
        and not settings.overlaps(len(inputs.files))
        and start_method() == "fork"
    ):
        front = ChildCall("the briefs stage", _front_apart, settings, cache, progress, inputs)
        done = front.result()
        progress.seconds.update(done.seconds)
        return done
    return _front(settings, cache, progress, inputs)


def _front_apart(
    settings: Settings, cache: AnalysisCache, progress: Progress, inputs: Inputs
) -> Front:
    """``_front`` in the child: the cache goes back without its snapshot and entries, and
    with the stage's seconds, which this child's ``progress`` kept."""
    front = _front(settings, cache, progress, inputs)
    front.cache.release()
    front.seconds = progress.seconds
    return front


def _front(settings: Settings, cache: AnalysisCache, progress: Progress, inputs: Inputs) -> Front:
    """Analyse and write the briefs: those to publish, the files that changed, the report.

    When the last build's briefs stage still holds, its briefs and report are taken
    from the cache instead.
    """
    files, keys, state = inputs.files, inputs.keys, inputs.state
    report = BuildReport()
    with progress.stage("analyse", len(files)):
        if state is None:
            results = extract_records(
                files, settings, cache=cache, tick=progress.advance, keys=keys
            )
        else:
            progress.advance(len(files))
    written: list[str] = []
    with progress.stage("briefs", len(files)):
        if state is not None:
            return Front(_restore_front(report, state), written, report, cache)
        briefs = [r for r in results if isinstance(r, Brief)]
        for problem in (r for r in results if isinstance(r, Problem)):
            log.warning("%s: %s", problem.file, problem.reason)
            report.problems.append(problem)
        digests = {r.file: cache.digest(k) for k, r in zip(keys, results, strict=True) if k}
        records = BriefRecords(cache.snapshot.records, partial(_made_from, digests))
        published = write_briefs(briefs, settings.briefs, report, written, cache.slug, records)
        kept = _front_state(report, published) if inputs.front_key else None
        cache.keep_front(inputs.front_key, settings.briefs, kept)
        cache.save(records.new)
    return Front(published, written, report, cache)


def _made_from(digests: dict[str, str | None], brief: Brief) -> tuple[Any, ...] | None:
    """Everything a brief file's text is made from: the analysis result (by its cache
    entry's digest), the links and the slug; ``None`` for a result not cached."""
    digest = digests.get(brief.file)
    if digest is None:
        return None
    return (digest, tuple(brief.same_story_as), tuple(brief.warnings), brief.slug)


def _front_state(report: BuildReport, published: list[Brief]) -> dict[str, Any]:
    data = _report_dict(report)
    return {"report": {key: data[key] for key in FRONT_REPORT_KEYS}, "published": published}


def _restore_front(report: BuildReport, state: dict[str, Any]) -> list[Brief]:
    """The last build's briefs stage, its problems and warnings logged again."""
    saved = state["report"]
    report.problems = [Problem(**p) for p in saved["problems"]]
    report.warnings, report.duplicates = saved["warnings"], saved["duplicates"]
    report.built, report.new_entities = saved["built"], saved["new_entities"]
    for problem in report.problems:
        log.warning("%s: %s", problem.file, problem.reason)
    for file, warnings in report.warnings.items():
        _log_warnings(file, warnings)
    return list(state["published"])


def _log_warnings(file: str, warnings: list[str]) -> None:
    """One line per file; decoding warnings already name it."""
    prefix = f"{file}: "
    log.warning("%s%s", prefix, "; ".join(w.removeprefix(prefix) for w in warnings))


def write_briefs(
    briefs: list[Brief],
    folder: Path,
    report: BuildReport,
    written: list[str] | None = None,
    slug: Callable[[Brief], str] = make_slug,
    records: BriefRecords | None = None,
) -> list[Brief]:
    """Write the briefs to publish, drop stale ones, and read back what will be published.

    Duplicates are reported, not published. The briefs are read back from disk so an
    editor's hand edits reach the site and the PDFs. ``written`` collects the files
    whose text changed; ``slug`` names a brief (``make_slug``, or a cache of it). With
    ``records``, a file made from the same brief as last time and untouched since is
    neither rendered nor read.
    """
    folder.mkdir(parents=True, exist_ok=True)  # even for no briefs: the site says so
    paths: dict[Path, Brief] = {}
    known: dict[Path, tuple[Any, ...] | None] = {}
    published: dict[Path, Brief] = {}
    for brief in briefs:
        report.warnings.update({brief.file: brief.warnings} if brief.warnings else {})
        if brief.warnings:
            _log_warnings(brief.file, brief.warnings)
        if brief.duplicate_of:
            report.duplicates[brief.file] = brief.duplicate_of
            continue
        brief.slug = slug(brief)
        path = folder / f"{brief.slug}.md"
        if path in paths:
            raise BriefpressError(
                f"{brief.file} and {paths[path].file} would both write {path.name}"
            )
        paths[path] = brief
        made_from = known[path] = records.identify(brief) if records else None
        kept = records.published(path, made_from) if records and made_from else None
        if kept is not None:
            published[path] = kept
        elif write_brief(brief, folder)[1] == "written" and written is not None:
            written.append(brief.file)
        report.built.append(brief.file)
        report.new_entities += [
            {"name": e.name, "kind": e.kind, "file": brief.file}
            for e in brief.entities
            if not e.known
        ]
    _remove_stale_briefs(folder, set(paths))
    for path in sorted(set(paths) - set(published), key=os.fspath):
        published[path] = read_brief(path)
        made_from = known[path]
        if records and made_from:
            records.remember(path, made_from, paths[path], published[path])
    return [published[path] for path in sorted(paths, key=os.fspath)]  # as Path sorts here


def _remove_stale_briefs(folder: Path, keep: set[Path]) -> None:
    """Delete generated briefs whose article is gone; keep (and name) hand-edited ones."""
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.md"), key=os.fspath):
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
    present: set[str] | None = None
    for stage, listing in (("site", SITE_FILES), ("pdf", PDF_FILES)):
        try:
            files = json.loads((output / listing).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            files = None
        if (
            not isinstance(previous, dict)
            or previous.get(stage) != stamps[stage]
            or not isinstance(files, list | dict)
        ):
            stale.add(stage)
            continue
        present = files_under(output) if present is None else present
        if not present.issuperset(files):
            stale.add(stage)
    return stale


def _write_report(report: BuildReport, folder: Path) -> None:
    write_text_atomic(folder / REPORT, _report_text(_report_dict(report)))


def _report_text(data: dict[str, Any]) -> str:
    """JSON with each entry of a list or object on a line of its own: as easy to read
    as ``indent``, and made by the C encoder (``indent`` takes the slow Python one)."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    fields = []
    for key, value in data.items():
        if isinstance(value, list) and value:
            inner = [f"    {dump(item)}" for item in value]
        elif isinstance(value, dict) and value:
            inner = [f"    {dump(name)}: {dump(item)}" for name, item in value.items()]
        else:
            fields.append(f"  {dump(key)}: {dump(value)}")
            continue
        brackets = "[]" if isinstance(value, list) else "{}"
        body = ",\n".join(inner)
        fields.append(f"  {dump(key)}: {brackets[0]}\n{body}\n  {brackets[1]}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def _report_dict(report: BuildReport) -> dict[str, Any]:
    """``report.to_dict()`` without the deep copy ``dataclasses.asdict`` makes of
    every list (a tenth of a second for a thousand briefs)."""
    data = {item.name: getattr(report, item.name) for item in dataclasses.fields(report)}
    data["problems"] = [
        {"file": p.file, "status": p.status, "reason": p.reason} for p in report.problems
    ]
    return data


def new_entities_line(report: BuildReport, registry: str, shown: int = 8) -> str:
    """Names found in articles that the registry does not know, for the editor to curate."""
    names = sorted({e["name"] for e in report.new_entities})
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return (
        f"{len(names)} names not in {registry} (listed in {REPORT} under new_entities): "
        f"{', '.join(names[:shown])}{more}"
    )


def summary_line(report: BuildReport, changed: int | None = None) -> str:
    """One line: briefs built (changed, unchanged), skipped, failed; files written; times
    (of stages run one after the other, but for PDFs printed alongside the site)."""
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
