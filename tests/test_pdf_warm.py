"""The PDF process started before the briefs are analysed (pipeline/pdf_warm.py).

That it prints a small rebuild's PDFs is checked in tests/test_incremental.py; here,
that a printer never given work, or given work it cannot be sent, leaves no process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal

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


def test_a_printer_whose_process_died_refuses_work_so_a_new_process_prints_it() -> None:
    """A printer started ahead by a watching process may wait for hours, and be killed."""
    printer = WarmPrinter()
    os.kill(printer._call._process.pid, signal.SIGKILL)
    printer._call._process.join()
    assert printer.print({"a picklable run": 1}) is None
    assert multiprocessing.active_children() == []
