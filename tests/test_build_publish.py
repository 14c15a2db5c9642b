"""Publishing a build: a hard-linked mirror of the output, updated in place and swapped in.

The staging folder is kept between builds: ``mirror_tree`` brings it level with the
published output by relinking only the entries that differ, and ``swap_in``
exchanges the two folders in one step, leaving the previous output as the next
build's staging folder. A build that fails, or is killed between the fallback
renames, never leaves the published output half-written.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import CORPUS, REPO

import pipeline.build
import pipeline.files
import pipeline.publish
from pipeline.build import _stale_stages, build
from pipeline.files import exchange, files_under, mirror_tree, write_text_atomic
from pipeline.progress import Progress
from pipeline.publish import staging_folder, swap_in
from pipeline.settings import load_settings


def tree(folder: Path) -> dict[str, tuple[str, int]]:
    """Every entry under ``folder``: ``dir`` or the file's inode."""
    found: dict[str, tuple[str, int]] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        found[name] = ("dir", 0) if path.is_dir() else ("file", path.stat().st_ino)
    return found


def write(path: Path, text: str) -> None:
    write_text_atomic(path, text)


@pytest.fixture
def output(tmp_path: Path) -> Path:
    folder = tmp_path / "output"
    write(folder / "index.html", "home")
    write(folder / "briefs" / "a.html", "a")
    write(folder / "briefs" / "b.html", "b")
    write(folder / "pdf" / "a.pdf", "pdf a")
    write(folder / "feeds" / "all.xml", "feed")
    return folder


def test_a_stage_is_stale_when_its_stamp_differs_or_a_file_it_published_is_gone(
    output: Path,
) -> None:
    stamps = {"site": "s1", "pdf": "p1"}
    write(output / ".build-inputs", json.dumps(stamps))
    write(output / ".site-files.json", json.dumps(["index.html", "briefs/a.html", "feeds/all.xml"]))
    write(output / "pdf" / ".hashes.json", json.dumps({"pdf/a.pdf": "digest"}))
    assert files_under(output) >= {"index.html", "briefs/b.html", "pdf/a.pdf", ".build-inputs"}
    assert _stale_stages(output, stamps) == set()
    assert _stale_stages(output, {"site": "s2", "pdf": "p1"}) == {"site"}
    (output / "briefs" / "b.html").unlink()  # not the site's: nothing is stale
    assert _stale_stages(output, stamps) == set()
    (output / "feeds" / "all.xml").unlink()
    assert _stale_stages(output, stamps) == {"site"}
    (output / "pdf" / "a.pdf").unlink()
    (output / "pdf" / "a.pdf").mkdir()  # a folder where the file was
    assert _stale_stages(output, stamps) == {"site", "pdf"}


def test_mirror_copies_a_tree_as_hard_links(output: Path, tmp_path: Path) -> None:
    staging = tmp_path / ".output.building"
    mirror_tree(output, staging)
    assert tree(staging) == tree(output)


def test_mirror_relinks_only_what_differs(
    output: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    staging = tmp_path / ".output.building"
    mirror_tree(output, staging)
    write(output / "briefs" / "a.html", "a, changed")  # replaced: a new inode
    (output / "briefs" / "b.html").unlink()
    write(output / "briefs" / "c.html", "c")
    (output / "pdf" / "a.pdf").unlink()
    (output / "pdf").rmdir()
    write(output / "pdf", "a file where a folder was")
    (output / "feeds" / "all.xml").unlink()
    write(output / "feeds" / "all.xml" / "inner.xml", "a folder where a file was")
    touched: list[str] = []
    for name in ("link", "unlink"):
        real = getattr(os, name)

        def spy(*args: object, _real=real, **kwargs: object) -> None:
            touched.append(Path(str(args[-1] if len(args) > 1 else args[0])).name)
            _real(*args, **kwargs)

        monkeypatch.setattr(pipeline.files.os, name, spy)
    mirror_tree(output, staging)
    monkeypatch.undo()
    assert tree(staging) == tree(output)
    assert "index.html" not in touched, "an unchanged file was relinked"
    assert {"a.html", "b.html", "c.html"} <= set(touched)


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write(first / "one.txt", "1")
    write(second / "two.txt", "2")
    if not exchange(first, second):
        pytest.skip("this system cannot exchange two names")
    assert [p.name for p in first.iterdir()] == ["two.txt"]
    assert [p.name for p in second.iterdir()] == ["one.txt"]


@pytest.mark.parametrize("atomic", [True, False])
def test_swap_in_publishes_and_keeps_the_previous_output_as_staging(
    output: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, atomic: bool
) -> None:
    if not atomic:
        monkeypatch.setattr(pipeline.publish, "exchange", lambda first, second: False)
    before = tree(output)
    staging = staging_folder(output)
    write(staging / "briefs" / "a.html", "a, rebuilt")
    after = tree(staging)
    swap_in(staging, output)
    assert tree(output) == after
    assert tree(staging) == before
    assert not (tmp_path / ".output.old").exists()


def test_a_swap_killed_between_the_fallback_renames_is_put_right(
    output: Path, tmp_path: Path
) -> None:
    before = tree(output)
    output.rename(tmp_path / ".output.old")  # killed right after the first rename
    staging = staging_folder(output)
    assert tree(output) == before
    assert tree(staging) == before


@dataclass
class StubSite:
    written: int = 1
    warnings: list[str] = field(default_factory=list)


@dataclass
class StubPdfs:
    files: int = 0
    warnings: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    ok: bool = True


def test_a_rebuild_updates_the_kept_staging_folder_and_swaps_it_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the site and PDF stages stubbed: each build publishes what its stages
    wrote, and the folder it swapped out is the next build's staging folder."""
    import pipeline.pdf
    import pipeline.site

    def site(settings, briefs_dir, output_dir, digests, tick=None, search=None):  # type: ignore[no-untyped-def]
        for brief in sorted(briefs_dir.glob("*.md")):  # like the site stage: only what changed
            page, text = output_dir / "briefs" / f"{brief.stem}.html", brief.read_text("utf-8")
            if not page.exists() or page.read_text(encoding="utf-8") != text:
                write(page, text)
        return StubSite()

    monkeypatch.setattr(pipeline.site, "build_site", site)
    monkeypatch.setattr(pipeline.pdf, "render_pdfs", lambda *args, **kwargs: StubPdfs())
    articles = tmp_path / "articles"
    articles.mkdir()
    for name in ("en-ai-funding-crlf.txt", "de-cloud-outage-bom.txt"):
        (articles / name).write_bytes((CORPUS / "articles" / name).read_bytes())
    output = tmp_path / "site"
    settings = load_settings(REPO / "pelicanconf.py").with_paths(articles, output)
    build(settings, progress=Progress(enabled=False))
    first = tree(output)
    assert len([n for n in first if n.startswith("briefs/")]) == 2
    staging = tmp_path / ".site.building"
    assert not staging.exists()  # the first build had no output to swap out

    edited = articles / "de-cloud-outage-bom.txt"
    edited.write_bytes(edited.read_bytes() + b"\nEin letzter Satz.\n")
    build(settings, progress=Progress(enabled=False))
    second = tree(output)
    assert tree(staging) == first, "the previous output is kept whole beside the new one"
    changed = {n for n in second if second[n] != first.get(n)}
    assert any(n.startswith("briefs/") for n in changed)
    unchanged = [n for n in second if n.startswith("briefs/") and n not in changed]
    assert unchanged, "the brief page that did not change was rewritten"


@pytest.mark.slow
def test_an_archive_without_a_single_readable_article_still_publishes_its_site(
    tmp_path: Path,
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "binary.txt").write_bytes(bytes(range(32)) * 8)
    output = tmp_path / "site"
    settings = load_settings(REPO / "pelicanconf.py").with_paths(articles, output)
    report = build(settings, progress=Progress(enabled=False))
    assert [p.file for p in report.problems] == ["binary.txt"] and report.built == []
    assert "binary.txt" in (output / "build-report.json").read_text(encoding="utf-8")
    assert (output / "index.html").is_file() and (output / "pl" / "search.html").is_file()
    assert not list(output.glob("**/briefs/*.html"))
