"""Benchmark the PDF stage: a 50-brief digest, then the 50 brief PDFs.

Prints pages per second and peak memory (``resource.getrusage``): the digest
is printed in this process (one PDF), the brief PDFs in the two-process pool.
Briefs are made from the shared corpus, cycled with distinct titles and dates.

    .venv/bin/python bench/bench_pdf.py [--briefs 50] [--json]

``--json`` prints the figures as one JSON object instead (``invoke bench`` reads it).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.briefs import make_slug
from pipeline.model import Brief, Entity
from pipeline.pdf import DigestPlan, render_pdfs
from pipeline.pdf_html import digest_page, stylesheet
from pipeline.pdf_render import RenderJob, render_job
from pipeline.settings import load_settings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def corpus_briefs(count: int) -> list[Brief]:
    truth = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    names = sorted(n for n in truth if not n.endswith(".html"))
    made = []
    for i in range(count):
        name = names[i % len(names)]
        lines = (CORPUS / "src" / name).read_text(encoding="utf-8").splitlines()[1:]
        body = [line.strip() for line in lines if len(line.strip()) > 60]
        data = truth[name]
        brief = Brief(
            file=f"{i:03d}-{name}",
            language=data["language"],
            title=f"{data['title']} ({i})",
            date=dt.date(2025, 3, 1) + dt.timedelta(days=i % 28),
            date_basis="dateline",
            source=data["source"],
            author=data["author"],
            tags=data["tags"],
            entities=[Entity(e, "organisation") for e in data["entities"]],
            summary=body[0][:300],
            key_points=body[1:4],
            body=body,
        )
        brief.slug = make_slug(brief)
        made.append(brief)
    return made


def peak_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--briefs", type=int, default=50)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    figures = measure(args.briefs, say=(lambda line: None) if args.json else print)
    if args.json:
        print(json.dumps(figures))


def measure(count: int, say: Callable[[str], None] = print) -> dict[str, float]:
    """Print a digest of ``count`` briefs in one process, then the ``count`` brief PDFs."""
    settings = dataclasses.replace(load_settings(), digest_locales=["en"])
    briefs = corpus_briefs(count)
    plan = DigestPlan(
        id="bench",
        title="Benchmark digest",
        kind="latest",
        period=None,
        tag=None,
        locale="en",
        count=len(briefs),
        slugs=[b.slug for b in briefs],
    )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        start = time.perf_counter()
        page = digest_page(plan, briefs, settings, generated=dt.date.today())
        job = RenderJob(
            plan.path, page, stylesheet(settings.theme), out / plan.path, [settings.theme, out],
            dt.datetime.now(dt.UTC),
        )  # fmt: skip
        digest = render_job(job)
        digest_s = time.perf_counter() - start
        assert digest.error is None, digest.error
        say(f"digest: {len(briefs)} briefs, {digest.pages} pages in {digest_s:.1f} s")
        say(f"digest: {digest.pages / digest_s:.1f} pages/s (1 process, HTML included)")
        say(f"digest: peak memory {peak_mib(resource.RUSAGE_SELF):.0f} MiB")
        start = time.perf_counter()
        singles = render_pdfs(briefs, [], settings, out)
        singles_s = time.perf_counter() - start
        assert singles.ok, singles.failures
        say(f"briefs: {singles.files} PDFs, {singles.pages} pages in {singles_s:.1f} s")
        say(f"briefs: {singles.pages / singles_s:.1f} pages/s (2 processes)")
        say(f"briefs: peak worker memory {peak_mib(resource.RUSAGE_CHILDREN):.0f} MiB")
        start = time.perf_counter()
        again = render_pdfs(briefs, [], settings, out)
        elapsed = time.perf_counter() - start
        say(f"rebuild with nothing changed: {again.unchanged} PDFs skipped in {elapsed:.2f} s")
    from weasyprint.text.ffi import harfbuzz_subset

    say(f"libharfbuzz-subset picked up by WeasyPrint: {harfbuzz_subset is not None}")
    return {
        "digest_pages": digest.pages,
        "digest_pages_per_s": digest.pages / digest_s,
        "digest_peak_mib": peak_mib(resource.RUSAGE_SELF),
        "brief_pdfs": singles.files,
        "brief_pages": singles.pages,
        "brief_pages_per_s": singles.pages / singles_s,
        "brief_worker_peak_mib": peak_mib(resource.RUSAGE_CHILDREN),
        "unchanged_seconds": elapsed,
    }


if __name__ == "__main__":
    main()
