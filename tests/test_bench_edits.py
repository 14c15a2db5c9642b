"""The bench's edits to an article do what its cases are named after."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bench.generate import LAST_DAY, article_file, change_article, retitle_article
from pipeline.extract import collect_inputs, extract_records
from pipeline.model import Brief
from pipeline.settings import load_settings


def english_articles(folder: Path) -> list[Path]:
    """A plain-text and an HTML English article of the bench's generator."""
    found: dict[str, Path] = {}
    index = 0
    while len(found) < 2:
        name, data = article_file(index, seed=0)
        kind = Path(name).suffix
        if "-en-" in name and kind not in found and data.strip():
            found[kind] = folder / name
            found[kind].write_bytes(data)
        index += 1
    return sorted(found.values())


def briefs(folder: Path) -> list[Brief]:
    results = extract_records(collect_inputs([folder]), load_settings(), workers=1)
    assert all(isinstance(r, Brief) for r in results), results
    return results  # type: ignore[return-value]


def test_a_retitled_article_keeps_its_text_and_a_corrected_one_its_title(tmp_path: Path) -> None:
    articles = english_articles(tmp_path)
    before = briefs(tmp_path)
    for path in articles:
        retitle_article(path)
    retitled = briefs(tmp_path)
    for path in articles:
        change_article(path)
    corrected = briefs(tmp_path)
    for old, new, last in zip(before, retitled, corrected, strict=True):
        assert new.title == old.title[:-1] + ", revised)"
        assert new.body == old.body
        assert last.title == new.title
        assert last.body != new.body


def test_an_article_of_the_day_is_dated_after_the_archive_and_otherwise_the_same(
    tmp_path: Path,
) -> None:
    """The bench's "one article of the day added" case: the day's news, newer than every
    article of the archive; only its date differs from the article the index gives."""
    day = LAST_DAY + dt.timedelta(days=2)
    index = next(i for i in range(100) if "-en-" in article_file(i)[0])
    (tmp_path / "drawn").mkdir()
    (tmp_path / "today").mkdir()
    name, drawn = article_file(index)
    (tmp_path / "drawn" / name).write_bytes(drawn)
    (tmp_path / "today" / name).write_bytes(article_file(index, day=day)[1])
    [within], [today] = briefs(tmp_path / "drawn"), briefs(tmp_path / "today")
    assert within.date is not None and within.date <= LAST_DAY
    assert today.date == day
    assert (today.title, today.body) == (within.title, within.body)
