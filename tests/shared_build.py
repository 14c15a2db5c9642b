"""Slow builds made once per test session, shared by the pytest-xdist workers.

The first worker to need a build makes it under a lock in the session's shared
temporary folder; the others wait for it and reuse it. What the build returns is
kept beside it (pickled), so every worker gets the same value.
"""

from __future__ import annotations

import fcntl
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")


def build_once(
    tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str, build: Callable[[Path], T]
) -> T:
    """``build(folder)`` run once per session for ``name``; its (picklable) result."""
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    root = shared / name
    result = shared / f"{name}.pickle"
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not result.exists():
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir()
            value = build(root)
            result.write_bytes(pickle.dumps(value))
    return pickle.loads(result.read_bytes())
