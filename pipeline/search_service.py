"""Pagefind for a build, in a process of its own that indexes while the build goes on.

A rebuild re-indexes a few search shards per locale, a fraction of a second each once
Pagefind is ready; getting ready (starting Pagefind and loading its Japanese and
Chinese dictionaries) takes a second or so. So a rebuild starts its ``SearchService`` before it
analyses anything, and hands it each locale's shards as soon as that locale's pages
are rendered (``search.SearchUpdater``). The service is a process, not a thread of the
build, because the build forks its renderer later, and a process forked while another
thread runs can hang on a lock that thread held.

In the service's process, an event loop drives one or two Pagefind services
(``pagefind.service``) and reads the build's orders from a pipe: ``add`` queues jobs,
``wait`` answers when all are done, ``running`` whether its Pagefind services still
run, ``close`` ends it.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
from collections import deque
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

import pagefind.service
from pagefind.service import PagefindService

from .child import ChildCall, start_method
from .errors import BriefpressError
from .files import files_under

__all__ = ["INDEX_LANGUAGE", "Job", "SearchService"]

INDEX_LANGUAGE = "ja"
# A re-index of this many shards or more is shared by two Pagefind services, while shards
# hold at most PARALLEL_SHARD_LIMIT briefs: a service holds ~300 MB, plus ~0.25 MB per page
# of the shard it indexes.
PARALLEL_FROM = 20
PARALLEL_SHARD_LIMIT = 100
# The pause pagefind.service's reader takes before reading each response (see _NoPollPause).
POLL_PAUSE = 0.1
# How long a bundle's files may take to land after Pagefind said they were written, and
# how often they are looked at meanwhile (see _landed).
WRITE_TIMEOUT = 30.0
WRITE_POLL = 0.002
# A page whose Japanese and Chinese text make a new service load its two CJK dictionaries
# (0.9 s and 0.2 s; SearchService), which it otherwise loads on the first page of each.
WARM_UP_PAGE = (
    '<html lang="ja"><body><div data-pagefind-body>'
    "<p>全固体電池の量産</p><p>钠离子电池生产线投产</p></div></body></html>"
)

# (locale, site folder, page globs, bundle folder)
Job = tuple[str, Path, list[str], Path]


class SearchService:
    """Pagefind services for a build, in a child process (see the module's docstring).

    With ``warm``, the first is launched at once and loads its CJK dictionaries (about a
    second, each on the first text it sees in its language), which the build overlaps
    with other work. Otherwise it is launched by the first ``add``, so a build with nothing to
    index starts no Pagefind. Jobs wait in one queue, each service taking the next as
    soon as it is free (a service answers one request at a time). When ``wait`` finds
    ``PARALLEL_FROM`` jobs or more still queued (a cold build), it starts a second
    service if the shards are small (``briefs_per_shard`` at most
    ``PARALLEL_SHARD_LIMIT``; memory), one per core. Use it as a context manager.
    """

    def __init__(self, briefs_per_shard: float = 0, warm: bool = True) -> None:
        most = min(2, os.cpu_count() or 1) if briefs_per_shard <= PARALLEL_SHARD_LIMIT else 1
        method = start_method()
        self._orders, theirs = multiprocessing.get_context(method).Pipe()
        self._call = ChildCall(
            "search index", _serve, theirs, warm, most, PARALLEL_FROM, method=method
        )
        theirs.close()
        self._closed = False

    def index(self, jobs: list[Job]) -> dict[str, int]:
        """Index each (locale, site folder, page globs, bundle folder) job; pages per locale."""
        self.add(jobs)
        return self.wait()

    def add(self, jobs: list[Job]) -> None:
        """Queue jobs (as for ``index``); the first service starts on them at once."""
        try:
            self._orders.send(("add", jobs))
        except OSError:
            self._ended()

    def wait(self) -> dict[str, int]:
        """Pages indexed per locale by the jobs added since the last ``wait``, once all are."""
        return self._ask("wait")

    def launched(self) -> int:
        """How many Pagefind services have been launched."""
        return self._ask("launched")

    def running(self) -> bool:
        """Whether its process and every Pagefind service it launched still run: one
        started ahead of a build may have been killed while it waited."""
        try:
            return bool(self._ask("running"))
        except BriefpressError:
            return False

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(OSError):  # the process is gone: its result says why
            self._orders.send(("close", None))
        self._orders.close()
        self._call.result()

    def __enter__(self) -> SearchService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ask(self, order: str) -> Any:
        try:
            self._orders.send((order, None))
            ok, answer = self._orders.recv()
        except (EOFError, OSError):
            self._ended()
        if not ok:
            raise BriefpressError(f"search index: {answer}")
        return answer

    def _ended(self) -> NoReturn:
        """The process ended before it was told to: raise its error, or say it died."""
        self._closed = True
        self._orders.close()
        self._call.result()  # raises the child's error, or ChildDied
        raise BriefpressError("search index: its process ended before it was told to")


def _serve(orders: Any, warm: bool, most: int, parallel_from: int) -> None:
    """The service process: index what the build orders until it says ``close``."""
    asyncio.run(_Indexer(warm, most, parallel_from).serve(orders))


class _Indexer:
    """The service process's Pagefind services and their queue of jobs."""

    def __init__(self, warm: bool, most: int, parallel_from: int) -> None:
        self._warm = warm
        self._most = most
        self._parallel_from = parallel_from
        self._services: list[asyncio.Task[PagefindService]] = []
        self._waiting: deque[Job] = deque()
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._counts: dict[str, int] = {}

    async def serve(self, orders: Any) -> None:
        received: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()

        def receive() -> None:
            try:
                received.put_nowait(orders.recv())
            except (EOFError, OSError):  # the build has gone: stop
                asyncio.get_running_loop().remove_reader(orders.fileno())
                received.put_nowait(("close", None))

        if self._warm:
            self._launch()
        asyncio.get_running_loop().add_reader(orders.fileno(), receive)
        try:
            while True:
                order, jobs = await received.get()
                if order == "close":
                    return
                if order == "add":
                    self._staff(jobs, 1)
                    continue
                try:
                    answer: Any = await self._answer(order)
                    orders.send((True, answer))
                except Exception as error:  # told to the build, which fails with it
                    orders.send((False, f"{type(error).__name__}: {error}"))
        finally:
            await self._close()

    async def _answer(self, order: str) -> Any:
        if order == "wait":
            return await self._drain()
        if order == "running":
            return all(_running(s) for s in self._services if s.done())
        return len(self._services)

    def _launch(self) -> None:
        self._services.append(asyncio.ensure_future(_launch()))

    def _staff(self, jobs: list[Job], wanted: int) -> None:
        """Queue ``jobs`` and see that ``wanted`` services (at least) work on the queue."""
        self._waiting.extend(jobs)
        if not self._waiting:
            return
        while len(self._services) < wanted:
            self._launch()
        for number, service in enumerate(self._services):
            worker = self._workers.get(number)
            # A failed worker stays, for ``_drain`` to report its error.
            if worker is None or (worker.done() and worker.exception() is None):
                self._workers[number] = asyncio.ensure_future(self._work(service))

    async def _drain(self) -> dict[str, int]:
        self._staff([], 1 if len(self._waiting) < self._parallel_from else self._most)
        while not all(worker.done() for worker in self._workers.values()):
            await asyncio.gather(*self._workers.values())
        for worker in self._workers.values():
            worker.result()
        counts, self._counts = self._counts, {}
        return counts

    async def _work(self, starting: asyncio.Task[PagefindService]) -> None:
        """Index queued jobs with one service until the queue is empty."""
        service = await starting
        try:
            await self._index(service)
        except ConnectionError as error:  # written to after its process ended
            raise BriefpressError(f"Pagefind's process has ended ({error!r})") from error

    async def _index(self, service: PagefindService) -> None:
        while self._waiting:
            locale, site, globs, bundle = self._waiting.popleft()
            index = await service.create_index(
                {"force_language": INDEX_LANGUAGE, "output_path": str(bundle)}
            )
            for glob in globs:
                indexed = await index.add_directory(str(site), glob=glob)
                self._counts[locale] = self._counts.get(locale, 0) + int(indexed["page_count"])
            await index.write_files()
            await index.delete_index()  # the service would otherwise keep every shard in memory
            await _landed(bundle)

    async def _close(self) -> None:
        for worker in self._workers.values():
            worker.cancel()
        for service in self._services:
            if not service.done():
                service.cancel()
            elif _running(service):
                # A service whose process ended has failed its requests (``_stopped``).
                with contextlib.suppress(BriefpressError, ProcessLookupError):
                    await service.result().close()


async def _launch() -> PagefindService:
    """A running Pagefind service that has segmented some Japanese and some Chinese."""
    pagefind.service.asyncio = _NoPollPause()  # type: ignore[attr-defined]
    service = await PagefindService().launch()
    service._poll_task.add_done_callback(partial(_stopped, service))
    warm = await service.create_index({"force_language": INDEX_LANGUAGE})
    await warm.add_html_file(url="/warm-up.html", content=WARM_UP_PAGE)
    await warm.delete_index()
    return service


async def _landed(folder: Path, timeout: float = WRITE_TIMEOUT) -> None:
    """Wait until every file Pagefind wrote under ``folder`` holds all its bytes.

    Pagefind creates each file, writes it from a background thread and answers
    ``write_files`` without waiting for those writes (``tokio::fs`` without ``flush``):
    a file may then still be empty, and stays so if Pagefind is stopped, as it is
    when the build ends. No file it writes is empty, so the bundle has landed once
    none is and their sizes hold still between two looks.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    before: dict[str, int] | None = None
    while True:
        sizes = _file_sizes(folder)
        empty = sorted(name for name, size in sizes.items() if size == 0)
        if not empty and sizes == before:
            return
        if loop.time() > deadline:
            raise BriefpressError(
                f"Pagefind left {folder / empty[0]} empty"
                if empty
                else f"Pagefind's files in {folder} kept changing size"
            )
        before = sizes
        await asyncio.sleep(WRITE_POLL)


def _file_sizes(folder: Path) -> dict[str, int]:
    """The size of every file under ``folder``, by its path relative to it."""
    sizes = {}
    for name in files_under(folder):
        with contextlib.suppress(OSError):  # gone since it was listed
            sizes[name] = os.stat(folder / name).st_size
    return sizes


def _running(launch: asyncio.Task[PagefindService]) -> bool:
    """Whether a launched Pagefind service is still running (its process not ended)."""
    if launch.cancelled() or launch.exception() is not None:
        return False
    return launch.result()._backend.returncode is None


def _stopped(service: PagefindService, reader: asyncio.Task[None]) -> None:
    """Fail the requests waiting on a Pagefind whose process ended (killed, say, or out of
    memory): ``pagefind.service``'s reader stops, and would leave them waiting for ever."""
    if reader.cancelled():  # the service was closed
        return
    error = BriefpressError(f"Pagefind's process ended while indexing ({reader.exception()!r})")
    for response in service._responses.values():
        if not response.done():
            response.set_exception(error)


class _NoPollPause:
    """``asyncio`` as ``pagefind.service`` sees it, less the ``POLL_PAUSE`` its reader sleeps
    before every response: the reader then waits on the service's pipe alone.

    Each request (create an index, add a folder, write the files) otherwise costs at least
    100 ms, and a rebuild sends some fifty. Everything else is ``asyncio`` itself.
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    @staticmethod
    async def sleep(delay: float, result: Any = None) -> Any:
        if delay != POLL_PAUSE:
            return await asyncio.sleep(delay, result)
        return result
