"""Stage 5: PDF briefs and digests (WeasyPrint).

``plan_digests`` (see ``pdf_plan``) says which digests exist; ``render_pdfs``
prints every brief to ``pdf/<slug>.pdf`` and every digest to its plan's path.

Each brief is laid out once per interface locale it is printed in (a *section*,
``pdf_section``), cached by the hash of its HTML in the build's cache folder
(``pdf-sections``, pruned to what the PDFs hold, listed in ``pdf/.sections.json``),
and every PDF is assembled from a light *frame* (cover, contents, page footers)
and the sections it holds (``pdf_assemble``): a digest that gains one brief lays
out that brief only.
Builds are incremental twice over: a PDF whose inputs (its briefs, plan,
settings and the code) did not change is skipped without making any HTML
(``pdf/.inputs.json``), and one whose frame and sections hash as before is not
written again (``pdf/.hashes.json``). A PDF printed again takes the sections of its
unchanged briefs from the cache without making their HTML (``pdf/.section-keys.json``).
Laying out and assembling run in a pool of worker processes, forked once WeasyPrint
is imported and recycled now and then so memory stays flat; a PDF is assembled as
soon as its sections are laid out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from .cache import cache_folder, code_fingerprint
from .child import ChildCall
from .files import load_json_dict, write_text_atomic
from .model import Brief
from .pdf_fonts import font_files, fonts_fingerprint
from .pdf_html import stylesheet, template_sources
from .pdf_hyphens import keep_parsed
from .pdf_jobs import AssembleTask, PdfContext, SectionTask
from .pdf_plan import DigestPlan, brief_slug, plan_digests
from .pdf_pool import run_tasks
from .pdf_render import PDF_OPTIONS, RenderOutcome
from .pdf_section import SectionCache
from .pdf_warm import WarmPrinter
from .settings import Settings
from .site_i18n import po_path

__all__ = [
    "DigestPlan",
    "PdfResult",
    "PdfRun",
    "plan_digests",
    "plan_pdfs",
    "print_alongside",
    "print_pdfs",
    "render_pdfs",
]

HASHES_FILE = ".hashes.json"
INPUTS_FILE = ".inputs.json"
# The cached sections each PDF was assembled from (a digest's folio sheet among them).
SECTIONS_FILE = ".sections.json"
# The section each brief was laid out as, by the brief's input key and locale: a PDF printed
# again finds its unchanged briefs' sections without making their HTML to hash it.
SECTION_KEYS_FILE = ".section-keys.json"
# The pages each digest's cover and contents took: its first guess when printed again.
FRONTS_FILE = ".fronts.json"
# The code that turns briefs, plans and settings into PDFs, for the input keys (what
# comes before, the briefs and plans themselves, is in the keys). A change costs
# hashing each PDF's frame and sections once more, not printing them again.
PAGE_SOURCES = ("pdf*.py", "site_i18n.py")
# The code whose output a cached section is: a change lays every brief out again.
SECTION_SOURCES = ("pdf_section.py", "pdf_record.py", "pdf_render.py")
# Where the PDF cache keeps parsed hyphenation patterns (pdf_hyphens).
HYPHENATION = "hyphenation"


@dataclass
class PdfResult:
    """What ``render_pdfs`` did; ``failures`` maps an output path to why it has no PDF."""

    files: int = 0
    pages: int = 0
    unchanged: int = 0
    removed: int = 0
    laid_out: int = 0  # pages of briefs laid out (the rest came from the section cache)
    seconds: float = 0.0  # spent printing (and planning, hashing, pruning)
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
            "laid_out": self.laid_out,
            "warnings": list(self.warnings),
            "failures": dict(self.failures),
        }


@dataclass
class _Output:
    """A PDF to print: a brief's own (``plan`` None) or a digest, from sections in ``locale``."""

    rel: str
    briefs: list[Brief]
    locale: str
    inputs: str
    plan: DigestPlan | None = None
    waiting: int = 0
    keys: dict[str, str] = field(default_factory=dict)


def _base_fingerprint(settings: Settings) -> str:
    """Everything a laid-out section depends on besides its HTML."""
    parts = [
        stylesheet(settings.theme),
        template_sources(settings.theme),
        fonts_fingerprint(),
        version("weasyprint"),
        json.dumps(PDF_OPTIONS, sort_keys=True),
        code_fingerprint(SECTION_SOURCES),
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _inputs_base(settings: Settings, base: str, site_url: str) -> str:
    """Everything a PDF is made from besides its briefs and plan."""
    parts = [base, site_url, settings.fingerprint()]
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
    """A hash of ``base`` and the items' ``repr`` (of strings: themselves, e.g. other keys)."""
    parts = [base, *(item if isinstance(item, str) else repr(item) for item in items)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class _Planner:
    """Which PDFs must be printed, from which sections; what each build leaves behind."""

    def __init__(self, settings: Settings, output_dir: Path, site_url: str, result: PdfResult):
        self.settings = settings
        self.output_dir = output_dir
        self.site_url = site_url
        self.result = result
        self.base = _base_fingerprint(settings)
        self.inputs_base = _inputs_base(settings, self.base, site_url)
        self.old = _load(output_dir, HASHES_FILE)
        self.old_inputs = _load(output_dir, INPUTS_FILE)
        self.old_sections = _load(output_dir, SECTIONS_FILE)
        self.old_section_keys = _load(output_dir, SECTION_KEYS_FILE)
        self.old_fronts = _load(output_dir, FRONTS_FILE)
        self.new_fronts: dict[str, int] = {}
        self.new: dict[str, str] = {}
        self.new_inputs: dict[str, str] = {}
        self.new_sections: dict[str, list[str]] = {}
        self.new_section_keys: dict[str, str] = {}
        self.brief_inputs: dict[str, str] = {}

    def outputs(self, briefs: list[Brief], digests: list[DigestPlan]) -> list[_Output]:
        """The PDFs to print; the others are counted as unchanged.

        A PDF whose input key is the one it was printed from is skipped before
        anything else is made or checked.
        """
        by_slug = {brief_slug(b): b for b in briefs}
        keys = {slug: _inputs_key(self.inputs_base, brief) for slug, brief in by_slug.items()}
        self.brief_inputs = keys
        wanted: list[_Output] = [
            _Output(f"pdf/{slug}.pdf", [brief], self.settings.default_locale, keys[slug])
            for slug, brief in by_slug.items()
        ]
        for plan in digests:
            members = [by_slug[s] for s in plan.slugs if s in by_slug]
            if len(members) < len(plan.slugs):
                self.result.warnings.append(f"{plan.path}: some planned briefs are missing")
            inputs = _inputs_key(self.inputs_base, plan, *(keys.get(s, "-") for s in plan.slugs))
            wanted.append(_Output(plan.path, members, plan.locale, inputs, plan))
        stale = []
        for output in wanted:
            self.new_inputs[output.rel] = output.inputs
            if self.old_inputs.get(output.rel) == output.inputs and self._printed(output.rel):
                self.keep(output.rel)
            else:
                stale.append(output)
        return stale

    def _printed(self, rel: str) -> bool:
        return rel in self.old and (self.output_dir / rel).is_file()

    def keep(self, rel: str) -> None:
        self.new[rel] = self.old[rel]
        if isinstance(self.old_sections.get(rel), list):
            self.new_sections[rel] = self.old_sections[rel]
        if isinstance(self.old_fronts.get(rel), int):
            self.new_fronts[rel] = self.old_fronts[rel]
        self.result.unchanged += 1

    def known_section(self, slug: str, locale: str) -> str | None:
        """The key of the section a brief was laid out as in ``locale`` when its inputs
        were what they are now (its HTML, which the key hashes, is then the same)."""
        return self.old_section_keys.get(f"{self.brief_inputs[slug]}:{locale}")

    def learn_section(self, slug: str, locale: str, key: str) -> None:
        self.new_section_keys[f"{self.brief_inputs[slug]}:{locale}"] = key

    def save(self) -> None:
        self.result.removed = _remove_stale(self.output_dir, self.old, self.new)
        _save(self.output_dir, HASHES_FILE, self.new)
        inputs = {rel: key for rel, key in self.new_inputs.items() if rel in self.new}
        _save(self.output_dir, INPUTS_FILE, inputs)
        _save(self.output_dir, SECTIONS_FILE, self.new_sections)
        _save(self.output_dir, FRONTS_FILE, self.new_fronts)
        current = set(self.brief_inputs.values())
        known = {
            memo: key
            for memo, key in self.old_section_keys.items()
            if memo.rpartition(":")[0] in current
        }
        _save(self.output_dir, SECTION_KEYS_FILE, known | self.new_section_keys)


def render_pdfs(
    briefs: list[Brief],
    digests: list[DigestPlan],
    settings: Settings,
    output_dir: Path,
    site_url: str = "",
    tick: Callable[[int], None] | None = None,
    cache: Path | None = None,
) -> PdfResult:
    """Print every brief and digest that changed; report files, pages, warnings, failures.

    Raises ``SetupError`` before printing anything when a font or HarfBuzz's
    subsetter is missing. A brief with a character no installed font has gets
    no PDF (nor do the digests holding it): its entry in ``failures`` names the
    brief and the character. ``tick`` is told of each PDF done or skipped.
    Laid-out briefs are cached in ``cache`` (by default the build's cache folder).
    """
    return print_pdfs(plan_pdfs(briefs, digests, settings, output_dir, site_url, cache), tick)


@dataclass
class PdfRun:
    """The PDFs a build must print (``stale``) and how to record what it printed."""

    planner: _Planner
    stale: list[_Output]
    cache: Path
    seconds: float = 0.0  # spent planning

    @property
    def pending(self) -> int:
        return len(self.stale)


def plan_pdfs(
    briefs: list[Brief],
    digests: list[DigestPlan],
    settings: Settings,
    output_dir: Path,
    site_url: str = "",
    cache: Path | None = None,
) -> PdfRun:
    """Which PDFs ``render_pdfs`` would print, found without laying anything out."""
    started = time.perf_counter()
    font_files()
    planner = _Planner(settings, output_dir, site_url, PdfResult())
    stale = planner.outputs(briefs, digests)
    folder = cache or cache_folder(settings) / "pdf-sections"
    return PdfRun(planner, stale, folder, time.perf_counter() - started)


def print_pdfs(
    run: PdfRun, tick: Callable[[int], None] | None = None, workers: int | None = None
) -> PdfResult:
    """Print what ``plan_pdfs`` found stale (in ``workers`` processes, by default one per
    core) and record the outcome; ``tick`` is told of each PDF, skipped ones first."""
    started = time.perf_counter()
    tick = tick or (lambda count: None)
    planner = run.planner
    tick(len(planner.new_inputs) - run.pending)
    if run.stale:
        keep_parsed(run.cache / HYPHENATION)
        settings = planner.settings
        context = PdfContext(
            settings, planner.output_dir, run.cache, stylesheet(settings.theme), planner.base,
            planner.site_url, build_time(),
        )  # fmt: skip
        _print(context, run.stale, planner, tick, workers)
    planner.save()
    _prune(run.cache, planner)
    planner.result.seconds = run.seconds + time.perf_counter() - started
    return planner.result


def print_alongside(run: PdfRun, printer: WarmPrinter | None = None) -> ChildCall:
    """``print_pdfs`` in a child process that prints in itself while this one goes on
    with the site: a build that changed a few briefs has only a few PDFs to print.
    The process is ``printer``'s, started early (``pdf_warm``), when there is one."""
    call = printer.print(run) if printer is not None else None
    return call or ChildCall("PDF stage", print_pdfs, run, None, 1)


def _print(
    context: PdfContext,
    stale: list[_Output],
    planner: _Planner,
    tick: Callable[[int], None],
    workers: int | None,
) -> None:
    """Lay out the sections the stale PDFs need, assembling each PDF once its are ready.

    A brief whose inputs did not change since it was laid out needs no task: its section
    is known (``_Planner.known_section``) and still in the cache."""
    result = planner.result
    cache = SectionCache(context.cache)
    sections: dict[tuple[str, str], SectionTask] = {}
    waiting: dict[tuple[str, str], list[_Output]] = {}
    ready: deque[_Output] = deque()
    for output in stale:
        for brief in output.briefs:
            need = (brief_slug(brief), output.locale)
            known = planner.known_section(*need)
            if known is not None and cache.has(known):
                output.keys[need[0]] = known
                continue
            sections.setdefault(need, SectionTask(brief, *need))
            waiting.setdefault(need, []).append(output)
            output.waiting += 1
        if output.waiting == 0:
            ready.append(output)
    queue = deque(sections.values())
    errors: dict[str, str] = {}

    def next_task() -> tuple[str, Any] | None:
        """A PDF whose sections are all laid out, else the next section to lay out."""
        if ready:
            return "assemble", _assemble_task(ready.popleft(), planner)
        return ("section", queue.popleft()) if queue else None

    for kind, outcome in run_tasks(context, next_task, len(sections) + len(stale), workers):
        if kind == "section":
            result.warnings += outcome.warnings
            result.laid_out += outcome.pages
            need = (outcome.slug, outcome.locale)
            if not outcome.error:
                planner.learn_section(*need, outcome.key)
            for output in waiting[need]:
                if outcome.error:
                    errors[output.rel] = outcome.error
                output.keys[outcome.slug] = outcome.key
                output.waiting -= 1
                if output.waiting == 0:
                    if output.rel in errors:
                        result.failures[output.rel] = errors[output.rel]
                        tick(1)
                    else:
                        ready.append(output)
            continue
        _assembled(outcome, planner, tick)


def _assemble_task(output: _Output, planner: _Planner) -> AssembleTask:
    keys = [output.keys[brief_slug(b)] for b in output.briefs]
    planner.new_sections[output.rel] = keys
    old = planner.old.get(output.rel)
    front = planner.old_fronts.get(output.rel)
    return AssembleTask(output.rel, output.briefs, keys, output.locale, old, output.plan, front)


def _assembled(outcome: RenderOutcome, planner: _Planner, tick: Callable[[int], None]) -> None:
    result = planner.result
    result.warnings += outcome.warnings
    tick(1)
    if outcome.error or outcome.digest is None:
        result.failures[outcome.key] = outcome.error or "not printed"
        planner.new_sections.pop(outcome.key, None)
        return
    if outcome.unchanged:  # as printed before: so are its folio sheet and font subsets
        planner.keep(outcome.key)
        return
    planner.new[outcome.key] = outcome.digest
    if outcome.folios:
        kept = [outcome.folios, *([outcome.cover] if outcome.cover else []), *outcome.subsets]
        planner.new_sections[outcome.key] = [*planner.new_sections[outcome.key], *kept]
        planner.new_fronts[outcome.key] = outcome.front
    result.files += 1
    result.pages += outcome.pages


def _prune(cache: Path, planner: _Planner) -> None:
    """Delete cached sections no current PDF holds, when every PDF's sections are known."""
    if not cache.is_dir() or set(planner.new) - set(planner.new_sections):
        return
    SectionCache(cache).prune({key for keys in planner.new_sections.values() for key in keys})


def _load(output_dir: Path, name: str) -> dict[str, Any]:
    return load_json_dict(output_dir / "pdf" / name)


def _save(output_dir: Path, name: str, data: dict[str, Any]) -> None:
    write_text_atomic(output_dir / "pdf" / name, json.dumps(data, indent=0, sort_keys=True))


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


def build_time() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention), so two
    builds of the same inputs can give byte-identical PDFs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
