"""A PDF process started before the briefs are analysed, for a rebuild that changed a few.

Such a rebuild prints its few PDFs in a child process alongside the site
(``pdf.print_alongside``), and that process spent its first second importing
WeasyPrint and reading the installed fonts' coverage: the longest stage of the build
started late. A ``WarmPrinter`` is forked at the start of the build, does that while
the changed articles are analysed (on the core the analysis leaves idle), then waits
for the PDFs to print. This module imports nothing heavy, so starting one is cheap.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
from typing import Any

from .child import ChildCall

__all__ = ["WarmPrinter"]

logger = logging.getLogger(__name__)


class WarmPrinter:
    """A forked process that gets ready to print, then prints the ``PdfRun`` it is given.

    Either ``print`` hands it its work, or ``close`` lets it go; ``close`` is safe to
    call in any case (the build calls it when it ends).
    """

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        orders, self._orders = context.Pipe(duplex=False)
        self._call = ChildCall("PDF stage", _print_when_told, orders, self._orders, method="fork")
        orders.close()
        self._handed = False

    def print(self, run: Any) -> ChildCall | None:
        """Send ``run`` (a ``pdf.PdfRun``) to the process; ``None`` when it cannot be sent
        (a setting that does not pickle, say), and the process is let go."""
        try:
            self._orders.send(run)
        except (pickle.PicklingError, TypeError, AttributeError, OSError) as error:
            logger.debug("the warm PDF process is not used: %s", error)
            self.close()
            return None
        self._orders.close()
        self._handed = True
        return self._call

    def close(self) -> None:
        """Stop the process if it was given nothing to print."""
        if self._handed:
            return
        self._handed = True
        self._orders.close()
        self._call.cancel()


def _print_when_told(orders: Any, parent_end: Any) -> Any:
    """In the child: get ready, then print the ``PdfRun`` that arrives (if one does)."""
    parent_end.close()  # the parent's end only: its closing then ends the orders
    _get_ready()
    try:
        run = orders.recv()
    except EOFError:
        return None
    from .pdf import print_pdfs

    return print_pdfs(run, None, 1)


def _get_ready() -> None:
    """Import WeasyPrint and the recorder, read the fonts; what fails here fails again,
    and is reported, when the PDFs are printed."""
    try:
        from . import pdf_assemble, pdf_record  # noqa: F401  (they import WeasyPrint)
        from .pdf_fonts import font_files, uncovered

        font_files()
        uncovered("")
    except Exception as error:  # best effort: printing reports it properly
        logger.debug("getting the PDF process ready failed: %s", error)
