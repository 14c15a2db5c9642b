"""Stage 5b: the Pagefind search index, one bundle per interface locale.

Pagefind chooses the index a page searches by the page's ``<html lang>``, which on
this site is the *interface* locale, while every brief keeps the language of its
article. So each sub-site gets a bundle of its own (``<locale>/pagefind/``) holding
every brief, indexed under one forced language:

* Only brief pages are indexed (the theme marks their ``<article>`` with
  ``data-pagefind-body``; interface labels carry ``data-pagefind-ignore``), with
  the article language and tags as ``data-pagefind-filter`` in the interface's
  words (see ``filter_value``).
* ``INDEX_LANGUAGE`` is Japanese because Pagefind's extended build segments
  Chinese and Japanese words only under a CJK index language: under ``en``,
  "固体" inside "全固体電池" or "电池" inside "钠离子电池" is never found. Under ``ja``
  Chinese is segmented as well, and Latin-script words (Polish, German...) are
  indexed unstemmed and found by prefix, with or without their diacritics.
* A bundle per locale, rather than one shared bundle, keeps results linking to
  the reader's own sub-site and filter names in the reader's language.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from pagefind.service import PagefindService

INDEX_LANGUAGE = "ja"
BUNDLE_DIR = "pagefind"
FILTER_SAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆"})

__all__ = ["BUNDLE_DIR", "INDEX_LANGUAGE", "brief_glob", "filter_value", "index_sites"]


def index_sites(sites: dict[str, Path], glob: str) -> tuple[dict[str, int], list[str]]:
    """Write a Pagefind bundle into each built sub-site (``{locale: folder}``).

    ``glob`` selects the brief pages (``briefs/*.html``), so a site without briefs
    indexes nothing rather than its lists. Returns the number of pages indexed
    per locale and warnings; an empty bundle is still written, so search loads.
    """
    folders = {locale: path.resolve() for locale, path in sites.items()}
    counts = asyncio.run(_index_all(folders, glob))
    warnings = [
        f"{locale}: no brief page to index for search" for locale, n in counts.items() if not n
    ]
    return counts, warnings


def filter_value(value: object) -> str:
    """A search filter value that is safe in Pagefind's interface.

    The interface inserts filter values into the page as HTML, and Pagefind
    decodes character references in them while indexing, so escaping cannot
    protect them: a tag such as ``<img onerror=...>`` would run. Its ``<``,
    ``>`` and ``&`` become their full-width look-alikes instead.
    """
    return str(value).translate(FILTER_SAFE)


def brief_glob(article_save_as: str) -> str:
    """Pelican's ``ARTICLE_SAVE_AS`` (``briefs/{slug}.html``) as a file glob (``briefs/*.html``)."""
    return re.sub(r"\{[^}]*\}", "*", article_save_as)


async def _index_all(sites: dict[str, Path], glob: str) -> dict[str, int]:
    """One Pagefind service (its word-segmentation dictionaries load once) for every locale."""
    counts = {}
    service = await PagefindService().launch()
    try:
        for locale, folder in sites.items():
            index = await service.create_index(
                {"force_language": INDEX_LANGUAGE, "output_path": str(folder / BUNDLE_DIR)}
            )
            indexed = await index.add_directory(str(folder), glob=glob)
            counts[locale] = int(indexed["page_count"])
            await index.write_files()
    finally:
        await service.close()
    return counts
