"""Brief cards kept between builds (pipeline/site_cards.py).

A list page rendered again takes the cards of briefs that did not change from the
last build instead of rendering them; a card is only reused under the base key it
was rendered with, and the cards of briefs that left the site are dropped.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from site_helpers import DIGESTS, write_fixture_briefs

from pipeline.briefs import write_brief
from pipeline.cache import site_cache
from pipeline.pelican_plugin import adopt_articles
from pipeline.settings import load_settings
from pipeline.site import CARDS, build_site
from pipeline.site_cards import Cards, card_key, load_cards, merge_cards, save_fresh


def filed(folder: Path, locale: str, base: str, worker: int, **cards: str) -> None:
    """Cards as a render worker files them, keyed ``<header_key>:h2``."""
    fresh = Cards(fresh={card_key(key, "h2"): html for key, html in cards.items()})
    save_fresh(folder, locale, worker, base, fresh)


def test_cards_are_read_back_only_under_the_base_key_they_were_saved_with(
    tmp_path: Path,
) -> None:
    filed(tmp_path, "pl", "base-1", 0, k1="<article>1</article>")
    merge_cards(tmp_path, "pl", "base-1", {"k1"})
    assert load_cards(tmp_path, "pl", "base-1").get(card_key("k1", "h2")) == "<article>1</article>"
    assert load_cards(tmp_path, "pl", "base-2").known == {}, "a theme or code change"
    assert load_cards(tmp_path, "de", "base-1").known == {}, "another locale's cards"
    assert load_cards(None, "pl", "base-1").known == {}


@pytest.mark.parametrize("content", [b"", b"{not json", b"[]", b'{"base": "b", "cards": []}'])
def test_an_unreadable_cards_file_means_rendering_the_cards(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "en.json").write_bytes(content)
    assert load_cards(tmp_path, "en", "b").known == {}


def test_merging_keeps_the_cards_of_the_site_briefs_and_adds_every_worker_s(
    tmp_path: Path,
) -> None:
    filed(tmp_path, "en", "b", 0, gone="g", kept="k")
    merge_cards(tmp_path, "en", "b", {"gone", "kept"})
    filed(tmp_path, "en", "b", 0, new="n")
    filed(tmp_path, "en", "b", 1, other="o")
    filed(tmp_path, "en", "stale", 2, old="x")  # a crashed build's, under another base key
    merge_cards(tmp_path, "en", "b", {"kept", "new", "other", "old"})
    assert load_cards(tmp_path, "en", "b").known == {
        card_key("kept", "h2"): "k",
        card_key("new", "h2"): "n",
        card_key("other", "h2"): "o",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.json"], "workers' files left"


def test_a_build_that_changes_no_card_leaves_the_file_alone(tmp_path: Path) -> None:
    filed(tmp_path, "en", "b", 0, kept="k")
    merge_cards(tmp_path, "en", "b", {"kept"})
    path = tmp_path / "en.json"
    os.utime(path, ns=(1, 1))
    merge_cards(tmp_path, "en", "b", {"kept"})
    assert path.stat().st_mtime_ns == 1


def test_fresh_cards_win_over_kept_ones() -> None:
    cards = Cards(known={"a": "old", "b": "kept"})
    cards.put("a", "new")
    assert (cards.get("a"), cards.get("b"), cards.get("c")) == ("new", "kept", None)
    assert cards.fresh == {"a": "new"}


def test_cached_articles_are_attached_to_this_build_and_their_warnings_logged_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    stale, context = {"localsiteurl": "old"}, {"localsiteurl": "new"}
    read = SimpleNamespace(_context=stale, read_warnings=["a.md: metadata figures is not JSON"])
    draft = SimpleNamespace(_context=stale, read_warnings=[])
    generator = SimpleNamespace(context=context, articles=[read], drafts=[draft])
    adopt_articles(generator)  # type: ignore[arg-type]
    assert read._context is context and draft._context is context
    assert "a.md: metadata figures is not JSON" in caplog.text


@pytest.mark.slow
def test_a_list_page_rendered_again_takes_the_kept_cards_of_unchanged_briefs(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "content" / "briefs"
    briefs = write_fixture_briefs(folder)
    output = tmp_path / "output"
    settings = load_settings().with_paths(output=output)  # caches of its own, beside it
    build_site(settings, folder, output, DIGESTS)
    cards = site_cache(settings) / CARDS / "pl.json"
    kept = json.loads(cards.read_text(encoding="utf-8"))
    ja = briefs["ja"]
    ja_cards = [key for key, html in kept["cards"].items() if ja.title in html]
    assert ja_cards, "the Japanese brief's card was not kept"
    for key in ja_cards:
        kept["cards"][key] = kept["cards"][key].replace(ja.title, "KEPT CARD")
    cards.write_text(json.dumps(kept), encoding="utf-8")

    # The English brief changes: the home page, which lists all three, is rendered again.
    write_brief(dataclasses.replace(briefs["en"], summary="A new summary."), folder)
    result = build_site(settings, folder, output, DIGESTS)
    assert "pl/index.html" in result.rendered
    home = (output / "pl" / "index.html").read_text(encoding="utf-8")
    assert "KEPT CARD" in home and "A new summary." in home
    # The archive lists every brief on one line each, kept the same way.
    assert "pl/archives.html" in result.rendered
    assert "KEPT CARD" in (output / "pl" / "archives.html").read_text(encoding="utf-8")
    assert "KEPT CARD" not in (output / "de" / "index.html").read_text(encoding="utf-8")

    # The Japanese brief leaves the site: its cards leave the file.
    (folder / f"{ja.slug}.md").unlink()
    build_site(settings, folder, output, DIGESTS)
    left = json.loads(cards.read_text(encoding="utf-8"))["cards"]
    assert not set(ja_cards) & set(left)
    assert len(left) == len(kept["cards"]) - len(ja_cards)
