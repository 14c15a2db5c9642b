"""Stage 3: write each ``Brief`` as a Pelican Markdown file, and read it back.

A brief file is Pelican Markdown: a header of ``Key: value`` metadata lines, a
blank line, then the cleaned article text. Simple fields are plain text; lists
and records are one-line JSON, so an editor can still change them by hand.

Article text is untrusted. Everything taken from it is escaped so that Markdown
renders it as text: HTML and Markdown syntax show literally, and a body line
such as ``Title: x`` or ``Save_as: ../../index.html`` can never be read as
metadata (the header ends at the first blank line and every value is one line).

A brief the editor has changed by hand is kept: its ``Generated`` line holds the
hash of the text the pipeline wrote, and a file whose text no longer matches it
is not overwritten. Deleting the ``Generated`` line also protects a file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from pathlib import Path

from slugify import slugify

from .files import write_text_atomic
from .model import Brief, Entity, Figure
from .text.readings import kakasi

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&])")
BLOCK_STARTERS = (":", "~")
GENERATED_KEY = "Generated"
SLUG_MAX_LENGTH = 60


def escape_markdown(text: str) -> str:
    """Make untrusted text render as itself: no HTML, links, emphasis or lists.

    HTML-significant characters become entities (so no tag can open), and every
    Markdown punctuation character is backslash-escaped. A leading ``:`` (a
    definition list) or ``~`` (a code fence), which Markdown cannot backslash-escape,
    becomes a character reference.
    """
    text = MARKDOWN_SPECIAL.sub(lambda m: _escape_char(m.group(1)), " ".join(text.split()))
    return f"&#{ord(text[0])};{text[1:]}" if text[:1] in BLOCK_STARTERS else text


def _escape_char(char: str) -> str:
    if char in "<>&":
        return html.escape(char)
    return "\\" + char


def one_line(text: str) -> str:
    """A metadata value: a single line, whitespace folded."""
    return " ".join(text.split())


def make_slug(brief: Brief) -> str:
    """A stable, ASCII, path-safe slug: date, words of the title, a hash of the file name.

    The hash keeps two briefs with the same title apart; the slug is made only of
    ``[a-z0-9-]`` so no title or tag can produce a path outside the output folder.
    """
    words = slugify(_readable_latin(brief), max_length=SLUG_MAX_LENGTH, word_boundary=True)
    words = words or "brief"
    digest = hashlib.sha1(brief.file.encode("utf-8")).hexdigest()[:8]
    prefix = f"{brief.date.isoformat()}-" if brief.date else ""
    return f"{prefix}{words}-{digest}"


def _readable_latin(brief: Brief) -> str:
    """The title in Latin letters: Japanese read with pykakasi (Hepburn), since the
    generic transliteration reads kanji as Chinese; slugify handles the rest."""
    if brief.language != "ja":
        return brief.title
    return " ".join(item["hepburn"] for item in kakasi().convert(brief.title))


def entity_slug(name: str) -> str:
    """The slug of a person's or organisation's page."""
    return slugify(name) or hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]


def render_brief(brief: Brief) -> str:
    """The Markdown text of a brief, ending with its ``Generated`` hash line."""
    meta: list[tuple[str, str]] = [("Title", escape_markdown(brief.title))]
    if brief.date:
        meta.append(("Date", brief.date.isoformat()))
    meta.append(("Slug", brief.slug))
    if brief.tags:
        meta.append(("Tags", ", ".join(_tag_value(t) for t in brief.tags)))
    if brief.author:
        meta.append(("Author", one_line(brief.author).replace(",", " ")))
    meta += [
        ("Summary", escape_markdown(brief.summary)),
        ("Brief_language", brief.language),
        ("Date_basis", brief.date_basis),
        ("Source", one_line(brief.source or "")),
        ("Source_file", one_line(brief.file)),
        ("Encoding", brief.encoding),
        ("Entities", _json([_entity_dict(e) for e in brief.entities])),
        ("Figures", _json([f.to_dict() for f in brief.figures])),
        ("Key_points", _json(brief.key_points)),
        ("Same_story", _json(brief.same_story_as)),
        ("Warnings", _json(brief.warnings)),
    ]
    header = "\n".join(f"{key}: {value}" for key, value in meta)
    body = "\n\n".join(escape_markdown(p) for p in brief.body if p.strip())
    text = f"{header}\n\n{body}\n"
    return f"{GENERATED_KEY}: {content_hash(text)}\n{text}"


def _tag_value(tag: str) -> str:
    """Tags are comma-separated in Pelican metadata, so a tag may not hold a comma."""
    return one_line(tag).replace(",", " ")


def _entity_dict(entity: Entity) -> dict[str, object]:
    return {
        "name": entity.name,
        "kind": entity.kind,
        "slug": entity_slug(entity.name),
        "aliases": entity.aliases,
        "known": entity.known,
    }


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def is_hand_edited(text: str) -> bool:
    """True when a brief file no longer holds exactly what the pipeline wrote."""
    first, _, rest = text.partition("\n")
    key, _, recorded = first.partition(": ")
    if key != GENERATED_KEY:
        return True
    return recorded.strip() != content_hash(rest)


def write_brief(brief: Brief, folder: Path) -> tuple[Path, str]:
    """Write ``brief`` unless the editor changed its file; say what happened.

    Returns the path and one of ``written``, ``unchanged`` or ``kept`` (hand-edited).
    The write goes through a temporary file, so a killed build never leaves half a brief.
    """
    path = folder / f"{brief.slug}.md"
    text = render_brief(brief)
    if path.exists():
        current = path.read_text(encoding="utf-8")
        if current == text:
            return path, "unchanged"
        if is_hand_edited(current):
            return path, "kept"
    write_text_atomic(path, text)
    return path, "written"


def parse_header(text: str) -> tuple[dict[str, str], str]:
    """Split a brief file into its metadata (keys lower-cased) and its body."""
    header, _, body = text.partition("\n\n")
    meta: dict[str, str] = {}
    for line in header.split("\n"):  # as Pelican's Markdown reads it: not at U+2028 and kin
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip()
    return meta, body


def unescape_markdown(text: str) -> str:
    """Undo ``escape_markdown`` for display outside Markdown (PDFs, JSON)."""
    return html.unescape(re.sub(r"\\(.)", r"\1", text))


def read_brief(path: Path) -> Brief:
    """Read a brief file back into a ``Brief`` (hand edits included)."""
    meta, body = parse_header(path.read_text(encoding="utf-8"))
    date = meta.get("date")
    entities = [
        Entity(e["name"], e["kind"], list(e.get("aliases", [])), bool(e.get("known", True)))
        for e in _load_json(meta.get("entities"), [])
    ]
    return Brief(
        file=meta.get("source_file", path.name),
        language=meta.get("brief_language", "und"),
        title=unescape_markdown(meta.get("title", "")),
        date=dt.date.fromisoformat(date[:10]) if date else None,
        date_basis=meta.get("date_basis", "none"),  # type: ignore[arg-type]
        source=meta.get("source") or None,
        author=meta.get("author") or None,
        tags=[t.strip() for t in meta.get("tags", "").split(",") if t.strip()],
        entities=entities,
        figures=[Figure.from_dict(f) for f in _load_json(meta.get("figures"), [])],
        summary=unescape_markdown(meta.get("summary", "")),
        key_points=list(_load_json(meta.get("key_points"), [])),
        body=[unescape_markdown(p.strip()) for p in body.split("\n\n") if p.strip()],
        warnings=list(_load_json(meta.get("warnings"), [])),
        same_story_as=list(_load_json(meta.get("same_story"), [])),
        encoding=meta.get("encoding", ""),
        slug=meta.get("slug", path.stem),
    )


def _load_json(value: str | None, default: list) -> list:
    if not value:
        return default
    try:
        loaded = json.loads(value)
    except json.JSONDecodeError:
        return default
    return loaded if isinstance(loaded, list) else default
