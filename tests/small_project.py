"""A small project for whole builds: the repository's configuration with two interface
locales (digests in one), its theme and entity registry, and three corpus articles, in a
temporary folder (``make_project``)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, REPO
from site_helpers import copy_theme

from pipeline.build import build
from pipeline.model import BuildReport
from pipeline.progress import Progress
from pipeline.settings import Settings, load_settings

FIRST = ["en-ai-funding-crlf.txt", "de-cloud-outage-bom.txt", "zh-ev-battery.txt"]
ADDED = "pl-ai-funding-cp1250.txt"
# PDFs carry their print time unless SOURCE_DATE_EPOCH sets it.
BUILD_TIME = "1750000000"


def make_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project's folder (``tmp_path/project``); its articles are in ``tmp_path/articles``."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_TIME)
    root = tmp_path / "project"
    copy_theme(root / "theme")
    (root / "content").mkdir()
    shutil.copy(REPO / "content" / "entities.toml", root / "content" / "entities.toml")
    conf = (REPO / "pelicanconf.py").read_text(encoding="utf-8")
    conf = set_setting(conf, "BRIEFPRESS_LOCALES", '["en", "pl"]')
    conf = set_setting(conf, "BRIEFPRESS_DIGEST_LOCALES", '["en"]')
    (root / "pelicanconf.py").write_text(conf, encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    for name in FIRST:
        shutil.copy(CORPUS / "articles" / name, articles / name)
    return root


def set_setting(conf: str, name: str, value: str) -> str:
    """``conf`` (a pelicanconf.py) with ``name`` set to ``value`` (Python source)."""
    changed, count = re.subn(rf"^{name} = .*$", f"{name} = {value}", conf, flags=re.MULTILINE)
    assert count == 1, name
    return changed


def settings_of(project: Path) -> Settings:
    output = project.parent / "site"
    return load_settings(project / "pelicanconf.py").with_paths(project.parent / "articles", output)


def run(project: Path) -> BuildReport:
    return build(settings_of(project), progress=Progress(enabled=False))
