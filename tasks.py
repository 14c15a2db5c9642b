"""Briefpress tasks: ``invoke --list`` describes them, ``invoke --help NAME`` their options.

Thin on purpose: each task calls the pipeline. The Pelican quickstart tasks keep
their usual meaning.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from pathlib import Path

from invoke import Context, task

ROOT = Path(__file__).resolve().parent
DEV_CONF = ROOT / "pelicanconf.py"
PUBLISH_CONF = ROOT / "publishconf.py"


def _settings(conf: Path = DEV_CONF, articles: str | None = None, output: str | None = None):
    from pipeline.settings import load_settings

    return load_settings(conf).with_paths(
        Path(articles) if articles else None, Path(output) if output else None
    )


def _run_build(conf: Path, articles: str | None, output: str | None, strict: bool) -> None:
    from pipeline.build import build as run_build
    from pipeline.commands import run_logged

    settings = _settings(conf, articles, output)
    run_logged(lambda: run_build(settings, strict=strict))


@task(
    help={
        "articles": "folder of raw articles",
        "output": "output folder",
        "strict": "fail on any problem",
    }
)
def build(
    c: Context, articles: str | None = None, output: str | None = None, strict: bool = False
) -> None:
    """Build briefs, the site in every interface locale, search index and PDFs."""
    _run_build(DEV_CONF, articles, output, strict)


@task
def briefs(c: Context, articles: str | None = None) -> None:
    """Only analyse the articles and write content/briefs/ (no site, no PDFs)."""
    from pipeline.commands import run_logged, write_briefs_only

    settings = _settings(DEV_CONF, articles)
    run_logged(lambda: write_briefs_only(settings))


@task
def pdf(c: Context) -> None:
    """Render the PDF briefs and digests from content/briefs/ into output/pdf/."""
    from pipeline.commands import render_pdfs_only, run_logged

    run_logged(lambda: render_pdfs_only(_settings()))


@task
def clean(c: Context) -> None:
    """Remove the generated site (output/), the folder builds are prepared in, and the caches."""
    from pipeline.publish import staging_path

    settings = _settings()
    for folder in (settings.output, staging_path(settings.output), ROOT / "cache"):
        if folder.exists():
            shutil.rmtree(folder)


@task(pre=[clean])
def rebuild(c: Context) -> None:
    """Clean, then build from scratch."""
    _run_build(DEV_CONF, None, None, False)


@task
def regenerate(c: Context) -> None:
    """Rebuild whenever an article, the theme, the settings or the registry changes."""
    from pipeline.commands import run_logged
    from pipeline.serve import watch_and_rebuild

    run_logged(lambda: watch_and_rebuild(_settings))


@task(help={"port": "port to listen on (default 8000)", "bind": "address (default 127.0.0.1)"})
def serve(c: Context, port: int = 8000, bind: str = "127.0.0.1") -> None:
    """Serve output/ at http://127.0.0.1:8000/."""
    from pipeline.commands import run_logged
    from pipeline.serve import serve_folder

    run_logged(lambda: serve_folder(_settings().output, bind, port))


@task
def reserve(c: Context, port: int = 8000, bind: str = "127.0.0.1") -> None:
    """Build, then serve."""
    build(c)
    serve(c, port=port, bind=bind)


@task
def preview(c: Context) -> None:
    """Build with the publishing settings (publishconf.py)."""
    _run_build(PUBLISH_CONF, None, None, False)


@task
def livereload(c: Context, port: int = 8000, bind: str = "127.0.0.1") -> None:
    """Serve output/ and rebuild on every change (reload the page to see it)."""
    from pipeline.commands import run_logged
    from pipeline.serve import serve_and_watch

    run_logged(lambda: serve_and_watch(_settings, bind, port))


@task
def publish(c: Context) -> None:
    """Build with publishconf.py and rsync output/ to BRIEFPRESS_PUBLISH_TARGET."""
    settings = _settings(PUBLISH_CONF)
    target = settings.pelican.get("BRIEFPRESS_PUBLISH_TARGET")
    if not target:
        sys.exit(
            "publish: set BRIEFPRESS_PUBLISH_TARGET in publishconf.py (e.g. user@host:/var/www/)"
        )
    _run_build(PUBLISH_CONF, None, None, True)
    c.run(f"rsync -az --delete {shlex.quote(str(settings.output))}/ {shlex.quote(target)}")


@task(
    help={
        "corpus": "folder with articles/ and expected.json (default ../shared/corpus)",
        "pin": "record the scores as the floors tests/eval_floors.json enforces",
        "allow_lower": "with --pin: allow a floor to go down",
    }
)
def evaluate(
    c: Context,
    corpus: str = str(ROOT.parent / "shared" / "corpus"),
    pin: bool = False,
    allow_lower: bool = False,
) -> None:
    """Score `python -m pipeline extract` against a corpus's expected.json."""
    from pipeline.commands import run_logged
    from pipeline.evaluate import evaluate_corpus, format_table, pin_floors

    def run() -> None:
        scores = evaluate_corpus(Path(corpus), _settings())
        print(format_table(scores))
        if pin:
            pin_floors(scores, Path(corpus), ROOT / "tests" / "eval_floors.json", allow_lower)

    run_logged(run)


@task
def translations(c: Context) -> None:
    """Extract interface strings from the templates and update theme/translations/*.po."""
    from pipeline.site import update_catalogs

    update_catalogs(_settings())


@task
def golden(c: Context) -> None:
    """Rebuild tests/golden/ (sample site and seed briefs) after an intended change."""
    c.run(
        f"{sys.executable} -m pytest -q tests/test_golden_site.py tests/test_extract.py",
        env={"UPDATE_GOLDEN": "1"},
    )


@task(
    help={
        "sizes": "archive sizes, comma-separated (default 100,1000,5000)",
        "runs": "runs per rebuild case; the median is reported (default 3)",
        "cases": "what to measure: builds, extract, pelican (default all)",
    }
)
def bench(c: Context, sizes: str = "100,1000,5000", runs: int = 3, cases: str = "") -> None:
    """Benchmark builds against plain Pelican on generated archives; write bench/RESULTS.md."""
    extra = f" --cases {shlex.quote(cases)}" if cases else ""
    with c.cd(str(ROOT)):
        c.run(f"{sys.executable} -m bench.run --sizes {shlex.quote(sizes)} --runs {runs}{extra}")


@task(help={"fast": "skip the tests marked slow and browser"})
def test(c: Context, fast: bool = False) -> None:
    """Run ruff and the test suite."""
    c.run(f"{sys.executable} -m ruff check .", pty=False)
    marker = "-m 'not slow and not browser'" if fast else ""
    c.run(f"{sys.executable} -m pytest -n 2 {marker}", pty=False)
