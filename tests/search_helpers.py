"""Shared by the tests of the search service: its Pagefind process."""

from __future__ import annotations

import time
from pathlib import Path

from pipeline.search_service import SearchService


def pagefind_of(service: SearchService) -> int:
    """The process id of the Pagefind a warm service launched, once it has."""
    process = service._call._process.pid
    children = Path(f"/proc/{process}/task/{process}/children")
    deadline = time.monotonic() + 30
    while not children.read_text().split():
        assert time.monotonic() < deadline, "Pagefind was not launched"
        time.sleep(0.05)
    return int(children.read_text().split()[0])
