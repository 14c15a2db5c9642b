"""Shared by the site tests: hand-made briefs, their built site, and an HTML element finder."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

from pipeline.briefs import make_slug, write_brief
from pipeline.model import Brief, Entity, Figure
from pipeline.settings import load_settings
from pipeline.site import SiteResult, build_site

FIXTURES = Path(__file__).parent / "fixtures" / "site"
THEME = Path(__file__).resolve().parents[1] / "theme"
LOCALES = ["en", "pl", "ja", "de", "zh"]
DIGESTS = [
    {"id": "latest", "title": "Latest briefs digest", "kind": "latest", "period": None,
     "tag": None, "locale": "en", "path": "pdf/digests/latest-en.pdf", "count": 3},
    {"id": "2024-W36", "title": "Przegląd tygodnia 2024-W36", "kind": "period",
     "period": "2024-W36", "tag": None, "locale": "pl", "path": "pdf/digests/2024-W36-pl.pdf",
     "count": 2},
    {"id": "topic-ai", "title": "Topic digest: AI", "kind": "topic", "period": None,
     "tag": "AI", "locale": "en", "path": "pdf/digests/topic-ai-en.pdf", "count": 2},
]  # fmt: skip


def copy_theme(destination: Path, *parts: str) -> None:
    """Copy the repository theme's sources (all of it, or the named sub-folders).

    Compiled catalogs are left behind, and so are the temporary files a build writes them
    through: tests that build with the repository's own theme compile its catalogs while
    other workers copy it, and such a file can vanish between listing and copying.
    """
    skip = shutil.ignore_patterns("*.mo", ".*.tmp")
    for part in parts or ("",):
        shutil.copytree(THEME / part, destination / part, ignore=skip)


def load_brief(name: str) -> Brief:
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    data["date"] = dt.date.fromisoformat(data["date"]) if data["date"] else None
    data["entities"] = [Entity(**e) for e in data["entities"]]
    data["figures"] = [Figure.from_dict(f) for f in data["figures"]]
    brief = Brief(**data)
    brief.slug = make_slug(brief)
    return brief


def write_fixture_briefs(folder: Path) -> dict[str, Brief]:
    briefs = {}
    for path in sorted(FIXTURES.glob("*.json")):
        brief = load_brief(path.name)
        write_brief(brief, folder)
        briefs[brief.language] = brief
    return briefs


@dataclasses.dataclass
class Built:
    root: Path
    output: Path
    result: SiteResult
    briefs: dict[str, Brief]
    before: set[Path]

    def page(self, relative: str) -> str:
        return (self.output / relative).read_text(encoding="utf-8")

    def brief_page(self, language: str, locale: str = "en") -> str:
        prefix = "" if locale == "en" else f"{locale}/"
        return self.page(f"{prefix}briefs/{self.briefs[language].slug}.html")


def build_fixture_site(root: Path) -> Built:
    briefs = write_fixture_briefs(root / "content" / "briefs")
    output = root / "output"
    (output / "pdf").mkdir(parents=True)
    (output / "pdf" / "kept.pdf").write_bytes(b"%PDF-1.7 written by the PDF stage")
    before = set(root.rglob("*"))
    result = build_site(load_settings(), root / "content" / "briefs", output, DIGESTS)
    return Built(root, output, result, briefs, before)


class Elements(HTMLParser):
    """Every element of a page with its attributes and its text (nested text included)."""

    VOID = frozenset({"meta", "link", "br", "img", "input", "hr", "source", "wbr"})

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[dict] = []
        self.open: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = {"tag": tag, "attrs": dict(attrs), "text": ""}
        self.found.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()["tag"] == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element["text"] += data

    def select(self, tag: str, **attrs: str) -> list[dict]:
        return [
            e
            for e in self.found
            if e["tag"] == tag and all(e["attrs"].get(k) == v for k, v in attrs.items())
        ]


def only(elements: list[dict]) -> dict:
    assert len(elements) == 1, elements
    return elements[0]
