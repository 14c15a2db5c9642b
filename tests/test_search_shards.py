"""The search index in shards: which brief goes where, and re-indexing only what changed.

Pagefind runs for real on a handful of minimal brief pages; the site tests and the
browser tests cover search on built sites.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import os
import shutil
import signal
import time
from fnmatch import fnmatch
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pagefind.service import PagefindService
from search_helpers import pagefind_of

from pipeline import search_service
from pipeline.child import ChildDied
from pipeline.errors import BriefpressError
from pipeline.search import (
    BRIEFS_PER_SHARD,
    SearchUpdate,
    SearchUpdater,
    bundle_dir,
    in_bundle,
    indexed_digest,
    shard_count,
    shard_globs,
    shard_of,
)
from pipeline.search_service import POLL_PAUSE, SearchService, _NoPollPause

GLOB = "briefs/*.html"
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
PAGE = """<!DOCTYPE html><html lang="en"><head><title>{word}</title></head>
<body><article data-pagefind-body><h1>{word}</h1><p>{word} report</p></article></body></html>"""


@given(st.from_regex(r"[a-z0-9-]{1,30}", fullmatch=True), st.sampled_from([1, 2, 4, 8, 16]))
def test_each_brief_page_matches_the_globs_of_its_own_shard_only(slug: str, shards: int) -> None:
    page = f"briefs/{slug}.html"
    matching = [
        k for k in range(shards) if any(fnmatch(page, g) for g in shard_globs(GLOB, k, shards))
    ]
    assert matching == [shard_of(page, shards)]


def test_generated_slugs_spread_evenly_and_hand_made_ones_go_to_the_first_shard() -> None:
    pages = [f"briefs/2025-01-01-title-{n:08x}.html" for n in range(0, 16 * 40, 3)]
    counts = [sum(shard_of(p, 4) == k for p in pages) for k in range(4)]
    assert max(counts) - min(counts) <= 2
    assert shard_of("briefs/my-own-slug.html", 8) == 0


def test_the_number_of_shards_grows_with_the_archive() -> None:
    assert shard_count("auto", 3) == 1
    assert shard_count("auto", 2 * BRIEFS_PER_SHARD) == 2
    assert shard_count("auto", 5 * BRIEFS_PER_SHARD) == 4
    assert shard_count("auto", 100 * BRIEFS_PER_SHARD) == 16
    assert shard_count(8, 3) == 8
    with pytest.raises(BriefpressError, match="SEARCH_SHARDS"):
        shard_count(3, 10)


def test_bundle_folders_are_recognised_in_every_locale() -> None:
    prefixes = {"en": "", "pl": "pl/"}
    assert in_bundle("pagefind/pagefind-entry.json", prefixes)
    assert in_bundle("pl/pagefind-3/fragment/x.pf_fragment", prefixes)
    assert not in_bundle("briefs/pagefind-3.html", prefixes)
    assert bundle_dir(0) == "pagefind" and bundle_dir(2) == "pagefind-2"


def write_pages(site: Path, words: dict[str, str]) -> list[str]:
    """A minimal brief page at each path, about its word; the paths, in order."""
    for page, word in words.items():
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(PAGE.format(word=word), encoding="utf-8")
    return list(words)


def update_search(
    pages: dict[str, list[str]],
    rendered: dict[str, list[str]],
    previous: list[str],
    prefixes: dict[str, str],
    site: Path,
    staging: Path,
    glob: str,
    shards: int,
    service: SearchService | None = None,
) -> SearchUpdate:
    """Every locale's update at once, as a build makes it locale by locale; with a
    service of its own unless given one (started only if there is a shard to index)."""
    with contextlib.ExitStack() as stack:
        if service is None:
            service = stack.enter_context(SearchService(warm=False))
        updater = SearchUpdater(previous, prefixes, site, staging, glob, shards)
        updater.start(service)
        for locale, names in pages.items():
            updater.add_locale(locale, names, rendered.get(locale, []))
        return updater.finish()


def entry_counts(folder: Path, shards: int) -> list[int]:
    counts = []
    for shard in range(shards):
        entry = json.loads((folder / bundle_dir(shard) / "pagefind-entry.json").read_text())
        counts.append(sum(lang["page_count"] for lang in entry["languages"].values()))
    return counts


def test_a_rebuild_reindexes_only_the_shard_of_a_changed_brief(tmp_path: Path) -> None:
    site, staging = tmp_path / "site", tmp_path / "staging"
    pages = write_pages(site, {f"briefs/{w}-{n:x}{n:x}.html": w for n, w in enumerate(WORDS)})
    first = update_search({"en": pages}, {"en": pages}, [], {"en": ""}, site, staging, GLOB, 4)
    assert first.indexed == {"en": len(pages)} and first.kept == []
    assert entry_counts(staging / "en", 4) == [
        sum(shard_of(p, 4) == k for p in pages) for k in range(4)
    ]
    built = [
        f"{path.relative_to(staging / 'en').as_posix()}"
        for path in (staging / "en").rglob("*")
        if path.is_file()
    ]
    for name in built:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / "en" / name).rename(site / name)
    shutil.rmtree(staging)
    changed = pages[5]
    again = update_search(
        {"en": pages}, {"en": [changed]}, built, {"en": ""}, site, staging, GLOB, 4
    )
    shard = shard_of(changed, 4)
    assert again.indexed == {"en": sum(shard_of(p, 4) == shard for p in pages)}
    assert {path.name for path in (staging / "en").iterdir()} == {bundle_dir(shard)}
    assert again.kept and not [f for f in again.kept if f.startswith(f"{bundle_dir(shard)}/")]


PREFIXES = {"en": "", "pl": "pl/"}
TWO_PAGES = ["briefs/a-1.html", "briefs/b-2.html"]


def published_bundles(site: Path) -> list[str]:
    """The files of a published two-locale site of two briefs with two shards each."""
    previous = [f"{prefix}{page}" for prefix in PREFIXES.values() for page in TWO_PAGES]
    for prefix in PREFIXES.values():
        for shard in range(2):
            for name in ("pagefind-entry.json", "index/en_1.pf_index"):
                bundle = site / f"{prefix}{bundle_dir(shard)}" / name
                bundle.parent.mkdir(parents=True, exist_ok=True)
                bundle.write_text("{}")
                previous.append(bundle.relative_to(site).as_posix())
    return previous


def test_nothing_is_reindexed_when_no_brief_page_changed_in_any_locale(tmp_path: Path) -> None:
    previous = published_bundles(tmp_path)
    pages_of = {locale: TWO_PAGES for locale in PREFIXES}
    update = update_search(pages_of, {}, previous, PREFIXES, tmp_path, tmp_path / "s", GLOB, 2)
    assert update.indexed == {}
    assert sorted(update.kept) == sorted(f for f in previous if "pagefind" in f)


def test_a_bundle_that_lost_a_file_is_indexed_again_and_the_others_are_kept(
    tmp_path: Path,
) -> None:
    previous = published_bundles(tmp_path)
    (tmp_path / "pl" / bundle_dir(1) / "index" / "en_1.pf_index").unlink()

    class Recorder:
        def __init__(self) -> None:
            self.jobs: list[tuple[str, Path, list[str], Path]] = []

        def add(self, jobs: list[tuple[str, Path, list[str], Path]]) -> None:
            self.jobs += jobs

        def wait(self) -> dict[str, int]:
            return {}

    service = Recorder()
    pages_of = {locale: TWO_PAGES for locale in PREFIXES}
    update = update_search(
        pages_of,
        {},
        previous,
        PREFIXES,
        tmp_path,
        tmp_path / "s",
        GLOB,
        2,
        service,  # type: ignore[arg-type]
    )
    assert [(job[0], job[3]) for job in service.jobs] == [("pl", tmp_path / "s/pl" / bundle_dir(1))]
    assert sorted(update.kept) == sorted(
        f for f in previous if "pagefind" in f and not f.startswith(f"pl/{bundle_dir(1)}/")
    )


def test_one_service_indexes_japanese_for_several_calls_even_inside_an_event_loop(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    pages = write_pages(
        site, {"briefs/battery-1.html": "全固体電池の量産", "briefs/report-2.html": "bravo"}
    )

    async def index_twice() -> list[dict[str, int]]:
        # Playwright's tests build sites while their own event loop runs.
        with SearchService() as service:
            return [
                update_search(
                    {"en": pages},
                    {"en": pages},
                    [],
                    {"en": ""},
                    site,
                    tmp_path / f"s{n}",
                    GLOB,
                    1,
                    service,
                ).indexed
                for n in range(2)
            ]

    assert asyncio.run(index_twice()) == [{"en": 2}, {"en": 2}]
    words = json.loads((tmp_path / "s1" / "en" / "pagefind" / "pagefind-entry.json").read_text())
    assert words["languages"]["ja"]["page_count"] == 2


def test_the_pagefind_pause_skipped_is_pagefinds_and_no_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # If Pagefind's reader no longer pauses, _NoPollPause has nothing left to do.
    assert f"asyncio.sleep({POLL_PAUSE})" in inspect.getsource(PagefindService._wait_for_responses)
    slept: list[float] = []

    async def sleep(delay: float, result: object = None) -> object:
        slept.append(delay)
        return result

    monkeypatch.setattr(asyncio, "sleep", sleep)
    shim = _NoPollPause()
    assert asyncio.run(shim.sleep(POLL_PAUSE, "kept")) == "kept"
    asyncio.run(shim.sleep(2.5))
    assert slept == [2.5]
    assert shim.create_subprocess_exec is asyncio.create_subprocess_exec


def test_a_large_reindex_of_small_shards_is_shared_by_two_services(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_service, "PARALLEL_FROM", 2)
    monkeypatch.setattr(search_service.os, "cpu_count", lambda: 2)
    site, staging = tmp_path / "site", tmp_path / "staging"
    pages = write_pages(site, {f"briefs/{w}-{n:x}.html": w for n, w in enumerate(WORDS)})
    with SearchService(briefs_per_shard=1) as service:
        update = update_search(
            {"en": pages}, {"en": pages}, [], {"en": ""}, site, staging, GLOB, 8, service
        )
        assert service.launched() == 2
    with SearchService(briefs_per_shard=search_service.PARALLEL_SHARD_LIMIT + 1) as service:
        update_search(
            {"en": pages}, {"en": pages}, [], {"en": ""}, site, tmp_path, GLOB, 8, service
        )
        assert service.launched() == 1  # large shards: one service, for memory
    assert update.indexed == {"en": len(pages)}
    assert entry_counts(staging / "en", 8) == [
        sum(shard_of(p, 8) == k for p in pages) for k in range(8)
    ]


def test_a_service_that_is_not_warmed_starts_pagefind_only_when_there_is_a_shard_to_index(
    tmp_path: Path,
) -> None:
    site, staging = tmp_path / "site", tmp_path / "staging"
    pages = write_pages(site, {f"briefs/{w}-{n:x}.html": w for n, w in enumerate(WORDS)})
    with SearchService(warm=False) as service:
        assert service.launched() == 0, "Pagefind started before anything was indexed"
        update = update_search(
            {"en": pages}, {"en": pages}, [], {"en": ""}, site, staging, GLOB, 1, service
        )
        assert service.launched() == 1
    assert update.indexed == {"en": len(pages)}


def test_a_search_service_whose_process_died_fails_with_its_exit_not_a_hang(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    pages = write_pages(site, {f"briefs/{w}-{n:x}.html": w for n, w in enumerate(WORDS)})
    job = ("en", site, [GLOB], tmp_path / "bundle")
    service = SearchService(warm=False)
    assert service.index([job]) == {"en": len(pages)}
    os.kill(service._call._process.pid, signal.SIGKILL)
    with pytest.raises(ChildDied, match="exit code -9"):
        service.index([job])
    service.close()  # already ended: nothing more to raise


def test_a_pagefind_that_dies_while_indexing_fails_its_request_not_waits_for_ever(
    tmp_path: Path,
) -> None:
    """pagefind.service leaves a request waiting for ever when Pagefind's process ends
    (killed, or out of memory); the build would hang instead of failing."""
    site = tmp_path / "site"
    write_pages(site, {f"briefs/page-{n}.html": " ".join(WORDS * 40) for n in range(600)})

    async def index_while_killed() -> None:
        service = await search_service._launch()
        index = await service.create_index({"force_language": search_service.INDEX_LANGUAGE})
        adding = asyncio.ensure_future(index.add_directory(str(site), glob=GLOB))
        await asyncio.sleep(0.01)  # the request is sent; 600 pages take far longer
        assert not adding.done()
        service._backend.kill()
        with pytest.raises(BriefpressError, match="Pagefind's process ended while indexing"):
            await asyncio.wait_for(adding, timeout=30)
        await service._backend.wait()  # reaped while the loop runs, so nothing is left open

    asyncio.run(index_while_killed())


def test_a_service_says_whether_its_pagefind_still_runs(tmp_path: Path) -> None:
    """A service started ahead of a build may wait a long time; its Pagefind may be killed
    meanwhile, which the build asks about before using it (``HeadStart.drop_stopped``)."""
    with SearchService() as service:
        assert service.running()
        pagefind = pagefind_of(service)
        os.kill(pagefind, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while service.running():
            assert time.monotonic() < deadline, "a killed Pagefind is still said to run"
            time.sleep(0.05)
    ended = SearchService(warm=False)
    os.kill(ended._call._process.pid, signal.SIGKILL)
    assert not ended.running()
    ended.close()


def test_a_bundle_counts_as_written_once_pagefind_s_late_writes_have_landed(
    tmp_path: Path,
) -> None:
    """Pagefind answers ``write_files`` before its background writes are done (and a
    stopped Pagefind leaves them undone): a job waits until none of its files is empty."""
    bundle = tmp_path / "pagefind"
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "pagefind.js").write_text("export {};")
    late = bundle / "fragment" / "a.pf_fragment"
    late.write_bytes(b"")

    async def write_late() -> bool:
        async def land() -> None:
            await asyncio.sleep(0.05)
            late.write_bytes(b"pagefind_dcd")

        landing = asyncio.ensure_future(land())
        await search_service._landed(bundle)
        landed = late.stat().st_size > 0
        await landing
        return landed

    assert asyncio.run(write_late()), "the wait ended before the late write"
    (bundle / "fragment" / "b.pf_fragment").write_bytes(b"")  # never written
    with pytest.raises(BriefpressError, match=r"Pagefind left .*b\.pf_fragment empty"):
        asyncio.run(search_service._landed(bundle, timeout=0.05))


def test_what_pagefind_reads_of_a_page_is_all_its_digest_is_made_of() -> None:
    page = """<html lang="pl"><head><title>T</title></head><body><nav>Menu</nav>
      <article data-pagefind-body><h1>Title</h1><p>Text</p>
        <div hidden data-pagefind-ignore><span data-pagefind-filter="Tags">AI</span></div>
        <section data-pagefind-ignore><a href="other.html">The same story</a></section>
      </article></body></html>"""
    digest = indexed_digest(page.encode())
    assert digest is not None
    alike = [
        page.replace("The same story", "Two briefs of the same story"),
        page.replace("Menu", "Another menu"),
        page.replace("</section>", "</section>\n  <aside data-pagefind-ignore>More</aside>"),
    ]
    for version in alike:
        assert indexed_digest(version.encode()) == digest, version
    different = [
        page.replace("<p>Text", "<p>Other text"),
        page.replace(">AI<", ">Energy<"),
        page.replace('"Tags"', '"Topics"'),
        page.replace("<h1>Title", "<h1>New title"),
        page.replace("<title>T", "<title>U"),
        page.replace('lang="pl"', 'lang="de"'),
        page.replace("<p>Text</p>", '<p><a href="x.html">Text</a></p>'),
    ]
    for version in different:
        assert indexed_digest(version.encode()) != digest, version
    no_body = b"<html><body><p>Nothing to index</p></body></html>"
    assert indexed_digest(no_body) is None
