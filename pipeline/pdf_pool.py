"""Running PDF tasks: in this process when there is little to do, else in forked workers.

Workers are forked once WeasyPrint is imported, so they start at once, and with
this process's objects frozen for the garbage collector: a collection in a worker
would otherwise write to, and so copy, every memory page that holds one (see
``gc.freeze``), and each worker would end up with its own copy of the build's heap.
A worker that has grown past ``WORKER_MEMORY`` hands its free heap back to the
system; if it still holds more, the pool is drained and replaced, so a long
build's memory stays flat. A worker that dies (a crash in a C library on hostile
input) fails the tasks in flight, not the build: the pool is replaced and the rest
goes on.
"""

from __future__ import annotations

import gc
import os
import resource
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any

from .child import release_free_memory
from .pdf_jobs import (
    AssembleTask,
    PdfContext,
    SectionOutcome,
    SectionTask,
    assemble,
    lay_out_section,
)
from .pdf_render import RenderOutcome

# A worker holding more than this of its own (MiB), even after handing its free heap back,
# is replaced once the pool is drained. With two workers and the build process this keeps
# a build of 5,000 briefs under 1 GiB in all (see bench/RESULTS.md).
WORKER_MEMORY = 300
Task = tuple[str, SectionTask | AssembleTask]
NextTask = Callable[[], Task | None]

_context: PdfContext | None = None


def worker_count() -> int:
    """The cores this process may use, at most four (each worker holds its own fonts)."""
    return max(1, min(len(os.sched_getaffinity(0)), 4))


def _start(context: PdfContext) -> None:
    global _context
    _context = context


def _outcome(kind: str, task: Any) -> Any:
    assert _context is not None
    return lay_out_section(_context, task) if kind == "section" else assemble(_context, task)


def _run(kind: str, task: Any) -> tuple[str, Any, float]:
    """One task in a worker: its kind, its outcome and the worker's own MiB."""
    outcome = _outcome(kind, task)
    held = _private_mib()
    if held > WORKER_MEMORY:
        release_free_memory()
        held = _private_mib()
    return kind, outcome, held


def _private_mib() -> float:
    """The memory this worker holds of its own (MiB). Pages still shared with the build
    process it was forked from do not count: in a large build they are hundreds of MB,
    and counting them would replace the workers after every few tasks."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as handle:
            kib = sum(
                int(line.split()[1])
                for line in handle
                if line.startswith(("Private_Clean:", "Private_Dirty:"))
            )
        return kib / 1024
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _failed(kind: str, task: Any, error: str) -> Any:
    if kind == "section":
        return SectionOutcome(task.slug, task.locale, error=error)
    return RenderOutcome(task.rel, error=error)


def run_tasks(
    context: PdfContext, next_task: NextTask, total: int, workers: int | None = None
) -> Iterator[tuple[str, Any]]:
    """Run the tasks ``next_task`` gives (None: nothing more for now) and yield outcomes.

    ``next_task`` is asked again after each outcome, so a task may depend on the
    outcomes of earlier ones. ``total`` is how many tasks there will be; they run in
    ``workers`` processes (by default one per core), in this one when that is one.
    """
    workers = workers or worker_count()
    if total <= 2 or workers == 1:
        _start(context)
        while (task := next_task()) is not None:
            yield task[0], _outcome(*task)
        return
    from . import pdf_assemble, pdf_record  # noqa: F401  (imported before forking)

    release_free_memory()
    try:
        while True:
            gc.freeze()  # again for each pool: what this process made since is frozen too
            pool = ProcessPoolExecutor(
                workers, mp_context=get_context("fork"), initializer=_start, initargs=(context,)
            )
            with pool:
                recycle = yield from _drive(pool, next_task, 2 * workers)
            if not recycle:
                return
    finally:
        gc.unfreeze()


def _drive(pool: ProcessPoolExecutor, next_task: NextTask, limit: int) -> Iterator[tuple[str, Any]]:
    """Keep ``limit`` tasks in flight; return True when the pool must be replaced first."""
    flight: dict[Future, Task] = {}
    recycle = False
    while True:
        while not recycle and len(flight) < limit and (task := next_task()) is not None:
            flight[pool.submit(_run, *task)] = task
        if not flight:
            return recycle
        done, _ = wait(flight, return_when=FIRST_COMPLETED)
        for future in done:
            kind, task = flight.pop(future)
            try:
                kind, outcome, held = future.result()
            except BrokenProcessPool as error:
                yield kind, _failed(kind, task, f"the PDF worker died: {error}")
                recycle = True
                continue
            except Exception as error:  # an outcome that could not come back
                yield kind, _failed(kind, task, f"{type(error).__name__}: {error}")
                continue
            recycle = recycle or held > WORKER_MEMORY
            yield kind, outcome
