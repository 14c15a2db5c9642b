"""bench/measure.py: the peak memory of a process tree is read while the tree holds still."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bench import measure


def test_a_reading_during_which_a_process_started_is_taken_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trees = iter([[1], [1, 2], [1, 2], [1, 2]])  # a fork between listing and reading
    monkeypatch.setattr(measure, "_children", lambda pid: next(trees))
    monkeypatch.setattr(measure, "_pss_kib", lambda pid: {1: 300, 2: 50}[pid])
    assert measure._tree_pss_kib(1) == 350


def test_a_tree_that_never_holds_still_gives_no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    counter = iter(range(100))
    monkeypatch.setattr(measure, "_children", lambda pid: [1, next(counter) + 2])
    monkeypatch.setattr(measure, "_pss_kib", lambda pid: 100)
    assert measure._tree_pss_kib(1) == 0


def test_a_child_holding_memory_counts_in_the_tree_peak(tmp_path: Path) -> None:
    child = "import time; block = bytes(80 * 2**20) + b'x'; time.sleep(1.0)"  # 80 MiB, touched
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    run = measure.measure([sys.executable, "-c", parent], tmp_path)
    assert run.returncode == 0
    assert 80 <= run.tree_pss_mib < 200
