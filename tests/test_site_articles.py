"""Tag, category and author pages list their briefs in date order without a scan per group."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.generators import ArticlesGenerator
from site_helpers import DIGESTS, write_fixture_briefs

from pipeline.pelican_plugin import order_briefs
from pipeline.settings import load_settings
from pipeline.site import build_site
from pipeline.site_articles import BriefsGenerator, in_date_order


class Brief:
    """An article as Pelican compares them: by identity."""


def test_a_group_lists_its_briefs_as_pelicans_scan_of_every_brief_would() -> None:
    rng = random.Random(7)
    dates = [Brief() for _ in range(40)]
    unlisted = [Brief() for _ in range(3)]  # in a group but not among the dates (a draft)
    position = {id(brief): index for index, brief in enumerate(dates)}
    for _ in range(50):
        group = rng.sample(dates, rng.randrange(0, 12)) + rng.sample(unlisted, rng.randrange(0, 3))
        group += rng.sample(group, min(len(group), 2))  # a brief tagged twice
        rng.shuffle(group)
        assert in_date_order(group, position) == [b for b in dates if b in group]


def test_the_site_writes_its_group_pages_without_pelicans_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def scan(self: ArticlesGenerator, write: object) -> None:
        raise AssertionError("Pelican's own group pages were written")

    for method in ("generate_tags", "generate_categories", "generate_authors"):
        monkeypatch.setattr(ArticlesGenerator, method, scan)
    folder = tmp_path / "briefs"
    write_fixture_briefs(folder)
    result = build_site(load_settings(), folder, tmp_path / "output", DIGESTS)
    written = set(result.rendered)
    assert any(page.startswith("tags/") for page in written)
    assert any(page.startswith("authors/") for page in written)


class Dated(Brief):
    def __init__(self, day: dt.date) -> None:
        self.date = day


def test_period_archives_list_the_briefs_pelican_lists() -> None:
    rng = random.Random(11)
    start = dt.date(2023, 11, 1)
    briefs = [Dated(start + dt.timedelta(days=rng.randrange(500))) for _ in range(300)]
    articles = rng.sample(briefs, len(briefs))  # another order, as Pelican's ARTICLE_ORDER_BY
    dates = sorted(briefs, key=lambda brief: brief.date, reverse=True)
    settings = {
        "YEAR_ARCHIVE_SAVE_AS": "archives/{date:%Y}/index.html",
        "YEAR_ARCHIVE_URL": "archives/{date:%Y}/",
        "MONTH_ARCHIVE_SAVE_AS": "archives/{date:%Y}/{date:%m}/index.html",
        "MONTH_ARCHIVE_URL": "archives/{date:%Y}/{date:%m}/",
        "DAY_ARCHIVE_SAVE_AS": "",
        "DAY_ARCHIVE_URL": "",
    }
    # The method reads nothing of its generator: one made without __init__ will do.
    ours = object.__new__(BriefsGenerator)._build_period_archives(dates, articles, settings)
    pelicans = object.__new__(ArticlesGenerator)._build_period_archives(dates, articles, settings)
    assert set(ours) == {"year", "month"}
    assert ours == pelicans


@pytest.mark.parametrize(
    ("order_by", "expected"),
    [
        ("reversed-date", ["b-2", "a-1", "c-1", "z-1", "a-0"]),
        ("title", ["b-2", "c-1", "a-1", "z-1", "a-0"]),
    ],
)
def test_briefs_that_tie_are_in_slug_order_whatever_order_they_were_read_in(
    order_by: str, expected: list[str]
) -> None:
    """Briefs of one day (or of one title) are ordered by slug, not left in the order they
    happened to be read: each of the 120 orders they can be read in gives the same lists."""
    day = dt.datetime(2024, 9, 4)
    briefs = [
        SimpleNamespace(slug="z-1", date=day, title="B"),
        SimpleNamespace(slug="a-1", date=day, title="B"),
        SimpleNamespace(slug="c-1", date=day, title="A"),
        SimpleNamespace(slug="b-2", date=day + dt.timedelta(days=1), title="A"),
        SimpleNamespace(slug="a-0", date=day - dt.timedelta(days=1), title="C"),
    ]
    for read in itertools.permutations(briefs):
        generator = SimpleNamespace(articles=list(read), settings={"ARTICLE_ORDER_BY": order_by})
        order_briefs(generator)  # type: ignore[arg-type]
        assert [b.slug for b in generator.articles] == expected, read
