"""The PDF process started before the briefs are analysed (pipeline/pdf_warm.py).

That it prints a small rebuild's PDFs is checked in tests/test_incremental.py; here,
that a printer never given work, or given work it cannot be sent, leaves no process.
"""

from __future__ import annotations

import multiprocessing

from pipeline.pdf_warm import WarmPrinter


def test_a_printer_given_nothing_to_print_is_let_go() -> None:
    printer = WarmPrinter()
    assert multiprocessing.active_children(), "the printer's process started"
    printer.close()
    assert multiprocessing.active_children() == []
    printer.close()  # the build closes it again when it ends: harmless


def test_work_that_cannot_be_sent_is_refused_and_the_printer_let_go() -> None:
    printer = WarmPrinter()
    assert printer.print(lambda: None) is None  # a lambda does not pickle
    assert multiprocessing.active_children() == []
