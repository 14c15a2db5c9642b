"""What a long build shows while it runs: one line per stage, counting up, on a terminal only.

On a terminal the current stage is redrawn in place (``analyse 412/1000  6.1 s``) at
most ten times a second and left on screen with its time when it ends; a message
logged meanwhile first clears the line, so it never runs into the count. Anywhere
else (CI logs, pipes, tests) nothing is shown until the summary line, which the
build logs.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

REDRAW_SECONDS = 0.1

__all__ = ["Progress"]


class Progress:
    """Stage-by-stage progress; ``seconds`` keeps each stage's wall time for the summary."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.seconds: dict[str, float] = {}
        self._stage = ""
        self._done = 0
        self._total: int | None = None
        self._start = 0.0
        self._drawn = 0.0

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Progress]:
        """Time the stage ``name``; ``total`` items are expected, counted with ``advance``."""
        self._stage, self._done, self._total = name, 0, total
        self._start = time.perf_counter()
        handlers = [
            handler
            for handler in (logging.getLogger().handlers if self.enabled else [])
            if getattr(handler, "stream", None) is self.stream
        ]
        for handler in handlers:
            handler.addFilter(self._clear)
        self._draw(force=True)
        try:
            yield self
        finally:
            self.seconds[name] = round(time.perf_counter() - self._start, 3)
            self._draw(force=True, end="\n")
            for handler in handlers:
                handler.removeFilter(self._clear)

    def advance(self, count: int = 1) -> None:
        self._done += count
        self._draw()

    def _clear(self, record: logging.LogRecord) -> bool:
        """Before a log line: wipe the progress line (it is drawn again on the next count)."""
        self.stream.write("\r\x1b[K")
        self._drawn = 0.0
        return True

    def _draw(self, force: bool = False, end: str = "") -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self._drawn < REDRAW_SECONDS:
            return
        self._drawn = now
        count = f" {self._done}/{self._total}" if self._total else ""
        line = f"{self._stage}{count}  {now - self._start:.1f} s"
        self.stream.write(f"\r\x1b[K{line}{end}")
        self.stream.flush()
