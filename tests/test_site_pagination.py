"""Stable pages: a new brief changes a list's first page and its newest older page only.

``pipeline.site_pagination`` is checked on plain lists (every item on one page, in
order; older pages counted from the oldest), through the page keys of ``KeyedWriter``
(what a new or changed brief changes), and on a built site: a rebuild after a new brief
renders the two pages of each list it joins and leaves the same files as a clean build.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from pelican.settings import read_settings
from site_helpers import THEME, Elements, load_brief, only

from pipeline.briefs import make_slug, write_brief
from pipeline.errors import BriefpressError
from pipeline.model import Brief
from pipeline.settings import load_settings
from pipeline.site import build_site
from pipeline.site_keys import KeyedWriter, replayer
from pipeline.site_pages import Group
from pipeline.site_pagination import StablePaginator
from pipeline.site_signature import forget_signatures

PER_PAGE = 3
SETTINGS = read_settings(
    override={
        "STABLE_PAGES": True,
        "PAGINATED_TEMPLATES": {"entity": PER_PAGE},
        "PAGINATION_PATTERNS": [
            (1, "{name}{extension}", "{name}{extension}"),
            (2, "{name}-{number}{extension}", "{name}-{number}{extension}"),
        ],
    }
)


def pages_of(items: list[Any], per_page: int = PER_PAGE) -> dict[str, list[Any]]:
    """Each page's address and items, in reading order (newest first)."""
    paginator = StablePaginator("tags/x.html", "tags/x.html", items, SETTINGS, per_page)
    pages = [paginator.page(number) for number in range(1, paginator.num_pages + 1)]
    return {page.save_as: list(page.object_list) for page in pages}


@pytest.mark.parametrize("count", [0, 1, 3, 4, 6, 7, 10, 11, 30])
def test_every_item_is_on_one_page_in_order_and_older_pages_count_from_the_oldest(
    count: int,
) -> None:
    items = list(range(count, 0, -1))  # newest first; item 1 is the oldest
    pages = pages_of(items)
    assert [item for page in pages.values() for item in page] == items
    first, *older = pages
    assert first == "tags/x.html"
    assert pages[first] == items[:PER_PAGE]
    for serial in range(1, len(older) + 1):
        page = pages[f"tags/x-{serial}.html"]
        oldest = (serial - 1) * PER_PAGE + 1
        assert page == list(range(oldest + PER_PAGE - 1, oldest - 1, -1))[-len(page) :]
        assert len(page) == PER_PAGE or serial == len(older), "only the newest may be short"
    assert older == [f"tags/x-{serial}.html" for serial in range(len(older), 0, -1)]


def test_every_older_page_has_an_address_whatever_the_page_numbers_rules_start_at() -> None:
    """``load_settings`` accepts any PAGINATION_PATTERNS rule for pages 2 and on; older
    pages numbered below the first such rule take it, and later ones the rule for them."""
    rules = [
        (1, "{name}{extension}", "{name}{extension}"),
        (3, "{name}-p{number}{extension}", "{name}-p{number}{extension}"),
        (5, "{name}-late{number}{extension}", "{name}-late{number}{extension}"),
    ]
    settings = read_settings(override={"PAGINATION_PATTERNS": rules})
    paginator = StablePaginator("tags/x.html", "tags/x.html", list(range(20, 0, -1)), settings, 3)
    pages = [paginator.page(number) for number in range(1, paginator.num_pages + 1)]
    assert [page.save_as for page in pages] == [
        "tags/x.html", "tags/x-late6.html", "tags/x-late5.html", "tags/x-p4.html",
        "tags/x-p3.html", "tags/x-p2.html", "tags/x-p1.html",
    ]  # fmt: skip


@pytest.mark.parametrize("count", range(1, 14))
def test_a_new_item_changes_the_first_page_and_the_newest_older_page_only(count: int) -> None:
    before = pages_of(list(range(count, 0, -1)))
    after = pages_of(list(range(count + 1, 0, -1)))
    changed = {name for name in before | after if before.get(name) != after.get(name)}
    newest_older = {*list(before)[1:2], *list(after)[1:2]}
    assert changed <= {"tags/x.html", *newest_older}
    assert len(changed - {"tags/x.html"}) <= 1


def keyed_pages(briefs: list[str], group: Group) -> dict[str, Any]:
    """Each page's address and key signature, as ``KeyedWriter`` makes them for a group."""
    writer = KeyedWriter(
        "/nonexistent", SETTINGS, base_key="base", previous={}, published=Path("/nonexistent"),
        share=(0, 1), replay=replayer({}),
    )  # fmt: skip
    forget_signatures()
    variables = {"group": group, "articles": group.articles}
    pages = writer._pages(group.url, group.url, "entity", {"articles": briefs}, variables)
    return {name: sign() for name, _, sign in pages}


def test_the_keys_of_older_pages_hold_what_they_show_and_not_the_newer_briefs() -> None:
    briefs = [f"brief-{n}" for n in range(9, 0, -1)]  # 9 briefs: 3 pages of 3
    group = Group("glosa", "Glosa", "entities/glosa.html", articles=briefs)
    before = keyed_pages(briefs, group)
    assert list(before) == ["entities/glosa.html", "entities/glosa-2.html", "entities/glosa-1.html"]

    briefs.insert(0, "brief-10")  # a new older page; the one before it now links to it
    grown = keyed_pages(briefs, group)
    assert set(grown) - set(before) == {"entities/glosa-3.html"}
    changed = {name for name in before if before[name] != grown[name]}
    assert changed == {"entities/glosa.html", "entities/glosa-2.html"}

    briefs.insert(0, "brief-11")  # the newest older page grows
    more = keyed_pages(briefs, group)
    assert list(more) == list(grown)
    changed = {name for name in grown if grown[name] != more[name]}
    assert changed == {"entities/glosa.html", "entities/glosa-3.html"}

    briefs[briefs.index("brief-5")] = "brief-5-retitled"  # on older page 2 only
    retitled = keyed_pages(briefs, group)
    assert {name for name in more if more[name] != retitled[name]} == {"entities/glosa-2.html"}

    group.name = "Glosa AI"  # every page shows the name
    renamed = keyed_pages(briefs, group)
    assert all(renamed[name] != retitled[name] for name in renamed)


# ---- a built site --------------------------------------------------------------------------


def numbered_briefs(count: int) -> list[Brief]:
    """``count`` Polish briefs a day apart sharing source, tags and entities; the newest last."""
    template = load_brief("pl_dated_entities_same_story.json")
    briefs = []
    for number in range(1, count + 1):
        brief = dataclasses.replace(
            template,
            file=f"pl-{number:02d}.txt",
            title=f"{template.title} ({number})",
            date=dt.date(2024, 9, 1) + dt.timedelta(days=number),
            same_story_as=[],
        )
        brief.slug = make_slug(brief)
        briefs.append(brief)
    return briefs


@pytest.mark.slow
def test_new_briefs_render_the_pages_they_reach_and_leave_a_clean_build_tree(
    tmp_path: Path,
) -> None:
    conf = tmp_path / "pelicanconf.py"
    base = (THEME.parent / "pelicanconf.py").read_text(encoding="utf-8")
    extra = f"DEFAULT_PAGINATION = 2\nTHEME = {str(THEME)!r}\nBRIEFPRESS_LOCALES = ['en', 'pl']\n"
    conf.write_text(f"{base}\n{extra}", encoding="utf-8")
    settings = load_settings(conf)
    assert settings.pelican["STABLE_PAGES"]
    folder, output = tmp_path / "briefs", tmp_path / "output"
    *first_briefs, eighth, ninth = numbered_briefs(9)
    for brief in first_briefs:
        write_brief(brief, folder)
    build_site(settings, folder, output, [])
    older = Elements((output / "pl" / "index-1.html").read_text(encoding="utf-8"))
    assert only(older.select("span", **{"class": "page-dates"}))["text"] == "2–3 wrz 2024"
    assert only(older.select("h1"))["text"] == "Starsze notatki"
    assert only(older.select("title"))["text"] == "Briefpress — Starsze notatki · 2–3 wrz 2024"
    first = Elements((output / "pl" / "index.html").read_text(encoding="utf-8"))
    assert only(first.select("title"))["text"] == "Briefpress — Najnowsze notatki"
    tag = Elements((output / "tags" / "ai-1.html").read_text(encoding="utf-8"))
    dates = "Sep 2\u2009–\u20093, 2024"
    assert only(tag.select("title"))["text"] == f"Briefs tagged “AI” · {dates} — Briefpress"
    assert only(older.select("a", rel="prev"))["attrs"]["href"] == "./index-2.html"
    assert older.select("a", rel="next") == []

    def rendered_lists(new: Brief) -> dict[str, set[str]]:
        """Write ``new``, rebuild; the pages rendered of the home list, a month's and an
        entity's (each in both locales, but the entity's in English only)."""
        write_brief(new, folder)
        rendered = build_site(settings, folder, output, []).rendered
        folders = {"home": "", "month": "archives/2024/09", "entity": "entities"}
        return {
            kind: {
                name.removeprefix("pl/")
                for name in rendered
                if name.removeprefix("pl/").rpartition("/")[0] == where
                and ("index" in name or "marta-zielinska" in name)
            }
            for kind, where in folders.items()
        }

    # 7 briefs are on pages of 2, 2, 2 and 1: the 8th fills the newest older page.
    entity = "entities/marta-zielinska"
    assert rendered_lists(eighth) == {
        "home": {"index.html", "index-3.html"},
        "month": {"archives/2024/09/index.html", "archives/2024/09/index-3.html"},
        "entity": {f"{entity}.html", f"{entity}-3.html"},
    }
    # The 9th begins a new page, and the one that was the newest links to it.
    assert rendered_lists(ninth) == {
        "home": {"index.html", "index-4.html", "index-3.html"},
        "month": {f"archives/2024/09/index{n}.html" for n in ("", "-4", "-3")},
        "entity": {f"{entity}{n}.html" for n in ("", "-4", "-3")},
    }

    incremental = {p.relative_to(output): p.read_bytes() for p in output.rglob("*.html")}
    clean = tmp_path / "clean"
    build_site(settings, folder, clean, [])
    assert incremental == {p.relative_to(clean): p.read_bytes() for p in clean.rglob("*.html")}


def test_stable_pages_without_a_rule_for_later_pages_stop_the_build(tmp_path: Path) -> None:
    """Pages after the first are named by the PAGINATION_PATTERNS rule for page 2 and on;
    without one they would have no address, and their briefs would be on no page."""
    conf = tmp_path / "pelicanconf.py"
    base = (THEME.parent / "pelicanconf.py").read_text(encoding="utf-8")
    only_first = 'PAGINATION_PATTERNS = [(1, "{name}{extension}", "{name}{extension}")]\n'
    conf.write_text(f"{base}\n{only_first}", encoding="utf-8")
    with pytest.raises(BriefpressError, match="STABLE_PAGES needs a PAGINATION_PATTERNS rule"):
        load_settings(conf)
    conf.write_text(f"{base}\n{only_first}STABLE_PAGES = False\n", encoding="utf-8")
    assert not load_settings(conf).pelican["STABLE_PAGES"]
