"""Serving the built site locally and rebuilding it when its inputs change."""

from __future__ import annotations

import functools
import logging
import multiprocessing
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import watch

from .build import build
from .child import start_method
from .errors import BriefpressError
from .extract import collect_inputs
from .head_start import HeadStart, start_ahead
from .settings import Settings

log = logging.getLogger(__name__)


def serve_folder(folder: Path, bind: str, port: int) -> None:
    """Serve ``folder`` over HTTP until interrupted (the Pelican ``serve`` task)."""
    with http_server(folder, bind, port) as server:
        serve_until_interrupted(server)


def http_server(folder: Path, bind: str, port: int) -> ThreadingHTTPServer:
    """A server of ``folder`` bound to ``bind:port``; an address in use is said at once."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    try:
        server = ThreadingHTTPServer((bind, port), handler)
    except OSError as error:
        raise BriefpressError(f"cannot serve at http://{bind}:{port}/: {error.strerror}") from None
    log.info("serving %s at http://%s:%d/", folder, bind, server.server_address[1])
    return server


def serve_until_interrupted(server: ThreadingHTTPServer) -> None:
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        log.info("stopped")


def watched_paths(settings: Settings) -> list[Path]:
    """Everything a build reads: articles, theme, settings and the entity registry."""
    return [settings.articles, settings.theme, settings.config_file, settings.entities]


def watch_and_rebuild(
    load: Callable[[], Settings], built: Callable[[Settings], None] | None = None
) -> None:
    """Build once, then again after every change to what a build reads.

    The settings are read again (``load``) for each build, so that an edit to them is
    built with; ``built`` is told of them after each build. As soon as a build ends, the
    next one's PDF process and Pagefind are started and get ready while nothing changes
    (``head_start``): a rebuild then finds them ready.
    """
    built = built or (lambda settings: None)
    settings = load()
    ahead = _rebuild(settings, HeadStart())
    built(settings)
    try:
        while True:
            paths = watched_paths(settings)
            for changes in watch(*[p for p in paths if p.exists()]):
                log.info("%d change(s): rebuilding", len(changes))
                try:
                    settings = load()
                except BriefpressError as error:
                    log.error("%s", error)
                    continue
                ahead = _rebuild(settings, ahead)
                built(settings)
                if watched_paths(settings) != paths:
                    break  # the settings moved a folder: watch the new one
            else:
                return
    finally:
        ahead.close(failing=True)


def _rebuild(settings: Settings, ahead: HeadStart) -> HeadStart:
    """Build with what was started ``ahead``; start what the next build will use."""
    try:
        build(settings, ahead=ahead)
    except BriefpressError as error:
        log.error("%s", error)
    articles = len(collect_inputs([settings.articles])) if settings.articles.is_dir() else 0
    # Not for an archive too large to hold them beside the build (Settings.overlaps), nor
    # when another thread runs: the build would then spawn its processes, not fork them.
    if start_method() != "fork" or not settings.overlaps(articles):
        return HeadStart()
    return start_ahead(settings, articles)


def serve_and_watch(load: Callable[[], Settings], bind: str, port: int) -> None:
    """Serve the output and rebuild on change (the Pelican ``livereload`` task).

    The server runs in a process of its own: a thread would leave this process with two,
    and its builds would then spawn their processes instead of forking them (``child``),
    each starting cold. A build whose settings moved the output is served from there.
    """
    server = _Server(load().output, bind, port)  # an address in use fails before a build
    try:
        watch_and_rebuild(load, server.follow)
    finally:
        server.stop()


class _Server:
    """The process that serves the output folder, started again on another folder."""

    def __init__(self, folder: Path, bind: str, port: int) -> None:
        self.bind, self.port = bind, port
        self._process: multiprocessing.process.BaseProcess | None = None
        self._start(folder)

    def follow(self, settings: Settings) -> None:
        """Serve ``settings.output`` from now on, if it is not the folder served."""
        if settings.output.resolve() == self.folder:
            return
        self.stop()
        try:
            self._start(settings.output)
        except BriefpressError as error:
            log.error("%s", error)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._process = None

    def _start(self, folder: Path) -> None:
        self.folder = folder.resolve()
        server = http_server(folder, self.bind, self.port)
        self._process = multiprocessing.get_context("fork").Process(
            target=serve_until_interrupted, args=(server,), daemon=True
        )
        self._process.start()
        server.server_close()  # the process serves; this one builds
