"""Run one command and measure it as a whole process tree: wall time, CPU time, peak memory.

CPU time is user + system of the command and every process it waited for (``wait4``).
Memory is reported twice: the largest single process (``ru_maxrss``, exact) and the
whole tree's proportional set size (PSS, so pages shared after ``fork`` count once),
sampled every ``SAMPLE_SECONDS`` from ``/proc`` (a short peak between samples may be missed).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.2


@dataclass
class Run:
    """One measured run of a command."""

    wall: float
    cpu: float
    max_rss_mib: float
    tree_pss_mib: float
    returncode: int
    stderr: str = ""


@dataclass
class Summary:
    """The median of several runs (and how many there were)."""

    wall: float
    cpu: float
    max_rss_mib: float
    tree_pss_mib: float
    runs: int

    @classmethod
    def of(cls, runs: list[Run]) -> Summary:
        def median(values: list[float]) -> float:
            return statistics.median(values)

        return cls(
            wall=median([r.wall for r in runs]),
            cpu=median([r.cpu for r in runs]),
            max_rss_mib=median([r.max_rss_mib for r in runs]),
            tree_pss_mib=median([r.tree_pss_mib for r in runs]),
            runs=len(runs),
        )


def _children(pid: int) -> list[int]:
    """``pid`` and all its descendants, from ``/proc/*/stat``."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    tree, frontier = [pid], [pid]
    while frontier:
        current = frontier.pop()
        kids = [child for child, parent in parents.items() if parent == current]
        tree += kids
        frontier += kids
    return tree


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kib = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            self.peak_kib = max(self.peak_kib, _tree_pss_kib(self.pid))


def _tree_pss_kib(pid: int, attempts: int = 3) -> int:
    """The PSS of ``pid``'s tree, from a reading during which no process of it started or
    ended: a fork between reading the parent and its new child counts the pages they
    share once in full and again in part, and an exit drops a process unread."""
    for _ in range(attempts):
        tree = _children(pid)
        total = sum(_pss_kib(p) for p in tree)
        if _children(pid) == tree:
            return total
    return 0


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to completion and measure it."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    sampler = _Sampler(process.pid)
    sampler.start()
    assert process.stderr is not None
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_mib=usage.ru_maxrss / 1024,
        tree_pss_mib=sampler.peak_kib / 1024,
        returncode=process.returncode,
        stderr=stderr[-4000:],
    )
