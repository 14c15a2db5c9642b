"""Ingest and analyse a set of files: the part of the build that reads articles.

Used by ``python -m pipeline extract`` and by the build. Each file gives either a
``Brief`` or a ``Problem`` that says why not; one bad file never stops the rest.
Files are analysed in a process pool when there are enough of them to pay for it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .analyse import AnalysisOptions, analyse
from .errors import ArticleRejected
from .ingest import iter_article_files, read_document
from .linking import link_briefs
from .model import Brief, Problem
from .settings import Settings
from .text.entities import load_registry

log = logging.getLogger(__name__)

# Below this many files a process pool costs more than it saves.
POOL_THRESHOLD = 24

_worker_options: AnalysisOptions | None = None
_worker_max_bytes = 0


def collect_inputs(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Every article file named or found under ``paths``, with the name it is reported by.

    A file inside a named folder is reported by its path relative to that folder;
    a file named directly, by its file name.
    """
    inputs: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            inputs += [(f, f.relative_to(path).as_posix()) for f in iter_article_files(path)]
        else:
            inputs.append((path, path.name))
    return inputs


def process_file(
    path: Path, name: str, options: AnalysisOptions, max_bytes: int
) -> Brief | Problem:
    """One file to a ``Brief``, or a ``Problem`` naming the reason; never raises for bad input."""
    try:
        document = read_document(path, name, max_bytes)
        return analyse(document, options)
    except ArticleRejected as rejected:
        return Problem(name, rejected.status, rejected.reason)  # type: ignore[arg-type]
    except Exception as error:  # one article's bug must not stop the build
        log.debug("analysis of %s failed", name, exc_info=True)
        return Problem(name, "error", f"analysis failed: {type(error).__name__}: {error}")


def _init_worker(options: AnalysisOptions, max_bytes: int) -> None:
    global _worker_options, _worker_max_bytes
    _worker_options, _worker_max_bytes = options, max_bytes


def _process_in_worker(item: tuple[Path, str]) -> Brief | Problem:
    assert _worker_options is not None
    return process_file(item[0], item[1], _worker_options, _worker_max_bytes)


def analysis_options(settings: Settings) -> AnalysisOptions:
    return AnalysisOptions(
        registry=load_registry(settings.entities),
        summary_max_chars=settings.summary_max_chars,
        key_points=settings.key_points,
    )


def extract_records(
    inputs: list[tuple[Path, str]], settings: Settings, workers: int | None = None
) -> list[Brief | Problem]:
    """Analyse ``inputs`` in order, link the briefs across languages, and return all results."""
    options = analysis_options(settings)
    workers = workers or min(2, os.cpu_count() or 1)
    if len(inputs) < POOL_THRESHOLD or workers < 2:
        results = [process_file(p, n, options, settings.max_article_bytes) for p, n in inputs]
    else:
        with ProcessPoolExecutor(
            workers, initializer=_init_worker, initargs=(options, settings.max_article_bytes)
        ) as pool:
            results = list(pool.map(_process_in_worker, inputs, chunksize=16))
    link_briefs([r for r in results if isinstance(r, Brief)])
    return results
