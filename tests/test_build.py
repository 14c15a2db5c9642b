"""End to end: the two seed articles → briefs → site and PDFs, through the real commands."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEEDS
from pypdf import PdfReader

pytestmark = pytest.mark.slow

JA_TITLE = "「chatgptの父」が世界的なaiインフラ計画を策定:まず米国に数百億ドルを投じる"


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> Path:
    """The seeds built with `invoke build --articles --output`, as the README says."""
    root = tmp_path_factory.mktemp("seedsite")
    articles = root / "articles"
    shutil.copytree(SEEDS, articles)
    output = root / "output"
    repo_state = _tree_state(REPO / "content")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "build",
            "--articles",
            str(articles),
            "--output",
            str(output),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert _tree_state(REPO / "content") == repo_state, "the build touched the repo's content/"
    return output


def _tree_state(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def brief_pages(output: Path) -> list[Path]:
    return sorted((output / "briefs").glob("*.html"))


def page_for(output: Path, needle: str) -> str:
    for page in brief_pages(output):
        text = page.read_text(encoding="utf-8")
        if needle in text:
            return text
    raise AssertionError(f"no brief page contains {needle!r}")


def test_one_page_per_seed_and_home_links_them(seed_site: Path) -> None:
    pages = brief_pages(seed_site)
    assert len(pages) == 2
    home = (seed_site / "index.html").read_text(encoding="utf-8")
    for page in pages:
        assert f"briefs/{page.name}" in home


def test_each_brief_page_links_its_pdf_and_the_pdf_exists(seed_site: Path) -> None:
    for page in brief_pages(seed_site):
        html = page.read_text(encoding="utf-8")
        pdf = re.search(r'href="([^"]*pdf/[^"]+\.pdf)"', html)
        assert pdf, f"{page.name} links no PDF"
        assert (page.parent / pdf.group(1)).resolve().is_file()


def test_home_page_links_a_digest(seed_site: Path) -> None:
    home = (seed_site / "index.html").read_text(encoding="utf-8")
    digest = re.search(r'href="([^"]*pdf/digests/[^"]+\.pdf)"', home)
    assert digest, "the home page links no digest"
    assert (seed_site / digest.group(1)).resolve().is_file()


def test_japanese_brief_page(seed_site: Path) -> None:
    html = page_for(seed_site, "数百億ドル")
    assert "サム・アルトマン" in html or "Sam Altman" in html
    assert "劉瑞" in html
    assert "financial ap通信" in html
    assert 'lang="ja"' in html
    assert "한어Русский язык" not in html


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_pdfs_hold_the_japanese_title_and_polish_letters_as_text(seed_site: Path) -> None:
    texts = [pdf_text(p) for p in sorted((seed_site / "pdf").glob("*.pdf"))]
    assert len(texts) == 2
    joined = "\n".join(texts)
    assert "chatgptの父" in joined
    assert "世界的なaiインフラ計画を策定" in joined
    for letter in "ąłżę":
        assert letter in joined, letter


def test_digest_holds_both_seeds(seed_site: Path) -> None:
    digests = sorted((seed_site / "pdf" / "digests").glob("*.pdf"))
    assert digests
    latest = [d for d in digests if "latest" in d.name]
    text = pdf_text(latest[0])
    assert "chatgptの父" in text
    assert "Changpeng Zhao" in text


def test_build_report_lists_both_seeds(seed_site: Path) -> None:
    report = json.loads((seed_site / "build-report.json").read_text(encoding="utf-8"))
    assert sorted(report["built"]) == sorted(p.name for p in SEEDS.iterdir())
    assert report["problems"] == []


def test_names_the_registry_does_not_know_are_listed_for_the_editor(seed_site: Path) -> None:
    from pipeline.build import new_entities_line
    from pipeline.model import BuildReport

    report = json.loads((seed_site / "build-report.json").read_text(encoding="utf-8"))
    assert all(set(e) == {"name", "kind", "file"} for e in report["new_entities"])
    listed = BuildReport(
        new_entities=[{"name": f"N{i}", "kind": "person", "file": "a"} for i in range(10)]
    )
    line = new_entities_line(listed, "entities.toml", shown=3)
    assert line.startswith("10 names not in entities.toml")
    assert line.endswith("N0, N1, N2 and 7 more")
