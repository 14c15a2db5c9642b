"""Page keys: what a page of the site is made from, so an unchanged page is not rendered again.

Every output page gets a key: a hash of the sub-site's base key (code, theme,
translations and the locale's settings), the page's path and template, and a
*signature* of the variables Pelican passes for that page (the article, the
group and its briefs, the page of a paginated list; see ``site_signature``).
Pages also read the digest list through the helpers of ``site_pages``; those
reads are recorded while the page renders and replayed on the next build
(``DigestReads``), so a page changes when what it showed of the digests does.

``KeyedWriter`` is Pelican's writer with that check in front of rendering. A
build also splits its pages between worker processes by path (``share``),
each worker rendering only its own.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pelican.paginator import Paginator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import Writer

from .site_pagination import StablePaginator
from .site_signature import answer_key, digest_of, own_text, sequence_signature, signature

logger = logging.getLogger(__name__)

__all__ = [
    "DIGEST_READS",
    "DigestReads",
    "KeyedWriter",
    "ListRecord",
    "PageRecord",
    "RecordedList",
    "recorded_helpers",
    "replayer",
]


# Pelican passes every article to each tag, category, author and month page; the theme
# never reads it there (tests/test_site_keys.py checks), so it is not part of their keys.
UNUSED_VARIABLES = frozenset({"all_articles"})


class DigestReads:
    """Records which digest helpers a page called, and replays them against new digests."""

    def __init__(self) -> None:
        self.calls: list[list[Any]] | None = None

    def record(self, name: str, args: tuple[Any, ...], result: Any) -> None:
        if self.calls is not None:
            kept = [a if isinstance(a, int | str) else str(a) for a in args]
            call = [name, kept, answer_key(result)]
            if call not in self.calls:
                self.calls.append(call)

    def start(self) -> None:
        self.calls = []

    def stop(self) -> list[list[Any]]:
        calls, self.calls = self.calls or [], None
        return calls


# The one recorder of a render process: the digest helpers write to it, the writer reads it.
DIGEST_READS = DigestReads()


@dataclasses.dataclass
class PageRecord:
    """What the manifest keeps of one page: its key and the digest reads it made."""

    key: str
    reads: list[list[Any]] = dataclasses.field(default_factory=list)

    def still_valid(self, key: str, replay: Callable[[str, list[Any]], Any]) -> bool:
        """Whether the page has this key and every digest read it made gives what it
        gave (``replay`` returns the ``answer_key`` of a helper's answer now)."""
        if key != self.key:
            return False
        return all(replay(name, args) == seen for name, args, seen in self.reads)


@dataclasses.dataclass
class ListRecord:
    """What the manifest keeps of one paginated list: the key of everything its pages
    are made from, and their paths, so that an unchanged list is not paginated again."""

    key: str
    pages: list[str]


class KeyedWriter(Writer):
    """Pelican's writer that renders a page only when its key changed and it is this
    worker's share; ``records`` collects the worker's pages, rendered or not.

    ``previous`` holds the records of the last build (path relative to the sub-site),
    ``published`` is the folder where the last build's pages are (a page is only
    skipped if its file is still there). ``previous_lists`` holds the last build's
    paginated lists by their first page, and ``lists`` collects this build's.
    """

    def __init__(
        self,
        output_path: str,
        settings: dict[str, Any],
        *,
        base_key: str,
        previous: dict[str, PageRecord],
        published: Path,
        share: tuple[int, int],
        replay: Callable[[str, list[Any]], Any],
        previous_lists: dict[str, ListRecord] | None = None,
    ) -> None:
        super().__init__(output_path, settings=settings)
        self.base_key = base_key
        self.previous = previous
        self.previous_lists = previous_lists or {}
        self.lists: dict[str, ListRecord] = {}
        self.published = published
        self._listed: dict[str, frozenset[str]] = {}
        self.share = share
        self.replay = replay
        self.records: dict[str, PageRecord] = {}
        self.rendered: list[str] = []

    def mine(self, name: str) -> bool:
        """Whether this worker renders ``name`` (pages are spread over workers by path)."""
        index, count = self.share
        return count == 1 or zlib.crc32(name.encode("utf-8")) % count == index

    def claim(self, name: str, *parts: Any) -> bool:
        """True when page ``name``, made from ``parts``, is this worker's and changed; the
        worker records it either way (another worker's pages are its business)."""
        if not self.mine(name):
            return False
        key = digest_of(self.base_key, name, parts)
        previous = self.previous.get(name)
        unchanged = previous is not None and previous.still_valid(key, self.replay)
        if unchanged and self._published(name):
            self.records[name] = previous
            return False
        self.records[name] = PageRecord(key)
        return True

    def _published(self, name: str) -> bool:
        """Whether the last build's file for page ``name`` is still there: each folder is
        listed once, not a ``stat`` per page."""
        folder, _, base = name.rpartition("/")
        names = self._listed.get(folder)
        if names is None:
            try:
                with os.scandir(self.published / folder) as entries:
                    names = frozenset(e.name for e in entries if e.is_file())
            except OSError:
                names = frozenset()
            self._listed[folder] = names
        return base in names

    def write_file(
        self,
        name: Any,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool = False,
        paginated: dict[str, list[Any]] | None = None,
        template_name: str | None = None,
        override_output: bool = False,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Pelican's ``write_file`` (same pagination and local context), keyed per page."""
        if not name:
            return
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        list_key = None
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            variables = [signature(paginated), signature(_used(kwargs))]
            list_key = digest_of(self.base_key, name, url, template_name, variables)
            if self._kept_list(name, list_key):
                return
        pages: list[str] = []
        for save_as, page_kwargs, page_signature in self._pages(
            name, url, template_name, paginated, kwargs
        ):
            pages.append(save_as)
            if not self.mine(save_as):
                continue
            if not self.claim(save_as, template_name or template.name, page_signature()):
                continue
            local = context.copy()
            local["localsiteurl"] = local.get("localsiteurl")
            if relative_urls:
                local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(save_as))
            local["output_file"] = save_as
            local.update(page_kwargs)
            DIGEST_READS.start()
            try:
                output = template.render(local)
            finally:
                self.records[save_as].reads = DIGEST_READS.stop()
            self.write_text(save_as, output)
        if list_key is not None:
            self.lists[name] = ListRecord(list_key, pages)

    def _kept_list(self, name: str, key: str) -> bool:
        """Whether the paginated list ``name`` has the key it had in the last build, and this
        worker's pages of it are still valid (their digest reads) and in place: they then
        keep their records, as paginating the list again would give each the same key."""
        before = self.previous_lists.get(name)
        if before is None or before.key != key:
            return False
        kept: dict[str, PageRecord] = {}
        for page in filter(self.mine, before.pages):
            record = self.previous.get(page)
            if record is None or not record.still_valid(record.key, self.replay):
                return False
            if not self._published(page):
                return False
            kept[page] = record
        self.records.update(kept)
        self.lists[name] = before
        return True

    def write_text(self, name: str, text: str) -> None:
        path = sanitised_join(self.output_path, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        self.rendered.append(name)

    def _pages(
        self,
        name: str,
        url: str | None,
        template_name: str | None,
        paginated: dict[str, list[Any]],
        kwargs: dict[str, Any],
    ) -> Iterator[tuple[str, dict[str, Any], Callable[[], Any]]]:
        """(path, variables, signature) of each page a ``write_file`` call makes; the
        signature is computed when called, as a worker needs only its own pages'.

        A paginated list enters a page's signature as the page's own slice and what list
        templates may show of the whole (its length, first and last items; on the pages
        after the first of a ``StablePaginator``, its last, oldest, item only), wherever
        the page's variables hold it: as ``articles`` and as the ``articles`` of the
        ``group`` an entity's, language's or source's pages list. A change to one brief of
        a long list then renders the page showing it, not every page of the list; with
        ``STABLE_PAGES``, a new brief renders the first page and the newest older one.
        """
        used = _used(kwargs)
        if not (paginated and template_name in self.settings["PAGINATED_TEMPLATES"]):
            yield name, kwargs, lambda: [signature(used), own_text(kwargs)]
            return
        per_page = (
            self.settings["PAGINATED_TEMPLATES"][template_name]
            or self.settings["DEFAULT_PAGINATION"]
        )
        stable = self.settings.get("STABLE_PAGES", False) and "articles" in paginated
        paginator_class = StablePaginator if stable else Paginator
        paginators = {
            key: paginator_class(name, url, items, self.settings, per_page)
            for key, items in paginated.items()
        }
        whole = functools.cache(lambda: _list_page_variables(used, paginated, _whole_list))
        older = functools.cache(lambda: _list_page_variables(used, paginated, _oldest_only))
        first = next(iter(paginators.values()))
        for number in range(1, first.num_pages + 1):
            page_kwargs = dict(kwargs)
            pages = {}
            for key, paginator in paginators.items():
                page = paginator.page(number)
                page_kwargs.update(
                    {
                        f"{key}_paginator": paginator,
                        f"{key}_page": page,
                        f"{key}_previous_page": paginator.page(number - 1) if number > 1 else None,
                        f"{key}_next_page": (
                            paginator.page(number + 1) if number < paginator.num_pages else None
                        ),
                    }
                )
                pages[key] = page
            if stable:
                shared = whole if number == 1 else older
                sign = functools.partial(_stable_page_signature, shared, pages, page_kwargs)
            else:
                sign = functools.partial(_page_signature, whole, first.num_pages, pages)
            yield page.save_as, page_kwargs, sign


def _page_signature(shared: Callable[[], Any], num_pages: int, pages: dict[str, Any]) -> list[Any]:
    """A page of Pelican's pagination: what all pages share, its place, and its items."""
    number = next(iter(pages.values())).number
    slices = {key: _slice_signature(page) for key, page in pages.items()}
    return [shared(), number, num_pages, slices]


def _stable_page_signature(
    shared: Callable[[], Any], pages: dict[str, Any], variables: dict[str, Any]
) -> list[Any]:
    """A page of a ``StablePaginator``: what it is given of its whole list (all that pages
    after the first are given is its oldest item, so a new brief leaves them alone), its
    items, and the addresses it links to."""
    links = {
        key: [
            page.url if page else None
            for page in (variables[f"{key}_previous_page"], variables[f"{key}_next_page"])
        ]
        for key in pages
    }
    slices = {key: _slice_signature(page) for key, page in pages.items()}
    return [shared(), next(iter(pages.values())).serial, links, slices]


def _used(variables: dict[str, Any]) -> dict[str, Any]:
    """The variables of a page its template may read (``UNUSED_VARIABLES`` left out)."""
    return {k: v for k, v in variables.items() if k not in UNUSED_VARIABLES}


def _list_page_variables(
    used: dict[str, Any],
    paginated: dict[str, list[Any]],
    summary: Callable[[list[Any]], Any],
) -> Any:
    """The signature of what every page of a paginated list is given, each paginated list
    (met by identity: the variables hold the lists themselves) as ``summary`` of it."""
    summed_up = {id(items): summary(items) for items in paginated.values()}
    return {key: signature(value, summed_up) for key, value in used.items()}


def _whole_list(items: list[Any]) -> list[Any]:
    """What list templates may show of a whole list: its length, first and last items."""
    return [len(items), signature(items[:1]), signature(items[-1:])]


def _oldest_only(items: list[Any]) -> list[Any]:
    """What the later pages of a ``StablePaginator`` may show of their whole list."""
    return signature(items[-1:])


def _slice_signature(page: Any) -> list[Any]:
    """The signature of a Pelican ``Page``'s items, cut from its paginator's whole list's
    (computed once per list, where a signature of each new slice would not be kept)."""
    return sequence_signature(page.paginator.object_list)[page.start_index() - 1 : page.end_index()]


def replayer(helpers: dict[str, Any]) -> Callable[[str, list[Any]], Any]:
    """``PageRecord.still_valid``'s ``replay`` over the digest helpers of a locale: the
    ``answer_key`` of what a helper a page called last time returns now, once per call."""

    @functools.cache
    def replay(name: str, args: tuple[Any, ...]) -> str:
        helper = helpers.get(name)
        if helper is None:
            return answer_key(None)
        return answer_key(helper(*args) if callable(helper) else list(helper))

    return lambda name, args: replay(name, tuple(args))


class RecordedList(list):
    """A list global (the digests) whose reads by a template are recorded like a helper call."""

    def __init__(self, name: str, items: list[Any]) -> None:
        super().__init__(items)
        self.name = name

    def __iter__(self) -> Iterator[Any]:
        self._read()
        return super().__iter__()

    def __len__(self) -> int:
        self._read()
        return super().__len__()

    def _read(self) -> None:
        DIGEST_READS.record(self.name, (), list(super().__iter__()))


def recorded_helpers(helpers: dict[str, Any]) -> dict[str, Any]:
    """Template helpers (functions or lists) whose every use is recorded in ``DIGEST_READS``."""

    def recorded(name: str, helper: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            result = helper(*args)
            DIGEST_READS.record(name, args, result)
            return result

        return call

    return {
        name: recorded(name, helper) if callable(helper) else RecordedList(name, helper)
        for name, helper in helpers.items()
    }
