"""Typed data passed between the pipeline stages.

ingest → ``Document`` → analyse → ``Brief`` → briefs (Markdown) → site / pdf.
Everything that is serialized goes through ``to_dict`` / ``from_dict`` here, so the
public JSON of ``python -m pipeline extract`` has one definition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

DateBasis = Literal["dateline", "metadata", "text", "none"]
EntityKind = Literal["person", "organisation"]
FigureKind = Literal["money", "percent", "duration"]
Status = Literal["ok", "skipped", "error"]


@dataclass
class Document:
    """A raw article read from disk and decoded, before any analysis.

    ``text`` is Unicode with LF line endings; for HTML it is the main text the
    extractor kept, one paragraph per line. ``hints`` carries metadata the file
    states explicitly (HTML meta tags, JSON-LD, Markdown front matter): keys
    ``title``, ``author``, ``source``, ``date`` (ISO), ``language``, ``tags``
    (comma-separated). Absent keys are simply missing.
    """

    path: Path
    name: str
    text: str
    format: Literal["txt", "html", "md"]
    encoding: str
    hints: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ArticleParts:
    """An article's text split into its parts once the scraping noise is removed.

    Produced by ``pipeline.text.noise.split_article``. ``body`` holds the
    paragraphs a reader should see, without title, dateline, byline, hashtags,
    menus, share lines, cookie sentences, "read more" lines or copyright lines.
    ``header_lines`` are the short lines found above the body (datelines and the
    like) that metadata extractors may still want to read.
    """

    title: str | None
    body: list[str]
    tags: list[str] = field(default_factory=list)
    author: str | None = None
    source: str | None = None
    header_lines: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Entity:
    """A person or organisation under its canonical name.

    ``aliases`` are the forms actually found in this article; ``known`` is false
    for names discovered in the text but absent from the registry.
    """

    name: str
    kind: EntityKind
    aliases: list[str] = field(default_factory=list)
    known: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind}


@dataclass
class Figure:
    """A key figure: ``text`` exactly as written, ``value`` as a number.

    ``unit`` is an ISO 4217 code for money, ``%`` for percentages, or a time unit
    (``year``, ``month``, ``week``, ``day``, ``hour``, ``minute``) for durations.
    ``approximate`` marks vague amounts such as "数百億ドル", whose ``value`` is the
    low end of the range and ``high`` the top.
    """

    text: str
    value: float
    unit: str
    kind: FigureKind
    approximate: bool = False
    high: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "approximate": self.approximate,
            "high": self.high,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        return cls(
            text=data["text"],
            value=float(data["value"]),
            unit=data["unit"],
            kind=data.get("kind", "money"),
            approximate=bool(data.get("approximate", False)),
            high=data.get("high"),
        )


@dataclass
class Brief:
    """Everything the pipeline knows about one article; the unit of the site and PDFs."""

    file: str
    language: str = "und"
    title: str = ""
    date: dt.date | None = None
    date_basis: DateBasis = "none"
    source: str | None = None
    author: str | None = None
    tags: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    summary: str = ""
    key_points: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    same_story_as: list[str] = field(default_factory=list)
    duplicate_of: str | None = None
    encoding: str = ""
    slug: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The public JSON contract of ``python -m pipeline extract`` (see README)."""
        return {
            "file": self.file,
            "status": "ok",
            "reason": None,
            "language": self.language,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "date_basis": self.date_basis,
            "source": self.source,
            "author": self.author,
            "tags": list(self.tags),
            "entities": [e.to_dict() for e in self.entities],
            "figures": [f.to_dict() for f in self.figures],
            "summary": self.summary,
            "key_points": list(self.key_points),
            "warnings": list(self.warnings),
            "same_story_as": list(self.same_story_as),
            "duplicate_of": self.duplicate_of,
        }


@dataclass
class Problem:
    """Why an input file produced no brief, or produced one with reservations."""

    file: str
    status: Status
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """The same keys as a brief's JSON, empty, so every line of ``extract`` parses alike."""
        return {
            "file": self.file,
            "status": self.status,
            "reason": self.reason,
            "language": "und",
            "title": None,
            "date": None,
            "date_basis": "none",
            "source": None,
            "author": None,
            "tags": [],
            "entities": [],
            "figures": [],
            "summary": None,
            "key_points": [],
            "warnings": [],
            "same_story_as": [],
            "duplicate_of": None,
        }


@dataclass
class BuildReport:
    """What a build did; written to ``output/build-report.json``."""

    built: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    duplicates: dict[str, str] = field(default_factory=dict)
    new_entities: list[dict[str, str]] = field(default_factory=list)
    pages: int = 0
    pdfs: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [
            {"file": p.file, "status": p.status, "reason": p.reason} for p in self.problems
        ]
        return data
