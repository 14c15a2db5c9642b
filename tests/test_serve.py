"""Watching and serving (pipeline/serve.py): each change is built with the settings as
they are then, by a process that started the next build's PDF process and Pagefind
ahead of it; the site is served by a process of its own."""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import pytest
from conftest import REPO
from search_helpers import pagefind_of
from small_project import FIRST, make_project, run, set_setting, settings_of

import pipeline.build
import pipeline.pdf
import pipeline.serve
from pipeline.build import build
from pipeline.errors import BriefpressError
from pipeline.head_start import HeadStart
from pipeline.model import BuildReport
from pipeline.progress import Progress
from pipeline.search_service import SearchService
from pipeline.settings import Settings, load_settings


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_project(tmp_path, monkeypatch)


def unbuilt(folder: Path) -> Settings:
    """The repository's settings, for articles and an output in ``folder`` (for tests
    whose builds are stand-ins)."""
    return load_settings(REPO / "pelicanconf.py").with_paths(folder / "articles", folder / "output")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(port: int, page: str) -> bytes:
    """The page as served on ``port``, once the server answers (within ten seconds)."""
    deadline = time.monotonic() + 10
    while True:
        try:
            with urlopen(f"http://127.0.0.1:{port}/{page}", timeout=5) as response:
                return bytes(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@pytest.mark.slow
def test_a_watching_process_builds_each_change_with_what_it_started_ahead(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Browser tests leave threads in this worker, which would make the watcher start
    # nothing ahead (its builds would spawn, not fork): the test is of the forking case.
    monkeypatch.setattr(pipeline.serve, "start_method", lambda: "fork")
    settings = settings_of(project)
    article = settings.articles / FIRST[0]
    conf = project / "pelicanconf.py"
    watched: list[tuple[Path, ...]] = []
    ahead_of: list[HeadStart] = []
    reports: list[BuildReport] = []
    started_by_builds: list[int] = []
    printed_by: list[Any] = []

    def changes(*paths: Path, **options: Any) -> Iterator[set[tuple[int, str]]]:
        watched.append(paths)
        article.write_bytes(article.read_bytes() + b"\r\nA late paragraph added by the editor.\r\n")
        yield {(2, str(article))}
        conf.write_text(set_setting(conf.read_text(), "SITENAME", '"Renamed Briefs"'))
        yield {(2, str(conf))}

    def building(settings: Settings, ahead: HeadStart) -> BuildReport:
        ahead_of.append(ahead)
        reports.append(real_build(settings, ahead=ahead))
        return reports[-1]

    def starting(*args: Any) -> HeadStart:
        started_by_builds.append(len(ahead_of))
        return real_start(*args)

    def alongside(run: pipeline.pdf.PdfRun, printer: Any = None) -> Any:
        printed_by.append(printer)
        return real_alongside(run, printer)

    real_build, real_start = pipeline.serve.build, pipeline.build.start_ahead
    real_alongside = pipeline.pdf.print_alongside
    monkeypatch.setattr(pipeline.serve, "watch", changes)
    monkeypatch.setattr(pipeline.serve, "build", building)
    monkeypatch.setattr(pipeline.build, "start_ahead", starting)
    monkeypatch.setattr(pipeline.pdf, "print_alongside", alongside)

    pipeline.serve.watch_and_rebuild(lambda: settings_of(project))

    assert settings.articles in watched[0] and conf in watched[0]
    assert len(reports) == 3
    assert not ahead_of[0].started, "nothing was started ahead of the first build"
    assert ahead_of[1].printer is not None and ahead_of[1].search is not None
    assert ahead_of[2].started
    assert set(started_by_builds) <= {1}, "a build given processes started ahead starts none"
    assert printed_by[1:] == [ahead_of[1].printer, ahead_of[2].printer], (
        "each rebuild's PDFs are printed by the process started ahead of it"
    )
    assert reports[1].pdfs > 0 and reports[1].pages > 0
    briefs = [p.read_text(encoding="utf-8") for p in (settings.output / "briefs").glob("*.html")]
    assert any("A late paragraph added by the editor." in text for text in briefs)
    home = (settings.output / "index.html").read_text(encoding="utf-8")
    assert "Renamed Briefs" in home, "the settings are read again for each build"
    assert multiprocessing.active_children() == [], "what was started ahead is let go"


def test_the_site_is_served_by_a_process_of_its_own_so_the_watcher_keeps_one_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A serving thread would make every build spawn its processes instead of forking them."""
    settings = unbuilt(tmp_path)
    port = free_port()
    threads_before = threading.active_count()
    seen: dict[str, Any] = {}

    def building(settings: Settings, ahead: HeadStart) -> BuildReport:
        settings.output.mkdir(exist_ok=True)
        (settings.output / "index.html").write_text("<html>the built site</html>")
        return BuildReport()

    def one_look(*paths: Path, **options: Any) -> Iterator[set[tuple[int, str]]]:
        seen["threads"] = threading.active_count()
        seen["page"] = fetch(port, "index.html")
        yield from ()

    monkeypatch.setattr(pipeline.serve, "build", building)
    monkeypatch.setattr(pipeline.serve, "start_ahead", lambda *args: HeadStart())
    monkeypatch.setattr(pipeline.serve, "watch", one_look)
    pipeline.serve.serve_and_watch(lambda: settings, "127.0.0.1", port)

    assert seen["page"] == b"<html>the built site</html>"
    assert seen["threads"] == threads_before
    assert multiprocessing.active_children() == []


def test_a_build_whose_settings_moved_the_output_is_served_from_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = unbuilt(tmp_path)
    moved = first.with_paths(first.articles, tmp_path / "elsewhere")
    current = [first]
    port = free_port()
    served: list[bytes] = []

    def building(settings: Settings, ahead: HeadStart) -> BuildReport:
        settings.output.mkdir(exist_ok=True)
        (settings.output / "index.html").write_text(f"<html>{settings.output.name}</html>")
        return BuildReport()

    def two_looks(*paths: Path, **options: Any) -> Iterator[set[tuple[int, str]]]:
        served.append(fetch(port, "index.html"))
        current[0] = moved  # OUTPUT_PATH edited in the settings file
        yield {(2, str(first.config_file))}
        served.append(fetch(port, "index.html"))

    monkeypatch.setattr(pipeline.serve, "build", building)
    monkeypatch.setattr(pipeline.serve, "start_ahead", lambda *args: HeadStart())
    monkeypatch.setattr(pipeline.serve, "watch", two_looks)
    pipeline.serve.serve_and_watch(lambda: current[0], "127.0.0.1", port)

    assert served == [b"<html>output</html>", b"<html>elsewhere</html>"]
    assert multiprocessing.active_children() == []


def test_an_address_in_use_is_said_at_once_before_any_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = unbuilt(tmp_path)
    built: list[Settings] = []
    monkeypatch.setattr(pipeline.serve, "build", lambda settings, ahead: built.append(settings))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(BriefpressError, match=rf"cannot serve at http://127.0.0.1:{port}/"):
            pipeline.serve.serve_and_watch(lambda: settings, "127.0.0.1", port)
    assert built == []
    assert multiprocessing.active_children() == []


@pytest.mark.slow
def test_a_build_given_a_search_service_that_stopped_while_it_waited_starts_its_own(
    project: Path,
) -> None:
    settings = settings_of(project)
    run(project)
    search = SearchService()
    ahead = HeadStart(search=search)  # no printer: it would fork beside the tests' threads
    os.kill(pagefind_of(search), signal.SIGKILL)
    article = settings.articles / FIRST[0]
    article.write_bytes(article.read_bytes() + b"\r\nA paragraph after Pagefind was killed.\r\n")
    report = build(settings, progress=Progress(enabled=False), ahead=ahead)
    assert report.pages > 0
    briefs = [p.read_text(encoding="utf-8") for p in (settings.output / "briefs").glob("*.html")]
    assert any("A paragraph after Pagefind was killed." in text for text in briefs)
    assert multiprocessing.active_children() == []
