"""Hyphenation patterns kept parsed between PDF processes (pipeline/pdf_hyphens.py).

pyphen's own parser is the reference: the kept patterns must hyphenate every word as it
does, and be parsed only once across processes (here, across emptied pyphen caches).
"""

from __future__ import annotations

from pathlib import Path

import pyphen
import pytest
from conftest import REPO
from site_helpers import load_brief

from pipeline import pdf_hyphens
from pipeline.pdf import HYPHENATION, render_pdfs
from pipeline.pdf_hyphens import keep_parsed
from pipeline.settings import load_settings

WORDS = {
    "de": ["Bundesverfassungsgericht", "Rechenzentrumsbetreiber", "Ausfallzeiten"],
    "en": ["infrastructure", "hyphenation", "disproportionately"],
    "pl": ["przedsiębiorstwo", "inwestycyjnego", "niezawodność"],
    "hu": ["asszony", "edzővel", "bőrönddel"],  # nonstandard hyphenation: not kept
}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The patterns files pyphen's parser reads; pyphen as it was after the test."""
    parsed: list[str] = []
    original = pdf_hyphens._PARSE

    class Counting(original):  # type: ignore[misc, valid-type]
        def __init__(self, path: Path) -> None:
            parsed.append(path.name)
            super().__init__(path)

    monkeypatch.setattr(pdf_hyphens, "_PARSE", Counting)
    monkeypatch.setattr(pyphen, "HyphDict", pyphen.HyphDict)
    monkeypatch.setattr(pyphen, "hdcache", {})
    return parsed


def positions(lang: str) -> list[list[int]]:
    """Where pyphen, as WeasyPrint calls it, may break each word (before its own limits)."""
    patterns = pyphen.Pyphen(lang=lang).hd
    return [list(patterns.positions(word)) for word in WORDS[lang]]


def reference(lang: str) -> list[list[int]]:
    path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
    parsed = pdf_hyphens._PARSE(path)
    return [list(parsed.positions(word)) for word in WORDS[lang]]


def test_kept_patterns_hyphenate_as_pyphen_does_and_are_parsed_once(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_parsed(tmp_path)
    first = {lang: positions(lang) for lang in WORDS}
    assert len(parses) == len(WORDS)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert len(kept) == 3 and not any(name.startswith("hyph_hu") for name in kept)

    monkeypatch.setattr(pyphen, "hdcache", {})  # as in a new process
    parses.clear()
    again = {lang: positions(lang) for lang in WORDS}
    assert parses == ["hyph_hu_HU.dic"], "kept patterns were parsed again"
    assert again == first
    for lang in WORDS:
        assert again[lang] == reference(lang), lang
    assert any(len(points) > 2 for points in again["de"]), "nothing was hyphenated"


def test_a_damaged_kept_file_is_parsed_again_and_replaced(
    tmp_path: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    keep_parsed(tmp_path)
    expected = positions("de")
    (kept,) = tmp_path.iterdir()
    kept.write_bytes(kept.read_bytes()[:1000])
    monkeypatch.setattr(pyphen, "hdcache", {})
    parses.clear()
    assert positions("de") == expected
    assert len(parses) == 1
    monkeypatch.setattr(pyphen, "hdcache", {})
    assert positions("de") == expected
    assert len(parses) == 1, "the damaged file was not replaced"


def test_a_cache_that_cannot_be_written_hyphenates_all_the_same(
    tmp_path: Path, parses: list[str]
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    keep_parsed(blocked / "hyphenation")
    assert positions("en") == reference("en")


@pytest.mark.slow
def test_printing_pdfs_keeps_the_patterns_of_the_languages_it_hyphenated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pyphen, "HyphDict", pyphen.HyphDict)
    monkeypatch.setattr(pyphen, "hdcache", {})
    brief = load_brief("pl_dated_entities_same_story.json")
    # Justified lines long enough to need breaking inside words.
    brief.body = [" ".join(WORDS["pl"] * 40)]
    settings = load_settings(REPO / "pelicanconf.py")
    cache = tmp_path / "cache"
    result = render_pdfs([brief], [], settings, tmp_path / "out", cache=cache)
    assert result.ok, result.failures
    kept = [p.name for p in (cache / HYPHENATION).iterdir()]
    assert any(name.startswith("hyph_pl_PL-") for name in kept), kept
