"""Brief cards kept between builds, so a list page that shows other briefs than before
is put together from cards already rendered instead of rendering each card again.

A brief's card (title, meta line, summary, key figure) is the same on every list that
shows it, but for the base URL (see ``pelican_plugin.card_globals``). Within a build each
card is rendered once per locale; this module keeps them for the next build, one file
per interface locale under the site cache. A card is filed under the hash of the
brief's metadata (its ``header_key``, all a card shows of it) and the macro and heading
level (the archive's one-line entries are kept the same way); a
locale's file is only used while the locale's base key (code, theme, translations and
settings, see ``site.base_keys``) is the one it was written under. When a file cannot
be read, the cards are rendered.

Each render worker files the cards it rendered in a file of its own as it finishes a
locale (``save_fresh``), so no worker holds more than one locale's; once all are done,
``merge_cards`` adds them to the locale's file and drops the cards of briefs the site no
longer has.

Adding one brief to a paginated archive moves a card onto every list page; with the
cards kept, those pages are rendered again from cached cards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .files import write_bytes_atomic

__all__ = ["Cards", "card_key", "load_cards", "merge_cards", "save_fresh"]


@dataclass
class Cards:
    """One locale's cards: those of earlier builds (``known``) and those rendered now."""

    known: dict[str, str] = field(default_factory=dict)
    fresh: dict[str, str] = field(default_factory=dict)

    def get(self, key: str) -> str | None:
        html = self.fresh.get(key)
        return self.known.get(key) if html is None else html

    def put(self, key: str, html: str) -> None:
        self.fresh[key] = html


def card_key(header_key: str, *parts: str) -> str:
    """A card's key: its brief's ``header_key``, then what says which card (the macro, the
    heading level)."""
    return ":".join((header_key, *parts))


def _brief_of(key: str) -> str:
    return key.split(":", 1)[0]


def _read(path: Path, base_key: str) -> dict[str, str]:
    """The cards in ``path`` if they were made under ``base_key``, else none."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}
    if not isinstance(data, dict) or data.get("base") != base_key:
        return {}
    cards = data.get("cards")
    if not isinstance(cards, dict):
        return {}
    return {k: v for k, v in cards.items() if isinstance(v, str)}


def _write(path: Path, base_key: str, cards: dict[str, str]) -> None:
    write_bytes_atomic(path, orjson.dumps({"base": base_key, "cards": cards}))


def load_cards(folder: Path | None, locale: str, base_key: str) -> Cards:
    """The cards an earlier build left for ``locale`` (none without a folder)."""
    return Cards(_read(folder / f"{locale}.json", base_key) if folder else {})


def save_fresh(folder: Path, locale: str, worker: int, base_key: str, cards: Cards) -> None:
    """File the cards worker number ``worker`` rendered for ``locale``, for ``merge_cards``."""
    if cards.fresh:
        _write(folder / f"{locale}.fresh-{worker}.json", base_key, cards.fresh)


def merge_cards(folder: Path, locale: str, base_key: str, briefs: set[str]) -> None:
    """Add the workers' fresh cards to ``locale``'s file, keeping only the cards of
    ``briefs`` (by ``header_key``); the file is left alone when nothing changes."""
    path = folder / f"{locale}.json"
    old = _read(path, base_key)
    kept = {k: v for k, v in old.items() if _brief_of(k) in briefs}
    fresh = sorted(folder.glob(f"{locale}.fresh-*.json"))
    for shard in fresh:
        kept.update((k, v) for k, v in _read(shard, base_key).items() if _brief_of(k) in briefs)
    if fresh or len(kept) != len(old) or not path.is_file():
        _write(path, base_key, kept)
    for shard in fresh:
        shard.unlink(missing_ok=True)
