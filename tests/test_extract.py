"""`python -m pipeline extract`: its JSON contract, and the golden briefs of the seeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEEDS

from pipeline.briefs import make_slug, render_brief
from pipeline.extract import collect_inputs, extract_records
from pipeline.model import Brief
from pipeline.settings import load_settings

CONTRACT_KEYS = {
    "file",
    "status",
    "reason",
    "language",
    "title",
    "date",
    "date_basis",
    "source",
    "author",
    "tags",
    "entities",
    "figures",
    "summary",
    "key_points",
    "warnings",
    "same_story_as",
    "duplicate_of",
}
GOLDEN = Path(__file__).resolve().parent / "golden" / "seed-briefs"


def run_extract(*paths: Path) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", *map(str, paths)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture(scope="module")
def seeds() -> dict[str, dict]:
    return {r["file"]: r for r in run_extract(SEEDS)}


def test_every_record_has_exactly_the_contract_keys(seeds, tmp_path) -> None:
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    records = [*seeds.values(), *run_extract(tmp_path / "empty.txt", tmp_path / "missing.txt")]
    for record in records:
        assert set(record) == CONTRACT_KEYS, record["file"]
    statuses = {r["file"]: r["status"] for r in records}
    assert statuses["empty.txt"] == "skipped"
    assert statuses["missing.txt"] == "error"


def seed(seeds: dict[str, dict], language: str) -> dict:
    return next(r for r in seeds.values() if r["language"] == language)


def test_japanese_seed(seeds) -> None:
    ja = seed(seeds, "ja")
    assert ja["status"] == "ok"
    assert (
        ja["title"] == "「chatgptの父」が世界的なaiインフラ計画を策定:まず米国に数百億ドルを投じる"
    )
    assert ja["date"] == "2024-09-04"
    assert ja["date_basis"] == "dateline"
    assert ja["author"] == "劉瑞"
    assert ja["source"] == "financial ap通信"
    names = {e["name"] for e in ja["entities"]}
    assert {"Sam Altman", "OpenAI", "Microsoft"} <= names
    assert any(
        f["text"] == "1,000 億ドル" and f["value"] == 1e11 and f["unit"] == "USD"
        for f in ja["figures"]
    )
    assert 3 <= len(ja["key_points"]) <= 5
    everything = json.dumps(ja, ensure_ascii=False)
    assert "ニュース" not in ja["title"]
    assert "한어Русский язык" not in everything
    assert "(劉瑞、financial ap通信)" not in ja["summary"] + "".join(ja["key_points"])


def test_polish_seed(seeds) -> None:
    pl = seed(seeds, "pl")
    assert pl["status"] == "ok"
    assert pl["title"] and pl["title"] != "Untitled"
    assert len(pl["title"]) <= 120
    assert "Changpeng Zhao" in pl["title"] or "Binance" in pl["title"]
    assert pl["tags"][:1] == ["赵长鹏"]
    assert pl["tags"] == ["赵长鹏", "SamAltman", "AI投资"]
    names = {e["name"] for e in pl["entities"]}
    assert {"Changpeng Zhao", "Sam Altman", "Binance", "OpenAI"} <= names
    assert any(f["value"] == 175e6 and f["unit"] == "USD" for f in pl["figures"])
    assert 3 <= len(pl["key_points"]) <= 5
    assert pl["summary"].startswith("Wygląda na to")
    assert "#" not in pl["summary"] + "".join(pl["key_points"])


def golden_briefs() -> dict[str, str]:
    settings = load_settings()
    records = extract_records(collect_inputs([SEEDS]), settings)
    rendered = {}
    for brief in records:
        assert isinstance(brief, Brief), brief
        brief.slug = make_slug(brief)
        rendered[f"{brief.slug}.md"] = render_brief(brief)
    return rendered


def test_seed_briefs_match_the_golden_files() -> None:
    """Regenerate with `UPDATE_GOLDEN=1 pytest tests/test_extract.py` and review the diff."""
    rendered = golden_briefs()
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for old in GOLDEN.glob("*.md"):
            old.unlink()
        for name, text in rendered.items():
            (GOLDEN / name).write_text(text, encoding="utf-8")
    committed = {p.name: p.read_text(encoding="utf-8") for p in GOLDEN.glob("*.md")}
    assert committed == rendered
