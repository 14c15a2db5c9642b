"""Docs that cannot drift: every setting and every task is in the README."""

from __future__ import annotations

import re

from conftest import REPO

from pipeline.settings import load_module

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_briefpress_setting_is_documented() -> None:
    names = [n for n in load_module(REPO / "pelicanconf.py") if n.startswith("BRIEFPRESS_")]
    names += [n for n in load_module(REPO / "publishconf.py") if n.startswith("BRIEFPRESS_")]
    assert names
    missing = [n for n in names if f"`{n}`" not in README]
    assert not missing, f"settings missing from README: {missing}"


def test_every_task_is_documented_and_described() -> None:
    import tasks

    names = [name for name, value in vars(tasks).items() if type(value).__name__ == "Task"]
    assert {
        "build",
        "clean",
        "rebuild",
        "regenerate",
        "serve",
        "reserve",
        "preview",
        "livereload",
        "publish",
        "briefs",
        "pdf",
        "test",
    } <= set(names)
    for name in names:
        assert getattr(tasks, name).__doc__, f"task {name} has no description"
        assert re.search(rf"`invoke {name}\b", README), f"task {name} missing from README"
