"""``bench/RESULTS.md`` from the raw results of ``bench.run``: tables, ratios, targets."""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib.metadata import version
from pathlib import Path
from typing import Any

PACKAGES = ("pelican", "weasyprint", "pagefind", "lingua-language-detector", "trafilatura")
CASES = (
    ("cold", "cold full build"),
    ("nothing", "rebuild, nothing changed"),
    ("changed", "rebuild, one article changed"),
    ("retitled", "rebuild, one article retitled"),
    ("added", "rebuild, one article of the day added"),
    ("backdated", "rebuild, one back-dated article added"),
)
# The cases whose site part is compared with plain Pelican's cached rebuild.
REBUILT_CASES = ("changed", "retitled", "added", "backdated")
TARGET_SIZE = "1000"
MEMORY_SIZE = "5000"
STANDARD_SIZES = ("100", "1000", "5000")
CASE_KEYS = (*(key for key, _ in CASES), "extract", "pelican", "watching")


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "?"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    versions = ", ".join(f"{name} {version(name)}" for name in PACKAGES)
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores, {memory} RAM",
        "system": f"{platform.system()} {platform.release()}, Python {platform.python_version()}",
        "versions": versions,
    }


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _stages(stages: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.1f}" for k, v in stages.items()) or "–"


def _size_section(size: str, result: dict[str, Any]) -> list[str]:
    lines = [
        f"## N = {int(size):,}",
        "",
        f"Load average before / after: {result.get('load_before', '?')} / "
        f"{result.get('load_after', '?')}.",
        "",
        "| case | wall s | CPU s | peak memory, tree PSS MiB | largest process MiB "
        "| stages s | pages written | PDFs printed | runs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key, label in CASES:
        case = result.get(key)
        if not case:
            lines.append(f"| {label} | not measured | | | | | | | |")
            continue
        lines.append(
            f"| {label} | {_s(case['wall'])} | {_s(case['cpu'])} | {case['tree_pss_mib']:.0f} "
            f"| {case['max_rss_mib']:.0f} | {_stages(case['stages'])} | {case['pages']} "
            f"| {case['pdfs']} | {case['runs']} |"
        )
    pelican = result.get("pelican", {})
    for key, label in (
        ("cold", "plain Pelican, cold"),
        ("cached", "plain Pelican, cached, 1 changed"),
    ):
        run = pelican.get(key)
        if run:
            lines.append(
                f"| {label} | {_s(run['wall'])} | {_s(run['cpu'])} | {run['tree_pss_mib']:.0f} "
                f"| {run['max_rss_mib']:.0f} | – | – | – | {run['runs']} |"
            )
    lines += ["", *_ratios(result), ""]
    return lines


def site_seconds(case: dict[str, Any] | None) -> float | None:
    """The site stage of a build (0 when the build found nothing to redo)."""
    if not case:
        return None
    return case["stages"].get("site", 0.0)


def _ratios(result: dict[str, Any]) -> list[str]:
    pelican = result.get("pelican", {})
    cold, cached = pelican.get("cold"), pelican.get("cached")
    lines = []
    if cold and result.get("cold"):
        ours = site_seconds(result["cold"]) or 0.0
        lines.append(
            f"- Site part of the cold build: {ours:.1f} s for {result.get('locales', 5)} interface "
            f"locales = {ours / cold['wall']:.2f} × plain Pelican's cold build "
            f"({cold['wall']:.1f} s, one locale, simple theme)."
        )
    if cached:
        for key, label in CASES:
            ours = site_seconds(result.get(key)) if key in REBUILT_CASES else None
            if ours is not None:
                lines.append(
                    f"- Site part, {label.removeprefix('rebuild, ')}: {ours:.1f} s = "
                    f"{ours / cached['wall']:.2f} × plain Pelican's cached rebuild "
                    f"({cached['wall']:.1f} s)."
                )
        if result.get("nothing"):
            lines.append(
                f"- Whole rebuild with nothing changed: {result['nothing']['wall']:.2f} s = "
                f"{result['nothing']['wall'] / cached['wall']:.2f} × plain Pelican's cached "
                "rebuild."
            )
    if result.get("watching"):
        watching = result["watching"]
        times = ", ".join(f"{wall:.2f}" for wall in watching["walls"])
        ahead = (
            "its PDF process and Pagefind started ahead"
            if watching.get("ahead", True)
            else "nothing started ahead (the archive is above BRIEFPRESS_OVERLAP_MAX_BRIEFS)"
        )
        lines.append(
            f"- Rebuild after one article changed in a watching process (`invoke livereload`),"
            f" {ahead}: {watching['wall']:.2f} s wall (median of {times} s)."
        )
    if "articles_per_s" in result:
        analyse = result.get("cold", {}).get("stages", {}).get("analyse")
        in_build = (
            f"; in the cold build's analyse stage {result['size'] / analyse:.0f}/s"
            if analyse
            else ""
        )
        lines.append(
            f"- Analysis: {result['articles_per_s']:.0f} articles/s for "
            "`python -m pipeline extract` "
            f"(whole process, start-up and model loading included){in_build}."
        )
    if "pdf_pages_per_s" in result:
        lines.append(
            f"- PDFs: {result['pdf_pages']} pages printed in the cold build at "
            f"{result['pdf_pages_per_s']:.1f} pages/s (PDF stage, two processes)."
        )
    return lines


def _targets(results: dict[str, Any]) -> list[str]:
    at = results.get(TARGET_SIZE)
    lines = [
        "## Targets (issue 6) at N = 1,000",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    if not at:
        return [*lines, "| all | not measured | – |", ""]
    pelican = at.get("pelican", {})
    rows: list[tuple[str, float | None, float | None, str]] = [
        ("nothing changed ≤ 1 s wall", at.get("nothing", {}).get("wall"), 1.0, "s"),
        ("one article changed ≤ 3 s wall", at.get("changed", {}).get("wall"), 3.0, "s"),
        ("one article of the day added ≤ 3 s wall", at.get("added", {}).get("wall"), 3.0, "s"),
    ]
    cached = pelican.get("cached", {}).get("wall")
    cold = pelican.get("cold", {}).get("wall")
    if cached:
        rows.append(
            (
                "site part, one changed ≤ ½ Pelican cached",
                site_seconds(at.get("changed")),
                cached / 2,
                "s",
            )
        )
    if cold:
        rows.append(("site part, cold ≤ Pelican cold", site_seconds(at.get("cold")), cold, "s"))
    for label, value, limit, unit in rows:
        met = "–" if value is None else ("yes" if value <= limit else "no")
        lines.append(f"| {label} (limit {limit:.2f} {unit}) | {_s(value)} {unit} | {met} |")
    speed = at.get("articles_per_s")
    if speed is not None:
        lines.append(
            f"| analysis ≥ 50 articles/s | {speed:.0f}/s | {'yes' if speed >= 50 else 'no'} |"
        )
    pages = at.get("pdf_pages_per_s")
    if pages is not None:
        lines.append(f"| PDFs ≥ 20 pages/s | {pages:.1f}/s | {'yes' if pages >= 20 else 'no'} |")
    big = results.get(MEMORY_SIZE, {}).get("cold")
    if big:
        peak = big["tree_pss_mib"]
        met = "yes" if peak <= 1024 else "no"
        lines.append(f"| peak memory ≤ 1 GB at N = 5,000 | {peak:.0f} MiB | {met} |")
    else:
        lines.append("| peak memory ≤ 1 GB at N = 5,000 | not measured | – |")
    return [*lines, ""]


def _not_measured(results: dict[str, Any]) -> list[str]:
    """A line for each standard size, and each case of a measured size, that has no figures."""
    missing = []
    for size in STANDARD_SIZES:
        if size not in results:
            missing.append(f"- N = {int(size):,}: nothing.")
            continue
        absent = [case for case in CASE_KEYS if case not in results[size]]
        if absent:
            missing.append(f"- N = {int(size):,}: {', '.join(absent)}.")
    if not missing:
        return []
    return ["## Not measured", "", *missing, ""]


def _notes(notes: list[str]) -> list[str]:
    return ["## Notes", "", *[f"- {note}" for note in notes], ""] if notes else []


def write_report(results: dict[str, Any], path: Path) -> None:
    """Write the whole report from ``results`` (sizes as keys, plus ``meta``)."""
    meta = results.get("meta") or machine()
    sizes = sorted((k for k in results if k.isdigit()), key=int)
    lines = [
        "# Benchmark results",
        "",
        f"Written by `invoke bench` on {dt.date.today().isoformat()}. Machine: {meta['cpu']}; "
        f"{meta['system']}; {meta['versions']}.",
        "",
        "Every figure is a whole process measured from outside (`bench/measure.py`): wall "
        "time, CPU time (user + system of the process tree), peak memory as the sampled sum "
        "of the tree's PSS and as the largest single process. Rebuild figures are medians "
        "of several runs; cold builds ran once per size unless the table says otherwise.",
        "",
        *_notes(results.get("notes", [])),
        *_targets(results),
    ]
    for size in sizes:
        lines += _size_section(size, results[size])
    lines += _not_measured(results)
    pdf = results.get("bench_pdf")
    if pdf and "error" not in pdf:
        lines += [
            "## `bench/bench_pdf.py`",
            "",
            f"- Digest of 50 briefs, one process: {pdf['digest_pages']} pages at "
            f"{pdf['digest_pages_per_s']:.1f} pages/s, peak {pdf['digest_peak_mib']:.0f} MiB.",
            f"- 50 brief PDFs, two processes: {pdf['brief_pages']} pages at "
            f"{pdf['brief_pages_per_s']:.1f} pages/s, "
            f"worker peak {pdf['brief_worker_peak_mib']:.0f} MiB.",
            f"- Nothing changed: all skipped in {pdf['unchanged_seconds']:.2f} s.",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")
