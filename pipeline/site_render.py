"""Render every interface locale's pages from one reading of the briefs.

Runs in a child process of its own per build (``pipeline.child``), since Pelican
keeps global state in its signals. Pelican reads the briefs once, through its
content cache, and its generators build their context once; then, for each
interface locale in turn, the generators get that locale's settings, Jinja
translations and output folder and write their pages through a ``KeyedWriter``,
which skips every page whose key has not changed since the last build. The pages
are spread over ``workers`` processes, this one and others forked after reading (they
share the parsed briefs), so a cold build uses every core.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pelican import Pelican, signals
from pelican.generators import ArticlesGenerator, Generator, StaticGenerator
from pelican.log import console
from pelican.settings import read_settings

from .errors import WarningCollector
from .pelican_plugin import card_globals, install_jinja
from .site_articles import BriefsGenerator
from .site_cards import Cards, load_cards, merge_cards, save_fresh
from .site_keys import KeyedWriter, ListRecord, PageRecord, replayer
from .site_pages import digest_helpers
from .site_signature import forget_signatures

logger = logging.getLogger(__name__)

__all__ = ["RenderJob", "RenderResult", "render_site"]


@dataclass
class RenderJob:
    """What the render process needs; plain data, so it can be sent to a spawned process.

    ``overrides`` holds each locale's Pelican settings (default locale first);
    pages are written to ``staging/<locale>/``; ``published`` is the output root,
    where the last build's pages (``previous``, per locale) can be left as they are, and
    its paginated lists (``previous_lists``) need not be paginated again if unchanged.
    ``cards`` is the folder of brief cards kept between builds (``site_cards``), if any.
    """

    config_file: str
    overrides: dict[str, dict[str, Any]]
    staging: Path
    published: dict[str, Path]
    base_keys: dict[str, str]
    previous: dict[str, dict[str, PageRecord]]
    previous_lists: dict[str, dict[str, ListRecord]] = field(default_factory=dict)
    workers: int = 1
    cards: Path | None = None


@dataclass
class RenderResult:
    """Every page and paginated list of every locale with its record, what was rendered,
    and logged warnings."""

    records: dict[str, dict[str, PageRecord]] = field(default_factory=dict)
    lists: dict[str, dict[str, ListRecord]] = field(default_factory=dict)
    rendered: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def merge(self, other: RenderResult) -> None:
        for locale, records in other.records.items():
            self.records.setdefault(locale, {}).update(records)
        for locale, lists in other.lists.items():
            self.lists.setdefault(locale, {}).update(lists)
        for locale, rendered in other.rendered.items():
            self.rendered.setdefault(locale, []).extend(rendered)
        self.warnings += [w for w in other.warnings if w not in self.warnings]


# What unpickling a damaged or foreign file may raise that Pelican lets through.
UNREADABLE_CACHE = (EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError)

# The state forked workers inherit: the job and the generators with their context, and
# the queue told of each locale a worker finished (for the progress display and the search).
_STATE: dict[str, Any] = {}


def render_site(job: RenderJob, finished: Any = None) -> RenderResult:
    """Read the briefs once, then write every locale's pages (in ``job.workers`` processes);
    each worker puts each locale it finished on the queue ``finished``, if any, with the
    locale's pages of its share and those it wrote: (locale, pages, written)."""
    _STATE["finished"] = finished
    console.quiet = True
    forget_signatures()
    collector = WarningCollector()
    for name in ("pelican", "pipeline"):
        logger = logging.getLogger(name)
        logger.addHandler(collector)
        logger.propagate = False  # a forked child has the build's handlers: the build logs them
    settings = {
        locale: read_settings(job.config_file, override=overrides)
        for locale, overrides in job.overrides.items()
    }
    pelican = Pelican(next(iter(settings.values())))
    _STATE.update(
        job=job, settings=settings, generators=_generate_context(pelican), collector=collector
    )
    result = _render_share(0) if job.workers <= 1 else _render_shares(job, collector)
    if job.cards is not None:
        _keep_cards(job.cards, job, _STATE["generators"])
    for generator in _STATE["generators"]:  # while the build waits for the search index
        if isinstance(generator, BriefsGenerator):
            generator.keep_cache()
    return result


def _render_shares(job: RenderJob, collector: WarningCollector) -> RenderResult:
    """Every worker's share, this process rendering the first."""
    result = RenderResult(warnings=list(collector.messages))
    # The parsed briefs stay shared with the workers for as long as nothing writes to their
    # memory pages; freezing keeps the garbage collector from doing so (see gc.freeze).
    gc.freeze()
    # This process renders the first share itself: a forked worker copies every memory page
    # it touches, and an idle parent would hold its own copy besides.
    with multiprocessing.get_context("fork").Pool(job.workers - 1) as pool:
        others = pool.map_async(_render_share, range(1, job.workers))
        result.merge(_render_share(0))
        for share in others.get():
            result.merge(share)
    return result


def _keep_cards(folder: Path, job: RenderJob, generators: list[Generator]) -> None:
    """Keep the cards the workers rendered for the next build, and only the site's briefs'."""
    briefs = {
        key
        for generator in generators
        for article in getattr(generator, "articles", [])
        if (key := getattr(article, "header_key", None))
    }
    for locale in job.overrides:
        merge_cards(folder, locale, job.base_keys[locale], briefs)


def _generate_context(pelican: Pelican) -> list[Generator]:
    """Pelican's ``run`` up to writing: read the briefs, let each generator build its context."""
    settings = pelican.settings
    context = settings.copy()
    context.update(
        generated_content={},
        static_links=set(),
        static_content={},
        localsiteurl=settings["SITEURL"],
    )
    generators = [
        _generator(
            cls,
            context=context,
            settings=settings,
            path=pelican.path,
            theme=pelican.theme,
            output_path=pelican.output_path,
        )
        # Pelican's own, but for its articles generator (see pipeline.site_articles)
        for cls in (
            BriefsGenerator if cls is ArticlesGenerator else cls
            for cls in pelican._get_generator_classes()
        )
    ]
    for generator in generators:
        generator.generate_context()
        if hasattr(generator, "check_disabled_readers"):
            generator.check_disabled_readers()
    signals.all_generators_finalized.send(generators)
    for generator in generators:
        if hasattr(generator, "refresh_metadata_intersite_links"):
            generator.refresh_metadata_intersite_links()
    return generators


def _generator(cls: type[Generator], **kwargs: Any) -> Generator:
    """``cls(**kwargs)``, dropping a content cache that cannot be read.

    Pelican loads a generator's cache when making it and recovers from only some of the
    ways a pickle breaks: a file a killed build left empty raises ``EOFError``, and every
    later build would fail. Such a cache is deleted and the generator made again (an
    error that was not the cache's is then raised again).
    """
    try:
        return cls(**kwargs)
    except UNREADABLE_CACHE as error:
        folder = Path(kwargs["settings"]["CACHE_PATH"])
        for name in (cls.__name__, f"{cls.__name__}-Readers"):
            (folder / name).unlink(missing_ok=True)
        logger.warning(
            "%s: content cache unreadable (%s: %s); the briefs are read again",
            folder / cls.__name__,
            type(error).__name__,
            error,
        )
        return cls(**kwargs)


def _render_share(index: int) -> RenderResult:
    """Write this worker's share of every locale's pages; share 0 also copies theme files."""
    job: RenderJob = _STATE["job"]
    generators: list[Generator] = _STATE["generators"]
    collector: WarningCollector = _STATE["collector"]
    collector.messages.clear()
    result = RenderResult()
    for locale, settings in _STATE["settings"].items():
        output = job.staging / locale
        helpers = digest_helpers(settings.get("BRIEFPRESS_DIGESTS") or [], locale)
        writer = KeyedWriter(
            str(output),
            settings,
            base_key=job.base_keys[locale],
            previous=job.previous.get(locale, {}),
            published=job.published[locale],
            share=(index, job.workers),
            replay=replayer(helpers),
            previous_lists=job.previous_lists.get(locale, {}),
        )
        cards = load_cards(job.cards, locale, job.base_keys[locale])
        for generator in generators:
            _switch_locale(generator, settings, output, cards)
        for generator in generators:
            if isinstance(generator, StaticGenerator) and index != 0:
                continue
            generator.generate_output(writer)
        result.records[locale] = writer.records
        result.lists[locale] = writer.lists
        result.rendered[locale] = writer.rendered
        if job.cards is not None:
            save_fresh(job.cards, locale, index, job.base_keys[locale], cards)
        if _STATE.get("finished") is not None:
            _STATE["finished"].put((locale, sorted(writer.records), writer.rendered))
    result.warnings = list(dict.fromkeys(collector.messages))
    return result


def _switch_locale(
    generator: Generator, settings: dict[str, Any], output: Path, cards: Cards
) -> None:
    """Point a generator (and the context all generators share) at another locale's sub-site,
    whose brief cards are ``cards``."""
    generator.settings = settings
    generator.output_path = str(output)
    generator.context.update(settings)
    generator.context["localsiteurl"] = settings["SITEURL"]
    install_jinja(generator)
    generator.env.globals.update(card_globals(cards))
