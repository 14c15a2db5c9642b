"""The PDF process and Pagefind, started ahead of the stages that use them.

A rebuild that changed a few articles prints their PDFs in a process of its own while
the site is built (``pdf_warm.WarmPrinter``), and re-indexes a few search shards with
Pagefind (``search_service``). Each takes a second or so to get ready: importing
WeasyPrint and reading the fonts; launching Pagefind and loading its Japanese and
Chinese dictionaries. A build starts them before it analyses the changed articles
(``build.build``). A watching process (``serve.watch_and_rebuild``) starts them as
soon as a build ends, so that the next build finds them ready: they got ready while
the editor was still writing.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .pdf_warm import WarmPrinter
from .settings import Settings

if TYPE_CHECKING:
    from .search_service import SearchService

__all__ = ["HeadStart", "start_ahead"]

log = logging.getLogger(__name__)


@dataclass
class HeadStart:
    """The processes started ahead of a build, if any; ``close`` once it has ended."""

    printer: WarmPrinter | None = None
    search: SearchService | None = None

    @property
    def started(self) -> bool:
        return self.printer is not None or self.search is not None

    def drop_stopped(self) -> None:
        """Let go of a search service that stopped while it waited (its Pagefind killed,
        say), so that the build starts one of its own instead of failing. A stopped
        printer needs no check: ``WarmPrinter.print`` refuses work it cannot send."""
        if self.search is not None and not self.search.running():
            log.warning("the search service started ahead has stopped; starting another")
            stopped, self.search = self.search, None
            with contextlib.suppress(Exception):  # what stopped it is not this build's error
                stopped.close()

    def close(self, failing: bool = False) -> None:
        """Stop what the build did not use, and the search service. When the build is
        failing already, an error of the search service's (interrupted too, say) is only
        logged: the build's own error is the one to report."""
        if self.printer is not None:
            self.printer.close()
        if self.search is None:
            return
        try:
            self.search.close()
        except Exception as error:
            if not failing:
                raise
            log.debug("the search service failed as the build did: %s", error)


def start_ahead(settings: Settings, articles: int) -> HeadStart:
    """A ``WarmPrinter`` and a search service for a build of ``articles`` articles."""
    from .search import start_search  # asyncio and Pagefind only when needed

    printer = WarmPrinter()
    try:
        search = start_search(settings.pelican.get("SEARCH_SHARDS"), articles)
    except BaseException:
        printer.close()
        raise
    return HeadStart(printer, search)
