"""Pelican's articles generator, with the group and period pages of a large archive in
linear time, and a content cache that keeps only the briefs there are, written whole or
not at all.

Pelican writes each tag's, category's and author's page with ``dates``, the group's
articles in date order, found by testing every article of the site for membership of
the group's list: a scan per group, which in an archive of thousands costs seconds per
locale in every build, even when no page is rendered. ``BriefsGenerator`` gives the
same lists (same articles, same order, each once) from each article's position in
``self.dates``. Its year and month archives likewise list their ``articles`` by a pass
over the site's briefs, not a scan of the period's for each brief.

Pelican's content cache (whole articles, see ``site.locale_overrides``) keeps the
entry of every file it ever read, and writes the file in place: a build killed while
writing leaves it cut short. ``BriefsGenerator`` drops the entries of briefs that are
gone and writes the cache through a temporary file. Pelican writes it as soon as the
briefs are read, which holds up every page; here it is written once they are rendered
(``keep_cache``), and not at all when nothing in it changed.
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Iterable
from typing import Any

from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.urlwrappers import URLWrapper

logger = logging.getLogger(__name__)


class BriefsGenerator(ArticlesGenerator):
    """``ArticlesGenerator`` whose tag, category and author pages find ``dates`` by position.

    The writer is ``site_keys.KeyedWriter``, which never refuses to overwrite a file, so
    Pelican's handling of that case is not needed here.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._looked_up: set[str] = set()  # the files this build's reading asked the cache for
        self._changed = False  # whether this build cached a file it read afresh
        # Each group's briefs in date order, by the group's list of them, made once for
        # every locale: the same list object is then signed once (site_signature._SEQUENCES).
        self._in_date_order: dict[int, tuple[list[Article], list[Article]]] = {}
        super().__init__(*args, **kwargs)

    def get_cached_data(self, filename: str, default: Any = None) -> Any:
        self._looked_up.add(filename)
        return super().get_cached_data(filename, default)

    def cache_data(self, filename: str, data: Any) -> None:
        self._changed = True
        super().cache_data(filename, data)

    def save_cache(self) -> None:
        """Nothing yet: Pelican calls this once the briefs are read (see ``keep_cache``)."""

    def keep_cache(self) -> None:
        """Pelican's ``save_cache``, less the entries of files this build did not read,
        written whole; not written when it holds what it held when loaded."""
        if not self._cache_data_policy:
            return
        if not self._changed and self._looked_up.issuperset(self._cache):
            return
        self._cache = {
            name: entry for name, entry in self._cache.items() if name in self._looked_up
        }
        temporary = f"{self._cache_path}.tmp"
        try:
            os.makedirs(os.path.dirname(self._cache_path), exist_ok=True)
            with self._cache_open(temporary, "wb") as handle:
                pickle.dump(self._cache, handle)
            os.replace(temporary, self._cache_path)
        except (OSError, pickle.PicklingError, TypeError) as error:
            logger.warning("Could not save the content cache %s: %s", self._cache_path, error)

    def _build_period_archives(
        self, sorted_articles: list[Article], articles: list[Article], settings: dict[str, Any]
    ) -> dict[str, list[dict[str, Any]]]:
        """Pelican's year and month archives, whose ``articles`` are found by a pass over
        ``articles`` per period, not by a scan of the period's briefs for each of them."""
        archives = super()._build_period_archives(sorted_articles, [], settings)
        for archive in (archive for periods in archives.values() for archive in periods):
            within = {id(article) for article in archive["dates"]}
            archive["articles"] = [article for article in articles if id(article) in within]
        return archives

    def generate_tags(self, write: Callable[..., None]) -> None:
        self._write_groups(write, "tag", self.tags.items())

    def generate_categories(self, write: Callable[..., None]) -> None:
        self._write_groups(write, "category", self.categories)

    def generate_authors(self, write: Callable[..., None]) -> None:
        self._write_groups(write, "author", self.authors)

    def _write_groups(
        self,
        write: Callable[..., None],
        kind: str,
        groups: Iterable[tuple[URLWrapper, list[Article]]],
    ) -> None:
        template = self.get_template(kind)
        position: dict[int, int] = {}
        for group, articles in groups:
            known = self._in_date_order.get(id(articles))
            if known is None or known[0] is not articles:
                position = position or {id(a): index for index, a in enumerate(self.dates)}
                known = self._in_date_order[id(articles)] = (
                    articles,
                    in_date_order(articles, position),
                )
            write(
                group.save_as,
                template,
                self.context,
                url=group.url,
                articles=articles,
                dates=known[1],
                template_name=kind,
                blog=True,
                page_name=group.page_name,
                all_articles=self.articles,
                **{kind: group},
            )


def in_date_order(articles: list[Any], position: dict[int, int]) -> list[Any]:
    """The articles that have a ``position`` (Pelican's ``dates``), each once, in its order."""
    unique = {id(article): article for article in articles if id(article) in position}
    return [unique[key] for key in sorted(unique, key=position.__getitem__)]
