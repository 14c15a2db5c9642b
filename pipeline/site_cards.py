"""Brief cards kept between builds, so a list page that shows other briefs than before
is put together from cards already rendered instead of rendering each card again.

A brief's card (title, meta line, summary, key figure) is the same on every list that
shows it, but for the base URL (see ``pelican_plugin.card_cache``). Within a build each
card is rendered once per locale; this module keeps them for the next build, one file
per interface locale under the site cache. A card is filed under the hash of the
brief's metadata (its ``header_key``, all a card shows of it) and the heading level; a
locale's file is only used while the locale's base key (code, theme, translations and
settings, see ``site.base_keys``) is the one it was written under. The file keeps the
cards of the briefs the site still has; when one cannot be read, cards are rendered.

Adding one brief to a paginated archive moves a card onto every list page; with the
cards kept, those pages are rendered again from cached cards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .files import write_text_atomic

__all__ = ["Cards", "card_key", "load_cards", "save_cards"]


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


def card_key(header_key: str, heading: str) -> str:
    return f"{header_key}:{heading}"


def _path(folder: Path, locale: str) -> Path:
    return folder / f"{locale}.json"


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


def load_cards(folder: Path | None, locale: str, base_key: str) -> Cards:
    """The cards an earlier build left for ``locale`` (none without a folder)."""
    return Cards(_read(_path(folder, locale), base_key) if folder else {})


def save_cards(
    folder: Path, locale: str, base_key: str, fresh: dict[str, str], briefs: set[str]
) -> None:
    """Add the cards rendered now to ``locale``'s file and drop those of briefs (by
    ``header_key``) the site no longer has; the file is left alone when nothing changes."""
    path = _path(folder, locale)
    old = _read(path, base_key)
    kept = {k: v for k, v in old.items() if k.rpartition(":")[0] in briefs}
    if not fresh and len(kept) == len(old) and path.is_file():
        return
    kept.update(fresh)
    data = {"base": base_key, "cards": kept}
    write_text_atomic(path, orjson.dumps(data).decode("utf-8"))
