"""The analysis cache: what a brief keeps through it, its keys, its expiry, and a cached
run that analyses and links only the articles that changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, FIXTURES, REPO

import pipeline.analyse
import pipeline.linking
from pipeline.cache import AnalysisCache, brief_from_json, brief_to_json, valid_until
from pipeline.extract import collect_inputs, extract_records
from pipeline.ingest import read_document
from pipeline.model import Brief, Entity, Figure, Problem
from pipeline.settings import Settings, load_settings

FUTURE_DEADLINE = FIXTURES / "incremental" / "future_deadline_in_body.txt"
SAME_STORY = ["en-ai-funding-crlf.txt", "pl-ai-funding-cp1250.txt"]


def test_every_field_of_a_brief_survives_the_cache_format() -> None:
    brief = Brief(
        file="sub/ja-battery.txt",
        language="ja",
        title="ミナトエナジー、全固体電池の試験ラインを新設へ",
        date=dt.date(2025, 7, 9),
        date_basis="dateline",
        source="テック経済通信",
        author="中村彩",
        tags=["全固体電池", "EV"],
        entities=[
            Entity("Toyota Motor", "organisation", ["トヨタ自動車"]),
            Entity("Kenta Takahashi", "person", ["高橋健太"], known=False),
        ],
        figures=[
            Figure("約450億円", 45_000_000_000.0, "JPY", "money", approximate=True),
            Figure("数百億ドル", 1e10, "USD", "money", approximate=True, high=9.9e10),
            Figure("20%", 20.0, "%", "percent"),
        ],
        summary="電池メーカーのミナトエナジーは9日、試験生産ラインを新設すると発表した。",
        key_points=["投資額は約450億円。", "2026年度中の稼働を予定する。"],
        body=["電池メーカーのミナトエナジーは9日、発表した。", "課題はコストだ。"],
        warnings=["decoded as shift_jis"],
        same_story_as=["en-battery.txt"],
        duplicate_of="ja-battery-copy.txt",
        encoding="shift_jis",
        slug="2025-07-09-minato-0123abcd",
    )
    stored = json.loads(json.dumps(brief_to_json(brief), ensure_ascii=False))
    assert brief_from_json(stored) == brief


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """The project's settings with a registry of its own, free to change."""
    registry = tmp_path / "entities.toml"
    shutil.copy(REPO / "content" / "entities.toml", registry)
    return dataclasses.replace(load_settings(), entities=registry)


def test_a_key_changes_with_the_article_its_name_the_registry_and_the_settings(
    tmp_path: Path, settings: Settings
) -> None:
    article = tmp_path / "a.txt"
    shutil.copy(FUTURE_DEADLINE, article)
    today = dt.date(2025, 7, 1)
    key = AnalysisCache(tmp_path, settings, today).key(article, "a.txt")
    assert AnalysisCache(tmp_path, settings, today).key(article, "a.txt") == key
    assert AnalysisCache(tmp_path, settings, today).key(article, "b.txt") != key
    original = article.read_bytes()
    article.write_bytes(original + b"\nOne more line.\n")
    assert AnalysisCache(tmp_path, settings, today).key(article, "a.txt") != key
    article.write_bytes(original)
    shorter = dataclasses.replace(settings, summary_max_chars=200)
    assert AnalysisCache(tmp_path, shorter, today).key(article, "a.txt") != key
    with settings.entities.open("a", encoding="utf-8") as registry:
        registry.write('\n[[entity]]\nname = "Marta Lindqvist"\nkind = "person"\n')
    assert AnalysisCache(tmp_path, settings, today).key(article, "a.txt") != key


def test_an_entry_expires_on_the_first_future_date_its_article_mentions(
    tmp_path: Path, settings: Settings
) -> None:
    document = read_document(FUTURE_DEADLINE, FUTURE_DEADLINE.name, 1_000_000)
    until = valid_until(document, "en", dt.date(2025, 7, 1))
    assert until == dt.date(2031, 6, 30)
    assert valid_until(document, "en", until) is None
    brief = Brief(file=FUTURE_DEADLINE.name, language="en", title="Port authority")
    AnalysisCache(tmp_path, settings, dt.date(2025, 7, 1)).store("k", brief, until)
    assert AnalysisCache(tmp_path, settings, until - dt.timedelta(days=1)).lookup("k") == brief
    assert AnalysisCache(tmp_path, settings, until).lookup("k") is None
    problem = Problem("empty.txt", "skipped", "empty: the file is 0 bytes")
    AnalysisCache(tmp_path, settings, dt.date(2025, 7, 1)).store("p", problem, None)
    assert AnalysisCache(tmp_path, settings, dt.date(2099, 1, 1)).lookup("p") == problem


def test_a_cached_run_analyses_and_links_only_what_changed(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in SAME_STORY:
        shutil.copy(CORPUS / "articles" / name, folder / name)
    inputs = collect_inputs([folder])
    today = dt.date.today()
    first = extract_records(inputs, settings, cache=AnalysisCache(tmp_path, settings, today))
    assert [r.same_story_as for r in first] == [SAME_STORY[1:], SAME_STORY[:1]]

    def forbidden(*args: object) -> None:
        raise AssertionError("analysed or linked again")

    monkeypatch.setattr(pipeline.analyse, "analyse", forbidden)
    monkeypatch.setattr(pipeline.linking, "link_briefs", forbidden)
    again = extract_records(inputs, settings, cache=AnalysisCache(tmp_path, settings, today))
    assert again == first
    monkeypatch.undo()

    analysed: list[str] = []
    analyse = pipeline.analyse.analyse

    def counted(document, options):  # type: ignore[no-untyped-def]
        analysed.append(document.name)
        return analyse(document, options)

    monkeypatch.setattr(pipeline.analyse, "analyse", counted)
    changed = folder / SAME_STORY[1]
    changed.write_bytes(changed.read_bytes() + "Jeszcze jedno zdanie.\n".encode("cp1250"))
    cache = AnalysisCache(tmp_path, settings, today)
    later = extract_records(inputs, settings, cache=cache)
    assert analysed == [SAME_STORY[1]]
    assert later[0] == first[0]
    assert later[1].same_story_as == SAME_STORY[:1]
    cache.release()  # as a build does once its briefs are written
    assert cache.prune() == 1, "the changed article's old entry is kept"
