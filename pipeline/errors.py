"""The project's small exception tree: one root, per-file failures carry the file."""

from __future__ import annotations

import logging


class BriefpressError(Exception):
    """Root of every error Briefpress raises on purpose."""


class ArticleRejected(BriefpressError):
    """An input file yields no brief; ``reason`` says why in one line.

    ``status`` is ``skipped`` for files that are not articles at all (empty, too
    large, binary) and ``error`` for articles that could not be processed.
    """

    def __init__(self, name: str, reason: str, status: str = "skipped") -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
        self.status = status


class SetupError(BriefpressError):
    """The machine lacks something the build needs (a font, a system library)."""


class WarningCollector(logging.Handler):
    """Keeps what a library logs at WARNING and above, for the build report."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
