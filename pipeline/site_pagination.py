"""Lists of briefs paginated from their oldest brief, so that an older page keeps its briefs.

Pelican counts a list's pages from its newest brief. Each new brief then moves every
other one a place down, and every page of every list it joins changes: at 1,000 briefs,
one new brief rendered some 1,170 pages over five interface locales. Here, as in Nikola's
static indexes, the first page shows the newest ``per_page`` briefs and the older ones
are cut into pages counted from the oldest: older page 1 holds the oldest ``per_page``,
and only the newest older page may be short. A new brief changes the first page and the
newest older page (and, once per ``per_page`` briefs, adds one); every other page keeps
its briefs, its address and its bytes, so a link to it keeps showing what it showed.

``STABLE_PAGES`` in ``pelicanconf.py`` chooses these pages or Pelican's.
"""

from __future__ import annotations

from math import ceil
from typing import Any

from pelican.paginator import Page, Paginator

__all__ = ["StablePage", "StablePaginator"]


class StablePaginator(Paginator):
    """Pelican's paginator with the pages after the first counted from the oldest item.

    ``page(number)`` takes a page's place in reading order, as Pelican's does (1 is the
    first page, 2 the newest older page, and so on), so templates and ``has_next`` work
    unchanged; a page's address carries its ``serial``, its number from the oldest page.
    Orphans are not merged: the one short page is the newest older page, and it fills up.
    """

    def __init__(
        self,
        name: str,
        url: str | None,
        object_list: list[Any],
        settings: dict[str, Any],
        per_page: int | None = None,
    ) -> None:
        super().__init__(name, url, object_list, settings, per_page)
        self.orphans = 0

    @property
    def older_pages(self) -> int:
        """How many pages follow the first."""
        if not self.per_page:
            return 0
        return ceil(max(0, self.count - self.per_page) / self.per_page)

    @property
    def num_pages(self) -> int:  # type: ignore[override]
        return 1 + self.older_pages

    def page(self, number: int) -> StablePage:
        """The page at place ``number`` in reading order (1-based)."""
        if number == 1:
            return StablePage(self, number, None, 0, min(self.per_page, self.count))
        serial = self.older_pages - number + 2
        top = self.count - (serial - 1) * self.per_page
        bottom = max(self.per_page, top - self.per_page)
        return StablePage(self, number, serial, bottom, top)


class StablePage(Page):
    """A page of a ``StablePaginator``: the items ``[bottom, top)`` of its newest-first
    list. The first page (``serial`` None) has the list's own address; every other one the
    address Pelican's ``PAGINATION_PATTERNS`` give a page numbered ``serial``."""

    def __init__(
        self,
        paginator: StablePaginator,
        number: int,
        serial: int | None,
        bottom: int,
        top: int,
    ) -> None:
        super().__init__(
            paginator.name,
            paginator.url,
            paginator.object_list[bottom:top],
            number,
            paginator,
            paginator.settings,
        )
        self.serial = serial
        self._bottom, self._top = bottom, top

    def __repr__(self) -> str:
        return f"<StablePage {self.serial or 'first'} at {self.number}>"

    def start_index(self) -> int:
        return self._bottom + 1 if self._top > self._bottom else 0

    def end_index(self) -> int:
        return self._top

    def _from_settings(self, key: str) -> str:
        if self.serial is None:
            return super()._from_settings(key)
        # The rule Pelican gives page ``serial``, among those for pages 2 and on (page 1's
        # is the list's own address); pages before the first such rule take that one.
        later = [r for r in self.settings["PAGINATION_PATTERNS"] if r.min_page >= 2]
        fitting = [r for r in later if r.min_page <= self.serial] or later[:1]
        if not fitting:
            return ""
        pattern = getattr(fitting[-1], key)
        address: str = pattern.format(
            save_as=self.full_name,
            url=self.base_url,
            name=self.name,
            base_name=self.base_name,
            extension=self.extension,
            number=self.serial,
        )
        return address[1:] if address.startswith("/") else address

    url = property(lambda self: self._from_settings("URL"))
    save_as = property(lambda self: self._from_settings("SAVE_AS"))
