"""Pelican's articles generator, with the group pages of a large archive in linear time.

Pelican writes each tag's, category's and author's page with ``dates``, the group's
articles in date order, found by testing every article of the site for membership of
the group's list: a scan per group, which in an archive of thousands costs seconds per
locale in every build, even when no page is rendered. ``BriefsGenerator`` gives the
same lists (same articles, same order, each once) from each article's position in
``self.dates``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pelican.contents import Article
from pelican.generators import ArticlesGenerator
from pelican.urlwrappers import URLWrapper


class BriefsGenerator(ArticlesGenerator):
    """``ArticlesGenerator`` whose tag, category and author pages find ``dates`` by position.

    The writer is ``site_keys.KeyedWriter``, which never refuses to overwrite a file, so
    Pelican's handling of that case is not needed here.
    """

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
        position = {id(article): index for index, article in enumerate(self.dates)}
        for group, articles in groups:
            write(
                group.save_as,
                template,
                self.context,
                url=group.url,
                articles=articles,
                dates=in_date_order(articles, position),
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
