"""Ingest and analyse a set of files: the part of the build that reads articles.

Used by ``python -m pipeline extract`` and by the build. Each file gives either a
``Brief`` or a ``Problem`` that says why not; one bad file never stops the rest.
Files are analysed in a process pool when there are enough of them to pay for it.
With an ``AnalysisCache`` only the files whose inputs changed are analysed again,
and the cross-article links are recomputed only when some brief changed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .cache import AnalysisCache, valid_until
from .errors import ArticleRejected
from .ingest import iter_article_files, read_document
from .model import Brief, Problem
from .settings import Settings

if TYPE_CHECKING:
    from .analyse import AnalysisOptions
    from .text.language import Rankings

log = logging.getLogger(__name__)

# Below this many files a process pool costs more than it saves.
POOL_THRESHOLD = 24
Result = Brief | Problem
Tick = Callable[[int], None]
"""Told how many more files are done (for a progress display)."""

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


def process_file(path: Path, name: str, options: AnalysisOptions, max_bytes: int) -> Result:
    """One file to a ``Brief``, or a ``Problem`` naming the reason; never raises for bad input."""
    return analyse_file(path, name, options, max_bytes).result


class Analysed(NamedTuple):
    """An analysis result, the day it may stop holding (see ``cache.valid_until``),
    whether it may be cached at all (not after an unexpected failure, which may be
    passing), and the language rankings it used (see ``text.language.remembering``)."""

    result: Result
    until: dt.date | None
    cacheable: bool
    rankings: Rankings


def analyse_file(
    path: Path, name: str, options: AnalysisOptions, max_bytes: int, known: Rankings | None = None
) -> Analysed:
    """Analyse one file, taking lingua's rankings from ``known`` where it has them."""
    from .analyse import analyse
    from .text.language import remembering

    with remembering(known or {}) as used:
        try:
            document = read_document(path, name, max_bytes)
            brief = analyse(document, options)
            today = options.today or dt.date.today()
            return Analysed(brief, valid_until(document, brief.language, today), True, used)
        except ArticleRejected as rejected:
            problem = Problem(name, rejected.status, rejected.reason)  # type: ignore[arg-type]
            return Analysed(problem, None, True, used)
        except Exception as error:  # one article's bug must not stop the build
            log.debug("analysis of %s failed", name, exc_info=True)
            reason = f"analysis failed: {type(error).__name__}: {error}"
            return Analysed(Problem(name, "error", reason), None, False, used)


def _init_worker(options: AnalysisOptions, max_bytes: int) -> None:
    global _worker_options, _worker_max_bytes
    _worker_options, _worker_max_bytes = options, max_bytes


def _analyse_in_worker(item: tuple[Path, str]) -> Analysed:
    assert _worker_options is not None
    return analyse_file(item[0], item[1], _worker_options, _worker_max_bytes)


def analysis_options(settings: Settings, today: dt.date | None = None) -> AnalysisOptions:
    """One ``today`` for the whole run, so every article is judged against the same day.

    The analysis modules load here, not on import: a rebuild served from the cache
    never needs them.
    """
    from . import ingest_html, ingest_markdown  # noqa: F401  (read_document's, before forking)
    from .analyse import AnalysisOptions
    from .text.entities import load_registry

    return AnalysisOptions(
        registry=load_registry(settings.entities),
        summary_max_chars=settings.summary_max_chars,
        key_points=settings.key_points,
        today=today or dt.date.today(),
        max_chars=settings.max_article_chars,
    )


def extract_records(
    inputs: list[tuple[Path, str]],
    settings: Settings,
    workers: int | None = None,
    cache: AnalysisCache | None = None,
    tick: Tick | None = None,
    keys: list[str | None] | None = None,
) -> list[Result]:
    """Analyse ``inputs`` in order, link the briefs across languages, and return all results.

    With ``cache``, cached results are reused and new ones stored; ``keys`` are the
    inputs' cache keys when the caller has them already.
    """
    if keys is None:
        keys = cache.input_keys(inputs, settings.max_article_bytes) if cache else []
    keys = keys or [None] * len(inputs)
    results: list[Result | None] = [cache.lookup(k) if cache and k else None for k in keys]
    if tick:
        tick(sum(r is not None for r in results))
    missing = [i for i, r in enumerate(results) if r is None]
    if missing:
        from .text import tables

        if cache:
            tables.use(cache.snapshot.tables)
        options = analysis_options(settings, cache.today if cache else None)
        todo = [inputs[i] for i in missing]
        known = cache.rankings if cache else {}
        analysed = _analyse_all(todo, options, settings.max_article_bytes, workers, known)
        for i, (result, until, cacheable, rankings) in zip(missing, analysed, strict=True):
            results[i] = result
            if cache and keys[i] and cacheable:
                cache.store(keys[i], result, until)
            if cache:
                cache.rankings[inputs[i][1]] = rankings
            if tick:
                tick(1)
        if cache:
            cache.snapshot.tables.update(tables.built())
    done = [r for r in results if r is not None]
    _link(done, [k for k, r in zip(keys, done, strict=True) if isinstance(r, Brief)], cache)
    return done


def _analyse_all(
    inputs: list[tuple[Path, str]],
    options: AnalysisOptions,
    max_bytes: int,
    workers: int | None,
    known: dict[str, Rankings],
) -> Iterator[Analysed]:
    """Each input's analysis, in order; a few in this process (with the rankings
    ``known`` for their names), many in a pool."""
    workers = workers or min(2, os.cpu_count() or 1)
    if len(inputs) < POOL_THRESHOLD or workers < 2:
        for path, name in inputs:
            yield analyse_file(path, name, options, max_bytes, known.get(name))
        return
    chunk = max(1, min(16, len(inputs) // (workers * 8)))
    with ProcessPoolExecutor(
        workers, initializer=_init_worker, initargs=(options, max_bytes)
    ) as pool:
        yield from pool.map(_analyse_in_worker, inputs, chunksize=chunk)


def _link(results: list[Result], keys: list[str | None], cache: AnalysisCache | None) -> None:
    """Link the briefs, or restore the links of the last run when no brief changed.

    With a cache, briefs are named by the digests of their entries, under which the
    linking memo of the last build keeps what each brief alone decides.
    """
    from .linking import link_briefs

    briefs = [r for r in results if isinstance(r, Brief)]
    found = [cache.digest(k) if cache and k else None for k in keys]
    digests = [d for d in found if d]
    if cache is None or len(digests) != len(found):
        link_briefs(briefs)
        return
    key = cache.link_key(digests)
    stored = cache.load_links(key)
    if stored is not None and all(b.file in stored for b in briefs):
        for brief in briefs:
            brief.same_story_as, brief.duplicate_of, brief.warnings = stored[brief.file]
        return
    link_briefs(briefs, digests, cache.snapshot.links)
    cache.save_links(key, briefs)
