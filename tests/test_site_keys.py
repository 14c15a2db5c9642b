"""Page keys: a rebuild renders the pages whose inputs changed, and only those.

Three hand-made briefs (tests/fixtures/site) are built into a fresh folder, then
rebuilt unchanged, after one brief's summary changed, and after one digest changed.
What each build rendered is ``SiteResult.rendered``; whether the pages are right
is checked against a clean build in tests/test_incremental.py.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
from pelican.paginator import Paginator
from pelican.settings import read_settings
from site_helpers import DIGESTS, LOCALES, THEME, write_fixture_briefs

import pipeline.site
import pipeline.site_keys
from pipeline.briefs import write_brief
from pipeline.settings import load_settings
from pipeline.site import SiteResult, build_site
from pipeline.site_keys import UNUSED_VARIABLES, KeyedWriter, PageRecord, _slice_signature, replayer
from pipeline.site_pages import Group
from pipeline.site_pagination import StablePaginator
from pipeline.site_signature import REMEMBERED_LENGTH, answer_key, forget_signatures, signature

pytestmark = pytest.mark.slow


@dataclasses.dataclass
class Rebuilds:
    first: SiteResult
    unchanged: SiteResult
    summary_changed: SiteResult
    digest_changed: SiteResult
    title_changed: SiteResult
    text_changed: SiteResult
    slugs: dict[str, str]


def in_every_locale(page: str) -> set[str]:
    return {page if locale == LOCALES[0] else f"{locale}/{page}" for locale in LOCALES}


@pytest.fixture(scope="module")
def rebuilds(tmp_path_factory: pytest.TempPathFactory) -> Rebuilds:
    root = tmp_path_factory.mktemp("keys")
    folder = root / "content" / "briefs"
    briefs = write_fixture_briefs(folder)
    output = root / "output"
    settings = load_settings()

    def build(digests: list[dict]) -> SiteResult:
        return build_site(settings, folder, output, digests)

    first = build(DIGESTS)
    unchanged = build(DIGESTS)
    undated = briefs["en"]
    write_brief(dataclasses.replace(undated, summary="A new summary, by the editor."), folder)
    summary_changed = build(DIGESTS)
    digests = copy.deepcopy(DIGESTS)
    topic = next(d for d in digests if d["kind"] == "topic")
    topic["count"] += 1
    digest_changed = build(digests)
    retitled = dataclasses.replace(undated, title="A new title, by the editor")
    write_brief(retitled, folder)
    title_changed = build(digests)
    write_brief(dataclasses.replace(retitled, body=[*retitled.body, "A late paragraph."]), folder)
    text_changed = build(digests)
    slugs = {language: brief.slug for language, brief in briefs.items()}
    return Rebuilds(
        first, unchanged, summary_changed, digest_changed, title_changed, text_changed, slugs
    )


def test_a_first_build_renders_every_page_and_an_unchanged_rebuild_none(
    rebuilds: Rebuilds,
) -> None:
    pages = {name for names in rebuilds.first.files.values() for name in names}
    assert pages <= set(rebuilds.first.rendered)
    assert rebuilds.unchanged.rendered == []
    assert rebuilds.unchanged.indexed == {}, "the search index was rebuilt for nothing"
    assert rebuilds.unchanged.files == rebuilds.first.files


def test_a_changed_brief_renders_its_page_and_the_lists_showing_it_in_every_locale(
    rebuilds: Rebuilds,
) -> None:
    rendered = set(rebuilds.summary_changed.rendered)
    assert in_every_locale(f"briefs/{rebuilds.slugs['en']}.html") <= rendered
    assert in_every_locale("index.html") <= rendered
    assert in_every_locale("languages/en.html") <= rendered
    assert in_every_locale("feeds/all.atom.xml") <= rendered
    # The Polish brief tells the same story, but its page shows only the changed brief's
    # title, language and source, which did not change.
    for other in ("pl", "ja"):
        assert not in_every_locale(f"briefs/{rebuilds.slugs[other]}.html") & rendered
    assert not in_every_locale("languages/ja.html") & rendered
    assert not in_every_locale("downloads.html") & rendered


def test_a_changed_digest_renders_the_pages_that_link_it_and_no_other(
    rebuilds: Rebuilds,
) -> None:
    rendered = set(rebuilds.digest_changed.rendered)
    assert in_every_locale("downloads.html") <= rendered
    assert in_every_locale("tags/ai.html") <= rendered
    assert not {name for name in rendered if "/briefs/" in f"/{name}"}
    assert rebuilds.digest_changed.indexed == {}
    assert not in_every_locale("index.html") & rendered


def test_a_changed_title_renders_the_pages_of_the_briefs_telling_the_same_story(
    rebuilds: Rebuilds,
) -> None:
    rendered = set(rebuilds.title_changed.rendered)
    assert in_every_locale(f"briefs/{rebuilds.slugs['pl']}.html") <= rendered
    assert not in_every_locale(f"briefs/{rebuilds.slugs['ja']}.html") & rendered


def test_a_changed_text_renders_the_brief_page_and_feeds_but_not_the_lists(
    rebuilds: Rebuilds,
) -> None:
    rendered = set(rebuilds.text_changed.rendered)
    assert in_every_locale(f"briefs/{rebuilds.slugs['en']}.html") <= rendered
    assert in_every_locale("feeds/all.atom.xml") <= rendered  # feed entries hold the text
    # Lists show a brief's metadata only: its card did not change.
    assert not in_every_locale("index.html") & rendered
    assert not in_every_locale("languages/en.html") & rendered
    assert not in_every_locale(f"briefs/{rebuilds.slugs['pl']}.html") & rendered


def test_a_list_whose_briefs_did_not_change_is_not_paginated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A paginated list (the home page, a language's, a tag's) is keyed as a whole before
    its pages are: with the key of the last build, its pages keep their records without
    the list being paginated again. A list showing a changed brief is, and so is a list
    one of whose pages was deleted."""
    folder = tmp_path / "content" / "briefs"
    briefs = write_fixture_briefs(folder)
    output = tmp_path / "output"
    settings = load_settings()
    build_site(settings, folder, output, DIGESTS)
    paginated = tmp_path / "paginated"  # a file: pages are rendered in forked processes

    def logged(paginator: type[Paginator]) -> type[Paginator]:
        class Logged(paginator):  # type: ignore[misc,valid-type]
            def __init__(self, name: str, *args: Any, **kwargs: Any) -> None:
                with paginated.open("a", encoding="utf-8") as log:
                    log.write(f"{name}\n")
                super().__init__(name, *args, **kwargs)

        return Logged

    def lists_paginated() -> set[str]:
        names = set(paginated.read_text(encoding="utf-8").split()) if paginated.exists() else set()
        paginated.unlink(missing_ok=True)
        return names

    monkeypatch.setattr(pipeline.site_keys, "Paginator", logged(Paginator))
    monkeypatch.setattr(pipeline.site_keys, "StablePaginator", logged(StablePaginator))
    # The spy must reach the render process: forked, as a build forks it when it runs no
    # other thread, which a server another test left running in this worker would be.
    monkeypatch.setattr(pipeline.site, "start_method", lambda: "fork")
    en = briefs["en"]
    write_brief(dataclasses.replace(en, body=[*en.body, "A late paragraph."]), folder)
    text_changed = build_site(settings, folder, output, DIGESTS)
    assert in_every_locale(f"briefs/{en.slug}.html") <= set(text_changed.rendered)
    assert lists_paginated() == set()
    write_brief(dataclasses.replace(en, summary="A new summary, by the editor."), folder)
    build_site(settings, folder, output, DIGESTS)
    changed = lists_paginated()
    assert {"index.html", "languages/en.html"} <= changed
    assert "languages/ja.html" not in changed  # it shows no English brief
    (output / "languages" / "ja.html").unlink()
    deleted = build_site(settings, folder, output, DIGESTS)
    assert lists_paginated() == {"languages/ja.html"}
    assert deleted.rendered == ["languages/ja.html"]


def test_the_theme_never_reads_the_variables_left_out_of_page_keys() -> None:
    for template in THEME.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not [name for name in UNUSED_VARIABLES if name in text], template


def test_only_a_brief_own_page_reads_its_text() -> None:
    # A brief in a list is keyed by its metadata alone (site_signature.own_text).
    readers = {
        template.name
        for template in THEME.rglob("*.html")
        if re.search(r"\.content\b|\bcontent\b\s*\|", template.read_text(encoding="utf-8"))
    }
    assert readers <= {"article.html", "page.html"}


def test_signatures_hold_no_memory_addresses() -> None:
    value = {"a": [1, 2.5, None, "x"], "b": (True, Path("p")), "c": {3}}
    assert signature(value) == signature(copy.deepcopy(value))
    assert "0x" not in repr(signature(value))


def test_a_page_record_is_stale_when_a_digest_it_showed_changed() -> None:
    record = PageRecord("k", [["digests_for_tag", ["AI"], answer_key([{"count": 2}])]])

    def helpers(count: int) -> dict[str, Any]:
        return {"digests_for_tag": lambda tag: [{"count": count}] if tag == "AI" else []}

    assert record.still_valid("k", replayer(helpers(2)))
    assert not record.still_valid("k", replayer(helpers(3)))
    assert not record.still_valid("other", replayer(helpers(2)))


def test_a_replayed_digest_helper_runs_once_per_arguments() -> None:
    """Hundreds of pages replay the same month's digests; the helper runs once."""
    calls = []

    def digests_for_month(year: int, month: int) -> list[dict[str, int]]:
        calls.append((year, month))
        return [{"count": month}]

    replay = replayer({"digests_for_month": digests_for_month, "digests": [{"id": "w1"}]})
    for _ in range(3):
        assert replay("digests_for_month", [2024, 5]) == answer_key([{"count": 5}])
    assert replay("digests_for_month", [2024, 6]) == answer_key([{"count": 6}])
    assert calls == [(2024, 5), (2024, 6)]
    assert replay("digests", []) == answer_key([{"id": "w1"}])
    assert replay("a_helper_the_theme_dropped", []) == answer_key(None)


def test_a_long_list_signature_is_remembered_until_the_list_changes() -> None:
    """The same list of briefs reaches many pages in every locale: it is summed up once."""
    forget_signatures()
    briefs = [f"brief-{n}" for n in range(REMEMBERED_LENGTH)]
    first = signature(briefs)
    assert signature(briefs) is first
    assert signature(list(briefs)) == first  # an equal list: the same signature, made anew
    briefs.append("brief-new")
    grown = signature(briefs)
    assert grown == [*first, "brief-new"]
    briefs[0] = "replaced"  # same length: remembered (lists are not changed while rendering)
    assert signature(briefs) is grown
    forget_signatures()
    assert signature(briefs)[0] == "replaced"


@pytest.mark.parametrize(("count", "orphans"), [(0, 0), (5, 0), (23, 0), (23, 3), (30, 0)])
def test_a_paginated_page_is_signed_as_its_own_items(count: int, orphans: int) -> None:
    """A list page's signature is cut from its whole list's; it must be its items' own,
    orphans on the last page included."""
    forget_signatures()
    briefs = [f"brief-{n}" for n in range(count)]
    paginator = Paginator("index.html", "", briefs, {"DEFAULT_ORPHANS": orphans}, 10)
    for number in range(1, paginator.num_pages + 1):
        page = paginator.page(number)
        assert _slice_signature(page) == signature(list(page.object_list)), number


def test_a_changed_brief_of_a_long_group_renders_only_the_group_page_showing_it(
    tmp_path: Path,
) -> None:
    """An entity's (language's, source's) pages are given the group, which holds the very
    list they paginate: it enters their keys as the list does, by its length, first and
    last brief, so a changed brief on page 3 of 3 leaves pages 1 and 2 alone."""
    settings = read_settings(override={"PAGINATED_TEMPLATES": {"entity": 2}})
    writer = KeyedWriter(
        str(tmp_path), settings, base_key="base", previous={}, published=tmp_path,
        share=(0, 1), replay=replayer({}),
    )  # fmt: skip
    briefs = [f"brief-{n}" for n in range(6)]
    group = Group("glosa", "Glosa", "entities/glosa.html", articles=briefs)

    def page_signatures() -> list[Any]:
        forget_signatures()
        variables = {"group": group, "articles": group.articles}
        pages = writer._pages(group.url, group.url, "entity", {"articles": briefs}, variables)
        return [sign() for _, _, sign in pages]

    before = page_signatures()
    briefs[4] = "brief-4-retitled"  # not the last: headings read it (a tag name's language)
    after = page_signatures()
    assert len(after) == 3
    assert after[:2] == before[:2]
    assert after[2] != before[2]
    briefs.insert(0, "brief-new")  # a new first brief, and every page's slice, change
    assert all(a != b for a, b in zip(page_signatures(), after, strict=False))
    group.name = "Glosa AI"
    assert all(a != b for a, b in zip(page_signatures(), after, strict=False))


def test_the_theme_reads_no_more_of_a_group_briefs_than_its_pages_are_keyed_by() -> None:
    """A group page's key holds its own briefs, and of the group's others only their count,
    the first and the last (see the test above; on the later pages of a stable list, the
    last alone, see test_site_pagination.py): a template showing any other would go stale."""
    reads = {
        (template.name, read)
        for template in THEME.rglob("*.html")
        for read in re.findall(r"group\.articles\s*(\S{0,7})", template.read_text(encoding="utf-8"))
    }
    assert reads
    assert {read for _, read in reads} <= {"|length", "|last|t"}, reads
