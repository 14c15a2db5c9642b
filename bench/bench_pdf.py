"""Benchmark the PDF stage on briefs made from the corpus: cold, digest, one brief added.

Four measurements, each a call of ``render_pdfs`` as the build makes it:

* the ``count`` brief PDFs from nothing (every brief laid out, in the worker pool);
* a digest of those briefs (one process: its briefs are already laid out, so it is
  assembled from their cached sections);
* one more brief, dated in the digest: its own PDF and the digest again;
* nothing changed: everything skipped.

Pages per second count the pages written; peak memory is ``resource.getrusage``'s.

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
from pipeline.pdf import DigestPlan, PdfResult, render_pdfs
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


def digest_of(briefs: list[Brief]) -> DigestPlan:
    return DigestPlan(
        id="bench",
        title="Benchmark digest",
        kind="latest",
        period=None,
        tag=None,
        locale="en",
        count=len(briefs),
        slugs=[b.slug for b in briefs],
    )


def measure(count: int, say: Callable[[str], None] = print) -> dict[str, float]:
    """Print ``count`` brief PDFs from nothing, then their digest, then one brief more."""
    settings = dataclasses.replace(load_settings(), digest_locales=["en"])
    *briefs, extra = corpus_briefs(count + 1)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        cache = out / "sections"

        def timed(briefs: list[Brief], digests: list[DigestPlan]) -> tuple[PdfResult, float]:
            start = time.perf_counter()
            result = render_pdfs(briefs, digests, settings, out, cache=cache)
            assert result.ok, result.failures
            return result, time.perf_counter() - start

        singles, singles_s = timed(briefs, [])
        say(f"briefs: {singles.files} PDFs, {singles.pages} pages in {singles_s:.1f} s")
        say(f"briefs: {singles.pages / singles_s:.1f} pages/s (laid out and assembled, pool)")
        say(f"briefs: peak worker memory {peak_mib(resource.RUSAGE_CHILDREN):.0f} MiB")
        digest, digest_s = timed(briefs, [digest_of(briefs)])
        say(f"digest: {len(briefs)} briefs, {digest.pages} pages in {digest_s:.1f} s")
        say(f"digest: {digest.pages / digest_s:.1f} pages/s (assembled from laid-out briefs)")
        say(f"digest: peak memory {peak_mib(resource.RUSAGE_SELF):.0f} MiB")
        extra = dataclasses.replace(extra, date=briefs[0].date)
        grown = [*briefs, extra]
        added, added_s = timed(grown, [digest_of(grown)])
        say(f"one brief added: {added.files} PDFs, {added.pages} pages in {added_s:.1f} s")
        again, again_s = timed(grown, [digest_of(grown)])
        say(f"rebuild with nothing changed: {again.unchanged} PDFs skipped in {again_s:.2f} s")
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
        "added_pdfs": added.files,
        "added_seconds": added_s,
        "unchanged_seconds": again_s,
    }


if __name__ == "__main__":
    main()
