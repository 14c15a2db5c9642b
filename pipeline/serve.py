"""Serving the built site locally and rebuilding it when its inputs change."""

from __future__ import annotations

import functools
import logging
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import watch

from .build import build
from .errors import BriefpressError
from .settings import Settings

log = logging.getLogger(__name__)


def serve_folder(folder: Path, bind: str, port: int) -> None:
    """Serve ``folder`` over HTTP until interrupted (the Pelican ``serve`` task)."""
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(folder))
    with ThreadingHTTPServer((bind, port), handler) as server:
        log.info("serving %s at http://%s:%d/", folder, bind, port)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            log.info("stopped")


def watched_paths(settings: Settings) -> list[Path]:
    """Everything a build reads: articles, theme, settings and the entity registry."""
    return [settings.articles, settings.theme, settings.config_file, settings.entities]


def watch_and_rebuild(settings: Settings) -> None:
    """Build once, then again after every change to what a build reads."""
    _rebuild(settings)
    for changes in watch(*[p for p in watched_paths(settings) if p.exists()]):
        log.info("%d change(s): rebuilding", len(changes))
        _rebuild(settings)


def _rebuild(settings: Settings) -> None:
    try:
        build(settings)
    except BriefpressError as error:
        log.error("%s", error)


def serve_and_watch(settings: Settings, bind: str, port: int) -> None:
    """Serve the output and rebuild it on change (the Pelican ``livereload`` task)."""
    threading.Thread(target=serve_folder, args=(settings.output, bind, port), daemon=True).start()
    watch_and_rebuild(settings)
