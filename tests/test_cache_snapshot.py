"""The snapshot of a build's front, brief-file records, and file digests.

A rebuild after one article changed must not render, write or read back the
briefs that did not change, nor hash every brief file again; but a brief file
an editor touched is read again, and any change of a file's content changes the
fingerprint, even when a tool restores its modification time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from conftest import REPO

import pipeline.briefs
import pipeline.build
from pipeline.build import write_briefs
from pipeline.cache_outputs import outputs_fingerprint
from pipeline.cache_snapshot import (
    BriefRecords,
    Entry,
    Snapshot,
    load_snapshot,
    save_snapshot,
    signature,
)
from pipeline.model import Brief, BuildReport, Entity, Figure, Problem
from pipeline.settings import load_settings


def brief(number: int) -> Brief:
    return Brief(
        file=f"article-{number}.txt",
        language="en",
        title=f"Council backs footbridge number {number}",
        date=dt.date(2025, 3, number),
        source="Daily",
        entities=[Entity("City Council", "organisation", ["the council"])],
        figures=[Figure("$3 million", 3e6, "USD", "money")],
        summary="The council backed a footbridge.",
        key_points=["It costs $3 million."],
        body=[f"The council backed footbridge {number}.", "Work starts in May."],
        encoding="utf-8",
    )


def made_from(item: Brief) -> tuple[str, ...]:
    return (item.file, item.title, item.slug)


def test_a_snapshot_round_trips_and_another_version_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "front.pickle"
    snapshot = Snapshot("v1")
    snapshot.entries["k"] = Entry("digest", dt.date(2030, 1, 1), brief(1))
    snapshot.entries["p"] = Entry("other", None, Problem("x.txt", "skipped", "empty"))
    save_snapshot(path, snapshot)
    assert load_snapshot(path, "v1") == snapshot
    assert load_snapshot(path, "v2") == Snapshot("v2")
    path.write_bytes(b"not a pickle")
    assert load_snapshot(path, "v1") == Snapshot("v1")


def run(briefs: list[Brief], folder: Path, records: BriefRecords) -> list[Brief]:
    return write_briefs(
        [dataclasses.replace(b) for b in briefs], folder, BuildReport(), records=records
    )


def test_unchanged_brief_files_are_neither_written_nor_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "briefs"
    briefs = [brief(n) for n in (1, 2, 3)]
    first = BriefRecords({}, made_from)
    published = run(briefs, folder, first)
    assert len(first.new) == 3
    read = pipeline.build.read_brief
    seen: list[str] = []

    def counted(path: Path) -> Brief:
        seen.append(path.name)
        return read(path)

    def no_write(*args: object) -> None:
        raise AssertionError("an unchanged brief was written")

    monkeypatch.setattr(pipeline.build, "read_brief", counted)
    monkeypatch.setattr(pipeline.build, "write_brief", no_write)
    again = BriefRecords(first.new, made_from)
    assert run(briefs, folder, again) == published
    assert seen == []

    edited = folder / f"{published[1].slug}.md"
    text = edited.read_text(encoding="utf-8").replace("number 2", "NUMBER 2", 1)
    stat = edited.stat()
    edited.write_text(text, encoding="utf-8")
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    later = BriefRecords(again.new, made_from)
    monkeypatch.setattr(pipeline.build, "write_brief", pipeline.briefs.write_brief)
    result = run(briefs, folder, later)
    assert seen == [edited.name], "the hand-edited brief was not read again"
    assert result[1].title == "Council backs footbridge NUMBER 2"
    assert result[0] == published[0] and result[2] == published[2]


def test_a_brief_made_from_something_else_is_written_again(tmp_path: Path) -> None:
    folder = tmp_path / "briefs"
    first = BriefRecords({}, made_from)
    published = run([brief(1)], folder, first)
    changed = dataclasses.replace(brief(1), summary="The council backed it again.")
    second = BriefRecords(first.new, lambda item: (*made_from(item), "other"))
    result = run([changed], folder, second)
    assert result[0].summary == "The council backed it again."
    assert result[0] != published[0]
    assert signature(folder / f"{result[0].slug}.md") == second.new[result[0].slug + ".md"][1]


def test_the_outputs_fingerprint_sees_any_content_change(tmp_path: Path) -> None:
    settings = load_settings(REPO / "pelicanconf.py").with_paths(
        tmp_path / "articles", tmp_path / "site"
    )
    settings = dataclasses.replace(settings, theme=tmp_path / "theme")
    shutil.copytree(REPO / "theme" / "templates", settings.theme / "templates")
    settings.briefs.mkdir(parents=True)
    path = settings.briefs / "a.md"
    path.write_text("Title: one\n\nBody one.\n", encoding="utf-8")
    first = outputs_fingerprint(settings, [])
    assert outputs_fingerprint(settings, []) == first
    stat = path.stat()
    path.write_text("Title: two\n\nBody two.\n", encoding="utf-8")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_mtime_ns == stat.st_mtime_ns
    assert outputs_fingerprint(settings, []) != first
