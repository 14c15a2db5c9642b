"""What analysing one article costs in a fresh process: only what that article needs.

lingua's models take half a second to load, Babel's locale data a tenth, and the
registry's patterns a tenth more when every alias is compiled. A rebuild after an
article was edited below its opening takes lingua's rankings from the last build;
tables built from Babel's data are kept between processes; and an alias's pattern
is compiled only when the article holds a word its pattern could match.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, REPO

import pipeline.text.language
from pipeline.cache import AnalysisCache
from pipeline.extract import collect_inputs, extract_records
from pipeline.settings import load_settings
from pipeline.text import tables
from pipeline.text.entities import load_registry
from pipeline.text.entities_match import find_forms, form_pattern
from pipeline.text.language import detect_language, remembering

ARTICLES = ["en-ai-funding-crlf.txt", "pl-cbdc.txt", "it-chip-export.txt"]


def forbid_lingua(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(text: str) -> list[tuple[str, float]]:
        raise AssertionError("lingua was asked")

    monkeypatch.setattr(pipeline.text.language, "_ranked", forbidden)


def test_remembered_rankings_give_the_same_language_without_lingua(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [(CORPUS / "src" / name).read_text(encoding="utf-8") for name in ARTICLES]
    with remembering({}) as used:
        languages = [detect_language(text) for text in texts]
    assert languages == ["en", "pl", "it"]
    assert used, "lingua was not asked at all"
    forbid_lingua(monkeypatch)
    with remembering(used) as again:
        assert [detect_language(text) for text in texts] == languages
    assert again == used


def test_a_rebuild_after_an_edit_below_the_opening_does_not_ask_lingua(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ARTICLES:
        shutil.copy(CORPUS / "articles" / name, folder / name)
    settings = load_settings(REPO / "pelicanconf.py")
    inputs = collect_inputs([folder])
    today = dt.date.today()
    cache = AnalysisCache(tmp_path / "cache", settings, today)
    first = extract_records(inputs, settings, cache=cache)
    cache.save()
    edited = folder / "en-ai-funding-crlf.txt"
    edited.write_bytes(edited.read_bytes() + b"\r\nA late paragraph added by the editor.\r\n")
    forbid_lingua(monkeypatch)
    again = extract_records(
        inputs, settings, cache=AnalysisCache(tmp_path / "cache", settings, today)
    )
    assert [r.language for r in again] == [r.language for r in first]
    assert again[0].body[-1] == "A late paragraph added by the editor."


def test_kept_tables_are_built_once_and_taken_from_another_process() -> None:
    calls: list[str] = []

    def months(language: str) -> frozenset[str]:
        calls.append(language)
        return frozenset({f"{language}-january"})

    table = tables.kept(months)
    assert table("pl") == frozenset({"pl-january"})
    assert table("pl") == frozenset({"pl-january"})
    assert calls == ["pl"]
    built = {key: value for key, value in tables.built().items() if "<locals>.months(" in key}
    assert list(built.values()) == [frozenset({"pl-january"})]

    elsewhere = tables.kept(months)  # as the same function in the next process
    tables.use({key[: key.rindex("(")] + "('de',)": frozenset({"kept"}) for key in built})
    assert elsewhere("de") == frozenset({"kept"})
    assert calls == ["pl"]


def test_an_alias_is_compiled_only_when_a_word_could_start_it() -> None:
    registry = load_registry(REPO / "content" / "entities.toml")
    text = (CORPUS / "src" / "en-ai-funding-crlf.txt").read_text(encoding="utf-8")
    form_pattern.cache_clear()
    matches = find_forms(text, "en", registry.forms)
    compiled = form_pattern.cache_info().currsize
    assert matches, "the article names no registry entity"
    assert compiled < len(registry.forms) / 4, f"{compiled} of {len(registry.forms)} compiled"
    form_pattern.cache_clear()
    assert find_forms("— … !!! ???", "en", registry.forms) == []
    assert form_pattern.cache_info().currsize == 0
